// The demo page follows its language switch everywhere (issue 25 item 5): with pt-BR (or es)
// chosen, the page's own words (forms, tabs, intros, result cards, the device panel, the guard's
// lines) are Portuguese like the element, <html lang> says so, and the view's `resend` (Send
// again) sends another push. The English list checked is every English sentence of the demo's
// dictionary (examples-web/app/words.js) and of the package's (mfa-flows/messages), plus English
// words no Spanish or Portuguese sentence has.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { demo } from "./helpers.mjs";
import { launchChromium, newVisitor } from "./browser.mjs";
import { mkdirSync } from "node:fs";

// Screenshots of the translated page, at 1280 px (whole page) and 375 × 667 px, for a person to look at.
const SHOTS = new URL("../test-results/demo/", import.meta.url);
mkdirSync(SHOTS, { recursive: true });
async function shot(page, name) {
  await page.screenshot({ path: new URL(`${name}-1280.png`, SHOTS).pathname, fullPage: true });
  await page.setViewportSize({ width: 375, height: 667 });
  await page.evaluate(() => window.scrollTo(0, 0)); // the screen a phone shows (the device panel is a sheet at its foot)
  await page.screenshot({ path: new URL(`${name}-375.png`, SHOTS).pathname });
  await page.setViewportSize({ width: 1280, height: 900 });
}

