// The words of `toChallenge`: every prompt and factor label, in each supported locale. They live
// here rather than in the WebAssembly module (where they would count against its size budget);
// the module picks the message key and its arguments, this table gives the words. A UI (the
// demo, `<mfa-challenge>`) may import the same table. Terms follow docs/glossary.md.
//
// Table format (read by the Rust tests too): one `"key": "text",` per line, at most one
// placeholder (`{name}`, `{vendor}`) per message, no escaped quotes. Two tables: the words of
// every provider (`OTP`), and those only Belvo's and OneLogin's steps ask for (`PROVIDERS`), so
// that a Riffyn-only module's import (`otpChallenge`) leaves the second out of a bundle.

/** The locales with a table of their own. */
export const LOCALES = ["en", "es", "pt-BR"];

/**
 * The supported locale for a requested one (a BCP 47 tag, any case, `_` or `-`): `es`, `es-MX`,
 * `es-419`… → `es`; `pt`, `pt-BR`, `pt-br`, `pt_BR`, `pt-PT` → `pt-BR` (the only Portuguese
 * table); anything else → `en`.
 */
export function resolveLocale(locale) {
  if (typeof locale !== "string") return "en";
  const language = locale.trim().toLowerCase().split(/[-_]/)[0];
  if (language === "es") return "es";
  if (language === "pt") return "pt-BR";
  return "en";
}

// The prompts and factor labels every provider's challenge uses.
const OTP = {
  en: {
    "otp.from": "Enter the code from {name}.",
    "otp.app": "Enter the code from your authenticator app.",
    "otp.sms": "Enter the code we sent to your phone by text message.",
    "otp.voice": "Enter the code you heard in the phone call.",
    "otp.email": "Enter the code we sent to your email.",
    "otp.hardware": "Enter the code shown on your hardware token.",
    "otp.any": "Enter your verification code.",
    "otp.choose": "Choose a factor, then enter the code it shows.",
    "provider.text": "{text}",
    "factor.app": "Authenticator app",
    "factor.app.vendor": "{vendor} authenticator app",
    "factor.sms": "SMS",
    "factor.sms.vendor": "{vendor} SMS",
    "factor.voice": "Voice call",
    "factor.voice.vendor": "{vendor} voice call",
    "factor.push": "Push notification",
    "factor.push.vendor": "{vendor} push notification",
    "factor.email": "Email",
    "factor.email.vendor": "{vendor} email",
    "factor.hardware": "Hardware token",
    "factor.hardware.vendor": "{vendor} hardware token",
  },
  es: {
    "otp.from": "Ingresa el código de {name}.",
    "otp.app": "Ingresa el código de tu aplicación de autenticación.",
    "otp.sms": "Ingresa el código que te enviamos por mensaje de texto.",
    "otp.voice": "Ingresa el código que escuchaste en la llamada.",
    "otp.email": "Ingresa el código que te enviamos por correo electrónico.",
    "otp.hardware": "Ingresa el código que aparece en tu token físico.",
    "otp.any": "Ingresa tu código de verificación.",
    "otp.choose": "Elige un método de verificación e ingresa el código que te muestre.",
    "provider.text": "{text}",
    "factor.app": "Aplicación de autenticación",
    "factor.app.vendor": "Aplicación de autenticación de {vendor}",
    "factor.sms": "Mensaje de texto (SMS)",
    "factor.sms.vendor": "Mensaje de texto (SMS) de {vendor}",
    "factor.voice": "Llamada de voz",
    "factor.voice.vendor": "Llamada de voz de {vendor}",
    "factor.push": "Notificación push",
    "factor.push.vendor": "Notificación push de {vendor}",
    "factor.email": "Correo electrónico",
    "factor.email.vendor": "Correo electrónico de {vendor}",
    "factor.hardware": "Token físico",
    "factor.hardware.vendor": "Token físico de {vendor}",
  },
  "pt-BR": {
    "otp.from": "Digite o código do {name}.",
    "otp.app": "Digite o código do seu aplicativo autenticador.",
    "otp.sms": "Digite o código que enviamos por SMS para o seu celular.",
    "otp.voice": "Digite o código que você ouviu na ligação.",
    "otp.email": "Digite o código que enviamos para o seu e-mail.",
    "otp.hardware": "Digite o código exibido no seu token físico.",
    "otp.any": "Digite seu código de verificação.",
    "otp.choose": "Escolha um método de verificação e digite o código exibido.",
    "provider.text": "{text}",
    "factor.app": "Aplicativo autenticador",
    "factor.app.vendor": "Aplicativo autenticador {vendor}",
    "factor.sms": "SMS (mensagem de texto)",
    "factor.sms.vendor": "SMS (mensagem de texto) {vendor}",
    "factor.voice": "Chamada de voz",
    "factor.voice.vendor": "Chamada de voz {vendor}",
    "factor.push": "Notificação push",
    "factor.push.vendor": "Notificação push {vendor}",
    "factor.email": "E-mail",
    "factor.email.vendor": "E-mail {vendor}",
    "factor.hardware": "Token físico",
    "factor.hardware.vendor": "Token físico {vendor}",
  },
};

