// mfa-flows/messages: the id of every sentence the package can show, with its parameters and its
// English words, so that a host can check its dictionary is complete (issue 25). Prompts and factor
// labels are toChallenge's (js/locales.js; the challenge's `messageId` and `params`); `ui.*` and
// `error.*` (one per MfaErrorCode, plus `error.empty` and `error.unknown`) are <mfa-challenge>'s
// (js/ui/strings.js). Ids are never reused for another meaning; new ids may come in minor versions.
// Plain JS, no wasm: importing it costs a page nothing else.
import { BUILT_IN } from "./locales.js";
import { STRINGS } from "./ui/strings.js";

/** `{ id: { params, en } }` for every id, each built-in locale's words beside it in LOCALE_MESSAGES. */
export const MESSAGES = /* @__PURE__ */ table();

/** The reviewed built-in dictionaries (en, es, pt-BR), each a complete `MfaMessages`. */
export const LOCALE_MESSAGES = /* @__PURE__ */ Object.freeze(Object.fromEntries(
  Object.keys(STRINGS).map((locale) => [locale, Object.freeze({ ...BUILT_IN[locale], ...STRINGS[locale] })])));

function table() {
  const en = { ...BUILT_IN.en, ...STRINGS.en };
  return Object.freeze(Object.fromEntries(Object.entries(en).map(([id, text]) => [id, Object.freeze({
    params: Object.freeze((text.match(/\{\w+\}/g) ?? []).map((p) => p.slice(1, -1))),
    en: text,
  })])));
}
