// Belvo against the sandbox with the real fetch: 428 token_required → resume, chained,
// inputless and QR challenges, the legacy shape, expiry (local and server-side), retrievals,
// rate limits, bad keys, input checks, and the requests as the sandbox saw them.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
// Against the Belvo entry a bank-link page imports (docs/API.md, "Loading").
import { BelvoClient, MfaError, isMfaError } from "mfa-flows/belvo";
import { assertPlainJson, sandbox, rejection } from "./helpers.mjs";

const KEYS = { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" };
const BANK = { username: "bnk100", password: "full" };
const BASIC = `Basic ${Buffer.from("sbx-secret-id:sbx-secret-password").toString("base64")}`;
const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let sb, client;

before(async () => {
  sb = await sandbox();
  client = new BelvoClient({ baseUrl: `${sb.url}/belvo`, ...KEYS });
});
after(() => sb.close());
beforeEach(() => sb.reset());

const register = (institution, extra = {}) => client.registerLink({ institution, ...BANK, ...extra });

/** Asserts an MfaError of `code` from Belvo and returns it. */
function assertMfa(e, code, status) {
  assert.ok(e instanceof MfaError, `not an MfaError: ${e}`);
  assert.ok(isMfaError(e));
  assert.equal(e.name, "MfaError");
  assert.equal(e.code, code, e.message);
  if (status !== undefined) {
    assert.equal(e.status, status);
    assert.equal(e.provider, "belvo");
  }
  return e;
}

/** A registered, valid link of `institution` (completing its MFA with 123456). */
async function validLink(institution) {
  let step = await register(institution);
  for (const token of ["123456", "654321"]) {
    if (step.status !== "TOKEN_REQUIRED") break;
    step = await client.resume(step, { token });
  }
  assert.equal(step.status, "SUCCESS");
  return step.data.id;
}

test("register → 428 → resume with the right token → SUCCESS with the link", async () => {
  const before = Date.now();
  const step = await register("numeric_mx_bank");
  assert.equal(step.status, "TOKEN_REQUIRED");
  assert.match(step.session, HEX32);
  assert.match(step.link, UUID);
  assert.match(step.requestId, HEX32);
  assert.equal(step.message, "A MFA token is required by the institution to login");
  assert.equal(step.expirySeconds, 600);
  const expiresAt = Date.parse(step.expiresAt);
  assert.ok(expiresAt >= before + 600_000 && expiresAt <= Date.now() + 600_000, step.expiresAt);
  assert.match(step.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(step.resumePath, "/api/links/");
  const tgd = step.tokenGenerationData;
  assert.equal(tgd.type, "numeric");
  assert.match(tgd.value, /^\d{5}$/);
  assert.equal(typeof tgd.instructions, "string");
  assert.equal(tgd.expectsUserInput, true);
  assert.ok(!("token_generation_data" in step) && !("expiry" in step));

  const done = await client.resume(step, { token: "123456" });
  assert.equal(done.status, "SUCCESS");
  assert.equal(done.httpStatus, 200);
  assert.equal(done.data.id, step.link);
  assert.equal(done.data.status, "valid");
  assert.equal(done.data.institution, "numeric_mx_bank");
  assert.ok("access_mode" in done.data, "data is Belvo's JSON as it came (snake_case)");
});

test("a link without MFA is 201 at once", async () => {
  const done = await register("erebor_mx_retail", { accessMode: "recurrent", externalId: "user-42" });
  assert.equal(done.status, "SUCCESS");
  assert.equal(done.httpStatus, 201);
  assert.equal(done.data.access_mode, "recurrent");
  assert.equal(done.data.external_id, "user-42");
});

test("a wrong token is invalid_code, then the right one works", async () => {
  const step = await register("numeric_mx_bank");
  const e = assertMfa(await rejection(client.resume(step, { token: "000000" })), "invalid_code", 400);
  assert.equal(e.providerCode, "login_error");
  assert.match(e.requestId, HEX32);
  assert.doesNotMatch(JSON.stringify(e) + e.message, /000000|sbx-secret-password/);
  const done = await client.resume(step, { token: "123456" });
  assert.equal(done.status, "SUCCESS");
});

test("wrong bank credentials are invalid_credentials", async () => {
  const e = await rejection(client.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "wrong-pw" }));
  assertMfa(e, "invalid_credentials", 400);
  assert.equal(e.providerCode, "login_error");
  assert.doesNotMatch(JSON.stringify(e) + e.message, /wrong-pw/);
});

