// One client instance, many flows at once: 1,000 concurrent flows per provider interleave with no
// "recursive use" error and no crossed state (each result matches its own inputs); re-entrant calls
// from a callback; a freed client rejects with an MfaError instead of trapping.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, totp } from "mfa-flows";
import { sandbox, rejection } from "./helpers.mjs";

const N = 1000;
const SECRET = "JBSWY3DPEHPK3PXP";
let sb;

before(async () => { sb = await sandbox(); });
after(() => sb.close());
beforeEach(() => sb.reset());

/** Runs `n` flows at once; returns their outcomes ({ value } or { error }) in order. */
async function all(n, flow) {
  return Promise.all(Array.from({ length: n }, (_, i) =>
    flow(i).then((value) => ({ value }), (error) => ({ error }))));
}

function assertNoStrayError(outcomes, expectedError = () => false) {
  for (const [i, o] of outcomes.entries()) {
    if (!o.error) continue;
    assert.ok(o.error instanceof MfaError, `#${i}: ${o.error?.constructor?.name}: ${o.error?.message}`);
    assert.doesNotMatch(o.error.message, /recursive use|null pointer|unreachable/i);
    assert.ok(expectedError(i, o.error), `#${i}: unexpected ${o.error.code}: ${o.error.message} (cause: ${o.error.cause?.message})`);
  }
}

test(`Riffyn: ${N} concurrent logins and verifies on one client, each with its own result`, async () => {
  const sent = [];
  const fetch = (url, init) => {
    if (url.endsWith("/verify")) sent.push(JSON.parse(init.body).stateToken);
    return globalThis.fetch(url, init);
  };
  const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1`, fetch });
  const { now } = await sb.control("GET", "/clock");
  const code = totp(SECRET, { timestamp: now });
  const wrong = code === "000000" ? "111111" : "000000";
  // i % 3: 0 → bob (no MFA), 1 → alice with the right code, 2 → alice with a wrong code.
  const outcomes = await all(N, async (i) => {
    if (i % 3 === 0) return riffyn.login({ username: "bob", password: "hunter2-hunter2" });
    const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
    assert.equal(step.status, "MFA_REQUIRED");
    const passCode = i % 3 === 1 ? code : wrong;
    const done = await riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode });
    return { ...done, stateToken: step.stateToken };
  });
  assertNoStrayError(outcomes, (i, e) => i % 3 === 2 && e.code === "invalid_code");
  for (const [i, o] of outcomes.entries()) {
    if (i % 3 === 0) assert.equal(o.value?.username, "bob", `#${i}`);
    if (i % 3 === 1) assert.equal(o.value?.username, "alice", `#${i}`);
    if (i % 3 === 2) assert.equal(o.error?.code, "invalid_code", `#${i}`);
  }
  // Each verify sent its own login's state token (counted on the way out: the sandbox's log
  // keeps only the newest 1000 requests).
  assert.equal(sent.length, N - Math.ceil(N / 3));
  assert.equal(new Set(sent).size, sent.length, "no state token was sent twice");
  const own = outcomes.filter((o) => o.value?.stateToken).map((o) => o.value.stateToken);
  assert.ok(own.every((t) => sent.includes(t)));
});

test(`Belvo: ${N} concurrent registrations and resumes on one client`, async () => {
  const belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" });
  const institutions = ["erebor_mx_retail", "numeric_mx_bank", "qrcode_br_bank"];
  const outcomes = await all(N, async (i) => {
    const institution = institutions[i % 3];
    const externalId = `flow-${i}`;
    let step = await belvo.registerLink({ institution, username: "bnk100", password: "full", externalId });
    const challenged = step.status === "TOKEN_REQUIRED" ? step : null;
    if (challenged) step = await belvo.resume(challenged, challenged.tokenGenerationData?.expectsUserInput === false ? {} : { token: "123456" });
    return { step, challenged, institution, externalId };
  });
  assertNoStrayError(outcomes);
  const links = new Set();
  for (const [i, { value }] of outcomes.entries()) {
    assert.equal(value.step.status, "SUCCESS", `#${i}`);
    assert.equal(value.step.data.institution, value.institution, `#${i}`);
    assert.equal(value.step.data.external_id, value.externalId, `#${i}: the link of another flow`);
    if (value.challenged) assert.equal(value.step.data.id, value.challenged.link, `#${i}: resumed another link`);
    assert.equal(i % 3 === 0, value.challenged === null, `#${i}`);
    links.add(value.step.data.id);
  }
  assert.equal(links.size, N, "every flow got its own link");
});

