//! `Error` → the JS `MfaError` class (defined in `js/mfa_error.js`).

use crate::error::Error;
use js_sys::Reflect;
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

/// Builds the JS `MfaError` for an error; the host's description of a transport failure
/// becomes its `cause` (an `Error`; `toJSON` leaves it out).
pub fn to_js(error: Error) -> JsValue {
    let error = error.with_status_in_message();
    let value = new_mfa_error(
        error.code.as_str(),
        &error.message,
        error.provider.map(|p| p.as_str().to_string()),
        error.status,
        error.provider_code,
        error.request_id,
        error.retry_after_ms,
    );
    if let Some(cause) = error.cause {
        let _ = Reflect::set(
            &value,
            &JsValue::from_str("cause"),
            &js_sys::Error::new(&cause),
        );
    }
    value
}
