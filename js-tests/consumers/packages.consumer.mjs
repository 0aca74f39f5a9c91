// The package as users get it: `npm pack` of pkg/, installed with npm into a fresh project under the
// temp dir, then used with no configuration by Node (ESM and require), Bun, Deno, and pages bundled
// by Vite (build and dev server), webpack, esbuild and Rollup (opened in Chromium). Each runs a
// Riffyn login against the sandbox (this folder's fixtures). Next.js is in next.consumer.mjs. The tools come
// from the repository's node_modules (pinned in package.json); only mfa-flows is installed into the project.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sandbox } from "../helpers.mjs";
import { launchChromium, newPage, serve } from "../browser.mjs";
import { packAndInstall } from "./install.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);
let work, app, version, sb, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "mfa-flows-consumers-"));
  app = join(work, "app");
  ({ version } = packAndInstall(work, app));
  sb = await sandbox();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const expected = () => `${version} MFA_REQUIRED SUCCESS invalid_credentials`;
// Asynchronous, so the sandbox in this process keeps answering.
const runIn = async (cmd, args, env = {}) =>
  (await promisify(execFile)(cmd, args, { cwd: app, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } })).stdout.trim();

test("the tarball holds the entries, the module, both licenses and the npm page's links", () => {
  const manifest = JSON.parse(readFileSync(join(app, "node_modules", "mfa-flows", "package.json"), "utf8"));
  assert.equal(manifest.version, version);
  assert.match(manifest.repository.url, /^git\+https:\/\//);
  assert.match(manifest.homepage, /^https:\/\//);
  assert.match(manifest.bugs.url, /^https:\/\//);
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  const installed = join(app, "node_modules", "mfa-flows");
  assert.match(readFileSync(join(installed, "LICENSE-MIT"), "utf8"), /Permission is hereby granted, free of charge/);
  assert.match(readFileSync(join(installed, "LICENSE-APACHE"), "utf8"), /Apache License\s+Version 2\.0/);
  // Every link of the npm README is absolute (relative ones are dead on npm).
  const readme = readFileSync(join(installed, "README.md"), "utf8");
  for (const [, href] of readme.matchAll(/\]\(([^)]+)\)/g)) assert.match(href, /^(https:\/\/|#)/, href);
  // The types are one file per entry, naming no init function and no generated internals.
  const dts = readdirSync(installed, { recursive: true }).filter((f) => f.endsWith(".d.ts"));
  assert.deepEqual(dts.sort(), ["belvo.d.ts", "messages.d.ts", "mfa_flows.d.ts", "onelogin.d.ts", "riffyn.d.ts", "server.d.ts", "testing.d.ts", "totp.d.ts", "ui.d.ts"]);
  for (const file of dts) assert.doesNotMatch(readFileSync(join(installed, file), "utf8"), /initSync|InitOutput|__wbg|export default/, file);
});

test("Node ESM: import by name", async () => {
  assert.equal(await runIn(process.execPath, ["node/main.mjs", sb.url]), expected());
});

test("Node CommonJS: require() by name", async () => {
  assert.equal(await runIn(process.execPath, ["node/main.cjs", sb.url]), `${version} insecure_url MFA_REQUIRED`);
});

test("Bun", async () => {
  assert.equal(await runIn(bin("bun"), ["node/main.mjs", sb.url]), expected());
});

test("Deno with --allow-net only", async () => {
  const out = await runIn(bin("deno"), ["run", "--allow-net", "node/main.mjs", sb.url], {
    DENO_DIR: join(work, "deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1",
  });
  assert.equal(out, expected());
});

/** Opens `dir`/index.html (which loads `script`) in Chromium; returns the page's one line. */
async function openPage(dir, script, { module = true } = {}) {
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>consumer</title>
<script ${module ? 'type="module"' : "defer"} src="./${script}"></script><pre id="out">loading</pre>`);
  const server = await serve(dir, sb.url);
  try {
    const { page, errors } = await newPage(browser);
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("body[data-done]", { timeout: 30_000 });
    const out = await page.textContent("#out");
    await page.close();
    assert.deepEqual(errors, []);
    return out;
  } finally {
    // The browser's kept-alive connection would hold close() until it let go.
    await new Promise((r) => server.close(r).closeAllConnections());
  }
}

test("Vite: vite build, no configuration", async () => {
  const { build } = await import("vite");
  const out = join(work, "vite");
  await build({
    root: join(app, "web"), base: "./", logLevel: "warn", configFile: false,
    build: { outDir: out, emptyOutDir: true },
  });
  const html = readFileSync(join(out, "index.html"), "utf8");
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)[1];
  assert.equal(await openPage(out, script), expected());
});

test("Vite: dev server (its dependency pre-bundling), no configuration for the package", async () => {
  const { createServer } = await import("vite");
  // The proxy is the test app's own routing to the sandbox, as in production.
  const server = await createServer({
    root: join(app, "web"), configFile: false, logLevel: "warn", cacheDir: join(work, "vite-cache"),
    server: { host: "127.0.0.1", port: 0, proxy: { "/riffyn": sb.url } },
  });
  await server.listen();
  try {
    const { page, errors } = await newPage(browser);
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForSelector("body[data-done]", { timeout: 30_000 });
    assert.equal(await page.textContent("#out"), expected());
    await page.close();
    assert.deepEqual(errors, []);
  } finally {
    await server.close();
  }
});

test("webpack: production build, no configuration beyond the entry", async () => {
  const { default: webpack } = await import("webpack");
  const out = join(work, "webpack");
  const stats = await new Promise((resolve, reject) => webpack({
    mode: "production", context: app, entry: "./web/main.js", output: { path: out, filename: "main.js" },
  }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  assert.equal(await openPage(out, "main.js", { module: false }), expected());
});

test("esbuild: ES output of mfa-flows/embedded", async () => {
  const { build } = await import("esbuild");
  const out = join(work, "esbuild");
  await build({ absWorkingDir: app, entryPoints: ["web/embedded.js"], bundle: true, format: "esm", minify: true, outdir: out, logLevel: "error" });
  assert.equal(await openPage(out, "embedded.js"), expected());
});

test("esbuild: iife output of mfa-flows/embedded (no top-level await in it)", async () => {
  const { build } = await import("esbuild");
  const out = join(work, "esbuild-iife");
  await build({ absWorkingDir: app, entryPoints: ["web/embedded.js"], bundle: true, format: "iife", outdir: out, logLevel: "error" });
  assert.equal(await openPage(out, "embedded.js", { module: false }), expected());
});

test("esbuild: ES output of mfa-flows with the .wasm copied beside the bundle (the README's other way)", async () => {
  const { build } = await import("esbuild");
  const out = join(work, "esbuild-copy");
  await build({ absWorkingDir: app, entryPoints: ["web/main.js"], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  copyFileSync(join(app, "node_modules", "mfa-flows", "lib", "mfa_flows_bg.wasm"), join(out, "mfa_flows_bg.wasm"));
  assert.equal(await openPage(out, "main.js"), expected());
});

test("Rollup (with node-resolve): ES output of mfa-flows/embedded", async () => {
  const { rollup } = await import("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const out = join(work, "rollup");
  mkdirSync(out, { recursive: true });
  const bundle = await rollup({ input: join(app, "web", "embedded.js"), plugins: [nodeResolve({ browser: true })], logLevel: "silent" });
  await bundle.write({ dir: out, format: "es" });
  await bundle.close();
  assert.equal(await openPage(out, "embedded.js"), expected());
});
