import test, { beforeEach } from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic } from "../test-support.mjs";
import { totp } from "../totp.mjs";

const sbx = useSandbox();
const SUCCESS = { status: { type: "success", code: 200, message: "Success", error: false } };
const PENDING = { status: { type: "pending", code: 200, message: "Authentication pending on OL Protect", error: false } };
const FAILED = { status: { error: true, code: 401, type: "Unauthorized", message: "Failed authentication with this factor" } };
const EXPIRED = { status: { type: "bad request", code: 400, message: "State token expired", error: true } };
const DENIED = { status: { type: "bad request", code: 400, message: "Authentication denied by the user", error: true } };

let bearer;
beforeEach(async () => {
  const res = await call(`${sbx.url}/onelogin/auth/oauth2/v2/token`, {
    method: "POST",
    headers: { authorization: basic("sbx-client-id", "sbx-client-secret") },
    json: { grant_type: "client_credentials" },
  });
  bearer = `Bearer ${res.body.access_token}`;
});

const ol = (method, path, json) => call(`${sbx.url}/onelogin/api/1/users${path}`, { method, json, headers: { authorization: bearer } });
const control = (method, path, json) => call(`${sbx.url}/_sandbox${path}`, { method, json });
const sandboxNow = async () => (await control("GET", "/clock")).body.now;
const outbox = async () => (await control("GET", "/outbox")).body;

test("available factors (auth_factors and auth_factor) and enrolled devices", async () => {
  for (const path of ["/1001/auth_factors", "/1001/auth_factor"]) {
    const res = await ol("GET", path);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ...SUCCESS, data: { auth_factors: [{ name: "OneLogin SMS", factor_id: 16282 }, { name: "OneLogin Voice", factor_id: 16283 }] } });
  }
  const bob = await ol("GET", "/1002/auth_factors");
  assert.deepEqual(bob.body.data.auth_factors, [{ name: "OneLogin SMS", factor_id: 16282 }, { name: "Google Authenticator", factor_id: 16284 }]);

  const devices = await ol("GET", "/1001/otp_devices");
  assert.equal(devices.status, 200);
  assert.deepEqual(devices.body.status, SUCCESS.status);
  const byId = Object.fromEntries(devices.body.data.otp_devices.map((d) => [d.id, d]));
  assert.equal(byId[525001].auth_factor_name, "Google Authenticator");
  assert.equal(byId[525001].needs_trigger, false);
  assert.equal(byId[526001].auth_factor_name, "OneLogin Protect");
  assert.equal(byId[526001].needs_trigger, true);
  assert.deepEqual((await ol("GET", "/1002/otp_devices")).body.data.otp_devices, []);
});

test("an unknown user answers 404", async () => {
  const res = await ol("GET", "/4242/otp_devices");
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, { status: { error: true, code: 404, type: "not found", message: "User for id 4242 was not found" } });
});

test("Google Authenticator: {otp_token} verifies with a ±1 step window", async () => {
  const t = await sandboxNow();
  const ok = await ol("POST", "/1001/otp_devices/525001/verify", { otp_token: totp("JBSWY3DPEHPK3PXP", { timestamp: t }) });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, SUCCESS);
  const prev = await ol("POST", "/1001/otp_devices/525001/verify", { otp_token: totp("JBSWY3DPEHPK3PXP", { timestamp: t - 30_000 }) });
  assert.equal(prev.status, 200);
  const old = await ol("POST", "/1001/otp_devices/525001/verify", { otp_token: totp("JBSWY3DPEHPK3PXP", { timestamp: t - 120_000 }) });
  assert.equal(old.status, 401);
  assert.deepEqual(old.body, FAILED);
  const missing = await ol("POST", "/1001/otp_devices/525001/verify", {});
  assert.equal(missing.status, 400);
});

test("Protect push, auto mode: trigger, two pending polls, the third succeeds", async () => {
  const trig = await ol("POST", "/1001/otp_devices/526001/trigger");
  assert.equal(trig.status, 200);
  assert.equal(trig.body.status.type, "success");
  const [d] = trig.body.data;
  assert.equal(d.device_id, 526001);
  assert.notEqual(d.id, d.device_id, "the documented shape: id is not the device id");
  assert.equal(d.auth_factor_name, "OneLogin Protect");
  assert.match(d.state_token, /^[0-9a-f]{40}$/);

  const pushes = (await control("GET", "/pushes")).body;
  assert.equal(pushes.length, 1);
  assert.equal(pushes[0].stateToken, d.state_token);
  assert.equal(pushes[0].deviceId, 526001);

  const poll = () => ol("POST", "/1001/otp_devices/526001/verify", { state_token: d.state_token });
  for (let i = 0; i < 2; i++) {
    const res = await poll();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, PENDING);
  }
  assert.deepEqual((await poll()).body, SUCCESS);
  assert.deepEqual((await control("GET", "/pushes")).body, []);
});

