//! `Debug` for the types that hold secrets, declared field by field so that what is shown and
//! what is hidden reads in one line.

/// What a hidden field prints.
pub(crate) const REDACTED: &str = "<redacted>";

/// `impl Debug` for a struct, its fields in the given order: `name` shows the value,
/// `name: hidden` prints `"<redacted>"`, `name: hidden_some` prints `Some("<redacted>")` or
/// `None`; the last word is the `DebugStruct` method that ends it (`finish`, or
/// `finish_non_exhaustive` when fields are left out).
macro_rules! redacted_debug {
    (@show $value:expr) => { &$value };
    (@show $value:expr, hidden) => { &$crate::redact::REDACTED };
    (@show $value:expr, hidden_some) => {
        &$value.as_ref().map(|_| $crate::redact::REDACTED)
    };
    ($name:ident { $($field:ident $(: $how:ident)?),+ $(,)? } $finish:ident) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(
                        stringify!($field),
                        $crate::redact::redacted_debug!(@show self.$field $(, $how)?),
                    ))+
                    .$finish()
            }
        }
    };
}
pub(crate) use redacted_debug;
