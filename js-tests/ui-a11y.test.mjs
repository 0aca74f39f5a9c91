// <mfa-challenge> accessibility in headless Chromium: axe-core (every rule it runs by default, WCAG
// 2.2 AA included, into the open shadow root) reports 0 violations for every kind and state, at
// 1280 px and 375 px; each state is also saved as a screenshot under test-results/ui/ for a person
// to look at. prefers-reduced-motion stops the spinner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pageFixture, STEPS } from "./ui-harness.mjs";
import { AR, FR } from "./ui-dictionaries.mjs";

const shots = fileURLToPath(new URL("../test-results/ui/", import.meta.url));
mkdirSync(shots, { recursive: true });
const open = pageFixture();

// name → [step, locale, what to do once mounted (in the page; `el` is the element)]
const STATES = {
  "otp": ["riffyn", "en", ""],
  "otp-typed": ["riffyn", "en", "el.shadowRoot.querySelector('input').value = '123456'"],
  "otp-empty-submit": ["riffyn", "en", "el.shadowRoot.querySelector('form').requestSubmit()"],
  "otp-busy": ["riffyn", "en", "el.shadowRoot.querySelector('input').value = '123456'; el.busy = true"],
  "otp-invalid-code": ["riffyn", "en", "el.shadowRoot.querySelector('input').value = '123456'; el.error = new sdk.MfaError('invalid_code', 'm')"],
  "otp-factors": ["riffynTwo", "en", ""],
  "otp-bank-challenge": ["belvoNumeric", "en", ""],
  "otp-sms-es": ["oneloginSms", "es", "el.error = new sdk.MfaError('rate_limited', 'm')"],
  "otp-rate-limited-wait": ["riffyn", "en", "el.error = new sdk.MfaError('rate_limited', 'm', { retryAfterMs: 60000 })"],
  "otp-factors-pt-BR": ["riffynTwo", "pt-BR", "el.error = new sdk.MfaError('network', 'm')"],
  "otp-expired": ["riffyn", "en", "el.challenge = { ...el.challenge, expiresAt: new Date(Date.now() - 1).toISOString() }"],
  "push": ["oneloginPush", "en", ""],
  "push-rejected-es": ["oneloginPush", "es", "el.error = new sdk.MfaError('rejected', 'm')"],
  "confirm": ["belvoConfirm", "en", ""],
  "confirm-pt-BR": ["belvoConfirm", "pt-BR", ""],
  "qr": ["belvoQr", "en", ""],
  "qr-busy-es": ["belvoQr", "es", "el.busy = true"],
  // A host's dictionary (issue 25); Arabic right to left, from the page's dir.
  "otp-factors-ar-rtl": ["riffynTwo", "ar", "el.error = new sdk.MfaError('invalid_code', 'm')"],
  "otp-sms-ar-rtl": ["oneloginSms", "ar", "el.error = new sdk.MfaError('rate_limited', 'm', { retryAfterMs: 60000 })"],
  "push-ar-rtl": ["oneloginPush", "ar", ""],
  "qr-ar-rtl": ["belvoQr", "ar", "el.busy = true"],
  "confirm-ar-rtl": ["belvoConfirm", "ar", ""],
  "otp-bank-challenge-fr": ["belvoNumeric", "fr", "el.shadowRoot.querySelector('form').requestSubmit()"],
};
const DICTIONARIES = { ar: AR, fr: FR };

for (const [name, [step, locale, act]] of Object.entries(STATES)) {
  test(`axe: 0 violations, screenshots at 1280 and 375 px: ${name}`, async () => {
    const { page, errors } = await open();
    await page.addScriptTag({ url: "/axe.js" });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 720 });
      await page.evaluate(([s, l, a, messages]) => {
        document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
        const el = window.mount(window.sdk.toChallenge(s, { messages }), { locale: l, messages });
        new Function("el", "sdk", a)(el, window.sdk);
      }, [STEPS[step](), locale, act, DICTIONARIES[locale]]);
      await page.waitForTimeout(50);
      const { violations } = await page.evaluate(() => window.axe.run(document));
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), [], `${name} at ${width} px`);
      await page.screenshot({ path: `${shots}${name}-${width}.png`, fullPage: true, animations: "disabled" });
    }
    assert.deepEqual(errors, []);
  });
}

test("axe does look inside the shadow root: a missing label and a faint button are reported", async () => {
  const { page } = await open();
  await page.addScriptTag({ url: "/axe.js" });
  const ids = await page.evaluate(async (s) => {
    const el = window.mount(window.sdk.toChallenge(s));
    el.shadowRoot.querySelector("label[for]").remove();
    el.shadowRoot.querySelector("[part~=submit]").style.color = "#9ab";
    return (await window.axe.run(document)).violations.map((v) => v.id).sort();
  }, STEPS.riffyn());
  assert.deepEqual(ids, ["color-contrast", "label", "label-title-only"]);
});

test("the spinner turns only without prefers-reduced-motion", async () => {
  const { page } = await open();
  const spin = async () => page.evaluate((s) => {
    const el = window.mount(window.sdk.toChallenge(s));
    return getComputedStyle(el.shadowRoot.querySelector("[part~=status]"), "::before").animationName;
  }, STEPS.oneloginPush());
  await page.emulateMedia({ reducedMotion: "no-preference" });
  assert.equal(await spin(), "s");
  await page.emulateMedia({ reducedMotion: "reduce" });
  assert.equal(await spin(), "none");
});

test("the focus ring is visible on every control reached by Tab", async () => {
  const { page } = await open();
  await page.evaluate((s) => { window.mount(window.sdk.toChallenge(s)); }, STEPS.riffynTwo());
  const rings = [];
  for (let i = 0; i < 3; i++) {
    rings.push(await page.evaluate(() => {
      const a = document.querySelector("mfa-challenge").shadowRoot.activeElement;
      const s = getComputedStyle(a);
      return `${a.getAttribute("part") ?? a.type}: ${s.outlineStyle} ${s.outlineWidth}`;
    }));
    await page.keyboard.press("Tab");
  }
  // The code field has focus first; Tab goes on to Verify and Cancel.
  assert.deepEqual(rings, ["input: solid 3px", "button submit: solid 3px", "button cancel: solid 3px"]);
});
