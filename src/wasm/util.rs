//! Small helpers shared by the exported clients.

use super::error::{input_error, to_js};
use crate::error::{Error, Result};
use js_sys::Promise;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsValue;

/// Runs a call as a JS promise; every rejection is an `MfaError`.
pub fn promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue>> + 'static,
{
    wasm_bindgen_futures::future_to_promise(async move { future.await.map_err(to_js) })
}

/// A rejected promise, for inputs refused before anything starts.
pub fn reject(error: Error) -> Promise {
    Promise::reject(&to_js(error))
}

/// Serializes an output as plain JSON-compatible JS objects (no `Map`s, no `undefined` fields).
///
/// # Errors
/// `bad_response` if the value cannot be represented (should not happen).
pub fn to_value<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::bad_response("the result could not be converted"))
}

/// Converts a caller's value; `what` names the argument in the `invalid_input` message.
///
/// Goes through serde-wasm-bindgen directly rather than `Ts::to_rust`, whose messages carry
/// Rust type paths (and their bytes in the module).
///
/// # Errors
/// `invalid_input` naming the field that is missing, unknown or of the wrong type.
pub fn from_js<T: Tsify + DeserializeOwned>(value: &Ts<T>, what: &str) -> Result<T> {
    serde_wasm_bindgen::from_value(value.js_value()).map_err(|e| input_error(what, e))
}
