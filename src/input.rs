//! Reading caller inputs field by field: one checker for every argument object of the JS API.
//!
//! The wasm boundary turns a JS value into a [`Json`] tree (`Json::from_js`); the readers of the
//! inputs (`RiffynCredentials::from_json`, `belvo::input`, the client options…) check it against
//! a schema with [`Fields`]: an object is required, unknown fields are refused (strict) or
//! ignored (lenient, for steps passed back), types and required fields are checked, and every
//! message names the field with its path (`credentials.username: must be a string`), never its
//! value. After the check the getters cannot fail, so building a struct has no error paths.

use crate::error::{Error, Result};
use crate::json::{safe_integer, Json};
use crate::prelude::*;
use crate::text::concat;

/// The type a field must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// A number (any, `NaN` included: ranges are the reader's business).
    Num,
    /// A whole number from 0 to `Number.MAX_SAFE_INTEGER`.
    Int,
    /// An object.
    Obj,
    /// Anything (read and checked by the caller, e.g. a function or an `AbortSignal`).
    Any,
}

impl Kind {
    fn matches(self, value: &Json) -> bool {
        match (self, value) {
            (Kind::Int, Json::Num(n)) => safe_integer(*n).is_some(),
            _ => matches!(
                (self, value),
                (Kind::Any, _)
                    | (Kind::Str, Json::Str(_))
                    | (Kind::Bool, Json::Bool(_))
                    | (Kind::Num, Json::Num(_))
                    | (Kind::Obj, Json::Obj(_))
            ),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Bool => "a boolean",
            Kind::Num => "a number",
            Kind::Int => "a whole number >= 0",
            Kind::Obj => "an object",
            Kind::Any => "given",
        }
    }
}

/// A field of an input: its JS name, its type, whether it is required.
pub type Field = (&'static str, Kind, bool);

/// `invalid_input`: `{path}: must be {what}`.
pub fn type_error(path: &str, what: &str) -> Error {
    Error::invalid_input(concat(&[path, ": must be ", what]))
}

/// The longest string field sent to an API (usernames, passwords, codes, tokens, ids).
pub const MAX_FIELD: usize = 1024;

/// Checks a string that goes on the wire: not empty, at most [`MAX_FIELD`] bytes.
///
/// # Errors
/// `invalid_input` naming `field`.
pub fn non_empty(value: &str, field: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(concat(&[
            field,
            ": must not be empty",
        ])));
    }
    if value.len() > MAX_FIELD {
        return Err(Error::invalid_input(concat(&[field, ": is too long"])));
    }
    Ok(())
}

/// Checks an id that becomes one URL path segment and returns it percent-encoded: not empty,
/// not `.` or `..` (which would move the request to another path), at most [`MAX_FIELD`].
///
/// # Errors
/// `invalid_input` naming `field`.
pub fn segment(value: &str, field: &str) -> Result<String> {
    non_empty(value, field)?;
    if value == "." || value == ".." {
        return Err(Error::invalid_input(concat(&[
            field,
            ": must not be `.` or `..`",
        ])));
    }
    Ok(crate::http::encode_segment(value))
}

/// Checks the user half of an HTTP Basic pair (RFC 7617): a string for the wire
/// ([`non_empty`]) without `:`, which would move the split between user and password.
///
/// # Errors
/// `invalid_input` naming `field`.
pub fn basic_user(value: &str, field: &str) -> Result<()> {
    non_empty(value, field)?;
    if crate::text::contains(value, ":") {
        return Err(Error::invalid_input(concat(&[
            field,
            ": must not contain `:` (HTTP Basic)",
        ])));
    }
    Ok(())
}

/// `invalid_input`: `{prefix}{key}: could not be read` (a getter or a proxy threw).
fn unreadable(prefix: &str, key: &str) -> Error {
    Error::invalid_input(concat(&[prefix, key, ": could not be read"]))
}

