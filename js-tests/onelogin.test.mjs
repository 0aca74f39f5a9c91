// OneLogin API v1 MFA against the sandbox with the real fetch: the seven operations as the
// sandbox received them, SMS / TOTP / push verification, the token cache, every error path.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
// Against the OneLogin entry a factor page imports (docs/API.md, "Loading").
import { OneLoginClient, MfaError } from "mfa-flows/onelogin";
import { totp } from "mfa-flows/totp";
import { assertPlainJson, sandbox, rejection } from "./helpers.mjs";

const CLIENT_ID = "sbx-client-id";
const CLIENT_SECRET = "sbx-client-secret";
const SECRET = "JBSWY3DPEHPK3PXP";
const ALICE = 1001; // Google Authenticator 525001, OneLogin Protect 526001
const BOB = 1002; // no devices
const AUTHENTICATOR = 525001;
const PROTECT = 526001;
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;

let sb, base;

before(async () => {
  sb = await sandbox();
  base = `${sb.url}/onelogin`;
});
after(() => sb.close());
beforeEach(() => sb.reset());

const ccClient = () => new OneLoginClient({ baseUrl: base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

/** The sandbox's current access token (it hands out the same one until it expires). */
async function sandboxToken() {
  const res = await fetch(`${base}/auth/oauth2/v2/token`, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials" }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

/** The OneLogin request log, without the token requests unless asked. */
async function calls({ tokens = false } = {}) {
  const log = await sb.requests("onelogin");
  return tokens ? log : log.filter((r) => !r.path.endsWith("/auth/oauth2/v2/token"));
}

async function outboxCode(deviceId) {
  const box = await sb.control("GET", "/outbox");
  const msg = box.filter((m) => m.deviceId === deviceId).at(-1);
  assert.ok(msg, `a code was sent to device ${deviceId}`);
  return msg.code;
}

async function sandboxNow() {
  return (await sb.control("GET", "/clock")).now;
}

function assertNoSecret(error, ...secrets) {
  const text = `${error.message} ${JSON.stringify(error)} ${error.stack ?? ""}`;
  for (const s of secrets) assert.ok(!text.includes(s), `the error leaks ${s}`);
}

test("the constructor checks its options and sends nothing", async () => {
  for (const options of [
    { baseUrl: base, accessToken: "t", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { baseUrl: base, clientId: CLIENT_ID },
    { baseUrl: base, clientSecret: CLIENT_SECRET },
    { baseUrl: base, accessToken: "" },
    { baseUrl: base, accessToken: 42 },
    { baseUrl: base, accessToken: "t", clientSecrett: "typo" },
    { baseUrl: base, accessToken: "t", dangerouslyAllowBrowser: "yes" },
  ]) {
    assert.throws(() => new OneLoginClient(options), (e) => e instanceof MfaError && e.code === "invalid_input",
      JSON.stringify(Object.keys(options)));
  }
  assert.throws(() => new OneLoginClient({ baseUrl: "http://example.com/onelogin", accessToken: "t" }),
    (e) => e.code === "insecure_url");
  // A browser page: the client secret is refused unless explicitly allowed; a token is fine.
  globalThis.document = {};
  try {
    const e = (() => { try { ccClient(); } catch (err) { return err; } })();
    assert.equal(e?.code, "browser_secret");
    assertNoSecret(e, CLIENT_SECRET);
    new OneLoginClient({ baseUrl: base, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, dangerouslyAllowBrowser: true });
    new OneLoginClient({ baseUrl: base, accessToken: "t" });
  } finally {
    delete globalThis.document;
  }
  assert.deepEqual(await calls({ tokens: true }), []);
});

test("client credentials: one token request (Basic + JSON grant), then Bearer on every call", async () => {
  const client = ccClient();
  const [factors, devices] = await Promise.all([client.availableFactors(ALICE), client.enrolledFactors(ALICE)]);
  assert.deepEqual(factors, [{ factorId: 16282, name: "OneLogin SMS" }, { factorId: 16283, name: "OneLogin Voice" }]);
  assert.deepEqual(devices.map((d) => d.id).sort(), [AUTHENTICATOR, PROTECT]);
  await client.enrolledFactors(ALICE);

  const log = await calls({ tokens: true });
  const tokenCalls = log.filter((r) => r.path === "/onelogin/auth/oauth2/v2/token");
  assert.equal(tokenCalls.length, 1, "two concurrent calls and a later one share one token");
  assert.equal(tokenCalls[0].method, "POST");
  assert.equal(tokenCalls[0].headers.authorization, BASIC);
  assert.deepEqual(tokenCalls[0].json, { grant_type: "client_credentials" });
  const token = await sandboxToken();
  const rest = log.filter((r) => r !== tokenCalls[0]);
  assert.equal(rest.length, 3);
  for (const r of rest) assert.equal(r.headers.authorization, `Bearer ${token}`);
  assert.deepEqual(rest.map((r) => `${r.method} ${r.path}`).sort(), [
    "GET /onelogin/api/1/users/1001/auth_factors",
    "GET /onelogin/api/1/users/1001/otp_devices",
    "GET /onelogin/api/1/users/1001/otp_devices",
  ]);
});

test("enrolledFactors: the devices in camelCase", async () => {
  const devices = await ccClient().enrolledFactors(ALICE);
  const ga = devices.find((d) => d.id === AUTHENTICATOR);
  assert.equal(ga.authFactorName, "Google Authenticator");
  assert.equal(ga.needsTrigger, false);
  assert.equal(ga.default, true);
  assert.equal(ga.active, true);
  const protect = devices.find((d) => d.id === PROTECT);
  assert.equal(protect.authFactorName, "OneLogin Protect");
  assert.equal(protect.needsTrigger, true);
  assert.equal(protect.userDisplayName, "Alice's iPhone");
  for (const d of devices) assert.ok(!Object.values(d).includes(null) && !("needs_trigger" in d));
});

test("SMS: enroll → verify with the outbox code → trigger → verify → remove", async () => {
  const client = ccClient();
  const device = await client.enrollFactor(BOB, { factorId: 16282, displayName: "Bob's phone", number: "+14155550100" });
  assert.equal(typeof device.id, "number");
  assert.equal(device.needsTrigger, true);
  assert.equal(device.active, false);
  assert.equal(device.phoneNumber, "+14155550100");
  assert.match(device.stateToken, /^[0-9a-f]{40}$/);
  const enrolCode = await outboxCode(device.id);
  let verified = await client.verifyFactor(BOB, device.id, { stateToken: device.stateToken, otpToken: enrolCode });
  assert.equal(verified.status, "VERIFIED");
  assert.ok(!(await client.availableFactors(BOB)).some((f) => f.factorId === 16282), "the factor left auth_factors");

  const activation = await client.activateFactor(BOB, String(device.id), {
    stateTokenExpiresIn: 300, numericSmsOtp: true, smsMessage: "Code {{otp_code}}, {{expiration}} min",
  });
  assert.equal(activation.deviceId, device.id, "device_id, not the trigger's transaction id");
  assert.match(activation.stateToken, /^[0-9a-f]{40}$/);
  assert.equal(activation.message, "SMS token sent to your mobile device. Authentication pending.");
  assert.equal(activation.authFactorName, "OneLogin SMS");
  const left = Date.parse(activation.expiresAt) - Date.now();
  assert.ok(left > 290_000 && left <= 300_000, `expiresAt is ~300 s away (${left} ms)`);
  const code = await outboxCode(device.id);
  assert.match(code, /^\d{6}$/, "numericSmsOtp");
  const wrong = code === "000000" ? "111111" : "000000";
  const e = await rejection(client.verifyFactor(BOB, device.id, { stateToken: activation.stateToken, otpToken: wrong, expiresAt: activation.expiresAt }));
  assert.ok(e instanceof MfaError);
  assert.equal(e.code, "invalid_code");
  assert.equal(e.status, 401);
  assert.equal(e.provider, "onelogin");
  assertNoSecret(e, wrong, activation.stateToken, CLIENT_SECRET);
  verified = await client.verifyFactor(BOB, device.id, { stateToken: activation.stateToken, otpToken: code, expiresAt: activation.expiresAt });
  assert.deepEqual(verified, { status: "VERIFIED", message: "Success" });

  assert.equal(await client.removeFactor(BOB, device.id), undefined);
  assert.deepEqual(await client.enrolledFactors(BOB), []);

  const log = await calls();
  const token = await sandboxToken();
  const seen = log.map((r) => [r.method, r.path.replace(/^\/onelogin/, ""), r.json, r.headers.authorization]);
  const id = device.id;
  assert.deepEqual(seen.filter(([m]) => m !== "GET"), [
    ["POST", "/api/1/users/1002/otp_devices", { factor_id: 16282, display_name: "Bob's phone", number: "+14155550100" }, `Bearer ${token}`],
    ["POST", `/api/1/users/1002/otp_devices/${id}/verify`, { state_token: device.stateToken, otp_token: enrolCode }, `Bearer ${token}`],
    ["POST", `/api/1/users/1002/otp_devices/${id}/trigger`,
      { state_token_expires_in: 300, numeric_sms_otp: true, sms_message: "Code {{otp_code}}, {{expiration}} min" }, `Bearer ${token}`],
    ["POST", `/api/1/users/1002/otp_devices/${id}/verify`, { state_token: activation.stateToken, otp_token: wrong }, `Bearer ${token}`],
    ["POST", `/api/1/users/1002/otp_devices/${id}/verify`, { state_token: activation.stateToken, otp_token: code }, `Bearer ${token}`],
    ["DELETE", `/api/1/users/1002/otp_devices/${id}`, null, `Bearer ${token}`],
  ]);
  assert.deepEqual(log.filter((r) => r.method === "DELETE").map((r) => r.body), [""]);
});

test("TOTP: verify with totp() at the sandbox's clock; a wrong code is invalid_code", async () => {
  const client = ccClient();
  const now = await sandboxNow();
  const code = totp(SECRET, { timestamp: now });
  assert.match(code, /^\d{6}$/);
  const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
  const e = await rejection(client.verifyFactor(ALICE, AUTHENTICATOR, { otpToken: wrong }));
  assert.equal(e.code, "invalid_code");
  assertNoSecret(e, wrong);
  assert.equal((await client.verifyFactor(ALICE, AUTHENTICATOR, { otpToken: code })).status, "VERIFIED");
  const [bad, good] = await calls();
  assert.deepEqual([bad.json, good.json], [{ otp_token: wrong }, { otp_token: code }]);
  assert.equal(good.path, `/onelogin/api/1/users/1001/otp_devices/${AUTHENTICATOR}/verify`);
});

test("generateMfaToken → verify with device 0", async () => {
  const client = ccClient();
  const t = await client.generateMfaToken(ALICE, { expiresIn: 300, reusable: true });
  assert.match(t.mfaToken, /^\d{8}$/);
  assert.equal(t.reusable, true);
  const left = Date.parse(t.expiresAt) - (await sandboxNow());
  assert.ok(left > 290_000 && left <= 301_000, `expiresAt ~300 s away (${left})`);
  assert.equal((await client.verifyFactor(ALICE, 0, { otpToken: t.mfaToken })).status, "VERIFIED");
  assert.equal((await client.verifyFactor(ALICE, "0", { otpToken: t.mfaToken })).status, "VERIFIED", "reusable");
  const once = await client.generateMfaToken(ALICE);
  assert.equal(once.reusable, false);
  const [gen, v1, , gen2] = await calls();
  assert.equal(gen.method, "POST");
  assert.equal(gen.path, "/onelogin/api/1/users/1001/mfa_token");
  assert.deepEqual(gen.json, { expires_in: 300, reusable: true });
  assert.equal(v1.path, "/onelogin/api/1/users/1001/otp_devices/0/verify");
  assert.equal(gen2.body, "{}");
});

test("push: pending → accepted, with onPoll per attempt", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT);
  assert.equal(activation.deviceId, PROTECT);
  assert.equal(activation.authFactorName, "OneLogin Protect");
  assert.equal(activation.message, "Push notification sent to OneLogin Protect. Authentication pending.");
  const left = Date.parse(activation.expiresAt) - Date.now();
  assert.ok(left > 110_000 && left <= 120_000, "default 120 s");

  assert.deepEqual(await client.verifyFactor(ALICE, PROTECT, { stateToken: activation.stateToken }),
    { status: "PENDING", message: "Authentication pending on OL Protect" });

  const attempts = [];
  let approving;
  const result = await client.waitForPush(ALICE, PROTECT, activation, {
    intervalMs: 500,
    onPoll: (n) => {
      attempts.push(n);
      if (n === 2) approving = sb.control("POST", "/pushes/approve", { stateToken: activation.stateToken });
    },
  });
  await approving;
  assert.deepEqual(result, { status: "VERIFIED", message: "Success" });
  // The approval lands before poll 2 or poll 3 is answered.
  assert.ok(attempts.length === 2 || attempts.length === 3, `attempts ${attempts}`);
  assert.deepEqual(attempts, [1, 2, 3].slice(0, attempts.length));
  const polls = (await calls()).filter((r) => r.path.endsWith("/verify"));
  assert.equal(polls.length, 1 + attempts.length);
  for (const p of polls) assert.deepEqual(p.json, { state_token: activation.stateToken });
});

test("push: a 429 from the sandbox's rate limiter mid-wait pauses for its Retry-After, then ends VERIFIED", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT);
  await sb.clearRequests();
  const attempts = [];
  const at = [];
  let approving;
  const result = await client.waitForPush(ALICE, PROTECT, activation, {
    intervalMs: 500,
    onPoll: (n) => {
      attempts.push(n);
      at.push(Date.now());
      // The limiter answers poll 1 or 2 (the control call races poll 1); poll 3 comes after it.
      if (n === 1) sb.control("POST", "/faults", { provider: "onelogin", kind: "rate_limit", count: 1, retryAfter: 2 });
      if (n === 3) approving = sb.control("POST", "/pushes/approve", { stateToken: activation.stateToken });
    },
  });
  await approving;
  assert.deepEqual(result, { status: "VERIFIED", message: "Success" });
  const answers = (await sb.requests("onelogin")).filter((r) => r.path.endsWith("/verify"));
  // onPoll counted exactly the polls sent, the limited one included.
  assert.equal(answers.length, attempts.length);
  assert.deepEqual(attempts, answers.map((_, i) => i + 1));
  assert.ok(attempts.length >= 3 && attempts.length <= 4, `attempts ${attempts}`);
  const limited = answers.map((r) => r.status).indexOf(429);
  assert.ok(limited === 0 || limited === 1, `one 429, then polling went on (${answers.map((r) => r.status)})`);
  assert.equal(answers.filter((r) => r.status === 429).length, 1);
  for (let i = 1; i < at.length; i++) {
    const gap = at[i] - at[i - 1];
    if (i - 1 === limited) assert.ok(gap >= 1950, `paused for Retry-After (${gap} ms)`);
    else assert.ok(gap < 1900, `the interval otherwise (${gap} ms)`);
  }
});

test("push: a 429 whose Retry-After ends past expiresAt rejects rate_limited at once", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT, { stateTokenExpiresIn: 5 });
  await sb.control("POST", "/faults", { provider: "onelogin", kind: "rate_limit", count: 1, retryAfter: 60 });
  const started = Date.now();
  let polls = 0;
  const e = await rejection(client.waitForPush(ALICE, PROTECT, activation, { intervalMs: 500, onPoll: (n) => { polls = n; } }));
  assert.ok(e instanceof MfaError);
  assert.deepEqual([e.code, e.status, e.retryAfterMs, e.provider], ["rate_limited", 429, 60_000, "onelogin"]);
  assert.equal(polls, 1);
  assert.ok(Date.now() - started < 2_000, "no wait that could not end in a poll");
  assertNoSecret(e, activation.stateToken);
});

