//! The walker that reads a JS value (a `JSON.parse` result or a caller's argument) into a
//! [`Json`] tree without running anything that could throw through Rust (wasm only).

use super::{Json, MAX_DEPTH};
use crate::prelude::*;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

/// Caller inputs nest two levels (a step's `tokenGenerationData`, `factors[i].id` three):
/// deeper values are never read, so they are not copied.
const INPUT_DEPTH: u8 = 4;
/// At most this many values are read from one JS value (a 1 MiB body holds fewer; a
/// caller's object that shares one child many times over is cut instead of hanging).
const MAX_NODES: u32 = 1 << 20;

// `catch`: a proxy trap that throws must come back as a `Result`, never unwind through
// Rust frames (that skips their epilogues and corrupts the module's stack pointer).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
}

impl Json {
    /// Reads a caller's JS value: own enumerable fields of objects (`undefined` ones left
    /// out), arrays item by item, nesting beyond what any input has as `null`; functions,
    /// symbols and bigints as [`Json::Other`], values whose getter or proxy throws as
    /// [`Json::Unreadable`]. Never throws, never recurses without bound (cyclic and
    /// 10,000-deep objects are cut).
    pub fn from_js(value: &JsValue) -> Json {
        Walker::new(INPUT_DEPTH).walk(value, 0)
    }

    /// Reads the result of `JSON.parse`, nesting beyond [`MAX_DEPTH`] as `null`.
    pub(super) fn from_parsed(value: &JsValue) -> Json {
        Walker::new(MAX_DEPTH).walk(value, 0)
    }
}

struct Walker {
    max_depth: u8,
    left: u32,
}

fn get(target: &JsValue, key: &JsValue) -> Option<JsValue> {
    Reflect::get(target, key).ok()
}

impl Walker {
    fn new(max_depth: u8) -> Self {
        Walker {
            max_depth,
            left: MAX_NODES,
        }
    }

    fn walk(&mut self, value: &JsValue, depth: u8) -> Json {
        if depth > self.max_depth || self.left == 0 || value.is_null() || value.is_undefined() {
            return Json::Null;
        }
        self.left -= 1;
        if let Some(b) = value.as_bool() {
            Json::Bool(b)
        } else if let Some(n) = value.as_f64() {
            Json::Num(n)
        } else if let Some(s) = value.as_string() {
            Json::Str(s)
        } else if !value.is_object() || value.is_function() {
            Json::Other
        } else {
            match array_is_array(value) {
                Ok(true) => self.array(value, depth),
                Ok(false) => self.object(value, depth),
                Err(_) => Json::Unreadable,
            }
        }
    }

    fn array(&mut self, value: &JsValue, depth: u8) -> Json {
        let Some(len) = get(value, &JsValue::from_str("length")).and_then(|l| l.as_f64()) else {
            return Json::Unreadable;
        };
        let len = len.clamp(0.0, f64::from(MAX_NODES)) as u32;
        let mut items = Vec::new();
        for i in 0..len.min(self.left) {
            let item = get(value, &JsValue::from(i));
            items.push(match item {
                Some(item) => self.walk(&item, depth + 1),
                None => Json::Unreadable,
            });
        }
        Json::Arr(items)
    }

    fn object(&mut self, value: &JsValue, depth: u8) -> Json {
        let Ok(keys) = object_keys(value) else {
            return Json::Unreadable;
        };
        let mut members = Vec::new();
        for key in keys.iter() {
            let item = get(value, &key);
            let Some(name) = key.as_string() else {
                continue;
            };
            match item {
                Some(item) if item.is_undefined() => {}
                Some(item) => members.push((name, self.walk(&item, depth + 1))),
                None => members.push((name, Json::Unreadable)),
            }
        }
        Json::Obj(members)
    }
}
