// The proxy's guard (issue 23) against the sandbox: each test is named after the clause it
// proves (OWASP ASVS 5.0 V6, NIST SP 800-63B), and the sandbox's request log shows what never
// reached the provider.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, isMfaError } from "mfa-flows";
import { createMfaProxy, memoryStore } from "mfa-flows/server";
import { sandbox, rejection } from "./helpers.mjs";
import { startProxy, upstreams, assertNothingReadable } from "./proxy-support.mjs";

let sb;
before(async () => {
  sb = await sandbox();
});
after(() => sb?.close());
beforeEach(async () => {
  await sb.reset();
  await sb.control("POST", "/push-mode", { mode: "manual" });
});

/** The three clients of one browser session (`x-session` is what `subject` reads). */
const clients = (url, session = "session-a") => {
  const headers = { "x-session": session };
  return {
    riffyn: new RiffynClient({ baseUrl: `${url}/riffyn`, headers }),
    belvo: new BelvoClient({ baseUrl: `${url}/belvo`, headers }),
    onelogin: new OneLoginClient({ baseUrl: `${url}/onelogin`, headers }),
  };
};
const guarded = (options = {}) => startProxy({
  ...upstreams(sb.url),
  authorize: () => true,
  subject: (req) => req.headers["x-session"] ?? "",
  ...options,
});
const totpOf = async (provider) => (await sb.control("GET", "/totp")).find((t) => t.provider === provider).code;
const wrongFor = (right, n = 0) => {
  const code = String(n).padStart(6, "0");
  return code === right ? String(n + 1).padStart(6, "0") : code;
};
/** The provider calls the sandbox logged (the OAuth2 token fetch aside). */
const calls = async (pathPart) => (await sb.requests()).filter((r) => !r.path.includes("/oauth2/") && r.path.includes(pathPart));
const ALICE = { username: "alice", password: "correct-horse-battery" };
const BELVO_MFA = { institution: "numeric_mx_bank", username: "bnk100", password: "full" };

test("ASVS 6.6.3: the 6th wrong code for one stateToken is 429 and never reaches Riffyn", async () => {
  const p = await guarded();
  try {
    const { riffyn } = clients(p.url);
    const step = await riffyn.login(ALICE);
    const input = { stateToken: step.stateToken, factorId: step.factors[0].id };
    const right = await totpOf("riffyn");
    for (let i = 0; i < 5; i++) {
      assert.equal((await rejection(riffyn.verify({ ...input, passCode: wrongFor(right, i) }))).code, "invalid_code");
    }
    await sb.clearRequests();
    const sixth = await rejection(riffyn.verify({ ...input, passCode: wrongFor(right, 5) }));
    assert.deepEqual([sixth.code, sixth.status], ["rate_limited", 429]);
    assert.ok(sixth.retryAfterMs > 14 * 60_000 && sixth.retryAfterMs <= 15 * 60_000, `the wait (${sixth.retryAfterMs} ms) is the rest of the window`);
    // The handle is spent: even the right code no longer goes on.
    assert.equal((await rejection(riffyn.verify({ ...input, passCode: right }))).code, "rate_limited");
    assert.deepEqual(await calls("/verify"), [], "nothing reached Riffyn");
    const answer = p.answers.at(-1);
    assert.equal(answer.headers["retry-after"], "900");
    assert.equal(JSON.parse(answer.body).mfaProxy, "limit_reached");
    // A new login is a new handle.
    const again = await riffyn.login(ALICE);
    assert.equal((await riffyn.verify({ stateToken: again.stateToken, factorId: again.factors[0].id, passCode: right })).status, "SUCCESS");
  } finally {
    await p.close();
  }
});

test("ASVS 6.6.3: the 6th wrong token for one Belvo session, and for one OneLogin device, is 429 and never sent", async () => {
  const p = await guarded();
  try {
    const { belvo, onelogin } = clients(p.url);
    const challenge = await belvo.registerLink(BELVO_MFA);
    for (let i = 0; i < 5; i++) assert.equal((await rejection(belvo.resume(challenge, { token: `00000${i}` }))).code, "invalid_code");
    await sb.clearRequests();
    assert.equal((await rejection(belvo.resume(challenge, { token: "123456" }))).code, "rate_limited");
    assert.deepEqual(await calls("/belvo/"), []);

    const right = await totpOf("onelogin");
    for (let i = 0; i < 5; i++) {
      assert.equal((await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: wrongFor(right, i) }))).code, "invalid_code");
    }
    await sb.clearRequests();
    assert.equal((await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: right }))).code, "rate_limited");
    assert.deepEqual(await calls("/verify"), []);
  } finally {
    await p.close();
  }
});

