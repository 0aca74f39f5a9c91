//! JSON in and out, and the one tree every answer and every caller input is read through.
//!
//! [`Json`] is a small tree with lenient accessors that return `None` for whatever is missing or
//! of another type. Answers are parsed into it with [`Json::parse`]: natively through
//! serde_json, in wasm through the host's `JSON.parse` and a walker over the JS value (no JSON
//! parser and no serde deserializer in the module). Caller inputs (JS objects) are read into it
//! with `Json::from_js` (wasm only) and checked field by field by `crate::input`.
//!
//! Request bodies are written with [`to_string`] (serde_json natively; serde-wasm-bindgen's
//! serializer and `JSON.stringify` in wasm). [`RawJson`] passes Belvo's `data: unknown` through
//! untouched.

use crate::prelude::*;
use core::fmt;

/// Nesting deeper than this is read as `null` (answers here are 4 levels deep, inputs 2). It
/// also bounds the recursion over a caller's object: a 10,000-deep or cyclic object is cut.
pub const MAX_DEPTH: u8 = 16;

/// `Number.MAX_SAFE_INTEGER`: integers above it lose precision in JS.
pub(crate) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// `value` as an integer in `0..=MAX_SAFE_INTEGER`.
pub(crate) fn safe_integer(value: f64) -> Option<u64> {
    // `value as u64` round-trips only for a whole number (`f64::fract` is not in `core`).
    ((0.0..=MAX_SAFE).contains(&value) && (value as u64) as f64 == value).then_some(value as u64)
}

/// A JSON value (an API's answer, or a caller's JS value).
///
/// `Debug` prints the shape only: strings and numbers may be passwords or codes.
#[derive(Clone, Default, PartialEq)]
pub enum Json {
    /// `null` (also `undefined`), or nesting beyond [`MAX_DEPTH`].
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (from JS: any `f64`, `NaN` included).
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object: its own enumerable fields, in order (`undefined` fields left out).
    Obj(Vec<(String, Json)>),
    /// A JS value JSON has no word for (a function, a symbol, a bigint): no reader accepts it.
    Other,
    /// A JS value that could not be read (its getter or its proxy threw): no reader accepts it.
    Unreadable,
}

static NULL: Json = Json::Null;

/// A field of an answer has another JSON type than the documented one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongType;

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("Null"),
            Json::Bool(b) => write!(f, "Bool({b})"),
            Json::Num(_) => f.write_str("Num(..)"),
            Json::Str(_) => f.write_str("Str(..)"),
            Json::Arr(items) => f.debug_list().entries(items).finish(),
            Json::Obj(members) => f
                .debug_map()
                .entries(members.iter().map(|(k, v)| (k, v)))
                .finish(),
            Json::Other => f.write_str("Other"),
            Json::Unreadable => f.write_str("Unreadable"),
        }
    }
}

impl Json {
    /// Parses a JSON text; `None` when it is not JSON.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok()
    }

    /// Parses a JSON text with the host's `JSON.parse`; `None` when it is not JSON.
    #[cfg(target_arch = "wasm32")]
    pub fn parse(text: &str) -> Option<Json> {
        crate::wasm::sys::parse(text).map(|value| Json::from_parsed(&value))
    }

    /// The member `key` of an object (`null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    /// The members of an object.
    pub fn members(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(members) => Some(members),
            _ => None,
        }
    }

    /// The string, as it is (empty or blank included).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string, owned, as it is (empty or blank included).
    pub fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    /// The string, if not blank.
    pub fn non_blank(&self) -> Option<&str> {
        self.as_str().filter(|s| !s.trim().is_empty())
    }

    /// The string, owned, if not blank.
    pub fn non_blank_string(&self) -> Option<String> {
        self.non_blank().map(str::to_string)
    }

    /// A message: a non-blank string, or an object's non-blank `description` string.
    pub fn message(&self) -> Option<String> {
        self.non_blank_string()
            .or_else(|| self.get("description").non_blank_string())
    }

    /// A field that must be a string when given: `Ok(None)` when absent or `null`, `Err` for
    /// any other type (the reader's `bad_response`: a token is never made from a number).
    pub fn opt_str(&self) -> Result<Option<&str>, WrongType> {
        match self {
            Json::Null => Ok(None),
            Json::Str(s) => Ok(Some(s)),
            _ => Err(WrongType),
        }
    }

    /// A field that must be a boolean when given: `Ok(None)` when absent or `null`, `Err` for
    /// any other type (`"false"` is not `false`).
    pub fn opt_bool(&self) -> Result<Option<bool>, WrongType> {
        match self {
            Json::Null => Ok(None),
            Json::Bool(b) => Ok(Some(*b)),
            _ => Err(WrongType),
        }
    }

    /// A number, or a decimal string (`"720"`, `" 1.5 "`; see [`decimal`]).
    pub fn number_or_decimal(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            Json::Str(s) => decimal(s.trim()).map(|d| d.whole as f64 + f64::from(d.milli) / 1000.0),
            _ => None,
        }
    }

    /// A non-negative safe integer, from a number or a decimal string (`"525509"`).
    pub fn uint_or_decimal(&self) -> Option<u64> {
        match self {
            Json::Num(n) => safe_integer(*n),
            Json::Str(s) => decimal(s.trim())
                .filter(|d| !d.fraction && d.whole <= MAX_SAFE as u64)
                .map(|d| d.whole),
            _ => None,
        }
    }

    /// A boolean (only `true`/`false`: a string is not read as one).
    pub fn flag(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn items(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }

    /// Whether this is `null` (or was absent).
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Records for a "list" field: an array's objects, `{key: […]}`'s objects, or one object.
    /// `None` when neither; a non-object item makes the whole list `None`.
    pub fn records<'a>(&'a self, key: &str) -> Option<Vec<&'a Json>> {
        let items = match (self.items(), self.get(key).items()) {
            (Some(items), _) | (None, Some(items)) => items,
            _ if self.is_object() => return Some(vec![self]),
            _ => return None,
        };
        items
            .iter()
            .map(|item| item.is_object().then_some(item))
            .collect()
    }

    /// The object itself when it has `key`, else the first record of its `data`.
    pub fn flat_or_data(&self, key: &str) -> Option<&Json> {
        if self.get(key).non_blank().is_some() {
            return Some(self);
        }
        self.get("data").records(key)?.into_iter().next()
    }
}

