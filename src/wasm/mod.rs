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
#[cfg(feature = "server")]
mod server;
mod totp;
mod util;
