//! OneLogin wire shapes (snake_case), read leniently.
//!
//! The v1 API's shapes wobble between its docs, its spec and its SDK (digest §2.4): bodies come
//! wrapped in `{status, data}`, as a flat `Error`, or as v2's `{statusCode, name, message}`;
//! `message` may be an object with `description`; `data` may be an array, `{otp_devices:[…]}` or
//! one object; ids may be numbers or strings; the temp-token flag may be spelled `resuable`.
//!
//! So an answer is read once into [`Json`], a small tree that any JSON value deserializes into,
//! and navigated with accessors that return `None` for whatever is missing or of another type.
//! One deserializer for every answer also keeps the wasm module small (no derive per shape, no
//! `untagged` buffering). Unknown fields are ignored by construction.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Nesting deeper than this is read as `null` (the answers here are 4 levels deep).
const MAX_DEPTH: u8 = 16;

/// A JSON value as the SDK reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Json {
    /// `null`, or nesting beyond [`MAX_DEPTH`].
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, its members in order.
    Obj(Vec<(String, Json)>),
}

static NULL: Json = Json::Null;

impl Json {
    /// Parses a body; `None` when it is not JSON.
    pub(crate) fn parse(body: &str) -> Option<Json> {
        crate::json::from_str::<Json>(body)
    }

    /// The member `key` of an object (`null` when absent or not an object).
    pub(crate) fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    /// The text, if a non-blank string.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Json::Str(s) if !s.trim().is_empty() => Some(s),
            _ => None,
        }
    }

    /// An owned, non-blank string.
    pub(crate) fn string(&self) -> Option<String> {
        self.text().map(str::to_string)
    }

    /// A message: a non-blank string, or an object's `description` string.
    pub(crate) fn message(&self) -> Option<String> {
        self.string().or_else(|| self.get("description").string())
    }

    /// A non-negative safe integer, from a number or a decimal string.
    pub(crate) fn id(&self) -> Option<u64> {
        match self {
            Json::Num(n) => super::model::safe_integer(*n),
            Json::Str(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(super::model::safe_integer),
            _ => None,
        }
    }

    /// A boolean, from `true`/`false` or their strings.
    pub(crate) fn flag(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            Json::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Json::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The items of an array.
    pub(crate) fn items(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }

    /// Records for a "list" field: an array's objects, `{key: […]}`'s objects, or one object.
    /// `None` when neither; a non-object item makes the whole list `None`.
    pub(crate) fn records<'a>(&'a self, key: &str) -> Option<Vec<&'a Json>> {
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
    pub(crate) fn flat_or_data(&self, key: &str) -> Option<&Json> {
        if self.get(key).text().is_some() {
            return Some(self);
        }
        self.get("data").records(key)?.into_iter().next()
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Depth(0).deserialize(d)
    }
}

/// Deserializes a [`Json`] at a nesting depth.
#[derive(Clone, Copy)]
struct Depth(u8);

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        if self.0 > MAX_DEPTH {
            d.deserialize_ignored_any(IgnoredAny).map(|_| Json::Null)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Depth {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Num(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Num(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Depth(self.0 + 1))? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Depth(self.0 + 1))?;
            members.push((key, value));
        }
        Ok(Json::Obj(members))
    }
}

/// What any body says about the outcome: the `status` object of the v1 envelope, a flat
/// `Error`, v2's `{statusCode, name, message}`, or v2's bare `status: "pending"`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct StatusInfo {
    /// `type` (`"bad request"`, `"Unauthorized"`…) or v2's `name`.
    pub kind: Option<String>,
    /// `message`, or `message.description`.
    pub message: Option<String>,
    /// `code` or v2's `statusCode`.
    pub code: Option<f64>,
    /// `error`.
    pub error: Option<bool>,
    /// A string `status` (v2 verification poll: `pending` / `accepted` / `rejected`).
    pub state: Option<String>,
}

impl StatusInfo {
    /// Reads a body leniently; anything that is not a JSON object gives an empty info.
    #[cfg(test)]
    pub(crate) fn read(body: &str) -> StatusInfo {
        Json::parse(body).map_or_else(StatusInfo::default, |j| StatusInfo::of(&j))
    }

    /// The status of a parsed body.
    pub(crate) fn of(top: &Json) -> StatusInfo {
        let status = top.get("status");
        let inner = if status.is_object() { status } else { &NULL };
        StatusInfo {
            kind: inner
                .get("type")
                .string()
                .or_else(|| top.get("type").string())
                .or_else(|| top.get("name").string()),
            message: inner
                .get("message")
                .message()
                .or_else(|| top.get("message").message()),
            code: [inner.get("code"), top.get("code"), top.get("statusCode")]
                .iter()
                .find_map(|c| c.id())
                .map(|n| n as f64),
            error: inner
                .get("error")
                .flag()
                .or_else(|| top.get("error").flag()),
            state: status.string(),
        }
    }