test(`OneLogin: ${N} concurrent flows share one token request and keep their own results`, async () => {
  const paths = [];
  const fetch = (url, init) => {
    paths.push(new URL(url).pathname);
    return globalThis.fetch(url, init);
  };
  const onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, fetch, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
  const outcomes = await all(N, async (i) => {
    const user = i % 2 ? 1001 : 1002;
    const devices = await onelogin.enrolledFactors(user);
    const temp = await onelogin.generateMfaToken(user, { reusable: i % 4 < 2 });
    const verified = await onelogin.verifyFactor(user, 0, { otpToken: temp.mfaToken });
    return { user, devices, temp, verified, reusable: i % 4 < 2 };
  });
  assertNoStrayError(outcomes);
  const tokens = new Set();
  for (const [i, { value }] of outcomes.entries()) {
    assert.deepEqual(value.devices.map((d) => d.id).sort(), value.user === 1001 ? [525001, 526001] : [], `#${i}`);
    assert.equal(value.temp.reusable, value.reusable, `#${i}`);
    assert.equal(value.verified.status, "VERIFIED", `#${i}`);
    tokens.add(value.temp.mfaToken);
  }
  assert.equal(tokens.size, N, "every flow got its own MFA token");
  assert.equal(paths.filter((p) => p.endsWith("/oauth2/v2/token")).length, 1, "one token request for all");
  assert.equal(paths.filter((p) => p.endsWith("/mfa_token")).length, N);
  assert.equal(paths.length, 1 + 3 * N, "no request retried or repeated");
});

test("all three clients at once, with aborts and timeouts mixed in", async () => {
  const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  const belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" });
  const onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
  const outcomes = await all(N, (i) => {
    const signal = i % 5 === 4 ? AbortSignal.abort() : undefined;
    switch (i % 3) {
      case 0: return riffyn.login({ username: "bob", password: "hunter2-hunter2" }, { signal });
      case 1: return belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" }, { signal });
      default: return onelogin.availableFactors(i % 2 ? 1001 : 1002, { signal });
    }
  });
  assertNoStrayError(outcomes, (i, e) => i % 5 === 4 && e.code === "aborted");
  for (const [i, o] of outcomes.entries()) {
    if (i % 5 === 4) { assert.equal(o.error?.code, "aborted", `#${i}`); continue; }
    if (i % 3 === 0) assert.equal(o.value.username, "bob");
    if (i % 3 === 1) assert.equal(o.value.data.institution, "erebor_mx_retail");
    if (i % 3 === 2) assert.deepEqual(o.value.map((f) => f.factorId).sort(), i % 2 ? [16282, 16283] : [16282, 16284]);
  }
});

test("a callback may call the same client again (no recursive use)", async () => {
  const onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
  await sb.control("POST", "/push-mode", { mode: "auto", polls: 3 });
  const activation = await onelogin.activateFactor(1001, 526001);
  const nested = [];
  const verified = await onelogin.waitForPush(1001, 526001, activation, {
    intervalMs: 500,
    onPoll: () => { nested.push(onelogin.enrolledFactors(1001)); },
  });
  assert.equal(verified.status, "VERIFIED");
  for (const devices of await Promise.all(nested)) assert.equal(devices.length, 2);
  assert.ok(nested.length >= 2);
});

test("a freed client rejects with MfaError; calls in flight still complete; free() twice is harmless", async () => {
  const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  const inFlight = Array.from({ length: 50 }, () => riffyn.login({ username: "bob", password: "hunter2-hunter2" }));
  riffyn.free();
  for (const step of await Promise.all(inFlight)) assert.equal(step.status, "SUCCESS");
  const e = await rejection(riffyn.login({ username: "bob", password: "hunter2-hunter2" }));
  assert.ok(e instanceof MfaError, `${e?.constructor?.name}: ${e?.message}`);
  assert.equal(e.code, "invalid_input");
  assert.match(e.message, /freed/);
  riffyn.free();
  if (Symbol.dispose) riffyn[Symbol.dispose]();

  for (const client of [
    new BelvoClient({ baseUrl: `${sb.url}/belvo` }),
    new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, accessToken: "t" }),
  ]) {
    client.free();
    const proto = Object.getPrototypeOf(client);
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
      const e2 = await rejection(client[name]());
      assert.ok(e2 instanceof MfaError && e2.code === "invalid_input", `${name}: ${e2?.message}`);
    }
  }
  // A method torn off its client.
  const { login } = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  const e3 = await rejection(login({ username: "bob", password: "hunter2-hunter2" }));
  assert.ok(e3 instanceof MfaError && e3.code === "invalid_input", e3?.message);
  // Many freed calls later, the module still works.
  const other = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  for (let i = 0; i < 2000; i++) await riffyn.login({ username: "bob", password: "x" }).catch(() => {});
  assert.equal((await other.login({ username: "bob", password: "hunter2-hunter2" })).status, "SUCCESS");
  assert.deepEqual((await sb.requests("riffyn")).length, 51, "nothing sent by a freed client");
});
