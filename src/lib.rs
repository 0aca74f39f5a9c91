//! # mfa-flows
//!
//! Multi-factor-authentication flows for three public APIs, as a pure-Rust core compiled to
//! WebAssembly and shipped as the npm package `mfa-flows`:
//!
//! - [`riffyn`]: login → `MFA_REQUIRED` with a `stateToken` → verify a TOTP pass code;
//! - [`belvo`]: a call answers HTTP 428 `token_required` → resume it with the session and token;
//! - [`onelogin`]: OneLogin API v1 MFA (factors, enroll, trigger, verify by OTP or push, remove,
//!   temporary MFA token).
//!
//! The core is sans-IO: each provider builds [`http::HttpRequest`] values and reads
//! [`http::HttpResponse`] values with pure functions; [`exchange::exchange`] sends them over any
//! [`http::Transport`]. The `wasm` module (wasm32 only) binds them to JS with a `fetch` transport.
// The browser modules are `no_std`, so that a panic (which the crate never means to reach, but
// capacity overflows and the like remain reachable) traps without std's panic hook and most of
// its formatting: 0.6 to 1.9 KiB less per module (bench/RESULTS.md, fifth round). Native builds
// and the proxy's module keep std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "proxy")), no_std)]
#![warn(missing_docs)]
// A build with only some features (one npm entry's module) leaves shared helpers unused; the
// default build, which has every feature, still reports dead code.
#![cfg_attr(
    not(all(
        feature = "riffyn",
        feature = "belvo",
        feature = "onelogin",
        feature = "totp"
    )),
    allow(dead_code, unused_imports)
)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]
// clippy.toml's disallowed methods and types are the browser modules' rules (size, no_std, JS
// calls that may throw); the unit tests run natively with std, where none of that applies.
#![cfg_attr(
    test,
    allow(
        clippy::disallowed_methods,
        clippy::disallowed_types,
        reason = "native test code: the browser modules' rules do not apply"
    )
)]

extern crate alloc;

#[cfg(feature = "belvo")]
pub mod belvo;
#[cfg(any(feature = "riffyn", feature = "belvo", feature = "onelogin"))]
pub mod challenge;
pub mod config;
pub mod error;
pub mod events;
pub mod exchange;
pub mod http;
pub(crate) mod input;
pub mod json;
#[cfg(feature = "onelogin")]
pub mod onelogin;
pub mod ops;
pub(crate) mod output;
mod prelude;
#[cfg(feature = "proxy")]
#[allow(
    clippy::disallowed_methods,
    reason = "the proxy's module keeps std and has no size budget"
)]
pub mod proxy;
pub(crate) mod redact;
#[cfg(feature = "riffyn")]
pub mod riffyn;
// A value computed once and awaited by many (OneLogin's shared token request).
pub(crate) mod slot;
pub(crate) mod text;
pub mod time;
#[cfg(feature = "totp")]
pub mod totp;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(target_arch = "wasm32")]
mod wasm;

// talc instead of the default dlmalloc: fewer bytes in every module, memory flat over 100,000
// flows (bench/RESULTS.md). Single-threaded wasm only, as the module is built.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic traps (`unreachable`), which the JS glue sees as a `RuntimeError`: what
/// `panic = "abort"` does, without formatting the message first.
#[cfg(all(target_arch = "wasm32", not(feature = "proxy"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

pub use error::{Error, MfaErrorCode, MfaProvider, Result};