test("push: pending → denied is rejected, and a throwing onPoll changes nothing", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT);
  let polls = 0;
  const e = await rejection(client.waitForPush(ALICE, PROTECT, activation, {
    intervalMs: 500,
    onPoll: (n) => {
      polls = n;
      if (n === 2) sb.control("POST", "/pushes/deny");
      throw new Error("a buggy callback");
    },
  }));
  assert.ok(e instanceof MfaError);
  assert.equal(e.code, "rejected");
  assert.equal(e.status, 400);
  assert.ok(polls >= 2);
  assertNoSecret(e, activation.stateToken);
  // The module still works after the throwing callback.
  assert.equal((await client.enrolledFactors(ALICE)).length, 2);
});

test("push: pending until a short state token expires → expired at expiresAt", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT, { stateTokenExpiresIn: 2 });
  const started = Date.now();
  const e = await rejection(client.waitForPush(ALICE, PROTECT, activation, { intervalMs: 500 }));
  assert.equal(e.code, "expired");
  assert.equal(e.provider, "onelogin");
  const took = Date.now() - started;
  assert.ok(took < 4_000, `stopped at expiresAt (${took} ms)`);
  // Nothing is sent once expired: verify fails locally.
  await sb.clearRequests();
  const local = await rejection(client.verifyFactor(ALICE, PROTECT, { stateToken: activation.stateToken, expiresAt: activation.expiresAt }));
  assert.equal(local.code, "expired");
  assert.deepEqual(await calls(), []);
});

