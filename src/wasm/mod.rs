//! The JS boundary: the only code that touches `#[wasm_bindgen]` exports. It converts JS values
//! to the core's types, runs the core's flows over the fetch transport, and turns every error
//! into an `MfaError`.
//!
//! Each provider's client and `totp` are behind their cargo feature, so that one npm entry's
//! module holds only its exports; `toChallenge` comes with any provider.

use crate::prelude::*;

mod abort;
#[cfg(feature = "belvo")]
mod belvo;
#[cfg(any(feature = "riffyn", feature = "belvo", feature = "onelogin"))]
mod challenge;
mod error;
mod events;
mod fetch;
#[cfg(feature = "onelogin")]
mod onelogin;
mod options;
#[cfg(feature = "proxy")]
mod proxy;
#[cfg(feature = "riffyn")]
mod riffyn;
#[cfg(any(feature = "riffyn", feature = "belvo", feature = "onelogin"))]
mod steps;
pub(crate) mod sys;
#[cfg(feature = "totp")]
mod totp;
pub(crate) mod util;

/// The crate's version (Cargo.toml's, the one source), read once by the package's entries as
/// `VERSION` and by the build for package.json.
#[wasm_bindgen::prelude::wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
