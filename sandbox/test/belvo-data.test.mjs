import test from "node:test";
import assert from "node:assert/strict";
import { useSandbox, call, basic, REQUEST_ID } from "../test-support.mjs";

const sbx = useSandbox();
const KEYS = basic("sbx-secret-id", "sbx-secret-password");
const RESOURCES = ["accounts", "transactions", "balances", "owners", "incomes", "recurring-expenses", "risk-insights"];
const DATES = { date_from: "2026-01-01", date_to: "2026-01-31" };

const belvo = (method, path, json) => call(`${sbx.url}/belvo${path}`, { method, json, headers: { authorization: KEYS } });
const fault = (json) => call(`${sbx.url}/_sandbox/faults`, { method: "POST", json });
const extraFor = (resource) => (resource === "transactions" || resource === "balances" ? DATES : {});

async function linkOf(institution) {
  let res = await belvo("POST", "/api/links/", { institution, username: "bnk100", password: "full" });
  for (const token of ["123456", "654321"]) {
    if (res.status !== 428) break;
    const e = Array.isArray(res.body) ? res.body[0] : res.body;
    res = await belvo("PATCH", "/api/links/", { session: e.session, link: e.link, token });
  }
  assert.ok(res.status === 200 || res.status === 201, `link for ${institution}: ${res.status}`);
  return res.body.id;
}

test("erebor accounts: 201 with two accounts, 200 when save_data is false", async () => {
  const link = await linkOf("erebor_mx_retail");
  const res = await belvo("POST", "/api/accounts/", { link });
  assert.equal(res.status, 201);
  assert.equal(res.body.length, 2);
  for (const a of res.body) {
    assert.equal(a.link, link);
    assert.equal(typeof a.id, "string");
    assert.equal(typeof a.balance.current, "number");
  }
  const unsaved = await belvo("POST", "/api/accounts/", { link, save_data: false });
  assert.equal(unsaved.status, 200);
  assert.equal(unsaved.body.length, 2);
  const saved = await call(`${sbx.url}/belvo/api/accounts/?link=${link}`, { headers: { authorization: KEYS } });
  assert.equal(saved.body.count, 2, "only the saved retrieval is listed");
});

test("every data resource answers at once for an erebor link", async () => {
  const link = await linkOf("erebor_mx_retail");
  for (const resource of RESOURCES) {
    const res = await belvo("POST", `/api/${resource}/`, { link, ...extraFor(resource) });
    assert.equal(res.status, 201, resource);
    assert.ok(Array.isArray(res.body) && res.body.length > 0, resource);
  }
  const inv = await belvo("POST", "/api/invoices/", { link, ...DATES, type: "INFLOW" });
  assert.equal(inv.status, 201);
});

test("MFA institutions: POST data answers 428 numeric, PATCH 123456 answers 201 (200 without save_data)", async () => {
  for (const institution of ["numeric_mx_bank", "chained_co_bank", "legacy_mx_bank"]) {
    const link = await linkOf(institution);
    for (const resource of RESOURCES) {
      const res = await belvo("POST", `/api/${resource}/`, { link, ...extraFor(resource) });
      assert.equal(res.status, 428, `${institution} ${resource}`);
      const [e] = res.body;
      assert.equal(e.code, "token_required");
      assert.equal(e.link, link);
      assert.equal(e.expiry, 600);
      assert.equal(e.token_generation_data.type, "numeric");
      assert.equal(e.token_generation_data.expects_user_input, true);
      const wrong = await belvo("PATCH", `/api/${resource}/`, { session: e.session, link, token: "000000" });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body[0].code, "login_error");
      const ok = await belvo("PATCH", `/api/${resource}/`, { session: e.session, link, token: "123456" });
      assert.equal(ok.status, 201, `${institution} ${resource} resume`);
      assert.ok(Array.isArray(ok.body) && ok.body.length > 0);
    }
    const again = await belvo("POST", "/api/accounts/", { link });
    const e = again.body[0];
    const unsaved = await belvo("PATCH", "/api/accounts/", { session: e.session, link, token: "123456", save_data: false });
    assert.equal(unsaved.status, 200);
    assert.equal(unsaved.body.length, 2);
  }
});

test("save_data false on the POST carries over to a PATCH that omits it", async () => {
  const link = await linkOf("numeric_mx_bank");
  const e = (await belvo("POST", "/api/owners/", { link, save_data: false })).body[0];
  const res = await belvo("PATCH", "/api/owners/", { session: e.session, link, token: "123456" });
  assert.equal(res.status, 200);
});

