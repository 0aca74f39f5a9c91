import test from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic, REQUEST_ID } from "../test-support.mjs";

const sbx = useSandbox();
const KEYS = basic("sbx-secret-id", "sbx-secret-password");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const belvo = (method, path, json, headers = {}) => call(`${sbx.url}/belvo${path}`, { method, json, headers: { authorization: KEYS, ...headers } });
const register = (institution, extra = {}) => belvo("POST", "/api/links/", { institution, username: "bnk100", password: "full", ...extra });
const resumeLink = (json) => belvo("PATCH", "/api/links/", json);
const advance = (ms) => call(`${sbx.url}/_sandbox/clock`, { method: "POST", json: { advanceMs: ms } });

function assertLink(link, institution) {
  assert.match(link.id, UUID);
  assert.equal(link.institution, institution);
  assert.equal(link.access_mode, "single");
  assert.equal(link.status, "valid");
  for (const key of ["created_at", "external_id", "institution_user_id", "created_by", "last_accessed_at", "refresh_rate", "credentials_storage", "fetch_resources", "stale_in"]) {
    assert.ok(key in link, `Link has ${key}`);
  }
}

function assertTokenRequired(res) {
  assert.equal(res.status, 428);
  assert.ok(Array.isArray(res.body));
  const [e] = res.body;
  assert.equal(e.code, "token_required");
  assert.equal(e.message, "A MFA token is required by the institution to login");
  assert.match(e.request_id, REQUEST_ID);
  assert.match(e.session, REQUEST_ID);
  assert.match(e.link, UUID);
  return e;
}

test("GET /api/ checks the keys", async () => {
  const ok = await belvo("GET", "/api/");
  assert.equal(ok.status, 200);
  assert.equal(ok.body.links, `${sbx.url}/belvo/api/links/`);
  assert.equal(ok.body.accounts, `${sbx.url}/belvo/api/accounts/`);
  for (const headers of [{ authorization: basic("sbx-secret-id", "wrong") }, { authorization: "" }, { authorization: "Bearer x" }]) {
    const res = await call(`${sbx.url}/belvo/api/`, { headers });
    assert.equal(res.status, 401);
    assert.equal(res.body.length, 1);
    assert.equal(res.body[0].code, "authentication_failed");
    assert.equal(res.body[0].message, "Invalid Secret Keys");
    assert.match(res.body[0].request_id, REQUEST_ID);
  }
});

test("erebor_mx_retail: 201 Link at once", async () => {
  const res = await register("erebor_mx_retail", { external_id: "abc", access_mode: "single" });
  assert.equal(res.status, 201);
  assertLink(res.body, "erebor_mx_retail");
  assert.equal(res.body.external_id, "abc");
  const got = await belvo("GET", `/api/links/${res.body.id}/`);
  assert.equal(got.status, 200);
  assert.equal(got.body.id, res.body.id);
});

test("wrong bank credentials answer 400 login_error", async () => {
  const res = await register("erebor_mx_retail", { password: "nope" });
  assert.equal(res.status, 400);
  assert.equal(res.body[0].code, "login_error");
  assert.match(res.body[0].request_id, REQUEST_ID);
});

test("numeric_mx_bank: 428 numeric, a wrong token keeps the session, 123456 gives 200 Link", async () => {
  const e = assertTokenRequired(await register("numeric_mx_bank"));
  assert.equal(e.expiry, 600);
  assert.equal(e.token_generation_data.type, "numeric");
  assert.match(e.token_generation_data.value, /^\d{5}$/);
  assert.equal(e.token_generation_data.instructions, "Enter the challenge in your token device and type the code it shows");
  assert.equal(e.token_generation_data.expects_user_input, true);

  const wrong = await resumeLink({ session: e.session, link: e.link, token: "000000" });
  assert.equal(wrong.status, 400);
  assert.deepEqual(Object.keys(wrong.body[0]).sort(), ["code", "message", "request_id"]);
  assert.equal(wrong.body[0].code, "login_error");
  assert.equal(wrong.body[0].message, "Invalid token provided to login to the institution");

  const ok = await resumeLink({ session: e.session, link: e.link, token: "123456" });
  assert.equal(ok.status, 200);
  assertLink(ok.body, "numeric_mx_bank");
  assert.equal(ok.body.id, e.link);

  const replay = await resumeLink({ session: e.session, link: e.link, token: "123456" });
  assert.equal(replay.status, 404);
  assert.equal(replay.body[0].code, "not_found");
  assert.equal(replay.body[0].message, "Not found.");
});

