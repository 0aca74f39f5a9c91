//! `totp()`: RFC 6238 one-time pass codes for Node scripts and tests.

use super::error::to_js;
use super::util::json;
use crate::error::Error;
use crate::totp::TotpOptions;
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// The current TOTP code (RFC 6238) of a base32 secret, e.g. to pass MFA in a test or a script.
///
/// The secret is the one shown by the "can't scan the QR code?" link (or the `secret=` of the
/// `otpauth://` URI): any case, `=` padding optional, spaces and hyphens ignored.
/// Options: `timestamp` (ms since the epoch, default now), `digits` (6–8, default 6),
/// `period` (seconds, 1–3600, default 30), `algorithm` (`"SHA1"` default, `"SHA256"`, `"SHA512"`).
///
/// ```js
/// import { totp } from "mfa-flows";
/// const code = totp(process.env.MFA_SECRET); // e.g. "492039"
/// totp("JBSWY3DPEHPK3PXP", { timestamp: 0 }); // "282760"
/// ```
///
/// @throws {MfaError} `invalid_input` for a missing or bad secret or a bad option (the message
/// names the field, never the secret).
#[wasm_bindgen(js_name = totp)]
pub fn totp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    options: Option<Ts<TotpOptions>>,
) -> Result<String, JsValue> {
    let secret = secret
        .as_string()
        .ok_or_else(|| to_js(Error::invalid_input("secret: must be a string")))?;
    let options = match options {
        None => TotpOptions::default(),
        Some(o) => TotpOptions::from_json(&json(&o)).map_err(to_js)?,
    };
    crate::totp::totp(&secret, &options, crate::time::now_ms()).map_err(to_js)
}
