// What a caller can pass: wrong types, missing, unknown and empty fields, NaN and negative ids,
// 1 MB strings, a non-function fetch, a non-AbortSignal signal, hostile getters and proxies. Every
// case is an `invalid_input` MfaError whose message names the field (never the value), methods
// reject rather than throw, and nothing reaches the sandbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, totp, toChallenge, parseOtpauthUri, otpauthUri } from "mfa-flows";
import { sandbox } from "./helpers.mjs";

const MB = "x".repeat(1024 * 1024);
const SECRETISH = "hunter2-4711";
let sb, riffyn, belvo, onelogin;

before(async () => {
  sb = await sandbox();
  riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" });
  onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
  await sb.clearRequests();
});
after(() => sb.close());

const future = () => new Date(Date.now() + 600_000).toISOString();
const challenge = (over = {}) => ({
  status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: future(), expirySeconds: 600,
  resumePath: "/api/links/", tokenGenerationData: { expectsUserInput: true }, ...over,
});
const activation = (over = {}) => ({ deviceId: 526001, stateToken: "st", expiresAt: future(), ...over });
const hostile = () => [
  { get username() { throw new Error(SECRETISH); }, password: "p" },
  new Proxy({}, { ownKeys() { throw new Error(SECRETISH); } }),
  new Proxy({ username: "a", password: "b" }, { get() { throw new Error(SECRETISH); } }),
  (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })(),
];

/** Checks one refused call: invalid_input, the field named, no value echoed. */
function check(e, field, label) {
  assert.ok(e instanceof MfaError, `${label}: ${e?.constructor?.name}: ${e?.message}`);
  assert.equal(e.code, "invalid_input", `${label}: ${e.message}`);
  assert.match(e.message, field, label);
  assert.ok(e.message.length < 300, `${label}: a long message`);
  assert.doesNotMatch(`${e.message} ${JSON.stringify(e)}`, new RegExp(`${SECRETISH}|xxxxxxxxxx|123456`), label);
}

async function refusedAsync(label, call, field) {
  let p;
  try {
    p = call();
  } catch (e) {
    assert.fail(`${label}: threw synchronously (${e?.message}) instead of rejecting`);
  }
  assert.ok(p instanceof Promise, `${label}: returns a Promise`);
  try {
    await p;
  } catch (e) {
    check(e, field, label);
    return;
  }
  assert.fail(`${label}: resolved`);
}

function refusedSync(label, call, field) {
  try {
    call();
  } catch (e) {
    check(e, field, label);
    return;
  }
  assert.fail(`${label}: did not throw`);
}

async function nothingSent() {
  assert.deepEqual(await sb.requests(), [], "nothing reached the sandbox");
}

test("constructors: bad options throw invalid_input naming the option", async () => {
  const base = `${sb.url}/riffyn/v1`;
  const common = [
    [undefined, /options/], [null, /options/], [42, /options/], ["https://x", /options/], [[], /options|baseUrl/],
    [{}, /baseUrl/], [{ baseUrl: 5 }, /baseUrl/], [{ baseUrl: "" }, /baseUrl/], [{ baseUrl: MB }, /baseUrl/],
    [{ baseUrl: "ftp://x" }, /baseUrl/], [{ baseUrl: "https://u:p@x" }, /baseUrl/],
    [{ baseUrl: base, fetch: 5 }, /fetch/], [{ baseUrl: base, fetch: "fetch" }, /fetch/], [{ baseUrl: base, fetch: {} }, /fetch/],
    [{ baseUrl: base, timeoutMs: Number.NaN }, /timeoutMs/], [{ baseUrl: base, timeoutMs: -1 }, /timeoutMs/],
    [{ baseUrl: base, timeoutMs: Infinity }, /timeoutMs/], [{ baseUrl: base, timeoutMs: "5" }, /timeoutMs/],
    [{ baseUrl: base, headers: 5 }, /headers/], [{ baseUrl: base, headers: { a: 1 } }, /headers/],
    [{ baseUrl: base, headers: { "bad name": "v" } }, /headers/], [{ baseUrl: base, headers: { a: "x\r\ny: z" } }, /headers/],
    [{ baseUrl: base, allowInsecureHttp: "yes" }, /allowInsecureHttp/], [{ baseUrl: base, baseURL: base }, /baseURL/],
    ...hostile().map((h) => [h, /options|could not be read|baseUrl/]),
  ];
  for (const [i, [options, field]] of common.entries()) {
    refusedSync(`RiffynClient #${i}`, () => new RiffynClient(options), field);
    refusedSync(`BelvoClient #${i}`, () => new BelvoClient(options), field);
    let withToken = options;
    try {
      if (options && typeof options === "object" && !Array.isArray(options) && "baseUrl" in options) withToken = { ...options, accessToken: "t" };
    } catch {} // the hostile ones
    refusedSync(`OneLoginClient #${i}`, () => new OneLoginClient(withToken), field);
  }
  const b = `${sb.url}/belvo`;
  for (const [options, field] of [
    [{ baseUrl: b, secretId: 5, secretPassword: "p" }, /secretId/],
    [{ baseUrl: b, secretPassword: SECRETISH }, /secretId/],
    [{ baseUrl: b, secretId: "", secretPassword: "p" }, /secretId/],
    [{ baseUrl: b, secretId: "i", secretPassword: 5 }, /secretPassword/],
    [{ baseUrl: b, dangerouslyAllowBrowser: "yes" }, /dangerouslyAllowBrowser/],
  ]) refusedSync(`BelvoClient ${JSON.stringify(options)}`, () => new BelvoClient(options), field);
  const o = `${sb.url}/onelogin`;
  for (const [options, field] of [
    [{ baseUrl: o, accessToken: "t", clientId: "i", clientSecret: "s" }, /accessToken/],
    [{ baseUrl: o, accessToken: "" }, /accessToken/],
    [{ baseUrl: o, accessToken: 5 }, /accessToken/],
    [{ baseUrl: o, clientId: "i" }, /clientSecret/],
    [{ baseUrl: o, clientId: "i", clientSecret: "a\nb" }, /clientSecret/],
    [{ baseUrl: o, clientId: 5, clientSecret: "s" }, /clientId/],
  ]) refusedSync(`OneLoginClient ${JSON.stringify(options).slice(0, 80)}`, () => new OneLoginClient(options), field);
  new OneLoginClient({ baseUrl: o }); // no credentials: proxy mode (the backend adds the token)
  await nothingSent();
});

