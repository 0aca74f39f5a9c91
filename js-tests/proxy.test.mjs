// mfa-flows/server against the sandbox as upstream: the three flows from clients that hold no
// secret, every outcome onResult hears, every refusal, and what crosses the proxy (headers,
// credentials) in each direction.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, isMfaError } from "mfa-flows";
import { createMfaProxy } from "mfa-flows/server";
import { sandbox, rejection } from "./helpers.mjs";
import { startProxy, upstreams, KEYS, secretForms } from "./proxy-support.mjs";

let sb;
before(async () => {
  sb = await sandbox();
});
after(() => sb?.close());
beforeEach(async () => {
  await sb.reset();
  await sb.control("POST", "/push-mode", { mode: "manual" });
});

const clients = (url, headers) => ({
  riffyn: new RiffynClient({ baseUrl: `${url}/riffyn`, headers }),
  belvo: new BelvoClient({ baseUrl: `${url}/belvo`, headers }),
  onelogin: new OneLoginClient({ baseUrl: `${url}/onelogin`, headers }),
});
const totpOf = async (provider) => (await sb.control("GET", "/totp")).find((t) => t.provider === provider).code;
const summary = (r) => [r.operation.name, r.outcome, r.code ?? null];

test("the three flows run from clients without a secret; onResult hears each outcome from the provider", async () => {
  // Two pushes in a row to one device: past the guard's default interval (30 s).
  const p = await startProxy({ ...upstreams(sb.url), authorize: () => true, limits: { pushIntervalMs: 1 } });
  try {
    const { riffyn, belvo, onelogin } = clients(p.url);

    // Riffyn: MFA_REQUIRED, a wrong code, the right code.
    const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
    const input = { stateToken: step.stateToken, factorId: step.factors[0].id };
    const right = await totpOf("riffyn");
    const wrong = await rejection(riffyn.verify({ ...input, passCode: right === "000000" ? "111111" : "000000" }));
    assert.equal(wrong.code, "invalid_code");
    assert.equal((await riffyn.verify({ ...input, passCode: right })).status, "SUCCESS");
    assert.equal((await riffyn.login({ username: "bob", password: "hunter2-hunter2" })).status, "SUCCESS");

    // Belvo: 428, a wrong token, the right one, then data with the new link.
    const challenge = await belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" });
    assert.equal(challenge.status, "TOKEN_REQUIRED");
    assert.equal((await rejection(belvo.resume(challenge, { token: "000000" }))).code, "invalid_code");
    const linked = await belvo.resume(challenge, { token: "123456" });
    assert.equal(linked.status, "SUCCESS");
    const erebor = await belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" });
    assert.equal((await belvo.retrieve("accounts", { link: erebor.data.id })).status, "SUCCESS");

    // OneLogin: a push approved, a push denied, a wrong authenticator code.
    const approved = await onelogin.activateFactor(1001, 526001);
    await sb.control("POST", "/pushes/approve", { stateToken: approved.stateToken });
    assert.equal((await onelogin.waitForPush(1001, 526001, approved, { intervalMs: 500 })).status, "VERIFIED");
    const denied = await onelogin.activateFactor(1001, 526001);
    await sb.control("POST", "/pushes/deny", { stateToken: denied.stateToken });
    assert.equal((await rejection(onelogin.waitForPush(1001, 526001, denied, { intervalMs: 500 }))).code, "rejected");
    const code = await totpOf("onelogin");
    const bad = await rejection(onelogin.verifyFactor(1001, 525001, { otpToken: code === "000000" ? "111111" : "000000" }));
    assert.equal(bad.code, "invalid_code");
    assert.equal((await onelogin.verifyFactor(1001, 525001, { otpToken: await totpOf("onelogin") })).status, "VERIFIED");

    assert.deepEqual(p.results.map(summary), [
      ["riffyn.login", "pending", null],
      ["riffyn.verify", "failed", "invalid_code"],
      ["riffyn.verify", "verified", null],
      ["riffyn.login", "verified", null],
      ["belvo.registerLink", "pending", null],
      ["belvo.resume", "failed", "invalid_code"],
      ["belvo.resume", "verified", null],
      ["belvo.registerLink", "verified", null],
      ["belvo.retrieve", "verified", null],
      ["onelogin.activateFactor", "pending", null],
      ["onelogin.verifyFactor", "verified", null],
      ["onelogin.activateFactor", "pending", null],
      ["onelogin.verifyFactor", "failed", "rejected"],
      ["onelogin.verifyFactor", "failed", "invalid_code"],
      ["onelogin.verifyFactor", "verified", null],
    ]);
    const [login, , , bob, pendingLink, , link, , data, , push, , pushDenied, , otp] = p.results;
    assert.deepEqual(login.operation, { name: "riffyn.login", provider: "riffyn", username: "alice" });
    assert.equal(bob.operation.username, "bob");
    assert.equal(pendingLink.link, challenge.link, "the 428's link");
    assert.equal(pendingLink.status, 428);
    assert.equal(link.link, challenge.link);
    assert.equal(link.operation.institution, undefined, "a resume carries the link, not the institution");
    assert.deepEqual([data.operation.resource, data.operation.link, data.link], ["accounts", erebor.data.id, erebor.data.id]);
    const { handle, ...pushOperation } = push.operation;
    assert.deepEqual(pushOperation, { name: "onelogin.verifyFactor", provider: "onelogin", userId: 1001, deviceId: 526001, factorKind: "push" });
    assert.match(handle, /^h:[\w-]{22}$/, "a keyed digest of the state token, never the token");
    assert.ok(!handle.includes(approved.stateToken));
    assert.equal(pushDenied.operation.factorKind, "push");
    assert.equal(otp.operation.factorKind, "otp");
  } finally {
    await p.close();
  }
});

