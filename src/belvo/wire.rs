//! Belvo's wire models (snake_case JSON, digest §1.3–1.6). Answers are read through the crate's
//! [`Json`] tree: every field is optional, unknown fields are ignored and scalars are read
//! leniently (`expiry` comes as `9600` or `"720"`, the input flag as `expects_user_input` or
//! `expect_user_input`). Request bodies are written from [`Body`].

use crate::json::Json;
use serde::{Serialize, Serializer};

/// Belvo's error body: an array of items (also the 428 `TokenRequiredResponse`), or the legacy
/// single object `{"detail": "Token Required", session, expiry, link}` (one item). Items that
/// are not objects read as empty items. `None` for any other value (the caller treats the body
/// as not Belvo's).
pub(crate) fn items(body: &Json) -> Option<Vec<&Json>> {
    match body {
        Json::Arr(items) => Some(items.iter().collect()),
        Json::Obj(_) => Some(vec![body]),
        _ => None,
    }
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