test("push: the sandbox clock passes the expiry → the API's expired", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT);
  await sb.advanceClock(121_000);
  const e = await rejection(client.waitForPush(ALICE, PROTECT, activation, { intervalMs: 500 }));
  assert.equal(e.code, "expired");
  assert.equal(e.status, 400);
});

test("push: aborted mid-poll, during the wait, without waiting for the interval", async () => {
  const client = ccClient();
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await client.activateFactor(ALICE, PROTECT);
  const controller = new AbortController();
  const started = Date.now();
  const pending = client.waitForPush(ALICE, PROTECT, activation, {
    intervalMs: 60_000,
    signal: controller.signal,
    onPoll: () => setTimeout(() => controller.abort(), 200),
  });
  const e = await rejection(pending);
  assert.equal(e.code, "aborted");
  assert.ok(Date.now() - started < 5_000, "the 60 s wait was cut short");
  const polls = (await calls()).filter((r) => r.path.endsWith("/verify"));
  assert.equal(polls.length, 1);
  // An already aborted signal sends nothing.
  await sb.clearRequests();
  const again = await rejection(client.waitForPush(ALICE, PROTECT, activation, { signal: controller.signal }));
  assert.equal(again.code, "aborted");
  assert.deepEqual(await calls(), []);
});

test("a revoked token is renewed once and the call retried", async () => {
  const client = ccClient();
  await client.enrolledFactors(ALICE);
  const first = await sandboxToken();
  await sb.control("POST", "/onelogin/revoke");
  await sb.clearRequests();
  const devices = await client.enrolledFactors(ALICE);
  assert.equal(devices.length, 2);
  const log = await calls({ tokens: true });
  const second = await sandboxToken();
  assert.notEqual(first, second);
  assert.deepEqual(log.map((r) => [r.method, r.path, r.status, r.headers.authorization]), [
    ["GET", "/onelogin/api/1/users/1001/otp_devices", 401, `Bearer ${first}`],
    ["POST", "/onelogin/auth/oauth2/v2/token", 200, BASIC],
    ["GET", "/onelogin/api/1/users/1001/otp_devices", 200, `Bearer ${second}`],
  ]);
});