test("chained 428: a resume answers a new step with a new session", async () => {
  const first = await register("chained_co_bank");
  assert.equal(first.status, "TOKEN_REQUIRED");
  assert.equal(first.expirySeconds, 720, "expiry sent as the string \"720\"");
  assert.equal(first.tokenGenerationData.expectsUserInput, true, "from `expect_user_input`");
  const second = await client.resume(first, { token: "123456" });
  assert.equal(second.status, "TOKEN_REQUIRED");
  assert.notEqual(second.session, first.session);
  assert.equal(second.link, first.link);
  assert.equal(second.expirySeconds, 600);
  assert.equal(second.resumePath, "/api/links/");
  const e = await rejection(client.resume(second, { token: "123456" }));
  assertMfa(e, "invalid_code", 400);
  const done = await client.resume(second, { token: "654321" });
  assert.equal(done.status, "SUCCESS");
  assert.equal(done.data.status, "valid");
});

test("inputless challenge: resume without a token", async () => {
  const step = await register("inputless_mx_bank");
  assert.equal(step.status, "TOKEN_REQUIRED");
  assert.deepEqual(step.tokenGenerationData, { instructions: "Confirm the login in your bank app", expectsUserInput: false });
  await sb.clearRequests();
  const done = await client.resume(step);
  assert.equal(done.status, "SUCCESS");
  const [patch] = await sb.requests("belvo");
  assert.equal(patch.method, "PATCH");
  assert.deepEqual(Object.keys(patch.json).sort(), ["link", "session"]);
});

test("QR challenge: type qr with its payload, resumed without a token", async () => {
  const step = await register("qrcode_br_bank");
  assert.equal(step.tokenGenerationData.type, "qr");
  assert.match(step.tokenGenerationData.value, /^otpauth:\/\/belvo-sandbox\/qrcode_br_bank\?session=/);
  assert.equal(step.tokenGenerationData.expectsUserInput, false);
  const done = await client.resume(step, {});
  assert.equal(done.status, "SUCCESS");
});

test("legacy single-object 428 ({detail: \"Token Required\"})", async () => {
  const step = await register("legacy_mx_bank");
  assert.equal(step.status, "TOKEN_REQUIRED");
  assert.equal(step.expirySeconds, 9600);
  assert.equal(step.tokenGenerationData, undefined);
  assert.match(step.session, HEX32);
  const e = await rejection(client.resume(step));
  assertMfa(e, "invalid_input");
  assert.match(e.message, /token/);
  const done = await client.resume(step, { token: "123456" });
  assert.equal(done.status, "SUCCESS");
});

test("activation_required is a provider_error", async () => {
  const e = await rejection(register("activation_mx_bank"));
  assertMfa(e, "provider_error", 428);
  assert.equal(e.providerCode, "activation_required");
  assert.match(e.requestId, HEX32);
  assert.match(e.message, /web access/);
});

test("expired locally: nothing is sent", async () => {
  const step = await register("numeric_mx_bank");
  await sb.clearRequests();
  const past = { ...step, expiresAt: new Date(Date.now() - 1000).toISOString() };
  const e = await rejection(client.resume(past, { token: "123456" }));
  assertMfa(e, "expired");
  assert.equal(e.provider, "belvo");
  assert.equal(e.status, undefined);
  assert.deepEqual(await sb.requests("belvo"), []);
});

