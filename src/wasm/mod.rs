//! The JS boundary: the only code that touches `#[wasm_bindgen]` exports. It converts JS values
//! to the core's types, runs the core's flows over the fetch transport, and turns every error
//! into an `MfaError`.

mod abort;
mod belvo;
mod challenge;
mod error;
mod fetch;
mod onelogin;
mod options;
mod riffyn;
mod totp;
mod util;

/// The crate's version (Cargo.toml's, the one source), read once by the package's entries as
/// `VERSION` and by the build for package.json.
#[wasm_bindgen::prelude::wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
