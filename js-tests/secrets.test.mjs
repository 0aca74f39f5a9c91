// No secret ever leaves the package in an error, a log, an event or a value it builds: every flow of
// every provider runs with unique marker secrets (wrong and right ones), with `onEvent` attached,
// against the sandbox and against a fault server that echoes each request (headers, body, path)
// back in its error messages; every error (message, JSON.stringify, String, stack, fields),
// everything logged and every event is searched.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, totp, toChallenge } from "mfa-flows";
import { faultServer, echoBodies, everything } from "./fault-server.mjs";
import { sandbox } from "./helpers.mjs";

const TAG = Math.random().toString(36).slice(2, 8);
const SECRET = "JBSWY3DPEHPK3PXP";

/** Secrets the test sends or receives; each is searched for, raw and JSON-escaped. */
const markers = new Set();
const mark = (value) => {
  if (typeof value === "string" && value.length >= 6) markers.add(value);
  return value;
};
// Wrong ones, unique to this run (some with characters JSON escapes).
const WRONG = {
  riffynPassword: mark(`rpw-${TAG}-wrong`),
  passCode: mark(`pc-${TAG}-9q`),
  bankPassword: mark(`bpw-${TAG}"q\\z-é`),
  bankToken: mark(`btk-${TAG}-77`),
  secretId: mark(`sid-${TAG}-x`),
  secretPassword: mark(`spw-${TAG}"x`),
  clientId: mark(`cid-${TAG}-x`),
  clientSecret: mark(`cs-${TAG}\\x`),
  accessToken: mark(`at-${TAG}-bogus`),
  otp: mark(`otp-${TAG}"1`),
  proxyHeader: mark(`csrf-${TAG}-h`),
  stateToken: mark(`st-${TAG}-forged`),
};
// Right ones: the sandbox's identities (and what it hands out, added as they come).
const RIGHT = {
  riffynPassword: mark("correct-horse-battery"),
  secretPassword: mark("sbx-secret-password"),
  clientSecret: mark("sbx-client-secret"),
};

const errors = [];
const logged = [];
const events = [];
/** Every client's `onEvent`: the events are searched at the end like the errors. */
const onEvent = (event) => events.push(event);
const produced = [];
const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"];
const originalConsole = {};

let sb, fs;
before(async () => {
  sb = await sandbox();
  fs = await faultServer();
  for (const m of consoleMethods) {
    originalConsole[m] = console[m];
    console[m] = (...args) => logged.push(args.map(String).join(" "));
  }
});
after(async () => {
  for (const m of consoleMethods) console[m] = originalConsole[m];
  await fs.close();
  await sb.close();
});
beforeEach(() => sb.reset());

/** Runs a call; keeps the error (or the value) for the final search. */
async function run(what, promise) {
  try {
    const value = await promise;
    produced.push([what, value]);
    return value;
  } catch (e) {
    assert.ok(e instanceof MfaError, `${what}: ${e?.constructor?.name}: ${e?.message}`);
    errors.push([what, e]);
    return e;
  }
}

function texts(e) {
  return [e.message, JSON.stringify(e), String(e), e.stack ?? "", e.providerCode ?? "", e.requestId ?? "",
    JSON.stringify(Object.entries(e))];
}

/** Every Basic pair the tests send; the base64 of each is searched for (with and without `Basic `). */
const pairs = [
  ["alice", WRONG.riffynPassword], ["alice", RIGHT.riffynPassword], [WRONG.secretId, WRONG.secretPassword],
  ["sbx-secret-id", RIGHT.secretPassword], [WRONG.clientId, WRONG.clientSecret], ["sbx-client-id", RIGHT.clientSecret],
];
const base64 = (text) => Buffer.from(text, "utf8").toString("base64");

/** How a server may echo a secret: raw, JSON-escaped, URL-encoded (upper or lower hex, `+`). */
function forms(m) {
  const url = encodeURIComponent(m);
  return [m, JSON.stringify(m).slice(1, -1), url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    new URLSearchParams({ m }).toString().slice(2)];
}

function findings(strings) {
  const found = [];
  const all = [...markers].concat(pairs.map(([u, p]) => base64(`${u}:${p}`).replace(/=+$/, "")));
  for (const m of all) {
    for (const s of strings) {
      const upper = s.toUpperCase();
      for (const f of new Set(forms(m))) {
        if (s.includes(f) || upper.includes(f.toUpperCase())) found.push(`${f} in ${s.slice(0, 300)}`);
      }
    }
  }
  return found;
}

async function sandboxNow() {
  return (await sb.control("GET", "/clock")).now;
}

