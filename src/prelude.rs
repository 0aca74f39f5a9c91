//! What std's prelude gives and a `no_std` build (the browser modules) must import:
//! `use crate::prelude::*;` in every module that needs it.

// With std (native builds, the proxy's module) std's own prelude serves some of these first.
#![allow(unused_imports)]

pub use alloc::borrow::ToOwned;
pub use alloc::boxed::Box;
pub use alloc::string::{String, ToString};
pub use alloc::vec;
pub use alloc::vec::Vec;
