//! OneLogin v1 MFA requests and answers as pure functions (no I/O).
//!
//! Error mapping (API.md "Mapping answers the APIs leave undocumented"): 429 → `rate_limited`;
//! "Insufficient Permission" → `forbidden`; other 401 → `unauthorized`; 404 → `not_found`; at
//! verify, "pending" (any 2xx/4xx) → `PENDING`, "denied"/"rejected" → `rejected`, "expired" →
//! `expired`, a 401 whose message is about the access token → `unauthorized`, other 400/401 →
//! `invalid_code`. A 2xx whose `status` says `error: true` with a 4xx/5xx `code` is read as that
//! code.

use super::model::{
    DeviceId, OneLoginActivateInput, OneLoginActivation, OneLoginAuthFactor, OneLoginDevice,
    OneLoginEnrollInput, OneLoginMfaToken, OneLoginMfaTokenInput, OneLoginVerification,
    OneLoginVerifyInput, UserId,
};
use super::status::*;
pub(crate) use super::status::{check, refuses_token};
use super::wire::{Json, StatusInfo};
use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::exchange::shape_error;
use crate::http::{HttpRequest, HttpResponse};
use crate::json::JsonObject;
use crate::ops::{self, OperationName};
use crate::time;

pub(super) const PROVIDER: MfaProvider = MfaProvider::OneLogin;
/// The state token's life when `stateTokenExpiresIn` is not given (digest §2.4).
pub(crate) const DEFAULT_STATE_TOKEN_SECS: u32 = 120;
/// The lifetimes a caller may set, in seconds: at most this, and what a larger one says.
const STATE_TOKEN_LIFE: (u32, &str) = (900, "stateTokenExpiresIn: must be 1 to 900 seconds");
const MFA_TOKEN_LIFE: (u32, &str) = (259_200, "expiresIn: must be 1 to 259200 seconds");

/// Which call an answer belongs to: which mapping an error answer gets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Phase {
    /// Factor management, token generation.
    Manage,
    /// `POST …/verify`: 400/401 usually mean a wrong code.
    Verify,
}

/// `name`'s request for `user` (and `device`), from the table of operations.
fn user_request(
    config: &ClientConfig,
    name: OperationName,
    user: UserId,
    device: Option<&DeviceId>,
) -> HttpRequest {
    let user = crate::text::uint(user.get(), 0);
    match device {
        Some(device) => ops::request(config, name, &[&user, device.as_str()]),
        None => ops::request(config, name, &[&user]),
    }
}

/// [`user_request`] with a JSON body.
fn user_post(
    config: &ClientConfig,
    name: OperationName,
    (user, device): (UserId, Option<&DeviceId>),
    body: JsonObject,
) -> HttpRequest {
    user_request(config, name, user, device).json_body(body.finish())
}

/// Adds `Authorization: Bearer …` and remembers the token as a secret.
pub(crate) fn authorize(request: HttpRequest, access_token: &str) -> HttpRequest {
    let mut value = String::from("Bearer ");
    value.push_str(access_token);
    request.header("Authorization", value).secret(access_token)
}

/// `bad_response` from OneLogin: the answer does not have the shape `what` says.
#[inline(always)]
fn bad_shape(res: &HttpResponse, what: &'static str) -> Error {
    shape_error(PROVIDER, res, what)
}

