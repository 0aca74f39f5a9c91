//! Belvo's wire models (snake_case JSON, digest §1.3–1.6). Every field is optional, unknown
//! fields are ignored and scalars are read leniently: `expiry` comes as `9600` or `"720"`,
//! the input flag as `expects_user_input` or `expect_user_input`.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize, Serializer};

/// A JSON value read without failing: a scalar, or anything else (ignored).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
    Other(IgnoredAny),
}

impl Scalar {
    /// A string as sent (numbers are not turned into ids here).
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }

    /// A string, or a number written as text (a numeric challenge may come unquoted).
    pub(crate) fn display(&self) -> Option<String> {
        match self {
            Scalar::Text(s) => Some(s.clone()),
            Scalar::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 => {
                Some(format!("{}", *n as i64))
            }
            Scalar::Number(n) if n.is_finite() => Some(format!("{n}")),
            _ => None,
        }
    }

    /// A number, or a numeric string (`"720"`).
    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(*n),
            Scalar::Text(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
    }

    /// A boolean, or `"true"`/`"false"`.
    pub(crate) fn flag(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            Scalar::Text(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Scalar::Text(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
}

/// One element of Belvo's error array (also the 428 `TokenRequiredResponse`), or the legacy
/// single-object 428 `{"detail": "Token Required", session, expiry, link}`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Item {
    pub code: Option<Scalar>,
    pub message: Option<Scalar>,
    pub request_id: Option<Scalar>,
    pub field: Option<Scalar>,
    pub detail: Option<Scalar>,
    pub session: Option<Scalar>,
    pub expiry: Option<Scalar>,
    pub link: Option<Scalar>,
    pub token_generation_data: Option<MaybeTokenData>,
}

/// An array element that may not be an object.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Entry {
    Item(Box<Item>),
    Other(IgnoredAny),
}

/// `token_generation_data`, if it is an object.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum MaybeTokenData {
    Data(TokenData),
    Other(IgnoredAny),
}

/// `TokenRequiredResponseTokenGenerationData`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct TokenData {
    #[serde(rename = "type")]
    pub kind: Option<Scalar>,
    pub value: Option<Scalar>,
    pub instructions: Option<Scalar>,
    pub expects_user_input: Option<Scalar>,
    /// The DevPortal's spelling (digest Q-B2).
    pub expect_user_input: Option<Scalar>,
}

/// A value of a request body.
pub(crate) enum WireValue<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Null,
}

impl Serialize for WireValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WireValue::Text(t) => s.serialize_str(t),
            // Integers go out without a fraction, as JS would write them.
            WireValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                s.serialize_i64(*n as i64)
            }
            WireValue::Number(n) => s.serialize_f64(*n),
            WireValue::Bool(b) => s.serialize_bool(*b),
            WireValue::Null => s.serialize_unit(),
        }
    }
}

/// A JSON object body, in the order its fields were added.
#[derive(Default)]
pub(crate) struct Body<'a>(pub Vec<(&'a str, WireValue<'a>)>);

impl<'a> Body<'a> {
    pub(crate) fn text(&mut self, key: &'a str, value: Option<&'a str>) {
        if let Some(v) = value {
            self.0.push((key, WireValue::Text(v)));
        }
    }

    pub(crate) fn bool(&mut self, key: &'a str, value: Option<bool>) {
        if let Some(v) = value {
            self.0.push((key, WireValue::Bool(v)));
        }
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
