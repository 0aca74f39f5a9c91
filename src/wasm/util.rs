//! Small helpers shared by the exported clients.

use super::error::{input_error, to_js};
use super::options::check_keys;
use crate::error::{Error, Result};
use js_sys::Promise;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;
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

/// Converts a caller's value, refusing fields `T` does not have; `what` names the argument
/// in the `invalid_input` message.
///
/// Goes through serde-wasm-bindgen directly rather than `Ts::to_rust`, whose messages carry
/// Rust type paths (and their bytes in the module).
///
/// # Errors
/// `invalid_input` naming the field that is missing, unknown or of the wrong type.
pub fn from_js<T: Tsify + DeserializeOwned>(value: &Ts<T>, what: &str) -> Result<T> {
    let value = value.js_value();
    let fields = field_names::<T>();
    if !fields.is_empty() && value.is_object() {
        check_keys(&value, what, &[fields])?;
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| input_error(what, e))
}

/// Like [`from_js`] but ignores unknown fields (for values the caller got from the SDK and
/// may have extended, such as a stored step).
///
/// # Errors
/// `invalid_input` naming the field that is missing or of the wrong type.
pub fn from_js_lenient<T: Tsify + DeserializeOwned>(value: &Ts<T>, what: &str) -> Result<T> {
    serde_wasm_bindgen::from_value(value.js_value()).map_err(|e| input_error(what, e))
}

/// The field names serde's derive gives a struct. serde-wasm-bindgen reads only those, so
/// `deny_unknown_fields` never fires in wasm: the names are needed to refuse typos.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let probe = FieldProbe(Cell::new(&[]));
    let _ = T::deserialize(&probe);
    probe.0.get()
}

struct FieldProbe(Cell<&'static [&'static str]>);

impl<'de> serde::Deserializer<'de> for &FieldProbe {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        _visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("probe"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        self.0.set(fields);
        Err(serde::de::Error::custom("probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}
