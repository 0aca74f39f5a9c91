// The demo page (examples-web/) in headless Chromium, clicked through as a person would: the
// forms by their labels, codes read from the device panel. The page is served by the demo's
// backend (examples-web/backend.mjs), so every flow runs through mfa-flows/server, and every
// challenge step is the package's <mfa-challenge> (mfa-flows/ui). Each test asserts what the page
// shows and that the console stayed clean, and writes screenshots at 1280 px and 375 px to
// test-results/demo/ for a person to look at.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { demo } from "./helpers.mjs";
import { launchChromium, newVisitor } from "./browser.mjs";

const SHOTS = new URL("../test-results/demo/", import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const TIMEOUT = { timeout: 60_000 };

let servers, sb, browser;
before(async () => {
  // One OneLogin device and one authenticator code serve test after test: faster than the guard
  // lets a person push (30 s) or reuse a code (120 s). The wrong-code limits stay the defaults.
  servers = await demo({ limits: { pushIntervalMs: 1, pushesPerWindow: 1000, codeReuseMs: 1 } });
  sb = servers.sb;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await servers?.close();
});
beforeEach(() => sb.reset());

/** A fresh page on the demo, ready (the package loaded, every panel drawn). `failed`: every 4xx/5xx the page loaded. */
async function openDemo() {
  const { page, errors } = await newVisitor(browser); // a new backend session (OneLogin user alice)
  const failed = [];
  page.on("response", (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${servers.url}/`);
  await page.waitForSelector("body[data-ready]");
  return { page, errors, failed };
}

/**
 * The whole page at 1280 px; at 375 × 667 px the screen as a phone shows it (the focused control
 * scrolled into view, as when the step appeared); back to 1280 px.
 */
async function shot(page, name) {
  await page.screenshot({ path: new URL(`${name}-1280.png`, SHOTS).pathname, fullPage: true });
  await page.setViewportSize({ width: 375, height: 667 });
  await page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    window.scrollTo(0, 0);
    if (el && el !== document.body) {
      el.blur();
      el.focus();
    }
  });
  await page.screenshot({ path: new URL(`${name}-375.png`, SHOTS).pathname });
  await page.setViewportSize({ width: 1280, height: 900 });
}
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const tab = (page, name) => page.getByRole("tab", { name }).click();
const panel = (page, id) => page.locator(`#panel-${id}`);
const device = (page) => page.locator("#device");
/** A part of the flow's <mfa-challenge> (CSS locators pierce its open shadow root). */
const part = (flow, name) => flow.locator(`mfa-challenge [part~="${name}"]`);

/** The code the device panel's authenticator shows for a provider's user. */
async function authenticatorCode(page, provider, user = "alice") {
  const code = device(page).locator(`.totp[data-provider="${provider}"][data-user="${user}"] .totp-code`);
  return (await code.textContent()).replace(/\s/g, "");
}

/** Waits until `fn` (run in the page) is truthy. */
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 20_000 });

/**
 * At 375 × 667 px (a small phone), with the code field scrolled into view, what the device panel
 * shows for it (`code`) is on the same screen, and the panel does not cover the field.
 */
async function sameScreenOnPhone(page, field, code) {
  await page.setViewportSize({ width: 375, height: 667 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await field.blur();
  await field.focus(); // as when the step appears: the element focuses its field
  const f = await field.boundingBox();
  const c = await code.boundingBox();
  const sheet = await device(page).boundingBox();
  assert.ok(f.y >= 0 && f.y + f.height <= sheet.y, `the field (${f.y}) is above the device panel (${sheet.y})`);
  assert.ok(c.y >= sheet.y && c.y + c.height <= 667, `the code (${c.y}) is on screen`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, "nothing wider than the screen");
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** No "( x )" or "(a) (b)" anywhere on the page. */
async function noStrayParens(page) {
  const all = await page.locator("body").innerText();
  assert.doesNotMatch(all, /\(\s|\s\)|\)\s*\(/, "parentheses as written by a person");
}

test("Riffyn: the page loads with no failed request, then a wrong code and the authenticator's code sign in", TIMEOUT, async () => {
  const { page, errors, failed } = await openDemo();
  assert.deepEqual(failed, [], "no 404 on load (the favicon ships)");
  assert.equal(await page.locator('link[rel="icon"]').getAttribute("href"), "favicon.svg");
  const riffyn = panel(page, "riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();

  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  const element = riffyn.locator("mfa-challenge");
  assert.equal(await element.getAttribute("locale"), "en");
  assert.equal(await page.locator(".challenge-view, .challenge-form").count(), 0, "the old component is gone");
  assert.equal(await text(part(riffyn, "prompt")), "Enter the code from Google Authenticator.");
  assert.match(await text(part(riffyn, "countdown")), /^Expires in [45]:\d\d$/);
  assert.equal(await riffyn.locator(".status").isVisible(), false, "no banner repeating the step");
  const input = riffyn.getByLabel("Verification code", { exact: true });
  assert.equal(await input.evaluate((el) => el.getRootNode().activeElement === el), true, "the code field has focus");

  await sameScreenOnPhone(page, input, device(page).locator('.totp[data-provider="riffyn"] .totp-code'));

  const right = await authenticatorCode(page, "riffyn");
  assert.match(right, /^\d{6}$/);
  const wrong = right === "000000" ? "111111" : "000000";
  await input.fill(wrong);
  await riffyn.getByRole("button", { name: "Verify" }).click();
  const alert = part(riffyn, "error");
  await until(page, () => document.querySelector("#panel-riffyn mfa-challenge").shadowRoot.querySelector("[part~=error]").dataset.code === "invalid_code");
  assert.equal(await text(alert), "That code isn't right. Check it and try again.");
  assert.equal(await input.inputValue(), wrong, "the code typed stays for a retry");
  await shot(page, "riffyn-challenge");

  await input.fill(await authenticatorCode(page, "riffyn"));
  await riffyn.getByRole("button", { name: "Verify" }).click();
  await riffyn.getByRole("heading", { name: "Signed in" }).waitFor();
  await device(page).getByText("backend: Riffyn user alice signed in").waitFor();
  assert.match(await text(riffyn.locator(".result")), /Welcome, alice\..*User id 5f3c0a1e9b1d4c0011a1ce01.*Access token eyJh… \(\d+ characters\)/);
  assert.equal(await riffyn.locator(".status").isVisible(), false, "the result card alone says it");
  await noStrayParens(page);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:riffyn")), null, "nothing pending any more");
  await shot(page, "riffyn-result");
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, ["401 /mfa/riffyn/auth/factor/uft2rfyn7totp0001/verify"], "only the wrong code failed");
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
  assert.equal(await text(riffyn.locator(".status")), "Resumed your pending sign-in as alice.");
  assert.match(await text(part(riffyn, "countdown")), /^Expires in [2-5]:\d\d$/, "the same step, still counting down");

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
  const start = riffyn.getByRole("button", { name: "Start over" });
  await start.waitFor({ timeout: 10_000 });
  assert.equal(await text(part(riffyn, "error")), "Time ran out. Start again.");
  assert.equal(await part(riffyn, "cancel").isVisible(), false, "Start over replaces Cancel");
  assert.equal(await riffyn.getByLabel("Verification code", { exact: true }).isDisabled(), true);
  await shot(page, "riffyn-expired");
  await start.click();
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

  await belvo.getByRole("heading", { name: "Your bank asks for a token" }).waitFor();
  assert.equal(await belvo.locator(".eyebrow").textContent(), "Chained Bank Colombia · check 1");
  assert.equal(await text(part(belvo, "prompt")), "Enter the challenge in your token device and type the code it shows.");
  const challenge = await text(part(belvo, "display-value"));
  assert.match(challenge, /^\d{5}$/, "the numeric challenge is shown");
  // The device panel tells the same story as the prompt: key in the challenge, read the token.
  const bank = device(page).locator('.bank[data-institution="chained_co_bank"]');
  await until(page, (c) => document.querySelector('#device .bank[data-institution="chained_co_bank"]')?.textContent.includes(c), challenge);
  assert.equal(await text(bank.locator("p")), `Key in ${challenge}: the token device shows 123456`);

  const input = belvo.getByLabel("Verification code", { exact: true });
  await sameScreenOnPhone(page, input, bank.locator(".bank-token"));
  await input.fill("999999");
  await belvo.getByRole("button", { name: "Verify" }).click();
  await until(page, () => document.querySelector("#panel-belvo mfa-challenge").shadowRoot.querySelector("[part~=error]").dataset.code === "invalid_code");
  await shot(page, "belvo-numeric-challenge");

  await input.fill("123456");
  await belvo.getByRole("button", { name: "Verify" }).click();
  await until(page, () => document.querySelector("#panel-belvo .eyebrow")?.textContent.endsWith("check 2"));
  assert.match(await text(belvo.locator(".status")), /accepted the token and asks for another one/);
  await until(page, () => document.querySelector('#device .bank[data-institution="chained_co_bank"] .bank-token')?.textContent === "654321");

  await belvo.getByLabel("Verification code", { exact: true }).fill("654321");
  await belvo.getByRole("button", { name: "Verify" }).click();
  await belvo.getByRole("heading", { name: "Bank connected" }).waitFor();
  assert.match(await text(belvo.locator(".result")), /link to Chained Bank Colombia after 2 checks.*Status valid/);
  assert.equal(await belvo.locator(".status").isVisible(), false, "the result card alone says it");
  await shot(page, "belvo-result");
  assert.deepEqual(errors, []);
});

test("Belvo: after Cancel (start over) the token device no longer waits for a token", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("numeric_mx_bank");
  await belvo.getByRole("button", { name: /bnk100/ }).click();
  await belvo.getByRole("button", { name: "Connect" }).click();
  await belvo.getByRole("heading", { name: "Your bank asks for a token" }).waitFor();
  const bank = device(page).locator('.bank[data-institution="numeric_mx_bank"]');
  await bank.waitFor();

  await part(belvo, "cancel").click();
  await belvo.getByRole("heading", { name: "Connect your bank" }).waitFor();
  await bank.waitFor({ state: "detached", timeout: 5000 });
  await until(page, () => !document.querySelector('#device [data-empty="bank"]').hidden);
  assert.equal(await text(device(page).locator('[data-empty="bank"]')), "No bank is waiting for a token.");
  assert.equal((await sb.control("GET", "/belvo/sessions")).length, 1, "the sandbox still has it: only the page let go");
  assert.deepEqual(errors, []);
});

test("Belvo: an inputless bank is confirmed on the device, then Continue", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("inputless_mx_bank");
  await belvo.getByRole("button", { name: /bnk100/ }).click(); // the credentials chip
  await belvo.getByRole("button", { name: "Connect" }).click();

  await belvo.getByRole("heading", { name: "Your bank asks for a confirmation" }).waitFor();
  assert.equal(await text(part(belvo, "prompt")), "Confirm the login in your bank app.");
  assert.equal(await part(belvo, "input").count(), 0, "nothing to type");
  await device(page).locator('.bank[data-institution="inputless_mx_bank"]').waitFor();
  assert.match(await text(device(page).locator('.bank[data-institution="inputless_mx_bank"]')), /login approved/);
  await shot(page, "belvo-confirm-challenge");

  await belvo.getByRole("button", { name: "Continue" }).click();
  await belvo.getByRole("heading", { name: "Bank connected" }).waitFor();
  assert.match(await text(belvo.locator(".result")), /Inputless Bank Mexico after 1 check\b/);
  assert.deepEqual(errors, []);
});

test("Belvo: a QR challenge is drawn, then Continue", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "Belvo");
  const belvo = panel(page, "belvo");
  await belvo.getByLabel("Bank", { exact: true }).selectOption("qrcode_br_bank");
  await belvo.getByRole("button", { name: /bnk100/ }).click();
  await belvo.getByRole("button", { name: "Connect" }).click();

  await belvo.getByRole("heading", { name: "Your bank asks for a QR scan" }).waitFor();
  const qr = belvo.getByRole("img", { name: "QR code to scan" });
  await qr.waitFor();
  assert.ok((await qr.boundingBox()).width >= 150, "a QR code big enough to scan");
  await device(page).locator('.bank[data-institution="qrcode_br_bank"]').waitFor();
  await shot(page, "belvo-qr-challenge");
  await belvo.getByRole("button", { name: "Continue" }).click();
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
  assert.equal(await text(part(ol, "prompt")), "Enter the code we sent to your phone by text message.");
  // Enrolment and the trigger each sent a code: the newest one is the live one.
  const sms = device(page).locator(".sms:not(.older) .sms-body");
  await sms.waitFor();
  assert.equal(await device(page).locator(".sms.older").count(), 1);
  const code = /code is ([A-Z0-9]{6})/.exec(await text(sms))[1];
  await shot(page, "onelogin-sms-challenge");

  await ol.getByLabel("Verification code", { exact: true }).fill(code.toLowerCase()); // codes are not case-sensitive
  await ol.getByRole("button", { name: "Verify" }).click();
  await ol.getByRole("heading", { name: "Verified" }).waitFor();
  assert.equal(await text(ol.locator(".result p")), "Bob's phone is verified and active.");
  await shot(page, "onelogin-sms-result");
  await ol.getByRole("button", { name: "Back to factors" }).click();
  const row = ol.locator(".factor-item", { hasText: "Bob's phone" });
  await row.waitFor();
  assert.match(await text(row), /OneLogin SMS · \+14155550123 active default/);
  assert.deepEqual(errors, []);
});

test("OneLogin: a push approved on the device panel (one poll counter), then one denied", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Check your phone" }).waitFor();
  assert.equal(await text(part(ol, "prompt")), "Approve the sign-in request in OneLogin Protect on your phone.");
  assert.equal(await text(part(ol, "status")), "Waiting for approval…");
  const push = device(page).locator(".push");
  await until(page, () => /checked [2-9]\d* times/.test(document.querySelector("#device .push .push-state")?.textContent));
  // One count of the polls on the page: the phone's (the sandbox's own), none in the form.
  assert.equal(await page.getByText(/checked \d+ time/).count(), 1);
  assert.equal(await ol.getByText(/checked/).count(), 0);
  await shot(page, "onelogin-push-challenge");

  await push.getByRole("button", { name: "Approve" }).click();
  await ol.getByRole("heading", { name: "Verified" }).waitFor();
  assert.equal(await text(ol.locator(".result p")), "The sign-in was approved on Alice's iPhone.");
  // The backend heard it from OneLogin itself (onResult), not from the page.
  await device(page).getByText("backend: OneLogin user 1001 verified by Push notification").waitFor();
  await shot(page, "onelogin-push-result");

  await ol.getByRole("button", { name: "Back to factors" }).click();
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Check your phone" }).waitFor();
  await push.getByRole("button", { name: "Deny" }).click();
  await ol.getByRole("heading", { name: "Sign-in denied" }).waitFor();
  assert.equal(await text(part(ol, "error")), "The sign-in request was denied.");
  assert.equal(await part(ol, "error").getAttribute("data-code"), "rejected");
  assert.equal(await ol.getByRole("heading", { name: /Approve/ }).count(), 0, "no heading asks to approve any more");
  await device(page).getByText("backend: OneLogin user 1001: rejected").waitFor();
  assert.equal(await ol.getByRole("button", { name: "Send another push" }).isVisible(), true);
  assert.equal(await part(ol, "cancel").isVisible(), false);
  assert.equal(await text(part(ol, "status")), "", "the waiting indicator stopped");
  await shot(page, "onelogin-push-denied");
  assert.deepEqual(errors, []);
});