/// A finite number as JS writes it: integers without a fraction. Natively Rust's shortest
/// round-trip digits; in wasm the host's `Number.prototype.toString` (no float formatting in the
/// module), which differs only in using exponents below 1e-6 and from 1e21.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods, reason = "native only, with std")]
pub(crate) fn number_text(n: f64) -> Option<String> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Some((n as i64).to_string())
    } else {
        Some(n.to_string())
    }
}

/// A finite number as JS writes it (`Number.prototype.toString`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn number_text(n: f64) -> Option<String> {
    n.is_finite()
        .then(|| js_sys::Number::from(n).to_string_with_radix(10).ok())
        .flatten()
        .map(String::from)
}

/// A JSON object written field by field, in order: the request bodies, with no serializer.
/// Strings are escaped as `JSON.stringify` and serde_json escape them.
pub(crate) struct JsonObject(String);

impl JsonObject {
    /// An empty object.
    pub(crate) fn new() -> Self {
        JsonObject(String::from("{"))
    }

    /// An empty object whose text may reach `bytes` without growing (the proxy's hot path).
    #[cfg(all(target_arch = "wasm32", feature = "proxy"))]
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        let mut text = String::with_capacity(bytes);
        text.push('{');
        JsonObject(text)
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_json_string(&mut self.0, key);
        self.0.push(':');
        &mut self.0
    }

    /// `"key":"value"`.
    pub(crate) fn str(&mut self, key: &str, value: &str) {
        push_json_string(self.key(key), value);
    }

    /// `"key":true|false`.
    pub(crate) fn bool(&mut self, key: &str, value: bool) {
        self.key(key).push_str(if value { "true" } else { "false" });
    }

    /// `"key":123`.
    pub(crate) fn uint(&mut self, key: &str, value: u64) {
        crate::text::push_uint(self.key(key), value, 0);
    }

    /// `"key":1.5` (`null` for a number JSON cannot hold, as `JSON.stringify` writes it).
    pub(crate) fn num(&mut self, key: &str, value: f64) {
        let text = number_text(value);
        self.key(key).push_str(text.as_deref().unwrap_or("null"));
    }

    /// `"key":"value"` when given.
    pub(crate) fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.str(key, value);
        }
    }

    /// `"key":123` when given.
    pub(crate) fn opt_uint(&mut self, key: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.uint(key, value);
        }
    }

    /// `"key":true|false` when given.
    pub(crate) fn opt_bool(&mut self, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.bool(key, value);
        }
    }

    /// `"key":` and `json` as written (an array or object the caller wrote). Only the wasm
    /// `toChallenge` writes nested values.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn raw(&mut self, key: &str, json: &str) {
        self.key(key).push_str(json);
    }

    /// `"key":null`.
    pub(crate) fn null(&mut self, key: &str) {
        self.key(key).push_str("null");
    }

    /// The JSON text.
    pub(crate) fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON string literal: `"`, `\` and control characters escaped, everything else as is.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    push_escaped(out, text);
    out.push('"');
}

/// `text` as it is written inside a JSON string literal (by serde_json, by JS `JSON.stringify`
/// and by [`JsonObject`]).
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // The proxy's module (no size budget; its upstream request crosses as JSON on every call)
    // copies a text with nothing to escape whole, not a call per character.
    #[cfg(feature = "proxy")]
    if !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                for digit in [u32::from(c) >> 4, u32::from(c) & 15] {
                    out.push(char::from_digit(digit, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
}

/// A decimal number read from text by hand (no float parsing in the module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    /// The whole part, saturating at `u64::MAX`.
    pub whole: u64,
    /// The first three digits of the fraction (milliseconds of seconds).
    pub milli: u32,
    /// Whether the fraction has a digit other than `0`.
    pub fraction: bool,
}

/// Reads `digits`, `digits.digits`, `.digits` or `digits.`, with an optional leading `+`: what
/// the APIs send for seconds and ids. No sign, no exponent, no surrounding spaces.
pub(crate) fn decimal(text: &str) -> Option<Decimal> {
    let text = text.strip_prefix('+').unwrap_or(text);
    let (whole, fraction) = crate::text::split_once(text, ".").unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole = whole.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    let milli = fraction
        .bytes()
        .chain(core::iter::repeat(b'0'))
        .take(3)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Some(Decimal {
        whole,
        milli,
        fraction: fraction.bytes().any(|b| b != b'0'),
    })
}

#[cfg(target_arch = "wasm32")]
mod js;

#[cfg(not(target_arch = "wasm32"))]
mod de;

/// Serializes `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Serializes `value` as JSON text (the proxy's module, which links serde-wasm-bindgen).
#[cfg(all(target_arch = "wasm32", feature = "proxy"))]
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Any JSON value, kept as the API sent it (`unknown` in TypeScript).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct RawJson(pub serde_json::Value);

/// Any JSON value, kept as the API sent it (`unknown` in TypeScript): the JS value itself, which
/// the steps' hand-written JS objects carry (no serde in the browser modules).
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawJson(pub wasm_bindgen::JsValue);

/// The wasm tests' `Serialize` of a JS value (the outputs' writers are compared with their
/// derives): its `JSON.stringify` read back by serde_json.
#[cfg(all(test, target_arch = "wasm32"))]
impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        let text = js_sys::JSON::stringify(&self.0)
            .unwrap()
            .as_string()
            .unwrap();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap()
            .serialize(s)
    }
}