/// A name from the caller, cut short for a message.
fn shown(key: &str) -> &str {
    key.char_indices()
        .nth(40)
        .and_then(|(i, _)| key.get(..i))
        .unwrap_or(key)
}

/// The fields of one input object, named in messages as `{prefix}{field}`.
#[derive(Clone, Copy)]
pub struct Fields<'a> {
    what: &'static str,
    prefix: &'static str,
    fields: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object: the argument `what` (e.g. `"input"`),
    /// its fields named `{prefix}{field}` in messages (e.g. `"input."`, or `""`).
    ///
    /// # Errors
    /// `invalid_input`: `{what}: must be an object` (or `could not be read`).
    pub fn of(value: &'a Json, what: &'static str, prefix: &'static str) -> Result<Self> {
        match value {
            Json::Obj(fields) => Ok(Fields {
                what,
                prefix,
                fields,
            }),
            Json::Unreadable => Err(unreadable(what, "")),
            _ => Err(Error::invalid_input(concat(&[what, ": must be an object"]))),
        }
    }

    /// Checks types and required fields; with `strict`, refuses fields outside `schema` too.
    ///
    /// # Errors
    /// `invalid_input` naming the first field at fault.
    pub fn check(&self, schema: &[Field], strict: bool) -> Result<()> {
        if strict {
            self.known(schema, &[])?;
        }
        self.types(schema)
    }

    /// Refuses fields outside `schema` and `extra`.
    ///
    /// # Errors
    /// `invalid_input`: `{what}: unknown field `{key}``.
    pub fn known(&self, schema: &[Field], extra: &[&str]) -> Result<()> {
        let unknown = self.fields.iter().find(|(k, _)| {
            !schema.iter().any(|(name, _, _)| name == k) && !extra.contains(&k.as_str())
        });
        match unknown {
            Some((key, _)) => Err(Error::invalid_input(concat(&[
                self.what,
                ": unknown field `",
                shown(key),
                "`",
            ]))),
            None => Ok(()),
        }
    }

    /// Checks the types of the fields in `schema` and that the required ones are given
    /// (`null` counts as absent).
    ///
    /// # Errors
    /// `invalid_input`: `{prefix}{field}: is required` or `… must be {type}`.
    pub fn types(&self, schema: &[Field]) -> Result<()> {
        for &(key, kind, required) in schema {
            match self.get(key) {
                None if required => {
                    return Err(Error::invalid_input(concat(&[
                        self.prefix,
                        key,
                        ": is required",
                    ])))
                }
                Some(Json::Unreadable) => return Err(unreadable(self.prefix, key)),
                Some(v) if !kind.matches(v) => return Err(self.type_error(key, kind.describe())),
                _ => {}
            }
        }
        Ok(())
    }

    /// `invalid_input`: `{prefix}{key}: must be {what}`.
    pub fn type_error(&self, key: &str, what: &str) -> Error {
        Error::invalid_input(concat(&[self.prefix, key, ": must be ", what]))
    }

    /// Every field, in the caller's order (`null` ones included).
    pub fn all(&self) -> &'a [(String, Json)] {
        self.fields
    }

    /// A field's value; `null` counts as absent.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// A string field.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Json::as_str).map(str::to_string)
    }

    /// A boolean field.
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.get(key) {
            Some(Json::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// A number field.
    pub fn num(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            Some(Json::Num(n)) => Some(*n),
            _ => None,
        }
    }

    /// A whole-number field (checked as [`Kind::Int`]).
    pub fn int(&self, key: &str) -> Option<u64> {
        self.num(key).and_then(safe_integer)
    }

    /// A whole-number field that fits a `u32`; larger values read as `u32::MAX` (the readers
    /// refuse it by range).
    pub fn int32(&self, key: &str) -> Option<u32> {
        self.int(key).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// How a field of a declared input ([`input!`]) is typed and read: its [`Kind`], whether it is
/// required (every non-`Option` type), and its value once [`Fields::check`] has passed.
pub trait Read: Sized {
    /// The type the field must have.
    const KIND: Kind;
    /// Whether the field must be given.
    const REQUIRED: bool;
    /// Refuses a value the type takes beyond its [`Kind`] (e.g. an enum's name); run after
    /// [`Fields::check`], before [`Read::read`].
    ///
    /// # Errors
    /// `invalid_input` naming `key`.
    fn refine(_f: &Fields, _key: &str) -> Result<()> {
        Ok(())
    }
    /// The value of `key` in checked fields.
    fn read(f: &Fields, key: &str) -> Self;
}

/// The [`Read`] of the plain field types: type, kind, required, reader.
macro_rules! read_plain {
    ($($ty:ty: $kind:ident, $required:literal, $read:expr;)+) => {$(
        impl Read for $ty {
            const KIND: Kind = Kind::$kind;
            const REQUIRED: bool = $required;
            fn read(f: &Fields, key: &str) -> Self {
                let read: fn(&Fields, &str) -> Self = $read;
                read(f, key)
            }
        }
    )+};
}

read_plain! {
    String: Str, true, |f, key| f.text(key).unwrap_or_default();
    Option<String>: Str, false, |f, key| f.text(key);
    Option<bool>: Bool, false, |f, key| f.flag(key);
    u64: Int, true, |f, key| f.int(key).unwrap_or_default();
    Option<u32>: Int, false, |f, key| f.int32(key);
}

/// Declares a caller input once: the struct (its serde/tsify attributes give the `.d.ts`), its
/// schema `SCHEMA` and `from_json`, which checks a [`Json`] against the schema and reads each
/// field by its type's [`Read`]. Fields are `name: Type = "jsName"`, followed by `optional` for
/// an `Option` (checked at compile time); the head names the argument in messages
/// (`what`, `prefix`), whether unknown fields are refused (`strict`) or ignored (`lenient`),
/// and with `or_default` that a missing (`null`) argument reads as `Default`; `lenient, output`
/// declares an output passed back (a stored step) once: it is also written as one, with the
/// serde derive and the wasm writer of [`crate::output::output!`]. With `custom` in
/// place of the mode, only the struct and `SCHEMA` are made (the caller reads the fields, e.g.
/// functions and signals); there a field may name its [`Kind`], `= "timeoutMs" (Any) optional`,
/// and after `..` one field outside the schema may hold what the caller reads beyond it (Belvo's
/// `retrieve` extras).
///
/// ```text
/// input! {
///     /// The input of `verify`.
///     #[derive(Clone)]
///     pub struct VerifyInput("input", "input.", strict) {
///         /// The code.
///         pub pass_code: String = "passCode",
///         /// When the step expires.
///         pub expires_at: Option<String> = "expiresAt" optional,
///     }
/// }
/// ```
macro_rules! input {
    (@required) => { true };
    (@required optional) => { false };
    (@strict strict) => { true };
    (@strict lenient) => { false };
    (@absent or_default) => { true };
    (@kind $ty:ty) => { <$ty as $crate::input::Read>::KIND };
    (@kind $ty:ty, $kind:ident) => { $crate::input::Kind::$kind };
    // The struct and its schema; `custom`: the caller reads it.
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal, $prefix:literal, custom) {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident: $ty:ty = $js:literal $(($kind:ident))? $($opt:ident)?,
            )+
            $(..
                $(#[$rmeta:meta])*
                pub $rest:ident: $rty:ty,
            )?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $js)]
                $(#[tsify($opt)] #[serde(default, skip_serializing_if = "Option::is_none")])?
                pub $field: $ty,
            )+
            $(
                $(#[$rmeta])*
                #[serde(skip)]
                pub $rest: $rty,
            )?
        }

        impl $name {
            /// The fields of the input: JS name, type, required.
            pub const SCHEMA: &'static [$crate::input::Field] = &[
                $((
                    $js,
                    $crate::input::input!(@kind $ty $(, $kind)?),
                    $crate::input::input!(@required $($opt)?),
                ),)+
            ];
        }
    };
    // Read by `from_json`: the `.d.ts` (serde/tsify derives) says what the check does, so a
    // strict input is `deny_unknown_fields` by construction.
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal, $prefix:literal, strict $(, $absent:ident)?) {
            $($body:tt)*
        }
    ) => {
        $crate::input::input! {
            @read { #[serde(deny_unknown_fields)] } []
            $(#[$meta])*
            pub struct $name($what, $prefix, strict $(, $absent)?) { $($body)* }
        }
    };
    // An output passed back (a stored step): also written as one (`crate::output`).
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal, $prefix:literal, lenient, output) {
            $($body:tt)*
        }
    ) => {
        $crate::input::input! {
            @read {
                #[cfg_attr(any(not(target_arch = "wasm32"), test), derive(::serde::Serialize))]
            } [output]
            $(#[$meta])*
            pub struct $name($what, $prefix, lenient) { $($body)* }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal, $prefix:literal, lenient $(, $absent:ident)?) {
            $($body:tt)*
        }
    ) => {
        $crate::input::input! {
            @read {} []
            $(#[$meta])*
            pub struct $name($what, $prefix, lenient $(, $absent)?) { $($body)* }
        }
    };
    (@output [] $($fields:tt)*) => {};
    (@output [output] $($fields:tt)*) => {
        $crate::output::output!(@struct $($fields)*);
    };
    (
        @read { $(#[$extra:meta])* } [$($output:ident)?]
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal, $prefix:literal, $mode:ident $(, $absent:ident)?) {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident: $ty:ty = $js:literal $($opt:ident)?,
            )+
        }
    ) => {
        $crate::input::input! {
            $(#[$meta])*
            #[derive(::serde::Deserialize, ::tsify::Tsify)]
            $(#[$extra])*
            pub struct $name($what, $prefix, custom) {
                $($(#[$fmeta])* pub $field: $ty = $js $($opt)?,)+
            }
        }

        // `optional` is written exactly on the `Option` fields.
        $(const _: () = assert!(
            <$ty as $crate::input::Read>::REQUIRED == $crate::input::input!(@required $($opt)?)
        );)+

        impl $name {
            #[doc = concat!("Reads the `", $what, "` argument against `SCHEMA` (", stringify!($mode), ").")]
            ///
            /// # Errors
            /// `invalid_input` naming the field, never its value.
            pub fn from_json(value: &$crate::json::Json) -> $crate::error::Result<Self> {
                $(if $crate::input::input!(@absent $absent) && value.is_null() {
                    return Ok(Self::default());
                })?
                let f = $crate::input::Fields::of(value, $what, $prefix)?;
                f.check(Self::SCHEMA, $crate::input::input!(@strict $mode))?;
                $(<$ty as $crate::input::Read>::refine(&f, $js)?;)+
                Ok($name {
                    $($field: $crate::input::Read::read(&f, $js),)+
                })
            }
        }

        $crate::input::input!(@output [$($output)?] $name { $($field: $ty = $js $($opt)?,)+ });
    };
}
pub(crate) use input;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MfaErrorCode;
    use Kind::*;

    const SCHEMA: [Field; 5] = [
        ("name", Str, true),
        ("on", Bool, false),
        ("ms", Num, false),
        ("id", Int, false),
        ("nested", Obj, false),
    ];

    fn json(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    fn refused(value: &str, strict: bool) -> String {
        let v = json(value);
        let e = Fields::of(&v, "input", "input.")
            .and_then(|f| f.check(&SCHEMA, strict))
            .unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        e.message.into_owned()
    }

    #[test]
    fn checks_objects_types_required_and_unknown_fields() {
        let v = json(r#"{"name":"n","on":true,"ms":1.5,"id":7,"nested":{},"x":null}"#);
        let f = Fields::of(&v, "input", "input.").unwrap();
        f.check(&SCHEMA, false).unwrap();
        assert_eq!(f.text("name").as_deref(), Some("n"));
        assert_eq!((f.flag("on"), f.num("ms")), (Some(true), Some(1.5)));
        assert_eq!(f.get("x"), None, "null is absent");
        assert_eq!(
            f.check(&SCHEMA, true).unwrap_err().message,
            "input: unknown field `x`"
        );

        assert_eq!(refused("[]", true), "input: must be an object");
        assert_eq!(refused("\"hunter2\"", true), "input: must be an object");
        assert_eq!(refused("{}", true), "input.name: is required");
        assert_eq!(refused(r#"{"name":null}"#, true), "input.name: is required");
        assert_eq!(
            refused(r#"{"name":5}"#, true),
            "input.name: must be a string"
        );
        assert_eq!(
            refused(r#"{"name":"n","on":"yes"}"#, true),
            "input.on: must be a boolean"
        );
        assert_eq!(
            refused(r#"{"name":"n","ms":"5"}"#, true),
            "input.ms: must be a number"
        );
        for id in ["1.5", "-1", "9007199254740992", "\"7\""] {
            assert_eq!(
                refused(&format!(r#"{{"name":"n","id":{id}}}"#), true),
                "input.id: must be a whole number >= 0"
            );
        }
        assert_eq!(
            refused(r#"{"name":"n","nested":[1]}"#, true),
            "input.nested: must be an object"
        );
        let long = "k".repeat(100);
        let m = refused(&format!(r#"{{"name":"n","{long}":1}}"#), true);
        assert_eq!(m, format!("input: unknown field `{}`", "k".repeat(40)));
        // Values never reach a message.
        assert!(!refused(r#"{"name":["hunter2"]}"#, true).contains("hunter2"));
    }

    #[test]
    fn segments_and_basic_users() {
        for bad in ["", ".", ".."] {
            let e = segment(bad, "factorId").unwrap_err();
            assert!(e.message.starts_with("factorId: "), "{bad:?}");
        }
        assert_eq!(segment("a/../b", "id").unwrap(), "a%2F..%2Fb");
        assert_eq!(segment("...", "id").unwrap(), "...");
        assert_eq!(segment("%2e%2e", "id").unwrap(), "%252e%252e");
        assert!(basic_user("al:ice", "username")
            .unwrap_err()
            .message
            .starts_with("username: "));
        assert!(basic_user("", "secretId").is_err());
        basic_user("alice@example.com", "username").unwrap();
    }

    #[test]
    fn extra_names_and_other_values() {
        let v = Json::Obj(vec![
            ("name".into(), Json::Str("n".into())),
            ("fetch".into(), Json::Other),
        ]);
        let f = Fields::of(&v, "options", "options.").unwrap();
        assert!(f.known(&SCHEMA, &[]).is_err());
        f.known(&SCHEMA, &["fetch"]).unwrap();
        f.types(&[("fetch", Any, true)]).unwrap();
        assert_eq!(
            f.types(&[("fetch", Str, true)]).unwrap_err().message,
            "options.fetch: must be a string"
        );
        assert_eq!(
            Fields::of(&Json::Unreadable, "input", "input.")
                .err()
                .unwrap()
                .message,
            "input: could not be read"
        );
        let v = Json::Obj(vec![("name".into(), Json::Unreadable)]);
        let f = Fields::of(&v, "input", "input.").unwrap();
        assert_eq!(
            f.check(&SCHEMA, true).unwrap_err().message,
            "input.name: could not be read"
        );
        let big = Json::Obj(vec![("n".into(), Json::Num(1e10))]);
        let f = Fields::of(&big, "input", "").unwrap();
        assert_eq!(f.int32("n"), Some(u32::MAX));
    }
}
