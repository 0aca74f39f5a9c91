// The package as users get it: imported by name, its errors, its transport guards and timers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION, MfaError, isMfaError, RiffynClient, OneLoginClient } from "mfa-flows";
import { rejection } from "./helpers.mjs";

const pkgDir = fileURLToPath(new URL("../pkg/", import.meta.url));
const creds = { username: "alice", password: "pw" };

/** A loopback server; `handler` decides what each request gets. */
async function server(handler) {
  const srv = createServer(handler);
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${srv.address().port}`, close: () => { srv.closeAllConnections(); srv.close(); } };
}

test("exports VERSION, MfaError (an Error subclass) and isMfaError", () => {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(VERSION, manifest.version);
  assert.equal(manifest.name, "mfa-flows");
  const e = new MfaError("network", "x");
  assert.ok(e instanceof Error && e instanceof MfaError);
  assert.equal(e.name, "MfaError");
  assert.ok(isMfaError(e));
  assert.ok(!isMfaError(new Error("x")) && !isMfaError(null) && !isMfaError("MfaError"));
});

test("constructors throw MfaError at once on bad options and send nothing", () => {
  const code = (options) => {
    try { new RiffynClient(options); } catch (e) { assert.ok(e instanceof MfaError, String(e)); return e.code; }
    return "none";
  };
  assert.equal(code({ baseUrl: "http://example.com" }), "insecure_url");
  assert.equal(code({ baseUrl: "http://example.com", allowInsecureHttp: true }), "none");
  assert.equal(code({ baseUrl: "http://127.0.0.1:1/x" }), "none");
  assert.equal(code({ baseUrl: "http://localhost:1" }), "none");
  assert.equal(code({ baseUrl: "http://[::1]:1" }), "none");
  assert.equal(code({ baseUrl: "https://api.app.riffyn.com/v1" }), "none");
  for (const bad of [undefined, null, 42, "https://x", {}, { baseUrl: "not a url" }, { baseUrl: "ftp://x" },
    { baseUrl: "https://x", baseURL: "https://x" }, { baseUrl: "https://x", fetch: "nope" },
    { baseUrl: "https://x", timeoutMs: -1 }, { baseUrl: "https://x", timeoutMs: Number.NaN },
    { baseUrl: "https://x", headers: { "bad name": "v" } }, { baseUrl: "https://x", headers: { a: 1 } }]) {
    assert.equal(code(bad), "invalid_input", JSON.stringify(bad));
  }
});

test("bad call arguments reject (never throw) with invalid_input naming the field", async () => {
  const client = new RiffynClient({ baseUrl: "http://127.0.0.1:9" });
  const cases = [
    [() => client.login(), "credentials"],
    [() => client.login({ username: "a" }), "password"],
    [() => client.login({ username: "a", password: "b", extra: 1 }), "extra"],
    [() => client.login({ username: 5, password: "hunter2-secret" }), "credentials"],
    [() => client.login(creds, { signal: {} }), "signal"],
    [() => client.login(creds, { timeoutMs: "5" }), "call options"],
  ];
  for (const [call, field] of cases) {
    const p = call();
    assert.ok(p instanceof Promise);
    const e = await rejection(p);
    assert.ok(e instanceof MfaError, String(e));
    assert.equal(e.code, "invalid_input");
    assert.match(e.message, new RegExp(field));
    assert.doesNotMatch(e.message + JSON.stringify(e), /hunter2-secret/);
  }
});

test("a closed loopback port rejects with network", async () => {
  const srv = await server(() => {});
  const url = srv.url;
  srv.close();
  const e = await rejection(new RiffynClient({ baseUrl: url }).login(creds));
  assert.ok(e instanceof MfaError);
  assert.equal(e.code, "network");
  assert.equal(e.status, undefined);
});

test("a server that never answers rejects with timeout within 1 s", async () => {
  const srv = await server(() => {});
  try {
    const started = Date.now();
    const e = await rejection(new RiffynClient({ baseUrl: srv.url, timeoutMs: 200 }).login(creds));
    assert.equal(e.code, "timeout");
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    // the call's own timeout overrides the client's
    const e2 = await rejection(new RiffynClient({ baseUrl: srv.url }).login(creds, { timeoutMs: 100 }));
    assert.equal(e2.code, "timeout");
  } finally {
    srv.close();
  }
});

test("an aborted signal rejects with aborted, before or during the request", async () => {
  const srv = await server(() => {});
  try {
    const client = new RiffynClient({ baseUrl: srv.url });
    const e = await rejection(client.login(creds, { signal: AbortSignal.abort() }));
    assert.equal(e.code, "aborted");
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const e2 = await rejection(client.login(creds, { signal: ctrl.signal }));
    assert.equal(e2.code, "aborted");
  } finally {
    srv.close();
  }
});

test("an abort ends a call at once even while it waits for another call's token request", async () => {
  let tokenRequests = 0;
  let tokenArrived;
  const arrived = new Promise((resolve) => { tokenArrived = resolve; });
  const srv = await server((req) => { if (req.url.endsWith("/token")) { tokenRequests += 1; tokenArrived(); } });
  try {
    const client = new OneLoginClient({ baseUrl: srv.url, clientId: "id", clientSecret: "secret", timeoutMs: 5_000 });
    const first = client.availableFactors(1001);            // starts the (hanging) token request
    first.catch(() => {});
    const ctrl = new AbortController();
    const second = client.enrolledFactors(1001, { signal: ctrl.signal }); // waits for the same token
    // Abort once the shared token request is really in flight (not after a fixed delay: a loaded
    // machine may take longer than that to send it).
    arrived.then(() => ctrl.abort());
    const started = Date.now();
    const e = await rejection(second);
    assert.equal(e.code, "aborted");
    assert.ok(Date.now() - started < 1_000, `aborted after ${Date.now() - started} ms`);
    assert.equal(tokenRequests, 1, "one shared token request");
    const ctrl2 = new AbortController();
    const third = client.availableFactors(1001, { signal: ctrl2.signal });
    ctrl2.abort();
    assert.equal((await rejection(third)).code, "aborted");
    assert.equal((await rejection(first)).code, "timeout");
  } finally {
    srv.close();
  }
});

test("a body that stops half-way times out; one that never ends is aborted mid-body", async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"status":"SUC');
  });
  try {
    const e = await rejection(new RiffynClient({ baseUrl: srv.url, timeoutMs: 300 }).login(creds));
    assert.equal(e.code, "timeout");
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const e2 = await rejection(new RiffynClient({ baseUrl: srv.url, timeoutMs: 0 }).login(creds, { signal: ctrl.signal }));
    assert.equal(e2.code, "aborted");
  } finally {
    srv.close();
  }
});

test("an injected fetch is used with the request's method, URL, headers and body", async () => {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify({ status: "SUCCESS", accessToken: "t" }), { status: 200 });
  };
  const client = new RiffynClient({ baseUrl: "https://riffyn.test/v1/", fetch, headers: { "X-Csrf": "c" } });
  const step = await client.login(creds);
  assert.deepEqual(step, { status: "SUCCESS", accessToken: "t" });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, "https://riffyn.test/v1/auth");
  assert.equal(seen[0].init.method, "POST");
  assert.equal(seen[0].init.headers.Authorization, `Basic ${Buffer.from("alice:pw").toString("base64")}`);
  assert.equal(seen[0].init.headers["X-Csrf"], "c");
  assert.ok(seen[0].init.signal instanceof AbortSignal);
  // an injected fetch that throws or returns junk still gives MfaErrors
  const thrower = new RiffynClient({ baseUrl: "https://x.test", fetch: () => { throw new TypeError("boom"); } });
  assert.equal((await rejection(thrower.login(creds))).code, "network");
  const junk = new RiffynClient({ baseUrl: "https://x.test", fetch: async () => ({ nope: true }) });
  assert.equal((await rejection(junk.login(creds))).code, "bad_response");
});

test("no call leaves a timer that keeps Node alive", () => {
  // A child process makes failing, timing-out, aborted and successful calls with the default
  // 30 s timeout; it must exit as soon as its work is done.
  const script = `
    import { createServer } from "node:http";
    import { RiffynClient } from "mfa-flows";
    const ok = createServer((q, s) => { s.setHeader("connection", "close"); s.end('{"status":"SUCCESS","accessToken":"t"}'); });
    const hang = createServer(() => {});
    await new Promise((r) => ok.listen(0, "127.0.0.1", r));
    await new Promise((r) => hang.listen(0, "127.0.0.1", r));
    const creds = { username: "a", password: "b" };
    const base = (s) => "http://127.0.0.1:" + s.address().port;
    await new RiffynClient({ baseUrl: base(ok) }).login(creds);
    await new RiffynClient({ baseUrl: "http://127.0.0.1:9" }).login(creds).catch(() => {});
    await new RiffynClient({ baseUrl: base(hang), timeoutMs: 100 }).login(creds).catch(() => {});
    const c = new AbortController(); setTimeout(() => c.abort(), 50);
    await new RiffynClient({ baseUrl: base(hang) }).login(creds, { signal: c.signal }).catch(() => {});
    hang.closeAllConnections(); hang.close(); ok.close();
    console.log("done");
  `;
  const started = Date.now();
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8", timeout: 20_000,
  });
  assert.equal(out.stderr, "");
  assert.equal(out.stdout.trim(), "done");
  assert.equal(out.status, 0);
  assert.ok(Date.now() - started < 5_000, `child lived ${Date.now() - started} ms`);
});

test("a consumer folder outside the repo imports the package by name", () => {
  const dir = mkdtempSync(join(tmpdir(), "mfa-flows-consumer-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(pkgDir, join(dir, "node_modules", "mfa-flows"), "dir");
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    writeFileSync(join(dir, "main.js"), `
      import { VERSION, MfaError, RiffynClient, isMfaError } from "mfa-flows";
      try { new RiffynClient({ baseUrl: "http://example.com" }); }
      catch (e) { console.log(VERSION, e instanceof MfaError, isMfaError(e), e.code); }
    `);
    const out = execFileSync(process.execPath, ["main.js"], { cwd: dir, encoding: "utf8" });
    assert.equal(out.trim(), `${VERSION} true true insecure_url`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
