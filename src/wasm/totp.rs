//! `totp()`: RFC 6238 one-time pass codes for Node scripts and tests; `parseOtpauthUri()` and
//! `otpauthUri()` for the `otpauth://totp/…` URIs authenticator apps scan.

use super::error::to_js;
use super::util::json;
use crate::error::Error;
use crate::output::Output;
use crate::prelude::*;
use crate::totp::{OtpauthKeyInput, TotpOptions};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// The current TOTP code (RFC 6238) of a base32 secret, e.g. to pass MFA in a test or a script.
///
/// The secret is the one shown by the "can't scan the QR code?" link: any case, `=` padding
/// optional, spaces and hyphens ignored. It may also be a whole `otpauth://totp/…` URI (what
/// Firebase, Amplify, Supabase or Auth0 hand out for the QR code): its `algorithm`, `digits` and
/// `period` then apply, and any of them given in `options` still overrides the URI's.
/// Options: `timestamp` (ms since the epoch, default now), `digits` (6–8, default 6),
/// `period` (seconds, 1–3600, default 30), `algorithm` (`"SHA1"` default, `"SHA256"`, `"SHA512"`).
///
/// ```js
/// import { totp } from "mfa-flows";
/// const code = totp(process.env.MFA_SECRET); // e.g. "492039"
/// totp("JBSWY3DPEHPK3PXP", { timestamp: 0 }); // "282760"
/// totp("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", { timestamp: 0 }); // "282760"
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

/// Reads an `otpauth://totp/…` URI (Google's Key Uri Format, what authenticator apps scan):
/// `{ secret, issuer?, account?, algorithm, digits, period }`, defaults filled in
/// (`"SHA1"`, 6, 30). Lenient as the apps are: any case for the scheme, parameter names and
/// algorithm (`sha-256` too), percent-encoded or `+` spaces, the secret in any case with or
/// without padding; the `issuer` parameter wins over the label's prefix; unknown parameters
/// are ignored.
///
/// ```js
/// import { parseOtpauthUri } from "mfa-flows/totp";
/// parseOtpauthUri("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co");
/// // { secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", issuer: "ACME Co", account: "john.doe@email.com",
/// //   algorithm: "SHA1", digits: 6, period: 30 }
/// ```
///
/// @throws {MfaError} `invalid_input` naming the part at fault (`uri.secret: not valid base32`,
/// `uri.digits: …`, an `otpauth://hotp/` key…); the message never holds the secret.
#[wasm_bindgen(js_name = parseOtpauthUri, unchecked_return_type = "OtpauthKey")]
pub fn parse_otpauth_uri(
    #[wasm_bindgen(unchecked_param_type = "string")] uri: JsValue,
) -> Result<JsValue, JsValue> {
    let uri = uri
        .as_string()
        .ok_or_else(|| to_js(Error::invalid_input("uri: must be a string")))?;
    Ok(crate::totp::parse_otpauth_uri(&uri).map_err(to_js)?.to_js())
}

/// Writes the `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…` URI of a key, for a QR code that
/// Google Authenticator, 1Password and Authy read. Names are percent-encoded, the secret is
/// tidied (upper case, no padding or spaces), and `algorithm`, `digits` and `period` are
/// written only when they differ from the defaults every app assumes (`"SHA1"`, 6, 30).
///
/// ```js
/// import { otpauthUri } from "mfa-flows/totp";
/// otpauthUri({ secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "alice@google.com" });
/// // "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
/// ```
///
/// @throws {MfaError} `invalid_input` naming the field: a secret that is not base32, an empty
/// `account` or `issuer`, a colon in either, `digits`/`period` out of range, an unknown field.
#[wasm_bindgen(js_name = otpauthUri)]
pub fn otpauth_uri(key: Ts<OtpauthKeyInput>) -> Result<String, JsValue> {
    let key = OtpauthKeyInput::from_json(&json(&key)).map_err(to_js)?;
    crate::totp::otpauth_uri(&key).map_err(to_js)
}

#[cfg(test)]
mod tests {
    //! The writer `output!` made against the `Serialize` derive that makes the `.d.ts`
    //! (wasm-bindgen-test: Node and headless Chromium), on values with every field and with none.

    use crate::output::assert_writes_as_derived;
    use crate::totp::OtpauthKey;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_writer_writes_what_the_derive_describes() {
        assert_writes_as_derived::<OtpauthKey>();
    }
}
