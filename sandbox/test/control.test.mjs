import test from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic } from "../test-support.mjs";
import { totp } from "../totp.mjs";

const sbx = useSandbox();
const control = (method, path, json) => call(`${sbx.url}/_sandbox${path}`, { method, json });
const ALICE = basic("alice", "correct-horse-battery");

test("the request log keeps provider requests with the Authorization header as received", async () => {
  await call(`${sbx.url}/riffyn/v1/auth?x=1`, { method: "POST", headers: { authorization: ALICE } });
  await call(`${sbx.url}/belvo/api/links/`, { method: "POST", headers: { authorization: basic("sbx-secret-id", "sbx-secret-password") }, json: { institution: "erebor_mx_retail", username: "bnk100", password: "full" } });
  await control("GET", "/clock"); // control calls are not logged
  const log = (await control("GET", "/requests")).body;
  assert.equal(log.length, 2);
  const [r, b] = log;
  assert.equal(r.provider, "riffyn");
  assert.equal(r.method, "POST");
  assert.equal(r.path, "/riffyn/v1/auth");
  assert.deepEqual(r.query, { x: "1" });
  assert.equal(r.headers.authorization, ALICE);
  assert.equal(r.body, "");
  assert.equal(r.json, null);
  assert.equal(r.status, 200);
  assert.equal(b.provider, "belvo");
  assert.equal(b.json.institution, "erebor_mx_retail");
  assert.equal(b.headers["content-type"], "application/json");
  assert.equal(b.status, 201);

  const only = (await control("GET", "/requests?provider=belvo")).body;
  assert.deepEqual(only.map((e) => e.provider), ["belvo"]);
  assert.equal((await control("GET", "/requests?provider=nope")).status, 400);
  assert.equal((await control("DELETE", "/requests")).status, 200);
  assert.deepEqual((await control("GET", "/requests")).body, []);
});

test("clock: advanceMs and offsetMs", async () => {
  const before = (await control("GET", "/clock")).body;
  assert.equal(before.offsetMs, 0);
  assert.ok(Math.abs(before.now - Date.now()) < 1000);
  const moved = (await control("POST", "/clock", { advanceMs: 60_000 })).body;
  assert.equal(moved.offsetMs, 60_000);
  assert.equal((await control("POST", "/clock", { advanceMs: 1000 })).body.offsetMs, 61_000);
  assert.equal((await control("POST", "/clock", { offsetMs: -5 })).body.offsetMs, -5);
  assert.equal((await control("POST", "/clock", {})).status, 400);
  assert.equal((await control("POST", "/clock", { advanceMs: "x" })).status, 400);
});

test("totp lists the demo secrets with codes on the sandbox clock", async () => {
  await control("POST", "/clock", { advanceMs: 90_000 });
  const { now } = (await control("GET", "/clock")).body;
  const rows = (await control("GET", "/totp")).body;
  assert.deepEqual(rows.map((r) => [r.provider, r.user]), [["riffyn", "alice"], ["onelogin", "alice"]]);
  for (const r of rows) {
    assert.equal(r.secret, "JBSWY3DPEHPK3PXP");
    assert.equal(r.code, totp(r.secret, { timestamp: now }));
    assert.ok(r.secondsLeft >= 1 && r.secondsLeft <= 30);
  }
  assert.equal(rows[1].deviceId, 525001);
  // the listed code logs alice in
  const login = await call(`${sbx.url}/riffyn/v1/auth`, { method: "POST", headers: { authorization: ALICE } });
  const ok = await call(`${sbx.url}/riffyn/v1/auth/factor/uft2rfyn7totp0001/verify`, { method: "POST", json: { stateToken: login.body.stateToken, passCode: rows[0].code } });
  assert.equal(ok.status, 200);
});

test("belvo sessions lists pending sessions with their expected token", async () => {
  const res = await call(`${sbx.url}/belvo/api/links/`, { method: "POST", headers: { authorization: basic("sbx-secret-id", "sbx-secret-password") }, json: { institution: "chained_co_bank", username: "bnk100", password: "full" } });
  const sessions = (await control("GET", "/belvo/sessions")).body;
  assert.equal(sessions.length, 1);
  const [s] = sessions;
  assert.equal(s.session, res.body[0].session);
  assert.equal(s.link, res.body[0].link);
  assert.equal(s.institution, "chained_co_bank");
  assert.equal(s.expectedToken, "123456");
  assert.equal(s.kind, "numeric");
  assert.equal(s.resource, "links");
  assert.ok(Date.parse(s.expiresAt) > Date.now() + 700_000);
});