test("chained_co_bank: two 428s (the first with expiry \"720\" and expect_user_input), then 200", async () => {
  const first = assertTokenRequired(await register("chained_co_bank"));
  assert.equal(first.expiry, "720");
  assert.equal(first.token_generation_data.type, "numeric");
  assert.equal(first.token_generation_data.expect_user_input, true);
  assert.ok(!("expects_user_input" in first.token_generation_data));

  const second = assertTokenRequired(await resumeLink({ session: first.session, link: first.link, token: "123456" }));
  assert.notEqual(second.session, first.session);
  assert.equal(second.link, first.link);
  assert.equal(second.token_generation_data.type, "numeric");
  assert.equal((await resumeLink({ session: first.session, link: first.link, token: "123456" })).status, 404, "the first session is gone");
  assert.equal((await resumeLink({ session: second.session, link: second.link, token: "123456" })).body[0].code, "login_error");

  const ok = await resumeLink({ session: second.session, link: second.link, token: "654321" });
  assert.equal(ok.status, 200);
  assertLink(ok.body, "chained_co_bank");
});

test("qrcode_br_bank: 428 qr, PATCH without token gives 200 (also with token null)", async () => {
  const e = assertTokenRequired(await register("qrcode_br_bank"));
  const tgd = e.token_generation_data;
  assert.equal(tgd.type, "qr");
  assert.equal(typeof tgd.value, "string");
  assert.ok(tgd.value.length > 10);
  assert.equal(tgd.instructions, "Scan the QR code with your bank app");
  assert.equal(tgd.expects_user_input, false);
  const ok = await resumeLink({ session: e.session, link: e.link, token: null });
  assert.equal(ok.status, 200);
  assertLink(ok.body, "qrcode_br_bank");
});

test("inputless_mx_bank: 428 without type, PATCH without token gives 200", async () => {
  const e = assertTokenRequired(await register("inputless_mx_bank"));
  assert.deepEqual(e.token_generation_data, { instructions: "Confirm the login in your bank app", expects_user_input: false });
  const ok = await resumeLink({ session: e.session, link: e.link });
  assert.equal(ok.status, 200);
  assertLink(ok.body, "inputless_mx_bank");
});

test("legacy_mx_bank: the single-object 428, resumed with 123456", async () => {
  const res = await register("legacy_mx_bank");
  assert.equal(res.status, 428);
  assert.ok(!Array.isArray(res.body));
  assert.deepEqual(Object.keys(res.body).sort(), ["detail", "expiry", "link", "session"]);
  assert.equal(res.body.detail, "Token Required");
  assert.equal(res.body.expiry, 9600);
  const ok = await resumeLink({ session: res.body.session, link: res.body.link, token: "123456" });
  assert.equal(ok.status, 200);
  assertLink(ok.body, "legacy_mx_bank");
});

test("activation_mx_bank: 428 activation_required, not resumable", async () => {
  const res = await register("activation_mx_bank");
  assert.equal(res.status, 428);
  assert.equal(res.body.length, 1);
  assert.equal(res.body[0].code, "activation_required");
  assert.equal(res.body[0].message, "This user doesn't have web access activated yet.");
  assert.match(res.body[0].request_id, REQUEST_ID);
  assert.ok(!("session" in res.body[0]));
});

test("a token sent with the register answers the first step", async () => {
  const ok = await register("numeric_mx_bank", { token: "123456" });
  assert.equal(ok.status, 201);
  assertLink(ok.body, "numeric_mx_bank");
  const wrong = await register("numeric_mx_bank", { token: "999999" });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body[0].code, "login_error");
});

test("an expired session answers 400 session_expired", async () => {
  const e = assertTokenRequired(await register("numeric_mx_bank"));
  await advance(601_000);
  const res = await resumeLink({ session: e.session, link: e.link, token: "123456" });
  assert.equal(res.status, 400);
  assert.equal(res.body[0].code, "session_expired");
  assert.equal(res.body[0].message, "The session you are trying to resume has expired, please start again from register/retrieve endpoint");
  assert.match(res.body[0].request_id, REQUEST_ID);
});