test("ASVS 6.6.3: the 11th wrong code of one subject in 15 minutes is 429 whatever the handle; another subject goes on", async () => {
  const p = await guarded();
  try {
    const a = clients(p.url, "session-a");
    const right = await totpOf("riffyn");
    let n = 0;
    for (let login = 0; login < 2; login++) {
      const step = await a.riffyn.login(ALICE);
      for (let i = 0; i < 5; i++) {
        const error = await rejection(a.riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: wrongFor(right, n++) }));
        assert.equal(error.code, "invalid_code");
      }
    }
    const fresh = await a.riffyn.login(ALICE);
    await sb.clearRequests();
    const eleventh = await rejection(a.riffyn.verify({ stateToken: fresh.stateToken, factorId: fresh.factors[0].id, passCode: right }));
    assert.deepEqual([eleventh.code, eleventh.status], ["rate_limited", 429]);
    assert.deepEqual(await calls("/verify"), [], "nothing reached Riffyn");
    const b = clients(p.url, "session-b");
    const step = await b.riffyn.login(ALICE);
    assert.equal((await b.riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: right })).status, "SUCCESS");
  } finally {
    await p.close();
  }
});

test("NIST SP 800-63B 5.2.2: the 101st consecutive wrong code for one OneLogin user is 429; a success resets the count", async () => {
  // Many sessions and devices are what an attacker would use: only the per-user count is left.
  const p = await guarded({ limits: { failuresPerSubject: 10_000, codesPerHandle: 10_000 } });
  try {
    const right = await totpOf("onelogin");
    for (let i = 0; i < 100; i++) {
      const { onelogin } = clients(p.url, `session-${i}`);
      assert.equal((await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: wrongFor(right, i) }))).code, "invalid_code");
    }
    await sb.clearRequests();
    const { onelogin } = clients(p.url, "session-new");
    const locked = await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: right }));
    assert.deepEqual([locked.code, locked.status], ["rate_limited", 429]);
    assert.ok(locked.retryAfterMs > 0);
    assert.deepEqual(await calls("/verify"), []);
  } finally {
    await p.close();
  }
  const q = await guarded({ limits: { consecutiveFailuresPerUser: 3, codeReuseMs: 1 } });
  try {
    const { onelogin } = clients(q.url);
    const right = await totpOf("onelogin");
    for (let i = 0; i < 2; i++) await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: wrongFor(right, i) }));
    assert.equal((await onelogin.verifyFactor(1001, 525001, { otpToken: right })).status, "VERIFIED");
    await new Promise((done) => setTimeout(done, 5)); // past codeReuseMs: 1
    const other = clients(q.url, "session-b").onelogin;
    for (let i = 0; i < 3; i++) assert.equal((await rejection(other.verifyFactor(1001, 525001, { otpToken: wrongFor(right, i) }))).code, "invalid_code");
    assert.equal((await rejection(other.verifyFactor(1001, 525001, { otpToken: right }))).code, "rate_limited");
  } finally {
    await q.close();
  }
});

test("ASVS 6.6.4: a second OneLogin push to one device within 30 s, or a 6th in 10 minutes, is 429 and never sent", async () => {
  const p = await guarded();
  try {
    const { onelogin } = clients(p.url);
    await onelogin.activateFactor(1001, 526001);
    await sb.clearRequests();
    const again = await rejection(onelogin.activateFactor(1001, 526001));
    assert.deepEqual([again.code, again.status], ["rate_limited", 429]);
    assert.ok(again.retryAfterMs > 25_000 && again.retryAfterMs <= 30_000);
    // Another subject gains nothing: the limit is the device's.
    assert.equal((await rejection(clients(p.url, "session-b").onelogin.activateFactor(1001, 526001))).code, "rate_limited");
    assert.deepEqual(await calls("/trigger"), []);
  } finally {
    await p.close();
  }
  const q = await guarded({ limits: { pushIntervalMs: 1 } });
  try {
    const { onelogin } = clients(q.url);
    for (let i = 0; i < 5; i++) {
      await onelogin.activateFactor(1001, 526001);
      await new Promise((done) => setTimeout(done, 5));
    }
    await sb.clearRequests();
    const sixth = await rejection(onelogin.activateFactor(1001, 526001));
    assert.equal(sixth.code, "rate_limited");
    assert.ok(sixth.retryAfterMs > 9 * 60_000);
    assert.deepEqual(await calls("/trigger"), []);
  } finally {
    await q.close();
  }
});