test("a client with a bad token is unauthorized (no retry); bad client credentials are invalid_credentials", async () => {
  const bad = new OneLoginClient({ baseUrl: base, accessToken: "not-a-real-token" });
  const e = await rejection(bad.enrolledFactors(ALICE));
  assert.ok(e instanceof MfaError);
  assert.equal(e.code, "unauthorized");
  assert.equal(e.status, 401);
  assert.equal(e.message, "Authentication Failure");
  assertNoSecret(e, "not-a-real-token");
  assert.equal((await calls({ tokens: true })).length, 1);

  const wrong = new OneLoginClient({ baseUrl: base, clientId: CLIENT_ID, clientSecret: "wrong-secret-value" });
  const e2 = await rejection(wrong.availableFactors(ALICE));
  assert.equal(e2.code, "invalid_credentials");
  assertNoSecret(e2, "wrong-secret-value");
});

test("429 → rate_limited with retryAfterMs, not retried", async () => {
  const client = new OneLoginClient({ baseUrl: base, accessToken: await sandboxToken() });
  await sb.control("POST", "/faults", { provider: "onelogin", kind: "rate_limit" });
  await sb.clearRequests();
  const e = await rejection(client.enrolledFactors(ALICE));
  assert.equal(e.code, "rate_limited");
  assert.equal(e.status, 429);
  assert.ok(Number.isInteger(e.retryAfterMs) && e.retryAfterMs > 0, `retryAfterMs ${e.retryAfterMs}`);
  assert.equal((await calls()).length, 1);
  await sb.control("DELETE", "/faults");
});

