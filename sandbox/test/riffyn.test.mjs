import test from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic } from "../test-support.mjs";
import { totp } from "../totp.mjs";

const sbx = useSandbox();
const SECRET = "JBSWY3DPEHPK3PXP";
const FACTOR_ID = "uft2rfyn7totp0001";
const ALICE = basic("alice", "correct-horse-battery");

const auth = (headers = {}) => call(`${sbx.url}/riffyn/v1/auth`, { method: "POST", headers });
const verify = (json, { headers = {}, factorId = FACTOR_ID, body } = {}) =>
  call(`${sbx.url}/riffyn/v1/auth/factor/${factorId}/verify`, { method: "POST", headers, json, body });
const clockNow = async () => (await call(`${sbx.url}/_sandbox/clock`)).body.now;
const codeAt = (ms) => totp(SECRET, { timestamp: ms });
const advance = (ms) => call(`${sbx.url}/_sandbox/clock`, { method: "POST", json: { advanceMs: ms } });

async function aliceStateToken() {
  const res = await auth({ authorization: ALICE });
  assert.equal(res.status, 200);
  return res.body.stateToken;
}

test("login needs Basic auth", async () => {
  for (const headers of [{}, { authorization: "Bearer abc" }]) {
    const res = await auth(headers);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { error: "Missing basic authentication" });
  }
});

test("bad credentials answer 401", async () => {
  for (const header of [basic("alice", "wrong"), basic("mallory", "x"), "Basic bm9jb2xvbg=="]) {
    const res = await auth({ authorization: header });
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, { error: "Invalid username or password" });
  }
});

test("bob has no MFA: SUCCESS at login", async () => {
  const res = await auth({ authorization: basic("bob", "hunter2-hunter2") });
  assert.equal(res.status, 200);
  const b = res.body;
  assert.equal(b.status, "SUCCESS");
  assert.equal(b.username, "bob");
  assert.equal(typeof b.userId, "string");
  assert.equal(b.accessToken.split(".").length, 3, "a JWT-looking token");
  assert.ok(Date.parse(b.accessTokenExpiresAt) > Date.now());
  assert.equal(typeof b.apiKey, "string");
  assert.equal(b.apiKeyName, "loginKey");
  assert.equal(typeof b.message, "string");
});

test("alice gets MFA_REQUIRED with her TOTP factor and a 300 s expiry on the sandbox clock", async () => {
  await advance(3_600_000);
  const before = await clockNow();
  const res = await auth({ authorization: ALICE });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, "MFA_REQUIRED");
  assert.equal(typeof res.body.stateToken, "string");
  const expires = Date.parse(res.body.expiresAt);
  assert.ok(expires >= before + 300_000 && expires < before + 302_000, "expiresAt = sandbox now + 300 s");
  assert.deepEqual(res.body.factors, [
    { id: FACTOR_ID, factorType: "token:software:totp", provider: "GOOGLE", vendorName: "GOOGLE", profile: { credentialId: "alice@example.com" } },
  ]);
});

test("the right code gives SUCCESS and consumes the state token", async () => {
  const stateToken = await aliceStateToken();
  const passCode = codeAt(await clockNow());
  const ok = await verify({ stateToken, passCode });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, "SUCCESS");
  assert.equal(ok.body.username, "alice");
  assert.equal(ok.body.apiKeyName, "loginKey");
  const again = await verify({ stateToken, passCode });
  assert.equal(again.status, 401);
  assert.deepEqual(again.body, { error: "Invalid state token" });
});

test("codes of the neighbouring 30 s steps are accepted, older ones are not", async () => {
  const t = await clockNow();
  let stateToken = await aliceStateToken();
  assert.equal((await verify({ stateToken, passCode: codeAt(t - 30_000) })).status, 200);
  stateToken = await aliceStateToken();
  assert.equal((await verify({ stateToken, passCode: codeAt(t + 30_000) })).status, 200);
  stateToken = await aliceStateToken();
  const stale = await verify({ stateToken, passCode: codeAt(t - 90_000) });
  assert.equal(stale.status, 401);
  assert.deepEqual(stale.body, { error: "Invalid passCode" });
});

test("a wrong code answers 401 and the state token stays usable", async () => {
  const stateToken = await aliceStateToken();
  const wrong = await verify({ stateToken, passCode: "000000" === codeAt(await clockNow()) ? "111111" : "000000" });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, { error: "Invalid passCode" });
  const ok = await verify({ stateToken, passCode: codeAt(await clockNow()) });
  assert.equal(ok.status, 200);
});

test("after 5 wrong codes the state token is revoked", async () => {
  const stateToken = await aliceStateToken();
  const right = codeAt(await clockNow());
  const wrongCode = right === "000000" ? "111111" : "000000";
  for (let i = 0; i < 5; i++) assert.deepEqual((await verify({ stateToken, passCode: wrongCode })).body, { error: "Invalid passCode" });
  const res = await verify({ stateToken, passCode: right });
  assert.equal(res.status, 401);
  assert.deepEqual(res.body, { error: "Invalid state token" });
});

test("an expired or unknown state token answers 401", async () => {
  const stateToken = await aliceStateToken();
  await advance(301_000);
  const expired = await verify({ stateToken, passCode: codeAt(await clockNow()) });
  assert.equal(expired.status, 401);
  assert.deepEqual(expired.body, { error: "State token expired" });
  const unknown = await verify({ stateToken: "nope", passCode: "123456" });
  assert.equal(unknown.status, 401);
  assert.deepEqual(unknown.body, { error: "Invalid state token" });
});

test("an unknown factor id answers 404", async () => {
  const stateToken = await aliceStateToken();
  const res = await verify({ stateToken, passCode: "123456" }, { factorId: "nope" });
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, { error: "Factor not found" });
});

test("body errors: snake_case, missing fields, malformed JSON, wrong content type", async () => {
  const stateToken = await aliceStateToken();
  for (const json of [{ state_token: stateToken, pass_code: "123456" }, { stateToken }, {}, [], { stateToken, passCode: 123456 }]) {
    const res = await verify(json);
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.deepEqual(res.body, { error: "stateToken and passCode are required" });
  }
  const malformed = await verify(undefined, { headers: { "content-type": "application/json" }, body: "{not json" });
  assert.equal(malformed.status, 400);
  assert.deepEqual(malformed.body, { error: "Malformed JSON" });
  const form = await verify(undefined, { headers: { "content-type": "application/x-www-form-urlencoded" }, body: `stateToken=${stateToken}&passCode=1` });
  assert.equal(form.status, 415);
  assert.deepEqual(form.body, { error: "Content-Type must be application/json" });
});

test("a Basic header on verify must be the state token's user", async () => {
  const stateToken = await aliceStateToken();
  const passCode = codeAt(await clockNow());
  const bob = await verify({ stateToken, passCode }, { headers: { authorization: basic("bob", "hunter2-hunter2") } });
  assert.equal(bob.status, 401);
  assert.deepEqual(bob.body, { error: "Invalid username or password" });
  const badPass = await verify({ stateToken, passCode }, { headers: { authorization: basic("alice", "nope") } });
  assert.equal(badPass.status, 401);
  const ok = await verify({ stateToken, passCode }, { headers: { authorization: ALICE } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, "SUCCESS");
});

test("unknown routes and methods", async () => {
  assert.equal((await call(`${sbx.url}/riffyn/v1/auth`)).status, 405);
  const res = await call(`${sbx.url}/riffyn/v1/nope`);
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, { error: "Not found" });
});
