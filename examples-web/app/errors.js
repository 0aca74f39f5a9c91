// MfaError codes in plain words. The page branches on `code`, never on the message.
import { isMfaError } from "mfa-flows";

const WORDS = {
  invalid_code: "That code is not right. Try again.",
  expired: "This step expired. Start over.",
  invalid_credentials: "That username or password is not right.",
  rejected: "The sign-in request was denied on the device.",
  aborted: "Cancelled.",
  rate_limited: "Too many attempts. Wait a moment, then try again.",
  network: "The server could not be reached. Check your connection, then try again.",
  timeout: "The server took too long to answer. Try again.",
  unauthorized: "The app's API credentials were refused.",
  forbidden: "This app is not allowed to do that.",
  not_found: "That item no longer exists. Start over.",
  server_error: "The provider had a problem. Try again in a moment.",
  bad_response: "The provider sent an answer this app could not read.",
  provider_error: "The provider refused the request.",
  insecure_url: "The server address must use https.",
  browser_secret: "This page may not hold the provider's secret keys.",
  invalid_input: "Some details are missing or not valid.",
};

// Provider-specific codes (`providerCode`) worth their own sentence.
const PROVIDER_WORDS = {
  activation_required: "The bank asks you to activate online access for this account first.",
  too_many_sessions: "The bank already has a sign-in open for these credentials. Wait a moment, then try again.",
};

/** { code, text } for anything thrown by the package (or anything else). */
export function describeError(error, overrides = {}) {
  if (!isMfaError(error)) return { code: "unexpected", text: "Something went wrong. Try again." };
  const text =
    overrides[error.code] ??
    PROVIDER_WORDS[error.providerCode] ??
    WORDS[error.code] ??
    "Something went wrong. Try again.";
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