test("expired on the server (sandbox clock moved): session_expired → expired", async () => {
  const step = await register("numeric_mx_bank");
  await sb.advanceClock(601_000);
  assert.ok(Date.parse(step.expiresAt) > Date.now(), "the step's expiresAt is still in the future here");
  const e = await rejection(client.resume(step, { token: "123456" }));
  assertMfa(e, "expired", 400);
  assert.equal(e.providerCode, "session_expired");
  assert.match(e.requestId, HEX32);
});

test("retrieve accounts through a 428, resumed on /api/accounts/ with save_data", async () => {
  const link = await validLink("numeric_mx_bank");
  await sb.clearRequests();
  const step = await client.retrieve("accounts", { link, saveData: true });
  assert.equal(step.status, "TOKEN_REQUIRED");
  assert.equal(step.resumePath, "/api/accounts/");
  assert.equal(step.link, link);
  const done = await client.resume(step, { token: "123456", saveData: true });
  assert.equal(done.status, "SUCCESS");
  assert.equal(done.httpStatus, 201);
  assert.equal(done.data.length, 2);
  assert.equal(done.data[0].link, link);
  const [post, patch] = await sb.requests("belvo");
  assert.equal(post.method, "POST");
  assert.equal(post.path, "/belvo/api/accounts/");
  assert.deepEqual(post.json, { link, save_data: true });
  assert.equal(patch.method, "PATCH");
  assert.equal(patch.path, "/belvo/api/accounts/");
  assert.deepEqual(Object.keys(patch.json).sort(), ["link", "save_data", "session", "token"]);
  assert.equal(patch.json.save_data, true);
});

test("retrieve without MFA; extra camelCase fields go out in snake_case", async () => {
  const link = await validLink("erebor_mx_retail");
  await sb.clearRequests();
  const tx = await client.retrieve("transactions", { link, dateFrom: "2026-01-01", dateTo: "2026-01-31", saveData: false });
  assert.equal(tx.status, "SUCCESS");
  assert.equal(tx.httpStatus, 200);
  assert.ok(Array.isArray(tx.data));
  const inv = await client.retrieve("invoices", { link, dateFrom: "2026-01-01", dateTo: "2026-01-31", type: "INFLOW", attachXml: false });
  assert.equal(inv.status, "SUCCESS");
  assert.equal(inv.httpStatus, 201);
  const [txReq, invReq] = await sb.requests("belvo");
  assert.deepEqual(txReq.json, { link, save_data: false, date_from: "2026-01-01", date_to: "2026-01-31" });
  assert.deepEqual(invReq.json, { link, date_from: "2026-01-01", date_to: "2026-01-31", attach_xml: false, type: "INFLOW" });
});

test("too_many_sessions → rate_limited", async () => {
  await sb.control("POST", "/faults", { provider: "belvo", kind: "too_many_sessions" });
  const e = await rejection(register("numeric_mx_bank"));
  assertMfa(e, "rate_limited", 400);
  assert.equal(e.providerCode, "too_many_sessions");
  const step = await register("numeric_mx_bank");
  assert.equal(step.status, "TOKEN_REQUIRED", "the fault was a one-shot; no automatic retry happened");
});

test("the HTML 403 of Belvo's rate limiter → rate_limited", async () => {
  await sb.control("POST", "/faults", { provider: "belvo", kind: "html_403" });
  const e = await rejection(register("numeric_mx_bank"));
  assertMfa(e, "rate_limited", 403);
  assert.doesNotMatch(e.message, /<html|openresty/);
  await sb.control("DELETE", "/faults");
});

test("a 2xx body that is not JSON → bad_response with the status", async () => {
  await sb.control("POST", "/faults", { provider: "belvo", kind: "raw", status: 200, body: "<html>ok</html>" });
  const e = await rejection(register("numeric_mx_bank"));
  assertMfa(e, "bad_response", 200);
});

