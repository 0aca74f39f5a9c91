// <mfa-challenge> and a rate_limited error (issue 23 item 8, NIST SP 800-63B §10: say how long to
// wait): the wait counts down live, Verify does nothing until it ends, and a screen reader hears the
// wait once, politely (the status ticks with aria-live off), then "you can try again now".
import { test } from "node:test";
import assert from "node:assert/strict";
import { pageFixture, STEPS } from "./ui-harness.mjs";

const open = pageFixture();

const status = (page) => page.evaluate(() => {
  const s = window.el.shadowRoot.querySelector("[part~=status]");
  const submit = window.el.shadowRoot.querySelector("[part~=submit]");
  return { text: s.textContent, live: s.getAttribute("aria-live"), role: s.getAttribute("role"), disabled: submit.getAttribute("aria-disabled"),
    error: window.el.shadowRoot.querySelector("[part~=error]").textContent };
});

test("ASVS 6.6.3 / NIST §10: rate_limited with retryAfterMs counts down, Verify waits, the wait is announced once and politely", { timeout: 30_000 }, async () => {
  const { page, errors } = await open();
  await page.evaluate((s) => { window.el = window.mount(window.sdk.toChallenge(s)); }, STEPS.riffyn());
  await page.keyboard.type("123456");
  await page.keyboard.press("Enter");
  await page.evaluate(() => {
    window.el.error = new window.sdk.MfaError("rate_limited", "m", { provider: "riffyn", status: 429, retryAfterMs: 2500 });
    // Every text the status takes, with its aria-live at that moment.
    window.said = [];
    new MutationObserver(() => {
      const s = window.el.shadowRoot.querySelector("[part~=status]");
      window.said.push(`${s.getAttribute("aria-live")}: ${s.textContent}`);
    }).observe(window.el.shadowRoot.querySelector("[part~=status]"), { childList: true, characterData: true, subtree: true });
  });
  const first = await status(page);
  assert.deepEqual(first, { text: "You can try again in 0:03.", live: "polite", role: "status", disabled: "true",
    error: "Too many attempts. Wait a moment, then try again." });
  // Enter during the wait sends nothing.
  await page.keyboard.press("Enter");
  assert.equal((await page.evaluate(() => window.events)).length, 1);
  await page.waitForFunction(() => window.el.shadowRoot.querySelector("[part~=status]").textContent === "You can try again in 0:02.");
  assert.equal((await status(page)).live, "off", "the countdown ticks silently");
  await page.waitForFunction(() => window.el.shadowRoot.querySelector("[part~=status]").textContent === "You can try again now.", null, { timeout: 5000 });
  const after = await status(page);
  assert.deepEqual(after, { text: "You can try again now.", live: "polite", role: "status", disabled: "false", error: "" });
  // Only the end is heard among the changes after the first announcement: each tick was "off".
  const said = await page.evaluate(() => window.said);
  assert.ok(said.length >= 2, said.join(" | "));
  assert.deepEqual(said.filter((l) => !l.startsWith("off: ")), ["polite: You can try again now."], said.join(" | "));
  await page.keyboard.press("Enter");
  assert.deepEqual((await page.evaluate(() => window.events)).map((e) => e.detail.code), ["123456", "123456"]);
  assert.deepEqual(errors, []);
});

test("rate_limited without retryAfterMs (or a hostile one) only shows the words; Verify stays usable", async () => {
  const { page, errors } = await open();
  await page.evaluate((s) => { window.el = window.mount(window.sdk.toChallenge(s)); }, STEPS.riffyn());
  for (const retry of [undefined, -5, "9000", Number.NaN]) {
    await page.evaluate((r) => { window.el.error = { code: "rate_limited", retryAfterMs: r ?? undefined }; }, retry);
    const s = await status(page);
    assert.deepEqual([s.text, s.disabled], ["", "false"], String(retry));
  }
  await page.evaluate(() => { window.el.error = { code: "rate_limited", get retryAfterMs() { throw new Error("x"); } }; });
  assert.equal((await status(page)).disabled, "false");
  assert.deepEqual(errors, []);
});

test("the wait follows the locale (es, pt-BR)", async () => {
  const { page } = await open();
  const r = await page.evaluate((s) => {
    window.el = window.mount(window.sdk.toChallenge(s), { locale: "es" });
    window.el.error = new window.sdk.MfaError("rate_limited", "m", { retryAfterMs: 75_000 });
    const es = window.el.shadowRoot.querySelector("[part~=status]").textContent;
    window.el.locale = "pt-BR";
    return [es, window.el.shadowRoot.querySelector("[part~=status]").textContent];
  }, STEPS.riffyn());
  assert.deepEqual(r, ["Puedes intentarlo de nuevo en 1:15.", "Você pode tentar novamente em 1:15."]);
});
