import test from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic } from "../test-support.mjs";

const sbx = useSandbox();
const CLIENT = basic("sbx-client-id", "sbx-client-secret");
const AUTH_FAILURE = { status: { error: true, code: 401, type: "Unauthorized", message: "Authentication Failure" } };

const tokenUrl = () => `${sbx.url}/onelogin/auth/oauth2/v2/token`;
const getToken = (headers = { authorization: CLIENT }, json = { grant_type: "client_credentials" }) => call(tokenUrl(), { method: "POST", headers, json });
const factors = (accessToken, scheme = (t) => `Bearer ${t}`) =>
  call(`${sbx.url}/onelogin/api/1/users/1001/auth_factors`, { headers: { authorization: scheme(accessToken) } });
const control = (path, json) => call(`${sbx.url}/_sandbox${path}`, { method: "POST", json });

test("token by HTTP Basic: the documented fields, the same token until revoked", async () => {
  const res = await getToken();
  assert.equal(res.status, 200);
  const b = res.body;
  assert.match(b.access_token, /^[0-9a-f]{64}$/);
  assert.ok(!Number.isNaN(Date.parse(b.created_at)));
  assert.equal(b.expires_in, 36000);
  assert.equal(typeof b.refresh_token, "string");
  assert.equal(b.token_type, "bearer");
  assert.equal(typeof b.account_id, "number");
  assert.equal((await getToken()).body.access_token, b.access_token, "same token set until it expires");

  await control("/onelogin/revoke");
  assert.deepEqual((await factors(b.access_token)).body, AUTH_FAILURE);
  const fresh = await getToken();
  assert.notEqual(fresh.body.access_token, b.access_token);
  assert.equal((await factors(fresh.body.access_token)).status, 200);
});

test("token by the client_id/client_secret header and by a form body", async () => {
  const header = await getToken({ authorization: "client_id:sbx-client-id, client_secret:sbx-client-secret" });
  assert.equal(header.status, 200);
  const form = await call(tokenUrl(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=sbx-client-id&client_secret=sbx-client-secret",
  });
  assert.equal(form.status, 200);
  assert.equal(form.body.access_token, header.body.access_token);
});

test("token errors: wrong secret 401, missing grant_type 400, wrong content type 400", async () => {
  const wrong = await getToken({ authorization: basic("sbx-client-id", "nope") });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, AUTH_FAILURE);
  assert.equal((await getToken({})).status, 401);
  const noGrant = await getToken({ authorization: CLIENT }, {});
  assert.equal(noGrant.status, 400);
  assert.deepEqual(noGrant.body, { status: { error: true, code: 400, type: "bad request", message: "grant_type is incorrect/absent" } });
  const text = await call(tokenUrl(), { method: "POST", headers: { authorization: CLIENT, "content-type": "text/plain" }, body: "grant_type" });
  assert.equal(text.status, 400);
});

test("resource calls take 'Bearer <t>' and 'bearer:<t>'; bad or missing tokens get 401", async () => {
  const t = (await getToken()).body.access_token;
  assert.equal((await factors(t)).status, 200);
  assert.equal((await factors(t, (x) => `bearer:${x}`)).status, 200);
  assert.equal((await factors(t, (x) => `bearer: ${x}`)).status, 200);
  assert.deepEqual((await factors("nope")).body, AUTH_FAILURE);
  const none = await call(`${sbx.url}/onelogin/api/1/users/1001/auth_factors`);
  assert.equal(none.status, 401);
  assert.deepEqual(none.body, AUTH_FAILURE);
});

test("tokens expire on the sandbox clock; token-ttl sets the next lifetime", async () => {
  assert.deepEqual((await control("/onelogin/token-ttl", { seconds: 60 })).body, { seconds: 60 });
  const res = await getToken();
  assert.equal(res.body.expires_in, 60);
  assert.equal((await factors(res.body.access_token)).status, 200);
  await control("/clock", { advanceMs: 61_000 });
  assert.deepEqual((await factors(res.body.access_token)).body, AUTH_FAILURE);
  const next = await getToken();
  assert.notEqual(next.body.access_token, res.body.access_token, "an expired token is replaced");
});