test("Protect push, manual mode: pending until approved; deny answers 400", async () => {
  assert.deepEqual((await control("POST", "/push-mode", { mode: "manual" })).body, { mode: "manual", polls: 3 });
  const st = (await ol("POST", "/1001/otp_devices/526001/trigger")).body.data[0].state_token;
  const poll = () => ol("POST", "/1001/otp_devices/526001/verify", { state_token: st });
  for (let i = 0; i < 5; i++) assert.deepEqual((await poll()).body, PENDING);
  assert.equal((await control("GET", "/pushes")).body[0].polls, 5);
  assert.equal((await control("POST", "/pushes/approve")).status, 200, "no body = the newest pending push");
  assert.deepEqual((await poll()).body, SUCCESS);

  const st2 = (await ol("POST", "/1001/otp_devices/526001/trigger")).body.data[0].state_token;
  assert.equal((await control("POST", "/pushes/deny", { stateToken: st2 })).status, 200);
  const denied = await ol("POST", "/1001/otp_devices/526001/verify", { state_token: st2 });
  assert.equal(denied.status, 400);
  assert.deepEqual(denied.body, DENIED);
  assert.equal((await control("POST", "/pushes/approve")).status, 404, "nothing pending");
});

test("push-mode polls: auto approval on the Nth poll", async () => {
  await control("POST", "/push-mode", { mode: "auto", polls: 1 });
  const st = (await ol("POST", "/1001/otp_devices/526001/trigger")).body.data[0].state_token;
  assert.deepEqual((await ol("POST", "/1001/otp_devices/526001/verify", { state_token: st })).body, SUCCESS);
});

test("state tokens expire (120 s by default, state_token_expires_in otherwise)", async () => {
  const st = (await ol("POST", "/1001/otp_devices/526001/trigger")).body.data[0].state_token;
  await control("POST", "/clock", { advanceMs: 121_000 });
  const res = await ol("POST", "/1001/otp_devices/526001/verify", { state_token: st });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, EXPIRED);

  const st2 = (await ol("POST", "/1001/otp_devices/526001/trigger", { state_token_expires_in: 300 })).body.data[0].state_token;
  await control("POST", "/clock", { advanceMs: 200_000 });
  assert.deepEqual((await ol("POST", "/1001/otp_devices/526001/verify", { state_token: st2 })).body, PENDING);
  const tooLong = await ol("POST", "/1001/otp_devices/526001/trigger", { state_token_expires_in: 901 });
  assert.equal(tooLong.status, 400);
});

test("SMS: enrol sends a 6-character code; a wrong code keeps the state token; the right one activates", async () => {
  const enrol = await ol("POST", "/1002/otp_devices", { factor_id: 16282, display_name: "Bob's phone", number: "+14155550100" });
  assert.equal(enrol.status, 200);
  assert.deepEqual(enrol.body.status, SUCCESS.status);
  const [dev] = enrol.body.data;
  assert.equal(dev.needs_trigger, true);
  assert.equal(dev.active, false);
  assert.equal(dev.auth_factor_name, "OneLogin SMS");
  assert.equal(dev.user_display_name, "Bob's phone");
  assert.equal(dev.phone_number, "+14155550100");
  assert.match(dev.state_token, /^[0-9a-f]{40}$/);

  const [sms] = await outbox();
  assert.equal(sms.to, "+14155550100");
  assert.equal(sms.userId, 1002);
  assert.equal(sms.deviceId, dev.id);
  assert.match(sms.code, /^[A-Z0-9]{6}$/);
  assert.ok(sms.body.includes(sms.code));

  const verify = (otp_token) => ol("POST", `/1002/otp_devices/${dev.id}/verify`, { state_token: dev.state_token, otp_token });
  const wrong = await verify("XXXXXX" === sms.code ? "YYYYYY" : "XXXXXX");
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, FAILED);
  assert.deepEqual((await verify(sms.code.toLowerCase())).body, SUCCESS);
  const listed = (await ol("GET", "/1002/otp_devices")).body.data.otp_devices;
  assert.equal(listed.find((d) => d.id === dev.id).active, true);
  assert.deepEqual((await ol("GET", "/1002/auth_factors")).body.data.auth_factors, [{ name: "Google Authenticator", factor_id: 16284 }]);
});

