// A browser test of the login page: the app (app.mjs) in front of mfa-flows/testing's sandbox,
// driven through Chromium by Playwright. Run: node --test login-page.test.mjs
// (playwright-core with an installed Chromium, CHROMIUM_PATH or /usr/bin/chromium; with
// @playwright/test, the same steps go in a test() and the sandbox in a fixture or globalSetup).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { chromium } from "playwright-core";
import { startSandbox } from "mfa-flows/testing";
import { createApp } from "./app.mjs";

let sandbox, server, url, browser;

before(async () => {
  sandbox = await startSandbox();
  const { belvo, onelogin } = sandbox.identities;
  server = createApp({
    riffyn: { baseUrl: sandbox.baseUrls.riffyn },
    belvo: { baseUrl: sandbox.baseUrls.belvo, secretId: belvo.secretId, secretPassword: belvo.secretPassword },
    onelogin: { baseUrl: sandbox.baseUrls.onelogin, clientId: onelogin.clientId, clientSecret: onelogin.clientSecret },
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  await sandbox?.close();
});

test("sign in with Riffyn and an authenticator code, then connect a bank by its QR code", async () => {
  const page = await browser.newPage();
  await page.goto(url);
  const { username, password } = sandbox.identities.riffyn;
  await page.fill("#sign-in [name=username]", username);
  await page.fill("#sign-in [name=password]", password);
  await page.click("#sign-in button");

  // <mfa-challenge> asks for the code (Playwright's CSS reaches into its shadow root).
  const code = page.locator("mfa-challenge [part~=input]");
  await code.fill("000000");
  await page.click("mfa-challenge [part~=submit]");
  await page.locator("mfa-challenge [part~=error]").waitFor(); // a wrong code: shown, and the user retries
  await code.fill(sandbox.totp("riffyn"));                    // the demo user's authenticator, now
  await page.click("mfa-challenge [part~=submit]");
  await page.locator("#status", { hasText: "Signed in as alice" }).waitFor();

  const bank = sandbox.identities.belvo;
  await page.fill("#bank [name=username]", bank.username);
  await page.fill("#bank [name=password]", bank.password);
  await page.click("#bank button");
  await page.locator("mfa-challenge [part~=qr]").waitFor(); // the bank's QR code, drawn by the element
  await page.click("mfa-challenge [part~=submit]");           // Continue: scanned in the bank's app
  await page.locator("#status", { hasText: "Bank connected" }).waitFor();

  // What reached the "providers", through the app's proxy.
  assert.deepEqual((await sandbox.requests()).map((r) => `${r.method} ${r.path} ${r.status}`), [
    "POST /riffyn/v1/auth 200",
    "POST /riffyn/v1/auth/factor/uft2rfyn7totp0001/verify 401",
    "POST /riffyn/v1/auth/factor/uft2rfyn7totp0001/verify 200",
    "POST /belvo/api/links/ 428",
    "PATCH /belvo/api/links/ 200",
  ]);
  await page.close();
});