test("Riffyn: every bad input rejects naming its field and sends nothing", async () => {
  const creds = { username: "alice", password: "pw" };
  const verify = { stateToken: "st", factorId: "uft1", passCode: "123456" };
  const cases = [
    [() => riffyn.login(), /credentials/],
    [() => riffyn.login(null), /credentials/],
    [() => riffyn.login("alice"), /credentials/],
    [() => riffyn.login([creds]), /credentials/],
    [() => riffyn.login({ username: "a" }), /password/],
    [() => riffyn.login({ username: 5, password: "p" }), /username/],
    [() => riffyn.login({ username: "alice", password: 123456 }), /password/],
    [() => riffyn.login({ username: "", password: "p" }), /username/],
    [() => riffyn.login({ username: "a", password: "" }), /password/],
    [() => riffyn.login({ username: MB, password: "p" }), /username/],
    [() => riffyn.login({ username: "a", password: MB }), /password/],
    [() => riffyn.login({ ...creds, extra: 1 }), /extra/],
    [() => riffyn.login({ username: 5n, password: "p" }), /username/],
    [() => riffyn.login({ username: Symbol("s"), password: "p" }), /username/],
    [() => riffyn.login({ username: { toString: () => "a" }, password: "p" }), /username/],
    [() => riffyn.login(creds, { signal: {} }), /signal/],
    [() => riffyn.login(creds, { signal: "abort" }), /signal/],
    [() => riffyn.login(creds, { timeoutMs: -1 }), /timeoutMs/],
    [() => riffyn.login(creds, { timeoutMs: Number.NaN }), /timeoutMs/],
    [() => riffyn.login(creds, { timeoutMs: "5" }), /timeoutMs/],
    [() => riffyn.login(creds, { retries: 3 }), /retries/],
    [() => riffyn.login(creds, 5), /call options/],
    [() => riffyn.verify(), /input/],
    [() => riffyn.verify({ stateToken: "st", factorId: "f" }), /passCode/],
    [() => riffyn.verify({ ...verify, passCode: 123456 }), /passCode/],
    [() => riffyn.verify({ ...verify, stateToken: 5 }), /stateToken/],
    [() => riffyn.verify({ ...verify, factorId: "" }), /factorId/],
    [() => riffyn.verify({ ...verify, expiresAt: 5 }), /expiresAt/],
    [() => riffyn.verify({ ...verify, username: "alice" }), /username|password/],
    [() => riffyn.verify({ ...verify, state_token: "st" }), /state_token/],
    [() => riffyn.verify({ ...verify, passCode: MB }), /passCode/],
    ...hostile().map((h) => [() => riffyn.login(h), /credentials|username/]),
    ...hostile().map((h) => [() => riffyn.login(creds, h), /call options|signal|timeoutMs/]),
  ];
  for (const [i, [call, field]] of cases.entries()) await refusedAsync(`riffyn #${i}`, call, field);
  await nothingSent();
});

