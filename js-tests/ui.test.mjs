// <mfa-challenge> (mfa-flows/ui) in headless Chromium: each kind and state driven by keyboard and
// mouse as a user would, the events it fires, errors and retry, expiry, the locale switch, and
// provider text that must stay text. Challenges come from the package's own toChallenge().
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pageFixture, STEPS } from "./ui-harness.mjs";
import { STRINGS, words } from "../js/ui/strings.js";
import { ERROR_CODES } from "./helpers.mjs";

const open = pageFixture();

/** A page with one <mfa-challenge> showing toChallenge(STEPS[step]()). */
async function mounted(step, props = {}) {
  const { page, errors } = await open();
  await page.evaluate(([s, p]) => { window.el = window.mount(window.sdk.toChallenge(s), p); }, [STEPS[step](), props]);
  return { page, errors };
}
const events = (page) => page.evaluate(() => window.events);
const text = (page, part) => page.evaluate((p) => window.el.shadowRoot.querySelector(`[part~=${p}]`)?.textContent ?? null, part);
/** The focused control inside the element: its part. */
const focused = (page) => page.evaluate(() =>
  document.activeElement === window.el ? window.el.shadowRoot.activeElement?.getAttribute("part") : null);

test("the packed package exports ./ui (types and module) and ships it", () => {
  const pkg = JSON.parse(readFileSync(new URL("../pkg/package.json", import.meta.url), "utf8"));
  assert.deepEqual(pkg.exports["./ui"], { types: "./ui.d.ts", default: "./ui.js" });
  for (const file of ["ui.js", "ui.d.ts", "LICENSE-lean-qr"]) assert.ok(pkg.files.includes(file), file);
  // `import "mfa-flows/ui"` is a side-effect import: a bundler must not drop it.
  assert.ok(pkg.sideEffects.includes("./ui.js"), "ui.js is listed as a side effect");
});

