// `onEvent`: each event kind in its place within a flow (Riffyn login → MFA_REQUIRED → verify →
// SUCCESS; Belvo's chained 428s; a OneLogin push with two pending polls and a 429 pause; a GET
// retried), the refusals reported as `error`, and a handler that throws or rejects changes nothing.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, totp } from "mfa-flows";
import { faultServer } from "./fault-server.mjs";
import { sandbox, rejection } from "./helpers.mjs";

const SECRET = "JBSWY3DPEHPK3PXP";
let sb, fs;
before(async () => {
  sb = await sandbox();
  fs = await faultServer();
});
after(async () => {
  await fs.close();
  await sb.close();
});
beforeEach(async () => {
  await sb.reset();
  fs.clear();
});

/** A recorder: `onEvent` and the events it heard. */
function recorder() {
  const events = [];
  return { events, onEvent: (e) => events.push(e) };
}

/** The events without their timing (`durationMs` is checked to be a number >= 0, then dropped). */
function plain(events) {
  return events.map((e) => {
    if (e.type !== "response") return e;
    const { durationMs, ...rest } = e;
    assert.ok(typeof durationMs === "number" && durationMs >= 0, `durationMs ${durationMs}`);
    return rest;
  });
}

const sandboxNow = async () => (await sb.control("GET", "/clock")).now;

const req = (operation, provider, attempt = 1) => ({ type: "request", operation, provider, attempt });
const res = (operation, provider, status) => ({ type: "response", operation, provider, status });
const step = (operation, provider, status) => ({ type: "step", operation, provider, status });

