// What a server can do to the built package: broken bodies, huge or slow bodies, resets,
// rate limits, aborts mid-body (against a scripted fault server, with the real fetch); GET retries
// counted server-side; then 10,000 random answers through an injected fetch, after which the same
// client instances still complete normal flows against the sandbox.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, totp } from "mfa-flows";
import { faultServer } from "./fault-server.mjs";
import { sandbox, rejection, ERROR_CODES } from "./helpers.mjs";

const CODES = new Set(ERROR_CODES);
const FUTURE = () => new Date(Date.now() + 600_000).toISOString();

let fs;
before(async () => { fs = await faultServer(); });
after(() => fs.close());
beforeEach(() => fs.clear());

/** Asserts an MfaError of `code` (any code when omitted) and returns it. */
function assertMfa(e, code, what = "") {
  assert.ok(e instanceof MfaError, `${what}: expected an MfaError, got ${e?.constructor?.name}: ${e?.message ?? e}`);
  assert.ok(CODES.has(e.code), `${what}: unknown code ${e.code}`);
  assert.equal(typeof e.message, "string");
  assert.ok(e.message.length > 0);
  if (code) assert.equal(e.code, code, `${what}: ${e.message}`);
  return e;
}

/** One call per method of the three clients, all against `baseUrl` (each sends one request). */
function methods(baseUrl, options = {}) {
  const r = new RiffynClient({ baseUrl, ...options });
  const b = new BelvoClient({ baseUrl, secretId: "sid", secretPassword: "spw", ...options });
  const o = new OneLoginClient({ baseUrl, accessToken: "tok", ...options });
  const challenge = () => ({
    status: "TOKEN_REQUIRED", session: "s1", link: "l1", expiresAt: FUTURE(), expirySeconds: 600,
    resumePath: "/api/links/", tokenGenerationData: { expectsUserInput: true },
  });
  return [
    { name: "riffyn.login", method: "POST", call: (c) => r.login({ username: "u", password: "p" }, c) },
    { name: "riffyn.verify", method: "POST", call: (c) => r.verify({ stateToken: "s", factorId: "f", passCode: "123456" }, c) },
    { name: "belvo.registerLink", method: "POST", call: (c) => b.registerLink({ institution: "i", username: "u", password: "p" }, c) },
    { name: "belvo.retrieve", method: "POST", call: (c) => b.retrieve("accounts", { link: "l1" }, c) },
    { name: "belvo.resume", method: "PATCH", call: (c) => b.resume(challenge(), { token: "123456" }, c) },
    { name: "onelogin.availableFactors", method: "GET", call: (c) => o.availableFactors(1001, c) },
    { name: "onelogin.enrolledFactors", method: "GET", call: (c) => o.enrolledFactors(1001, c) },
    { name: "onelogin.enrollFactor", method: "POST", call: (c) => o.enrollFactor(1001, { factorId: 16282, displayName: "p", number: "+1" }, c) },
    { name: "onelogin.activateFactor", method: "POST", call: (c) => o.activateFactor(1001, 525001, {}, c) },
    { name: "onelogin.verifyFactor", method: "POST", call: (c) => o.verifyFactor(1001, 525001, { otpToken: "123456" }, c) },
    { name: "onelogin.removeFactor", method: "DELETE", call: (c) => o.removeFactor(1001, 525001, c) },
    { name: "onelogin.generateMfaToken", method: "POST", call: (c) => o.generateMfaToken(1001, {}, c) },
  ];
}

/** Runs every method against one scripted action (three copies: a GET may retry twice). */
async function eachMethod(action, check, { skip = [], options = {} } = {}) {
  for (const m of methods(fs.url, options)) {
    if (skip.includes(m.name)) continue;
    fs.clear();
    fs.script(action, action, action);
    const started = Date.now();
    let outcome;
    try {
      outcome = { value: await m.call() };
    } catch (error) {
      outcome = { error };
    }
    await check(m, outcome, { requests: fs.requests.length, ms: Date.now() - started });
  }
}

const rejects = (code, extra) => async (m, { value, error }, info) => {
  assert.ok(error, `${m.name} resolved ${JSON.stringify(value)}`);
  const e = assertMfa(error, code, m.name);
  await extra?.(m, e, info);
};

