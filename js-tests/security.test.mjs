// The outside security review (issue 11) as regression tests of the built package: redirects,
// fail-closed OneLogin verify, path segments, polluted prototypes, refused credentials, wrong
// JSON types, replays after a 401, Retry-After bounds, ':' in Basic users, diagnosable network
// errors. Hostile servers run on 127.0.0.1 (js-tests/fault-server.mjs).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError } from "mfa-flows";
import { faultServer, everything } from "./fault-server.mjs";
import { rejection } from "./helpers.mjs";

let hostile, elsewhere;
before(async () => {
  hostile = await faultServer();
  // The other origin a redirect points at: it must never receive anything.
  elsewhere = await faultServer({ fallback: { status: 200, json: { status: "SUCCESS", accessToken: "other-origin" } } });
});
after(async () => {
  await hostile.close();
  await elsewhere.close();
});
beforeEach(() => {
  hostile.clear();
  elsewhere.clear();
});

function assertCode(e, code, what = "") {
  assert.ok(e instanceof MfaError, `${what}: expected an MfaError, got ${e?.constructor?.name}: ${e?.message ?? e}`);
  assert.equal(e.code, code, `${what}: ${e.code} ${e.message}`);
  return e;
}

const CSRF = "csrf-redirect-marker";

/** One call per flow that sends a secret: Riffyn verify, Belvo register, OneLogin verify. */
function secretCalls(baseUrl, options = {}) {
  const headers = { "X-Csrf-Token": CSRF };
  const r = new RiffynClient({ baseUrl, headers, ...options });
  const b = new BelvoClient({ baseUrl, headers, secretId: "sid", secretPassword: "bank-keys-pw", ...options });
  const o = new OneLoginClient({ baseUrl, headers, accessToken: "tok-redirect", ...options });
  return {
    "riffyn.verify": () => r.verify({ stateToken: "st-redirect", factorId: "f1", passCode: "314159" }),
    "belvo.registerLink": () => b.registerLink({ institution: "i", username: "u", password: "bank-password-redirect" }),
    "onelogin.verifyFactor": () => o.verifyFactor(1001, 525001, { otpToken: "271828" }),
  };
}

test("1. a 3xx is never followed: bad_response with its status, nothing reaches the Location", async () => {
  const viaFetch = { fetch: (url, init) => globalThis.fetch(url, init) };
  for (const status of [301, 302, 303, 307, 308]) {
    for (const [label, options] of [["global fetch", {}], ["injected fetch", viaFetch]]) {
      for (const [name, call] of Object.entries(secretCalls(hostile.url, options))) {
        hostile.clear();
        hostile.script({ status, headers: { location: `${elsewhere.url}/steal` } });
        const e = assertCode(await rejection(call()), "bad_response", `${status} ${label} ${name}`);
        assert.equal(e.status, status, `${name}: the 3xx status is kept`);
        assert.match(e.message, /redirect/i);
        assert.equal(hostile.requests.length, 1, `${name}: sent once`);
        assert.deepEqual(elsewhere.requests.map(everything), [], `${status} ${label} ${name}: nothing reached the other origin`);
      }
    }
  }
  // A redirect to a host the constructor refuses is not followed either.
  hostile.script({ status: 307, headers: { location: "http://0.0.0.0:1/x" } });
  assertCode(await rejection(secretCalls(hostile.url)["riffyn.verify"]()), "bad_response");
});

test("1. an injected fetch is asked not to follow, and a followed answer is refused", async () => {
  const inits = [];
  const spy = (url, init) => {
    inits.push(init);
    return globalThis.fetch(url, init);
  };
  hostile.script({ status: 200, json: { status: "SUCCESS", accessToken: "at" } });
  const step = await new RiffynClient({ baseUrl: hostile.url, fetch: spy }).login({ username: "u", password: "p" });
  assert.equal(step.status, "SUCCESS");
  assert.equal(inits[0].redirect, "manual");
  // A fetch that followed anyway (its Response says `redirected`): the answer is not trusted.
  const followed = async () => {
    const res = new Response(JSON.stringify({ status: "SUCCESS", accessToken: "other-origin" }), { status: 200 });
    Object.defineProperty(res, "redirected", { value: true });
    return res;
  };
  const r = new RiffynClient({ baseUrl: hostile.url, fetch: followed });
  assertCode(await rejection(r.verify({ stateToken: "s", factorId: "f", passCode: "1" })), "bad_response");
  // A browser's opaque redirect (status 0).
  const opaque = async () => ({ type: "opaqueredirect", status: 0, ok: false, headers: new Headers(), body: null });
  const o = new RiffynClient({ baseUrl: hostile.url, fetch: opaque });
  const e = assertCode(await rejection(o.verify({ stateToken: "s", factorId: "f", passCode: "1" })), "bad_response");
  assert.match(e.message, /redirect/i);
});