test("Riffyn: login → MFA_REQUIRED → verify → SUCCESS, a wrong code and a local expiry as errors", async () => {
  const { events, onEvent } = recorder();
  const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1`, onEvent });
  const first = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
  const input = { stateToken: first.stateToken, factorId: first.factors[0].id };
  const wrong = await rejection(riffyn.verify({ ...input, passCode: "000000" }));
  const done = await riffyn.verify({ ...input, passCode: totp(SECRET, { timestamp: await sandboxNow() }) });
  assert.equal(done.status, "SUCCESS");
  const expired = await rejection(riffyn.verify({ ...input, expiresAt: "2000-01-01T00:00:00Z", passCode: "123456" }));
  assert.equal(expired.code, "expired");
  const R = "riffyn";
  assert.deepEqual(plain(events), [
    req("riffyn.login", R), res("riffyn.login", R, 200), step("riffyn.login", R, "MFA_REQUIRED"),
    req("riffyn.verify", R), res("riffyn.verify", R, wrong.status),
    { type: "error", operation: "riffyn.verify", provider: R, code: wrong.code, status: wrong.status },
    req("riffyn.verify", R), res("riffyn.verify", R, 200), step("riffyn.verify", R, "SUCCESS"),
    // Refused before sending: no request, only the error.
    { type: "error", operation: "riffyn.verify", provider: R, code: "expired" },
  ]);
});

test("Belvo: a chained register (428 twice) then SUCCESS", async () => {
  const { events, onEvent } = recorder();
  const belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password", onEvent });
  const first = await belvo.registerLink({ institution: "chained_co_bank", username: "bnk100", password: "full" });
  const second = await belvo.resume(first, { token: "123456" });
  const done = await belvo.resume(second, { token: "654321" });
  assert.deepEqual([first.status, second.status, done.status], ["TOKEN_REQUIRED", "TOKEN_REQUIRED", "SUCCESS"]);
  const B = "belvo";
  assert.deepEqual(plain(events), [
    req("belvo.registerLink", B), res("belvo.registerLink", B, 428), step("belvo.registerLink", B, "TOKEN_REQUIRED"),
    req("belvo.resume", B), res("belvo.resume", B, 428), step("belvo.resume", B, "TOKEN_REQUIRED"),
    req("belvo.resume", B), res("belvo.resume", B, done.httpStatus), step("belvo.resume", B, "SUCCESS"),
  ]);
});

test("OneLogin: a push with two pending polls and a 429 pause, then VERIFIED", async () => {
  const pending = { status: { type: "pending", code: 200, message: "Authentication pending on OL Protect", error: false } };
  fs.script(
    { status: 200, json: { status: { type: "success", code: 200, message: "Success", error: false },
      data: [{ id: 9, device_id: 526001, state_token: "st-trigger", auth_factor_name: "OneLogin Protect" }] } },
    { status: 200, json: pending },
    { status: 200, json: pending },
    { status: 429, headers: { "retry-after": "1" }, json: { status: { type: "bad request", code: 429, message: "Too many requests", error: true } } },
    { status: 200, json: { status: { type: "success", code: 200, message: "Success", error: false } } },
  );
  const { events, onEvent } = recorder();
  const client = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok", onEvent });
  const activation = await client.activateFactor(1001, 526001);
  const polls = [];
  const result = await client.waitForPush(1001, 526001, activation, { intervalMs: 500, onPoll: (n) => polls.push(n) });
  assert.equal(result.status, "VERIFIED");
  assert.deepEqual(polls, [1, 2, 3, 4]);
  const O = "onelogin";
  const V = "onelogin.verifyFactor";
  const poll = (count, status) => [req(V, O), res(V, O, status === "rate_limited" ? 429 : 200), { type: "poll", operation: V, provider: O, count, status }];
  assert.deepEqual(plain(events), [
    req("onelogin.activateFactor", O), res("onelogin.activateFactor", O, 200), step("onelogin.activateFactor", O, "ACTIVATED"),
    ...poll(1, "PENDING"),
    ...poll(2, "PENDING"),
    ...poll(3, "rate_limited"),
    { type: "retry", operation: V, provider: O, reason: "rate_limited", delayMs: 1000 },
    ...poll(4, "VERIFIED"),
    step(V, O, "VERIFIED"),
  ]);
});

test("a GET answered 503 once is retried: request, response, retry, request, response", async () => {
  fs.script({ status: 503, body: "busy" }, { status: 200, json: { status: { code: 200, error: false }, data: [] } });
  const { events, onEvent } = recorder();
  const client = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok", onEvent });
  assert.deepEqual(await client.enrolledFactors(1001), []);
  const E = "onelogin.enrolledFactors";
  const O = "onelogin";
  const retry = events.find((e) => e.type === "retry");
  assert.ok(Number.isInteger(retry?.delayMs) && retry.delayMs > 0, `delayMs ${retry?.delayMs}`);
  assert.deepEqual(plain(events), [
    req(E, O, 1), res(E, O, 503),
    { type: "retry", operation: E, provider: O, reason: "server_error", delayMs: retry.delayMs },
    req(E, O, 2), res(E, O, 200),
  ]);
});

test("a call refused before sending reports error with its operation, and a bad onEvent is refused", async () => {
  const { events, onEvent } = recorder();
  const client = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, accessToken: "t", onEvent });
  const e = await rejection(client.verifyFactor(-1, 525001, { otpToken: "123456" }));
  assert.equal(e.code, "invalid_input");
  const f = await rejection(client.waitForPush(1001, 526001, { deviceId: 526001, stateToken: "s", expiresAt: "never" }));
  assert.equal(f.code, "invalid_input");
  assert.deepEqual(events, [
    { type: "error", operation: "onelogin.verifyFactor", provider: "onelogin", code: "invalid_input" },
    { type: "error", operation: "onelogin.verifyFactor", provider: "onelogin", code: "invalid_input" },
  ]);
  assert.throws(() => new RiffynClient({ baseUrl: sb.url, onEvent: "yes" }), (err) => err instanceof MfaError
    && err.code === "invalid_input" && err.message.includes("options.onEvent"));
});

test("an onEvent that throws, rejects or never settles changes no result", async () => {
  const rejections = [];
  const onRejection = (reason) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const handlers = {
      none: undefined,
      throws: () => { throw new Error("handler failed"); },
      rejects: async () => { throw new Error("async handler failed"); },
      slow: () => new Promise(() => {}),
    };
    const outcomes = {};
    for (const [name, onEvent] of Object.entries(handlers)) {
      await sb.reset();
      const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1`, ...(onEvent ? { onEvent } : {}) });
      const first = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
      const input = { stateToken: "<varies>", factorId: first.factors[0].id };
      const wrong = await rejection(riffyn.verify({ ...input, stateToken: first.stateToken, passCode: "000000" }));
      const done = await riffyn.verify({ stateToken: first.stateToken, factorId: first.factors[0].id, passCode: totp(SECRET, { timestamp: await sandboxNow() }) });
      const belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password", ...(onEvent ? { onEvent } : {}) });
      const b = await belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" });
      const bDone = await belvo.resume(b, { token: "123456" });
      outcomes[name] = {
        first: { status: first.status, factors: first.factors },
        wrong: { code: wrong.code, status: wrong.status, message: wrong.message },
        done: { status: done.status, username: done.username },
        belvo: [b.status, bDone.status, bDone.httpStatus],
      };
    }
    for (const name of ["throws", "rejects", "slow"]) assert.deepEqual(outcomes[name], outcomes.none, name);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rejections, [], "a rejecting handler's promise is caught");
  } finally {
    process.off("unhandledRejection", onRejection);
  }
});
