//! `Error` → the JS `MfaError` class (defined in `js/lib/mfa_error.js`, typed in its `.d.ts` over
//! the `MfaErrorFields` that `src/error.rs` declares).

use super::util::JsObject;
use crate::error::{Error, Fact};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

// One module shared by every entry of the package (the build copies it beside the glue), so an
// `MfaError` from one entry is `instanceof` the class of any other. The wasm-bindgen tests have no
// package around the glue: they take the same file as a snippet.
#[cfg_attr(not(test), wasm_bindgen(raw_module = "./mfa_error.js"))]
#[cfg_attr(test, wasm_bindgen(module = "/js/lib/mfa_error.js"))]
extern "C" {
    type MfaError;

    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, details: &JsValue) -> MfaError;
}

/// Builds the JS `MfaError` for an error: its facts cross as one object of the facts that are
/// set (`Error::facts`); the host's description of a transport failure becomes its `cause` (an
/// `Error`; `toJSON` leaves it out).
pub fn to_js(error: Error) -> JsValue {
    let error = error.with_status_in_message();
    let details = JsObject::new();
    for (key, fact) in error.facts() {
        match fact {
            Some(Fact::Text(text)) => details.str(key, text),
            Some(Fact::Number(n)) => details.set(key, &JsValue::from(n)),
            None => &details,
        };
    }
    let value: JsValue =
        MfaError::new(error.code.as_str(), &error.message, &details.into_js()).into();
    if let Some(cause) = error.cause {
        let _ = Reflect::set(
            &value,
            &JsValue::from_str("cause"),
            &js_sys::Error::new(&cause),
        );
    }
    value
}

#[cfg(test)]
mod tests {
    //! The error as JS (wasm-bindgen-test: Node and headless Chromium): every fact that is set
    //! crosses, under its declared name, and nothing else.

    use super::*;
    use crate::error::{MfaErrorCode, MfaProvider, FACTS};
    use crate::testing::stringify;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_fact_that_is_set_crosses_and_no_other() {
        let all = Error::new(MfaErrorCode::RateLimited, "slow down")
            .provider(MfaProvider::Belvo)
            .status(429)
            .provider_code(Some("too_many_sessions".into()))
            .request_id(Some("rid".into()))
            .retry_after_ms(Some(2000))
            .cause(Some("TypeError: fetch failed".into()));
        let value = to_js(all);
        assert_eq!(
            stringify(&value),
            r#"{"name":"MfaError","code":"rate_limited","message":"slow down","provider":"belvo","status":429,"providerCode":"too_many_sessions","requestId":"rid","retryAfterMs":2000}"#
        );
        let keys: Vec<String> = crate::wasm::sys::keys(&value)
            .unwrap()
            .iter()
            .map(|k| k.as_string().unwrap())
            .collect();
        let mut want = vec!["code"];
        want.extend(FACTS);
        want.push("cause");
        assert_eq!(keys, want);
        let cause = Reflect::get(&value, &"cause".into()).unwrap();
        assert!(cause.is_instance_of::<js_sys::Error>());
        let none = to_js(Error::invalid_input("x: must be a string"));
        assert_eq!(
            stringify(&none),
            r#"{"name":"MfaError","code":"invalid_input","message":"x: must be a string"}"#
        );
    }
}