test("not_found for an unknown user or device; no fallback path for a missing user", async () => {
  const client = ccClient();
  const e = await rejection(client.availableFactors(424242));
  assert.equal(e.code, "not_found");
  // OneLogin's own words, with the request they answer (no "check baseUrl": the API explained it).
  assert.equal(e.message, "User for id 424242 was not found (HTTP 404): GET /onelogin/api/1/users/424242/auth_factors");
  const e2 = await rejection(client.verifyFactor(ALICE, 999999, { otpToken: "123456" }));
  assert.equal(e2.code, "not_found");
  assert.deepEqual((await calls()).map((r) => r.path), [
    "/onelogin/api/1/users/424242/auth_factors",
    "/onelogin/api/1/users/1001/otp_devices/999999/verify",
  ]);
});

test("bad ids and inputs are invalid_input and send nothing", async () => {
  const client = ccClient();
  const cases = [
    () => client.availableFactors(0),
    () => client.availableFactors(-1),
    () => client.availableFactors(1.5),
    () => client.availableFactors("1001"),
    () => client.enrolledFactors(undefined),
    () => client.removeFactor(ALICE, "12a"),
    () => client.removeFactor(ALICE, -1),
    () => client.removeFactor(ALICE, 1.5),
    () => client.verifyFactor(ALICE, AUTHENTICATOR, {}),
    () => client.verifyFactor(ALICE, AUTHENTICATOR, { otp_token: "123456" }),
    () => client.verifyFactor(ALICE, AUTHENTICATOR, { otpToken: 123456 }),
    () => client.verifyFactor(ALICE, AUTHENTICATOR, { otpToken: "1", expiresAt: "soon" }),
    () => client.enrollFactor(BOB, { factorId: 16282 }),
    () => client.enrollFactor(BOB, { factorId: 1.5, displayName: "x" }),
    () => client.enrollFactor(BOB, { factorId: 16282, displayName: "x", phone: "+1" }),
    () => client.activateFactor(ALICE, PROTECT, { stateTokenExpiresIn: 901 }),
    () => client.activateFactor(ALICE, PROTECT, { state_token_expires_in: 30 }),
    () => client.generateMfaToken(ALICE, { expiresIn: 0 }),
    () => client.generateMfaToken(ALICE, { reusable: "yes" }),
    () => client.enrolledFactors(ALICE, { timeoutMs: -1 }),
    () => client.waitForPush(ALICE, PROTECT, { deviceId: PROTECT, stateToken: "x", expiresAt: "never" }),
    () => client.waitForPush(ALICE, PROTECT, { deviceId: PROTECT, stateToken: "x", expiresAt: new Date(Date.now() + 60_000).toISOString() }, { intervalMs: -5 }),
    () => client.waitForPush(ALICE, PROTECT, { deviceId: PROTECT, stateToken: "x", expiresAt: new Date(Date.now() + 60_000).toISOString() }, { onPoll: 5 }),
    () => client.waitForPush(ALICE, PROTECT, { deviceId: PROTECT, stateToken: "x", expiresAt: new Date(Date.now() + 60_000).toISOString() }, { interval: 500 }),
  ];
  for (const [i, call] of cases.entries()) {
    const e = await rejection(call());
    assert.ok(e instanceof MfaError, `case ${i}`);
    assert.equal(e.code, "invalid_input", `case ${i}: ${e.message}`);
  }
  assert.deepEqual(await calls({ tokens: true }), []);
});

