// The README's wiring of <mfa-challenge> to each provider ("Wiring it to each provider"), run as
// written in headless Chromium against the sandbox, behind mfa-flows/server; and checked by
// `tsc --strict`. A user types, clicks Continue or Cancel; the sandbox gives the codes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createMfaProxy } from "mfa-flows/server";
import { OneLoginClient } from "mfa-flows";
import { launchChromium, newPage } from "./browser.mjs";
import { openPage, servePage } from "./ui-harness.mjs";
import { sandbox } from "./helpers.mjs";
import { upstreams } from "./proxy-support.mjs";

/** The first ```js block under `heading` in README.md. */
export function readmeBlock(heading, lang = "js") {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const from = readme.indexOf(heading);
  assert.ok(from >= 0, `README.md has ${heading}`);
  const start = readme.indexOf("```" + lang + "\n", from) + lang.length + 4;
  return readme.slice(start, readme.indexOf("\n```", start));
}
const WIRING = readmeBlock("#### Wiring it to each provider");

let sb, server, browser;
before(async () => {
  sb = await sandbox();
  const proxy = createMfaProxy({
    basePath: "/mfa", ...upstreams(sb.url), authorize: () => true,
    // One visitor; the guard lets the tests push and resend as fast as they run.
    subject: () => "wiring-test", limits: { pushIntervalMs: 1, pushesPerWindow: 1000, codeReuseMs: 1 },
  });
  server = await servePage({ proxy, modules: { "/wiring.js": WIRING } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await sb?.close();
});

/** A page whose element runs `fn` of the README module with `args`; its outcome lands in window.outcome. */
async function run(fn, ...args) {
  const { reset = true } = typeof args.at(-1) === "object" ? args.pop() : {};
  if (reset) await sb.reset();
  // Pushes wait for the test's approval (by default the sandbox's phone answers by itself).
  if (fn === "oneloginPush") await sb.control("POST", "/push-mode", { mode: "manual" });
  const { page, errors } = await openPage(browser, server.url, newPage);
  await page.evaluate(async ([fn, args]) => {
    const wiring = await import("/wiring.js");
    window.el = window.mount(null);
    window.outcome = null;
    wiring[fn](window.el, ...args).then((step) => { window.outcome = { step }; }, (e) => { window.outcome = { error: e.code ?? e.name }; });
  }, [fn, args]);
  return { page, errors };
}
const shown = (page) => page.waitForFunction(() => window.el.challenge).then(() => page.evaluate(() => window.el.challenge));
const outcome = (page) => page.waitForFunction(() => window.outcome, null, { timeout: 20_000 }).then((h) => h.jsonValue());
const errorText = (page) => page.waitForFunction(() => window.el.shadowRoot.querySelector("[part~=error]")?.textContent)
  .then((h) => h.jsonValue());
/** What `list()` (the sandbox's outbox, its pushes) gives once it has more than `count` entries (5 s at most). */
async function grown(list, count) {
  let now = await list();
  for (let i = 0; i < 100 && now.length <= count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = await list();
  }
  return now;
}
async function totpCode(provider) {
  return (await sb.control("GET", "/totp")).find((c) => c.provider === provider && c.user === "alice").code;
}
async function type(page, code) {
  await page.locator("mfa-challenge [part~=input]").fill(code);
  await page.keyboard.press("Enter");
}

test("README wiring, Riffyn: a wrong code is shown in plain words, the right one signs in", { timeout: 60_000 }, async () => {
  const { page, errors } = await run("riffynSignIn", "alice", "correct-horse-battery");
  assert.equal((await shown(page)).kind, "otp");
  const right = await totpCode("riffyn");
  await type(page, right === "000000" ? "111111" : "000000");
  assert.equal(await errorText(page), "That code isn't right. Check it and try again.");
  await type(page, await totpCode("riffyn"));
  const { step } = await outcome(page);
  assert.equal(step.status, "SUCCESS");
  assert.equal(await page.evaluate(() => window.el.challenge), null);
  assert.deepEqual(errors, []);
});

for (const [institution, kind, answers] of [
  ["numeric_mx_bank", "otp", ["123456"]],
  ["chained_co_bank", "otp", ["123456", "654321"]],
  ["qrcode_br_bank", "qr", [null]],
  ["inputless_mx_bank", "confirm", [null]],
  // A tokenGenerationData.type no version of the SDK knows: a generic code field that takes letters.
  ["appcode_mx_bank", "otp", ["K7Q2MX"]],
]) {
  test(`README wiring, Belvo ${institution}: ${kind} step(s) answered through the element connect the bank`, { timeout: 60_000 }, async () => {
    const { page, errors } = await run("belvoConnect", institution, "bnk100", "full");
    for (const answer of answers) {
      const challenge = await shown(page);
      assert.equal(challenge.kind, kind);
      if (institution === "appcode_mx_bank") {
        assert.deepEqual([challenge.input, challenge.actions, challenge.display.type], [{ inputMode: "text", autocomplete: "one-time-code" }, ["submit", "cancel"], "app_code"]);
        assert.equal(await page.locator("mfa-challenge [part~=input]").getAttribute("inputmode"), "text");
        assert.equal(await page.locator("mfa-challenge [part~=display-value]").textContent(), challenge.display.value);
      }
      await page.evaluate(() => { window.last = window.el.challenge; });
      if (answer) await type(page, answer);
      else await page.click("mfa-challenge [part~=submit]"); // Continue: no token is sent
      await page.waitForFunction(() => window.el.challenge !== window.last); // the next step, or none
    }
    const { step, error } = await outcome(page);
    assert.equal(error, undefined);
    assert.equal(step.status, "SUCCESS");
    assert.deepEqual(errors, []);
  });
}

test("README wiring, OneLogin code: the authenticator's code verifies", { timeout: 60_000 }, async () => {
  const { page, errors } = await run("oneloginCode", 1001, 525001);
  assert.equal((await shown(page)).kind, "otp");
  await type(page, await totpCode("onelogin"));
  const { step } = await outcome(page);
  assert.equal(step.status, "VERIFIED");
  assert.deepEqual(errors, []);
});

test("README wiring, OneLogin SMS: Send again (mfa-resend) sends a new code, and the new code verifies", { timeout: 60_000 }, async () => {
  // An SMS phone for alice, enrolled through the proxy as a page would.
  await sb.reset();
  const onelogin = new OneLoginClient({ baseUrl: new URL("mfa/onelogin", server.url).href });
  const phone = await onelogin.enrollFactor(1001, { factorId: 16282, displayName: "Alice's phone", number: "+14155550100" });
  const { page, errors } = await run("oneloginCode", 1001, phone.id, { reset: false });
  const challenge = await shown(page);
  assert.ok(challenge.actions.includes("resend"), "the SMS step offers Send again");
  const texts = async () => (await sb.control("GET", "/outbox")).filter((m) => m.deviceId === phone.id);
  const before = (await texts()).length; // enrolling and activating each sent one
  await page.click("mfa-challenge [part~=resend]");
  const sent = await grown(texts, before);
  assert.equal(sent.length, before + 1, "Send again activated the factor again");
  await page.waitForFunction(() => !window.el.busy);
  await type(page, sent.at(-1).code); // a code belongs to its activation: only the newest one takes it
  const { step, error } = await outcome(page);
  assert.equal(error, undefined);
  assert.equal(step.status, "VERIFIED");
  assert.deepEqual(errors, []);
});

test("README wiring, OneLogin push: Send again (mfa-resend) sends another push, and approving it verifies", { timeout: 60_000 }, async () => {
  const { page, errors } = await run("oneloginPush", 1001, 526001);
  await shown(page);
  const pushes = () => sb.control("GET", "/pushes");
  const first = await pushes();
  assert.equal(first.length, 1);
  await page.click("mfa-challenge [part~=resend]");
  const now = await grown(pushes, first.length);
  assert.equal(now.length, 2, "Send again sent another push");
  // The new push is the one the page waits for: approving it verifies.
  const newest = now.find((p) => p.stateToken !== first[0].stateToken);
  await sb.control("POST", "/pushes/approve", { stateToken: newest.stateToken });
  assert.equal((await outcome(page)).step.status, "VERIFIED");
  assert.deepEqual(errors, []);
});

test("README wiring, OneLogin push: approved on the phone → VERIFIED; Cancel → aborted", { timeout: 60_000 }, async () => {
  let { page, errors } = await run("oneloginPush", 1001, 526001);
  const challenge = await shown(page);
  assert.equal(challenge.kind, "push");
  const pending = (await sb.control("GET", "/pushes")).at(-1);
  await sb.control("POST", "/pushes/approve", { stateToken: pending.stateToken });
  assert.equal((await outcome(page)).step.status, "VERIFIED");
  assert.deepEqual(errors, []);

  ({ page, errors } = await run("oneloginPush", 1001, 526001));
  await shown(page);
  await page.click("mfa-challenge [part~=cancel]");
  assert.deepEqual(await outcome(page), { error: "aborted" });
  assert.equal(await errorText(page), "The sign-in was cancelled.");
});

test("README wiring and <mfa-challenge> snippets pass tsc --strict (checkJs)", () => {
  const dir = fileURLToPath(new URL("../test-results/readme-ui/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}wiring.js`, WIRING);
  // The HTML snippet's module script, as a module of its own.
  const html = readmeBlock("### A drop-in challenge step", "html");
  writeFileSync(`${dir}snippet.js`, html.slice(html.indexOf("<script type=\"module\">") + 22, html.indexOf("</script>")));
  writeFileSync(`${dir}tsconfig.json`, JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, allowJs: true, checkJs: true, target: "es2022", module: "nodenext",
      moduleResolution: "nodenext", lib: ["es2022", "dom"], types: [], skipLibCheck: false },
    files: ["wiring.js", "snippet.js"],
  }));
  writeFileSync(`${dir}package.json`, '{ "type": "module" }');
  const tsc = fileURLToPath(new URL("../node_modules/.bin/tsc", import.meta.url));
  let out = "";
  try {
    execFileSync(tsc, ["-p", dir], { encoding: "utf8" });
  } catch (e) {
    out = e.stdout;
  }
  assert.equal(out, "");
});