test("bad or missing keys → invalid_credentials (Belvo's authentication_failed)", async () => {
  const bad = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "nope-nope" });
  const e = await rejection(bad.registerLink({ institution: "numeric_mx_bank", ...BANK }));
  assertMfa(e, "invalid_credentials", 401);
  assert.equal(e.providerCode, "authentication_failed");
  assert.doesNotMatch(JSON.stringify(e) + e.message, /nope-nope/);
  // Without keys no Authorization header goes out (for a backend proxy that adds it).
  await sb.clearRequests();
  const proxied = new BelvoClient({ baseUrl: `${sb.url}/belvo` });
  assertMfa(await rejection(proxied.registerLink({ institution: "numeric_mx_bank", ...BANK })), "invalid_credentials", 401);
  const [req] = await sb.requests("belvo");
  assert.equal(req.headers.authorization, undefined);
});

test("the requests on the wire: method, path, Basic header, snake_case bodies, no save_data on links", async () => {
  await sb.clearRequests();
  const step = await register("numeric_mx_bank", { accessMode: "single", fetchHistorical: false, credentialsStorage: "30d" });
  await client.resume(step, { token: "123456", saveData: false });
  const [post, patch] = await sb.requests("belvo");
  assert.equal(post.method, "POST");
  assert.equal(post.path, "/belvo/api/links/");
  assert.equal(post.headers.authorization, BASIC);
  assert.match(post.headers["content-type"], /^application\/json/);
  assert.equal(post.headers.accept, "application/json");
  assert.deepEqual(post.json, {
    institution: "numeric_mx_bank", username: "bnk100", password: "full",
    access_mode: "single", fetch_historical: false, credentials_storage: "30d",
  });
  assert.equal(post.status, 428);
  assert.equal(patch.method, "PATCH");
  assert.equal(patch.path, "/belvo/api/links/");
  assert.equal(patch.headers.authorization, BASIC);
  assert.match(patch.headers["content-type"], /^application\/json/);
  assert.deepEqual(patch.json, { session: step.session, link: step.link, token: "123456" });
  assert.equal(patch.status, 200);
});

test("a step survives JSON round trip into a new client (unknown app fields ignored)", async () => {
  const step = await register("chained_co_bank");
  const stored = JSON.stringify({ ...step, myAppState: { returnTo: "/accounts" } });
  const other = new BelvoClient({ baseUrl: `${sb.url}/belvo`, ...KEYS });
  const second = await other.resume(JSON.parse(stored), { token: "123456" });
  assert.equal(second.status, "TOKEN_REQUIRED");
  const again = new BelvoClient({ baseUrl: `${sb.url}/belvo`, ...KEYS });
  const done = await again.resume(JSON.parse(JSON.stringify(second)), { token: "654321" });
  assert.equal(done.status, "SUCCESS");
});

test("concurrent calls on one client", async () => {
  const steps = await Promise.all([register("numeric_mx_bank"), register("qrcode_br_bank"), register("erebor_mx_retail")]);
  assert.deepEqual(steps.map((s) => s.status), ["TOKEN_REQUIRED", "TOKEN_REQUIRED", "SUCCESS"]);
  const done = await Promise.all([client.resume(steps[0], { token: "123456" }), client.resume(steps[1])]);
  assert.deepEqual(done.map((s) => s.status), ["SUCCESS", "SUCCESS"]);
});