test("Belvo: every bad input rejects naming its field and sends nothing", async () => {
  const reg = { institution: "numeric_mx_bank", username: "bnk100", password: "full" };
  const cases = [
    [() => belvo.registerLink(), /input/],
    [() => belvo.registerLink({ username: "u" }), /institution/],
    [() => belvo.registerLink({ ...reg, username: 100 }), /username/],
    [() => belvo.registerLink({ ...reg, password: 123456 }), /password/],
    [() => belvo.registerLink({ ...reg, institution: "" }), /institution/],
    [() => belvo.registerLink({ ...reg, password: MB }), /password/],
    [() => belvo.registerLink({ ...reg, accessMode: "daily" }), /accessMode/],
    [() => belvo.registerLink({ ...reg, fetchHistorical: "no" }), /fetchHistorical/],
    [() => belvo.registerLink({ ...reg, save_data: true }), /save_data/],
    [() => belvo.registerLink(reg, { signal: {} }), /signal/],
    [() => belvo.retrieve("links", { link: "l" }), /resource/],
    [() => belvo.retrieve(5, { link: "l" }), /resource/],
    [() => belvo.retrieve("accounts", {}), /link/],
    [() => belvo.retrieve("accounts", { link: "" }), /link/],
    [() => belvo.retrieve("accounts", { link: "l", saveData: "yes" }), /saveData/],
    [() => belvo.retrieve("accounts", { link: "l", filters: { a: 1 } }), /filters/],
    [() => belvo.retrieve("accounts", { link: "l", amount: Number.NaN }), /amount/],
    [() => belvo.retrieve("accounts", { link: "l", token: 123456 }), /token/],
    [() => belvo.resume(), /challenge/],
    [() => belvo.resume(challenge({ status: "SUCCESS" }), { token: "1" }), /challenge\.status/],
    [() => belvo.resume(challenge({ session: undefined }), { token: "1" }), /challenge\.session/],
    [() => belvo.resume(challenge({ resumePath: "/api/../admin/" }), { token: "1" }), /challenge\.resumePath/],
    [() => belvo.resume(challenge({ expiresAt: "soon" }), { token: "1" }), /challenge\.expiresAt/],
    [() => belvo.resume(challenge({ expirySeconds: -1 }), { token: "1" }), /challenge\.expirySeconds/],
    [() => belvo.resume(challenge()), /token/],
    [() => belvo.resume(challenge(), { token: "" }), /token/],
    [() => belvo.resume(challenge(), { token: 123456 }), /token/],
    [() => belvo.resume(challenge(), { otp: "1" }), /otp/],
    [() => belvo.resume(challenge(), "123456"), /input/],
    [() => belvo.resume(challenge(), { token: "1" }, { timeoutMs: -5 }), /timeoutMs/],
    ...hostile().map((h) => [() => belvo.registerLink(h), /input|institution|username/]),
    ...hostile().map((h) => [() => belvo.resume(h, { token: "1" }), /challenge/]),
  ];
  for (const [i, [call, field]] of cases.entries()) await refusedAsync(`belvo #${i}`, call, field);
  await nothingSent();
});