// Only Belvo's (bank.*) and OneLogin's (push.onelogin) challenges use these.
const PROVIDERS = {
  en: {
    "push.onelogin": "Approve the sign-in request in OneLogin Protect on your phone.",
    "bank.qr": "Scan the QR code with your bank app.",
    "bank.confirm": "Confirm the login in your bank app, then continue.",
    "bank.token": "Enter the token from your bank.",
  },
  es: {
    "push.onelogin": "Aprueba la solicitud de inicio de sesión en OneLogin Protect desde tu celular.",
    "bank.qr": "Escanea el código QR con la app de tu banco.",
    "bank.confirm": "Confirma el inicio de sesión en la app de tu banco y luego continúa.",
    "bank.token": "Ingresa el token de tu banco.",
  },
  "pt-BR": {
    "push.onelogin": "Aprove a solicitação de login no OneLogin Protect pelo seu celular.",
    "bank.qr": "Escaneie o código QR com o app do seu banco.",
    "bank.confirm": "Confirme o login no app do seu banco e depois continue.",
    "bank.token": "Digite o token do seu banco.",
  },
};

/** Every message of toChallenge, by locale (both tables). The ids of the whole package, with
 * their parameters, are js/messages.js's MESSAGES (mfa-flows/messages). */
export const BUILT_IN = /* @__PURE__ */ both();

function both() {
  return Object.fromEntries(LOCALES.map((l) => [l, { ...OTP[l], ...PROVIDERS[l] }]));
}

/**
 * The text of message `key`: the host's `options.messages[key]` (an own string), else the one of
 * `locale` (resolved with `resolveLocale`), else the English; its placeholder (`{name}`, `{vendor}`,
 * `{text}`: a message has at most one) filled with the string `arg`.
 */
export function message(locale, key, arg, options) {
  return words(BUILT_IN, locale, key, arg, options);
}

/**
 * toChallenge's view (`MfaChallenge`) from the module's JSON, where each text is `[id, value?]`
 * (`provider.text`: the provider's own words, shown as given): worded as `message` does, with
 * its `messageId` and `params` (the placeholder's name: `vendor` for a `.vendor` id, else `name`).
 */
export function challenge(json, locale, options) {
  return view(BUILT_IN, json, locale, options);
}

/** `challenge` over the words of every provider only: what a Riffyn-only module imports. */
export function otpChallenge(json, locale, options) {
  return view(OTP, json, locale, options);
}

function view(table, json, locale, options) {
  const c = JSON.parse(json);
  const say = ([id, value]) => (id === "provider.text" ? value : words(table, locale, id, value, options));
  const [id, value] = c.prompt;
  const o = { provider: c.provider, kind: c.kind, prompt: say(c.prompt), messageId: id };
  if (value !== undefined) {
    o.params = { [id === "provider.text" ? "text" : id.endsWith(".vendor") ? "vendor" : "name"]: value };
  }
  if (c.input) o.input = c.input;
  o.actions = c.actions;
  if (c.expiresAt !== undefined) o.expiresAt = c.expiresAt;
  if (c.display) o.display = c.display;
  if (c.factors) o.factors = c.factors.map((f) => ({ id: f.id, label: say(f.label) }));
  return o;
}

function words(table, locale, key, arg, options) {
  let text;
  try {
    // Own string fields only: a polluted Object.prototype or a throwing getter gives no words.
    const m = Object.hasOwn(options, "messages") && options.messages;
    if (Object.hasOwn(m, key) && typeof m[key] == "string") text = m[key];
  } catch {}
  text ??= table[resolveLocale(locale)][key] ?? table.en[key] ?? key;
  return typeof arg === "string" ? text.replace(/\{\w+\}/g, () => arg) : text;
}
