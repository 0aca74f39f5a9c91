//! `toChallenge`: one provider-neutral view of a pending challenge.
//!
//! The step is read through the crate's `Json` tree (`Json::from_js`: bounded, never throws
//! through the module) by the core's one step reader, and the result built with `Reflect`, rather than serde-wasm-bindgen: the
//! view needs a dozen fields, and the serde route cost ~4.6 KB brotli of monomorphized code.

use super::error::to_js;
use crate::challenge::{MfaChallenge, MfaChallengeOptions, Text};
use crate::json::{push_json_string, Json, JsonObject};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

// The words live in JS (`js/locales.js`), not in the module, and so does the object: the core
// writes the view as JSON with message ids (`Text` as `[id, value?]`), and `challenge` words it in
// the locale asked for and builds the object (smaller than building it here field by field). A
// module without Belvo and OneLogin imports the function over the shared words alone, so that
// bundlers leave their words out.
#[cfg(any(feature = "belvo", feature = "onelogin"))]
#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    #[wasm_bindgen(js_name = challenge)]
    fn worded(json: &str, locale: &str, options: &JsValue) -> JsValue;
}

#[cfg(not(any(feature = "belvo", feature = "onelogin")))]
#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    #[wasm_bindgen(js_name = otpChallenge)]
    fn worded(json: &str, locale: &str, options: &JsValue) -> JsValue;
}

// The view's words by id (issue 25): the ids are those of `mfa-flows/messages` (js/messages.js,
// whose MESSAGES a test compares with this union); `messageId` and `params` join the interface
// tsify writes from `MfaChallenge`'s fields.
#[wasm_bindgen(typescript_custom_section)]
const TS_MESSAGES: &str = r#"
/**
 * The id of a sentence the package can show: toChallenge's prompts and factor labels, and
 * <mfa-challenge>'s labels, buttons, status, countdown and errors (`error.<MfaErrorCode>`). An id
 * is never reused for another meaning; new ids may come in minor versions (keep a default branch).
 */
export type MfaMessageId =
  | "otp.from" | "otp.app" | "otp.sms" | "otp.voice"
  | "otp.email" | "otp.hardware" | "otp.any" | "otp.choose"
  | "provider.text" | "factor.app" | "factor.app.vendor" | "factor.sms"
  | "factor.sms.vendor" | "factor.voice" | "factor.voice.vendor" | "factor.push"
  | "factor.push.vendor" | "factor.email" | "factor.email.vendor" | "factor.hardware"
  | "factor.hardware.vendor" | "push.onelogin" | "bank.qr" | "bank.confirm"
  | "bank.token" | "ui.code" | "ui.verify" | "ui.continue"
  | "ui.cancel" | "ui.resend" | "ui.factor" | "ui.waiting"
  | "ui.checking" | "ui.qr" | "ui.shown" | "ui.expiresIn"
  | "ui.retryIn" | "ui.retryNow" | "error.empty" | "error.unknown"
  | `error.${MfaErrorCode}`;

/** A host's words by message id, with `{param}` placeholders; a missing id falls back to the built-in locale. */
export type MfaMessages = { readonly [id in MfaMessageId]?: string };

/** A pending challenge: its prompt's id and parameters (with the fields above). */
export interface MfaChallenge {
  /** The stable id of `prompt` (`provider.text`, param `text`: a bank's own instructions). */
  messageId: MfaMessageId;
  /** The values of the prompt's placeholders, e.g. `{ name: "Google Authenticator" }`. */
  params?: Record<string, string | number>;
}
"#;