test("OneLogin: bad ids and inputs reject naming their field and send nothing", async () => {
  const cases = [
    ...[undefined, null, Number.NaN, -1, 0, 1.5, "1001", 2 ** 60, Infinity, {}].map((id) =>
      [() => onelogin.availableFactors(id), /userId/]),
    [() => onelogin.enrolledFactors(-5), /userId/],
    [() => onelogin.enrollFactor(1002, { factorId: "x", displayName: "d" }), /factorId/],
    [() => onelogin.enrollFactor(1002, { factorId: -1, displayName: "d" }), /factorId/],
    [() => onelogin.enrollFactor(1002, { factorId: 1.5, displayName: "d" }), /factorId/],
    [() => onelogin.enrollFactor(1002, { factorId: 16282 }), /displayName/],
    [() => onelogin.enrollFactor(1002, { factorId: 16282, displayName: "" }), /displayName/],
    [() => onelogin.enrollFactor(1002, { factorId: 16282, displayName: "d", phone: "+1" }), /phone/],
    [() => onelogin.enrollFactor(1002, { factorId: 16282, displayName: "d", verified: "yes" }), /verified/],
    [() => onelogin.activateFactor(1001, -1), /deviceId/],
    [() => onelogin.activateFactor(1001, "abc"), /deviceId/],
    [() => onelogin.activateFactor(1001, Number.NaN), /deviceId/],
    [() => onelogin.activateFactor(1001, 525001, { stateTokenExpiresIn: 0 }), /stateTokenExpiresIn/],
    [() => onelogin.activateFactor(1001, 525001, { stateTokenExpiresIn: "x" }), /stateTokenExpiresIn/],
    [() => onelogin.activateFactor(1001, 525001, { smsMessage: 5 }), /smsMessage/],
    [() => onelogin.verifyFactor(1001, 525001, {}), /stateToken|otpToken/],
    [() => onelogin.verifyFactor(1001, 525001, { otpToken: 123456 }), /otpToken/],
    [() => onelogin.verifyFactor(1001, 525001, { otpToken: "" }), /otpToken/],
    [() => onelogin.verifyFactor(1001, 525001, { otpToken: "1", expiresAt: "soon" }), /expiresAt/],
    [() => onelogin.verifyFactor(1001, 525001, { otp_token: "1" }), /otp_token/],
    [() => onelogin.verifyFactor(1001, 525001, { otpToken: "1" }, { signal: {} }), /signal/],
    [() => onelogin.waitForPush(1001, 526001, activation({ stateToken: "" })), /stateToken/],
    [() => onelogin.waitForPush(1001, 526001, activation({ stateToken: 5 })), /stateToken/],
    [() => onelogin.waitForPush(1001, 526001, activation({ expiresAt: "soon" })), /expiresAt/],
    [() => onelogin.waitForPush(1001, 526001, activation(), { intervalMs: -1 }), /intervalMs/],
    [() => onelogin.waitForPush(1001, 526001, activation(), { onPoll: 5 }), /onPoll/],
    [() => onelogin.waitForPush(1001, 526001, activation(), { signal: {} }), /signal/],
    [() => onelogin.waitForPush(1001, 526001, activation(), { interval: 5 }), /interval/],
    [() => onelogin.removeFactor(1001, Number.NaN), /deviceId/],
    [() => onelogin.generateMfaToken(1001, { expiresIn: 0 }), /expiresIn/],
    [() => onelogin.generateMfaToken(1001, { expiresIn: 1e9 }), /expiresIn/],
    [() => onelogin.generateMfaToken(1001, { reusable: "yes" }), /reusable/],
    ...hostile().map((h) => [() => onelogin.verifyFactor(1001, 525001, h), /input|could not be read/]),
    ...hostile().map((h) => [() => onelogin.waitForPush(1001, 526001, activation(), h), /options|could not be read/]),
    ...hostile().map((h) => [() => onelogin.waitForPush(1001, 526001, h), /activation|could not be read/]),
  ];
  for (const [i, [call, field]] of cases.entries()) await refusedAsync(`onelogin #${i}`, call, field);
  await nothingSent();
});

test("totp and toChallenge: bad arguments throw invalid_input naming the argument", () => {
  for (const [i, [args, field]] of [
    [[5], /secret/], [[], /secret/], [[""], /secret/], [["!!!!"], /secret/],
    [["JBSWY3DPEHPK3PXP", { digits: 5 }], /digits/], [["JBSWY3DPEHPK3PXP", { digits: "6" }], /digits/],
    [["JBSWY3DPEHPK3PXP", { period: 0 }], /period/], [["JBSWY3DPEHPK3PXP", { timestamp: -1 }], /timestamp/],
    [["JBSWY3DPEHPK3PXP", { algorithm: "MD5" }], /algorithm/], [["JBSWY3DPEHPK3PXP", { step: 30 }], /step/],
    [["JBSWY3DPEHPK3PXP", [1]], /options/],
    ...hostile().map((h) => [["JBSWY3DPEHPK3PXP", h], /options|could not be read|timestamp|digits/]),
  ].entries()) refusedSync(`totp #${i}`, () => totp(...args), field);
  for (const [i, step] of [5, null, undefined, "MFA_REQUIRED", [], {}, { status: "MFA_REQUIRED" }, ...hostile()].entries()) {
    refusedSync(`toChallenge #${i}`, () => toChallenge(step), /step/);
  }
  const push = { deviceId: 1, stateToken: "a", expiresAt: "2030-01-01T00:00:00Z", authFactorName: "OneLogin Protect" };
  for (const [i, options] of [5, "es", [], { locale: 5 }, { language: "es" }, ...hostile()].entries()) {
    refusedSync(`toChallenge options #${i}`, () => toChallenge(push, options), /options/);
  }
  for (const [i, uri] of [5, null, {}, "", "otpauth://totp/a", ...hostile()].entries()) {
    refusedSync(`parseOtpauthUri #${i}`, () => parseOtpauthUri(uri), /uri/);
  }
  for (const [i, key] of [5, null, "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", {}, { secret: "JBSWY3DPEHPK3PXP" }, ...hostile()].entries()) {
    refusedSync(`otpauthUri #${i}`, () => otpauthUri(key), /key|could not be read/);
  }
});

test("after all of that, the clients still work", async () => {
  await sb.reset();
  assert.equal((await riffyn.login({ username: "bob", password: "hunter2-hunter2" })).status, "SUCCESS");
  assert.equal((await belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" })).status, "SUCCESS");
  assert.equal((await onelogin.enrolledFactors(1001)).length, 2);
});
