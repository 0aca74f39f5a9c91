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
    fn locale_message(locale: &str, key: &str, arg: Option<String>) -> String;
}

#[cfg(not(any(feature = "belvo", feature = "onelogin")))]
#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    #[wasm_bindgen(js_name = otpMessage)]
    fn locale_message(locale: &str, key: &str, arg: Option<String>) -> String;
}

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
    let options = MfaChallengeOptions::from_json(&Json::from_js(&options)).map_err(to_js)?;
    let locale = options.locale.as_deref().unwrap_or("en");
    match crate::challenge::to_challenge(&Json::from_js(&step)).map_err(to_js)? {
        Some(challenge) => Ok(to_object(&challenge, locale)),
        None => Ok(JsValue::NULL),
    }
}

/// The words of `text` in `locale`.
fn words(text: &Text, locale: &str) -> String {
    match text {
        Text::Verbatim(s) => s.clone(),
        Text::Message(key, arg) => locale_message(locale, key, arg.clone()),
    }
}

fn pair(a: (&str, &str), b: (&str, &str)) -> Object {
    let object = Object::new();
    set(&object, a.0, &JsValue::from_str(a.1));
    set(&object, b.0, &JsValue::from_str(b.1));
    object
}

/// The `MfaChallenge` object in `locale`, with absent fields left out (as the `.d.ts` says).
fn to_object(c: &MfaChallenge, locale: &str) -> JsValue {
    let object = Object::new();
    set(&object, "provider", &JsValue::from_str(c.provider.as_str()));
    set(&object, "kind", &JsValue::from_str(c.kind.as_str()));
    set(
        &object,
        "prompt",
        &JsValue::from_str(&words(&c.prompt, locale)),
    );
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
            list.push(&pair(("id", &f.id), ("label", &words(&f.label, locale))));
        }
        set(&object, "factors", &list);
    }
    object.into()
}