test("Riffyn: wrong and right password, pass code and state token", async () => {
  const riffyn = new RiffynClient({ onEvent, baseUrl: `${sb.url}/riffyn/v1` });
  await run("riffyn wrong password", riffyn.login({ username: "alice", password: WRONG.riffynPassword }));
  const step = await run("riffyn login", riffyn.login({ username: "alice", password: RIGHT.riffynPassword }));
  mark(step.stateToken);
  const input = { stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt };
  await run("riffyn wrong code", riffyn.verify({ ...input, passCode: WRONG.passCode }));
  const code = mark(totp(SECRET, { timestamp: await sandboxNow() }));
  await run("riffyn wrong basic", riffyn.verify({ ...input, passCode: code, username: "alice", password: WRONG.riffynPassword }));
  await run("riffyn forged state", riffyn.verify({ ...input, stateToken: WRONG.stateToken, passCode: code }));
  const done = await run("riffyn verify", riffyn.verify({ ...input, passCode: code, username: "alice", password: RIGHT.riffynPassword }));
  assert.equal(done.status, "SUCCESS");
  mark(done.accessToken);
  mark(done.apiKey);
  await run("riffyn replay", riffyn.verify({ ...input, passCode: code }));
  // Expired: locally, and at the API.
  const late = await run("riffyn login 2", riffyn.login({ username: "alice", password: RIGHT.riffynPassword }));
  mark(late.stateToken);
  await sb.advanceClock(301_000);
  await run("riffyn expired (API)", riffyn.verify({ stateToken: late.stateToken, factorId: "uft2rfyn7totp0001", passCode: WRONG.passCode }));
  await run("riffyn expired (local)", riffyn.verify({ ...input, expiresAt: "2000-01-01T00:00:00Z", passCode: WRONG.passCode }));
  await run("riffyn toChallenge", Promise.resolve(toChallenge(late)));
});

test("Belvo: wrong and right keys, bank password and token", async () => {
  const base = `${sb.url}/belvo`;
  const wrongKeys = new BelvoClient({ onEvent, baseUrl: base, secretId: WRONG.secretId, secretPassword: WRONG.secretPassword });
  await run("belvo wrong keys", wrongKeys.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: WRONG.bankPassword }));
  const belvo = new BelvoClient({ onEvent, baseUrl: base, secretId: "sbx-secret-id", secretPassword: RIGHT.secretPassword });
  await run("belvo wrong bank password", belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: WRONG.bankPassword, token: WRONG.bankToken }));
  const step = await run("belvo register", belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" }));
  mark(step.session);
  await run("belvo wrong token", belvo.resume(step, { token: WRONG.bankToken }));
  await run("belvo right token", belvo.resume(step, { token: "123456" }));
  await run("belvo replayed session", belvo.resume(step, { token: WRONG.bankToken }));
  const data = await run("belvo retrieve", belvo.retrieve("accounts", { link: step.link, token: WRONG.bankToken }));
  if (data.status === "TOKEN_REQUIRED") {
    mark(data.session);
    await run("belvo retrieve wrong token", belvo.resume(data, { token: WRONG.bankToken }));
  }
  await sb.control("POST", "/faults", { provider: "belvo", kind: "too_many_sessions" });
  await run("belvo too many sessions", belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: WRONG.bankPassword }));
  const expired = { ...step, expiresAt: "2000-01-01T00:00:00Z" };
  await run("belvo expired (local)", belvo.resume(expired, { token: WRONG.bankToken }));
});