test("SMS trigger: numeric_sms_otp and the sms_message template", async () => {
  const dev = (await ol("POST", "/1001/otp_devices", { factor_id: 16282, display_name: "Alice SMS", number: "+14155550101", verified: true })).body.data[0];
  assert.equal(dev.active, true);
  const trig = await ol("POST", `/1001/otp_devices/${dev.id}/trigger`, {
    numeric_sms_otp: true,
    sms_message: "Code {{otp_code}}, valid {{expiration}} minutes",
    state_token_expires_in: 300,
  });
  assert.equal(trig.status, 200);
  assert.equal(trig.body.status.message, "SMS token sent to your mobile device. Authentication pending.");
  const [d] = trig.body.data;
  assert.equal(d.device_id, dev.id);
  assert.notEqual(d.id, dev.id);
  const sms = (await outbox()).at(-1);
  assert.match(sms.code, /^\d{6}$/);
  assert.equal(sms.body, `Code ${sms.code}, valid 5 minutes`);
  const ok = await ol("POST", `/1001/otp_devices/${dev.id}/verify`, { state_token: d.state_token, otp_token: sms.code });
  assert.deepEqual(ok.body, SUCCESS);
  const tooLong = await ol("POST", `/1001/otp_devices/${dev.id}/trigger`, { sms_message: "x".repeat(161) });
  assert.equal(tooLong.status, 400);
});

test("enrol and trigger validation: unknown parameters, bad factor, bad number", async () => {
  const camel = await ol("POST", "/1001/otp_devices/526001/trigger", { stateTokenExpiresIn: 300 });
  assert.equal(camel.status, 400);
  assert.equal(camel.body.status.message, "Unknown parameter: stateTokenExpiresIn");
  assert.equal((await ol("POST", "/1002/otp_devices", { factor_id: 16284, display_name: "GA" })).status, 400, "only SMS/Voice enrol");
  assert.equal((await ol("POST", "/1002/otp_devices", { factor_id: 99, display_name: "x", number: "+14155550100" })).status, 400);
  assert.equal((await ol("POST", "/1002/otp_devices", { factor_id: 16282, display_name: "x", number: "555" })).status, 400);
  assert.equal((await ol("POST", "/1002/otp_devices", { display_name: "x", number: "+14155550100" })).status, 400);
  const badType = await call(`${sbx.url}/onelogin/api/1/users/1001/otp_devices/526001/trigger`, {
    method: "POST", headers: { authorization: bearer, "content-type": "text/plain" }, body: "{}",
  });
  assert.equal(badType.status, 400);
  assert.equal((await ol("POST", "/1001/otp_devices/999/trigger")).status, 404);
});

test("verify errors: missing or unknown state token", async () => {
  assert.equal((await ol("POST", "/1001/otp_devices/526001/verify", {})).status, 400);
  const unknown = await ol("POST", "/1001/otp_devices/526001/verify", { state_token: "0".repeat(40) });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.status.message, "Invalid state_token");
});

test("temporary MFA token: 8 digits, verify with device 0, consumed unless reusable", async () => {
  const gen = await ol("POST", "/1002/mfa_token", { expires_in: 300, reusable: false });
  assert.equal(gen.status, 200);
  assert.deepEqual(Object.keys(gen.body).sort(), ["expires_at", "mfa_token", "reusable"]);
  assert.match(gen.body.mfa_token, /^\d{8}$/);
  assert.equal(gen.body.reusable, false);
  assert.match(gen.body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const verify = (otp_token) => ol("POST", "/1002/otp_devices/0/verify", { otp_token });
  assert.deepEqual((await verify(gen.body.mfa_token)).body, SUCCESS);
  assert.deepEqual((await verify(gen.body.mfa_token)).body, FAILED);

  const reusable = await ol("POST", "/1002/mfa_token", { expires_in: "300", reusable: true });
  assert.equal(reusable.body.reusable, true);
  assert.equal((await verify(reusable.body.mfa_token)).status, 200);
  assert.equal((await verify(reusable.body.mfa_token)).status, 200);
  await control("POST", "/clock", { advanceMs: 301_000 });
  assert.equal((await verify(reusable.body.mfa_token)).status, 401, "expired");
  assert.equal((await ol("POST", "/1002/mfa_token", { expires_in: 999999 })).status, 400);
});

test("remove a device: 200, then 404", async () => {
  const res = await ol("DELETE", "/1001/otp_devices/526001");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, SUCCESS);
  const again = await ol("DELETE", "/1001/otp_devices/526001");
  assert.equal(again.status, 404);
  assert.equal(again.body.status.code, 404);
  assert.equal((await ol("GET", "/1001/otp_devices")).body.data.otp_devices.length, 1);
});

test("wrong methods answer 404 No Route Exists", async () => {
  const res = await ol("PUT", "/1001/otp_devices");
  assert.equal(res.status, 404);
  assert.equal(res.body.status.message, "No Route Exists");
});
