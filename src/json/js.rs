//! The walker that reads a JS value (a `JSON.parse` result or a caller's argument) into a
//! [`Json`] tree without running anything that could throw through Rust (wasm only).

use super::{Json, MAX_DEPTH};
use crate::prelude::*;
// Every lookup that may throw (a getter, a proxy trap) goes through `sys`, which hands a throw
// back as an `Err` (never unwinding through Rust frames) and leaks nothing.
use crate::wasm::sys;
use wasm_bindgen::prelude::*;

/// Caller inputs nest two levels (a step's `tokenGenerationData`, `factors[i].id` three):
/// deeper values are never read, so they are not copied.
const INPUT_DEPTH: u8 = 4;
/// At most this many values are read from one JS value (a 1 MiB body holds fewer; a
/// caller's object that shares one child many times over is cut instead of hanging).
const MAX_NODES: u32 = 1 << 20;

impl Json {
    /// Reads a caller's JS value: own enumerable fields of objects (`undefined` and `null` ones
    /// left out: both count as absent), arrays item by item, nesting beyond what any input has as `null`; functions,
    /// symbols and bigints as [`Json::Other`], values whose getter or proxy throws as
    /// [`Json::Unreadable`]. Never throws, never recurses without bound (cyclic and
    /// 10,000-deep objects are cut).
    pub fn from_js(value: &JsValue) -> Json {
        Walker::new(INPUT_DEPTH, false).walk(value, 0)
    }

    /// Reads the result of `JSON.parse`, nesting beyond [`MAX_DEPTH`] as `null`.
    pub(super) fn from_parsed(value: &JsValue) -> Json {
        Walker::new(MAX_DEPTH, true).walk(value, 0)
    }
}

struct Walker {
    max_depth: u8,
    left: u32,
    /// A `null` field is kept as `null` (a `JSON.parse` result), else left out (a caller's
    /// value: `sys::get` does not tell `null` from `undefined`).
    keep_null: bool,
}

impl Walker {
    fn new(max_depth: u8, keep_null: bool) -> Self {
        Walker {
            max_depth,
            left: MAX_NODES,
            keep_null,
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
            match sys::is_array(value) {
                Some(true) => self.array(value, depth),
                Some(false) => self.object(value, depth),
                None => Json::Unreadable,
            }
        }
    }

    fn array(&mut self, value: &JsValue, depth: u8) -> Json {
        let Some(len) = sys::get(value, &JsValue::from_str("length"))
            .ok()
            .flatten()
            .and_then(|l| l.as_f64())
        else {
            return Json::Unreadable;
        };
        let len = len.clamp(0.0, f64::from(MAX_NODES)) as u32;
        let mut items = Vec::new();
        for i in 0..len.min(self.left) {
            items.push(match sys::get(value, &JsValue::from(i)) {
                Ok(Some(item)) => self.walk(&item, depth + 1),
                Ok(None) => Json::Null,
                Err(_) => Json::Unreadable,
            });
        }
        Json::Arr(items)
    }

    fn object(&mut self, value: &JsValue, depth: u8) -> Json {
        let Some(keys) = sys::keys(value) else {
            return Json::Unreadable;
        };
        let mut members = Vec::new();
        for key in keys.iter() {
            let item = sys::get(value, &key);
            let Some(name) = key.as_string() else {
                continue;
            };
            match item {
                Ok(Some(item)) => members.push((name, self.walk(&item, depth + 1))),
                Ok(None) if self.keep_null => members.push((name, Json::Null)),
                Ok(None) => {}
                Err(_) => members.push((name, Json::Unreadable)),
            }
        }
        Json::Obj(members)
    }
}