test("OneLogin: wrong and right client secret, access token, OTP and state tokens", async () => {
  const base = `${sb.url}/onelogin`;
  const wrongPair = new OneLoginClient({ onEvent, baseUrl: base, clientId: WRONG.clientId, clientSecret: WRONG.clientSecret });
  await run("onelogin wrong secret", wrongPair.enrolledFactors(1001));
  const wrongToken = new OneLoginClient({ onEvent, baseUrl: base, accessToken: WRONG.accessToken });
  await run("onelogin wrong token", wrongToken.verifyFactor(1001, 525001, { otpToken: WRONG.otp, stateToken: WRONG.stateToken }));
  const client = new OneLoginClient({ onEvent, baseUrl: base, clientId: "sbx-client-id", clientSecret: RIGHT.clientSecret });
  await run("onelogin devices", client.enrolledFactors(1001));
  const log = await sb.requests("onelogin");
  const bearer = log.map((r) => r.headers.authorization ?? "").find((a) => a.startsWith("Bearer "));
  mark(bearer.slice("Bearer ".length));
  await run("onelogin wrong otp", client.verifyFactor(1001, 525001, { otpToken: WRONG.otp }));
  const otp = mark(totp(SECRET, { timestamp: await sandboxNow() }));
  await run("onelogin otp", client.verifyFactor(1001, 525001, { otpToken: otp }));
  await run("onelogin forged state", client.verifyFactor(1001, 525001, { stateToken: WRONG.stateToken, otpToken: WRONG.otp }));
  const enrolled = await run("onelogin enroll", client.enrollFactor(1002, { factorId: 16282, displayName: "Phone", number: "+15550100" }));
  mark(enrolled.stateToken);
  await run("onelogin enroll wrong otp", client.verifyFactor(1002, enrolled.id, { stateToken: enrolled.stateToken, otpToken: WRONG.otp }));
  const activation = await run("onelogin activate push", client.activateFactor(1001, 526001));
  mark(activation.stateToken);
  await sb.control("POST", "/push-mode", { mode: "manual" });
  setTimeout(() => sb.control("POST", "/pushes/deny", {}), 300);
  await run("onelogin push denied", client.waitForPush(1001, 526001, activation, { intervalMs: 500 }));
  const temp = await run("onelogin mfa token", client.generateMfaToken(1001, { reusable: false }));
  mark(temp.mfaToken);
  await run("onelogin temp token", client.verifyFactor(1001, 0, { otpToken: temp.mfaToken }));
  await run("onelogin temp token replay", client.verifyFactor(1001, 0, { otpToken: temp.mfaToken }));
  await run("onelogin expired (local)", client.verifyFactor(1001, 525001, { stateToken: activation.stateToken, otpToken: WRONG.otp, expiresAt: "2000-01-01T00:00:00Z" }));
  await sb.control("POST", "/onelogin/revoke");
  await run("onelogin revoked token renewed", client.enrolledFactors(1001));
  await sb.control("POST", "/faults", { provider: "onelogin", kind: "rate_limit" });
  await run("onelogin rate limited", client.verifyFactor(1001, 525001, { otpToken: WRONG.otp }));
});

test("a server that echoes each request (headers, body, path) in its errors leaks nothing", async () => {
  const statuses = [400, 401, 403, 404, 409, 422, 428, 429, 500, 503];
  // What the server echoes: messages are clipped, so each part is echoed alone as well.
  const parts = {
    body: (req) => req.body,
    authorization: (req) => req.headers.authorization ?? "",
    proxyHeader: (req) => req.headers["x-csrf-token"] ?? "",
    path: (req) => req.path,
    everything,
    // The Basic pair's base64 without the `Basic ` word, and URL-encoded or upper-cased echoes.
    bareBasic: (req) => (req.headers.authorization ?? "").replace(/^Basic /, ""),
    urlEncoded: (req) => encodeURIComponent(everything(req)),
    lowerHex: (req) => encodeURIComponent(req.body).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    formEncoded: (req) => new URLSearchParams({ q: req.body }).toString(),
    upperCased: (req) => everything(req).toUpperCase(),
  };
  for (const status of statuses) {
    for (const [part, pick] of Object.entries(parts)) {
      for (const provider of ["riffyn", "belvo", "onelogin"]) {
        fs.clear();
        let echoed = "";
        const answer = {
          status,
          headers: { "content-type": "application/json" },
          body: (req) => {
            echoed = pick(req);
            return echoBodies[provider](echoed);
          },
        };
        fs.script(...Array.from({ length: 12 }, () => answer));
        const base = fs.url;
        const label = `echo ${status} ${part} ${provider}`;
        const headers = { "X-Csrf-Token": WRONG.proxyHeader };
        if (provider === "riffyn") {
          const r = new RiffynClient({ onEvent, baseUrl: base, headers });
          await run(`${label} login`, r.login({ username: "alice", password: WRONG.riffynPassword }));
          await run(`${label} verify`, r.verify({ stateToken: WRONG.stateToken, factorId: "f", passCode: WRONG.passCode, username: "alice", password: WRONG.riffynPassword }));
        } else if (provider === "belvo") {
          const b = new BelvoClient({ onEvent, baseUrl: base, headers, secretId: WRONG.secretId, secretPassword: WRONG.secretPassword });
          await run(`${label} register`, b.registerLink({ institution: "i", username: "bnk100", password: WRONG.bankPassword, password2: WRONG.bankPassword, token: WRONG.bankToken }));
          await run(`${label} retrieve`, b.retrieve("owners", { link: "l", token: WRONG.bankToken }));
          const step = { status: "TOKEN_REQUIRED", session: mark(`sess-${TAG}-e`), link: "l", expiresAt: new Date(Date.now() + 60_000).toISOString(), expirySeconds: 60, resumePath: "/api/links/" };
          await run(`${label} resume`, b.resume(step, { token: WRONG.bankToken }));
        } else {
          const pair = new OneLoginClient({ onEvent, baseUrl: base, headers, clientId: WRONG.clientId, clientSecret: WRONG.clientSecret });
          await run(`${label} token`, pair.enrolledFactors(1001));
          const o = new OneLoginClient({ onEvent, baseUrl: base, headers, accessToken: WRONG.accessToken });
          await run(`${label} verify`, o.verifyFactor(1001, 525001, { stateToken: WRONG.stateToken, otpToken: WRONG.otp }));
          await run(`${label} enroll`, o.enrollFactor(1001, { factorId: 1, displayName: "d", number: "+1" }));
          await run(`${label} activate`, o.activateFactor(1001, 525001, { smsMessage: "code {{otp_code}}" }));
          await run(`${label} remove`, o.removeFactor(1001, 525001));
          await run(`${label} generate`, o.generateMfaToken(1001));
          await run(`${label} push`, o.waitForPush(1001, 526001, { deviceId: 526001, stateToken: WRONG.stateToken, expiresAt: new Date(Date.now() + 900).toISOString() }, { intervalMs: 500 }));
        }
        assert.ok(fs.requests.length > 0 && echoed !== undefined);
      }
    }
  }
  // The request id header echoes the Authorization header.
  fs.clear();
  fs.script(...Array.from({ length: 3 }, () => ({
    status: 401,
    headers: { "content-type": "application/json" },
    body: (req) => echoBodies.onelogin(req.headers.authorization ?? ""),
  })));
  const o = new OneLoginClient({ onEvent, baseUrl: fs.url, accessToken: WRONG.accessToken });
  await run("echo bearer", o.enrolledFactors(1001));
});

