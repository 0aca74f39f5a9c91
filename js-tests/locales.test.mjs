// toChallenge(step, { locale }) of the built package: each locale of each challenge kind, the
// fallbacks, and the table module (js/locales.js) that a UI may import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MfaError, toChallenge } from "mfa-flows";
import { LOCALES, BUILT_IN as MESSAGES, message, resolveLocale } from "../js/locales.js";
import { ERROR_CODES } from "./helpers.mjs";

const RIFFYN = {
  status: "MFA_REQUIRED", stateToken: "st", expiresAt: "2030-01-01T00:00:00.000Z",
  factors: [{ id: "uft2rfyn7totp0001", factorType: "token:software:totp", provider: "GOOGLE", vendorName: "GOOGLE" }],
};
const RIFFYN_MANY = {
  status: "MFA_REQUIRED", stateToken: "st",
  factors: [
    { id: "a", factorType: "token:software:totp", vendorName: "ACME" }, { id: "b", factorType: "sms" },
    { id: "c", factorType: "call" }, { id: "d", factorType: "push" }, { id: "e", factorType: "email" },
    { id: "f", factorType: "token:hardware" },
  ],
};
const belvo = (tokenGenerationData) => ({
  status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: "2030-01-01T00:10:00.000Z", expirySeconds: 600,
  resumePath: "/api/links/", tokenGenerationData,
});
const onelogin = (authFactorName) => ({ deviceId: 1, stateToken: "a", expiresAt: "2030-01-01T00:02:00.000Z", authFactorName });

const STEPS = {
  riffyn: RIFFYN,
  riffynMany: RIFFYN_MANY,
  qr: belvo({ type: "qr", value: "otpauth://x", expectsUserInput: true }),
  confirm: belvo({ expectsUserInput: false }),
  token: belvo({ type: "numeric", value: "40312" }),
  push: onelogin("OneLogin Protect"),
  sms: onelogin("OneLogin SMS"),
  voice: onelogin("OneLogin Voice"),
  email: onelogin("OneLogin Email"),
  named: onelogin("Authy"),
  unnamed: onelogin(""),
};

const PROMPTS = {
  en: {
    riffyn: "Enter the code from Google Authenticator.",
    riffynMany: "Choose a factor, then enter the code it shows.",
    qr: "Scan the QR code with your bank app.",
    confirm: "Confirm the login in your bank app, then continue.",
    token: "Enter the token from your bank.",
    push: "Approve the sign-in request in OneLogin Protect on your phone.",
    sms: "Enter the code we sent to your phone by text message.",
    voice: "Enter the code you heard in the phone call.",
    email: "Enter the code we sent to your email.",
    named: "Enter the code from Authy.",
    unnamed: "Enter your verification code.",
  },
  es: {
    riffyn: "Ingresa el código de Google Authenticator.",
    riffynMany: "Elige un método de verificación e ingresa el código que te muestre.",
    qr: "Escanea el código QR con la app de tu banco.",
    confirm: "Confirma el inicio de sesión en la app de tu banco y luego continúa.",
    token: "Ingresa el token de tu banco.",
    push: "Aprueba la solicitud de inicio de sesión en OneLogin Protect desde tu celular.",
    sms: "Ingresa el código que te enviamos por mensaje de texto.",
    voice: "Ingresa el código que escuchaste en la llamada.",
    email: "Ingresa el código que te enviamos por correo electrónico.",
    named: "Ingresa el código de Authy.",
    unnamed: "Ingresa tu código de verificación.",
  },
  "pt-BR": {
    riffyn: "Digite o código do Google Authenticator.",
    riffynMany: "Escolha um método de verificação e digite o código exibido.",
    qr: "Escaneie o código QR com o app do seu banco.",
    confirm: "Confirme o login no app do seu banco e depois continue.",
    token: "Digite o token do seu banco.",
    push: "Aprove a solicitação de login no OneLogin Protect pelo seu celular.",
    sms: "Digite o código que enviamos por SMS para o seu celular.",
    voice: "Digite o código que você ouviu na ligação.",
    email: "Digite o código que enviamos para o seu e-mail.",
    named: "Digite o código do Authy.",
    unnamed: "Digite seu código de verificação.",
  },
};

const LABELS = {
  en: ["Acme authenticator app", "SMS", "Voice call", "Push notification", "Email", "Hardware token"],
  es: ["Aplicación de autenticación de Acme", "Mensaje de texto (SMS)", "Llamada de voz", "Notificación push", "Correo electrónico", "Token físico"],
  "pt-BR": ["Aplicativo autenticador Acme", "SMS (mensagem de texto)", "Chamada de voz", "Notificação push", "E-mail", "Token físico"],
};

