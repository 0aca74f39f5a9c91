// MfaError codes in plain words: the package's own sentences (`error.<code>` of
// mfa-flows/messages, as <mfa-challenge> words them), in the page's language. The page branches
// on `code`, never on the message.
import { isMfaError } from "mfa-flows";
import { t, pkg } from "./words.js";

// Provider-specific codes (`providerCode`) worth their own sentence (the demo's words).
const PROVIDER_WORDS = {
  activation_required: "belvo.activation_required",
  too_many_sessions: "belvo.too_many_sessions",
};

/** { code, text } for anything thrown by the package (or anything else). `overrides`: code → text. */
export function describeError(error, overrides = {}) {
  if (!isMfaError(error)) return { code: "unexpected", text: pkg("error.unknown") };
  const provider = PROVIDER_WORDS[error.providerCode];
  const text = overrides[error.code] ?? (provider ? t(provider) : pkg(`error.${error.code}`) ?? pkg("error.unknown"));
  // invalid_input messages name the field, never a value: useful to show.
  return { code: error.code, text: error.code === "invalid_input" ? `${text} (${error.message})` : text };
}

/** Fills an alert element with an error's words; `null` hides it. */
export function showError(el, error, overrides) {
  if (!error) {
    el.hidden = true;
    el.textContent = "";
    delete el.dataset.code;
    return;
  }
  const { code, text } = describeError(error, overrides);
  el.dataset.code = code;
  el.textContent = text;
  el.hidden = false;
}