test("ASVS 6.6.2: a Riffyn stateToken is bound to the session that received it; authorize sees only its digest", async () => {
  const seen = [];
  const p = await guarded({ authorize: (op) => (seen.push(op), true) });
  try {
    const a = clients(p.url, "session-a");
    const b = clients(p.url, "session-b");
    const step = await a.riffyn.login(ALICE);
    const input = { stateToken: step.stateToken, factorId: step.factors[0].id, passCode: await totpOf("riffyn") };
    await sb.clearRequests();
    const stolen = await rejection(b.riffyn.verify(input));
    assert.deepEqual([stolen.code, stolen.status], ["forbidden", 403]);
    const made = await rejection(a.riffyn.verify({ ...input, stateToken: "a-token-this-proxy-never-minted" }));
    assert.equal(made.code, "forbidden");
    assert.deepEqual(await calls("/riffyn/"), [], "nothing reached Riffyn");
    assert.deepEqual(p.answers.slice(-2).map((x) => JSON.parse(x.body).mfaProxy), ["handle_not_bound", "handle_not_bound"]);
    assert.equal((await a.riffyn.verify(input)).status, "SUCCESS", "the session that received it goes on");
    const verifies = seen.filter((op) => op.name === "riffyn.verify");
    assert.equal(verifies.length, 3);
    assert.equal(verifies[0].handle, verifies[2].handle, "one handle, one digest");
    assert.notEqual(verifies[1].handle, verifies[0].handle);
    for (const op of seen) assert.ok(!JSON.stringify(op).includes(step.stateToken), "authorize never sees the stateToken");
  } finally {
    await p.close();
  }
});

test("ASVS 6.6.2: a Belvo session is bound with its link; a OneLogin state_token with its user and device", async () => {
  const p = await guarded();
  try {
    const a = clients(p.url, "session-a");
    const b = clients(p.url, "session-b");
    const challenge = await a.belvo.registerLink(BELVO_MFA);
    const other = await a.belvo.registerLink({ ...BELVO_MFA, institution: "numeric_mx_bank" });
    await sb.clearRequests();
    assert.equal((await rejection(b.belvo.resume(challenge, { token: "123456" }))).code, "forbidden");
    assert.equal((await rejection(a.belvo.resume({ ...challenge, link: other.link }, { token: "123456" }))).code, "forbidden", "the session with another link");
    assert.deepEqual(await calls("/belvo/"), []);
    assert.equal((await a.belvo.resume(challenge, { token: "123456" })).status, "SUCCESS");

    const push = await a.onelogin.activateFactor(1001, 526001);
    await sb.clearRequests();
    assert.equal((await rejection(b.onelogin.verifyFactor(1001, 526001, { stateToken: push.stateToken }))).code, "forbidden");
    assert.equal((await rejection(a.onelogin.verifyFactor(1001, 525001, { stateToken: push.stateToken }))).code, "forbidden", "another device");
    assert.equal((await rejection(a.onelogin.verifyFactor(1002, 526001, { stateToken: push.stateToken }))).code, "forbidden", "another user");
    assert.deepEqual(await calls("/verify"), []);
    assert.equal((await a.onelogin.verifyFactor(1001, 526001, { stateToken: push.stateToken })).status, "PENDING");
  } finally {
    await p.close();
  }
});

test("ASVS 6.6.2: a OneLogin enrollment's state_token is bound too: only the session that enrolled verifies the new phone", async () => {
  const p = await guarded();
  try {
    const a = clients(p.url, "session-a");
    const device = await a.onelogin.enrollFactor(1002, { factorId: 16282, displayName: "Bob's phone", number: "+14155550100" });
    const code = (await sb.control("GET", "/outbox")).filter((m) => m.deviceId === device.id).at(-1).code;
    await sb.clearRequests();
    const other = await rejection(clients(p.url, "session-b").onelogin.verifyFactor(1002, device.id, { stateToken: device.stateToken, otpToken: code }));
    assert.deepEqual([other.code, other.status], ["forbidden", 403]);
    assert.deepEqual(await calls("/verify"), []);
    assert.equal((await a.onelogin.verifyFactor(1002, device.id, { stateToken: device.stateToken, otpToken: code })).status, "VERIFIED");
  } finally {
    await p.close();
  }
});

