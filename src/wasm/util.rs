//! Small helpers shared by the exported clients.

use super::error::{field_error, input_error, to_js};
use super::options::check_keys;
use crate::error::{Error, Result};
use js_sys::{Array, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;
use std::future::Future;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

// `catch`: a proxy trap or a getter that throws must come back as a `Result`. A JS exception
// that unwinds through Rust frames skips their epilogues and leaves the module's stack pointer
// behind: a few hundred such throws and every later call traps ("memory access out of bounds").
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> std::result::Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
}

/// `Object.keys(value)` (own enumerable string keys); `None` when a proxy throws.
pub fn keys(value: &JsValue) -> Option<Vec<String>> {
    object_keys(value)
        .ok()
        .map(|keys| keys.iter().filter_map(|k| k.as_string()).collect())
}

/// `Array.isArray(value)`; `false` when a revoked proxy throws.
pub fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// Objects in caller input are copied this deep (inputs nest two levels at most).
const PLAIN_DEPTH: u8 = 4;

/// A plain copy of a caller's value, read only through calls that cannot throw through Rust:
/// own enumerable keys, values through `Reflect.get`; arrays become empty arrays (no input
/// holds one: the type error stays). serde-wasm-bindgen then reads the copy, never the
/// caller's getters or proxies.
///
/// # Errors
/// `invalid_input` naming the field whose getter (or proxy) threw, or a nest deeper than any
/// input.
pub fn plain(value: &JsValue, what: &str) -> Result<JsValue> {
    copy(value, what, 0)
}

fn copy(value: &JsValue, what: &str, depth: u8) -> Result<JsValue> {
    if !value.is_object() {
        return Ok(value.clone());
    }
    if is_array(value) {
        return Ok(Array::new().into());
    }
    let unreadable = |what: &str| Error::invalid_input(format!("{what}: could not be read"));
    if depth >= PLAIN_DEPTH {
        return Err(Error::invalid_input(format!(
            "{what}: is nested too deeply"
        )));
    }
    let out = Object::new();
    for key in keys(value).ok_or_else(|| unreadable(what))? {
        let path = format!("{what}.{key}");
        let field = JsValue::from_str(&key);
        let v = Reflect::get(value, &field).map_err(|_| unreadable(&path))?;
        let _ = Reflect::set(&out, &field, &copy(&v, &path, depth + 1)?);
    }
    Ok(out.into())
}

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
    convert::<T>(&value.js_value(), what, true)
}

/// Like [`from_js`] but ignores unknown fields (for values the caller got from the SDK and
/// may have extended, such as a stored step).
///
/// # Errors
/// `invalid_input` naming the field that is missing or of the wrong type.
pub fn from_js_lenient<T: Tsify + DeserializeOwned>(value: &Ts<T>, what: &str) -> Result<T> {
    convert::<T>(&value.js_value(), what, false)
}

fn convert<T: DeserializeOwned>(value: &JsValue, what: &str, strict: bool) -> Result<T> {
    let fields = field_names::<T>();
    let value = plain(value, what)?;
    if !fields.is_empty() {
        if !value.is_object() || is_array(&value) {
            return Err(Error::invalid_input(format!("{what}: must be an object")));
        }
        if strict {
            check_keys(&value, what, &[fields])?;
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        // Not generic: only the probe is instantiated per `T`.
        let probe = |v: JsValue| serde_wasm_bindgen::from_value::<T>(v).err();
        name_field(&value, what, fields, &e.to_string(), &probe)
    })
}

/// The `invalid_input` of a value that did not convert, naming the field at fault. serde's
/// message names a missing field itself; for a field of the wrong type, each present field is
/// tried alone: the one whose conversion fails other than by "missing field" is the culprit.
fn name_field(
    value: &JsValue,
    what: &str,
    fields: &[&str],
    message: &str,
    probe: &dyn Fn(JsValue) -> Option<serde_wasm_bindgen::Error>,
) -> Error {
    let culprit = fields.iter().find(|field| {
        let key = JsValue::from_str(field);
        let v = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() {
            return false;
        }
        let alone = Object::new();
        let _ = Reflect::set(&alone, &key, &v);
        probe(alone.into()).is_some_and(|e| !e.to_string().contains("missing field"))
    });
    match culprit {
        Some(field) => field_error(&format!("{what}.{field}"), message),
        None => input_error(what, message),
    }
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
