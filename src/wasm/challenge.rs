//! `toChallenge`: one provider-neutral view of a pending challenge.
//!
//! The step is read through the crate's `Json` tree (`Json::from_js`: bounded, never throws
//! through the module) by the core's one step reader, and the result built with `Reflect`, rather than serde-wasm-bindgen: the
//! view needs a dozen fields, and the serde route cost ~4.6 KB brotli of monomorphized code.

use super::error::to_js;
use super::util::set;
use crate::challenge::{MfaChallenge, MfaChallengeOptions, Text};
use crate::json::Json;
use crate::prelude::*;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

// The words live in JS (`js/locales.js`), not in the module: the core names a message, the
// table gives it in the locale asked for. A module without Belvo and OneLogin imports the
// function over the shared words alone, so that bundlers leave their words out.
#[cfg(any(feature = "belvo", feature = "onelogin"))]
#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    #[wasm_bindgen(js_name = message)]
    fn locale_message(locale: &str, key: &str, arg: Option<String>, options: &JsValue) -> String;
}

#[cfg(not(any(feature = "belvo", feature = "onelogin")))]
#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    #[wasm_bindgen(js_name = otpMessage)]
    fn locale_message(locale: &str, key: &str, arg: Option<String>, options: &JsValue) -> String;
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
  | "ui.retryIn" | "ui.retryNow" | "error.empty" | "error.invalid_code"
  | "error.expired" | "error.rejected" | "error.aborted" | "error.invalid_credentials"
  | "error.rate_limited" | "error.network" | "error.timeout" | "error.server_error"
  | "error.bad_response" | "error.provider_error" | "error.unauthorized" | "error.forbidden"
  | "error.not_found" | "error.invalid_input" | "error.insecure_url" | "error.browser_secret"
  | "error.unknown";

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
    let words = Words {
        locale: read.locale.as_deref().unwrap_or("en"),
        options,
    };
    match crate::challenge::to_challenge(&Json::from_js(&step)).map_err(to_js)? {
        Some(challenge) => Ok(to_object(&challenge, &words)),
        None => Ok(JsValue::NULL),
    }
}

/// Where words come from: the host's `options.messages`, then the built-in `locale`.
struct Words<'a> {
    locale: &'a str,
    options: JsValue,
}

impl Words<'_> {
    /// The words of `text`.
    fn of(&self, text: &Text) -> String {
        match text {
            Text::Verbatim(s) => s.clone(),
            Text::Message(key, arg) => locale_message(self.locale, key, arg.clone(), &self.options),
        }
    }
}

fn pair(a: (&str, &str), b: (&str, &str)) -> Object {
    let object = Object::new();
    set(&object, a.0, &JsValue::from_str(a.1));
    set(&object, b.0, &JsValue::from_str(b.1));
    object
}

/// The `MfaChallenge` object, worded by `words`, with absent fields left out (as the `.d.ts` says).
fn to_object(c: &MfaChallenge, words: &Words) -> JsValue {
    let object = Object::new();
    set(&object, "provider", &JsValue::from_str(c.provider.as_str()));
    set(&object, "kind", &JsValue::from_str(c.kind.as_str()));
    set(&object, "prompt", &JsValue::from_str(&words.of(&c.prompt)));
    let (id, param) = c.prompt.id();
    set(&object, "messageId", &JsValue::from_str(id));
    if let Some((name, value)) = param {
        let params = Object::new();
        set(&params, name, &JsValue::from_str(value));
        set(&object, "params", &params);
    }
    if let Some(input) = &c.input {
        let field = Object::new();
        set(
            &field,
            "inputMode",
            &JsValue::from_str(input.input_mode.as_str()),
        );
        if let Some(length) = input.length {
            set(&field, "length", &JsValue::from(length));
        }
        set(
            &field,
            "autocomplete",
            &JsValue::from_str(input.autocomplete),
        );
        set(&object, "input", &field);
    }
    let actions = Array::new();
    for action in c.actions {
        actions.push(&JsValue::from_str(action.as_str()));
    }
    set(&object, "actions", &actions);
    if let Some(at) = &c.expires_at {
        set(&object, "expiresAt", &JsValue::from_str(at));
    }
    if let Some(d) = &c.display {
        set(
            &object,
            "display",
            &pair(("type", &d.kind), ("value", &d.value)),
        );
    }
    if let Some(factors) = &c.factors {
        let list = Array::new();
        for f in factors {
            list.push(&pair(("id", &f.id), ("label", &words.of(&f.label))));
        }
        set(&object, "factors", &list);
    }
    object.into()
}
