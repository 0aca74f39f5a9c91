//! JSON in and out. Natively through serde_json; in wasm through the host's `JSON.parse` /
//! `JSON.stringify` and serde-wasm-bindgen, so that no JSON parser is linked into the module.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Parses a JSON text into `T`; `None` when it is not JSON or not of that shape.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// Serializes `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Parses a JSON text into `T`; `None` when it is not JSON or not of that shape.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Serializes `value` as JSON text.
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize>(value: &T) -> String {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Any JSON value, kept as the API sent it (`unknown` in TypeScript).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub serde_json::Value);

/// Any JSON value, kept as the API sent it (`unknown` in TypeScript).
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(#[serde(with = "serde_wasm_bindgen::preserve")] pub wasm_bindgen::JsValue);