    /// Lower-cased `type`, `message` and `state`, for keyword matching.
    pub(crate) fn words(&self) -> String {
        let mut s = String::new();
        for part in [&self.kind, &self.message, &self.state]
            .into_iter()
            .flatten()
        {
            s.push_str(&part.to_ascii_lowercase());
            s.push(' ');
        }
        s
    }
}

/// Body of `POST …/otp_devices`.
#[derive(Serialize)]
pub(crate) struct EnrollBody<'a> {
    pub factor_id: u64,
    pub display_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

/// Body of `POST …/trigger` (every field optional).
#[derive(Serialize)]
pub(crate) struct TriggerBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_token_expires_in: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numeric_sms_otp: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_message: Option<&'a str>,
}

/// Body of `POST …/verify`.
#[derive(Serialize)]
pub(crate) struct VerifyBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otp_token: Option<&'a str>,
}

/// Body of `POST …/mfa_token` (ints and bools, not the docs' strings).
#[derive(Serialize)]
pub(crate) struct MfaTokenBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reusable: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_info_reads_every_envelope() {
        let v1 = StatusInfo::read(
            r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#,
        );
        assert_eq!(v1.kind.as_deref(), Some("Unauthorized"));
        assert_eq!(v1.message.as_deref(), Some("Authentication Failure"));
        assert_eq!((v1.code, v1.error), (Some(401.0), Some(true)));

        let flat = StatusInfo::read(
            r#"{"error":true,"code":"400","type":"bad request","message":"Nope"}"#,
        );
        assert_eq!(
            (flat.code, flat.message.as_deref()),
            (Some(400.0), Some("Nope"))
        );

        let v2 = StatusInfo::read(
            r#"{"statusCode":401,"name":"UnauthorizedError","message":"This request requires Authentication"}"#,
        );
        assert_eq!(v2.kind.as_deref(), Some("UnauthorizedError"));
        assert_eq!(v2.code, Some(401.0));

        let desc =
            StatusInfo::read(r#"{"status":{"code":400,"message":{"description":"Bad thing"}}}"#);
        assert_eq!(desc.message.as_deref(), Some("Bad thing"));

        let poll = StatusInfo::read(r#"{"id":"x","status":"pending","device_id":"3919988"}"#);
        assert_eq!(poll.state.as_deref(), Some("pending"));
        assert!(poll.words().contains("pending"));
    }

    #[test]
    fn status_info_never_fails() {
        for body in [
            "",
            "null",
            "[]",
            "42",
            "\"x\"",
            "<html>",
            "{",
            r#"{"status":[1,2]}"#,
            r#"{"status":{"message":[{"a":1}],"code":{"x":1},"error":"yes"}}"#,
            r#"{"status":null,"message":null,"code":-5}"#,
            r#"{"message":{"nested":{"description":1}}}"#,
        ] {
            let info = StatusInfo::read(body);
            assert_eq!(info.code, None, "{body}");
        }
    }

    #[test]
    fn values_convert_leniently() {
        let j = |s: &str| Json::parse(s).unwrap();
        assert_eq!(j("\"525509\"").id(), Some(525_509));
        assert_eq!(j("525509").id(), Some(525_509));
        for bad in [
            "-1",
            "1.5",
            "\"abc\"",
            "true",
            "null",
            "1e300",
            "9007199254740993",
        ] {
            assert_eq!(j(bad).id(), None, "{bad}");
        }
        assert_eq!(j("\"TRUE\"").flag(), Some(true));
        assert_eq!(j("\"  \"").text(), None);
        assert_eq!(j(r#"{"description":"d"}"#).message().as_deref(), Some("d"));
        assert_eq!(j(r#"{"a":{"b":1}}"#).get("a").get("b").id(), Some(1));
        assert_eq!(j("[1]").get("a"), &Json::Null);
        assert_eq!(Json::parse("{"), None);
    }

    #[test]
    fn records_of_every_shape() {
        let j = |s: &str| Json::parse(s).unwrap();
        assert_eq!(
            j(r#"[{"id":1},{"id":2}]"#)
                .records("otp_devices")
                .unwrap()
                .len(),
            2
        );
        let wrapped = j(r#"{"otp_devices":[{"id":1}]}"#);
        assert_eq!(
            wrapped.records("otp_devices").unwrap()[0].get("id").id(),
            Some(1)
        );
        let one = j(r#"{"id":7,"device_id":"8"}"#);
        assert_eq!(
            one.records("otp_devices").unwrap()[0].get("device_id").id(),
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
}