test("malformed JSON (200) → bad_response with the status", async () => {
  await eachMethod({ status: 200, headers: { "content-type": "application/json" }, body: '{"status":"SUCC' },
    rejects("bad_response", (m, e) => assert.equal(e.status, 200, m.name)),
    // A 2xx DELETE with any body is a removal.
    { skip: ["onelogin.removeFactor"] });
});

test("an empty body (200) → bad_response", async () => {
  await eachMethod({ status: 200, body: "" }, rejects("bad_response"),
    { skip: ["onelogin.removeFactor"] });
});

test("a 200 that is not JSON never verifies a OneLogin factor", async () => {
  const o = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok" });
  for (const body of ["", '{"status":', "<html><body>Welcome</body></html>"]) {
    fs.script({ status: 200, body });
    const e = await rejection(o.verifyFactor(1001, 525001, { otpToken: "123456" }));
    assertMfa(e, "bad_response", JSON.stringify(body));
  }
});

test("an HTML 502 page → server_error (GETs retried twice, others sent once)", async () => {
  const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
  await eachMethod({ status: 502, headers: { "content-type": "text/html" }, body: html },
    rejects("server_error", (m, e, { requests }) => {
      assert.equal(e.status, 502, m.name);
      assert.doesNotMatch(e.message, /<html|<h1/, m.name);
      assert.equal(requests, m.method === "GET" ? 3 : 1, `${m.name}: requests`);
    }));
});

test("JSON of the wrong shape → bad_response (Belvo passes any JSON through as data)", async () => {
  const body = JSON.stringify({ unexpected: [1, 2, { deep: null }], data: "x", items: [] });
  await eachMethod({ status: 200, headers: { "content-type": "application/json" }, body }, async (m, { value, error }) => {
    if (m.name.startsWith("belvo.")) {
      assert.equal(value?.status, "SUCCESS", m.name);
      assert.deepEqual(value.data, JSON.parse(body));
    } else {
      assertMfa(error, "bad_response", m.name);
    }
  }, { skip: ["onelogin.removeFactor"] });
});

