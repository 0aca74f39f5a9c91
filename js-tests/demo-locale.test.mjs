// The demo page follows its language switch around the challenge step too (issue 25 item 5): with
// pt-BR chosen, the page's own heading ("Check your phone") is Portuguese like the element under it,
// <html lang> says so, and the view's `resend` (Send again) sends another push.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { demo } from "./helpers.mjs";
import { launchChromium, newVisitor } from "./browser.mjs";

let servers, browser;
before(async () => {
  // "Send again" pushes twice to one device within seconds: faster than the guard lets a person push.
  servers = await demo({ limits: { pushIntervalMs: 1, pushesPerWindow: 1000, codeReuseMs: 1 } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await servers?.close();
});

test("pt-BR: the OneLogin push step's heading, hint and element speak Portuguese; Send again sends a new push", { timeout: 60_000 }, async () => {
  const { page, errors } = await newVisitor(browser);
  await page.goto(`${servers.url}/`);
  await page.waitForSelector("body[data-ready]");
  await page.selectOption("#locale", "pt-BR"); // reloads the page in Portuguese
  await page.waitForFunction(() => document.documentElement.lang === "pt-BR" && document.body.dataset.ready);
  await page.getByRole("tab", { name: "OneLogin" }).click();
  const ol = page.locator("#panel-onelogin");
  await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Confira seu celular" }).waitFor();
  assert.equal(await ol.getByText("O OneLogin Protect está no painel do dispositivo.").count(), 1);
  const part = (p) => ol.locator(`mfa-challenge [part~=${p}]`);
  assert.equal(await part("prompt").textContent(), "Aprove a solicitação de login no OneLogin Protect pelo seu celular.");
  assert.equal(await part("status").textContent(), "Aguardando aprovação…");
  assert.equal(await ol.getByText("Check your phone").count(), 0, "no English heading left");
  const pushes = () => fetch(`${servers.sb.url}/_sandbox/pushes`).then((r) => r.json());
  const before = (await pushes()).map((p) => p.stateToken);
  await part("resend").click(); // "Enviar novamente"
  await page.waitForFunction(() => document.querySelector("#panel-onelogin mfa-challenge"));
  await ol.getByRole("heading", { name: "Confira seu celular" }).waitFor();
  let after = [];
  for (let i = 0; i < 50 && !after.some((t) => !before.includes(t)); i++) {
    after = (await pushes()).map((p) => p.stateToken);
    await page.waitForTimeout(100);
  }
  assert.ok(after.some((t) => !before.includes(t)), "a new push was sent");
  assert.deepEqual(errors, []);
});
