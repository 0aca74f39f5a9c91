// mfa-flows/testing as users get it: the packed tarball installed into a fresh project outside the
// repository (with express and playwright-core, as the examples need), where examples/testing (a
// Playwright test of a login page, a node:test test of an Express backend) pass as copied, and
// `npx mfa-flows-sandbox` serves and stops. A browser bundle of every other entry holds nothing of it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { packAndInstall } from "./install.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies;
let work, app, installed;

before(() => {
  work = mkdtempSync(join(tmpdir(), "mfa-flows-testing-"));
  app = join(work, "app");
  packAndInstall(work, app, {
    fixtures: { "../../examples/testing": "." },
    packages: ["express", "playwright-core"].map((name) => `${name}@${pinned[name]}`),
  });
  installed = join(app, "node_modules", "mfa-flows");
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the examples pass in the fresh project: the Playwright login page test and the backend test", async () => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // a test run of its own, reporting TAP, not to this runner
  const { stdout } = await promisify(execFile)(process.execPath, ["--test", "--test-reporter=tap", "--test-concurrency=1", "login-page.test.mjs", "backend.test.mjs"], {
    cwd: app, env, encoding: "utf8", timeout: 180_000,
  }).catch((error) => assert.fail(`the examples failed:\n${error.stdout}\n${error.stderr}`));
  assert.match(stdout, /^# pass 3$/m);
  assert.match(stdout, /^# fail 0$/m);
});

/** Starts `cmd args` in the app; resolves { child, url, exited } once it prints its URL. */
async function startCommand(cmd, args, options = {}) {
  const child = spawn(cmd, args, { cwd: app, stdio: ["ignore", "pipe", "pipe"], ...options });
  let out = "";
  // (resolved at exit, once stdout is closed: nothing of the command is left running)
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr.on("data", (chunk) => (out += chunk));
    exited.then(({ code }) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
  return { child, url, exited, output: () => out };
}

test("npx mfa-flows-sandbox --port 0 prints its URL, serves, and its process group stops on SIGTERM", async () => {
  // As Playwright's webServer runs a command: in a process group of its own, stopped as a group
  // (npx does not pass a signal on to the command it runs).
  const { child, url, exited, output } = await startCommand("npx", ["--no-install", "mfa-flows-sandbox", "--port", "0"], { detached: true });
  const health = await fetch(`${url}/_sandbox/health`);
  assert.deepEqual(await health.json(), { ok: true });
  const bob = await fetch(`${url}/riffyn/v1/auth`, { method: "POST", headers: { authorization: `Basic ${btoa("bob:hunter2-hunter2")}` } });
  assert.equal((await bob.json()).status, "SUCCESS");
  assert.equal((await fetch(`${url}/`)).status, 404, "no demo page in the package");
  process.kill(-child.pid, "SIGTERM");
  await exited;
  await assert.rejects(fetch(`${url}/_sandbox/health`), TypeError);
  assert.doesNotMatch(output(), /error/i);
});

test("the installed command (node_modules/.bin/mfa-flows-sandbox) exits with 0 on SIGTERM", async () => {
  const { child, url, exited } = await startCommand(join(app, "node_modules", ".bin", "mfa-flows-sandbox"), ["--port", "0", "--quiet"]);
  assert.equal((await fetch(`${url}/_sandbox/health`)).status, 200);
  child.kill("SIGTERM");
  assert.deepEqual(await exited, { code: 0, signal: null });
});

/** esbuild's browser bundle of `specifier` from the fresh project: the files it took in, and its code. */
async function browserBundle(specifier) {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: app, loader: "js" },
    bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent",
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0].text };
}

test("a browser bundle of every other entry holds nothing of the sandbox", async () => {
  const { exports } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  // Types-only exports (mfa-flows/ui/react) have no module to bundle.
  const entries = Object.keys(exports).filter((p) => p !== "./testing" && p !== "./package.json"
    && !(typeof exports[p] === "object" && Object.keys(exports[p]).every((condition) => condition === "types")));
  assert.ok(entries.length >= 13, entries.join(", "));
  for (const entry of entries) {
    const specifier = entry === "." ? "mfa-flows" : `mfa-flows/${entry.slice(2)}`;
    const { inputs, code } = await browserBundle(specifier);
    assert.ok(inputs.some((i) => i.includes("node_modules/mfa-flows/")), `${specifier}: ${inputs.join(", ")}`);
    for (const input of inputs) assert.doesNotMatch(input, /mfa-flows\/(sandbox\/|testing)/, `${specifier} takes in ${input}`);
    // Words only the sandbox has: its control API's path, its command's line, its demo secrets.
    assert.doesNotMatch(code, /_sandbox|sandbox listening|sbx-secret|correct-horse-battery/, specifier);
  }
});

test("under the browser condition mfa-flows/testing is a stub that throws a clear error", async () => {
  const { inputs, code } = await browserBundle("mfa-flows/testing");
  assert.deepEqual(inputs.map((i) => i.replace(/^.*node_modules\//, "")), ["mfa-flows/testing.browser.js", "<stdin>"]);
  assert.match(code, /mfa-flows\/testing runs in Node only/);
  await assert.rejects(import(`data:text/javascript,${encodeURIComponent(code)}`), /mfa-flows\/testing runs in Node only/);
});

test("the package's types: one declaration for mfa-flows/testing, and the licence names every file it adds", () => {
  const dts = readFileSync(join(installed, "testing.d.ts"), "utf8");
  assert.match(dts, /export function startSandbox\(options\?: StartSandboxOptions\): Promise<Sandbox>;/);
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  assert.deepEqual(manifest.exports["./testing"], { types: "./testing.d.ts", node: "./testing.js", default: "./testing.browser.js" });
  assert.deepEqual(manifest.bin, { "mfa-flows-sandbox": "sandbox/cli.mjs" });
  assert.ok(manifest.sideEffects.includes("./testing.browser.js"), "a bundler keeps the stub's throw");
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.match(readFileSync(join(installed, "README.md"), "utf8"), /every file of\s+the package[^]*including `mfa-flows\/testing` and its\s+`sandbox\/`/);
});
