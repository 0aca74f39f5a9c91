// Browser clients in proxy mode, in headless Chromium behind the demo's backend (mfa-flows/server):
// the README's constructors run as written (relative base URLs resolved against the page), and
// Belvo and OneLogin send no Authorization of their own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BelvoClient, OneLoginClient, RiffynClient, isMfaError } from "mfa-flows";
import { demo } from "./helpers.mjs";
import { launchChromium, newVisitor } from "./browser.mjs";

let servers, browser;
before(async () => {
  servers = await demo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await servers?.close();
});

test("in a page, relative base URLs reach the proxy and Belvo/OneLogin clients send no Authorization", { timeout: 60_000 }, async () => {
  const { page, errors } = await newVisitor(browser);
  const sent = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/mfa/")) sent.push({ path: new URL(r.url()).pathname, headers: r.headers() });
  });
  await page.goto(`${servers.url}/`);
  await page.waitForSelector("body[data-ready]");
  const outcome = await page.evaluate(async () => {
    const { RiffynClient, BelvoClient, OneLoginClient } = await import("/pkg/mfa_flows.js");
    const { csrf } = await (await fetch("/demo/session")).json();
    const headers = { "X-CSRF-Token": csrf };
    // As in the README's browser examples.
    const riffyn = new RiffynClient({ baseUrl: "/mfa/riffyn", headers });
    const belvo = new BelvoClient({ baseUrl: "/mfa/belvo", headers });
    const onelogin = new OneLoginClient({ baseUrl: "/mfa/onelogin", headers });
    const login = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
    const step = await belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" });
    const devices = await onelogin.enrolledFactors(1001);
    const refused = await onelogin.enrolledFactors(1002).catch((e) => [e.code, e.status]);
    return { login: login.status, step: step.status, devices: devices.length, refused };
  });
  assert.deepEqual(outcome, { login: "MFA_REQUIRED", step: "TOKEN_REQUIRED", devices: 2, refused: ["forbidden", 403] });
  const byPath = (prefix) => sent.filter((r) => r.path.startsWith(prefix));
  assert.ok(byPath("/mfa/belvo/").length >= 1 && byPath("/mfa/onelogin/").length >= 2);
  for (const r of [...byPath("/mfa/belvo/"), ...byPath("/mfa/onelogin/")]) {
    assert.equal(r.headers.authorization, undefined, `${r.path}: no Authorization from the page`);
  }
  assert.match(byPath("/mfa/riffyn/")[0].headers.authorization, /^Basic /, "Riffyn's login sends the user's own credentials");
  assert.deepEqual(errors, []);
});

test("outside a page a relative base URL waits for the first call, which says how to fix it", async () => {
  // A module-scope client in a server render or `next build`'s prerender must not throw.
  for (const client of [new RiffynClient({ baseUrl: "/mfa/riffyn" }), new BelvoClient({ baseUrl: "/mfa/belvo" }), new OneLoginClient({ baseUrl: "/mfa/onelogin" })]) {
    const call = client.login ? client.login({ username: "a", password: "b" })
      : client.registerLink ? client.registerLink({ institution: "i", username: "u", password: "p" }) : client.availableFactors(1);
    await assert.rejects(call, (e) => isMfaError(e) && e.code === "invalid_input" && /^baseUrl: .*give an absolute http\(s\) URL/.test(e.message));
  }
  // The other options are still checked at once.
  assert.throws(() => new BelvoClient({ baseUrl: "/mfa/belvo", headers: { "bad name": "x" } }), (e) => isMfaError(e) && /headers/.test(e.message));
  assert.throws(() => new RiffynClient({ baseUrl: "//other.example/mfa" }), (e) => isMfaError(e) && /baseUrl/.test(e.message));
});
