//! Belvo's wire models (snake_case JSON, digest §1.3–1.6). Every field is optional, unknown
//! fields are ignored and scalars are read leniently: `expiry` comes as `9600` or `"720"`,
//! the input flag as `expects_user_input` or `expect_user_input`.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

// The readers below are written by hand, not derived with `#[serde(untagged)]`: they accept any
// JSON value in one pass, without serde's buffering of untagged content (smaller wasm).

/// A JSON value read without failing: a scalar, or anything else (ignored).
pub(crate) enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
    Other,
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

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v))
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
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        skip_seq(seq).map(|()| Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// A JSON object read field by field; any other value reads as `Default` with `object` false.
trait Object: Default {
    fn set_object(&mut self);
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        out.set_object();
        while let Some(key) = map.next_key::<String>()? {
            out.field(&key, &mut map)?;
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        skip_seq(seq).map(|()| T::default())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
}

fn object<'de, D: Deserializer<'de>, T: Object>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(ObjectVisitor(std::marker::PhantomData))
}

/// One element of Belvo's error array (also the 428 `TokenRequiredResponse`), or the legacy
/// single-object 428 `{"detail": "Token Required", session, expiry, link}`. Elements that are
/// not objects read as empty items.
#[derive(Default)]
pub(crate) struct Item {
    pub code: Option<Scalar>,
    pub message: Option<Scalar>,
    pub request_id: Option<Scalar>,
    pub field: Option<Scalar>,
    pub detail: Option<Scalar>,
    pub session: Option<Scalar>,
    pub expiry: Option<Scalar>,
    pub link: Option<Scalar>,
    /// Present only when it is an object.
    pub token_generation_data: Option<TokenData>,
}

impl Object for Item {
    fn set_object(&mut self) {}

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let slot = match key {
            "code" => &mut self.code,
            "message" => &mut self.message,
            "request_id" => &mut self.request_id,
            "field" => &mut self.field,
            "detail" => &mut self.detail,
            "session" => &mut self.session,
            "expiry" => &mut self.expiry,
            "link" => &mut self.link,
            "token_generation_data" => {
                let data: TokenData = map.next_value()?;
                self.token_generation_data = data.object.then_some(data);
                return Ok(());
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
                return Ok(());
            }
        };
        *slot = Some(map.next_value()?);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d)
    }
}

/// Belvo's error body: an array of [`Item`]s, or the legacy single object (one item). Any other
/// JSON value fails (the caller treats the body as not Belvo's).
pub(crate) struct Items(pub Vec<Item>);

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array or an object")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Item>()? {
            items.push(item);
        }
        Ok(Items(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items, A::Error> {
        ObjectVisitor::<Item>(std::marker::PhantomData)
            .visit_map(map)
            .map(|item| Items(vec![item]))
    }
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemsVisitor)
    }
}

/// `TokenRequiredResponseTokenGenerationData`.
#[derive(Default)]
pub(crate) struct TokenData {
    /// Whether the value was a JSON object.
    pub object: bool,
    pub kind: Option<Scalar>,
    pub value: Option<Scalar>,
    pub instructions: Option<Scalar>,
    pub expects_user_input: Option<Scalar>,
    /// The DevPortal's spelling (digest Q-B2).
    pub expect_user_input: Option<Scalar>,
}

impl Object for TokenData {
    fn set_object(&mut self) {
        self.object = true;
    }

    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let slot = match key {
            "type" => &mut self.kind,
            "value" => &mut self.value,
            "instructions" => &mut self.instructions,
            "expects_user_input" => &mut self.expects_user_input,
            "expect_user_input" => &mut self.expect_user_input,
            _ => {
                map.next_value::<IgnoredAny>()?;
                return Ok(());
            }
        };
        *slot = Some(map.next_value()?);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for TokenData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d)
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
