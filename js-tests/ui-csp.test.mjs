// Strict Content-Security-Policy (issue 24 item 3): the README's header, with no 'unsafe-inline'
// anywhere. <mfa-challenge> styles itself with a constructable stylesheet (no inline <style>), the
// wasm entries instantiate under 'wasm-unsafe-eval', and an inline import map passes by its hash.
// Chromium reports every blocked thing as a securitypolicyviolation event: there must be none, on
// the test page and on the demo page (served with the policy by sandbox/static.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launchChromium, newPage, newVisitor } from "./browser.mjs";
import { openPage, servePage, STEPS, STRICT_CSP } from "./ui-harness.mjs";
import { demo } from "./helpers.mjs";

let server, browser, servers;
before(async () => {
  server = await servePage({ csp: STRICT_CSP });
  servers = await demo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await servers?.close();
});

/** The README's header line (its "Content-Security-Policy" section). */
const README_POLICY = /^Content-Security-Policy: (.+)$/m.exec(
  readFileSync(new URL("../README.md", import.meta.url), "utf8").split("### Content-Security-Policy")[1])[1];
/** Records every violation from the first byte on (an init script runs before the page's own). */
const watch = (page) => page.addInitScript(() => {
  window.violations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
});

test("README's policy is the strict one of the issue, with no 'unsafe-inline' or 'unsafe-eval'", () => {
  assert.equal(README_POLICY, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'");
  assert.equal(STRICT_CSP.replace(/ 'sha256-[^']+'/, ""), README_POLICY);
});

test("under the strict policy every kind of <mfa-challenge> is styled (adopted stylesheet) with 0 violations", async () => {
  const { page, errors } = await newPage(browser);
  await watch(page);
  const res = await page.goto(server.url);
  assert.equal(res.headers()["content-security-policy"], STRICT_CSP);
  await page.waitForSelector("body[data-ready]");
  for (const step of Object.keys(STEPS)) {
    const r = await page.evaluate((s) => {
      const el = window.mount(window.sdk.toChallenge(s));
      const root = el.shadowRoot;
      const button = root.querySelector("[part~=button]");
      return { adopted: root.adoptedStyleSheets.length, inline: root.querySelectorAll("style").length,
        border: getComputedStyle(button).borderTopColor, radius: getComputedStyle(button).borderTopLeftRadius };
    }, STEPS[step]());
    assert.deepEqual(r, { adopted: 1, inline: 0, border: "rgb(11, 87, 208)", radius: "8px" }, step);
  }
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});

test("the demo page is served with README's policy and runs a sign-in to the challenge with 0 violations", { timeout: 60_000 }, async () => {
  const { page, errors } = await newVisitor(browser);
  await watch(page);
  const res = await page.goto(`${servers.url}/`);
  const policy = res.headers()["content-security-policy"];
  assert.match(policy, /'sha256-[A-Za-z0-9+/]+=*'/, "the inline import map's hash");
  assert.equal(policy.replace(/ 'sha256-[^']+'/g, ""), README_POLICY);
  await page.waitForSelector("body[data-ready]");
  const riffyn = page.locator("#panel-riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.locator("mfa-challenge [part~=input]").waitFor();
  const styled = await riffyn.locator("mfa-challenge [part~=submit]").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(styled, "rgba(0, 0, 0, 0)", "the element is styled");
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});