test("bad inputs are invalid_input naming the field, and nothing is sent", async () => {
  const step = await register("numeric_mx_bank");
  await sb.clearRequests();
  const cases = [
    [() => client.registerLink({ institution: "numeric_mx_bank" }), /username/],
    [() => client.registerLink({ institution: "numeric_mx_bank", username: 100 }), /^username: must be a string/],
    [() => client.registerLink({ institution: "numeric_mx_bank", username: "u", save_data: true }), /`save_data`/],
    [() => client.registerLink({ institution: "numeric_mx_bank", username: "u", accessMode: "daily" }), /^accessMode/],
    [() => client.registerLink({ institution: "numeric_mx_bank", username: "u", fetchHistorical: "no" }), /^fetchHistorical/],
    [() => client.registerLink("numeric_mx_bank"), /^input: must be an object/],
    [() => client.retrieve("links", { link: step.link }), /^resource/],
    [() => client.retrieve("accounts", {}), /^link/],
    [() => client.retrieve("accounts", { link: step.link, saveData: "yes" }), /^saveData/],
    [() => client.retrieve("accounts", { link: step.link, filters: { a: 1 } }), /^filters/],
    [() => client.retrieve("accounts", { link: step.link, save_data: true }), /^save_data/],
    [() => client.resume(step), /^token/],
    [() => client.resume(step, { token: "" }), /^token/],
    [() => client.resume(step, { token: 123456 }), /^token: must be a string/],
    [() => client.resume(step, { otp: "123456" }), /`otp`/],
    [() => client.resume(step, "123456"), /^input: must be an object/],
    [() => client.resume({ ...step, status: "SUCCESS" }, { token: "123456" }), /^challenge\.status/],
    [() => client.resume({ ...step, session: undefined }, { token: "123456" }), /^challenge\.session/],
    [() => client.resume({ ...step, resumePath: "/api/../admin/" }, { token: "123456" }), /^challenge\.resumePath/],
    [() => client.resume({ ...step, expiresAt: "soon" }, { token: "123456" }), /^challenge\.expiresAt/],
    [() => client.resume({ status: "SUCCESS", httpStatus: 200, data: {} }, { token: "1" }), /^challenge/],
    [() => client.registerLink({ institution: "numeric_mx_bank", ...BANK }, { timeoutMs: -1 }), /timeoutMs/],
  ];
  for (const [call, message] of cases) {
    const e = await rejection(call());
    assertMfa(e, "invalid_input");
    assert.match(e.message, message);
  }
  assert.deepEqual(await sb.requests("belvo"), [], "nothing was sent");
});

test("constructor options: keys go together, types are checked, browser guard", () => {
  const baseUrl = `${sb.url}/belvo`;
  const throwsCode = (fn, code, message) => {
    try {
      fn();
    } catch (e) {
      assertMfa(e, code);
      if (message) assert.match(e.message, message);
      return;
    }
    assert.fail("expected a throw");
  };
  throwsCode(() => new BelvoClient({ baseUrl, secretId: "x" }), "invalid_input", /secretId/);
  throwsCode(() => new BelvoClient({ baseUrl, secretPassword: "x" }), "invalid_input", /secretId/);
  throwsCode(() => new BelvoClient({ baseUrl, secretId: 1, secretPassword: "x" }), "invalid_input", /^secretId: must be a string/);
  throwsCode(() => new BelvoClient({ baseUrl, ...KEYS, dangerouslyAllowBrowser: "yes" }), "invalid_input", /dangerouslyAllowBrowser/);
  throwsCode(() => new BelvoClient({ baseUrl, secretKey: "x" }), "invalid_input", /secretKey/);
  throwsCode(() => new BelvoClient({ baseUrl: "http://belvo.example.com" }), "insecure_url");
  // A browser page is detected by a global `document`.
  globalThis.document = {};
  try {
    throwsCode(() => new BelvoClient({ baseUrl, ...KEYS }), "browser_secret", /secretPassword/);
    assert.ok(new BelvoClient({ baseUrl, ...KEYS, dangerouslyAllowBrowser: true }));
    assert.ok(new BelvoClient({ baseUrl }), "no secret, no guard");
  } finally {
    delete globalThis.document;
  }
});

// Which fields, in which order: the wasm writer against the serde derive (src/wasm/belvo.rs, from the
// `output!` declaration); here, what the package hands over is plain JSON.
test("steps are plain JSON objects, absent options left out", async () => {
  const step = await register("numeric_mx_bank");
  assertPlainJson(step);
  assert.equal(step.status, "TOKEN_REQUIRED");
  assert.equal(typeof step.tokenGenerationData.expectsUserInput, "boolean");
  assertPlainJson(await register("qrcode_br_bank"));

  const done = await client.resume(step, { token: "123456" });
  assertPlainJson(done);
  assert.deepEqual([done.status, typeof done.httpStatus], ["SUCCESS", "number"]);
  assert.equal(Object.getPrototypeOf(done.data), Object.prototype);
});
