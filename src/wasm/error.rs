//! `Error` → the JS `MfaError` class (defined in `js/mfa_error.js`).

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/mfa_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = newMfaError)]
    #[allow(clippy::too_many_arguments)]
    fn new_mfa_error(
        code: &str,
        message: &str,
        provider: Option<String>,
        status: Option<u16>,
        provider_code: Option<String>,
        request_id: Option<String>,
        retry_after_ms: Option<u32>,
    ) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &str = r#"
/**
 * Every failure of the package: a real `Error` subclass (`instanceof MfaError` works).
 * Branch on `code`; messages are short, human, and never contain a password, code, token or key.
 */
export class MfaError extends Error {
  readonly name: "MfaError";
  /** What went wrong, as a stable string. */
  readonly code: MfaErrorCode;
  /** The API that answered, when one did. */
  readonly provider?: MfaProvider;
  /** The HTTP status, whenever a response came. */
  readonly status?: number;
  /** The API's own error code, e.g. `"session_expired"`. */
  readonly providerCode?: string;
  /** The API's request id, for support. */
  readonly requestId?: string;
  /** How long the API asks to wait before trying again, in ms. */
  readonly retryAfterMs?: number;
  toJSON(): { name: "MfaError"; code: MfaErrorCode; message: string; provider?: MfaProvider; status?: number;
              providerCode?: string; requestId?: string; retryAfterMs?: number };
}
/** Whether `e` is an `MfaError` (also across bundles that hold another copy of the package). */
export function isMfaError(e: unknown): e is MfaError;
"#;

/// Builds the JS `MfaError` for an error.
pub fn to_js(error: Error) -> JsValue {
    new_mfa_error(
        error.code.as_str(),
        &error.message,
        error.provider.map(|p| p.as_str().to_string()),
        error.status,
        error.provider_code,
        error.request_id,
        error.retry_after_ms,
    )
}

/// `invalid_input` for a caller value that does not convert (argument `what`). The message
/// names the missing field when serde does, and never holds the value: a pass code typed as a
/// number would otherwise come back in serde's "invalid type: floating point `123456`".
pub fn input_error(what: &str, error: impl std::fmt::Display) -> Error {
    let message = error.to_string();
    match missing_field(&message) {
        Some(field) => Error::invalid_input(format!("{what}.{field}: is required")),
        None => field_error(what, &message),
    }
}

/// `invalid_input` for the field at `path` (e.g. `credentials.username`), from serde's message
/// about its value.
pub fn field_error(path: &str, message: &str) -> Error {
    Error::invalid_input(format!("{path}: {}", describe(message)))
}

fn missing_field(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("missing field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// serde's "invalid type: string "x", expected u64" as "must be a whole number >= 0": the
/// expectation, without the value. Other messages lose their quoted parts.
fn describe(message: &str) -> String {
    let message = message.trim();
    let message = message.strip_prefix("Error: ").unwrap_or(message);
    if message.starts_with("invalid ") || message.starts_with("unknown variant") {
        if let Some((_, expected)) = message.rsplit_once(", expected ") {
            return format!("must be {}", expectation(expected));
        }
    }
    let mut out = String::new();
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => {
                quote = Some(c);
                out.push('…');
            }
            None => out.push(c),
        }
    }
    match out.trim() {
        "" => "invalid value".to_string(),
        text => crate::error::clip(text.to_string()),
    }
}

/// serde's name of an expected type, as a caller would say it.
fn expectation(expected: &str) -> &str {
    match expected {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number >= 0",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        e if e.starts_with("struct ") || e.starts_with("a map") => "an object",
        e if e.starts_with("a sequence") || e.starts_with("tuple") => "an array",
        e => e,
    }
}
