//! `Error` → the JS `MfaError` class (defined and typed in `js/lib/mfa_error.js` and `.d.ts`).

use crate::error::Error;
use wasm_bindgen::prelude::*;

// One module shared by every entry of the package (the build copies it beside the glue), so an
// `MfaError` from one entry is `instanceof` the class of any other.
#[wasm_bindgen(raw_module = "./mfa_error.js")]
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
