// The demo page (examples-web/) in headless Chromium, clicked through as a person would: the
// forms by their labels, codes read from the device panel. The page is served by the demo's
// backend (examples-web/backend.mjs), so every flow runs through mfa-flows/server. Each test
// asserts what the page shows and that the console stayed clean, and writes a screenshot to
// test-results/.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { demo } from "./helpers.mjs";
import { launchChromium, newPage } from "./browser.mjs";

const SHOTS = new URL("../test-results/", import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const TIMEOUT = { timeout: 60_000 };

let servers, sb, browser;
before(async () => {
  servers = await demo();
  sb = servers.sb;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await servers?.close();
});
beforeEach(() => sb.reset());

/** A fresh page on the demo, ready (the package loaded, every panel drawn). */
async function openDemo() {
  await browser.context.clearCookies(); // a new visitor: a new backend session (OneLogin user alice)
  const { page, errors } = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${servers.url}/`);
  await page.waitForSelector("body[data-ready]");
  return { page, errors };
}

const shot = (page, name) => page.screenshot({ path: new URL(`demo-${name}.png`, SHOTS).pathname, fullPage: true });
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const tab = (page, name) => page.getByRole("tab", { name }).click();
const panel = (page, id) => page.locator(`#panel-${id}`);
const device = (page) => page.locator("#device");

/** The code the device panel's authenticator shows for a provider's user. */
async function authenticatorCode(page, provider, user = "alice") {
  const code = device(page).locator(`.totp[data-provider="${provider}"][data-user="${user}"] .totp-code`);
  return (await code.textContent()).replace(/\s/g, "");
}

/** Waits until `fn` (run in the page) is truthy. */
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 20_000 });

test("Riffyn: password, then a wrong code, then the authenticator's code signs in", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  const riffyn = panel(page, "riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();

  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  assert.equal(await text(riffyn.locator(".prompt")), "Enter the code from Google Authenticator.");
  const factor = riffyn.getByRole("radio", { name: "Google Authenticator" });
  assert.equal(await factor.isChecked(), true, "the only factor is chosen");
  assert.match(await text(riffyn.locator(".countdown")), /^Expires in [45]:\d\d$/);
  assert.match(await text(riffyn.getByRole("status")), /two-step verification is needed/i);

  const right = await authenticatorCode(page, "riffyn");
  assert.match(right, /^\d{6}$/);
  const wrong = right === "000000" ? "111111" : "000000";
  await riffyn.getByLabel("Verification code", { exact: true }).fill(wrong);
  await riffyn.getByRole("button", { name: "Verify" }).click();
  const alert = riffyn.getByRole("alert");
  await alert.waitFor();
  assert.equal(await text(alert), "That code is not right. Try again.");
  assert.equal(await alert.getAttribute("data-code"), "invalid_code");
  await shot(page, "riffyn-wrong-code");

  await riffyn.getByLabel("Verification code", { exact: true }).fill(await authenticatorCode(page, "riffyn"));
  await riffyn.getByRole("button", { name: "Verify" }).click();
  await riffyn.getByRole("heading", { name: "Signed in" }).waitFor();
  await device(page).getByText("backend: Riffyn user alice signed in").waitFor();
  assert.match(await text(riffyn.locator(".result")), /Welcome, alice\..*User id 5f3c0a1e9b1d4c0011a1ce01.*Access token eyJh… \(\d+ characters\)/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:riffyn")), null, "nothing pending any more");
  await shot(page, "riffyn-signed-in");
  assert.deepEqual(errors, []);
});

test("Riffyn: a reload in the middle of the challenge resumes it", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  const riffyn = panel(page, "riffyn");
  await riffyn.getByRole("button", { name: /alice/ }).click(); // the demo-user chip fills the form
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  const before = JSON.parse(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:riffyn")));
  assert.equal(before.step.status, "MFA_REQUIRED");
  assert.equal("password" in before, false, "the password is not stored");

  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  assert.equal(await text(riffyn.getByRole("status")), "Resumed your pending sign-in as alice.");
  assert.match(await text(riffyn.locator(".countdown")), /^Expires in [2-5]:\d\d$/, "the same step, still counting down");
  await shot(page, "riffyn-resumed");

  await riffyn.getByLabel("Verification code", { exact: true }).fill(await authenticatorCode(page, "riffyn"));
  await riffyn.getByRole("button", { name: "Verify" }).click();
  await riffyn.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.deepEqual(errors, []);
});

test("Riffyn: a step that expires on screen says so and offers Start over", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  const riffyn = panel(page, "riffyn");
  await riffyn.getByRole("button", { name: /alice/ }).click();
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  // Waiting 5 minutes is too long for a test: the stored step is made to expire in 2 s.
  await page.evaluate(() => {
    const key = "mfa-flows-demo:riffyn";
    const saved = JSON.parse(sessionStorage.getItem(key));
    saved.step.expiresAt = new Date(Date.now() + 2000).toISOString();
    sessionStorage.setItem(key, JSON.stringify(saved));
  });
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  const alert = riffyn.getByRole("alert");
  await alert.waitFor({ timeout: 10_000 });
  assert.equal(await text(alert), "This step expired. Start over.");
  assert.equal(await riffyn.getByRole("button", { name: "Verify" }).count(), 0, "Verify is hidden");
  assert.equal(await riffyn.getByLabel("Verification code", { exact: true }).isDisabled(), true);
  await shot(page, "riffyn-expired");
  await riffyn.getByRole("button", { name: "Start over" }).click();
  await riffyn.getByRole("heading", { name: "Sign in to Riffyn" }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:riffyn")), null);
  assert.deepEqual(errors, []);
});

test("Belvo: a numeric token, a wrong one, then the bank's chained second token create the link", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("chained_co_bank");
  await belvo.getByLabel("Client number", { exact: true }).fill("bnk100");
  await belvo.getByLabel("Password", { exact: true }).fill("full");
  await belvo.getByRole("button", { name: "Connect" }).click();

  await belvo.getByRole("heading", { name: "Enter your bank token" }).waitFor();
  assert.equal(await belvo.locator(".eyebrow").textContent(), "Chained Bank Colombia · check 1");
  assert.equal(await text(belvo.locator(".prompt")), "Enter the challenge in your token device and type the code it shows.");
  assert.match(await text(belvo.locator(".display-value")), /^\d{5}$/, "the numeric challenge is shown");
  const bankToken = device(page).locator('.bank[data-institution="chained_co_bank"] .bank-token');
  assert.equal(await text(bankToken), "123456");

  await belvo.getByLabel("Bank token", { exact: true }).fill("999999");
  await belvo.getByRole("button", { name: "Send token" }).click();
  await belvo.getByRole("alert").waitFor();
  assert.equal(await text(belvo.getByRole("alert")), "That token is not right. Try again.");

  await belvo.getByLabel("Bank token", { exact: true }).fill("123456");
  await belvo.getByRole("button", { name: "Send token" }).click();
  await until(page, () => document.querySelector("#panel-belvo .eyebrow")?.textContent.endsWith("check 2"));
  assert.match(await text(belvo.getByRole("status")), /accepted the token and asks for another one \(check 2\)/);
  await until(page, () => document.querySelector('#device .bank[data-institution="chained_co_bank"] .bank-token')?.textContent === "654321");
  await shot(page, "belvo-chained-second-token");

  await belvo.getByLabel("Bank token", { exact: true }).fill("654321");
  await belvo.getByRole("button", { name: "Send token" }).click();
  await belvo.getByRole("heading", { name: "Bank connected" }).waitFor();
  assert.match(await text(belvo.locator(".result")), /link to Chained Bank Colombia after 2 checks.*Status valid/);
  await shot(page, "belvo-linked");
  assert.deepEqual(errors, []);
});

