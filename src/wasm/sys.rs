//! The JS built-ins the module calls that may throw, bound so that a throw costs nothing.
//!
//! wasm-bindgen (0.2.130) gives a `catch` import that returns a `JsValue` a table slot for its
//! return value before it checks for the exception, and never frees that slot when there was
//! one: each throw of `JSON.parse`, `Reflect.get` or `Function.prototype.call` leaked a slot
//! (a non-JSON error body, a `fetch` that throws, an `Error` without a `cause`). Bound with an
//! `Option` return, the thrown path hands back no value and allocates nothing. So every call
//! that may throw goes through here (clippy.toml disallows js-sys's own bindings of them).
//! `None` stands for `null` or `undefined`: each wrapper says which it gives back.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = getOwnPropertyDescriptor, catch)]
    fn reflect_own_descriptor(target: &JsValue, key: &JsValue) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = construct, catch)]
    fn reflect_construct(target: &Function, args: &Array) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Option<Array>, JsValue>;
    // A `bool` return takes no slot: `catch` only so that a revoked proxy cannot throw through.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = apply, catch)]
    fn reflect_apply(
        f: &Function,
        this: &JsValue,
        args: &Array,
    ) -> Result<Option<JsValue>, JsValue>;
}

/// `JSON.parse(text)`; `None` when `text` is not JSON (JSON's `null` is `Some(null)`).
pub fn parse(text: &str) -> Option<JsValue> {
    json_parse(text).ok().map(|v| v.unwrap_or(JsValue::NULL))
}

/// `target[key]`: `Ok(None)` for `null` or `undefined`, `Err` when the lookup throws (a getter, a
/// proxy, a target that is not an object).
pub fn get(target: &JsValue, key: &JsValue) -> Result<Option<JsValue>, JsValue> {
    reflect_get(target, key)
}

/// Whether `target` has an own property `key` (`false` when asking throws: a target that is not
/// an object, a proxy's trap).
pub fn own_property(target: &JsValue, key: &JsValue) -> bool {
    matches!(reflect_own_descriptor(target, key), Ok(Some(_)))
}

/// `Object.keys(value)`; `None` when it throws (a proxy's trap).
pub fn keys(value: &JsValue) -> Option<Array> {
    object_keys(value).ok().flatten()
}

/// `Array.isArray(value)`; `None` when it throws (a revoked proxy).
pub fn is_array(value: &JsValue) -> Option<bool> {
    array_is_array(value).ok()
}

/// `new target(...args)`; `None` when it throws.
pub fn construct(target: &Function, args: &Array) -> Option<JsValue> {
    reflect_construct(target, args).ok().flatten()
}

/// `f.call(this, ...args)`: what it returns (`undefined` for `null` too), or what it threw.
pub fn call(f: &Function, this: &JsValue, args: &Array) -> Result<JsValue, JsValue> {
    reflect_apply(f, this, args).map(|v| v.unwrap_or(JsValue::UNDEFINED))
}