test("the npm tarball holds the ui entry: a consumer of the unpacked tarball resolves mfa-flows/ui to it", () => {
  const dir = mkdtempSync(join(tmpdir(), "mfa-flows-ui-pack-"));
  try {
    const pkgDir = new URL("../pkg/", import.meta.url);
    const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: pkgDir, encoding: "utf8" }).trim().split("\n").at(-1);
    const modules = join(dir, "node_modules", "mfa-flows");
    mkdirSync(modules, { recursive: true });
    execFileSync("tar", ["-xzf", join(dir, tgz), "-C", modules, "--strip-components=1"]);
    assert.equal(readFileSync(join(modules, "ui.js"), "utf8"), readFileSync(new URL("ui.js", pkgDir), "utf8"));
    assert.match(readFileSync(join(modules, "ui.d.ts"), "utf8"), /HTMLElementTagNameMap/);
    writeFileSync(join(dir, "main.mjs"), 'console.log(import.meta.resolve("mfa-flows/ui"), typeof (await import("mfa-flows/ui")).MfaChallengeElement);');
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" }).trim();
    assert.equal(out, `file://${join(modules, "ui.js")} function`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("import \"mfa-flows/ui\" works in Node too (server rendering): it exports the class, defines nothing", async () => {
  const ui = await import("mfa-flows/ui");
  assert.equal(typeof ui.MfaChallengeElement, "function");
  assert.equal(globalThis.customElements, undefined);
});

test("each locale has every id of the element, none empty, and the same {time} placeholders", () => {
  for (const [locale, table] of Object.entries(STRINGS)) {
    assert.deepEqual(Object.keys(table), Object.keys(STRINGS.en), locale);
    assert.ok(Object.values(table).every((l) => l.trim() === l && l.length > 0), locale);
    assert.match(words(locale)["ui.expiresIn"], /\{time\}/, locale);
  }
  assert.equal(words("fr")["ui.verify"], "Verify");
});

test("a plain page: the element is defined once, by the module, with an open shadow root", async () => {
  const { page, errors } = await open();
  const r = await page.evaluate(async () => {
    const again = await import("mfa-flows/ui");
    const el = window.mount(null);
    return {
      same: customElements.get("mfa-challenge") === window.MfaChallengeElement && again.MfaChallengeElement === window.MfaChallengeElement,
      instance: el instanceof window.MfaChallengeElement,
      empty: el.shadowRoot.querySelector("[part~=root]").childElementCount,
      height: el.getBoundingClientRect().height,
    };
  });
  assert.deepEqual(r, { same: true, instance: true, empty: 0, height: 0 });
  assert.deepEqual(errors, []);
});

test("otp: keyboard only, type a code and press Enter → mfa-submit { code, factorId } (bubbling, composed)", async () => {
  const { page, errors } = await mounted("riffyn");
  const input = await page.evaluate(() => {
    const i = window.el.shadowRoot.querySelector("input");
    return Object.fromEntries(["autocomplete", "inputmode", "aria-describedby"].map((a) => [a, i.getAttribute(a)]));
  });
  assert.deepEqual(input, { autocomplete: "one-time-code", inputmode: "numeric", "aria-describedby": "prompt error" });
  assert.equal(await focused(page), "input", "the code field has focus when the step appears");
  assert.equal(await text(page, "prompt"), "Enter the code from Google Authenticator.");
  assert.match(await text(page, "countdown"), /^Expires in 4:5\d$/);
  await page.keyboard.type("123456");
  await page.keyboard.press("Enter");
  assert.deepEqual(await events(page), [{ type: "mfa-submit", detail: { code: "123456", factorId: "f-totp" }, bubbles: true, composed: true }]);
  // The page listens on document too: the event leaves the shadow root.
  assert.deepEqual(errors, []);
});

test("the page's el.focus() (a form moving on to this step) puts focus in the code field", async () => {
  const { page } = await mounted("riffyn");
  await page.evaluate(() => window.el.shadowRoot.activeElement?.blur());
  assert.equal(await focused(page), null);
  await page.evaluate(() => window.el.focus());
  assert.equal(await focused(page), "input");
});

test("otp: pasting a whole code with separators fills the field with the code alone", async () => {
  const { page } = await mounted("riffyn");
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData("text/plain", " 123 456\n");
    window.el.shadowRoot.querySelector("input").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.evaluate(() => window.el.shadowRoot.querySelector("input").value), "123456");
  await page.click("mfa-challenge [part~=submit]");
  assert.deepEqual((await events(page)).map((e) => e.detail), [{ code: "123456", factorId: "f-totp" }]);
});

test("otp: several factors → a labelled radio group, chosen with the arrow keys; the choice is in mfa-submit", async () => {
  const { page } = await mounted("riffynTwo");
  assert.equal(await text(page, "factors").then((t) => t.startsWith("Verify with")), true);
  const labels = await page.evaluate(() => [...window.el.shadowRoot.querySelectorAll("[part~=factor]")].map((l) => [l.textContent, l.querySelector("input").checked]));
  assert.deepEqual(labels, [["Google Authenticator", true], ["SMS", false]]);
  await page.keyboard.press("Shift+Tab"); // from the code field back to the checked radio
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  await page.keyboard.type("654321");
  await page.keyboard.press("Enter");
  assert.deepEqual((await events(page)).map((e) => e.detail), [{ code: "654321", factorId: "f-sms" }]);
});

test("otp: Verify with no code says so and sends nothing", async () => {
  const { page } = await mounted("riffyn");
  await page.keyboard.press("Enter");
  assert.equal(await text(page, "error"), "Enter the code.");
  assert.equal(await page.evaluate(() => window.el.shadowRoot.querySelector("input").getAttribute("aria-invalid")), "true");
  assert.equal(await focused(page), "input");
  assert.deepEqual(await events(page), []);
});

test("otp: busy, then an invalid_code error, then a retry: the code is kept, selected and focused", async () => {
  const { page } = await mounted("riffyn");
  await page.keyboard.type("111111");
  await page.keyboard.press("Enter");
  await page.evaluate(() => { window.el.busy = true; });
  const busy = await page.evaluate(() => {
    const s = window.el.shadowRoot;
    return [s.querySelector("input").readOnly, s.querySelector("[part~=submit]").getAttribute("aria-disabled"), s.querySelector("[part~=status]").textContent];
  });
  assert.deepEqual(busy, [true, "true", "Checking…"]);
  await page.keyboard.press("Enter"); // ignored while busy
  assert.equal((await events(page)).length, 1);
  await page.evaluate(() => {
    window.el.busy = false;
    window.el.error = new window.sdk.MfaError("invalid_code", "The code was refused", { provider: "riffyn", status: 401 });
  });
  assert.equal(await text(page, "error"), "That code isn't right. Check it and try again.");
  assert.equal(await text(page, "status"), "");
  const kept = await page.evaluate(() => {
    const i = window.el.shadowRoot.querySelector("input");
    return [i.value, i.selectionStart, i.selectionEnd, i.readOnly, i.getAttribute("aria-invalid"), window.el.error.code];
  });
  assert.deepEqual(kept, ["111111", 0, 6, false, "true", "invalid_code"]);
  assert.equal(await focused(page), "input");
  await page.keyboard.type("222222"); // replaces the selected code
  await page.keyboard.press("Enter");
  assert.deepEqual((await events(page)).map((e) => e.detail.code), ["111111", "222222"]);
  assert.equal(await page.evaluate(() => window.el.error), null, "a new submit clears the error");
  assert.equal(await text(page, "error"), "");
});

test("every MfaErrorCode has its own words in every locale; an unknown code gets the generic sentence", async () => {
  const codes = ERROR_CODES;
  const { page } = await mounted("oneloginSms");
  for (const locale of ["en", "es", "pt-BR"]) {
    const shown = await page.evaluate(([cs, l]) => {
      window.el.locale = l;
      return [...cs, "something_new"].map((c) => {
        window.el.error = new window.sdk.MfaError(c, "m");
        return window.el.shadowRoot.querySelector("[part~=error]").textContent;
      });
    }, [codes, locale]);
    const w = words(locale);
    assert.deepEqual(shown, [...codes.map((c) => w[`error.${c}`]), w["error.unknown"]], locale);
    assert.equal(new Set(shown.slice(0, -1)).size, codes.length - 1, "only insecure_url and browser_secret share words");
  }
});

test("otp from OneLogin SMS: a text keyboard (its codes may hold letters)", async () => {
  const { page } = await mounted("oneloginSms");
  assert.equal(await page.evaluate(() => window.el.shadowRoot.querySelector("input").getAttribute("inputmode")), "text");
});

test("otp with a display value (Belvo's numeric challenge) shows it labelled", async () => {
  const { page } = await mounted("belvoNumeric");
  assert.equal(await text(page, "display"), "Challenge code28877");
  assert.equal(await text(page, "display-value"), "28877");
});

test("push: waiting with a status, no code field, Cancel and Send again (the view's actions); Cancel by keyboard → mfa-cancel", async () => {
  const { page } = await mounted("oneloginPush");
  const r = await page.evaluate(() => {
    const s = window.el.shadowRoot;
    return [s.querySelector("input"), s.querySelector("[part~=status]").getAttribute("role"), s.querySelector("[part~=status]").textContent,
      s.querySelector("[part~=status]").hasAttribute("data-wait"), [...s.querySelectorAll("button")].map((b) => b.textContent)];
  });
  assert.deepEqual(r, [null, "status", "Waiting for approval…", true, ["Cancel", "Send again"]]);
  assert.equal(await focused(page), "button cancel");
  await page.keyboard.press("Space");
  assert.deepEqual(await events(page), [{ type: "mfa-cancel", detail: {}, bubbles: true, composed: true }]);
  // Denied on the phone: the waiting and the countdown stop, the words say why.
  await page.evaluate(() => { window.el.error = new window.sdk.MfaError("rejected", "m"); });
  assert.deepEqual([await text(page, "status"), await text(page, "countdown"), await text(page, "error")],
    ["", "", "The sign-in request was denied."]);
});

test("confirm: Continue → mfa-submit with no code (belvo.resume sends no token); Cancel → mfa-cancel", async () => {
  const { page } = await mounted("belvoConfirm");
  assert.equal(await text(page, "prompt"), "Confirm the login in your bank app, then continue.");
  await page.keyboard.press("Enter");
  await page.click("mfa-challenge [part~=cancel]");
  assert.deepEqual((await events(page)).map((e) => [e.type, e.detail]), [["mfa-submit", {}], ["mfa-cancel", {}]]);
});

test("qr: the payload drawn as an SVG QR code (finder patterns, quiet zone), labelled, with Continue", async () => {
  const { page } = await mounted("belvoQr");
  const qr = await page.evaluate(() => {
    const svg = window.el.shadowRoot.querySelector("svg");
    const d = svg.querySelector("path").getAttribute("d");
    return { role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"), viewBox: svg.getAttribute("viewBox"), d,
      width: svg.getBoundingClientRect().width };
  });
  assert.equal(qr.role, "img");
  assert.equal(qr.label, "QR code to scan");
  const [, , w] = qr.viewBox.split(" ").map(Number);
  const size = w - 8;
  assert.ok(size >= 21 && (size - 17) % 4 === 0, `a QR version size: ${size}`);
  const dark = new Set(qr.d.match(/M\d+ \d+/g).map((m) => m.slice(1)));
  // The three finder patterns: dark corners at (0,0), (size-1,0), (0,size-1), light ring inside.
  for (const [x, y] of [[0, 0], [size - 1, 0], [0, size - 1], [2, 2]]) assert.ok(dark.has(`${x + 4} ${y + 4}`), `${x},${y}`);
  assert.ok(!dark.has("5 5"), "the finder's light ring");
  assert.ok(qr.width >= 200 && qr.width <= 204, `drawn ${qr.width} px wide`);
  await page.keyboard.press("Enter");
  assert.deepEqual((await events(page)).map((e) => e.detail), [{}]);
});

test("expiry: the countdown reaches 0 → mfa-expired once, the step ends in plain words", async () => {
  const { page } = await open();
  await page.evaluate(() => {
    window.el = window.mount({ provider: "riffyn", kind: "otp", prompt: "Enter the code.", expiresAt: new Date(Date.now() + 2200).toISOString() });
  });
  assert.match(await text(page, "countdown"), /^Expires in 0:0[23]$/);
  await page.keyboard.type("12");
  await page.waitForFunction(() => window.events.length > 0, null, { timeout: 5000 });
  await page.waitForTimeout(1200); // one more tick: still one event
  assert.deepEqual(await events(page), [{ type: "mfa-expired", detail: {}, bubbles: true, composed: true }]);
  assert.equal(await text(page, "error"), "Time ran out. Start again.");
  assert.equal(await text(page, "countdown"), "");
  const ended = await page.evaluate(() => {
    const s = window.el.shadowRoot;
    return [s.querySelector("input").disabled, s.querySelector("[part~=submit]").getAttribute("aria-disabled")];
  });
  assert.deepEqual(ended, [true, "true"]);
  await page.evaluate(() => window.el.shadowRoot.querySelector("form").requestSubmit());
  assert.equal((await events(page)).length, 1, "no submit after expiry");
});

test("a challenge already past its expiresAt fires mfa-expired once it is on the page", async () => {
  const { page } = await open();
  await page.evaluate(() => {
    const el = document.createElement("mfa-challenge");
    el.challenge = { provider: "onelogin", kind: "push", prompt: "Approve.", expiresAt: new Date(Date.now() - 1000).toISOString() };
    el.addEventListener("mfa-expired", () => window.events.push("expired"));
    window.detachedEvents = window.events.length;
    document.querySelector("main").append(el);
  });
  assert.equal(await page.evaluate(() => window.detachedEvents), 0);
  assert.deepEqual(await events(page), ["expired"]);
});

test("locale switch (attribute and property) changes every word of the element, keeps what was typed", async () => {
  const { page } = await mounted("riffyn");
  await page.keyboard.type("987");
  await page.evaluate(() => { window.el.error = new window.sdk.MfaError("invalid_code", "m"); });
  const chrome = () => page.evaluate(() => {
    const s = window.el.shadowRoot;
    const q = (p) => s.querySelector(`[part~=${p}]`).textContent;
    return { lang: s.querySelector("[part~=root]").lang, label: q("label"), verify: q("submit"), cancel: q("cancel"),
      countdown: q("countdown").replace(/\d+:\d+/, "m:ss"), error: q("error"), value: s.querySelector("input").value, locale: window.el.locale };
  });
  assert.deepEqual(await chrome(), { lang: "en", label: "Verification code", verify: "Verify", cancel: "Cancel",
    countdown: "Expires in m:ss", error: "That code isn't right. Check it and try again.", value: "987", locale: "en" });
  await page.evaluate(() => window.el.setAttribute("locale", "es"));
  assert.deepEqual(await chrome(), { lang: "es", label: "Código de verificación", verify: "Verificar", cancel: "Cancelar",
    countdown: "Vence en m:ss", error: "Ese código no es correcto. Revísalo e inténtalo de nuevo.", value: "987", locale: "es" });
  await page.evaluate(() => { window.el.locale = "pt-BR"; });
  assert.deepEqual(await chrome(), { lang: "pt-BR", label: "Código de verificação", verify: "Verificar", cancel: "Cancelar",
    countdown: "Expira em m:ss", error: "Código incorreto. Confira e tente novamente.", value: "987", locale: "pt-BR" });
  await page.evaluate(() => { window.el.locale = "fr"; });
  assert.equal((await chrome()).verify, "Verify");
  assert.equal((await chrome()).locale, "en");
});

test("hostile provider text (prompt, instructions, factor labels, display value) is shown as text, never markup", async () => {
  const { page, errors } = await open();
  const evil = `<img src=x onerror="window.pwned=1"><b>bold</b>`;
  const r = await page.evaluate(async (evil) => {
    const belvo = window.sdk.toChallenge({ status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: new Date(Date.now() + 60000).toISOString(),
      expirySeconds: 60, resumePath: "/api/links/", tokenGenerationData: { type: "numeric", value: evil, instructions: evil, expectsUserInput: true } });
    const el = window.mount(belvo);
    const out = { prompt: el.shadowRoot.querySelector("[part~=prompt]").textContent, value: el.shadowRoot.querySelector("[part~=display-value]").textContent };
    el.challenge = { provider: "riffyn", kind: "otp", prompt: evil, factors: [{ id: evil, label: evil }, { id: "b", label: "<script>window.pwned=2</script>" }] };
    await new Promise((r) => setTimeout(r, 300));
    const s = el.shadowRoot;
    out.factor = s.querySelector("[part~=factor]").textContent;
    out.markup = s.querySelectorAll("img, b, script").length;
    out.pwned = window.pwned ?? null;
    s.querySelector("[part~=input]").value = "1";
    s.querySelector("form").requestSubmit();
    out.factorId = window.events.at(-1).detail.factorId;
    return out;
  }, evil);
  assert.equal(r.prompt, `${evil}.`, "toChallenge's sentence, as text");
  assert.equal(r.value, evil);
  assert.equal(r.factor, evil);
  assert.equal(r.markup, 0);
  assert.equal(r.pwned, null);
  assert.equal(r.factorId, evil);
  assert.deepEqual(errors, []);
});

test("an equal challenge (a framework re-render) keeps what was typed; a new one starts clean; null empties it", async () => {
  const { page } = await mounted("riffyn");
  await page.keyboard.type("42");
  const r = await page.evaluate(() => {
    const s = window.el.shadowRoot;
    window.el.error = new window.sdk.MfaError("invalid_code", "m");
    window.el.challenge = JSON.parse(JSON.stringify(window.el.challenge));
    const kept = [s.querySelector("input").value, window.el.error?.code];
    window.el.challenge = { ...window.el.challenge, prompt: "Another step." };
    const fresh = [s.querySelector("input").value, window.el.error, s.querySelector("[part~=error]").textContent];
    window.el.challenge = null;
    return { kept, fresh, empty: s.querySelector("[part~=root]").childElementCount };
  });
  assert.deepEqual(r, { kept: ["42", "invalid_code"], fresh: ["", null, ""], empty: 0 });
});

test("properties set before the element is defined are picked up when it upgrades", async () => {
  const { page } = await open();
  const r = await page.evaluate(() => {
    const el = document.createElement("mfa-challenge-later");
    el.challenge = { provider: "riffyn", kind: "otp", prompt: "Early." };
    el.busy = true;
    document.querySelector("main").append(el);
    customElements.define("mfa-challenge-later", class extends window.MfaChallengeElement {});
    return [el.shadowRoot.querySelector("[part~=prompt]").textContent, el.busy, el.shadowRoot.querySelector("input").readOnly];
  });
  assert.deepEqual(r, ["Early.", true, true]);
});