test("reset restores users, devices, sessions, outbox, log, clock, switches and push mode", async () => {
  const token = (await call(`${sbx.url}/onelogin/auth/oauth2/v2/token`, { method: "POST", headers: { authorization: basic("sbx-client-id", "sbx-client-secret") }, json: { grant_type: "client_credentials" } })).body.access_token;
  await call(`${sbx.url}/onelogin/api/1/users/1001/otp_devices/526001`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  await control("POST", "/clock", { advanceMs: 1000 });
  await control("POST", "/push-mode", { mode: "manual", polls: 7 });
  await control("POST", "/faults", { provider: "belvo", kind: "html_403" });
  assert.equal((await control("GET", "/faults")).body.length, 1);
  assert.equal((await control("POST", "/reset")).status, 200);

  assert.equal((await control("GET", "/clock")).body.offsetMs, 0);
  assert.deepEqual((await control("GET", "/push-mode")).body, { mode: "auto", polls: 3 });
  assert.deepEqual((await control("GET", "/faults")).body, []);
  assert.deepEqual((await control("GET", "/requests")).body, []);
  assert.deepEqual((await control("GET", "/outbox")).body, []);
  const fresh = (await call(`${sbx.url}/onelogin/auth/oauth2/v2/token`, { method: "POST", headers: { authorization: basic("sbx-client-id", "sbx-client-secret") }, json: { grant_type: "client_credentials" } })).body.access_token;
  assert.notEqual(fresh, token, "tokens are forgotten");
  const devices = await call(`${sbx.url}/onelogin/api/1/users/1001/otp_devices`, { headers: { authorization: `Bearer ${fresh}` } });
  assert.equal(devices.body.data.otp_devices.length, 2);
  assert.equal(sbx.state.onelogin.users.get(1001).devices.length, 2, "the exported state object stays live");
});

test("fault validation and listing", async () => {
  assert.equal((await control("POST", "/faults", { provider: "riffyn", kind: "html_403" })).status, 400);
  assert.equal((await control("POST", "/faults", { provider: "belvo", kind: "nope" })).status, 400);
  assert.equal((await control("POST", "/faults", { provider: "onelogin", kind: "raw", status: 99 })).status, 400);
  assert.equal((await control("POST", "/faults", { provider: "onelogin", kind: "raw", count: 0 })).status, 400);
  const listed = (await control("POST", "/faults", { provider: "riffyn", kind: "raw", status: 503, body: { error: "down" }, count: 2 })).body;
  assert.deepEqual(listed, [{ provider: "riffyn", kind: "raw", count: 2, status: 503, headers: {}, body: { error: "down" } }]);
  for (let i = 0; i < 2; i++) {
    const res = await call(`${sbx.url}/riffyn/v1/auth`, { method: "POST" });
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { error: "down" });
    assert.equal(res.headers.get("content-type"), "application/json");
  }
  assert.equal((await call(`${sbx.url}/riffyn/v1/auth`, { method: "POST" })).status, 400);
});

test("fault delay: that provider's next request is answered as usual, after delayMs", async () => {
  assert.equal((await control("POST", "/faults", { provider: "riffyn", kind: "delay" })).status, 400, "delayMs is required");
  assert.equal((await control("POST", "/faults", { provider: "riffyn", kind: "delay", delayMs: 300_001 })).status, 400);
  assert.equal((await control("POST", "/faults", { provider: "riffyn", kind: "raw", delayMs: 5 })).status, 400);
  const listed = (await control("POST", "/faults", { provider: "riffyn", kind: "delay", delayMs: 1500 })).body;
  assert.deepEqual(listed, [{ provider: "riffyn", kind: "delay", count: 1, delayMs: 1500 }]);
  const order = [];
  const bob = { method: "POST", headers: { authorization: basic("bob", "hunter2-hunter2") } };
  const slow = call(`${sbx.url}/riffyn/v1/auth`, bob).then((res) => (order.push("delayed"), res));
  // Taken: the next request is not delayed, so it overtakes the first.
  while ((await control("GET", "/faults")).body.length > 0) await new Promise((r) => setTimeout(r, 10));
  const fast = await call(`${sbx.url}/riffyn/v1/auth`, bob).then((res) => (order.push("next"), res));
  assert.equal(fast.status, 200);
  assert.equal((await slow).status, 200);
  assert.equal((await slow).body.status, "SUCCESS");
  assert.deepEqual(order, ["next", "delayed"]);
});

test("fault reset: the connection drops without an answer, once, and is not logged", async () => {
  await control("POST", "/faults", { provider: "belvo", kind: "reset" });
  await assert.rejects(fetch(`${sbx.url}/belvo/api/`), TypeError);
  assert.equal((await call(`${sbx.url}/belvo/api/`, { headers: { authorization: basic("sbx-secret-id", "sbx-secret-password") } })).status, 200);
  assert.deepEqual((await control("GET", "/requests")).body.map((r) => r.status), [200]);
});

test("a OneLogin raw fault still carries the rate-limit headers", async () => {
  await control("POST", "/faults", { provider: "onelogin", kind: "raw", status: 500, body: "boom" });
  const res = await call(`${sbx.url}/onelogin/api/1/users/1001/otp_devices`);
  assert.equal(res.status, 500);
  assert.equal(res.text, "boom");
  assert.equal(res.headers.get("x-ratelimit-limit"), "5000");
});

test("control errors: unknown route 404, malformed body 400", async () => {
  assert.equal((await control("GET", "/nope")).status, 404);
  const bad = await call(`${sbx.url}/_sandbox/clock`, { method: "POST", body: "{nope" });
  assert.equal(bad.status, 400);
  assert.equal((await control("POST", "/push-mode", { mode: "later" })).status, 400);
  assert.equal((await control("POST", "/onelogin/token-ttl", { seconds: 0 })).status, 400);
});