/** One call per operation, and how the sandbox logs it. */
const OPERATIONS = [
  ["riffyn.login", (c) => c.riffyn.login({ username: "alice", password: "correct-horse-battery" })],
  // A verify and a resume continue a handle this session received (the guard refuses any other).
  ["riffyn.verify", async (c) => {
    const step = await c.riffyn.login({ username: "alice", password: "correct-horse-battery" });
    return c.riffyn.verify({ stateToken: step.stateToken, factorId: "uft2rfyn7totp0001", passCode: "123456" });
  }],
  ["belvo.registerLink", (c) => c.belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" })],
  ["belvo.retrieve", (c) => c.belvo.retrieve("accounts", { link: "no-such-link" })],
  ["belvo.resume", async (c) => c.belvo.resume(await c.belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" }), { token: "1" })],
  ["onelogin.availableFactors", (c) => c.onelogin.availableFactors(1001)],
  ["onelogin.enrolledFactors", (c) => c.onelogin.enrolledFactors(1001)],
  ["onelogin.enrollFactor", (c) => c.onelogin.enrollFactor(1002, { factorId: 16282, displayName: "Phone", number: "+14155550100" })],
  ["onelogin.activateFactor", (c) => c.onelogin.activateFactor(1001, 526001)],
  ["onelogin.verifyFactor", (c) => c.onelogin.verifyFactor(1001, 525001, { otpToken: "000000" })],
  ["onelogin.removeFactor", (c) => c.onelogin.removeFactor(1001, 525001)],
  ["onelogin.generateMfaToken", (c) => c.onelogin.generateMfaToken(1001)],
];

const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

test("the calls above are one per operation of the core's table (src/ops.rs), in its order", async () => {
  // The proxy's own reading of the table (instantiated by the import of mfa-flows/server above).
  const { OPERATIONS: rows } = await import("../pkg/lib/ops.js");
  assert.deepEqual(OPERATIONS.map(([name]) => name), rows().map((row) => row.name));
  // The default allow leaves out exactly the rows marked admin (the test below checks which).
  const admin = rows().filter((row) => row.admin).map((row) => row.name);
  assert.deepEqual(admin, ["onelogin.removeFactor", "onelogin.generateMfaToken"]);
  for (const row of rows()) assert.equal(row.name.startsWith(`${row.provider}.`), true, row.name);
});
const providerCalls = async () => (await sb.requests()).filter((r) => !r.path.includes("/oauth2/"));

test("every operation is forwarded when allowed and authorized, and refused with 403 (forbidden) otherwise", async () => {
  const all = OPERATIONS.map(([name]) => name);
  const open = await startProxy({ ...upstreams(sb.url), allow: all, authorize: () => true });
  const none = await startProxy({ ...upstreams(sb.url), allow: [], authorize: () => true });
  const defaults = await startProxy({ ...upstreams(sb.url), authorize: () => true });
  const refusing = await startProxy({ ...upstreams(sb.url), allow: all, authorize: () => false });
  const truthy = await startProxy({ ...upstreams(sb.url), allow: all, authorize: async () => "yes" });
  try {
    for (const [name, call] of OPERATIONS) {
      await sb.clearRequests();
      const outcome = await settle(call(clients(open.url)));
      assert.ok(!outcome.error || outcome.error.code !== "forbidden", `${name} passes: ${outcome.error?.message}`);
      assert.equal((await providerCalls()).length >= 1, true, `${name} reached the provider`);
      for (const [label, p] of [["allow: []", none], ["authorize false", refusing], ["authorize 'yes'", truthy]]) {
        await sb.clearRequests();
        const { error } = await settle(call(clients(p.url)));
        assert.ok(isMfaError(error), `${name} (${label}) rejects`);
        assert.deepEqual([error.code, error.status], ["forbidden", 403], `${name} (${label})`);
        assert.deepEqual(await providerCalls(), [], `${name} (${label}): nothing was sent`);
      }
      await sb.clearRequests();
      const { error } = await settle(call(clients(defaults.url)));
      const admin = name === "onelogin.removeFactor" || name === "onelogin.generateMfaToken";
      assert.equal(error?.code === "forbidden", admin, `${name}: refused by default only if admin`);
    }
    assert.equal(none.results.length + refusing.results.length + truthy.results.length, 0, "no outcome for a refused call");
  } finally {
    await Promise.all([open, none, defaults, refusing, truthy].map((p) => p.close()));
  }
});

test("authorize sees the parsed operation: another user's id, another session's link are refused", async () => {
  // The app's session, as a real app would keep it: the cookie names the user.
  const sessions = { "sid-alice": { oneloginUserId: 1001, links: new Set() } };
  const session = (req) => sessions[/sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1]];
  const seen = [];
  const p = await startProxy({
    ...upstreams(sb.url),
    authorize(op, req) {
      seen.push(op);
      const s = session(req);
      if (!s) return false;
      if (op.provider === "onelogin") return op.userId === s.oneloginUserId;
      if (op.provider === "belvo") return op.name === "belvo.registerLink" || s.links.has(op.link);
      return true;
    },
    onResult(result, req) {
      if (result.link && result.outcome !== "failed") session(req)?.links.add(result.link);
    },
  });
  try {
    const alice = clients(p.url, { cookie: "sid=sid-alice" });
    const stranger = clients(p.url);
    assert.equal((await alice.onelogin.enrolledFactors(1001)).length, 2);
    assert.equal((await rejection(alice.onelogin.enrolledFactors(1002))).code, "forbidden");
    assert.equal((await rejection(alice.onelogin.enrollFactor(1002, { factorId: 16282, displayName: "x", number: "+14155550100" }))).code, "forbidden");
    assert.equal((await rejection(stranger.onelogin.enrolledFactors(1001))).code, "forbidden");
    const link = await alice.belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" });
    assert.equal((await alice.belvo.retrieve("accounts", { link: link.data.id })).status, "SUCCESS");
    const other = await (async () => {
      sessions["sid-bob"] = { oneloginUserId: 1002, links: new Set() };
      return clients(p.url, { cookie: "sid=sid-bob" });
    })();
    assert.equal((await rejection(other.belvo.retrieve("accounts", { link: link.data.id }))).code, "forbidden");
    assert.deepEqual(seen.find((op) => op.userId === 1002), { name: "onelogin.enrolledFactors", provider: "onelogin", userId: 1002 });
  } finally {
    await p.close();
  }
});

test("unknown paths, wrong methods, queries, bad and oversized bodies are refused before anything is sent", async () => {
  const p = await startProxy({ ...upstreams(sb.url), allow: OPERATIONS.map(([n]) => n), authorize: () => true, maxBodyBytes: 2048 });
  try {
    await sb.clearRequests();
    const raw = (path, init = {}) => fetch(`${p.origin}${path}`, init);
    const json = { "content-type": "application/json" };
    const cases = [
      ["GET", "/mfa/riffyn/auth", 404],
      ["PUT", "/mfa/onelogin/api/1/users/1001/otp_devices", 404],
      ["DELETE", "/mfa/onelogin/api/1/users/1001", 404],
      ["POST", "/mfa/onelogin/auth/oauth2/v2/token", 404],
      ["GET", "/mfa/belvo/api/institutions/", 404],
      ["GET", "/mfa/belvo/api/links/", 404],
      ["GET", "/mfa/onelogin/api/1/users/abc/otp_devices", 404],
      ["GET", "/mfa/onelogin/api/1/users/1001/otp_devices?x=1", 404],
      ["GET", "/mfa/other/api", 404],
      ["GET", "/elsewhere", 404],
      ["POST", "/mfa/belvo/api/links/", 400, "[1,2]"],
      ["POST", "/mfa/belvo/api/links/", 400, "{not json"],
      ["DELETE", "/mfa/onelogin/api/1/users/1001/otp_devices/525001", 400, "{}"],
      ["POST", "/mfa/belvo/api/links/", 413, JSON.stringify({ institution: "x".repeat(4096) })],
    ];
    for (const [method, path, status, body] of cases) {
      const res = await raw(path, { method, headers: json, body: method === "GET" && !body ? undefined : body });
      assert.equal(res.status, status, `${method} ${path}`);
      assert.equal(res.headers.get("cache-control"), "no-store");
      const answer = await res.json();
      assert.equal(answer.mfaProxy, answer.error, `${method} ${path}: the proxy's own answer`);
    }
    const form = await raw("/mfa/belvo/api/links/", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    assert.equal(form.status, 415, "a body that is not declared JSON (a cross-site form post) is refused");
    assert.deepEqual(await providerCalls(), [], "nothing reached the provider");

    // The browser clients read the proxy's answers by status.
    const missing = await rejection(new RiffynClient({ baseUrl: `${p.url}/nowhere` }).login({ username: "a", password: "b" }));
    assert.deepEqual([missing.code, missing.status], ["not_found", 404]);
    const big = await rejection(clients(p.url).belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "x".repeat(1000), password2: "y".repeat(1000), username2: "z".repeat(1000) }));
    assert.equal(big.status, 413);
    assert.equal(p.results.length, 0);
  } finally {
    await p.close();
  }
});

test("Cookie and (outside Riffyn's login) Authorization stay behind; no credential or token comes back", async () => {
  const p = await startProxy({ ...upstreams(sb.url), allow: OPERATIONS.map(([n]) => n), authorize: () => true });
  try {
    await sb.clearRequests();
    const browser = { cookie: "sid=browser-session-cookie", "x-csrf-token": "csrf-1" };
    const c = clients(p.url, browser);
    await c.riffyn.login({ username: "alice", password: "correct-horse-battery" });
    await c.belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" });
    await c.onelogin.enrolledFactors(1001);
    // A browser that sends its own Authorization to Belvo and OneLogin.
    const forged = { ...browser, authorization: "Bearer browser-forged-token", "content-type": "application/json" };
    await fetch(`${p.url}/onelogin/api/1/users/1001/otp_devices`, { headers: forged });
    await fetch(`${p.url}/belvo/api/links/`, { method: "POST", headers: forged, body: JSON.stringify({ institution: "erebor_mx_retail", username: "bnk100", password: "full" }) });
    await settle(c.onelogin.generateMfaToken(1001)); // a token in the body, for the scan below

    const log = await sb.requests();
    const calls = log.filter((r) => !r.path.includes("/oauth2/"));
    assert.equal(calls.length, 6);
    for (const r of calls) {
      assert.equal(r.headers.cookie, undefined, `${r.path}: no Cookie`);
      assert.equal(r.headers["x-csrf-token"], undefined, `${r.path}: the page's own headers stay behind`);
      assert.doesNotMatch(r.headers.authorization ?? "", /browser-forged-token/);
    }
    const auth = (provider) => calls.filter((r) => r.provider === provider).map((r) => r.headers.authorization);
    assert.deepEqual(auth("riffyn"), [`Basic ${Buffer.from("alice:correct-horse-battery").toString("base64")}`], "Riffyn's login credentials are its payload");
    const belvoBasic = `Basic ${Buffer.from(`${KEYS.belvo.secretId}:${KEYS.belvo.secretPassword}`).toString("base64")}`;
    assert.deepEqual(auth("belvo"), [belvoBasic, belvoBasic]);
    const bearers = new Set(auth("onelogin"));
    assert.equal(bearers.size, 1, "one cached token");
    const [bearer] = bearers;
    assert.match(bearer, /^Bearer \S+$/);
    assert.equal(log.filter((r) => r.path.includes("/oauth2/")).length, 1, "the token was fetched once");

    const secrets = secretForms(KEYS.belvo.secretPassword, KEYS.onelogin.clientSecret, belvoBasic.slice(6), bearer.slice(7),
      `${KEYS.onelogin.clientId}:${KEYS.onelogin.clientSecret}`);
    assert.ok(p.answers.length >= 6);
    for (const a of p.answers) {
      const text = `${JSON.stringify(a.headers)} ${a.body}`;
      for (const s of secrets) assert.ok(!text.includes(s), `an answer holds a credential (${a.status})`);
      assert.equal(a.headers["set-cookie"], undefined);
      assert.equal(a.headers["cache-control"], "no-store");
    }
  } finally {
    await p.close();
  }
});

test("OneLogin's token is renewed when the provider refuses it; a refused client secret shows nothing", async () => {
  const p = await startProxy({ ...upstreams(sb.url), authorize: () => true });
  const wrong = await startProxy({ ...upstreams(sb.url), onelogin: { baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "wrong-client-secret-value" }, authorize: () => true });
  try {
    const c = clients(p.url);
    await c.onelogin.enrolledFactors(1001);
    await sb.control("POST", "/onelogin/revoke");
    assert.equal((await c.onelogin.enrolledFactors(1001)).length, 2, "renewed and resent once");
    const tokenCalls = (await sb.requests("onelogin")).filter((r) => r.path.includes("/oauth2/"));
    assert.equal(tokenCalls.length, 2);

    const error = await rejection(clients(wrong.url).onelogin.enrolledFactors(1001));
    assert.deepEqual([error.code, error.status], ["server_error", 502]);
    // The client retries a GET on 502; each try is refused by the token endpoint again.
    assert.ok(wrong.results.length >= 1);
    for (const r of wrong.results) assert.deepEqual(summary(r), ["onelogin.enrolledFactors", "failed", "unauthorized"]);
    for (const a of wrong.answers) {
      for (const s of secretForms("wrong-client-secret-value", "sbx-client-id:wrong-client-secret-value")) assert.ok(!a.body.includes(s));
    }
  } finally {
    await p.close();
    await wrong.close();
  }
});

test("createMfaProxy checks its options and never echoes a secret", () => {
  const bad = [
    [{}, /authorize/],
    [{ authorize: () => true, basePath: "mfa" }, /basePath/],
    [{ authorize: () => true, allow: ["onelogin.everything"] }, /allow/],
    [{ authorize: () => true, maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ authorize: () => true, belvo: { baseUrl: "http://belvo.example", secretId: "id", secretPassword: "pw-very-secret" } }, /belvo\.baseUrl/],
    [{ authorize: () => true, belvo: { baseUrl: "https://belvo.example", secretId: "id" } }, /belvo\.secretPassword/],
    [{ authorize: () => true, onelogin: { baseUrl: "https://x.onelogin.example", clientId: "id", clientSecret: "" } }, /clientSecret/],
    [{ authorize: () => true, onelogin: { baseUrl: "https://x.onelogin.example", clientSecret: "cs-very-secret" } }, /clientId and clientSecret/],
    [{ authorize: () => true, onelogin: { baseUrl: "https://x.onelogin.example" } }, /accessToken or clientId/],
  ];
  for (const [options, message] of bad) {
    let error;
    try {
      createMfaProxy(options);
    } catch (e) {
      error = e;
    }
    assert.ok(isMfaError(error), `${message}: throws an MfaError`);
    assert.match(error.message, message);
    assert.doesNotMatch(`${error.message} ${JSON.stringify(error)}`, /very-secret/);
  }
  // Inherited properties are not options.
  assert.throws(() => createMfaProxy(Object.create({ authorize: () => true })), /authorize/);
  assert.throws(() => createMfaProxy({ authorize: () => true, riffyn: { baseUrl: "https://riffyn.example/v1" } }), /subject/);
  // Not in a page: the keys would be readable there.
  globalThis.document = {};
  try {
    assert.throws(() => createMfaProxy({ authorize: () => true, belvo: { baseUrl: "https://b.example", secretId: "i", secretPassword: "p" } }),
      (e) => isMfaError(e) && e.code === "browser_secret");
  } finally {
    delete globalThis.document;
  }
});

test("handle(Request) serves the same routes for Fetch-API servers", async () => {
  const results = [];
  const proxy = createMfaProxy({ ...upstreams(sb.url), authorize: (op, request) => request.headers.get("x-app-session") === "ok", subject: () => "s", onResult: (r) => results.push(r) });
  const basic = `Basic ${Buffer.from("alice:correct-horse-battery").toString("base64")}`;
  const ok = await proxy.handle(new Request("http://app.test/mfa/riffyn/auth", { method: "POST", headers: { authorization: basic, "x-app-session": "ok" } }));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("cache-control"), "no-store");
  assert.equal((await ok.json()).status, "MFA_REQUIRED");
  const refused = await proxy.handle(new Request("http://app.test/mfa/riffyn/auth", { method: "POST", headers: { authorization: basic } }));
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error, "forbidden");
  const outside = await proxy.handle(new Request("http://app.test/other"));
  assert.equal(outside.status, 404);
  assert.deepEqual(results.map(summary), [["riffyn.login", "pending", null]]);
});