test("OneLogin: Cancel stops the polling and takes Approve/Deny off the phone", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  const push = device(page).locator(".push");
  await push.getByRole("button", { name: "Approve" }).waitFor();
  await part(ol, "cancel").click();
  await ol.getByRole("heading", { name: "Enrolled factors" }).waitFor();
  assert.equal(await text(ol.locator(".status")), "Push cancelled. No sign-in happened.");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("mfa-flows-demo:onelogin")), null);
  await push.waitFor({ state: "detached", timeout: 5000 });
  assert.equal(await device(page).getByRole("button", { name: /Approve|Deny/ }).count(), 0);

  const [before] = await sb.control("GET", "/pushes");
  await new Promise((r) => setTimeout(r, 2500));
  const [later] = await sb.control("GET", "/pushes");
  assert.equal(later.polls, before.polls, "no poll after Cancel");
  assert.equal(await device(page).getByRole("button", { name: /Approve|Deny/ }).count(), 0, "and it stays off after refreshes");
  assert.deepEqual(errors, []);
});

test("The language switch words the element, the prompts and the page's own words in es and pt-BR", TIMEOUT, async () => {
  const { page, errors } = await openDemo();
  const riffyn = panel(page, "riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();

  // A change reloads the page, which resumes the pending step in the new language.
  const language = page.locator("#locale"); // labelled "Language", then "Idioma"
  await Promise.all([page.waitForEvent("load"), language.selectOption("es")]);
  await page.waitForSelector("body[data-ready]");
  // The page's own heading follows the switch too (issue 25).
  await riffyn.getByRole("heading", { name: "Verificación en dos pasos" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "es");
  assert.equal(await riffyn.locator("mfa-challenge").getAttribute("locale"), "es");
  assert.equal(await text(part(riffyn, "prompt")), "Ingresa el código de Google Authenticator.");
  assert.equal(await text(part(riffyn, "label")), "Código de verificación");
  assert.equal(await riffyn.getByRole("button", { name: "Verificar" }).isVisible(), true);
  await riffyn.getByRole("button", { name: "Verificar" }).click(); // no code typed
  assert.equal(await text(part(riffyn, "error")), "Escribe el código.");
  await shot(page, "locale-es-riffyn-challenge");

  await Promise.all([page.waitForEvent("load"), page.locator("#locale").selectOption("pt-BR") /* labelled "Idioma" now */]);
  await page.waitForSelector("body[data-ready]");
  await tab(page, "OneLogin");
  const ol = panel(page, "onelogin");
  await ol.getByRole("button", { name: "Enviar notificação: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Confira seu celular" }).waitFor();
  assert.equal(await ol.locator("mfa-challenge").getAttribute("locale"), "pt-BR");
  assert.equal(await text(part(ol, "prompt")), "Aprove a solicitação de login no OneLogin Protect pelo seu celular.");
  assert.equal(await text(part(ol, "status")), "Aguardando aprovação…");
  await shot(page, "locale-pt-BR-push-challenge");
  await ol.getByRole("button", { name: "Cancelar" }).click();
  await ol.getByRole("heading", { name: "Métodos cadastrados" }).waitFor();
  assert.deepEqual(errors, []);
});

test("The guard: the 6th wrong code is refused by the proxy (rate_limited) and the device panel says for how long", TIMEOUT, async () => {
  const { page, errors, failed } = await openDemo();
  // In English whatever an earlier test chose (the language is kept in localStorage).
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  const riffyn = panel(page, "riffyn");
  await riffyn.getByLabel("Username", { exact: true }).fill("alice");
  await riffyn.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await riffyn.getByRole("button", { name: "Sign in" }).click();
  await riffyn.getByRole("heading", { name: "Two-step verification" }).waitFor();
  const input = riffyn.getByLabel("Verification code", { exact: true });
  const right = await authenticatorCode(page, "riffyn");
  for (let i = 0; i < 6; i++) {
    await input.fill(String(i).repeat(6) === right ? "999999" : String(i).repeat(6));
    const answered = page.waitForResponse((r) => r.url().endsWith("/verify"));
    await riffyn.getByRole("button", { name: "Verify" }).click();
    assert.equal((await answered).status(), i < 5 ? 401 : 429, `wrong code ${i + 1}`);
  }
  await until(page, () => document.querySelector("#panel-riffyn mfa-challenge").shadowRoot.querySelector("[part~=error]")?.dataset.code === "rate_limited");
  // The element shows the wait as the rate_limited error, with a live countdown from the proxy's
  // Retry-After (NIST SP 800-63B §10: say how long to wait) and Verify disabled until then.
  assert.equal(await text(part(riffyn, "error")), "Too many attempts. Wait a moment, then try again.");
  const wait = /^You can try again in (1[45]):(\d\d)\.$/;
  const first = wait.exec(await text(part(riffyn, "status")));
  assert.ok(first, `countdown: ${await text(part(riffyn, "status"))}`);
  await until(page, (before) => {
    const now = document.querySelector("#panel-riffyn mfa-challenge").shadowRoot.querySelector("[part~=status]")?.textContent ?? "";
    return now !== before && /try again in 1[45]:\d\d/.test(now);
  }, first[0]);
  assert.ok(await riffyn.getByRole("button", { name: "Verify" }).isDisabled(), "Verify waits for the end of the lockout");
  await device(page).getByText(/backend: Riffyn user alice: 5 wrong codes: locked for 1[45]:\d\d/).waitFor();
  await shot(page, "guard-locked");
  assert.deepEqual(errors, []);
  assert.equal(failed.filter((f) => f.startsWith("429 ")).length, 1, "one refusal by the guard");
  assert.equal((await sb.requests("riffyn")).filter((r) => r.path.endsWith("/verify")).length, 5, "the 6th never reached Riffyn");
});
