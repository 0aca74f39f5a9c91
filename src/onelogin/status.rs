//! How OneLogin's answers fail: the status (or a contradicting body `code`), the error wording,
//! and the one mapping onto `MfaErrorCode` (with OneLogin's overrides of `error::status_code`).

use super::flow::{read, Phase, PROVIDER};
use super::wire::StatusInfo;
use crate::error::{Error, MfaErrorCode, Result};
use crate::http::HttpResponse;
use crate::prelude::*;
use crate::text;

/// The HTTP status, or the body's `code` when a 2xx says a 4xx/5xx code (whatever its `error`
/// flag says: a contradiction reads as the failure).
pub(super) fn effective_status(res: &HttpResponse, info: &StatusInfo) -> u16 {
    match (res.is_success(), info.code) {
        (true, Some(code)) if (400.0..600.0).contains(&code) => code as u16,
        _ => res.status,
    }
}

/// `Ok` for a success, else the mapped error.
///
/// # Errors
/// The error the answer maps to.
pub(crate) fn check(res: &HttpResponse, op: Phase) -> Result<()> {
    success(res, &read(res).1, op)
}

/// `Ok` when the answer, read as `info`, is a success; else the mapped error.
pub(super) fn success(res: &HttpResponse, info: &StatusInfo, op: Phase) -> Result<()> {
    let status = effective_status(res, info);
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(api_error(res, status, info, op))
    }
}

/// Whether the answer is the bearer check refusing the access token: a 401 whose message or
/// type names the token (OneLogin's "Authentication Failure"). Only then was the request not
/// processed, so a client with client credentials renews the token and resends it once. Any
/// other 401 (a wrong OTP, an empty body) is never replayed.
pub(crate) fn refuses_token(res: &HttpResponse) -> bool {
    let info = read(res).1;
    effective_status(res, &info) == 401 && info.message.is_some() && is_auth_failure(&info)
}

pub(super) fn is_denial(words: &str) -> bool {
    ["denied", "rejected", "declined"]
        .iter()
        .any(|w| text::contains(words, w))
}

/// A 401 about the API client's access token rather than the user's code.
pub(super) fn is_auth_failure(info: &StatusInfo) -> bool {
    let Some(message) = info.message.as_deref() else {
        return true;
    };
    let m = message.to_ascii_lowercase();
    [
        "authentication failure",
        "requires authentication",
        "access token",
        "access_token",
        "invalid_token",
        "bearer",
    ]
    .iter()
    .any(|w| text::contains(&m, w))
        || info.kind.as_deref() == Some("UnauthorizedError")
}

pub(super) fn classify(status: u16, info: &StatusInfo, op: Phase) -> MfaErrorCode {
    use MfaErrorCode::*;
    let words = info.words();
    // A refused code, unless the access token itself was refused.
    let verify = op == Phase::Verify
        && (400..=499).contains(&status)
        && !(status == 401 && is_auth_failure(info));
    match crate::error::status_code(status) {
        code @ (RateLimited | ServerError) => code,
        _ if text::contains(&words, "insufficient permission") => Forbidden,
        _ if verify && is_denial(&words) => Rejected,
        _ if verify && text::contains(&words, "expired") => Expired,
        _ if verify && status <= 401 => InvalidCode,
        code => code,
    }
}

/// The error for an answer read as `status`.
pub(crate) fn api_error(res: &HttpResponse, status: u16, info: &StatusInfo, op: Phase) -> Error {
    error_of(classify(status, info, op), res, info)
}

pub(super) fn error_of(code: MfaErrorCode, res: &HttpResponse, info: &StatusInfo) -> Error {
    // Clipped before the trim: a message of control characters clips to nothing.
    let message = info
        .message
        .as_deref()
        .map(|m| crate::error::clip(m.to_string()).trim().to_string());
    crate::error::api_error(PROVIDER, code, res, message)
        .provider_code(info.kind.clone())
        .request_id(res.header("x-request-id").map(str::to_string))
}
