//! `toChallenge`: one provider-neutral view of a pending challenge.

use super::error::{input_error, to_js};
use super::util::to_value;
use crate::challenge::{StepView, NOT_A_STEP};
use crate::error::Error;
use wasm_bindgen::prelude::*;

/// One provider-neutral view of the challenge pending in a step, for a single login form:
/// `{ provider, kind: "otp" | "push" | "qr" | "confirm", prompt, expiresAt?, display?, factors? }`,
/// or `null` when nothing is pending (a `SUCCESS` step, a OneLogin verification).
///
/// Riffyn `MFA_REQUIRED` → `otp` with labelled `factors`; a OneLogin activation → `push` for
/// OneLogin Protect, else `otp`; Belvo `TOKEN_REQUIRED` → `qr` (the payload in `display`),
/// `confirm` when the bank expects no input, else `otp` (a numeric challenge in `display`).
/// Steps that went through `JSON.stringify`/`JSON.parse` (e.g. `sessionStorage`) work too.
///
/// ```js
/// const step = await riffyn.login({ username, password });
/// const challenge = toChallenge(step); // { provider: "riffyn", kind: "otp", prompt: "Enter the code from Google Authenticator.", … }
/// ```
///
/// @throws {MfaError} `invalid_input` when `step` is none of these steps.
#[wasm_bindgen(js_name = toChallenge, unchecked_return_type = "MfaChallenge | null")]
pub fn to_challenge(
    #[wasm_bindgen(unchecked_param_type = "RiffynStep | BelvoStep | OneLoginActivation")]
    step: JsValue,
) -> Result<JsValue, JsValue> {
    if !step.is_object() || js_sys::Array::is_array(&step) {
        return Err(to_js(Error::invalid_input(NOT_A_STEP)));
    }
    let view: StepView =
        serde_wasm_bindgen::from_value(step).map_err(|e| to_js(input_error("step", e)))?;
    match crate::challenge::to_challenge(&view).map_err(to_js)? {
        Some(challenge) => to_value(&challenge).map_err(to_js),
        None => Ok(JsValue::NULL),
    }
}