test("PATCH errors: unknown session 404, link mismatch, save_data refused, required fields", async () => {
  const e = assertTokenRequired(await register("numeric_mx_bank"));
  const unknown = await resumeLink({ session: "0".repeat(32), link: e.link, token: "123456" });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body[0].code, "not_found");

  const mismatch = await resumeLink({ session: e.session, link: "00000000-0000-4000-8000-000000000000", token: "123456" });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body[0].code, "invalid");
  assert.equal(mismatch.body[0].field, "link");

  const saveData = await resumeLink({ session: e.session, link: e.link, token: "123456", save_data: true });
  assert.equal(saveData.status, 400);
  assert.equal(saveData.body[0].code, "invalid");
  assert.equal(saveData.body[0].field, "save_data");

  const missing = await resumeLink({ token: "123456" });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.map((x) => [x.field, x.code, x.message]), [
    ["session", "required", "This field is required."],
    ["link", "required", "This field is required."],
  ]);
  assert.match(missing.body[0].request_id, REQUEST_ID);

  // the session survived every failed attempt
  assert.equal((await resumeLink({ session: e.session, link: e.link, token: "123456" })).status, 200);
});

test("register validation: required, unknown camelCase fields, unknown institution, choices", async () => {
  const missing = await belvo("POST", "/api/links/", { username: "bnk100" });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body[0], { request_id: missing.body[0].request_id, message: "This field is required.", code: "required", field: "institution" });

  const camel = await register("erebor_mx_retail", { saveData: true, accessMode: "single" });
  assert.equal(camel.status, 400);
  assert.deepEqual(camel.body.map((x) => [x.field, x.code]), [["saveData", "invalid"], ["accessMode", "invalid"]]);

  const unknownInst = await register("nowhere_xx_bank");
  assert.equal(unknownInst.status, 400);
  assert.equal(unknownInst.body[0].code, "does_not_exist");
  assert.equal(unknownInst.body[0].field, "institution");

  const badChoice = await register("erebor_mx_retail", { access_mode: "forever" });
  assert.equal(badChoice.body[0].code, "invalid_choice");
  assert.equal(badChoice.body[0].field, "access_mode");

  // belvo-python always sends save_data on register: accepted
  assert.equal((await register("erebor_mx_retail", { save_data: true })).status, 201);
});

test("body format errors answer parse_error", async () => {
  const plain = await call(`${sbx.url}/belvo/api/links/`, { method: "POST", headers: { authorization: KEYS, "content-type": "text/plain" }, body: '{"institution":"erebor_mx_retail"}' });
  assert.equal(plain.status, 400);
  assert.equal(plain.body[0].code, "parse_error");
  const bad = await call(`${sbx.url}/belvo/api/links/`, { method: "POST", headers: { authorization: KEYS, "content-type": "application/json" }, body: "{oops" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body[0].code, "parse_error");
  assert.match(bad.body[0].request_id, REQUEST_ID);
  const list = await belvo("POST", "/api/links/", [1, 2]);
  assert.equal(list.status, 400);
  assert.equal(list.body[0].code, "invalid");
});

test("routes: 404 not_found, 405 method_not_allowed, list and delete links", async () => {
  const nf = await belvo("GET", "/api/nothing/");
  assert.equal(nf.status, 404);
  assert.equal(nf.body[0].code, "not_found");
  const m = await belvo("PUT", "/api/links/", {});
  assert.equal(m.status, 405);
  assert.equal(m.body[0].code, "method_not_allowed");
  assert.equal(m.body[0].message, 'Method "PUT" not allowed.');
  const link = (await register("erebor_mx_retail")).body;
  const list = await belvo("GET", "/api/links/");
  assert.equal(list.body.count, 1);
  assert.equal(list.body.results[0].id, link.id);
  assert.equal((await belvo("DELETE", `/api/links/${link.id}/`)).status, 204);
  assert.equal((await belvo("GET", `/api/links/${link.id}/`)).status, 404);
  const inst = await belvo("GET", "/api/institutions/");
  assert.equal(inst.body.count, 8);
  for (const i of inst.body.results) assert.match(i.name, /^[a-z]+_[a-z]{2}_[a-z]+$/);
});