test("ASVS 6.5.1: a code the provider accepted is refused locally when it comes again within 120 s", async () => {
  const p = await guarded();
  try {
    const { riffyn, onelogin } = clients(p.url);
    const right = await totpOf("riffyn");
    const first = await riffyn.login(ALICE);
    assert.equal((await riffyn.verify({ stateToken: first.stateToken, factorId: first.factors[0].id, passCode: right })).status, "SUCCESS");
    const second = await clients(p.url, "session-b").riffyn.login(ALICE);
    await sb.clearRequests();
    const reused = await rejection(clients(p.url, "session-b").riffyn.verify({ stateToken: second.stateToken, factorId: second.factors[0].id, passCode: right }));
    assert.deepEqual([reused.code, reused.status], ["invalid_code", 400]);
    assert.deepEqual(await calls("/verify"), [], "nothing reached Riffyn");
    assert.equal(JSON.parse(p.answers.at(-1).body).mfaProxy, "code_reused");

    const code = await totpOf("onelogin");
    assert.equal((await onelogin.verifyFactor(1001, 525001, { otpToken: code })).status, "VERIFIED");
    await sb.clearRequests();
    assert.equal((await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: code }))).code, "invalid_code");
    assert.deepEqual(await calls("/verify"), []);
  } finally {
    await p.close();
  }
});

test("limits are options checked at creation: positive integers, known keys, own properties only", async () => {
  const base = { ...upstreams(sb.url), authorize: () => true, subject: () => "s" };
  for (const [limits, key] of [
    [{ codesPerHandle: 0 }, "codesPerHandle"], [{ failureWindowMs: 1.5 }, "failureWindowMs"], [{ pushesPerWindow: "5" }, "pushesPerWindow"],
    [{ codeReuseMs: -1 }, "codeReuseMs"], [{ codesPerHandles: 3 }, "codesPerHandles"], [[], "limits"], [null, "limits"],
  ]) {
    let error;
    try {
      createMfaProxy({ ...base, limits });
    } catch (e) {
      error = e;
    }
    assert.ok(isMfaError(error) && error.code === "invalid_input", `${key}: invalid_input`);
    assert.match(error.message, new RegExp(key));
  }
  assert.throws(() => createMfaProxy({ ...base, subject: "s" }), /subject/);
  assert.throws(() => createMfaProxy({ ...base, store: { get() {} } }), /store/);
  assert.throws(() => memoryStore({ maxEntries: 0 }), /maxEntries/);
  // A store's key of the wrong type is refused at creation; memoryStore's is drawn at first use (a
  // Worker's module scope may not generate random values), so creating a proxy draws none.
  const { key: _, ...methods } = memoryStore();
  assert.throws(() => createMfaProxy({ ...base, store: { ...methods, key: 42 } }), /store: key/);
  const draws = [];
  const getRandomValues = crypto.getRandomValues;
  crypto.getRandomValues = (array) => (draws.push(array.length), getRandomValues.call(crypto, array));
  try {
    createMfaProxy({ ...base });
    createMfaProxy({ ...base, store: memoryStore() });
  } finally {
    crypto.getRandomValues = getRandomValues;
  }
  assert.deepEqual(draws, []);
  // An inherited limit changes nothing: the default 5 still holds.
  const p = await guarded({ limits: Object.create({ codesPerHandle: 1 }) });
  try {
    const { riffyn } = clients(p.url);
    const step = await riffyn.login(ALICE);
    const right = await totpOf("riffyn");
    for (let i = 0; i < 2; i++) {
      assert.equal((await rejection(riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: wrongFor(right, i) }))).code, "invalid_code");
    }
  } finally {
    await p.close();
  }
});

