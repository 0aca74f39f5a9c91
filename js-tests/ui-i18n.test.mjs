// Any language from the host (issue 25): a complete French dictionary, and an Arabic one with
// dir="rtl", given to toChallenge (`messages`) and to <mfa-challenge> (`messages`). Every state of
// the element for every provider's step is rendered in Chromium and no built-in English sentence is
// left; the Arabic one lays out right to left. Screenshots at 1280 and 375 px go to
// test-results/ui-i18n/ for a person to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MESSAGES } from "mfa-flows/messages";
import { pageFixture, STEPS } from "./ui-harness.mjs";
import { AR, FR } from "./ui-dictionaries.mjs";
import { ERROR_CODES } from "./helpers.mjs";

const shots = fileURLToPath(new URL("../test-results/ui-i18n/", import.meta.url));
mkdirSync(shots, { recursive: true });
const open = pageFixture();

// Every provider's steps; the banks' own instructions are left out (they are the bank's words, not
// the package's), and two more: a Belvo type this SDK does not know, an authenticator on OneLogin.
const steps = () => {
  const all = Object.fromEntries(Object.entries(STEPS).map(([name, make]) => [name, make()]));
  for (const s of Object.values(all)) delete s.tokenGenerationData?.instructions;
  all.belvoUnknown = { ...all.belvoNumeric, tokenGenerationData: { type: "app_code", value: "A7-K2", expectsUserInput: true } };
  all.oneloginApp = { ...all.oneloginSms, authFactorName: "Google Authenticator" };
  return all;
};
const CODES = [...ERROR_CODES, "something_new"];

/** The English of every id (placeholders cut out), as whole words: none may be shown. */
const ENGLISH = Object.entries(MESSAGES).filter(([id]) => id !== "provider.text")
  .flatMap(([, { en }]) => en.split(/\{\w+\}/)).map((s) => s.trim()).filter((s) => /[a-z]{3}/i.test(s) && s.length >= 4)
  .map((s) => new RegExp(`(^|\\W)${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\W|$)`));

test("the two dictionaries are complete (every id of mfa-flows/messages, same params)", () => {
  for (const [name, dict] of [["fr", FR], ["ar", AR]]) {
    assert.deepEqual(Object.keys(dict).sort(), Object.keys(MESSAGES).sort(), name);
    for (const [id, { params }] of Object.entries(MESSAGES)) {
      assert.deepEqual((dict[id].match(/\{\w+\}/g) ?? []).map((p) => p.slice(1, -1)), [...params], `${name} ${id}`);
    }
  }
});

for (const [locale, dict, dir] of [["fr", FR, "ltr"], ["ar", AR, "rtl"]]) {
  test(`${locale}${dir === "rtl" ? " (dir=rtl)" : ""}: every state of every provider's step, no built-in English left`, { timeout: 120_000 }, async () => {
    const { page, errors } = await open();
    const seen = await page.evaluate(async ([steps, dict, locale, dir, codes]) => {
      const out = [];
      const texts = (el, state) => {
        const s = el.shadowRoot;
        const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
        const parts = [];
        while (walker.nextNode()) if (walker.currentNode.textContent.trim()) parts.push(walker.currentNode.textContent);
        for (const n of s.querySelectorAll("[aria-label]")) parts.push(n.getAttribute("aria-label"));
        const root = s.querySelector("[part~=root]");
        out.push({ state, parts, lang: root.lang, direction: getComputedStyle(root).direction });
      };
      // The host puts dir on the page (inherited) for Arabic, and lang/messages on the element.
      document.documentElement.dir = dir;
      for (const [name, step] of Object.entries(steps)) {
        const challenge = window.sdk.toChallenge(step, { messages: dict });
        const fresh = () => window.mount(challenge, { locale, messages: dict });
        let el = fresh();
        texts(el, `${name}`);
        const input = el.shadowRoot.querySelector("input:not([type=radio])");
        if (input) {
          el.shadowRoot.querySelector("form").requestSubmit();
          texts(el, `${name} empty`);
          input.value = "123456";
        }
        el.busy = true;
        texts(el, `${name} busy`);
        el.busy = false;
        for (const code of codes) {
          el.error = new window.sdk.MfaError(code, "m");
          texts(el, `${name} ${code}`);
        }
        el.error = new window.sdk.MfaError("rate_limited", "m", { retryAfterMs: 60_000 });
        texts(el, `${name} rate_limited wait`);
        el = window.mount({ ...challenge, expiresAt: new Date(Date.now() - 1).toISOString() }, { locale, messages: dict });
        texts(el, `${name} expired`);
      }
      // The end of a wait.
      const el = window.mount(window.sdk.toChallenge(steps.riffyn, { messages: dict }), { locale, messages: dict });
      el.error = new window.sdk.MfaError("rate_limited", "m", { retryAfterMs: 1 });
      await new Promise((r) => setTimeout(r, 1100));
      texts(el, "riffyn retry now");
      return out;
    }, [steps(), dict, locale, dir, CODES]);
    assert.ok(seen.length > 150, `${seen.length} states`);
    for (const { state, parts, lang, direction } of seen) {
      assert.equal(lang, locale, state);
      assert.equal(direction, dir, state);
      for (const text of parts) {
        const english = ENGLISH.find((re) => re.test(text));
        assert.equal(english, undefined, `${state}: "${text}" is built-in English`);
      }
    }
    // Each state said something of the dictionary (not nothing at all).
    const words = new Set(Object.values(dict).map((w) => w.replace(/\{\w+\}.*$/, "").trim()).filter(Boolean));
    for (const { state, parts } of seen) assert.ok(parts.some((p) => [...words].some((w) => p.startsWith(w))), state);
    assert.deepEqual(errors, []);
  });

  test(`${locale}: screenshots at 1280 and 375 px of each provider's step (and an error)`, { timeout: 120_000 }, async () => {
    const { page } = await open();
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 720 });
      for (const [name, step] of Object.entries(steps())) {
        await page.evaluate(([s, dict, locale, dir, err]) => {
          document.documentElement.dir = dir;
          // The page's heading in the page's language too, as a host's would be.
          const title = { fr: "Connexion", ar: "تسجيل الدخول" }[locale];
          const el = window.mount(window.sdk.toChallenge(s, { messages: dict }), { locale, messages: dict, title });
          if (err) el.error = new window.sdk.MfaError("invalid_code", "m");
        }, [step, dict, locale, dir, name === "riffynTwo"]);
        await page.screenshot({ path: `${shots}${locale}-${name}-${width}.png`, fullPage: true, animations: "disabled" });
      }
    }
  });
}