test("Belvo: an inputless bank is confirmed on the device, then Continue", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("inputless_mx_bank");
  await belvo.getByRole("button", { name: /bnk100/ }).click(); // the credentials chip
  await belvo.getByRole("button", { name: "Connect" }).click();

  await belvo.getByRole("heading", { name: "Confirm on your device" }).waitFor();
  assert.equal(await text(belvo.locator(".prompt")), "Confirm the login in your bank app.");
  assert.equal(await belvo.getByLabel("Bank token", { exact: true }).count(), 0, "nothing to type");
  await device(page).locator('.bank[data-institution="inputless_mx_bank"]').waitFor();
  assert.match(await text(device(page).locator('.bank[data-institution="inputless_mx_bank"]')), /login approved/);
  await shot(page, "belvo-confirm");

  await belvo.getByRole("button", { name: "I confirmed, continue" }).click();
  await belvo.getByRole("heading", { name: "Bank connected" }).waitFor();
  assert.match(await text(belvo.locator(".result")), /Inputless Bank Mexico after 1 check\b/);
  assert.deepEqual(errors, []);
});

test("Belvo: a QR challenge is drawn as an image, then Continue", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("qrcode_br_bank");
  await belvo.getByRole("button", { name: /bnk100/ }).click();
  await belvo.getByRole("button", { name: "Connect" }).click();

  const qr = belvo.getByRole("img", { name: "QR code to scan with your bank app" });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 100), "lean-qr drew the image");
  assert.match(await text(belvo.locator(".payload")), /^otpauth:\/\/belvo-sandbox\/qrcode_br_bank\?session=/);
  await shot(page, "belvo-qr");
  await belvo.getByRole("button", { name: "I scanned it, continue" }).click();
  await belvo.getByRole("heading", { name: "Bank connected" }).waitFor();
  assert.deepEqual(errors, []);
});