test("3. OneLogin verify fails closed on any contradiction in a 200", async () => {
  const o = new OneLoginClient({ baseUrl: hostile.url, accessToken: "tok" });
  const bodies = [
    [{ status: { error: false, type: "error", code: 400, message: "Invalid OTP" } }, "invalid_code"],
    [{ status: { error: false, code: 401, message: "Invalid token" } }, "invalid_code"],
    [{ status: { error: false, message: "expired" } }, "expired"],
    [{ status: { error: "false" } }, "bad_response"],
    [{ status: { error: false, type: "success", code: 200, message: "Invalid OTP" } }, "invalid_code"],
    [{ status: { error: 0, type: "success", code: 200 } }, "bad_response"],
    [{ status: { error: false, type: "failure", code: 200 } }, "bad_response"],
    [{ status: { error: false, type: "success", code: "200x" } }, "bad_response"],
  ];
  for (const [json, code] of bodies) {
    hostile.script({ status: 200, json });
    const e = await rejection(o.verifyFactor(1001, 525001, { otpToken: "123456" }));
    assertCode(e, code, JSON.stringify(json));
  }
  // The documented success still verifies.
  hostile.script({ status: 200, json: { status: { type: "success", code: 200, message: "Success", error: false } } });
  assert.equal((await o.verifyFactor(1001, 525001, { otpToken: "123456" })).status, "VERIFIED");
});

test("5. an empty, '.' or '..' path segment is invalid_input naming the field; nothing sent", async () => {
  const r = new RiffynClient({ baseUrl: hostile.url });
  for (const factorId of ["", ".", ".."]) {
    const e = assertCode(await rejection(r.verify({ stateToken: "s", factorId, passCode: "123456" })), "invalid_input", factorId);
    assert.match(e.message, /factorId/);
  }
  const o = new OneLoginClient({ baseUrl: hostile.url, accessToken: "tok" });
  for (const deviceId of ["", ".", ".."]) {
    const e = assertCode(await rejection(o.verifyFactor(1001, deviceId, { otpToken: "1" })), "invalid_input", deviceId);
    assert.match(e.message, /deviceId/);
  }
  // Encoded dots are data, not traversal: they stay inside the segment.
  hostile.script({ status: 401, json: { error: "no" } });
  await rejection(r.verify({ stateToken: "s", factorId: "%2e%2e", passCode: "123456" }));
  assert.deepEqual(hostile.requests.map((q) => q.path), ["/auth/factor/%252e%252e/verify"]);
});

test("6. a polluted Object.prototype switches nothing on; a throwing document getter is a browser", () => {
  const keys = { secretId: "sid", secretPassword: "spw" };
  const pair = { clientId: "cid", clientSecret: "cs" };
  const page = (fn) => {
    globalThis.document = {};
    try {
      fn();
    } finally {
      delete globalThis.document;
    }
  };
  const throws = (fn, code, what) => {
    let caught;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    assertCode(caught, code, what);
  };
  Object.prototype.dangerouslyAllowBrowser = true;
  Object.prototype.allowInsecureHttp = true;
  Object.prototype.secretPassword = "inherited";
  try {
    page(() => {
      throws(() => new BelvoClient({ baseUrl: "https://belvo.test", ...keys }), "browser_secret", "belvo");
      throws(() => new OneLoginClient({ baseUrl: "https://onelogin.test", ...pair }), "browser_secret", "onelogin");
      // An inherited secretPassword is not a secret given: no keys, proxy mode.
      assert.ok(new BelvoClient({ baseUrl: "https://belvo.test" }));
    });
    throws(() => new RiffynClient({ baseUrl: "http://example.com" }), "insecure_url", "allowInsecureHttp");
  } finally {
    delete Object.prototype.dangerouslyAllowBrowser;
    delete Object.prototype.allowInsecureHttp;
    delete Object.prototype.secretPassword;
  }
  // A `document` whose getter throws counts as a page.
  Object.defineProperty(globalThis, "document", { configurable: true, get() { throw new Error("no"); } });
  try {
    throws(() => new BelvoClient({ baseUrl: "https://belvo.test", ...keys }), "browser_secret", "throwing document");
  } finally {
    delete globalThis.document;
  }
  assert.ok(new BelvoClient({ baseUrl: "https://belvo.test", ...keys }), "Node still works");
});

