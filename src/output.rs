//! Outputs declared once: [`output!`] makes an output's struct (or tagged enum) with the serde/tsify
//! derives that give its `.d.ts` (and its JSON natively), and its [`Output`] writer, which builds
//! the same JS object in a module field by field with `JsObject`: no serde serializer is linked
//! into a browser module (the `Serialize` derive exists natively and in tests only), and a field
//! cannot be typed in the `.d.ts` yet missing in the browser.

use crate::prelude::*;
#[cfg(target_arch = "wasm32")]
use crate::wasm::util::JsObject;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

/// A value of an output: in wasm, the JS value its `Serialize` derive describes. [`output!`]
/// implements it for what it declares; the field types (strings, numbers, booleans, `Option`,
/// `Vec`, `RawJson`, `wire_enum!` enums) implement it here and where they are declared.
pub trait Output {
    /// Whether a field of this type is optional: left out when absent (`Option`).
    const OPTIONAL: bool = false;
    /// The value as JS.
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue;
    /// Sets `key` of `o` to the value; an absent option leaves the key out.
    #[cfg(target_arch = "wasm32")]
    fn write(&self, o: &JsObject, key: &str) {
        o.set(key, &self.to_js());
    }
}

impl Output for String {
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
    #[cfg(target_arch = "wasm32")]
    #[inline(always)]
    fn write(&self, o: &JsObject, key: &str) {
        o.str(key, self);
    }
}

impl Output for bool {
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        JsValue::from(*self)
    }
}

/// Numbers as JS numbers, through wasm-bindgen's own conversions.
macro_rules! number {
    ($($ty:ty),+) => {$(
        impl Output for $ty {
            #[cfg(target_arch = "wasm32")]
            fn to_js(&self) -> JsValue {
                JsValue::from(*self)
            }
        }
    )+};
}
number!(u16, u32, f64);

/// `as f64`: the outputs' `u64`s are ids, safe integers (`JsValue::from(u64)` is a `BigInt`).
impl Output for u64 {
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        JsValue::from(*self as f64)
    }
}

impl<T: Output> Output for Option<T> {
    const OPTIONAL: bool = true;
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        match self {
            Some(v) => v.to_js(),
            None => JsValue::NULL,
        }
    }
    // One function per type, as a call is smaller than the test inlined at every field.
    #[cfg(target_arch = "wasm32")]
    #[inline(never)]
    fn write(&self, o: &JsObject, key: &str) {
        if let Some(v) = self {
            v.write(o, key);
        }
    }
}

impl<T: Output> Output for Vec<T> {
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        let array = js_sys::Array::new();
        for item in self {
            array.push(&item.to_js());
        }
        array.into()
    }
}

impl Output for crate::json::RawJson {
    /// Passed through as it came (Belvo's `data`).
    #[cfg(target_arch = "wasm32")]
    fn to_js(&self) -> JsValue {
        self.0.clone()
    }
    #[cfg(target_arch = "wasm32")]
    fn write(&self, o: &JsObject, key: &str) {
        o.set(key, &self.0);
    }
}

