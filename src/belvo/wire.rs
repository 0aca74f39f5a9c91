//! Belvo's wire models (snake_case JSON, digest §1.3–1.6). Answers are read through the crate's
//! [`Json`] tree: every field is optional, unknown fields are ignored and scalars are read
//! leniently (`expiry` comes as `9600` or `"720"`, the input flag as `expects_user_input` or
//! `expect_user_input`). Request bodies are written with `json::JsonObject`.

use crate::json::Json;
use crate::prelude::*;

/// Belvo's error body: an array of items (also the 428 `TokenRequiredResponse`), or the legacy
/// single object `{"detail": "Token Required", session, expiry, link}` (one item). Items that
/// are not objects read as empty items. `None` for any other value (the caller treats the body
/// as not Belvo's).
pub(crate) fn items(body: &Json) -> Option<Vec<&Json>> {
    match body {
        Json::Arr(items) => Some(items.iter().collect()),
        Json::Obj(_) => Some(vec![body]),
        _ => None,
    }
}
