// Riffyn login against the sandbox with the real fetch: MFA_REQUIRED → verify, every error path.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
// Against the Riffyn entry a login page imports (docs/API.md, "Loading"); the whole SDK's client
// is the same code, and provider-entries.test.mjs moves steps between the two.
import { RiffynClient, MfaError } from "mfa-flows/riffyn";
import { totp } from "mfa-flows/totp";
import { assertPlainJson, sandbox, rejection } from "./helpers.mjs";

const SECRET = "JBSWY3DPEHPK3PXP";
const ALICE = { username: "alice", password: "correct-horse-battery" };
const BOB = { username: "bob", password: "hunter2-hunter2" };
let sb, client;

before(async () => {
  sb = await sandbox();
  client = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
});
after(() => sb.close());
beforeEach(() => sb.reset());

/** The current code, read from the sandbox's clock (it may have been moved). */
async function code() {
  const codes = await sb.control("GET", "/totp");
  return codes.find((c) => c.provider === "riffyn" && c.user === "alice").code;
}

test("a user without MFA gets SUCCESS at login", async () => {
  const step = await client.login(BOB);
  assert.equal(step.status, "SUCCESS");
  assert.equal(typeof step.accessToken, "string");
  assert.equal(step.username, "bob");
  assert.ok(!("stateToken" in step));
});

test("TOTP user: MFA_REQUIRED → wrong code (invalid_code) → right code (SUCCESS)", async () => {
  const step = await client.login(ALICE);
  assert.equal(step.status, "MFA_REQUIRED");
  assert.equal(typeof step.stateToken, "string");
  assert.ok(Date.parse(step.expiresAt) > Date.now());
  assert.deepEqual(step.factors.map((f) => f.id), ["uft2rfyn7totp0001"]);
  assert.equal(step.factors[0].factorType, "token:software:totp");
  assert.equal(step.factors[0].profile.credentialId, "alice@example.com");

  const input = { stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt };
  const right = await code();
  const wrong = right === "000000" ? "111111" : "000000";
  const e = await rejection(client.verify({ ...input, passCode: wrong }));
  assert.ok(e instanceof MfaError);
  assert.equal(e.code, "invalid_code");
  assert.equal(e.status, 401);
  assert.equal(e.provider, "riffyn");
  assert.doesNotMatch(JSON.stringify(e) + e.message, new RegExp(`${wrong}|${step.stateToken}`));

  const done = await client.verify({ ...input, passCode: right });
  assert.equal(done.status, "SUCCESS");
  assert.equal(typeof done.accessToken, "string");
  assert.equal(done.username, "alice");
});

test("totp() computes the code the sandbox expects", async () => {
  const step = await client.login(ALICE);
  const { now } = await sb.control("GET", "/clock");
  const passCode = totp(SECRET, { timestamp: now });
  assert.match(passCode, /^\d{6}$/);
  const done = await client.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode });
  assert.equal(done.status, "SUCCESS");
});

test("the requests on the wire: path, method, Basic header, camelCase body", async () => {
  await sb.clearRequests();
  const step = await client.login(ALICE);
  await client.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: await code(), ...ALICE });
  const [login, verify] = await sb.requests("riffyn");
  assert.equal(login.method, "POST");
  assert.equal(login.path, "/riffyn/v1/auth");
  assert.equal(login.headers.authorization, `Basic ${Buffer.from("alice:correct-horse-battery").toString("base64")}`);
  assert.equal(login.headers.accept, "application/json");
  assert.equal(login.body, "");
  assert.equal(verify.method, "POST");
  assert.equal(verify.path, "/riffyn/v1/auth/factor/uft2rfyn7totp0001/verify");
  assert.match(verify.headers["content-type"], /^application\/json/);
  assert.deepEqual(Object.keys(verify.json).sort(), ["passCode", "stateToken"]);
  assert.equal(verify.json.stateToken, step.stateToken);
  assert.equal(verify.headers.authorization, login.headers.authorization);
});

test("a bad password rejects invalid_credentials", async () => {
  const e = await rejection(client.login({ username: "alice", password: "wrong-password-x" }));
  assert.equal(e.code, "invalid_credentials");
  assert.equal(e.status, 401);
  assert.doesNotMatch(e.message, /wrong-password-x/);
});

test("an expired step fails locally without sending, and the server says expired too", async () => {
  const step = await client.login(ALICE);
  const input = { stateToken: step.stateToken, factorId: step.factors[0].id, passCode: await code() };
  await sb.clearRequests();
  const local = await rejection(client.verify({ ...input, expiresAt: new Date(Date.now() - 1000).toISOString() }));
  assert.equal(local.code, "expired");
  assert.equal(local.status, undefined);
  assert.deepEqual(await sb.requests("riffyn"), [], "nothing was sent");

  await sb.advanceClock(10 * 60 * 1000);
  const remote = await rejection(client.verify({ ...input, passCode: await code() }));
  assert.equal(remote.code, "expired");
  assert.equal(remote.status, 401);
});

test("a step survives JSON and is accepted by a new client", async () => {
  const step = JSON.parse(JSON.stringify(await client.login(ALICE)));
  const fresh = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  const done = await fresh.verify({
    stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt, passCode: await code(),
  });
  assert.equal(done.status, "SUCCESS");
});

test("an unknown factor is not_found", async () => {
  const step = await client.login(ALICE);
  const e = await rejection(client.verify({ stateToken: step.stateToken, factorId: "nope/../x", passCode: "123456" }));
  assert.equal(e.code, "not_found");
});

// Which fields, in which order: the wasm writer against the serde derive (src/wasm/riffyn.rs, from the
// `output!` declaration); here, what the package hands over is plain JSON.
test("steps are plain JSON objects, absent options left out", async () => {
  const step = await client.login(ALICE);
  assertPlainJson(step);
  assert.equal(step.status, "MFA_REQUIRED");
  assert.ok(Array.isArray(step.factors) && step.factors.length > 0);
  assert.equal(typeof step.factors[0].profile, "object");

  const done = await client.login(BOB);
  assertPlainJson(done);
  assert.deepEqual([done.status, typeof done.accessToken], ["SUCCESS", "string"]);
});
