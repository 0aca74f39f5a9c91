//! What mfa-flows uses of [tsify](https://crates.io/crates/tsify) 0.5.8, without std.
//!
//! tsify's derive writes each model's TypeScript declaration into the `.d.ts`, and its [`Ts`]
//! wrapper types a `#[wasm_bindgen]` parameter as that model. The `tsify` crate itself links std
//! (for its serde-wasm-bindgen conversions, which mfa-flows does not use: inputs are read by
//! `crate::input`), and a module that links std cannot have its own panic handler, which is what
//! keeps std's panic formatting out of every browser module (bench/RESULTS.md). So the derive
//! (`tsify-macros`, unchanged) expands against this crate, which mfa-flows renames to `tsify`:
//! the same trait, the same `.d.ts`.
#![no_std]

use core::marker::PhantomData;
use wasm_bindgen::convert::{FromWasmAbi, OptionFromWasmAbi};
use wasm_bindgen::describe::WasmDescribe;
use wasm_bindgen::{JsCast, JsValue};

pub use tsify_macros::*;

/// Read by the derive's expansion; the serde-wasm-bindgen settings tsify would apply.
pub struct SerializationConfig {
    /// `None` as `null`.
    pub missing_as_null: bool,
    /// Maps as plain objects.
    pub hashmap_as_object: bool,
    /// 64-bit integers as `BigInt`.
    pub large_number_types_as_bigints: bool,
}

/// A type with a TypeScript declaration (`#[derive(Tsify)]`).
pub trait Tsify {
    /// The declared TypeScript type, as an imported JS type.
    type JsType: JsCast;
    /// The declaration.
    const DECL: &'static str;
    /// Unused here (tsify's conversions).
    const SERIALIZATION_CONFIG: SerializationConfig = SerializationConfig {
        missing_as_null: false,
        hashmap_as_object: false,
        large_number_types_as_bigints: false,
    };
}

/// A `#[wasm_bindgen]` parameter typed `T` in the `.d.ts`: a JS value, read by the callee. tsify
/// 0.5.8's `Ts` (MIT OR Apache-2.0), reduced to what a parameter needs.
#[repr(transparent)]
pub struct Ts<T: Tsify>(T::JsType, PhantomData<T>);

impl<T: Tsify> Ts<T> {
    /// The JS value (the handle cloned).
    pub fn js_value(&self) -> JsValue {
        self.0.unchecked_ref::<JsValue>().clone()
    }
}

impl<T: Tsify> WasmDescribe for Ts<T>
where
    T::JsType: WasmDescribe,
{
    fn describe() {
        T::JsType::describe()
    }
}

impl<T: Tsify> FromWasmAbi for Ts<T>
where
    T::JsType: FromWasmAbi,
{
    type Abi = <T::JsType as FromWasmAbi>::Abi;

    unsafe fn from_abi(js: Self::Abi) -> Self {
        Self(T::JsType::from_abi(js), PhantomData)
    }
}

impl<T: Tsify> OptionFromWasmAbi for Ts<T>
where
    T::JsType: OptionFromWasmAbi,
{
    fn is_none(abi: &Self::Abi) -> bool {
        T::JsType::is_none(abi)
    }
}