test("OneLogin: enroll an SMS phone, then verify it with the code from the text message", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByLabel("User", { exact: true }).selectOption("1002");
  await ol.getByRole("button", { name: "Enroll OneLogin SMS" }).click();
  assert.equal(await ol.getByLabel("Device name", { exact: true }).inputValue(), "Bob's phone");
  await ol.getByLabel("Phone number", { exact: true }).fill("+14155550123");
  await ol.getByRole("button", { name: "Enroll and send code" }).click();

  await ol.getByRole("heading", { name: "Verify your new phone" }).waitFor();
  assert.equal(await text(ol.locator(".prompt")), "Enter the code we sent to your phone by text message.");
  // Enrolment and the trigger each sent a code: the newest one is the live one.
  const sms = device(page).locator(".sms:not(.older) .sms-body");
  await sms.waitFor();
  assert.equal(await device(page).locator(".sms.older").count(), 1);
  const code = /code is ([A-Z0-9]{6})/.exec(await text(sms))[1];
  await shot(page, "onelogin-sms-code");

  await ol.getByLabel("Verification code", { exact: true }).fill(code.toLowerCase()); // codes are not case-sensitive
  await ol.getByRole("button", { name: "Verify" }).click();
  await ol.getByRole("heading", { name: "Verified" }).waitFor();
  assert.equal(await text(ol.locator(".result p")), "Bob's phone is verified and active.");
  await ol.getByRole("button", { name: "Back to factors" }).click();
  const row = ol.locator(".factor-item", { hasText: "Bob's phone" });
  await row.waitFor();
  assert.match(await text(row), /OneLogin SMS · \+14155550123 active default/);
  await shot(page, "onelogin-enrolled");
  assert.deepEqual(errors, []);
});

test("OneLogin: a push approved on the device panel, then one denied", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Approve the sign-in on Alice's iPhone" }).waitFor();
  assert.equal(await text(ol.locator(".prompt")), "Approve the sign-in request in OneLogin Protect on your phone.");
  await until(page, () => Number(document.querySelector("#panel-onelogin .challenge")?.dataset.polls) >= 2);
  assert.match(await text(ol.locator(".waiting")), /Waiting for approval · checked \d+ times/);
  await shot(page, "onelogin-push-waiting");

  await device(page).getByRole("button", { name: "Approve" }).click();
  await ol.getByRole("heading", { name: "Verified" }).waitFor();
  assert.equal(await text(ol.locator(".result p")), "The sign-in was approved on Alice's iPhone.");
  // The backend heard it from OneLogin itself (onResult), not from the page.
  await device(page).getByText("backend: OneLogin user 1001 verified by push").waitFor();
  await shot(page, "onelogin-push-approved");

  await ol.getByRole("button", { name: "Back to factors" }).click();
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await device(page).getByRole("button", { name: "Deny" }).click();
  const alert = ol.getByRole("alert");
  await alert.waitFor();
  assert.equal(await text(alert), "The sign-in request was denied on the device.");
  assert.equal(await alert.getAttribute("data-code"), "rejected");
  await device(page).getByText("backend: OneLogin user 1001: rejected").waitFor();
  assert.equal(await ol.getByRole("button", { name: "Send another push" }).isVisible(), true);
  assert.equal(await ol.locator(".waiting").isVisible(), false, "the waiting indicator stopped");
  await shot(page, "onelogin-push-denied");
  assert.deepEqual(errors, []);
});

test("OneLogin: a push cancelled with the Cancel button stops the polling", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await until(page, () => Number(document.querySelector("#panel-onelogin .challenge")?.dataset.polls) >= 1);
  await ol.getByRole("button", { name: "Cancel" }).click();
  await ol.getByRole("heading", { name: "Enrolled factors" }).waitFor();
  assert.equal(await text(ol.getByRole("status")), "Push cancelled. No sign-in happened.");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:onelogin")), null);

  const [push] = await sb.control("GET", "/pushes");
  await new Promise((r) => setTimeout(r, 2500));
  const [later] = await sb.control("GET", "/pushes");
  assert.equal(later.polls, push.polls, "no poll after Cancel");
  await shot(page, "onelogin-push-cancelled");
  assert.deepEqual(errors, []);
});

test("The language switch words the challenge prompts and factor labels in es and pt-BR", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  const riffyn = panel(page, "riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  assert.equal(await text(riffyn.locator(".prompt")), "Enter the code from Google Authenticator.");

  // A change reloads the page, which resumes the pending step in the new language.
  const language = page.getByLabel("Language of the prompts");
  await Promise.all([page.waitForEvent("load"), language.selectOption("es")]);
  await page.waitForSelector("body[data-ready]");
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  assert.equal(await text(riffyn.locator(".prompt")), "Ingresa el código de Google Authenticator.");
  assert.equal(await page.getByLabel("Language of the prompts").inputValue(), "es");

  await Promise.all([page.waitForEvent("load"), page.getByLabel("Language of the prompts").selectOption("pt-BR")]);
  await page.waitForSelector("body[data-ready]");
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Approve the sign-in on Alice's iPhone" }).waitFor();
  assert.equal(await text(ol.locator(".prompt")), "Aprove a solicitação de login no OneLogin Protect pelo seu celular.");
  await shot(page, "locale-pt-BR");
  await ol.getByRole("button", { name: "Cancel" }).click();
  assert.deepEqual(errors, []);
});