/// Declares an output once: the struct (or enum) with its serde/tsify derives, which give the
/// `.d.ts`, and its [`Output`] writer, from the same field list, so the two cannot disagree.
/// Fields are `name: Type = "jsName"`, followed by `optional` for an `Option` (checked at
/// compile time), which the `.d.ts` types as `name?:` and both writers leave out when absent.
/// A field type implements [`Output`] (and, for the tests, `Sample`).
///
/// Three forms: a struct; an internally tagged enum of struct variants, `pub enum
/// Step(status = "status") { Success = "SUCCESS" { … }, … }`, whose writer writes the tag first
/// and which gets `fn status(&self) -> &'static str` (the method named in the head); and an
/// untagged enum of outputs, `pub enum Step(untagged) { Success(Success), … }`, whose writer is
/// the variant's. An input that is also an output (a step passed back) is declared with
/// `input!`'s `output` flag instead, which adds the same writer.
///
/// ```text
/// output! {
///     /// A verified device.
///     #[derive(Clone, PartialEq)]
///     pub struct Device {
///         /// Its id.
///         pub id: u64 = "id",
///         /// When it expires.
///         pub expires_at: Option<String> = "expiresAt" optional,
///     }
/// }
/// ```
macro_rules! output {
    (@optional) => { false };
    (@optional optional) => { true };
    // The writer, the tests' samples and the `optional` check of a struct's fields.
    (@struct $name:ident { $($field:ident: $ty:ty = $js:literal $($opt:ident)?,)+ }) => {
        impl $crate::output::Output for $name {
            // Inlined by LLVM into the caller's one stack frame, as the hand-written writers
            // were written; left to wasm-opt, each nested writer kept a frame of its own (smaller
            // page modules by 30 to 80 B brotli, bench/RESULTS.md).
            #[cfg(target_arch = "wasm32")]
            #[inline(always)]
            fn to_js(&self) -> ::wasm_bindgen::JsValue {
                let o = $crate::wasm::util::JsObject::new();
                $($crate::output::Output::write(&self.$field, &o, $js);)+
                o.into_js()
            }
        }

        #[cfg(test)]
        impl $crate::output::Sample for $name {
            fn all() -> $crate::prelude::Vec<Self> {
                $crate::prelude::vec![
                    $name { $($field: $crate::output::Sample::full(),)+ },
                    $name { $($field: $crate::output::Sample::sparse(),)+ },
                ]
            }
        }

        $crate::output::output!(@check $($ty, $($opt)?;)+);
    };
    // `optional` is written exactly on the `Option` fields.
    (@check $($ty:ty, $($opt:ident)?;)*) => {
        $(const _: () = assert!(
            <$ty as $crate::output::Output>::OPTIONAL == $crate::output::output!(@optional $($opt)?)
        );)*
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident: $ty:ty = $js:literal $($opt:ident)?,
            )+
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(any(not(target_arch = "wasm32"), test), derive(::serde::Serialize))]
        #[derive(::tsify::Tsify)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $js)]
                $(#[tsify($opt)] #[serde(default, skip_serializing_if = "Option::is_none")])?
                pub $field: $ty,
            )+
        }

        $crate::output::output!(@struct $name { $($field: $ty = $js $($opt)?,)+ });
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident($method:ident = $tag:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal {
                    $(
                        $(#[$fmeta:meta])*
                        $field:ident: $ty:ty = $js:literal $($opt:ident)?,
                    )*
                },
            )+
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(any(not(target_arch = "wasm32"), test), derive(::serde::Serialize))]
        #[derive(::tsify::Tsify)]
        #[serde(tag = $tag)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $wire)]
                $variant {
                    $(
                        $(#[$fmeta])*
                        #[serde(rename = $js)]
                        $(#[tsify($opt)] #[serde(default, skip_serializing_if = "Option::is_none")])?
                        $field: $ty,
                    )*
                },
            )+
        }

        impl $name {
            #[doc = concat!("The `", $tag, "` of the value, as JS reads it.")]
            pub fn $method(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $wire,)+
                }
            }
        }

        impl $crate::output::Output for $name {
            #[cfg(target_arch = "wasm32")]
            #[inline(always)]
            fn to_js(&self) -> ::wasm_bindgen::JsValue {
                let o = $crate::wasm::util::JsObject::new();
                match self {
                    $(Self::$variant { $($field),* } => {
                        o.str($tag, $wire);
                        $($crate::output::Output::write($field, &o, $js);)*
                    })+
                }
                o.into_js()
            }
        }

        #[cfg(test)]
        impl $crate::output::Sample for $name {
            fn all() -> $crate::prelude::Vec<Self> {
                $crate::prelude::vec![$(
                    Self::$variant { $($field: $crate::output::Sample::full()),* },
                    Self::$variant { $($field: $crate::output::Sample::sparse()),* },
                )+]
            }
        }

        $crate::output::output!(@check $($($ty, $($opt)?;)*)+);
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident(untagged) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident($ty:ty),
            )+
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(any(not(target_arch = "wasm32"), test), derive(::serde::Serialize))]
        #[derive(::tsify::Tsify)]
        #[serde(untagged)]
        pub enum $name {
            $($(#[$vmeta])* $variant($ty),)+
        }

        impl $crate::output::Output for $name {
            #[cfg(target_arch = "wasm32")]
            #[inline(always)]
            fn to_js(&self) -> ::wasm_bindgen::JsValue {
                match self {
                    $(Self::$variant(v) => $crate::output::Output::to_js(v),)+
                }
            }
        }

        #[cfg(test)]
        impl $crate::output::Sample for $name {
            fn all() -> $crate::prelude::Vec<Self> {
                let mut all = $crate::prelude::Vec::new();
                $(all.extend(
                    <$ty as $crate::output::Sample>::all().into_iter().map(Self::$variant)
                );)+
                all
            }
        }
    };
}
pub(crate) use output;