test("a session resumes only on its own resource path", async () => {
  const link = await linkOf("numeric_mx_bank");
  const e = (await belvo("POST", "/api/accounts/", { link })).body[0];
  const res = await belvo("PATCH", "/api/owners/", { session: e.session, link, token: "123456" });
  assert.equal(res.status, 404);
  assert.equal(res.body[0].code, "not_found");
  assert.equal((await belvo("PATCH", "/api/accounts/", { session: e.session, link, token: "123456" })).status, 201);
});

test("retrieval validation: required link and dates, unknown link, unconfirmed link, camelCase", async () => {
  const noLink = await belvo("POST", "/api/accounts/", {});
  assert.equal(noLink.status, 400);
  assert.deepEqual(noLink.body.map((e) => [e.field, e.code, e.message]), [["link", "required", "This field is required."]]);
  assert.match(noLink.body[0].request_id, REQUEST_ID);

  const link = await linkOf("erebor_mx_retail");
  const noDates = await belvo("POST", "/api/transactions/", { link });
  assert.deepEqual(noDates.body.map((e) => [e.field, e.code]), [["date_from", "required"], ["date_to", "required"]]);
  const badDate = await belvo("POST", "/api/transactions/", { link, date_from: "01/02/2026", date_to: "2026-02-01" });
  assert.deepEqual(badDate.body.map((e) => [e.field, e.code]), [["date_from", "invalid"]]);

  const unknown = await belvo("POST", "/api/accounts/", { link: "00000000-0000-4000-8000-000000000000" });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body[0].code, "does_not_exist");
  assert.equal(unknown.body[0].field, "link");

  const notUuid = await belvo("POST", "/api/accounts/", { link: "abc" });
  assert.equal(notUuid.body[0].code, "invalid");

  const pending = (await belvo("POST", "/api/links/", { institution: "numeric_mx_bank", username: "bnk100", password: "full" })).body[0].link;
  const unconfirmed = await belvo("POST", "/api/accounts/", { link: pending });
  assert.equal(unconfirmed.status, 400);
  assert.equal(unconfirmed.body[0].code, "unconfirmed_link");

  const camel = await belvo("POST", "/api/accounts/", { link, saveData: false });
  assert.equal(camel.status, 400);
  assert.deepEqual([camel.body[0].field, camel.body[0].code], ["saveData", "invalid"]);
});

test("fault too_many_sessions: the next register or retrieval only", async () => {
  const link = await linkOf("erebor_mx_retail");
  assert.equal((await fault({ provider: "belvo", kind: "too_many_sessions" })).status, 200);
  const busy = await belvo("POST", "/api/accounts/", { link });
  assert.equal(busy.status, 400);
  assert.equal(busy.body[0].code, "too_many_sessions");
  assert.equal(busy.body[0].message, "Impossible to login, a session is already opened with the institution for these credentials");
  assert.match(busy.body[0].request_id, REQUEST_ID);
  assert.equal((await belvo("POST", "/api/accounts/", { link })).status, 201);

  await fault({ provider: "belvo", kind: "too_many_sessions", count: 2 });
  for (let i = 0; i < 2; i++) {
    const r = await belvo("POST", "/api/links/", { institution: "erebor_mx_retail", username: "bnk100", password: "full" });
    assert.equal(r.body[0].code, "too_many_sessions");
  }
  assert.equal((await belvo("POST", "/api/links/", { institution: "erebor_mx_retail", username: "bnk100", password: "full" })).status, 201);
});

test("fault html_403: the openresty page until the faults are cleared", async () => {
  await fault({ provider: "belvo", kind: "html_403" });
  for (let i = 0; i < 2; i++) {
    const res = await belvo("GET", "/api/");
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("content-type"), "text/html");
    assert.equal(res.text, "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>openresty</center></body></html>");
  }
  assert.equal((await call(`${sbx.url}/_sandbox/faults`, { method: "DELETE" })).status, 200);
  assert.equal((await belvo("GET", "/api/")).status, 200);
});

test("fault raw: the given status, headers and body, once", async () => {
  await fault({ provider: "belvo", kind: "raw", status: 502, headers: { "x-test": "1", "content-type": "text/html" }, body: "<h1>Bad Gateway</h1>" });
  const res = await belvo("GET", "/api/");
  assert.equal(res.status, 502);
  assert.equal(res.headers.get("x-test"), "1");
  assert.equal(res.headers.get("content-type"), "text/html");
  assert.equal(res.text, "<h1>Bad Gateway</h1>");
  assert.equal((await belvo("GET", "/api/")).status, 200);
});