/// A lifetime the caller may set: absent, or 1 to `max` seconds.
///
/// # Errors
/// `invalid_input` with `err` outside 1..=`max`.
fn lifetime(secs: Option<u32>, (max, err): (u32, &'static str)) -> Result<Option<u64>> {
    match secs {
        Some(secs) if !(1..=max).contains(&secs) => Err(Error::invalid_input(err)),
        secs => Ok(secs.map(u64::from)),
    }
}

fn non_blank<'a>(value: &'a Option<String>, err: &'static str) -> Result<Option<&'a str>> {
    match value.as_deref().map(str::trim) {
        Some("") => Err(Error::invalid_input(err)),
        other => Ok(other),
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

/// `GET …/auth_factors` (docs, legacy SDKs) or, as a fallback, `…/auth_factor` (spec, O-py).
pub fn build_available_factors(config: &ClientConfig, user: UserId, singular: bool) -> HttpRequest {
    let name = OperationName::OneLoginAvailableFactors;
    let route = name
        .routes()
        .nth(usize::from(singular))
        .unwrap_or(name.route());
    config.request(
        route.method,
        &route.path(&[&crate::text::uint(user.get(), 0)]),
    )
}

/// `GET …/otp_devices`.
pub fn build_enrolled_factors(config: &ClientConfig, user: UserId) -> HttpRequest {
    user_request(config, OperationName::OneLoginEnrolledFactors, user, None)
}

/// `POST …/otp_devices` with `{factor_id, display_name, number?, verified?}`.
///
/// # Errors
/// `invalid_input` for a zero `factorId` or a blank `displayName` / `number`.
pub fn build_enroll(
    config: &ClientConfig,
    user: UserId,
    input: &OneLoginEnrollInput,
) -> Result<HttpRequest> {
    if input.factor_id == 0 {
        return Err(Error::invalid_input("factorId: must be a positive integer"));
    }
    let display_name = input.display_name.trim();
    if display_name.is_empty() {
        return Err(Error::invalid_input("displayName: must not be empty"));
    }
    // `{factor_id, display_name, number?, verified?}`.
    let mut body = JsonObject::new();
    body.uint("factor_id", input.factor_id);
    body.str("display_name", display_name);
    body.opt_str(
        "number",
        non_blank(&input.number, "number: must not be empty")?,
    );
    body.opt_bool("verified", input.verified);
    Ok(user_post(
        config,
        OperationName::OneLoginEnrollFactor,
        (user, None),
        body,
    ))
}

/// `POST …/otp_devices/{device_id}/trigger` with the optional settings (`{}` when none).
///
/// # Errors
/// `invalid_input` for `stateTokenExpiresIn` outside 1..=900 or a blank `smsMessage`.
pub fn build_activate(
    config: &ClientConfig,
    user: UserId,
    device: &DeviceId,
    input: &OneLoginActivateInput,
) -> Result<HttpRequest> {
    // Every field optional.
    let mut body = JsonObject::new();
    let secs = lifetime(input.state_token_expires_in, STATE_TOKEN_LIFE)?;
    body.opt_uint("state_token_expires_in", secs);
    body.opt_bool("numeric_sms_otp", input.numeric_sms_otp);
    body.opt_str(
        "sms_message",
        non_blank(&input.sms_message, "smsMessage: must not be empty")?,
    );
    Ok(user_post(
        config,
        OperationName::OneLoginActivateFactor,
        (user, Some(device)),
        body,
    ))
}

/// `POST …/otp_devices/{device_id}/verify` with `{state_token?, otp_token?}`.
///
/// # Errors
/// `invalid_input` when neither token is given or `expiresAt` is not a timestamp; `expired`
/// when `expiresAt` is past at `now_ms` (nothing is sent).
pub fn build_verify(
    config: &ClientConfig,
    user: UserId,
    device: &DeviceId,
    input: &OneLoginVerifyInput,
    now_ms: f64,
) -> Result<HttpRequest> {
    let state_token = non_blank(&input.state_token, "stateToken: must not be empty")?;
    let otp_token = non_blank(&input.otp_token, "otpToken: must not be empty")?;
    if state_token.is_none() && otp_token.is_none() {
        return Err(Error::invalid_input("stateToken or otpToken is required"));
    }
    if let Some(at) = &input.expires_at {
        check_not_expired(at, now_ms)?;
    }
    let mut body = JsonObject::new();
    body.opt_str("state_token", state_token);
    body.opt_str("otp_token", otp_token);
    let mut req = user_post(
        config,
        OperationName::OneLoginVerifyFactor,
        (user, Some(device)),
        body,
    );
    for secret in [state_token, otp_token].into_iter().flatten() {
        req = req.secret(secret);
    }
    Ok(req)
}

/// Fails with `expired` when the timestamp `at` is not after `now_ms`.
///
/// # Errors
/// `invalid_input` when `at` is not a timestamp; `expired`.
pub fn check_not_expired(at: &str, now_ms: f64) -> Result<f64> {
    let deadline = time::parse_timestamp(at)
        .ok_or_else(|| Error::invalid_input("expiresAt: must be an ISO-8601 timestamp"))?;
    if now_ms >= deadline {
        return Err(Error::new(
            MfaErrorCode::Expired,
            "the state token has expired; activate the factor again",
        )
        .provider(PROVIDER));
    }
    Ok(deadline)
}

/// `DELETE …/otp_devices/{device_id}`.
pub fn build_remove(config: &ClientConfig, user: UserId, device: &DeviceId) -> HttpRequest {
    user_request(
        config,
        OperationName::OneLoginRemoveFactor,
        user,
        Some(device),
    )
}

/// `POST …/mfa_token` with `{expires_in?, reusable?}` (an int and a bool).
///
/// # Errors
/// `invalid_input` for `expiresIn` outside 1..=259200.
pub fn build_mfa_token(
    config: &ClientConfig,
    user: UserId,
    input: &OneLoginMfaTokenInput,
) -> Result<HttpRequest> {
    // Ints and bools, not the docs' strings.
    let mut body = JsonObject::new();
    body.opt_uint("expires_in", lifetime(input.expires_in, MFA_TOKEN_LIFE)?);
    body.opt_bool("reusable", input.reusable);
    Ok(user_post(
        config,
        OperationName::OneLoginGenerateMfaToken,
        (user, None),
        body,
    ))
}

// ---------------------------------------------------------------------------------------------
// Answers

/// Available factors. `Ok(None)`: a 404 that says the route is unknown while `may_fall_back`
/// (retry with `/auth_factor`). A 404 about the user ("User for id … was not found") is
/// `not_found`; any other 404 (`"No Route Exists"`, an empty or non-JSON body) means the
/// plural path is not served.
///
/// # Errors
/// The mapped error, or `bad_response`.
pub fn parse_available_factors(
    res: &HttpResponse,
    may_fall_back: bool,
) -> Result<Option<Vec<OneLoginAuthFactor>>> {
    if may_fall_back && no_route(res) {
        return Ok(None);
    }
    let (body, info) = read(res);
    success(res, &info, Phase::Manage)?;
    let bad = || bad_shape(res, "expected data.auth_factors with factor_id and name");
    body.get("data")
        .records("auth_factors")
        .ok_or_else(bad)?
        .into_iter()
        .map(|f| {
            Some(OneLoginAuthFactor {
                factor_id: f.get("factor_id").id()?,
                name: f
                    .get("name")
                    .string()
                    .or_else(|| f.get("auth_factor_name").string())?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(Some)
        .ok_or_else(bad)
}

/// Whether a 404 says the route is not served rather than the user missing (any 404 but
/// "User for id … was not found").
pub(crate) fn no_route(res: &HttpResponse) -> bool {
    res.status == 404 && !read(res).1.words().contains("user")
}

/// Enrolled devices (`data.otp_devices`).
///
/// # Errors
/// The mapped error, or `bad_response`.
pub fn parse_enrolled_factors(res: &HttpResponse) -> Result<Vec<OneLoginDevice>> {
    let (body, info) = read(res);
    success(res, &info, Phase::Manage)?;
    devices(res, &body)
}

/// The enrolled device (`data[0]`).
///
/// # Errors
/// The mapped error, or `bad_response`.
pub fn parse_enroll(res: &HttpResponse) -> Result<OneLoginDevice> {
    let (body, info) = read(res);
    success(res, &info, Phase::Manage)?;
    devices(res, &body)?
        .into_iter()
        .next()
        .ok_or_else(|| bad_shape(res, "expected the enrolled device in data"))
}

/// The devices of `data`: an array, `{otp_devices:[…]}`, or one object.
fn devices(res: &HttpResponse, body: &Json) -> Result<Vec<OneLoginDevice>> {
    body.get("data")
        .records("otp_devices")
        .and_then(|list| list.into_iter().map(device).collect::<Option<Vec<_>>>())
        .ok_or_else(|| bad_shape(res, "expected devices with an id in data"))
}

/// A device; `None` without an id or with a field of the wrong type (never coerced).
fn device(d: &Json) -> Option<OneLoginDevice> {
    let flag = |key: &str| d.get(key).opt_bool().ok();
    let text = |key: &str| {
        let value = d.get(key).opt_str().ok()?;
        Some(value.filter(|s| !s.trim().is_empty()).map(str::to_string))
    };
    Some(OneLoginDevice {
        id: d.get("id").id().or_else(|| d.get("device_id").id())?,
        active: flag("active")?,
        default: flag("default")?,
        needs_trigger: flag("needs_trigger")?,
        state_token: text("state_token")?,
        auth_factor_name: text("auth_factor_name")?,
        type_display_name: text("type_display_name")?,
        user_display_name: text("user_display_name")?,
        phone_number: text("phone_number")?,
    })
}

/// The trigger's answer as an activation expiring `expires_in_secs` after `sent_at_ms`.
/// `deviceId` is the answer's `device_id`, else its `id`, else `fallback_device`.
///
/// # Errors
/// The mapped error, or `bad_response` without a state token or a device id.
pub fn parse_activate(
    res: &HttpResponse,
    sent_at_ms: f64,
    expires_in_secs: u32,
    fallback_device: Option<u64>,
) -> Result<OneLoginActivation> {
    let (body, info) = read(res);
    success(res, &info, Phase::Manage)?;
    let bad = || bad_shape(res, "expected a device id and a state_token in data");
    let records = body.get("data").records("otp_devices").ok_or_else(bad)?;
    let first = records.first().ok_or_else(bad)?;
    Ok(OneLoginActivation {
        device_id: first
            .get("device_id")
            .id()
            .or_else(|| first.get("id").id())
            .or(fallback_device)
            .ok_or_else(bad)?,
        state_token: first.get("state_token").string().ok_or_else(bad)?,
        expires_at: time::format_iso(sent_at_ms + f64::from(expires_in_secs) * 1000.0),
        message: res.said(info.message),
        auth_factor_name: first.get("auth_factor_name").string(),
    })
}

/// The verify answer: `VERIFIED`, `PENDING` (a push not answered yet), or the mapped error.
///
/// # Errors
/// `rejected`, `expired`, `invalid_code`, `unauthorized`, `rate_limited`… (module docs).
pub fn parse_verify(res: &HttpResponse) -> Result<OneLoginVerification> {
    let (_, info) = read(res);
    let status = effective_status(res, &info);
    let words = info.words();
    if (200..500).contains(&status) && status != 429 && words.contains("pending") {
        return Ok(OneLoginVerification::Pending {
            message: res.said(info.message),
        });
    }
    if (200..300).contains(&status) && is_denial(&words) {
        return Err(error_of(MfaErrorCode::Rejected, res, &info));
    }
    success(res, &info, Phase::Verify)?;
    // Fail closed: only an answer that says it succeeded, and says nothing against it,
    // verifies. A proxy's HTML page, an empty or cut body, an error type, an error code, a
    // string where a boolean belongs or "expired"/"invalid" wording is never a passed check.
    if words.contains("expired") {
        return Err(error_of(MfaErrorCode::Expired, res, &info));
    }
    if ["invalid", "incorrect", "wrong"]
        .iter()
        .any(|w| words.contains(w))
    {
        return Err(error_of(MfaErrorCode::InvalidCode, res, &info));
    }
    let is =
        |value: &Option<String>, word: &str| value.as_deref().map(|v| v.eq_ignore_ascii_case(word));
    let contradicted = info.malformed
        || info.error == Some(true)
        || is(&info.kind, "success") == Some(false)
        || is(&info.state, "accepted") == Some(false)
        || info.code.is_some_and(|c| !(200.0..300.0).contains(&c));
    let affirmative = is(&info.kind, "success") == Some(true)
        || is(&info.state, "accepted") == Some(true)
        || info.error == Some(false);
    if contradicted || !affirmative {
        return Err(bad_shape(
            res,
            "the verify answer does not say it succeeded",
        ));
    }
    Ok(OneLoginVerification::Verified {
        message: res.said(info.message),
    })
}

/// A removal's answer (any 2xx).
///
/// # Errors
/// The mapped error.
pub fn parse_remove(res: &HttpResponse) -> Result<()> {
    check(res, Phase::Manage)
}

/// The temporary MFA token: flat `{mfa_token, reusable|resuable, expires_at}` (docs, spec), or
/// the same inside `data`. `reusable` defaults to what was asked for.
///
/// # Errors
/// The mapped error, or `bad_response` without `mfa_token`.
pub fn parse_mfa_token(
    res: &HttpResponse,
    requested_reusable: Option<bool>,
) -> Result<OneLoginMfaToken> {
    let (body, info) = read(res);
    success(res, &info, Phase::Manage)?;
    let bad = || bad_shape(res, "expected mfa_token");
    let token = body.flat_or_data("mfa_token").ok_or_else(bad)?;
    Ok(OneLoginMfaToken {
        mfa_token: token.get("mfa_token").string().ok_or_else(bad)?,
        reusable: match (
            token.get("reusable").opt_bool(),
            token.get("resuable").opt_bool(),
        ) {
            (Ok(given), Ok(misspelt)) => given.or(misspelt).or(requested_reusable),
            _ => return Err(bad_shape(res, "reusable is not a boolean")),
        }
        .unwrap_or(false),
        expires_at: token
            .get("expires_at")
            .text()
            .map(|t| match time::parse_timestamp(t) {
                Some(ms) => time::format_iso(ms),
                None => crate::error::clip(t.to_string()),
            }),
    })
}

/// The body (`null` when not JSON) and what it says about the outcome.
pub(crate) fn read(res: &HttpResponse) -> (Json, StatusInfo) {
    let body = Json::parse(&res.body).unwrap_or_default();
    let info = StatusInfo::of(&body);
    (body, info)
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