/// One provider-neutral view of the challenge pending in a step, for a single login form:
/// `{ provider, kind: "otp" | "push" | "qr" | "confirm", prompt, expiresAt?, display?, factors? }`,
/// or `null` when nothing is pending (a `SUCCESS` step, a OneLogin verification).
///
/// Riffyn `MFA_REQUIRED` → `otp` with labelled `factors`; a OneLogin activation → `push` for
/// OneLogin Protect, else `otp`; Belvo `TOKEN_REQUIRED` → `qr` (the payload in `display`),
/// `confirm` when the bank expects no input, else `otp` (a numeric challenge in `display`).
/// Steps that went through `JSON.stringify`/`JSON.parse` (e.g. `sessionStorage`) work too.
///
/// `options.locale` sets the language of `prompt` and of the factor labels: `"en"` (default),
/// `"es"` or `"pt-BR"`; `es-MX`, `es-419`… give `es`, `pt`, `pt-br`, `pt_BR` give `pt-BR`, any
/// other tag gives English. A bank's own instructions (Belvo) are shown as the bank wrote them.
///
/// ```js
/// const step = await riffyn.login({ username, password });
/// const challenge = toChallenge(step); // { provider: "riffyn", kind: "otp", prompt: "Enter the code from Google Authenticator.", … }
/// toChallenge(step, { locale: "es" }).prompt; // "Ingresa el código de Google Authenticator."
/// ```
///
/// @throws {MfaError} `invalid_input` when `step` is none of these steps, or for bad `options`.
#[wasm_bindgen(js_name = toChallenge, unchecked_return_type = "MfaChallenge | null")]
pub fn to_challenge(
    #[wasm_bindgen(unchecked_param_type = "MfaStep")] step: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MfaChallengeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let read = MfaChallengeOptions::from_json(&Json::from_js(&options)).map_err(to_js)?;
    // `options.messages` (checked to be an object, if given) is read by the JS side.
    match crate::challenge::to_challenge(&Json::from_js(&step)).map_err(to_js)? {
        Some(challenge) => Ok(worded(
            &to_json(&challenge),
            read.locale.as_deref().unwrap_or("en"),
            &options,
        )),
        None => Ok(JsValue::NULL),
    }
}

/// `[id, value?]`: a message of the locale tables and its one placeholder's value, or the
/// provider's own words as `provider.text`'s.
fn text(out: &mut String, text: &Text) {
    let (id, value) = match text {
        Text::Message(key, arg) => (*key, arg.as_deref()),
        Text::Verbatim(words) => ("provider.text", Some(words.as_str())),
    };
    out.push('[');
    push_json_string(out, id);
    if let Some(value) = value {
        out.push(',');
        push_json_string(out, value);
    }
    out.push(']');
}

/// The view as JSON for `challenge` (js/locales.js), fields in `MfaChallenge`'s order, absent
/// ones left out (as the `.d.ts` says).
fn to_json(c: &MfaChallenge) -> String {
    let mut o = JsonObject::new();
    o.str("provider", c.provider.as_str());
    o.str("kind", c.kind.as_str());
    let mut prompt = String::new();
    text(&mut prompt, &c.prompt);
    o.raw("prompt", &prompt);
    if let Some(input) = &c.input {
        let mut field = JsonObject::new();
        field.str("inputMode", input.input_mode.as_str());
        field.opt_uint("length", input.length.map(u64::from));
        field.str("autocomplete", input.autocomplete);
        o.raw("input", &field.finish());
    }
    let mut actions = String::from("[");
    for (i, action) in c.actions.iter().enumerate() {
        if i > 0 {
            actions.push(',');
        }
        push_json_string(&mut actions, action.as_str());
    }
    actions.push(']');
    o.raw("actions", &actions);
    o.opt_str("expiresAt", c.expires_at.as_deref());
    if let Some(d) = &c.display {
        let mut display = JsonObject::new();
        display.str("type", &d.kind);
        display.str("value", &d.value);
        o.raw("display", &display.finish());
    }
    if let Some(factors) = &c.factors {
        let mut list = String::from("[");
        for (i, f) in factors.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut factor = JsonObject::new();
            factor.str("id", &f.id);
            let mut label = String::new();
            text(&mut label, &f.label);
            factor.raw("label", &label);
            list.push_str(&factor.finish());
        }
        list.push(']');
        o.raw("factors", &list);
    }
    o.finish()
}