test("every answer carries X-RateLimit-*; the rate_limit switch answers 429", async () => {
  const first = await getToken();
  assert.equal(first.headers.get("x-ratelimit-limit"), "5000");
  const remaining = Number(first.headers.get("x-ratelimit-remaining"));
  assert.ok(remaining > 0 && remaining < 5000);
  const reset = Number(first.headers.get("x-ratelimit-reset"));
  assert.ok(reset > 0 && reset <= 3600, "seconds left in the window");
  const second = await factors(first.body.access_token);
  assert.equal(Number(second.headers.get("x-ratelimit-remaining")), remaining - 1);
  const notFound = await call(`${sbx.url}/onelogin/nothing`);
  assert.equal(notFound.status, 404);
  assert.deepEqual(notFound.body, { status: { error: true, code: 404, type: "not found", message: "No Route Exists" } });
  assert.ok(notFound.headers.has("x-ratelimit-limit"));

  await call(`${sbx.url}/_sandbox/faults`, { method: "POST", json: { provider: "onelogin", kind: "rate_limit" } });
  for (let i = 0; i < 2; i++) {
    const limited = await factors(first.body.access_token);
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, { status: { error: true, code: 429, type: "Too Many Requests", message: "Rate limit exceeded" } });
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
  }
  await call(`${sbx.url}/_sandbox/faults`, { method: "DELETE" });
  assert.equal((await factors(first.body.access_token)).status, 200);

  // A short limiter: `retryAfter` seconds, for `count` requests, then the API answers again.
  const armed = await call(`${sbx.url}/_sandbox/faults`, { method: "POST", json: { provider: "onelogin", kind: "rate_limit", count: 1, retryAfter: 2 } });
  assert.equal(armed.status, 200);
  assert.deepEqual(armed.body, [{ provider: "onelogin", kind: "rate_limit", count: 1, retryAfter: 2 }]);
  const burst = await factors(first.body.access_token);
  assert.equal(burst.status, 429);
  assert.equal(burst.headers.get("retry-after"), "2");
  assert.equal(burst.headers.get("x-ratelimit-remaining"), "0");
  assert.equal((await factors(first.body.access_token)).status, 200);
  for (const [json, error] of [
    [{ provider: "onelogin", kind: "rate_limit", retryAfter: -1 }, "retryAfter must be an integer 0..3600 (seconds)"],
    [{ provider: "onelogin", kind: "rate_limit", retryAfter: "2" }, "retryAfter must be an integer 0..3600 (seconds)"],
    [{ provider: "onelogin", kind: "raw", retryAfter: 2 }, "retryAfter applies to kind rate_limit"],
  ]) {
    const bad = await call(`${sbx.url}/_sandbox/faults`, { method: "POST", json });
    assert.deepEqual([bad.status, bad.body], [400, { error }]);
  }
});

test("GET /auth/rate_limit reports the window in the body", async () => {
  const t = (await getToken()).body.access_token;
  const res = await call(`${sbx.url}/onelogin/auth/rate_limit`, { headers: { authorization: `Bearer ${t}` } });
  assert.equal(res.status, 200);
  assert.equal(res.body.data["X-RateLimit-Limit"], 5000);
  assert.equal(typeof res.body.data["X-RateLimit-Remaining"], "number");
});

test("POST /auth/oauth2/revoke revokes one token", async () => {
  const t = (await getToken()).body.access_token;
  const res = await call(`${sbx.url}/onelogin/auth/oauth2/revoke`, { method: "POST", headers: { authorization: CLIENT }, json: { access_token: t } });
  assert.equal(res.status, 200);
  assert.equal((await factors(t)).status, 401);
});