test("7. refused API keys and client credentials are invalid_credentials", async () => {
  hostile.script({ status: 401, json: [{ code: "authentication_failed", message: "Invalid Secret Keys", request_id: "r" }] });
  const b = new BelvoClient({ baseUrl: hostile.url, secretId: "sid", secretPassword: "spw" });
  const e = assertCode(await rejection(b.registerLink({ institution: "i", username: "u", password: "p" })), "invalid_credentials");
  assert.equal(e.providerCode, "authentication_failed");
  for (const status of [400, 401]) {
    hostile.script({ status, json: { statusCode: status, name: "Unauthorized", message: "Authentication Failure" } });
    const o = new OneLoginClient({ baseUrl: hostile.url, clientId: "cid", clientSecret: "cs" });
    assertCode(await rejection(o.enrolledFactors(1001)), "invalid_credentials", `token ${status}`);
  }
});

test("8. a field of the wrong JSON type in an answer is bad_response", async () => {
  const r = new RiffynClient({ baseUrl: hostile.url });
  for (const json of [
    { status: "SUCCESS", accessToken: 42 },
    { status: "SUCCESS", accessToken: true },
    { status: "SUCCESS", accessToken: "at", userId: { id: 1 } },
    { status: "MFA_REQUIRED", stateToken: 123, factors: [] },
    { status: "MFA_REQUIRED", stateToken: "st", factors: [{ id: 5 }] },
  ]) {
    hostile.script({ status: 200, json });
    assertCode(await rejection(r.login({ username: "u", password: "p" })), "bad_response", JSON.stringify(json));
  }
  const b = new BelvoClient({ baseUrl: hostile.url });
  hostile.script({
    status: 428,
    json: [{ code: "token_required", session: "s", link: "l", expiry: 60, token_generation_data: { type: "numeric", value: 7, instructions: "i" } }],
  });
  assertCode(await rejection(b.registerLink({ institution: "i", username: "u", password: "p" })), "bad_response", "belvo value 7");
  const o = new OneLoginClient({ baseUrl: hostile.url, accessToken: "tok" });
  hostile.script({ status: 200, json: { status: { error: false, code: 200 }, data: [{ id: 1, active: "true" }] } });
  assertCode(await rejection(o.enrolledFactors(1001)), "bad_response", "onelogin active 'true'");
});

test("10. a renewed token is retried only after a 401 that refuses the token itself", async () => {
  const token = { access_token: "t1", expires_in: 3600 };
  const o = new OneLoginClient({ baseUrl: hostile.url, clientId: "cid", clientSecret: "cs" });
  // A 401 about the OTP (not the bearer): no renewal, no second verify.
  hostile.script({ status: 200, json: token }, { status: 401, json: { status: { error: true, code: 401, type: "Unauthorized", message: "Invalid OTP" } } });
  assertCode(await rejection(o.verifyFactor(1001, 525001, { otpToken: "123456" })), "invalid_code");
  assert.deepEqual(hostile.requests.map((q) => q.path), ["/auth/oauth2/v2/token", "/api/1/users/1001/otp_devices/525001/verify"]);
  // A 401 without any word about the token on a management call: not retried either.
  hostile.clear();
  hostile.script({ status: 401, body: "" });
  assertCode(await rejection(o.removeFactor(1001, 525001)), "unauthorized");
  assert.equal(hostile.requests.length, 1);
  // The bearer refused ("Authentication Failure"): renewed once and resent once.
  hostile.clear();
  hostile.script(
    { status: 401, json: { status: { error: true, code: 401, type: "Unauthorized", message: "Authentication Failure" } } },
    { status: 200, json: { access_token: "t2", expires_in: 3600 } },
    { status: 200, json: { status: { type: "success", code: 200, message: "Success", error: false } } },
  );
  assert.equal((await o.verifyFactor(1001, 525001, { otpToken: "123456" })).status, "VERIFIED");
  assert.deepEqual(hostile.requests.map((q) => q.headers.authorization?.split(" ")[0] ?? q.path), ["Bearer", "Basic", "Bearer"]);
  assert.equal(hostile.requests[2].headers.authorization, "Bearer t2");
});

