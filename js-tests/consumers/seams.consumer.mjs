// The seams a new user crosses first (issue 24), from the packed tarball in a fresh project:
// Cloudflare Workers (the "workerd" condition, in Miniflare), an uncaught MfaError's stack, the
// shipped types, and the errors a wrong baseUrl or a down provider give through the proxy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { sandbox } from "../helpers.mjs";
import { packAndInstall } from "./install.mjs";

let work, app, version, sb;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "mfa-flows-seams-"));
  app = join(work, "app");
  ({ version } = packAndInstall(work, app, { fixtures: { node: "node", workerd: "workerd" } }));
  sb = await sandbox();
});
after(async () => {
  await sb?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const installed = () => join(app, "node_modules", "mfa-flows");
const manifest = () => JSON.parse(readFileSync(join(installed(), "package.json"), "utf8"));
/** The installed package's entry `subpath` as the project imports it. */
const load = (subpath) => import(pathToFileURL(join(installed(), manifest().exports[subpath].node)).href);

/** Bundles `entry` as wrangler does (conditions workerd, worker; .wasm imports left as modules). */
async function bundleForWorkers(entry, define = {}) {
  const { build } = await import("esbuild");
  const wasm = new Map();
  const out = await build({
    absWorkingDir: app, entryPoints: [entry], bundle: true, format: "esm", write: false, logLevel: "error",
    conditions: ["workerd", "worker"], platform: "neutral", mainFields: ["module", "main"], define,
    plugins: [{
      name: "wasm-modules",
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, async (args) => {
          const path = join(args.resolveDir, args.path);
          wasm.set(basename(path), path);
          return { path: `./${basename(path)}`, external: true };
        });
      },
    }],
  });
  return { code: out.outputFiles[0].text, wasm };
}

test("Cloudflare Workers: mfa-flows/server's proxy and a server-side RiffynClient run in workerd (Miniflare)", async () => {
  const exports = manifest().exports;
  for (const subpath of [".", "./riffyn", "./belvo", "./onelogin", "./totp", "./server"]) {
    assert.equal(exports[subpath].workerd, exports[subpath].worker, subpath);
    assert.match(readFileSync(join(installed(), exports[subpath].workerd), "utf8"), /^import wasm from "\.\/lib\/\w+_bg\.wasm";$/m, subpath);
    assert.ok(manifest().sideEffects.includes(exports[subpath].workerd), `${subpath}: its module is kept by bundlers`);
  }
  const { code, wasm } = await bundleForWorkers("workerd/proxy.js", { SANDBOX: JSON.stringify(sb.url) });
  assert.doesNotMatch(code, /WebAssembly\.(compile|instantiate)\(|_bg\.wasm\.js/, "no bytes compiled at run time");
  assert.deepEqual([...wasm.keys()].sort(), ["mfa_flows_bg.wasm", "server_bg.wasm"]);
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    compatibilityDate: "2025-01-01",
    modulesRoot: work,
    modules: [
      { type: "ESModule", path: join(work, "worker.mjs"), contents: code },
      ...[...wasm].map(([name, path]) => ({ type: "CompiledWasm", path: join(work, name), contents: readFileSync(path) })),
    ],
  });
  try {
    assert.equal(await (await mf.dispatchFetch("http://worker.test/login")).text(), "MFA_REQUIRED SUCCESS");
    const login = await mf.dispatchFetch("http://worker.test/mfa/riffyn/auth", {
      method: "POST", headers: { authorization: `Basic ${btoa("alice:correct-horse-battery")}`, cookie: "sid=1" },
    });
    assert.equal(login.status, 200);
    assert.equal((await login.json()).status, "MFA_REQUIRED");
    const unknown = await mf.dispatchFetch("http://worker.test/mfa/rifyn/auth", { method: "POST" });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).mfaProxy, "not_found");
  } finally {
    await mf.dispose();
  }
});

test("an uncaught MfaError's stack names the caller's own file and line, and prints readable lines", async () => {
  const run = promisify(execFile)(process.execPath, ["node/uncaught.mjs", sb.url], { cwd: app, encoding: "utf8" });
  const { stderr } = await run.then(() => assert.fail("the script should fail"), (e) => e);
  assert.match(stderr, /MfaError: /);
  assert.match(stderr, /code: 'invalid_credentials'/);
  assert.match(stderr, /at async file:\/\/.*\/node\/uncaught\.mjs:5:1/, stderr);
  for (const line of stderr.split("\n")) assert.ok(line.length < 240, `a readable line, not minified code: ${line.slice(0, 120)}…`);
});