test("a 5 MB body → bad_response; the read stops at the 1 MiB cap", async () => {
  await eachMethod({ status: 200, bytes: 5 * 1024 * 1024 }, rejects("bad_response", async (m, e) => {
    assert.equal(e.status, 200, m.name);
    assert.match(e.message, /too large/, m.name);
    const stream = fs.streams.at(-1);
    for (let i = 0; i < 100 && !stream.closed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(stream.closed && !stream.finished, `${m.name}: the server never finished sending`);
    assert.ok(stream.written < 5 * 1024 * 1024, `${m.name}: wrote ${stream.written}`);
  }));
});

test("a body that drips slowly past timeoutMs → timeout (never retried)", async () => {
  const body = JSON.stringify({ status: "SUCCESS", accessToken: "t", pad: "x".repeat(200) });
  await eachMethod({ status: 200, drip: body, everyMs: 20 }, rejects("timeout", (m, e, { requests, ms }) => {
    assert.equal(requests, 1, m.name);
    assert.ok(ms < 2_000, `${m.name}: took ${ms} ms`);
  }), { options: { timeoutMs: 250 } });
});

test("a connection reset → network (GETs retried twice)", async () => {
  await eachMethod({ reset: true }, rejects("network", (m, e, { requests }) => {
    assert.equal(e.status, undefined);
    assert.equal(requests, m.method === "GET" ? 3 : 1, `${m.name}: requests`);
  }));
});

test("429 with Retry-After → rate_limited with retryAfterMs, never retried", async () => {
  await eachMethod({ status: 429, headers: { "retry-after": "7", "content-type": "text/plain" }, body: "Too Many Requests" },
    rejects("rate_limited", (m, e, { requests }) => {
      assert.equal(e.status, 429, m.name);
      assert.equal(e.retryAfterMs, 7000, m.name);
      assert.equal(requests, 1, m.name);
    }));
});

test("an abort mid-body → aborted", async () => {
  for (const m of methods(fs.url, { timeoutMs: 0 })) {
    fs.clear();
    fs.script({ status: 200, headers: { "content-type": "application/json" }, partial: '{"status":"SUCCESS","acc' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const e = await rejection(m.call({ signal: ctrl.signal }));
    assertMfa(e, "aborted", m.name);
    assert.equal(fs.requests.length, 1, m.name);
  }
});

// ---------------------------------------------------------------------------------------------
// GET retries, counted on the server

test("GET retries: 503, 503, 200 → success after three requests; jittered backoff", async () => {
  const o = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok" });
  const ok = { status: 200, json: { status: { error: false, code: 200, type: "success", message: "Success" }, data: { otp_devices: [{ id: 7 }] } } };
  fs.script({ status: 503, body: "busy" }, { status: 503, body: "busy" }, ok);
  const started = Date.now();
  const devices = await o.enrolledFactors(1001);
  const ms = Date.now() - started;
  assert.deepEqual(devices, [{ id: 7 }]);
  assert.equal(fs.requests.length, 3);
  assert.ok(fs.requests.every((r) => r.method === "GET"));
  // 250 ms × 2^attempt × [0.5, 1.5): 125–375 ms, then 250–750 ms
  assert.ok(ms >= 350 && ms < 2_000, `took ${ms} ms`);
});

test("GET retries: two resets then an answer; three resets → network", async () => {
  const o = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok" });
  const ok = { status: 200, json: { status: { error: false, code: 200 }, data: { auth_factors: [{ name: "OneLogin SMS", factor_id: 16282 }] } } };
  fs.script({ reset: true }, { reset: true }, ok);
  assert.deepEqual(await o.availableFactors(1001), [{ factorId: 16282, name: "OneLogin SMS" }]);
  assert.equal(fs.requests.length, 3);
  fs.clear();
  fs.script({ reset: true }, { reset: true }, { reset: true }, ok);
  assertMfa(await rejection(o.availableFactors(1001)), "network");
  assert.equal(fs.requests.length, 3, "at most two retries");
});

test("GET retries honour Retry-After (≤ 5 s) and give up on a longer one", async () => {
  const o = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok" });
  const ok = { status: 200, json: { status: { error: false }, data: { otp_devices: [] } } };
  fs.script({ status: 503, headers: { "retry-after": "1" } }, ok);
  let started = Date.now();
  assert.deepEqual(await o.enrolledFactors(1001), []);
  assert.ok(Date.now() - started >= 1_000, `waited ${Date.now() - started} ms`);
  assert.equal(fs.requests.length, 2);
  fs.clear();
  fs.script({ status: 503, headers: { "retry-after": "60" } }, ok);
  started = Date.now();
  const e = assertMfa(await rejection(o.enrolledFactors(1001)), "server_error");
  assert.equal(e.status, 503);
  assert.equal(fs.requests.length, 1, "a 60 s Retry-After is not waited for");
  assert.ok(Date.now() - started < 1_000);
});

test("GET retries stop when the signal fires during the backoff", async () => {
  const o = new OneLoginClient({ baseUrl: fs.url, accessToken: "tok" });
  fs.script({ status: 503, headers: { "retry-after": "5" } }, { status: 200, json: {} });
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 150);
  const started = Date.now();
  assertMfa(await rejection(o.enrolledFactors(1001, { signal: ctrl.signal })), "aborted");
  assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(fs.requests.length, 1, "no request after the abort");
});

test("POST, PATCH and DELETE are never retried (502/503/504, reset)", async () => {
  for (const action of [{ status: 502 }, { status: 503 }, { status: 504 }, { reset: true }]) {
    for (const m of methods(fs.url).filter((m) => m.method !== "GET")) {
      fs.clear();
      fs.script(action, action, action);
      assertMfa(await rejection(m.call()), action.reset ? "network" : "server_error", m.name);
      assert.equal(fs.requests.length, 1, `${m.name} ${JSON.stringify(action)}`);
      assert.equal(fs.requests[0].method, m.method);
    }
  }
  // The OAuth token request (a POST) is not retried either.
  const cc = new OneLoginClient({ baseUrl: fs.url, clientId: "id", clientSecret: "secret" });
  fs.clear();
  fs.script({ status: 503 }, { status: 503 }, { status: 503 });
  assertMfa(await rejection(cc.enrolledFactors(1001)), "server_error");
  assert.equal(fs.requests.length, 1);
  assert.match(fs.requests[0].path, /oauth2\/v2\/token$/);
});

// ---------------------------------------------------------------------------------------------
// 10,000 random answers through an injected fetch

/** mulberry32: a small seeded PRNG, so that a failure can be replayed with its seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOCUMENTED = [
  '{"status":"MFA_REQUIRED","stateToken":"st","expiresAt":"2030-01-01T00:05:00.000Z","factors":[{"id":"uft1","factorType":"token:software:totp","provider":"GOOGLE"}]}',
  '{"status":"SUCCESS","username":"jdoe","accessToken":"at","apiKey":"k"}',
  '{"error":"Invalid passCode"}',
  '[{"code":"token_required","message":"A MFA token is required","request_id":"r","session":"s","expiry":9600,"link":"l","token_generation_data":{"type":"numeric","value":"12345"}}]',
  '[{"code":"token_required","session":"s","expiry":"720","link":"l","token_generation_data":{}}]',
  '{"detail":"Token Required","session":"s","expiry":9600,"link":"l"}',
  '[{"code":"session_expired","message":"expired","request_id":"r"}]',
  '[{"code":"login_error","message":"wrong"}]',
  '{"id":"30cb4806","institution":"erebor_mx_retail","status":"valid"}',
  '{"status":{"error":false,"code":200,"type":"success","message":"Success"},"data":{"auth_factors":[{"name":"OneLogin SMS","factor_id":16282}]}}',
  '{"status":{"code":200,"error":false},"data":[{"id":525509,"state_token":"f24","needs_trigger":true,"auth_factor_name":"Onelogin SMS"}]}',
  '{"status":{"type":"success","code":200,"error":false},"data":{"otp_devices":[{"id":525509,"active":true},{"id":"526532","default":"false"}]}}',
  '{"status":{"type":"success","code":200,"message":"Authentication pending.","error":false},"data":[{"state_token":"98e","id":35510511,"device_id":525509}]}',
  '{"status":{"type":"bad request","code":400,"message":"User does not exist","error":true}}',
  '{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}',
  '{"status":"pending"}',
  '{"mfa_token":"55647655","resuable":true,"expires_at":"2019-01-16 22:16:38+00:00"}',
  '{"access_token":"tok","expires_in":36000,"token_type":"bearer"}',
  '{"access_token":"tok","expires_in":1e308}',
  "<html><body>502</body></html>",
];

function randomJson(rand, depth = 0) {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    return [null, true, false, 0, -1, 1.5, 1e308, 9007199254740993, "", "x", "token_required", "SUCCESS", "pending",
      "2030-01-01T00:00:00Z", "\u0000", "\u202e", "é"][Math.floor(rand() * 17)];
  }
  const keys = ["status", "data", "code", "message", "session", "expiry", "link", "token_generation_data", "id",
    "device_id", "state_token", "stateToken", "accessToken", "access_token", "expires_in", "mfa_token", "factors",
    "auth_factors", "otp_devices", "factor_id", "name", "error", "type", "detail", "request_id", "expires_at"];
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) },
    () => [keys[Math.floor(rand() * keys.length)], randomJson(rand, depth + 1)]));
}

function mutate(rand, text) {
  try {
    const doc = JSON.parse(text);
    const nodes = [];
    const walk = (v, set) => {
      nodes.push(set);
      if (v && typeof v === "object") for (const k of Object.keys(v)) walk(v[k], (x) => { v[k] = x; });
    };
    let root = doc;
    walk(doc, (x) => { root = x; });
    nodes[Math.floor(rand() * nodes.length)](randomJson(rand));
    return JSON.stringify(root);
  } catch {
    return text;
  }
}

function randomBody(rand) {
  const r = rand();
  const doc = DOCUMENTED[Math.floor(rand() * DOCUMENTED.length)];
  if (r < 0.25) return doc;
  if (r < 0.5) return mutate(rand, doc);
  if (r < 0.65) return JSON.stringify(randomJson(rand));
  if (r < 0.75) {
    const cut = Math.floor(rand() * doc.length);
    return doc.slice(0, cut) + (rand() < 0.5 ? "" : String.fromCharCode(Math.floor(rand() * 0xffff)));
  }
  if (r < 0.85) return Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
  if (r < 0.9) {
    const open = ["[", '{"data":', '{"status":', '[{"status":'][Math.floor(rand() * 4)];
    return open.repeat(1 + Math.floor(rand() * 50_000));
  }
  if (r < 0.91) return "x".repeat(1024 * 1024 + Math.floor(rand() * 4096)); // just over the cap
  if (r < 0.93) return `{"error":"${"y".repeat(Math.floor(rand() * 300_000))}"}`;
  return "";
}

function randomHeaders(rand) {
  const headers = {};
  if (rand() < 0.3) headers["retry-after"] = ["0", "1", "2", "-1", "abc", "1e309", "NaN", "4294967296", "Wed, 21 Oct 2015 07:28:00 GMT", ""][Math.floor(rand() * 10)];
  if (rand() < 0.2) headers["x-ratelimit-reset"] = String(Math.floor(rand() * 3));
  if (rand() < 0.3) headers["x-request-id"] = Math.floor(rand() * 1e12).toString(36).repeat(1 + Math.floor(rand() * 40));
  if (rand() < 0.5) headers["content-type"] = ["application/json", "text/html", "text/plain", "application/octet-stream"][Math.floor(rand() * 4)];
  return headers;
}

/** A random answer: a Response of a random status, headers and body, or a failing fetch. */
async function randomAnswer(rand) {
  await new Promise((r) => setTimeout(r, Math.floor(rand() * 3))); // 0–2 ms
  const r = rand();
  if (r < 0.03) throw new TypeError("fetch failed");
  if (r < 0.04) return { status: 200, body: null, headers: { get: () => null }, text: async () => "{}" }; // Response-like
  if (r < 0.05) return "not a response";
  if (r < 0.06) {
    const stream = new ReadableStream({ pull(c) { c.enqueue(new TextEncoder().encode('{"sta')); c.error(new Error("reset")); } });
    return new Response(stream, { status: 200 });
  }
  const statuses = [200, 201, 204, 400, 401, 403, 404, 409, 428, 429, 500, 502, 503, 504];
  const status = rand() < 0.8 ? statuses[Math.floor(rand() * statuses.length)] : 200 + Math.floor(rand() * 400);
  const nullBody = [204, 205, 304].includes(status);
  return new Response(nullBody ? null : randomBody(rand), { status, headers: randomHeaders(rand) });
}

/** Checks a resolved value against its method's TypeScript type. */
const shapes = {
  riffyn: (v) => (v.status === "SUCCESS" && typeof v.accessToken === "string") ||
    (v.status === "MFA_REQUIRED" && typeof v.stateToken === "string" && Array.isArray(v.factors) &&
      v.factors.every((f) => typeof f.id === "string")),
  belvo: (v) => (v.status === "SUCCESS" && Number.isInteger(v.httpStatus) && "data" in v) ||
    (v.status === "TOKEN_REQUIRED" && typeof v.session === "string" && typeof v.link === "string" &&
      !Number.isNaN(Date.parse(v.expiresAt)) && Number.isInteger(v.expirySeconds) && typeof v.resumePath === "string"),
  factors: (v) => Array.isArray(v) && v.every((f) => Number.isSafeInteger(f.factorId) && typeof f.name === "string"),
  devices: (v) => Array.isArray(v) && v.every((d) => Number.isSafeInteger(d.id)),
  device: (v) => Number.isSafeInteger(v.id),
  activation: (v) => Number.isSafeInteger(v.deviceId) && typeof v.stateToken === "string" && !Number.isNaN(Date.parse(v.expiresAt)),
  verification: (v) => v.status === "VERIFIED" || v.status === "PENDING",
  verified: (v) => v.status === "VERIFIED",
  none: (v) => v === undefined,
  mfaToken: (v) => typeof v.mfaToken === "string" && typeof v.reusable === "boolean",
};

test("10,000 random answers: every call resolves a well-typed value or rejects an MfaError; the same clients then complete normal flows", async () => {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1e9);
  const rand = prng(seed);
  const sb = await sandbox();
  try {
    let mode = "random";
    const fetch = (url, init) => (mode === "random" ? randomAnswer(rand) : globalThis.fetch(url, init));
    const riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1`, fetch, timeoutMs: 5_000 });
    const belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, fetch, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" });
    const onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, fetch, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
    const soon = () => new Date(Date.now() + 1_200).toISOString();
    const challenge = () => ({ status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: FUTURE(), expirySeconds: 600,
      resumePath: ["/api/links/", "/api/accounts/"][Math.floor(rand() * 2)], tokenGenerationData: { expectsUserInput: rand() < 0.5 } });
    const calls = [
      ["riffyn", () => riffyn.login({ username: "alice", password: "pw" })],
      ["riffyn", () => riffyn.verify({ stateToken: "st", factorId: "uft1", passCode: "123456" })],
      ["belvo", () => belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" })],
      ["belvo", () => belvo.retrieve("transactions", { link: "l", dateFrom: "2026-01-01", dateTo: "2026-01-31" })],
      ["belvo", () => belvo.resume(challenge(), { token: "123456" })],
      ["factors", () => onelogin.availableFactors(1001)],
      ["devices", () => onelogin.enrolledFactors(1001)],
      ["device", () => onelogin.enrollFactor(1002, { factorId: 16282, displayName: "Phone", number: "+15550100" })],
      ["activation", () => onelogin.activateFactor(1001, 525001)],
      ["verification", () => onelogin.verifyFactor(1001, 525001, { otpToken: "123456" })],
      ["verified", () => onelogin.waitForPush(1001, 526001, { deviceId: 526001, stateToken: "st", expiresAt: soon() }, { intervalMs: 500 })],
      ["none", () => onelogin.removeFactor(1001, 525001)],
      ["mfaToken", () => onelogin.generateMfaToken(1001, { expiresIn: 300 })],
    ];
    const TOTAL = 10_000;
    const outcomes = { resolved: 0, codes: {} };
    const failures = [];
    let next = 0;
    async function worker() {
      while (next < TOTAL) {
        const i = next++;
        const [shape, call] = calls[i % calls.length];
        try {
          const value = await call();
          if (!shapes[shape](value)) failures.push(`#${i} ${shape}: resolved ${JSON.stringify(value)?.slice(0, 200)}`);
          outcomes.resolved++;
        } catch (e) {
          if (!(e instanceof MfaError) || !CODES.has(e.code) || typeof e.message !== "string" || !e.message) {
            failures.push(`#${i} ${shape}: rejected ${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 200)}`);
          } else if (e.status !== undefined && !(Number.isInteger(e.status) && e.status >= 100 && e.status <= 599)) {
            failures.push(`#${i} ${shape}: status ${e.status}`);
          } else {
            outcomes.codes[e.code] = (outcomes.codes[e.code] ?? 0) + 1;
          }
        }
      }
    }
    await Promise.all(Array.from({ length: 200 }, worker));
    assert.deepEqual(failures.slice(0, 20), [], `seed ${seed}: ${failures.length} bad outcomes`);
    assert.equal(outcomes.resolved + Object.values(outcomes.codes).reduce((a, b) => a + b, 0), TOTAL);
    // The answers were random enough to reach both ends.
    assert.ok(outcomes.resolved > 100, JSON.stringify(outcomes));
    if (process.env.FAULT_VERBOSE) console.log(`seed ${seed}`, JSON.stringify(outcomes));
    for (const code of ["bad_response", "server_error", "network", "rate_limited", "provider_error"]) {
      assert.ok(outcomes.codes[code] > 0, `no ${code}: ${JSON.stringify(outcomes)}`);
    }

    // The same instances, now against the sandbox.
    mode = "sandbox";
    await sb.reset();
    const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
    assert.equal(step.status, "MFA_REQUIRED");
    const { now } = await sb.control("GET", "/clock");
    const done = await riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: totp("JBSWY3DPEHPK3PXP", { timestamp: now }) });
    assert.equal(done.status, "SUCCESS");

    const challengeStep = await belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" });
    assert.equal(challengeStep.status, "TOKEN_REQUIRED");
    const link = await belvo.resume(challengeStep, { token: "123456" });
    assert.equal(link.status, "SUCCESS");

    assert.deepEqual((await onelogin.enrolledFactors(1001)).map((d) => d.id).sort(), [525001, 526001]);
    const temp = await onelogin.generateMfaToken(1001);
    assert.deepEqual(await onelogin.verifyFactor(1001, 0, { otpToken: temp.mfaToken }), { status: "VERIFIED", message: "Success" });
  } finally {
    await sb.close();
  }
});