test("6b. an MfaError takes only its facts: no odd details key, no polluted Object.prototype, no inherited fact in toJSON", async () => {
  // Issue 22 item 3: the facts cross from Rust as one object, copied by one list.
  // JSON.parse makes `__proto__` an own key, as a parsed request body would.
  const details = JSON.parse('{"__proto__": {"status": 1}, "constructor": 2, "name": "x", "message": "m", "code": "c", "stack": "s", "toJSON": 3, "status": 429, "retryAfterMs": 5}');
  details.requestId = undefined;
  const e = new MfaError("rate_limited", "slow down", details);
  assert.equal(Object.getPrototypeOf(e), MfaError.prototype);
  assert.deepEqual([e.name, e.message, e.code, e.constructor, typeof e.toJSON], ["MfaError", "slow down", "rate_limited", MfaError, "function"]);
  assert.notEqual(e.stack, "s");
  assert.deepEqual(Object.keys(e), ["code", "status", "retryAfterMs"]);
  assert.deepEqual(e.toJSON(), { name: "MfaError", code: "rate_limited", message: "slow down", status: 429, retryAfterMs: 5 });
  Object.prototype.status = 500;
  Object.prototype.providerCode = "polluted";
  try {
    // Neither a caller's details nor the package's own take an inherited fact.
    const own = new MfaError("network", "x", {});
    assert.deepEqual([own.toJSON(), Object.keys(own)], [{ name: "MfaError", code: "network", message: "x" }, ["code"]]);
    // (An injected fetch: Node's own HTTP server would answer the polluted status.)
    const fetch = async () => new Response("", { status: 429, headers: { "retry-after": "2" } });
    const r = assertCode(await rejection(new RiffynClient({ baseUrl: "https://riffyn.test", fetch }).login({ username: "u", password: "p" })), "rate_limited");
    assert.deepEqual(r.toJSON(), { name: "MfaError", code: "rate_limited", message: r.message, provider: "riffyn", status: 429, retryAfterMs: 2000 });
    assert.equal(JSON.stringify(r).includes("polluted"), false);
    const invalid = assertCode(await rejection(new RiffynClient({ baseUrl: "https://riffyn.test", fetch }).login({})), "invalid_input");
    assert.deepEqual(Object.keys(invalid.toJSON()), ["name", "code", "message"]);
  } finally {
    delete Object.prototype.status;
    delete Object.prototype.providerCode;
  }
});

test("11. Retry-After is clamped to 24 h; a ':' in a Basic user is invalid_input", async () => {
  const r = new RiffynClient({ baseUrl: hostile.url });
  for (const [value, want] of [["1" + "0".repeat(21), 86_400_000], ["99999999999", 86_400_000], ["1e21", undefined], ["2", 2000]]) {
    hostile.script({ status: 429, headers: { "retry-after": value }, body: "" });
    const e = assertCode(await rejection(r.login({ username: "u", password: "p" })), "rate_limited", value);
    assert.equal(e.retryAfterMs, want, value);
  }
  hostile.clear();
  let e = assertCode(await rejection(r.login({ username: "al:ice", password: "pw" })), "invalid_input");
  assert.match(e.message, /username/);
  e = assertCode(await rejection(r.verify({ stateToken: "s", factorId: "f", passCode: "1", username: "a:b", password: "p" })), "invalid_input");
  assert.match(e.message, /username/);
  assert.throws(() => new BelvoClient({ baseUrl: hostile.url, secretId: "s:id", secretPassword: "p" }), (x) => x.code === "invalid_input" && /secretId/.test(x.message));
  assert.throws(() => new OneLoginClient({ baseUrl: hostile.url, clientId: "c:id", clientSecret: "p" }), (x) => x.code === "invalid_input" && /clientId/.test(x.message));
  assert.equal(hostile.requests.length, 0, "nothing sent");
  // A ':' in the password is fine (RFC 7617).
  hostile.script({ status: 200, json: { status: "SUCCESS", accessToken: "at" } });
  assert.equal((await r.login({ username: "alice", password: "p:w" })).status, "SUCCESS");
});

test("issue 12: network errors name the host and keep a cause; provider_error messages carry the status", async () => {
  // A closed port: open a server, note its port, close it.
  const closed = await faultServer();
  const url = closed.url;
  await closed.close();
  const host = new URL(url).host;
  const r = new RiffynClient({ baseUrl: url });
  const e = assertCode(await rejection(r.login({ username: "u", password: "secret-pw-net" })), "network");
  assert.ok(e.message.includes(host), e.message);
  assert.ok(e.cause instanceof Error, "cause kept");
  assert.ok(String(e.cause.message).length > 0);
  assert.ok(!JSON.stringify([e.message, e.cause.message, String(e.cause)]).includes("secret-pw-net"));
  // In a page the likely reason is CORS.
  globalThis.document = {};
  try {
    const p = assertCode(await rejection(r.login({ username: "u", password: "p" })), "network");
    assert.match(p.message, /blocked by CORS or the network/);
  } finally {
    delete globalThis.document;
  }
  hostile.script({ status: 405, body: "" }, { status: 405, json: [{ code: "weird", message: "Method Not Allowed" }] });
  const live = new RiffynClient({ baseUrl: hostile.url });
  const m = assertCode(await rejection(live.login({ username: "u", password: "p" })), "provider_error");
  assert.match(m.message, /405/);
  const b = new BelvoClient({ baseUrl: hostile.url });
  const n = assertCode(await rejection(b.registerLink({ institution: "i", username: "u", password: "p" })), "provider_error");
  assert.match(n.message, /405/);
});
