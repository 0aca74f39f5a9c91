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

#[cfg(test)]
mod tests {
    //! The walker over real JS values (wasm-bindgen-test: Node and headless Chromium).

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn parsed(text: &str) -> Option<Json> {
        Json::parse(text)
    }

    #[wasm_bindgen_test]
    fn json_parse_reads_every_json_type() {
        let j = parsed(r#"{"a":null,"b":true,"c":1.5,"d":"x","e":[1,{"f":"g"}],"a2":{}}"#).unwrap();
        assert_eq!(j.get("a"), &Json::Null);
        assert!(
            matches!(&j, Json::Obj(m) if m.len() == 6),
            "a null member is kept"
        );
        assert_eq!(j.get("b"), &Json::Bool(true));
        assert_eq!(j.get("c"), &Json::Num(1.5));
        assert_eq!(j.get("d").as_str(), Some("x"));
        assert_eq!(
            j.get("e"),
            &Json::Arr(vec![
                Json::Num(1.0),
                Json::Obj(vec![("f".into(), Json::Str("g".into()))])
            ])
        );
        assert_eq!(parsed("null"), Some(Json::Null));
        assert_eq!(parsed("\"s\""), Some(Json::Str("s".into())));
        for bad in ["", "<html>", "{", "{\"a\":}", "undefined", "NaN"] {
            assert_eq!(parsed(bad), None, "{bad}");
        }
    }

    /// A JS expression's value.
    fn js(expr: &str) -> JsValue {
        js_sys::eval(&format!("({expr})")).unwrap()
    }

    #[wasm_bindgen_test]
    fn caller_values_are_read_without_running_anything_that_throws_through() {
        let j = Json::from_js(&js(
            r#"{ a: "x", u: undefined, n: null, f() {}, s: Symbol("s"), b: 10n }"#,
        ));
        assert_eq!(
            j,
            Json::Obj(vec![
                ("a".into(), Json::Str("x".into())),
                ("f".into(), Json::Other),
                ("s".into(), Json::Other),
                ("b".into(), Json::Other),
            ]),
            "undefined and null fields are left out"
        );
        // A throwing getter is that field's `Unreadable`; a throwing or revoked proxy the whole value's.
        let j = Json::from_js(&js(
            r#"{ get username() { throw new Error("x"); }, password: "p" }"#,
        ));
        assert_eq!(j.get("username"), &Json::Unreadable);
        assert_eq!(j.get("password").as_str(), Some("p"));
        let trap = js(r#"new Proxy({}, { ownKeys() { throw new Error("x"); } })"#);
        assert_eq!(Json::from_js(&trap), Json::Unreadable);
        let revoked =
            js(r#"(() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()"#);
        assert_eq!(Json::from_js(&revoked), Json::Unreadable);
        // Cyclic and deep values are cut at the input depth.
        let cyclic = js(r#"(() => { const o = { a: 1 }; o.self = o; return o; })()"#);
        assert!(matches!(Json::from_js(&cyclic), Json::Obj(_)));
        let deep =
            js(r#"(() => { let o = {}; for (let i = 0; i < 10000; i++) o = { o }; return o; })()"#);
        assert!(matches!(Json::from_js(&deep), Json::Obj(_)));
        // Arrays item by item; holes and undefined items as null.
        assert_eq!(
            Json::from_js(&js("[1, , undefined, null, 'x']")),
            Json::Arr(vec![
                Json::Num(1.0),
                Json::Null,
                Json::Null,
                Json::Null,
                Json::Str("x".into())
            ])
        );
    }

    #[wasm_bindgen_test]
    fn reading_hostile_values_keeps_no_table_slot() {
        let hostile = js(
            r#"[{ get a() { throw new Error("x"); } }, new Proxy({}, { get() { throw 1; }, ownKeys() { return ["k"]; }, getOwnPropertyDescriptor() { return { enumerable: true, configurable: true }; } })]"#,
        );
        let _ = Json::from_js(&hostile);
        let live = wasm_bindgen::externref_heap_live_count();
        for _ in 0..1000 {
            assert_eq!(Json::parse("<html>"), None);
            let _ = Json::from_js(&hostile);
        }
        assert_eq!(wasm_bindgen::externref_heap_live_count(), live);
    }
}