test("each locale of each challenge kind", () => {
  for (const locale of LOCALES) {
    for (const [name, step] of Object.entries(STEPS)) {
      const c = toChallenge(step, { locale });
      assert.equal(c.prompt, PROMPTS[locale][name], `${locale} ${name}`);
      // Only the words change with the locale.
      const { prompt, factors, ...rest } = c;
      const { prompt: _, factors: englishFactors, ...englishRest } = toChallenge(step);
      assert.deepEqual(rest, englishRest);
      assert.deepEqual(factors?.map((f) => f.id), englishFactors?.map((f) => f.id));
    }
    assert.deepEqual(toChallenge(RIFFYN_MANY, { locale }).factors.map((f) => f.label), LABELS[locale], locale);
    assert.deepEqual(toChallenge(RIFFYN, { locale }).factors, [{ id: "uft2rfyn7totp0001", label: "Google Authenticator" }]);
  }
  // The kinds covered: otp, push, qr, confirm.
  assert.deepEqual(new Set(Object.values(STEPS).map((s) => toChallenge(s).kind)), new Set(["otp", "push", "qr", "confirm"]));
});

test("tags map to the nearest table; anything else is English", () => {
  const prompt = (locale) => toChallenge(STEPS.push, { locale }).prompt;
  for (const tag of ["es", "ES", "es-MX", "es-CO", "es_419", "es-ES"]) assert.equal(prompt(tag), PROMPTS.es.push, tag);
  for (const tag of ["pt-BR", "pt-br", "pt_BR", "pt", "PT", "pt-PT"]) assert.equal(prompt(tag), PROMPTS["pt-BR"].push, tag);
  for (const tag of ["en", "en-US", "fr", "de-DE", "", "zz-ZZ", "e"]) assert.equal(prompt(tag), PROMPTS.en.push, tag);
  assert.equal(toChallenge(STEPS.push, {}).prompt, PROMPTS.en.push);
  assert.equal(toChallenge(STEPS.push, undefined).prompt, PROMPTS.en.push);
  assert.equal(toChallenge(STEPS.push, null).prompt, PROMPTS.en.push);
  assert.equal(toChallenge({ status: "SUCCESS", accessToken: "t" }, { locale: "es" }), null);
});

test("a bank's own instructions are shown as the bank wrote them", () => {
  const step = belvo({ instructions: "Ingresa el código que aparece en tu token", expectsUserInput: true });
  for (const locale of LOCALES) assert.equal(toChallenge(step, { locale }).prompt, "Ingresa el código que aparece en tu token.");
});

test("bad options are invalid_input naming the field", () => {
  for (const [options, part] of [
    [{ locale: 5 }, /^options\.locale: must be a string/], [{ locale: ["es"] }, /^options\.locale: must be a string/],
    [{ lang: "es" }, /^options: unknown field `lang`/], ["es", /^options: must be an object/],
  ]) {
    assert.throws(() => toChallenge(STEPS.push, options), (e) => e instanceof MfaError && e.code === "invalid_input" && part.test(e.message));
  }
});

test("js/locales.js: the same keys and placeholders in every table", () => {
  const keys = Object.keys(MESSAGES.en);
  for (const locale of LOCALES) {
    assert.deepEqual(Object.keys(MESSAGES[locale]), keys, locale);
    for (const key of keys) {
      const slots = (text) => text.match(/\{\w+\}/g) ?? [];
      assert.deepEqual(slots(MESSAGES[locale][key]), slots(MESSAGES.en[key]), `${locale} ${key}`);
      assert.ok(slots(MESSAGES[locale][key]).length <= 1, `${locale} ${key}: one placeholder at most`);
    }
  }
  assert.equal(resolveLocale(undefined), "en");
  assert.equal(resolveLocale("pt_br"), "pt-BR");
  assert.equal(message("es", "factor.app.vendor", "Acme"), "Aplicación de autenticación de Acme");
  assert.equal(message("fr", "otp.any"), "Enter your verification code.");
});

