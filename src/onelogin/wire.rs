//! OneLogin wire shapes (snake_case), read leniently.
//!
//! The v1 API's shapes wobble between its docs, its spec and its SDK (digest §2.4): bodies come
//! wrapped in `{status, data}`, as a flat `Error`, or as v2's `{statusCode, name, message}`;
//! `message` may be an object with `description`; `data` may be an array, `{otp_devices:[…]}` or
//! one object; ids may be numbers or strings; the temp-token flag may be spelled `resuable`.
//!
//! So an answer is read once into the crate's [`Json`] tree and navigated with accessors that
//! return `None` for whatever is missing or of another type (no derive per shape, no `untagged`
//! buffering). Unknown fields are ignored by construction.

pub(crate) use crate::json::Json;
use crate::prelude::*;

/// What any body says about the outcome: the `status` object of the v1 envelope, a flat
/// `Error`, v2's `{statusCode, name, message}`, or v2's bare `status: "pending"`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct StatusInfo {
    /// `type` (`"bad request"`, `"Unauthorized"`…) or v2's `name`.
    pub kind: Option<String>,
    /// `message`, or `message.description`.
    pub message: Option<String>,
    /// `code` or v2's `statusCode`.
    pub code: Option<f64>,
    /// `error`.
    pub error: Option<bool>,
    /// A string `status` (v2 verification poll: `pending` / `accepted` / `rejected`).
    pub state: Option<String>,
    /// `status`, `error` or `code` is given with a type it never has (`"error": "false"`): a
    /// verification fails closed on it.
    pub malformed: bool,
}

impl StatusInfo {
    /// Reads a body leniently; anything that is not a JSON object gives an empty info.
    #[cfg(test)]
    pub(crate) fn read(body: &str) -> StatusInfo {
        Json::parse(body).map_or_else(StatusInfo::default, |j| StatusInfo::of(&j))
    }

    /// The status of a parsed body.
    pub(crate) fn of(top: &Json) -> StatusInfo {
        let status = top.get("status");
        let null = Json::Null;
        let inner = if status.is_object() { status } else { &null };
        let errors = [inner.get("error"), top.get("error")];
        let codes = [inner.get("code"), top.get("code"), top.get("statusCode")];
        StatusInfo {
            kind: inner
                .get("type")
                .non_blank_string()
                .or_else(|| top.get("type").non_blank_string())
                .or_else(|| top.get("name").non_blank_string()),
            message: inner
                .get("message")
                .message()
                .or_else(|| top.get("message").message()),
            code: codes
                .iter()
                .find_map(|c| c.uint_or_decimal())
                .map(|n| n as f64),
            error: errors.iter().find_map(|e| e.flag()),
            state: status.non_blank_string(),
            malformed: errors
                .iter()
                .any(|e| !matches!(e, Json::Null | Json::Bool(_)))
                || codes
                    .iter()
                    .any(|c| !c.is_null() && c.uint_or_decimal().is_none())
                || !matches!(status, Json::Null | Json::Obj(_) | Json::Str(_)),
        }
    }

    /// Lower-cased `type`, `message` and `state`, for keyword matching.
    pub(crate) fn words(&self) -> String {
        let mut s = String::new();
        for part in [&self.kind, &self.message, &self.state]
            .into_iter()
            .flatten()
        {
            s.push_str(&part.to_ascii_lowercase());
            s.push(' ');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_info_reads_every_envelope() {
        let v1 = StatusInfo::read(
            r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#,
        );
        assert_eq!(v1.kind.as_deref(), Some("Unauthorized"));
        assert_eq!(v1.message.as_deref(), Some("Authentication Failure"));
        assert_eq!((v1.code, v1.error), (Some(401.0), Some(true)));

        let flat = StatusInfo::read(
            r#"{"error":true,"code":"400","type":"bad request","message":"Nope"}"#,
        );
        assert_eq!(
            (flat.code, flat.message.as_deref()),
            (Some(400.0), Some("Nope"))
        );

        let v2 = StatusInfo::read(
            r#"{"statusCode":401,"name":"UnauthorizedError","message":"This request requires Authentication"}"#,
        );
        assert_eq!(v2.kind.as_deref(), Some("UnauthorizedError"));
        assert_eq!(v2.code, Some(401.0));

        let desc =
            StatusInfo::read(r#"{"status":{"code":400,"message":{"description":"Bad thing"}}}"#);
        assert_eq!(desc.message.as_deref(), Some("Bad thing"));

        let poll = StatusInfo::read(r#"{"id":"x","status":"pending","device_id":"3919988"}"#);
        assert_eq!(poll.state.as_deref(), Some("pending"));
        assert!(poll.words().contains("pending"));
    }

    #[test]
    fn status_info_never_fails() {
        for body in [
            "",
            "null",
            "[]",
            "42",
            "\"x\"",
            "<html>",
            "{",
            r#"{"status":[1,2]}"#,
            r#"{"status":{"message":[{"a":1}],"code":{"x":1},"error":"yes"}}"#,
            r#"{"status":null,"message":null,"code":-5}"#,
            r#"{"message":{"nested":{"description":1}}}"#,
        ] {
            let info = StatusInfo::read(body);
            assert_eq!(info.code, None, "{body}");
            assert_eq!(
                info.malformed,
                body.contains("error\":\"yes") || body.contains("[1,2]") || body.contains("-5"),
                "{body}"
            );
        }
    }
}
