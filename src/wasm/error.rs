//! `Error` → the JS `MfaError` class (defined and typed in `js/lib/mfa_error.js` and `.d.ts`).

use crate::error::Error;
use crate::prelude::*;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

// One module shared by every entry of the package (the build copies it beside the glue), so an
// `MfaError` from one entry is `instanceof` the class of any other. The wasm-bindgen tests have no
// package around the glue: they take the same file as a snippet.
#[cfg_attr(not(test), wasm_bindgen(raw_module = "./mfa_error.js"))]
#[cfg_attr(test, wasm_bindgen(module = "/js/lib/mfa_error.js"))]
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