test("each refusal of the guard reaches onResult with its code, and no handle or code reaches the store", async () => {
  const memory = memoryStore();
  const written = [];
  // A store that records every key and value it is given.
  const store = {
    key: memory.key,
    take: (counters) => (written.push(...counters.map((c) => c.key)), memory.take(counters)),
    give: (keys) => (written.push(...keys), memory.give(keys)),
    put: (k, v, ttl, nx) => (written.push(k, v), memory.put(k, v, ttl, nx)),
    get: (k) => (written.push(k), memory.get(k)),
    del: (keys) => (written.push(...keys), memory.del(keys)),
  };
  const p = await guarded({ store, limits: { codesPerHandle: 1 } });
  try {
    const a = clients(p.url);
    const step = await a.riffyn.login(ALICE);
    const right = await totpOf("riffyn");
    const input = { stateToken: step.stateToken, factorId: step.factors[0].id };
    await rejection(clients(p.url, "session-b").riffyn.verify({ ...input, passCode: right }));
    await rejection(a.riffyn.verify({ ...input, passCode: wrongFor(right) }));
    await rejection(a.riffyn.verify({ ...input, passCode: right }));
    const again = await a.riffyn.login(ALICE);
    await a.riffyn.verify({ stateToken: again.stateToken, factorId: again.factors[0].id, passCode: right });
    const third = await a.riffyn.login(ALICE);
    await rejection(a.riffyn.verify({ stateToken: third.stateToken, factorId: third.factors[0].id, passCode: right }));
    const summary = p.results.map((r) => [r.operation.name, r.outcome, r.status, r.code ?? null, r.guard ?? null]);
    assert.deepEqual(summary, [
      ["riffyn.login", "pending", 200, null, "bound"],
      ["riffyn.verify", "failed", 403, "forbidden", "handle_not_bound"],
      ["riffyn.verify", "failed", 401, "invalid_code", "passed"],
      ["riffyn.verify", "failed", 429, "rate_limited", "limit_reached"],
      ["riffyn.login", "pending", 200, null, "bound"],
      ["riffyn.verify", "verified", 200, null, "passed"],
      ["riffyn.login", "pending", 200, null, "bound"],
      ["riffyn.verify", "failed", 400, "invalid_code", "code_reused"],
    ]);
    assert.ok(p.results[3].retryAfterMs > 0);
    assertNothingReadable(written.map(String), [step.stateToken, again.stateToken, third.stateToken, right, wrongFor(right), ALICE.password, "session-a", "alice"]);
  } finally {
    await p.close();
  }
});

test("a store that fails closes the step: 503 store_unavailable with Retry-After, and nothing is forwarded", async () => {
  let down = false;
  const memory = memoryStore();
  const fail = (f) => (...args) => (down ? Promise.reject(new Error("ECONNREFUSED")) : f(...args));
  const store = { key: memory.key, take: fail(memory.take), give: fail(memory.give), put: fail(memory.put), get: fail(memory.get), del: fail(memory.del) };
  const p = await guarded({ store });
  try {
    const { riffyn, onelogin } = clients(p.url);
    const step = await riffyn.login(ALICE);
    down = true;
    await sb.clearRequests();
    const error = await rejection(riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: await totpOf("riffyn") }));
    assert.deepEqual([error.code, error.status], ["server_error", 503]);
    assert.equal(p.answers.at(-1).headers["retry-after"], "2");
    assert.equal(JSON.parse(p.answers.at(-1).body).mfaProxy, "store_unavailable");
    assert.equal((await rejection(onelogin.activateFactor(1001, 526001))).code, "server_error");
    assert.deepEqual(await calls("/riffyn/"), []);
    assert.deepEqual(await calls("/trigger"), []);
    assert.deepEqual(p.results.slice(-2).map((r) => [r.status, r.code, r.guard]), [[503, "server_error", "store_unavailable"], [503, "server_error", "store_unavailable"]]);
    down = false;
    assert.equal((await riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: await totpOf("riffyn") })).status, "SUCCESS");
  } finally {
    await p.close();
  }
});

test("a subject that is not a non-empty string is refused (403) before anything is sent", async () => {
  const p = await guarded();
  try {
    await sb.clearRequests();
    const { riffyn } = clients(p.url, "");
    assert.equal((await rejection(riffyn.login(ALICE))).code, "forbidden");
    assert.deepEqual(await calls("/riffyn/"), []);
  } finally {
    await p.close();
  }
});

test("memoryStore is bounded: the oldest values are evicted, memory stays flat", async () => {
  const store = memoryStore({ maxEntries: 50 });
  for (let i = 0; i < 1000; i++) await store.put(`k${i}`, "v", 60_000);
  assert.equal(store.size, 50);
  assert.equal(await store.get("k0"), null);
  assert.equal(await store.get("k999"), "v");
  assert.equal(await store.take([{ key: "n", limit: 2, ttlMs: 60_000 }]), 0);
  assert.equal(await store.take([{ key: "n", limit: 2, ttlMs: 60_000 }]), 0);
  assert.ok((await store.take([{ key: "n", limit: 2, ttlMs: 60_000 }])) > 59_000);
  await store.give(["n"]);
  assert.equal(await store.take([{ key: "n", limit: 2, ttlMs: 60_000 }]), 0);
  assert.equal(await store.put("c", "1", 60_000, true), true);
  assert.equal(await store.put("c", "1", 60_000, true), false);
});