test("without credentials (proxy mode) the client sends no Authorization and fetches no token", async () => {
  await sb.clearRequests();
  const error = await rejection(new OneLoginClient({ baseUrl: base }).enrolledFactors(ALICE));
  assert.deepEqual([error.code, error.status], ["unauthorized", 401], "the sandbox wants a token: a proxy would add it");
  const log = await sb.requests("onelogin");
  assert.equal(log.length, 1, "one call, no token request, no renewal");
  assert.equal(log[0].headers.authorization, undefined);
});

// Which fields, in which order: the wasm writers against the serde derives (src/wasm/onelogin.rs, from
// the `output!` declarations); here, what the package hands over is plain JSON.
test("outputs are plain JSON objects, absent options left out", async () => {
  const client = ccClient();
  const factors = await client.availableFactors(ALICE);
  assert.ok(Array.isArray(factors) && factors.length > 0);
  assertPlainJson(factors);
  assert.equal(typeof factors[0].factorId, "number");
  assertPlainJson(await client.enrolledFactors(ALICE));
  const activation = await client.activateFactor(ALICE, PROTECT);
  assertPlainJson(activation);
  assert.equal(typeof activation.deviceId, "number");
  const verification = await client.verifyFactor(ALICE, PROTECT, { stateToken: activation.stateToken });
  assertPlainJson(verification);
  assert.ok(["VERIFIED", "PENDING"].includes(verification.status));
  const token = await client.generateMfaToken(ALICE);
  assertPlainJson(token);
  assert.equal(typeof token.reusable, "boolean");
});