let servers, browser;
before(async () => {
  // Pushes as fast as a test sends them; the wrong-code limit stays the default (5).
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
  await ol.getByRole("button", { name: "Enviar notificação: Alice's iPhone" }).click();
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

/**
 * The English a page in `locale` must not show: every sentence (or fragment between placeholders)
 * of the demo's dictionary and the package's messages that the locale words differently.
 */
async function englishOf(page, locale) {
  return page.evaluate(async (locale) => {
    const { WORDS } = await import(new URL("app/words.js", location.href).href);
    const { LOCALE_MESSAGES } = await import("mfa-flows/messages");
    const tables = [[WORDS.en, WORDS[locale]], [LOCALE_MESSAGES.en, LOCALE_MESSAGES[locale]]];
    const theirs = new Set(tables.flatMap(([, other]) => Object.values(other)));
    const list = new Set();
    for (const [en, other] of tables) {
      for (const [id, text] of Object.entries(en)) {
        if (text === other[id] || theirs.has(text)) continue;
        for (const piece of text.split(/\{\w+\}/).map((p) => p.trim())) {
          // A fragment of two words or more; a single word only as a whole message.
          if (/[A-Za-z]{2,}\W+[A-Za-z]{2,}/.test(piece) || (piece === text && /^[A-Z][a-z]{3,}$/.test(piece))) list.add(piece);
        }
      }
    }
    return [...list];
  }, locale);
}

// Words of the sandbox's data (names of banks, devices, factors; the SMS OneLogin sends), not the demo's.
const DATA = [/Alice's iPhone|Bob's iPhone|Google Authenticator|OneLogin (SMS|Voice|Protect|Email)/g, /\b[a-z]+ bank [a-z]+\b/gi, /Your OneLogin verification code.*/g];
// English words none of the demo's Spanish or Portuguese sentences has.
const ENGLISH = /\b(the|and|your|you|is|are|of|to|for|with|from|in|on|this|that|not|yet|code|sign|bank|wait|user)\b/i;

/** Asserts nothing of `english` (nor an English function word) is visible, labelled or titled. */
async function noEnglish(page, english, where) {
  const seen = await page.evaluate(() => [
    document.body.innerText,
    document.title,
    ...[...document.querySelectorAll("[aria-label]")].filter((el) => el.checkVisibility()).map((el) => el.getAttribute("aria-label")),
  ].join("\n"));
  let words = seen;
  for (const data of DATA) words = words.replace(data, "");
  const left = english.filter((s) => new RegExp(`(?<![A-Za-z])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z])`).test(words));
  assert.deepEqual(left, [], `${where}: English left on the page`);
  assert.equal(ENGLISH.exec(words)?.[0], undefined, `${where}: an English word on the page`);
}

async function openIn(locale) {
  const { page, errors } = await newVisitor(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${servers.url}/`);
  await page.waitForSelector("body[data-ready]");
  await page.selectOption("#locale", locale); // reloads the page in that language
  await page.waitForFunction((l) => document.documentElement.lang === l && document.body.dataset.ready, locale);
  return { page, errors, english: await englishOf(page, locale) };
}

const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 20_000 });
const code = (page, provider) =>
  page.locator(`#device .totp[data-provider="${provider}"][data-user="alice"] .totp-code`).textContent().then((c) => c.replace(/\s/g, ""));

test("pt-BR: every flow, result card and the device panel (a guard lockout included) show no English", { timeout: 120_000 }, async () => {
  await servers.sb.reset();
  const { page, errors, english } = await openIn("pt-BR");
  assert.ok(english.includes("Sign in to Riffyn") && english.includes("Start over") && english.includes("wrong codes: locked for"));
  assert.ok(english.includes("That code isn't right. Check it and try again."), "the package's sentences are on the list");
  await noEnglish(page, english, "sign-in form");
  // The demo's dictionary: every locale has every id, with the same placeholders.
  const mismatched = await page.evaluate(async () => {
    const { WORDS } = await import(new URL("app/words.js", location.href).href);
    const shape = (text) => (text.match(/\{\w+\}/g) ?? []).sort().join();
    return Object.entries(WORDS).flatMap(([locale, words]) => [
      ...Object.keys(WORDS.en).filter((id) => words[id] === undefined || shape(words[id]) !== shape(WORDS.en[id])).map((id) => `${locale}: ${id}`),
      ...Object.keys(words).filter((id) => WORDS.en[id] === undefined).map((id) => `${locale}: ${id} (not in en)`),
    ]);
  });
  assert.deepEqual(mismatched, []);

  // Riffyn: a wrong code, the right one, the result card.
  const riffyn = page.locator("#panel-riffyn");
  const part = (flow, p) => flow.locator(`mfa-challenge [part~=${p}]`);
  const signIn = async () => {
    await riffyn.getByLabel("Usuário", { exact: true }).fill("alice");
    await riffyn.getByLabel("Senha", { exact: true }).fill("correct-horse-battery");
    await riffyn.getByRole("button", { name: "Entrar" }).click();
    await riffyn.getByRole("heading", { name: "Verificação em duas etapas" }).waitFor();
  };
  await signIn();
  const right = await code(page, "riffyn");
  await part(riffyn, "input").fill(right === "000000" ? "111111" : "000000");
  await part(riffyn, "submit").click();
  await until(page, () => document.querySelector("#panel-riffyn mfa-challenge").shadowRoot.querySelector("[part~=error]")?.dataset.code === "invalid_code");
  await page.getByText(/backend: Usuário do Riffyn alice: invalid_code/).waitFor();
  await noEnglish(page, english, "Riffyn challenge after a wrong code");
  await part(riffyn, "input").fill(await code(page, "riffyn"));
  await part(riffyn, "submit").click();
  await riffyn.getByRole("heading", { name: "Login feito" }).waitFor();
  await page.getByText("backend: Usuário do Riffyn alice entrou").waitFor();
  await noEnglish(page, english, "Riffyn result card");

  // The guard: five wrong codes lock the step; the device panel says for how long, in Portuguese.
  await riffyn.getByRole("button", { name: "Sair" }).click();
  await signIn();
  const now = await code(page, "riffyn");
  for (let i = 0; i < 6; i++) {
    await part(riffyn, "input").fill(String(i).repeat(6) === now ? "999999" : String(i).repeat(6));
    const answered = page.waitForResponse((r) => r.url().endsWith("/verify"));
    await part(riffyn, "submit").click();
    assert.equal((await answered).status(), i < 5 ? 401 : 429, `wrong code ${i + 1}`);
  }
  await page.getByText(/backend: Usuário do Riffyn alice: 5 códigos incorretos: bloqueado por 1[45]:\d\d/).waitFor();
  await noEnglish(page, english, "after a guard lockout");
  await shot(page, "locale-pt-BR-guard-locked");

  // Belvo: the form, a numeric token from the device panel, the result card.
  await page.getByRole("tab", { name: "Belvo" }).click();
  const belvo = page.locator("#panel-belvo");
  await belvo.getByRole("heading", { name: "Conecte seu banco" }).waitFor();
  await until(page, () => document.querySelectorAll("#panel-belvo option").length > 1);
  await noEnglish(page, english, "Belvo form");
  await belvo.getByRole("button", { name: /bnk100/ }).click();
  await belvo.getByRole("button", { name: "Conectar" }).click();
  await belvo.getByRole("heading", { name: "Seu banco pede um token" }).waitFor();
  await until(page, () => document.querySelector('#device .bank[data-institution="numeric_mx_bank"] .bank-token'));
  assert.match(await page.locator('#device .bank[data-institution="numeric_mx_bank"] p').innerText(), /^Digite \d+: o token mostra \d+$/);
  await noEnglish(page, english, "Belvo challenge");
  await shot(page, "locale-pt-BR-belvo-challenge");
  await part(belvo, "input").fill(await page.locator("#device .bank-token").textContent());
  await part(belvo, "submit").click();
  await belvo.getByRole("heading", { name: "Banco conectado" }).waitFor();
  await noEnglish(page, english, "Belvo result card");

  // OneLogin: the factor lists, a push approved in the device panel, the result card.
  await page.getByRole("tab", { name: "OneLogin" }).click();
  const ol = page.locator("#panel-onelogin");
  await ol.getByRole("heading", { name: "Métodos cadastrados" }).waitFor();
  await noEnglish(page, english, "OneLogin factors");
  await shot(page, "locale-pt-BR-onelogin-factors");
  await ol.getByRole("button", { name: "Enviar notificação: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Confira seu celular" }).waitFor();
  await until(page, () => /consultada/.test(document.querySelector("#device .push .push-state")?.textContent));
  await noEnglish(page, english, "OneLogin push waiting");
  await page.locator("#device .push").getByRole("button", { name: "Aprovar" }).click();
  await ol.getByRole("heading", { name: "Verificado" }).waitFor();
  await page.getByText("backend: Usuário do OneLogin 1001 verificado por Notificação push").waitFor();
  await noEnglish(page, english, "OneLogin result card");
  assert.deepEqual(errors, []);
});

test("es: the forms, the factor lists, a denied push and the device panel show no English", { timeout: 90_000 }, async () => {
  await servers.sb.reset();
  const { page, errors, english } = await openIn("es");
  await noEnglish(page, english, "sign-in form");
  await page.getByRole("tab", { name: "Belvo" }).click();
  await page.locator("#panel-belvo").getByRole("heading", { name: "Conecta tu banco" }).waitFor();
  await until(page, () => document.querySelectorAll("#panel-belvo option").length > 1);
  await noEnglish(page, english, "Belvo form");
  await page.getByRole("tab", { name: "OneLogin" }).click();
  const ol = page.locator("#panel-onelogin");
  await ol.getByRole("heading", { name: "Métodos registrados" }).waitFor();
  await ol.getByRole("button", { name: "Registrar OneLogin SMS" }).click();
  await noEnglish(page, english, "OneLogin factors and the enrolment form");
  await ol.getByRole("button", { name: "Enviar notificación: Alice's iPhone" }).click();
  await ol.getByRole("heading", { name: "Revisa tu teléfono" }).waitFor();
  await page.locator("#device .push").getByRole("button", { name: "Rechazar" }).click();
  await ol.getByRole("heading", { name: "Inicio de sesión rechazado" }).waitFor();
  await page.getByText("backend: Usuario de OneLogin 1001: rejected").waitFor();
  await noEnglish(page, english, "a denied push");
  await shot(page, "locale-es-push-denied");
  assert.deepEqual(errors, []);
});

test("Send again refused by the guard's push throttle: the element says so and the push step goes on", { timeout: 60_000 }, async () => {
  // The guard's default push limits (one push per device per 30 s), unlike the servers above.
  const strict = await demo();
  try {
    const { page, errors } = await newVisitor(browser);
    await page.goto(`${strict.url}/`);
    await page.waitForSelector("body[data-ready]");
    await page.getByRole("tab", { name: "OneLogin" }).click();
    const ol = page.locator("#panel-onelogin");
    await ol.getByRole("button", { name: "Send push: Alice's iPhone" }).click();
    await ol.getByRole("heading", { name: "Check your phone" }).waitFor();
    const refused = page.waitForResponse((r) => r.status() === 429);
    await ol.locator("mfa-challenge [part~=resend]").click();
    assert.equal((await refused).status(), 429, "the guard refused the second push");
    await until(page, () => document.querySelector("#panel-onelogin mfa-challenge")?.shadowRoot.querySelector("[part~=error]")?.dataset.code === "rate_limited");
    // Still the same push step, still polled: approving the first push verifies.
    assert.equal(await ol.getByRole("heading", { name: "Check your phone" }).count(), 1);
    await page.locator("#device .push").getByRole("button", { name: "Approve" }).click();
    await ol.getByRole("heading", { name: "Verified" }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await strict.close();
  }
});