/// The wasm tests' check of an output: for each of its samples, its writer's JS object (as
/// `JSON.stringify` writes it) is its `Serialize` derive's JSON, which is what the `.d.ts` says,
/// and no key holds `undefined` (which `JSON.stringify` would hide: an absent option is left
/// out). A field the derive writes and the writer does not, or writes otherwise, fails here.
#[cfg(all(test, target_arch = "wasm32"))]
pub fn assert_writes_as_derived<T: Output + Sample + serde::Serialize>() {
    for value in T::all() {
        let derived = serde_json::to_string(&value).unwrap();
        let written = value.to_js();
        let text = js_sys::JSON::stringify(&written).unwrap();
        assert_eq!(text.as_string().unwrap(), derived);
        assert!(no_undefined(&written), "a key holds undefined: {derived}");
    }
}

/// Whether no key of `value`'s objects (nested ones and array items too) holds `undefined`.
#[cfg(all(test, target_arch = "wasm32"))]
fn no_undefined(value: &JsValue) -> bool {
    use wasm_bindgen::JsCast;
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return array.iter().all(|item| no_undefined(&item));
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>() else {
        return true;
    };
    js_sys::Object::values(object)
        .iter()
        .all(|v| !v.is_undefined() && no_undefined(&v))
}

/// Values of an output for the tests that compare its writer with its `Serialize` derive:
/// every field given (`full`), every optional field left out and lists empty (`sparse`), and
/// for an enum each variant both ways (`all`). [`output!`] implements it from the declaration,
/// so no test keeps a list of an output's keys.
#[cfg(test)]
pub trait Sample: Sized {
    /// Every form worth writing: first every field given, last every optional field absent and
    /// lists empty (an enum: each variant both ways; a wire enum: each value).
    fn all() -> Vec<Self>;
    /// Every field given.
    fn full() -> Self {
        Self::all().swap_remove(0)
    }
    /// Every optional field absent, lists empty.
    fn sparse() -> Self {
        let mut all = Self::all();
        all.swap_remove(all.len() - 1)
    }
}

#[cfg(test)]
mod sample {
    use super::Sample;
    use crate::prelude::*;

    /// `Sample` of types whose two forms are values: `type: full, sparse`.
    macro_rules! values {
        ($($ty:ty: $full:expr, $sparse:expr;)+) => {$(
            impl Sample for $ty {
                fn all() -> Vec<Self> {
                    vec![$full, $sparse]
                }
            }
        )+};
    }
    values! {
        String: "a \"quoted\" é \u{1F600} \\ line\nbreak".into(), String::new();
        bool: true, false;
        u16: u16::MAX, 0;
        u32: u32::MAX, 0;
        u64: 9_007_199_254_740_991, 0;
        f64: 0.5, 0.0;
        // Keys in order: natively and in the wasm tests serde_json sorts them.
        crate::json::RawJson:
            crate::json::RawJson::parse(r#"{"a":[1,"x",null,{"b":true}],"c":{}}"#).unwrap_or_default(),
            crate::json::RawJson::parse("[]").unwrap_or_default();
    }

    impl<T: Sample> Sample for Option<T> {
        fn all() -> Vec<Self> {
            vec![Some(T::full()), None]
        }
    }

    impl<T: Sample> Sample for Vec<T> {
        fn all() -> Vec<Self> {
            vec![T::all(), Vec::new()]
        }
    }
}

// Natively: in wasm, Belvo's `data` is a JS value without serde.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Sample;
    use serde::{de::DeserializeOwned, Serialize};

    /// Every sample of `T` read back from its JSON is itself: a step stored as JSON (e.g. in
    /// `sessionStorage`) and passed back is the step that was written.
    fn round_trips<T: Sample + Serialize + DeserializeOwned + PartialEq>() {
        for value in T::all() {
            let text = serde_json::to_string(&value).unwrap();
            let back: T = serde_json::from_str(&text).unwrap();
            assert!(back == value, "{text}");
        }
    }

    #[test]
    fn outputs_read_back_as_written() {
        #[cfg(feature = "riffyn")]
        round_trips::<crate::riffyn::RiffynStep>();
        #[cfg(feature = "belvo")]
        round_trips::<crate::belvo::BelvoStep>();
        #[cfg(feature = "onelogin")]
        {
            round_trips::<Vec<crate::onelogin::OneLoginDevice>>();
            round_trips::<crate::onelogin::OneLoginVerification>();
            round_trips::<crate::onelogin::OneLoginMfaToken>();
        }
    }
}
