// The package through a bundler: `vite build` of js-tests/vite-app/ (it imports "mfa-flows" by
// name) into target/vite-app/, served by a tiny static server that forwards the provider routes
// to the sandbox, then opened in headless Chromium. Proves the .wasm asset is emitted and found
// after bundling, that top-level await survives, and that a real call works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sandbox } from "./helpers.mjs";
import { launchChromium, newPage, serve } from "./browser.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const config = join(root, "js-tests", "vite-app", "vite.config.mjs");
const dist = join(root, "target", "vite-app");

let sb, server, url, browser;

before(async () => {
  const build = spawnSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", config], {
    cwd: root, encoding: "utf8", timeout: 120_000,
  });
  assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  sb = await sandbox();
  server = await serve(dist, sb.url);
  url = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r).closeAllConnections() : r()));
  await sb?.close();
});

test("vite build emits the .wasm as an asset that the bundle refers to", async () => {
  const assets = await readdir(join(dist, "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm asset: ${assets.join(", ")}`);
  const js = await Promise.all(assets.filter((f) => f.endsWith(".js")).map((f) => readFile(join(dist, "assets", f), "utf8")));
  assert.ok(js.some((code) => code.includes(wasm[0])), "the bundle names the hashed .wasm file");
});

test("the bundled app loads the wasm in Chromium and makes a real call", async () => {
  const { page, errors } = await newPage(browser);
  const wasmResponses = [];
  page.on("response", (r) => {
    if (r.url().endsWith(".wasm")) wasmResponses.push({ status: r.status(), type: r.headers()["content-type"] });
  });
  await page.goto(`${url}/`);
  await page.waitForSelector("body[data-done]", { timeout: 20_000 });
  const result = JSON.parse(await page.textContent("#out"));
  assert.equal(result.failure, undefined);
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.equal(result.totp, "282760");
  assert.equal(result.status, "MFA_REQUIRED");
  assert.equal(result.challenge.kind, "otp");
  assert.equal(result.challenge.provider, "riffyn");
  assert.deepEqual(result.error, { isMfaError: true, code: "invalid_credentials" });
  assert.deepEqual(wasmResponses, [{ status: 200, type: "application/wasm" }]);
  assert.deepEqual(errors, []);
});

test("a Vite React 19 app renders <mfa-challenge> from mfa-flows/ui and signs in through it", async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${url}/react.html`);
  const input = page.locator("mfa-challenge [part~=input]");
  await input.waitFor({ timeout: 20_000 });
  // React 19 set the properties (not "[object Object]" attributes) and the locale attribute.
  const set = await page.evaluate(() => {
    const el = document.querySelector("mfa-challenge");
    return { attr: el.getAttribute("challenge"), kind: el.challenge?.kind, busy: el.busy, label: el.shadowRoot.querySelector("label").textContent };
  });
  assert.deepEqual(set, { attr: null, kind: "otp", busy: false, label: "Código de verificación" });
  // A wrong code: the real MfaError comes back through React state into the element's `error`.
  await input.fill("000000");
  await page.keyboard.press("Enter");
  const alert = page.locator("mfa-challenge [part~=error]");
  await page.waitForFunction(() => document.querySelector("mfa-challenge").shadowRoot.querySelector("[part~=error]").textContent !== "");
  assert.equal(await alert.textContent(), "Ese código no es correcto. Revísalo e inténtalo de nuevo.");
  assert.equal(await page.evaluate(() => document.querySelector("mfa-challenge").error.code), "invalid_code");
  assert.equal(await input.inputValue(), "000000", "kept for the retry");
  await page.click("mfa-challenge [part~=cancel]");
  // React renders the count after the event, not within the click: wait for it (a loaded machine saw "0").
  await page.waitForFunction(() => document.querySelector("#cancelled")?.textContent !== "0", null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.textContent("#cancelled"), "1", "onmfa-cancel reached React");
  const codes = await sb.control("GET", "/totp");
  const { code } = codes.find((row) => row.provider === "riffyn" && row.user === "alice");
  await input.fill(code);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#signed-in", { timeout: 10_000 });
  assert.deepEqual(errors, []);
});
