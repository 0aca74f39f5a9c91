// mfa-flows/testing as built in pkg/ (the package's sandbox and its helpers), and Belvo's official
// Node client (npm `belvo`) against a sandbox it started. The tarball in a fresh project, its bin
// and its examples: consumers/testing.consumer.mjs.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startSandbox } from "mfa-flows/testing";
import { OneLoginClient, RiffynClient, totp } from "mfa-flows";
import { rejection } from "./helpers.mjs";

const require = createRequire(import.meta.url);
let sb;
before(async () => {
  sb = await startSandbox();
});
after(() => sb?.close());
beforeEach(() => sb.reset());

const control = async (path) => (await fetch(`${sb.url}/_sandbox${path}`)).json();
const onelogin = () => new OneLoginClient({ baseUrl: sb.baseUrls.onelogin, clientId: sb.identities.onelogin.clientId, clientSecret: sb.identities.onelogin.clientSecret });

test("startSandbox: a loopback URL, one baseUrl per provider, the demo identities, and no demo page", async () => {
  assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(sb.baseUrls, { riffyn: `${sb.url}/riffyn/v1`, belvo: `${sb.url}/belvo`, onelogin: `${sb.url}/onelogin` });
  assert.deepEqual(sb.identities, {
    riffyn: { username: "alice", password: "correct-horse-battery", totpSecret: "JBSWY3DPEHPK3PXP", factorId: "uft2rfyn7totp0001" },
    belvo: { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password", username: "bnk100", password: "full" },
    onelogin: { clientId: "sbx-client-id", clientSecret: "sbx-client-secret", userId: 1001, totpDeviceId: 525001, totpSecret: "JBSWY3DPEHPK3PXP", pushDeviceId: 526001 },
  });
  assert.ok(Object.isFrozen(sb.identities.riffyn));
  assert.equal((await fetch(`${sb.url}/`)).status, 404);
  const { riffyn } = sb.identities;
  const step = await new RiffynClient({ baseUrl: sb.baseUrls.riffyn }).login({ username: riffyn.username, password: riffyn.password });
  assert.equal(step.status, "MFA_REQUIRED");
});

test("startSandbox refuses bad options by name, and a busy port rejects", async () => {
  for (const [options, field] of [[{ port: -1 }, "port"], [{ port: "80" }, "port"], [{ host: "" }, "host"], [{ pushes: "sometimes" }, "pushes"], [{ prot: 0 }, "prot"], [{ push: "auto" }, "push"], [null, "options"]]) {
    const error = await rejection(startSandbox(options));
    assert.ok(error instanceof TypeError && error.message.includes(field), `${JSON.stringify(options)}: ${error.message}`);
  }
  const port = Number(new URL(sb.url).port);
  assert.equal((await rejection(startSandbox({ port }))).code, "EADDRINUSE");
});

test("totp() is the code the sandbox accepts, at the sandbox clock", async () => {
  await sb.advanceClock(90_000);
  const { now } = await control("/clock");
  assert.equal(sb.totp("riffyn"), await totp(sb.identities.riffyn.totpSecret, { timestamp: now }));
  const rows = await control("/totp");
  assert.equal(sb.totp("riffyn"), rows.find((r) => r.provider === "riffyn").code);
  assert.equal(sb.totp("onelogin"), rows.find((r) => r.provider === "onelogin" && r.deviceId === 525001).code);
  const client = new RiffynClient({ baseUrl: sb.baseUrls.riffyn });
  const { riffyn } = sb.identities;
  const step = await client.login({ username: riffyn.username, password: riffyn.password });
  const done = await client.verify({ stateToken: step.stateToken, factorId: riffyn.factorId, passCode: sb.totp("riffyn") });
  assert.equal(done.status, "SUCCESS");
  assert.throws(() => sb.totp("belvo"), /provider must be "riffyn" or "onelogin"/);
});

test("outbox() has the texted code, which verifies the enrolled phone", async () => {
  const client = onelogin();
  const { userId } = sb.identities.onelogin;
  const sms = (await client.availableFactors(userId)).find((f) => f.name === "OneLogin SMS");
  const device = await client.enrollFactor(userId, { factorId: sms.factorId, displayName: "Work phone", number: "+14155550100" });
  const activation = await client.activateFactor(userId, device.id, {});
  const messages = await sb.outbox(); // the enrolment's text, then the activation's: newest last
  assert.equal(messages.length, 2);
  const message = messages.at(-1);
  assert.equal(message.to, "+14155550100");
  assert.equal(message.channel, "sms");
  assert.ok(message.body.includes(message.code));
  const result = await client.verifyFactor(userId, activation.deviceId, { stateToken: activation.stateToken, otpToken: message.code });
  assert.equal(result.status, "VERIFIED");
});

test("pushes wait for approvePush() or denyPush() (the default, manual); none pending rejects", async () => {
  const client = onelogin();
  const { userId, pushDeviceId } = sb.identities.onelogin;
  let activation = await client.activateFactor(userId, pushDeviceId, {});
  let polls = 0;
  const waiting = client.waitForPush(userId, pushDeviceId, activation, { intervalMs: 500, onPoll: (n) => (polls = n) });
  // Polled and still pending (nobody approves by itself), then the "phone" approves.
  while (!((await control("/pushes"))[0]?.polls >= 1)) await new Promise((r) => setTimeout(r, 20));
  await sb.approvePush();
  assert.equal((await waiting).status, "VERIFIED");
  assert.ok(polls >= 2, `verified at poll ${polls}`);
  activation = await client.activateFactor(userId, pushDeviceId, {});
  await sb.denyPush();
  assert.equal((await rejection(client.waitForPush(userId, pushDeviceId, activation, { intervalMs: 500 }))).code, "rejected");
  assert.match((await rejection(sb.approvePush())).message, /No pending push/);
});

test("pushes: \"auto\" approves without a helper call, and reset() keeps that option", async () => {
  const auto = await startSandbox({ pushes: "auto" });
  try {
    await auto.reset();
    const client = new OneLoginClient({ baseUrl: auto.baseUrls.onelogin, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
    const activation = await client.activateFactor(1001, 526001, {});
    assert.equal((await client.waitForPush(1001, 526001, activation, { intervalMs: 500 })).status, "VERIFIED");
  } finally {
    await auto.close();
  }
});

test("fault(): a status with a body and headers, for that provider's next request only", async () => {
  const client = onelogin();
  await sb.fault({ provider: "onelogin", status: 429, headers: { "retry-after": "7" }, body: { message: "slow down" } });
  const error = await rejection(client.enrolledFactors(1001));
  assert.equal(error.code, "rate_limited");
  assert.equal(error.retryAfterMs, 7000);
  assert.equal((await client.enrolledFactors(1001)).length, 2);
  await sb.fault({ provider: "riffyn" }); // nothing but the provider: a plain 500
  assert.equal((await rejection(new RiffynClient({ baseUrl: sb.baseUrls.riffyn }).login({ username: "bob", password: "hunter2-hunter2" }))).code, "server_error");
});

test("fault(): reset drops the connection, delayMs holds the answer, a named kind goes as it is", async () => {
  const client = new RiffynClient({ baseUrl: sb.baseUrls.riffyn });
  const bob = { username: "bob", password: "hunter2-hunter2" };
  await sb.fault({ provider: "riffyn", reset: true });
  assert.equal((await rejection(client.login(bob))).code, "network");
  // A delay longer than the client's timeout: the answer comes too late.
  await sb.fault({ provider: "riffyn", delayMs: 2000 });
  assert.equal((await rejection(client.login(bob, { timeoutMs: 200 }))).code, "timeout");
  assert.equal((await client.login(bob)).status, "SUCCESS");
  await sb.fault({ provider: "belvo", kind: "too_many_sessions" });
  assert.deepEqual(await control("/faults"), [{ provider: "belvo", kind: "too_many_sessions", count: 1 }]);
});

test("fault(): a refused spec arms nothing and names the field", async () => {
  for (const [spec, field] of [
    [{ provider: "nope" }, "provider"], [{ provider: "riffyn", status: 99 }, "status"],
    [{ provider: "riffyn", delayMs: 10, status: 99 }, "status"], [{ provider: "riffyn", delayMs: -1 }, "delayMs"],
    [{ provider: "riffyn", reset: "yes" }, "reset"], [{ provider: "riffyn", count: 0 }, "count"],
  ]) {
    const error = await rejection(sb.fault(spec));
    assert.ok(error instanceof TypeError && error.message.includes(field), `${JSON.stringify(spec)}: ${error.message}`);
  }
  assert.match((await rejection(sb.fault({ provider: "riffyn", kind: "html_403" }))).message, /html_403 applies to provider belvo/);
  assert.deepEqual(await control("/faults"), []);
});

test("requests() lists method, path and status; reset() forgets them and the links", async () => {
  await new RiffynClient({ baseUrl: sb.baseUrls.riffyn }).login({ username: "bob", password: "wrong" }).catch(() => {});
  assert.deepEqual(await sb.requests(), [{ provider: "riffyn", method: "POST", path: "/riffyn/v1/auth", status: 401 }]);
  await sb.reset();
  assert.deepEqual(await sb.requests(), []);
});

test("the helpers steer the sandbox in process: a test that mocks fetch (MSW, nock) does not catch them", async (t) => {
  const real = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new Error("fetch is mocked"));
  t.after(() => (globalThis.fetch = real));
  await sb.fault({ provider: "riffyn", status: 503 });
  await sb.advanceClock(1000);
  assert.deepEqual(await sb.requests(), []);
  assert.deepEqual(await sb.outbox(), []);
  await sb.reset();
  globalThis.fetch = real;
  assert.deepEqual(await control("/faults"), []);
});

test("close() stops it", async () => {
  const other = await startSandbox();
  await other.close();
  await assert.rejects(fetch(`${other.url}/_sandbox/health`), TypeError);
});

test("Belvo's official Node client (npm belvo): register, resume its 428, read accounts", async () => {
  const { default: Client } = require("belvo");
  const { secretId, secretPassword, username, password } = sb.identities.belvo;
  const client = new Client(secretId, secretPassword, sb.baseUrls.belvo);
  await client.connect();
  const challenge = await client.links.register("numeric_mx_bank", username, password).then(
    (link) => assert.fail(`expected a 428, got ${JSON.stringify(link)}`),
    (error) => error,
  );
  assert.equal(challenge.statusCode, 428);
  const [detail] = challenge.detail;
  assert.equal(detail.code, "token_required");
  const link = await client.links.resume(detail.session, "123456", detail.link);
  assert.equal(link.id, detail.link);
  assert.equal(link.status, "valid");
  const accounts = await client.accounts.retrieve(link.id).catch(async (error) => {
    // The bank asks for a token again on retrieval (sandbox/README.md, numeric_mx_bank).
    assert.equal(error.statusCode, 428);
    return client.accounts.resume(error.detail[0].session, "123456", link.id);
  });
  assert.ok(Array.isArray(accounts) && accounts.length > 0);
  assert.ok(accounts.every((a) => a.link === link.id));
  assert.deepEqual((await sb.requests()).map((r) => `${r.method} ${r.path} ${r.status}`), [
    "GET /belvo/api/ 200", "POST /belvo/api/links/ 428", "PATCH /belvo/api/links/ 200", "POST /belvo/api/accounts/ 428", "PATCH /belvo/api/accounts/ 201",
  ]);
});