test("a 428 that echoes the request puts no secret into the TOKEN_REQUIRED step", async () => {
  const b = new BelvoClient({ onEvent, baseUrl: fs.url, secretId: WRONG.secretId, secretPassword: WRONG.secretPassword });
  for (const [part, pick] of Object.entries({
    body: (req) => req.body,
    basic: (req) => req.headers.authorization,
    bare: (req) => req.headers.authorization.replace(/^Basic /, ""),
    url: (req) => encodeURIComponent(req.body),
    upper: (req) => req.body.toUpperCase(),
  })) {
    fs.clear();
    const echo = (req) => JSON.stringify([{
      code: "token_required", session: "s-echo", link: "l-echo", expiry: 60, request_id: pick(req).slice(0, 150),
      message: pick(req), token_generation_data: { type: "numeric", value: pick(req), instructions: pick(req), expects_user_input: true },
    }]);
    fs.script({ status: 428, headers: { "content-type": "application/json" }, body: echo });
    const step = await run(`428 echo ${part}`, b.registerLink({ institution: "i", username: "bnk100", password: WRONG.bankPassword }));
    assert.equal(step.status, "TOKEN_REQUIRED", part);
    assert.equal(step.session, "s-echo");
    const token = mark(`tok-${TAG}-428`);
    fs.script({ status: 428, headers: { "content-type": "application/json" }, body: echo });
    const next = await run(`428 echo resume ${part}`, b.resume(step, { token }));
    assert.equal(next.status, "TOKEN_REQUIRED", part);
  }
});

test("no marker in any error, anything logged, or a value built from the caller's input", () => {
  assert.ok(errors.length > 100, `only ${errors.length} errors collected`);
  assert.ok(markers.size > 20, `only ${markers.size} markers`);
  const leaks = [];
  for (const [what, e] of errors) for (const f of findings(texts(e))) leaks.push(`${what}: ${f}`);
  for (const f of findings(logged)) leaks.push(`console: ${f}`);
  // Events: every kind was heard, each holds only its documented fields, and no marker in any form.
  const kinds = new Set(events.map((e) => e.type));
  assert.deepEqual([...kinds].sort(), ["error", "poll", "request", "response", "retry", "step"]);
  const FIELDS = {
    request: "attempt,operation,provider,type", response: "durationMs,operation,provider,status,type",
    step: "operation,provider,status,type", retry: "delayMs,operation,provider,reason,type",
    poll: "count,operation,provider,status,type", error: "code,operation,provider,status?,type",
  };
  for (const e of events) {
    const keys = Object.keys(e).sort().join(",");
    assert.ok(keys === FIELDS[e.type].replace("?", "") || keys === FIELDS[e.type].replace(",status?", ""), `${e.type}: ${keys}`);
  }
  for (const f of findings(events.map((e) => JSON.stringify(e)))) leaks.push(`event: ${f}`);
  for (const f of findings(events.flatMap((e) => Object.values(e).map(String)))) leaks.push(`event field: ${f}`);
  assert.deepEqual(logged, [], "the package logs nothing");
  // Values the package resolved must not hold what the caller sent as secrets.
  const sent = new Set(Object.values(WRONG).concat([RIGHT.riffynPassword, RIGHT.secretPassword, RIGHT.clientSecret]));
  for (const [what, v] of produced) {
    const text = JSON.stringify(v) ?? "";
    for (const s of sent) if (text.includes(s)) leaks.push(`${what}: value holds ${s}`);
    if (what.startsWith("428 echo")) for (const f of findings([text])) leaks.push(`${what}: ${f}`);
  }
  assert.deepEqual(leaks, []);
});
