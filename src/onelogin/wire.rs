//! OneLogin wire models (snake_case, every field optional, unknown fields ignored).
//!
//! The v1 API's shapes wobble between its docs, its spec and its SDK (digest §2.4): bodies come
//! wrapped in `{status, data}`, as a flat `Error`, or as v2's `{statusCode, name, message}`;
//! `message` may be an object with `description`; ids may be numbers or strings; the temp-token
//! flag may be spelled `resuable`. Fields are therefore read as [`Scalar`], which accepts any
//! JSON value, and only converted where used.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Any JSON value, reduced to what the SDK reads; never fails to deserialize.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Scalar {
    /// A string, or an object's `description` string.
    Text(String),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// `null`, an array, or an object without `description`.
    #[default]
    Other,
}

impl Scalar {
    /// The text, if a non-blank string.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) if !s.trim().is_empty() => Some(s),
            _ => None,
        }
    }

    /// A non-negative safe integer, from a number or a decimal string.
    pub(crate) fn id(&self) -> Option<u64> {
        match self {
            Scalar::Num(n) => super::model::safe_integer(*n),
            Scalar::Text(s) => s
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
            Scalar::Bool(b) => Some(*b),
            Scalar::Text(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Scalar::Text(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// An owned, non-blank string.
    pub(crate) fn string(&self) -> Option<String> {
        self.text().map(str::to_string)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Num(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Num(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        // `status.message` may be `{"description": "…"}` (digest §2.4).
        let mut out = Scalar::Other;
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Scalar>()?;
            if key == "description" && value.text().is_some() {
                out = value;
            }
        }
        Ok(out)
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
    pub(crate) fn read(body: &str) -> StatusInfo {
        match crate::json::from_str::<Top>(body) {
            Some(top) => top.merge(),
            None => StatusInfo::default(),
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

/// The top level of any body, as far as status goes.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Top {
    status: Scalar2,
    #[serde(rename = "type")]
    kind: Scalar,
    name: Scalar,
    message: Scalar,
    code: Scalar,
    #[serde(rename = "statusCode")]
    status_code: Scalar,
    error: Scalar,
}

impl Top {
    fn merge(self) -> StatusInfo {
        let (inner, state) = match self.status {
            Scalar2::Object(s) => (s, None),
            Scalar2::Value(v) => (Flat::default(), v.string()),
            Scalar2::None => (Flat::default(), None),
        };
        StatusInfo {
            kind: inner
                .kind
                .string()
                .or_else(|| self.kind.string())
                .or_else(|| self.name.string()),
            message: inner.message.string().or_else(|| self.message.string()),
            code: [inner.code, self.code, self.status_code]
                .iter()
                .find_map(|c| c.id().map(|n| n as f64)),
            error: inner.error.flag().or_else(|| self.error.flag()),
            state,
        }
    }
}

/// The fields of a v1 `status` object.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Flat {
    #[serde(rename = "type")]
    kind: Scalar,
    message: Scalar,
    code: Scalar,
    error: Scalar,
}

/// `status`: an object (v1), or anything else (v2 poll's string, garbage).
#[derive(Default)]
enum Scalar2 {
    Object(Flat),
    Value(Scalar),
    #[default]
    None,
}

impl<'de> Deserialize<'de> for Scalar2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar2;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar2, A::Error> {
                Flat::deserialize(de::value::MapAccessDeserializer::new(map)).map(Scalar2::Object)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar2, E> {
                Ok(Scalar2::Value(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar2, E> {
                Ok(Scalar2::Value(Scalar::Num(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar2, E> {
                Ok(Scalar2::Value(Scalar::Num(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar2, E> {
                Ok(Scalar2::Value(Scalar::Num(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar2, E> {
                Ok(Scalar2::Value(Scalar::Text(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar2, E> {
                Ok(Scalar2::None)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar2, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar2::None)
            }
        }
        d.deserialize_any(V)
    }
}

/// `{ "data": … }`: the v1 success envelope (its `status` is read by [`StatusInfo`]).
#[derive(Deserialize)]
pub(crate) struct Envelope<D> {
    pub data: Option<D>,
}

/// An array, or a single item.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany<T> {
    /// `[item, …]`
    Many(Vec<T>),
    /// `item`
    One(T),
}

impl<T> OneOrMany<T> {
    /// The first item.
    pub(crate) fn into_first(self) -> Option<T> {
        match self {
            OneOrMany::Many(v) => v.into_iter().next(),
            OneOrMany::One(t) => Some(t),
        }
    }
}

/// `data` of available factors: `{auth_factors:[…]}` (docs) or a bare array (v2's shape).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum FactorList {
    /// `{auth_factors: […]}`
    Wrapped {
        /// The factors.
        auth_factors: Vec<Factor>,
    },
    /// `[…]`
    Bare(Vec<Factor>),
}

/// An available factor.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Factor {
    pub factor_id: Scalar,
    pub name: Scalar,
    pub auth_factor_name: Scalar,
}

/// `data` holding devices: an array (enrol, trigger per docs), `{otp_devices:[…]}` (list,
/// trigger per spec), or one device.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum DeviceList {
    /// `[…]`
    Many(Vec<Device>),
    /// `{otp_devices: […]}`
    Wrapped {
        /// The devices.
        otp_devices: Vec<Device>,
    },
    /// A single device object.
    One(Box<Device>),
}

impl DeviceList {
    /// The devices in order.
    pub(crate) fn into_vec(self) -> Vec<Device> {
        match self {
            DeviceList::Many(v) | DeviceList::Wrapped { otp_devices: v } => v,
            DeviceList::One(d) => vec![*d],
        }
    }
}

/// A device record (also the items of enrol's and trigger's `data`). No `Debug`: it holds a
/// state token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Device {
    pub id: Scalar,
    pub device_id: Scalar,
    pub active: Scalar,
    pub default: Scalar,
    pub needs_trigger: Scalar,
    pub state_token: Scalar,
    pub auth_factor_name: Scalar,
    pub type_display_name: Scalar,
    pub user_display_name: Scalar,
    pub phone_number: Scalar,
}

/// `generate_mf_atoken`'s answer (flat per docs; also read inside `data`). No `Debug`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct MfaToken {
    pub mfa_token: Scalar,
    pub reusable: Scalar,
    /// The spec's and the generated SDK's misspelling.
    pub resuable: Scalar,
    pub expires_at: Scalar,
}

/// The OAuth2 token answer (flat for `/auth/oauth2/v2/token`; v1 wrapped it in `data:[…]`).
/// No `Debug`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Token {
    pub access_token: Scalar,
    pub expires_in: Scalar,
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
    fn scalars_convert_leniently() {
        let s: Scalar = serde_json::from_str("\"525509\"").unwrap();
        assert_eq!(s.id(), Some(525_509));
        let s: Scalar = serde_json::from_str("525509").unwrap();
        assert_eq!(s.id(), Some(525_509));
        for bad in ["-1", "1.5", "\"abc\"", "true", "null", "1e300"] {
            let s: Scalar = serde_json::from_str(bad).unwrap();
            assert_eq!(s.id(), None, "{bad}");
        }
        let s: Scalar = serde_json::from_str("\"TRUE\"").unwrap();
        assert_eq!(s.flag(), Some(true));
        let s: Scalar = serde_json::from_str("\"  \"").unwrap();
        assert_eq!(s.text(), None);
    }

    #[test]
    fn device_lists_of_every_shape() {
        let many: DeviceList = serde_json::from_str(r#"[{"id":1},{"id":2}]"#).unwrap();
        assert_eq!(many.into_vec().len(), 2);
        let wrapped: DeviceList = serde_json::from_str(r#"{"otp_devices":[{"id":1}]}"#).unwrap();
        assert_eq!(wrapped.into_vec().first().and_then(|d| d.id.id()), Some(1));
        let one: DeviceList = serde_json::from_str(r#"{"id":7,"device_id":"8"}"#).unwrap();
        assert_eq!(
            one.into_vec().first().and_then(|d| d.device_id.id()),
            Some(8)
        );
        assert!(serde_json::from_str::<DeviceList>("\"nope\"").is_err());
    }
}