impl RawJson {
    /// Parses a JSON text as it is; `None` when it is not JSON.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Option<RawJson> {
        serde_json::from_str(text).ok().map(RawJson)
    }

    /// Parses a JSON text with the host's `JSON.parse`; `None` when it is not JSON.
    #[cfg(target_arch = "wasm32")]
    pub fn parse(text: &str) -> Option<RawJson> {
        crate::wasm::sys::parse(text).map(RawJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_last_of_duplicate_keys_wins_as_in_json_parse() {
        let v = Json::parse(r#"{"a":1,"b":2,"a":"x"}"#).unwrap();
        assert_eq!(v.get("a").as_str(), Some("x"));
        let keys: Vec<&str> = v
            .members()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn values_convert_leniently() {
        assert_eq!(j("\"525509\"").uint_or_decimal(), Some(525_509));
        assert_eq!(j("525509").uint_or_decimal(), Some(525_509));
        for bad in [
            "-1",
            "1.5",
            "\"abc\"",
            "true",
            "null",
            "1e300",
            "9007199254740993",
        ] {
            assert_eq!(j(bad).uint_or_decimal(), None, "{bad}");
        }
        assert_eq!(j("\"TRUE\"").flag(), None);
        assert_eq!(j("true").flag(), Some(true));
        assert_eq!(j("42").opt_str(), Err(WrongType));
        assert_eq!(j("null").opt_str(), Ok(None));
        assert_eq!(j("\"x\"").opt_str(), Ok(Some("x")));
        assert_eq!(j("\"false\"").opt_bool(), Err(WrongType));
        assert_eq!(j("\"  \"").non_blank(), None);
        assert_eq!(j("\"  \"").as_str(), Some("  "));
        assert_eq!(j(r#"{"description":"d"}"#).message().as_deref(), Some("d"));
        assert_eq!(
            j(r#"{"a":{"b":1}}"#).get("a").get("b").uint_or_decimal(),
            Some(1)
        );
        assert_eq!(j("[1]").get("a"), &Json::Null);
        assert_eq!(Json::parse("{"), None);
        assert_eq!(j("\" 720 \"").number_or_decimal(), Some(720.0));
    }

    #[test]
    fn decimals_are_read_by_hand() {
        let d = |s: &str| decimal(s).map(|d| (d.whole, d.milli, d.fraction));
        assert_eq!(d("720"), Some((720, 0, false)));
        assert_eq!(d("+1.5"), Some((1, 500, true)));
        assert_eq!(d("2.0009"), Some((2, 0, true)));
        assert_eq!(d(".25"), Some((0, 250, true)));
        assert_eq!(d("5."), Some((5, 0, false)));
        assert_eq!(d("7.000"), Some((7, 0, false)));
        assert_eq!(d("99999999999999999999999"), Some((u64::MAX, 0, false)));
        for bad in [
            "", ".", "+", "-1", "1e3", " 1", "1 ", "1.2.3", "NaN", "inf", "0x10", "１",
        ] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
        assert_eq!(j("\"7.0\"").uint_or_decimal(), Some(7));
        assert_eq!(j("\"7.5\"").uint_or_decimal(), None);
        assert_eq!(
            j("\"9007199254740991\"").uint_or_decimal(),
            Some(9_007_199_254_740_991)
        );
        assert_eq!(j("\"9007199254740992\"").uint_or_decimal(), None);
        assert_eq!(j("\" 90.9 \"").number_or_decimal(), Some(90.9));
        assert_eq!(number_text(0.5).as_deref(), Some("0.5"));
        assert_eq!(number_text(-0.0).as_deref(), Some("0"));
        assert_eq!(number_text(f64::NAN), None);
    }

    #[test]
    fn objects_are_written_as_serde_json_writes_them() {
        let tricky = "q\"b\\s/\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}é€😀\u{2028}";
        let mut o = JsonObject::new();
        o.str("a", tricky);
        o.bool("b", true);
        o.uint("n", 9_007_199_254_740_993);
        o.num("x", 0.5);
        o.num("i", 100.0);
        o.num("nan", f64::NAN);
        o.null("z");
        o.str(tricky, "");
        o.raw("r", r#"["x",{"y":1}]"#);
        let want = serde_json::json!({
            "a": tricky, "b": true, "n": 9_007_199_254_740_993_u64, "x": 0.5, "i": 100,
            "nan": null, "z": null, tricky: "", "r": ["x", {"y": 1}]
        });
        let text = o.finish();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            want
        );
        assert!(text.starts_with(&format!(
            r#"{{"a":{}"#,
            serde_json::to_string(tricky).unwrap()
        )));
        assert!(text.contains(r#","i":100,"#), "{text}");
        assert_eq!(JsonObject::new().finish(), "{}");
    }

    #[test]
    fn records_of_every_shape() {
        assert_eq!(
            j(r#"[{"id":1},{"id":2}]"#)
                .records("otp_devices")
                .unwrap()
                .len(),
            2
        );
        let wrapped = j(r#"{"otp_devices":[{"id":1}]}"#);
        assert_eq!(
            wrapped.records("otp_devices").unwrap()[0]
                .get("id")
                .uint_or_decimal(),
            Some(1)
        );
        let one = j(r#"{"id":7,"device_id":"8"}"#);
        assert_eq!(
            one.records("otp_devices").unwrap()[0]
                .get("device_id")
                .uint_or_decimal(),
            Some(8)
        );
        assert_eq!(j("\"nope\"").records("otp_devices"), None);
        assert_eq!(j(r#"[{"id":1},2]"#).records("otp_devices"), None);
        assert_eq!(
            j(r#"{"otp_devices":"x"}"#)
                .records("otp_devices")
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn deep_nesting_is_cut_not_fatal() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        // serde_json refuses > 128 levels itself; within that, levels past MAX_DEPTH are null.
        let j = Json::parse(&deep).unwrap();
        let mut level = &j;
        let mut n = 0;
        while let Some([inner]) = level.items() {
            level = inner;
            n += 1;
        }
        assert_eq!((n, level), (usize::from(MAX_DEPTH) + 1, &Json::Null));
    }

    #[test]
    fn debug_hides_values() {
        let v = j(r#"{"a":"secret-1","n":123456,"b":[1,true,null]}"#);
        let debug = format!("{v:?}");
        assert!(
            !debug.contains("secret") && !debug.contains("123456"),
            "{debug}"
        );
        assert!(debug.contains("\"b\""), "{debug}");
    }

    #[cfg(not(target_arch = "wasm32"))] // a wasm32 `RawJson` is a JS value, without serde
    #[test]
    fn raw_json_keeps_the_value() {
        let raw = RawJson::parse(r#"{"a":[1,"x"]}"#).unwrap();
        assert_eq!(to_string(&raw), r#"{"a":[1,"x"]}"#);
        assert_eq!(RawJson::parse("<html>"), None);
    }
}
