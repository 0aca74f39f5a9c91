import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { useSandbox, call, basic, REQUEST_ID } from "../test-support.mjs";
import { startSandbox } from "../server.mjs";

const sbx = useSandbox();
const SERVER = fileURLToPath(new URL("../server.mjs", import.meta.url));
const CLI = fileURLToPath(new URL("../cli.mjs", import.meta.url));

test("startSandbox resolves url (no trailing slash), port, state and close()", async () => {
  const other = await startSandbox({ port: 0, quiet: true });
  assert.match(other.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(other.url, `http://127.0.0.1:${other.port}`);
  assert.equal(typeof other.state, "object");
  assert.equal((await fetch(`${other.url}/_sandbox/health`)).status, 200);
  await other.close();
  await assert.rejects(fetch(`${other.url}/_sandbox/health`));
});

test("bodies over 1 MB answer 413 in each provider's shape", async () => {
  const big = "x".repeat(1024 * 1024 + 1);
  const riffyn = await call(`${sbx.url}/riffyn/v1/auth`, { method: "POST", body: big });
  assert.equal(riffyn.status, 413);
  assert.equal(typeof riffyn.body.error, "string");
  const belvo = await call(`${sbx.url}/belvo/api/links/`, { method: "POST", body: big });
  assert.equal(belvo.status, 413);
  assert.equal(belvo.body[0].code, "request_too_large");
  assert.match(belvo.body[0].request_id, REQUEST_ID);
  const onelogin = await call(`${sbx.url}/onelogin/auth/oauth2/v2/token`, { method: "POST", body: big });
  assert.equal(onelogin.status, 413);
  assert.equal(onelogin.body.status.code, 413);
  assert.equal((await call(`${sbx.url}/_sandbox/clock`, { method: "POST", body: big })).status, 413);
  // the server is still fine
  assert.equal((await call(`${sbx.url}/_sandbox/health`)).status, 200);
});

test("a handler failure answers 500 in the provider's shape and the server keeps serving", async () => {
  sbx.state.riffyn.users.alice.factors = null; // corrupt the state so the handler throws
  const res = await call(`${sbx.url}/riffyn/v1/auth`, { method: "POST", headers: { authorization: basic("alice", "correct-horse-battery") } });
  assert.equal(res.status, 500);
  assert.deepEqual(res.body, { error: "Internal server error" });
  sbx.state.belvo.links = null;
  const b = await call(`${sbx.url}/belvo/api/links/`, { headers: { authorization: basic("sbx-secret-id", "sbx-secret-password") } });
  assert.equal(b.status, 500);
  assert.equal(b.body[0].code, "unexpected_error");
  sbx.state.onelogin.tokens = null;
  const o = await call(`${sbx.url}/onelogin/api/1/users/1001/otp_devices`, { headers: { authorization: "Bearer x" } });
  assert.equal(o.status, 500);
  assert.equal(o.body.status.code, 500);
  assert.equal((await call(`${sbx.url}/_sandbox/health`)).status, 200);
});

test("odd input never crashes the server", async () => {
  const bodies = ["", "null", "[]", '"str"', "1e309", "{\"a\":", "\u0000\uffff", "{}".repeat(1000)];
  const targets = [
    ["POST", "/riffyn/v1/auth/factor/uft2rfyn7totp0001/verify", {}],
    ["POST", "/belvo/api/links/", { authorization: basic("sbx-secret-id", "sbx-secret-password") }],
    ["PATCH", "/belvo/api/accounts/", { authorization: basic("sbx-secret-id", "sbx-secret-password") }],
    ["POST", "/onelogin/auth/oauth2/v2/token", { authorization: "Basic %%%" }],
    ["POST", "/_sandbox/faults", {}],
  ];
  for (const [method, path, headers] of targets) {
    for (const body of bodies) {
      const res = await call(`${sbx.url}${path}`, { method, headers: { ...headers, "content-type": "application/json" }, body });
      assert.ok(res.status >= 200 && res.status < 500, `${method} ${path} ${JSON.stringify(body)} → ${res.status}`);
    }
  }
  for (const path of ["/belvo/api/links/%E0%A4%A/", "/onelogin/api/1/users/%E0%A4%A/otp_devices", "/riffyn/v1/auth/factor/%E0%A4%A/verify"]) {
    const res = await call(`${sbx.url}${path}`, { headers: { authorization: basic("sbx-secret-id", "sbx-secret-password") } });
    assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
  }
  assert.equal((await call(`${sbx.url}/_sandbox/health`)).status, 200);
});

test("run directly: prints the URL, serves, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [SERVER, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const res = await fetch(`${url}/riffyn/v1/auth`, { method: "POST", headers: { authorization: basic("bob", "hunter2-hunter2") } });
  assert.equal(res.status, 200);
  await res.text();
  const exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exit, 0);
});

test("root null serves no file; the package's command (cli.mjs) starts that way and stops on SIGTERM", async () => {
  const bare = await startSandbox({ port: 0, quiet: true, root: null });
  for (const path of ["/", "/index.html", "/pkg/mfa_flows.js", "/node_modules/"]) assert.equal((await call(`${bare.url}${path}`)).status, 404, path);
  assert.equal((await call(`${bare.url}/_sandbox/health`)).status, 200);
  await bare.close();

  const child = spawn(process.execPath, [CLI, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  assert.equal((await call(`${url}/`)).status, 404);
  assert.equal((await call(`${url}/riffyn/v1/auth`, { method: "POST", headers: { authorization: basic("bob", "hunter2-hunter2") } })).status, 200);
  const exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exit, 0);
});