test("an uncaught synchronous MfaError (require, a timer) prints readable lines, not the glue minified on one line", async () => {
  const run = promisify(execFile)(process.execPath, ["node/uncaught-sync.cjs"], { cwd: app, encoding: "utf8" });
  const { stderr } = await run.then(() => assert.fail("the script should fail"), (e) => e);
  assert.match(stderr, /MfaError: baseUrl: /);
  assert.match(stderr, /node\/uncaught-sync\.cjs:5:/, stderr);
  for (const line of stderr.split("\n")) assert.ok(line.length < 240, `a readable line, not minified code: ${line.slice(0, 120)}…`);
});

test("the shipped types: no internal $1 names, and a doc comment on each MfaErrorCode", () => {
  for (const file of readdirSync(installed()).filter((f) => f.endsWith(".d.ts"))) {
    const dts = readFileSync(join(installed(), file), "utf8");
    assert.doesNotMatch(dts, /\w\$\d/, file);
    if (!/^type MfaErrorCode\b/m.test(dts)) continue;   // (an entry whose types use no error code)
    const codes = /^type MfaErrorCode =\n([\s\S]*?);$/m.exec(dts);
    assert.ok(codes, `${file}: MfaErrorCode one member per line`);
    const members = codes[1].split("\n").filter((l) => l.trim().startsWith("|"));
    assert.equal(members.length, 17, file);
    const docs = codes[1].split("\n").filter((l) => l.trim().startsWith("/**"));
    assert.equal(docs.length, members.length, `${file}: one doc comment per code`);
  }
});

test("errors that help: a wrong baseUrl names the request, the proxy's words and a network failure reach the client", async () => {
  const { RiffynClient, BelvoClient, OneLoginClient } = await load(".");
  const { createMfaProxy } = await load("./server");
  // A baseUrl one segment short: Riffyn's sandbox answers 405/404 without explaining.
  const wrong = new RiffynClient({ baseUrl: `${sb.url}/riffyn` });
  const e405 = await wrong.login({ username: "alice", password: "correct-horse-battery" }).catch((e) => e);
  assert.ok(["provider_error", "not_found"].includes(e405.code), e405.message);
  assert.match(e405.message, /\(HTTP 40[45]\): POST \/riffyn\/auth; check baseUrl$/);
  assert.equal(e405.provider, "riffyn");
  // Through a proxy: its own refusal keeps its message; a provider that cannot be reached is `network`.
  const down = `http://127.0.0.1:${await closedPort()}`;
  const proxy = createMfaProxy({
    basePath: "/mfa", subject: () => "s", authorize: () => true,
    riffyn: { baseUrl: `${sb.url}/riffyn/v1` },
    belvo: { baseUrl: down, secretId: "id", secretPassword: "pw" },
    onelogin: { baseUrl: down, clientId: "id", clientSecret: "secret" },
  });
  const server = createServer(proxy.node).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${server.address().port}/mfa`;
  try {
    const missing = await new RiffynClient({ baseUrl: `${base}/rifyn` }).login({ username: "a", password: "b" }).catch((e) => e);
    assert.equal(missing.code, "not_found");
    assert.equal(missing.message, "no such MFA operation (HTTP 404): POST /mfa/rifyn/auth; check baseUrl");
    const belvo = await new BelvoClient({ baseUrl: `${base}/belvo` })
      .registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" }).catch((e) => e);
    assert.deepEqual([belvo.code, belvo.provider, belvo.status], ["network", "belvo", 502], belvo.message);
    const onelogin = await new OneLoginClient({ baseUrl: `${base}/onelogin` }).availableFactors(1001).catch((e) => e);
    assert.deepEqual([onelogin.code, onelogin.provider], ["network", "onelogin"], onelogin.message);
    assert.match(onelogin.message, /could not reach OneLogin/);
    // A direct network failure names its provider too.
    const direct = await new RiffynClient({ baseUrl: down }).login({ username: "a", password: "b" }).catch((e) => e);
    assert.deepEqual([direct.code, direct.provider], ["network", "riffyn"]);
  } finally {
    await new Promise((r) => server.close(r));
  }
  assert.ok(version);
});

/** A loopback port nothing listens on. */
async function closedPort() {
  const s = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}