// Issue 25 / issue 22 item 3: every sentence has an id of mfa-flows/messages, keyed by id (not by
// position), and a test fails when a locale lacks one.
test("mfa-flows/messages: every id in MESSAGES is used, every id used is in it, every built-in locale has each", async () => {
  const { MESSAGES, LOCALE_MESSAGES } = await import("mfa-flows/messages");
  const read = (path) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
  const ids = Object.keys(MESSAGES);
  // The ids the core words prompts and labels with (src/challenge.rs, outside its tests).
  const rust = read("src/challenge.rs").split("#[cfg(test)]")[0];
  const used = new Set(rust.match(/"(?:otp|factor|bank|push|provider)\.[a-z.]+"/g).map((s) => s.slice(1, -1)));
  // The view's JS (js/locales.js after its tables) words a provider's own text as `provider.text`.
  const view = read("js/locales.js").slice(read("js/locales.js").indexOf("export function message"));
  for (const id of view.match(/"(?:otp|factor|bank|push|provider)\.[a-z.]+"/g) ?? []) used.add(id.slice(1, -1));
  // The element's own ids, and each MfaErrorCode's text (it shows `error.<code>`), plus Verify with no code.
  for (const id of read("js/ui/mfa-challenge.js").match(/"(?:ui|error)\.[a-zA-Z_]+"/g)) used.add(id.slice(1, -1));
  assert.ok(ERROR_CODES.length >= 17, ERROR_CODES.join());
  for (const code of [...ERROR_CODES, "empty"]) used.add(`error.${code}`);
  assert.deepEqual([...used].filter((id) => !ids.includes(id)), [], "used but not in MESSAGES");
  assert.deepEqual(ids.filter((id) => !used.has(id)), [], "in MESSAGES but never used");
  for (const [locale, words] of Object.entries(LOCALE_MESSAGES)) {
    assert.deepEqual(Object.keys(words).sort(), [...ids].sort(), `${locale} covers every id`);
    for (const id of ids) {
      assert.ok(words[id].length > 0, `${locale} ${id}`);
      assert.deepEqual((words[id].match(/\{\w+\}/g) ?? []).map((p) => p.slice(1, -1)), [...MESSAGES[id].params], `${locale} ${id}: params`);
    }
  }
  assert.deepEqual(Object.keys(LOCALE_MESSAGES), LOCALES);
  // The typed union of the .d.ts is the same list (its `error.${MfaErrorCode}` member: one id a code).
  const members = /type MfaMessageId =([^;]+);/.exec(read("pkg/mfa_flows.d.ts"))[1];
  assert.ok(members.includes("`error.${MfaErrorCode}`"), members);
  const union = [...members.match(/"[^"]+"/g).map((s) => s.slice(1, -1)), ...ERROR_CODES.map((c) => `error.${c}`)];
  assert.deepEqual(union.sort(), [...ids].sort());
  assert.deepEqual(MESSAGES["otp.from"], { params: ["name"], en: "Enter the code from {name}." });
  assert.ok(Object.isFrozen(MESSAGES) && Object.isFrozen(MESSAGES["ui.verify"]));
});

test("toChallenge(step, { messages }): the host's words by id first, then the locale's; view fields stay", () => {
  const fr = { "otp.choose": "Choisissez un facteur.", "factor.sms": "Texto", "otp.from": "Code de {name} ?", "bank.qr": "Scannez." };
  const many = toChallenge(RIFFYN_MANY, { locale: "es", messages: fr });
  assert.equal(many.prompt, "Choisissez un facteur.");
  assert.equal(many.messageId, "otp.choose");
  assert.deepEqual(many.factors.map((f) => f.label).slice(0, 3), ["Aplicación de autenticación de Acme", "Texto", "Llamada de voz"]);
  assert.deepEqual(many.actions, ["submit", "switchFactor", "cancel"]);
  const one = toChallenge(RIFFYN, { messages: fr });
  assert.deepEqual([one.prompt, one.messageId, one.params], ["Code de Google Authenticator ?", "otp.from", { name: "Google Authenticator" }]);
  // Own string fields only; anything else is the built-in words.
  const odd = Object.create({ "otp.choose": "inherited" });
  odd["otp.sms"] = 5;
  assert.equal(toChallenge(RIFFYN_MANY, { messages: odd }).prompt, PROMPTS.en.riffynMany);
  const hostile = { get "otp.choose"() { throw new Error("boom"); } };
  assert.equal(toChallenge(RIFFYN_MANY, { messages: hostile }).prompt, PROMPTS.en.riffynMany);
  assert.throws(() => toChallenge(RIFFYN, { messages: "fr" }), (e) => e.code === "invalid_input" && /^options\.messages: must be an object/.test(e.message));
});
