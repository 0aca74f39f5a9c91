// <mfa-challenge> (mfa-flows/ui) in headless Chromium against what a careless or hostile page or
// provider hands it (issue 21, items 10 and 18): no expiresAt, throwing getters and toString,
// null factors, unbroken 100,000-character text, a polluted Object.prototype.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pageFixture } from "./ui-harness.mjs";

const open = pageFixture();

/** Every word the element shows, and the QR's label, by part. */
const words = () => {
  const s = window.el.shadowRoot;
  const q = (sel) => s.querySelector(sel);
  return {
    label: q("[part~=label]")?.textContent, submit: q("[part~=submit]")?.textContent, cancel: q("[part~=cancel]")?.textContent,
    legend: q("legend")?.textContent, qr: q("[part~=qr]")?.getAttribute("aria-label"), shown: q("[part~=display-label]")?.textContent,
  };
};

test("issue 21 item 10: with no expiresAt the element shows all its own words at once (label, buttons, legend, QR label)", async () => {
  const { page, errors } = await open();
  const shown = await page.evaluate((words) => {
    const get = new Function(`return (${words})()`);
    const out = {};
    const otp = { provider: "riffyn", kind: "otp", prompt: "Enter the code.",
      factors: [{ id: "a", label: "App" }, { id: "b", label: "SMS" }] };
    window.el = window.mount(otp);
    out.otp = get();
    window.el = window.mount({ provider: "belvo", kind: "qr", prompt: "Scan.", display: { type: "qr", value: "otpauth://x" } });
    out.qr = get();
    window.el = window.mount({ provider: "belvo", kind: "otp", prompt: "Type.", display: { type: "numeric", value: "123" } });
    out.numeric = get();
    return out;
  }, words.toString());
  assert.equal(shown.otp.label, "Verification code");
  assert.equal(shown.otp.submit, "Verify");
  assert.equal(shown.otp.cancel, "Cancel");
  assert.equal(shown.otp.legend, "Verify with");
  assert.equal(shown.qr.qr, "QR code to scan");
  assert.equal(shown.qr.submit, "Continue");
  assert.equal(shown.numeric.shown, "Challenge code");
  assert.deepEqual(errors, []);
});

test("issue 21 item 18: hostile objects (null factors, throwing toString and getters) raise no error, now or on any tick", async () => {
  const { page, errors } = await open();
  const r = await page.evaluate(async () => {
    const bomb = { toString() { throw new Error("boom"); }, valueOf() { throw new Error("boom"); } };
    const out = {};
    window.el = window.mount({ provider: "riffyn", kind: "otp", prompt: "P.", factors: [null, 5, { id: "ok", label: "Fine" }, { id: "b", label: "B" }] });
    out.factors = [...window.el.shadowRoot.querySelectorAll("[part~=factor]")].map((l) => l.textContent);
    out.label = window.el.shadowRoot.querySelector("[part~=label]").textContent;
    window.el = window.mount({ provider: "riffyn", kind: "otp", prompt: bomb, expiresAt: bomb,
      factors: [{ id: bomb, label: bomb }], display: { type: "numeric", value: bomb } });
    out.prompt = window.el.shadowRoot.querySelector("[part~=prompt]").textContent;
    window.el = window.mount({ provider: "riffyn", kind: "otp", get prompt() { throw new Error("getter"); } });
    out.getter = window.el.shadowRoot.querySelector("[part~=root]").childElementCount;
    const cyclic = { provider: "riffyn", kind: "otp", prompt: "Cyclic." };
    cyclic.self = cyclic;
    window.el = window.mount(cyclic);
    out.cyclic = window.el.shadowRoot.querySelector("[part~=prompt]").textContent;
    window.el.error = { get code() { throw new Error("code"); } };
    out.error = window.el.shadowRoot.querySelector("[part~=error]").textContent;
    window.el.error = { code: bomb };
    await new Promise((r) => setTimeout(r, 2200)); // two ticks of the countdown
    return out;
  });
  assert.deepEqual(r.factors, ["Fine", "B"], "null and 5 are no factors");
  assert.equal(r.label, "Verification code");
  assert.equal(r.prompt, "");
  assert.equal(r.getter, 0, "a challenge whose getter throws shows nothing");
  assert.equal(r.cyclic, "Cyclic.");
  assert.equal(r.error, "Something went wrong. Try again.");
  assert.deepEqual(errors, []);
});

test("issue 21 item 18: a 100,000-character unbroken prompt or factor label wraps inside the element's box", async () => {
  const { page } = await open();
  const long = "W".repeat(100_000);
  const r = await page.evaluate((long) => {
    window.el = window.mount({ provider: "riffyn", kind: "otp", prompt: long,
      factors: [{ id: "a", label: long }, { id: "b", label: "SMS" }], display: { type: "numeric", value: long } });
    const box = window.el.getBoundingClientRect().width;
    const widest = Math.max(...[...window.el.shadowRoot.querySelectorAll("*")].map((n) => n.getBoundingClientRect().right));
    return { box, right: window.el.getBoundingClientRect().right, widest, page: document.documentElement.scrollWidth, viewport: innerWidth };
  }, long);
  assert.ok(r.box <= 440, `the element is ${r.box} px wide`);
  assert.ok(r.widest <= r.right + 1, `content reaches ${r.widest} px, the element ends at ${r.right}`);
  assert.ok(r.page <= r.viewport, `the page is ${r.page} px wide`);
});

test("issue 21 item 18: a polluted Object.prototype.onclick becomes no attribute or handler on the element's nodes", async () => {
  const { page, errors } = await open();
  const r = await page.evaluate(() => {
    Object.prototype.onclick = "window.pwned = 1";
    Object.prototype.hidden = true;
    try {
      window.el = window.mount({ provider: "riffyn", kind: "otp", prompt: "P.", factors: [{ id: "a", label: "A" }, { id: "b", label: "B" }] });
      const nodes = [...window.el.shadowRoot.querySelectorAll("*")];
      const attrs = nodes.filter((n) => n.hasAttribute("onclick") || n.hasAttribute("hidden")).length;
      for (const n of nodes) n.click?.();
      return { attrs, pwned: window.pwned ?? null };
    } finally {
      delete Object.prototype.onclick;
      delete Object.prototype.hidden;
    }
  });
  assert.deepEqual(r, { attrs: 0, pwned: null });
  assert.deepEqual(errors, []);
});
