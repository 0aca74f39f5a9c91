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
use crate::prelude::*;
use crate::{text, time};

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
    config
        .request(
            route.method,
            &route.path(&[&crate::text::uint(user.get(), 0)]),
        )
        .operation(name)
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
                factor_id: f.get("factor_id").uint_or_decimal()?,
                name: f
                    .get("name")
                    .non_blank_string()
                    .or_else(|| f.get("auth_factor_name").non_blank_string())?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(Some)
        .ok_or_else(bad)
}

/// Whether a 404 says the route is not served rather than the user missing (any 404 but
/// "User for id … was not found").
pub(crate) fn no_route(res: &HttpResponse) -> bool {
    res.status == 404 && !text::contains(&read(res).1.words(), "user")
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
        id: d
            .get("id")
            .uint_or_decimal()
            .or_else(|| d.get("device_id").uint_or_decimal())?,
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
            .uint_or_decimal()
            .or_else(|| first.get("id").uint_or_decimal())
            .or(fallback_device)
            .ok_or_else(bad)?,
        state_token: first
            .get("state_token")
            .non_blank_string()
            .ok_or_else(bad)?,
        expires_at: time::format_iso(sent_at_ms + f64::from(expires_in_secs) * 1000.0),
        message: res.said(info.message),
        auth_factor_name: first.get("auth_factor_name").non_blank_string(),
    })
}

/// The verify answer: `VERIFIED`, `PENDING` (a push not answered yet), or the mapped error.
///
/// # Errors
/// `rejected`, `expired`, `invalid_code`, `unauthorized`, `rate_limited`… (module docs).
pub fn parse_verify(res: &HttpResponse) -> Result<OneLoginVerification> {
    let (body, info) = read(res);
    let status = effective_status(res, &info);
    let words = info.words();
    if (200..500).contains(&status) && status != 429 && text::contains(&words, "pending") {
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
    if text::contains(&words, "expired") {
        return Err(error_of(MfaErrorCode::Expired, res, &info));
    }
    if ["invalid", "incorrect", "wrong"]
        .iter()
        .any(|w| text::contains(&words, w))
    {
        return Err(error_of(MfaErrorCode::InvalidCode, res, &info));
    }
    let is =
        |value: &Option<String>, word: &str| value.as_deref().map(|v| v.eq_ignore_ascii_case(word));
    // Whatever the `status` envelope says, the top level may say otherwise.
    let present = |v: &Json| !matches!(v, Json::Null | Json::Bool(false));
    let contradicted = info.malformed
        || info.error == Some(true)
        || present(body.get("error"))
        || present(body.get("data").get("error"))
        || body
            .get("errors")
            .items()
            .map_or(present(body.get("errors")), |e| !e.is_empty())
        || [body.get("success"), body.get("data").get("success")]
            .iter()
            .any(|s| !matches!(s, Json::Null | Json::Bool(true)))
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
        mfa_token: token.get("mfa_token").non_blank_string().ok_or_else(bad)?,
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
            .non_blank()
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
mod tests {
    //! Unit tests of the pure OneLogin requests and answers, with the digest's §2.4 bodies.

    use super::*;
    use crate::error::MfaErrorCode as C;
    use crate::http::Method;

    fn config() -> ClientConfig {
        crate::testing::config("https://acme.onelogin.com/", &[("X-Proxy", "1")])
    }

    fn user() -> UserId {
        UserId::new(1001.0).unwrap()
    }

    fn dev(id: &str) -> DeviceId {
        DeviceId::from_text(id).unwrap()
    }

    fn ok(body: &str) -> HttpResponse {
        HttpResponse::new(200, body)
    }

    fn body_json(req: &HttpRequest) -> serde_json::Value {
        serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
    }

    const T0: f64 = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z

    // --- digest §2.4 examples, verbatim -----------------------------------------------------------

    const AVAILABLE_200: &str = r#"{"status":{"error":false,"code":200,"type":"success","message":"Success"},
 "data":{"auth_factors":[{"name":"OneLogin SMS","factor_id":16282}]}}"#;

    const ENROLL_200: &str = r#"{"status":{"code":200,"error":false,"type":"Success","message":"Success"},
 "data":[{"type_display_name":"Onelogin SMS","default":false,"needs_trigger":true,"active":true,
          "state_token":"f2402de2b446abd86ea5aa1f79b3fa72b4befacd","phone_number":"+1xxxxxxxxxx",
          "auth_factor_name":"Onelogin SMS","id":525509,"user_display_name":"Rich's Phone"}]}"#;

    const ENROLLED_200: &str = r#"{"status":{"type":"success","code":200,"message":"Success","error":false},
 "data":{"otp_devices":[
   {"type_display_name":"OneLogin SMS","active":true,"user_display_name":"Rich's Phone","default":true,
    "phone_number":"+1xxxxxxxxx","auth_factor_name":"OneLogin SMS","id":525509,"needs_trigger":true},
   {"type_display_name":"OneLogin Protect","active":true,"user_display_name":"OneLogin Protect","default":false,
    "auth_factor_name":"OneLogin Protect","id":526532,"needs_trigger":false}]}}"#;

    const TRIGGER_200: &str = r#"{"status":{"type":"success","code":200,"message":"SMS token sent to your mobile device. Authentication pending.","error":false},
 "data":[{"user_display_name":"Rich's Phone","active":false,"state_token":"98e008497066bc2763c52342996e06358aab2e32",
          "auth_factor_name":"OneLogin SMS","type_display_name":"OneLogin SMS","id":35510511,"device_id":525509}]}"#;

    const VERIFY_200: &str =
        r#"{"status":{"type":"success","code":200,"message":"Success","error":false}}"#;
    const VERIFY_400: &str = r#"{"status":{"type":"bad request","code":400,"message":"User does not exist","error":true}}"#;
    const ERR_400: &str = r#"{"status":{"error":true,"code":400,"type":"bad request","message":"Authorization Information is incorrect"}}"#;
    const ERR_401: &str = r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#;
    const ERR_401_PERM: &str = r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Insufficient Permission"}}"#;
    const ERR_404_USER: &str = r#"{"status":{"error":true,"code":404,"type":"not found","message":"User for id 123456789 was not found"}}"#;
    const ERR_404_ROUTE: &str =
        r#"{"status":{"error":true,"code":404,"type":"not found","message":"No Route Exists"}}"#;
    const MFA_TOKEN_DOCS: &str =
        r#"{"mfa_token":"55647655","reusable":true,"expires_at":"2019-01-16T22:16:38Z"}"#;
    const MFA_TOKEN_SPEC: &str =
        r#"{"mfa_token":"55647655","resuable":true,"expires_at":"2019-01-16 22:16:38+00:00"}"#;

    #[test]
    fn available_factors_docs_example() {
        let req = build_available_factors(&config(), user(), false);
        assert_eq!(req.method, Method::Get);
        assert_eq!(
            req.url,
            "https://acme.onelogin.com/api/1/users/1001/auth_factors"
        );
        assert_eq!(req.header_value("X-Proxy"), Some("1"));
        assert!(req.body.is_none());
        let f = parse_available_factors(&ok(AVAILABLE_200), true)
            .unwrap()
            .unwrap();
        assert_eq!(
            f,
            vec![OneLoginAuthFactor {
                factor_id: 16282,
                name: "OneLogin SMS".into()
            }]
        );
        let singular = build_available_factors(&config(), user(), true);
        assert_eq!(
            singular.url,
            "https://acme.onelogin.com/api/1/users/1001/auth_factor"
        );
    }

    #[test]
    fn available_factors_fall_back_only_on_a_route_404() {
        assert_eq!(
            parse_available_factors(&HttpResponse::new(404, ERR_404_ROUTE), true).unwrap(),
            None
        );
        assert_eq!(
            parse_available_factors(&HttpResponse::new(404, "<html>Not Found</html>"), true)
                .unwrap(),
            None
        );
        assert_eq!(
            parse_available_factors(&HttpResponse::new(404, ""), true).unwrap(),
            None
        );
        let e = parse_available_factors(&HttpResponse::new(404, ERR_404_USER), true).unwrap_err();
        assert_eq!((e.code, e.status), (C::NotFound, Some(404)));
        assert_eq!(e.message, "User for id 123456789 was not found");
        let e = parse_available_factors(&HttpResponse::new(404, ERR_404_ROUTE), false).unwrap_err();
        assert_eq!(e.code, C::NotFound);
    }

    #[test]
    fn available_factors_other_shapes() {
        let bare = r#"{"data":[{"factor_id":"7","auth_factor_name":"Email"}]}"#;
        let f = parse_available_factors(&ok(bare), true).unwrap().unwrap();
        assert_eq!(
            f,
            vec![OneLoginAuthFactor {
                factor_id: 7,
                name: "Email".into()
            }]
        );
        for hostile in [
            r#"{"data":{"auth_factors":[{"name":"x"}]}}"#,
            r#"{"data":{"auth_factors":[{"factor_id":-1,"name":"x"}]}}"#,
            r#"{"data":{"auth_factors":"nope"}}"#,
            r#"{"status":{"code":200}}"#,
            "not json",
            "",
            "[]",
        ] {
            let e = parse_available_factors(&ok(hostile), true).unwrap_err();
            assert_eq!((e.code, e.status), (C::BadResponse, Some(200)), "{hostile}");
        }
    }

    #[test]
    fn enrolled_factors_docs_example() {
        let req = build_enrolled_factors(&config(), user());
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Get,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices"
            )
        );
        let d = parse_enrolled_factors(&ok(ENROLLED_200)).unwrap();
        assert_eq!(d.len(), 2);
        let (sms, protect) = (&d[0], &d[1]);
        assert_eq!(sms.id, 525509);
        assert_eq!(sms.needs_trigger, Some(true));
        assert_eq!(sms.default, Some(true));
        assert_eq!(sms.phone_number.as_deref(), Some("+1xxxxxxxxx"));
        assert_eq!(sms.user_display_name.as_deref(), Some("Rich's Phone"));
        assert_eq!(protect.id, 526532);
        assert_eq!(
            protect.auth_factor_name.as_deref(),
            Some("OneLogin Protect")
        );
        assert_eq!(protect.needs_trigger, Some(false));
        assert_eq!(protect.state_token, None);
        let json = serde_json::to_value(protect).unwrap();
        assert_eq!(json["needsTrigger"], false);
        assert!(
            json.get("phoneNumber").is_none(),
            "absent fields are omitted, not null"
        );
    }

    #[test]
    fn enrolled_factors_hostile() {
        let list = parse_enrolled_factors(&ok(r#"{"data":{"otp_devices":[]}}"#)).unwrap();
        assert!(list.is_empty());
        let lenient = parse_enrolled_factors(&ok(
            r#"{"data":[{"id":"12","active":true,"default":null}]}"#,
        ))
        .unwrap();
        assert_eq!(
            (lenient[0].id, lenient[0].active, lenient[0].default),
            (12, Some(true), None)
        );
        // Never coerced: a string for a boolean, a number for a string.
        for wrong in [
            r#"{"data":[{"id":1,"active":"true"}]}"#,
            r#"{"data":[{"id":1,"needs_trigger":5}]}"#,
            r#"{"data":[{"id":1,"state_token":42}]}"#,
        ] {
            let e = parse_enrolled_factors(&ok(wrong)).unwrap_err();
            assert_eq!(e.code, MfaErrorCode::BadResponse, "{wrong}");
        }
        for hostile in [
            r#"{"data":{"otp_devices":[{"active":true}]}}"#,
            r#"{"data":{"otp_devices":[{"id":1.5}]}}"#,
            r#"{"data":null}"#,
            r#"{"data":"x"}"#,
            r#"{"status":{"code":200}}"#,
        ] {
            assert_eq!(
                parse_enrolled_factors(&ok(hostile)).unwrap_err().code,
                C::BadResponse,
                "{hostile}"
            );
        }
    }

    #[test]
    fn enroll_docs_example() {
        let input = OneLoginEnrollInput {
            factor_id: 16282,
            display_name: "Rich's Phone".into(),
            number: Some("+1xxxxxxxxxx".into()),
            verified: None,
        };
        let req = build_enroll(&config(), user(), &input).unwrap();
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Post,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices"
            )
        );
        assert_eq!(req.header_value("content-type"), Some("application/json"));
        assert_eq!(
            body_json(&req),
            serde_json::json!({"factor_id": 16282, "display_name": "Rich's Phone", "number": "+1xxxxxxxxxx"})
        );
        let d = parse_enroll(&ok(ENROLL_200)).unwrap();
        assert_eq!(d.id, 525509);
        assert_eq!(
            d.state_token.as_deref(),
            Some("f2402de2b446abd86ea5aa1f79b3fa72b4befacd")
        );
        assert!(
            !format!("{d:?}").contains("f2402de2"),
            "Debug redacts the state token"
        );
        let verified = OneLoginEnrollInput {
            verified: Some(true),
            number: None,
            ..input
        };
        assert_eq!(
            body_json(&build_enroll(&config(), user(), &verified).unwrap()),
            serde_json::json!({"factor_id": 16282, "display_name": "Rich's Phone", "verified": true})
        );
    }

    #[test]
    fn enroll_rejects_bad_input() {
        let base = OneLoginEnrollInput {
            factor_id: 1,
            display_name: "x".into(),
            number: None,
            verified: None,
        };
        for bad in [
            OneLoginEnrollInput {
                factor_id: 0,
                ..base.clone()
            },
            OneLoginEnrollInput {
                display_name: " ".into(),
                ..base.clone()
            },
            OneLoginEnrollInput {
                number: Some("".into()),
                ..base.clone()
            },
        ] {
            assert_eq!(
                build_enroll(&config(), user(), &bad).unwrap_err().code,
                C::InvalidInput
            );
        }
        assert_eq!(
            parse_enroll(&ok(r#"{"data":[]}"#)).unwrap_err().code,
            C::BadResponse
        );
    }

    #[test]
    fn activate_docs_example() {
        let input = OneLoginActivateInput {
            state_token_expires_in: Some(300),
            ..Default::default()
        };
        let req = build_activate(&config(), user(), &dev("525509"), &input).unwrap();
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Post,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices/525509/trigger"
            )
        );
        assert_eq!(
            body_json(&req),
            serde_json::json!({"state_token_expires_in": 300})
        );
        let sms = OneLoginActivateInput {
        numeric_sms_otp: Some(true),
        sms_message: Some("This is a security code from ABC Co {{otp_code}}. It expires in {{expiration}} minutes.".into()),
        ..Default::default()
    };
        assert_eq!(
            body_json(&build_activate(&config(), user(), &dev("1"), &sms).unwrap()),
            serde_json::json!({"numeric_sms_otp": true, "sms_message": "This is a security code from ABC Co {{otp_code}}. It expires in {{expiration}} minutes."})
        );
        let none = build_activate(
            &config(),
            user(),
            &dev("1"),
            &OneLoginActivateInput::default(),
        )
        .unwrap();
        assert_eq!(none.body.as_deref(), Some("{}"));

        let a = parse_activate(&ok(TRIGGER_200), T0, 300, Some(1)).unwrap();
        assert_eq!(a.device_id, 525509, "device_id wins over id");
        assert_eq!(a.state_token, "98e008497066bc2763c52342996e06358aab2e32");
        assert_eq!(a.expires_at, "2026-01-01T00:05:00.000Z");
        assert_eq!(
            a.message.as_deref(),
            Some("SMS token sent to your mobile device. Authentication pending.")
        );
        assert_eq!(a.auth_factor_name.as_deref(), Some("OneLogin SMS"));
    }

    #[test]
    fn activate_other_shapes() {
        let spec = r#"{"status":{"code":200},"data":{"otp_devices":[{"id":526532,"state_token":"st","auth_factor_name":"OneLogin Protect"}]}}"#;
        let a = parse_activate(&ok(spec), T0, 120, None).unwrap();
        assert_eq!(
            (a.device_id, a.expires_at.as_str()),
            (526532, "2026-01-01T00:02:00.000Z")
        );
        let no_ids = r#"{"data":[{"state_token":"st"}]}"#;
        assert_eq!(
            parse_activate(&ok(no_ids), T0, 120, Some(42))
                .unwrap()
                .device_id,
            42
        );
        assert_eq!(
            parse_activate(&ok(no_ids), T0, 120, None).unwrap_err().code,
            C::BadResponse
        );
        for hostile in [
            r#"{"data":[{"id":1}]}"#,
            r#"{"data":[]}"#,
            r#"{"data":[{"id":1,"state_token":7}]}"#,
            "{}",
        ] {
            assert_eq!(
                parse_activate(&ok(hostile), T0, 120, Some(1))
                    .unwrap_err()
                    .code,
                C::BadResponse,
                "{hostile}"
            );
        }
        for bad in [0, 901] {
            let input = OneLoginActivateInput {
                state_token_expires_in: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                build_activate(&config(), user(), &dev("1"), &input)
                    .unwrap_err()
                    .code,
                C::InvalidInput
            );
        }
    }

    #[test]
    fn verify_docs_examples() {
        let sms = OneLoginVerifyInput {
            state_token: Some("98e008497066bc2763c52342996e06358aab2e32".into()),
            otp_token: Some("B41832".into()),
            expires_at: None,
        };
        let req = build_verify(&config(), user(), &dev("525509"), &sms, T0).unwrap();
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Post,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices/525509/verify"
            )
        );
        assert_eq!(
            body_json(&req),
            serde_json::json!({"state_token": "98e008497066bc2763c52342996e06358aab2e32", "otp_token": "B41832"})
        );
        assert!(req.secrets.contains(&"B41832".to_string()));
        let push = OneLoginVerifyInput {
            otp_token: None,
            ..sms.clone()
        };
        assert_eq!(
            body_json(&build_verify(&config(), user(), &dev("525509"), &push, T0).unwrap()),
            serde_json::json!({"state_token": "98e008497066bc2763c52342996e06358aab2e32"})
        );
        let totp = OneLoginVerifyInput {
            otp_token: Some("123456".into()),
            ..Default::default()
        };
        assert_eq!(
            body_json(&build_verify(&config(), user(), &dev("0"), &totp, T0).unwrap()),
            serde_json::json!({"otp_token": "123456"})
        );
        assert_eq!(
            parse_verify(&ok(VERIFY_200)).unwrap(),
            OneLoginVerification::Verified {
                message: Some("Success".into())
            }
        );
        let e = parse_verify(&HttpResponse::new(400, VERIFY_400)).unwrap_err();
        assert_eq!(
            (e.code, e.status, e.provider_code.as_deref()),
            (C::InvalidCode, Some(400), Some("bad request"))
        );
    }

    #[test]
    fn verify_checks_input_and_local_expiry() {
        let verify =
            |input: &OneLoginVerifyInput| build_verify(&config(), user(), &dev("1"), input, T0);
        let none = OneLoginVerifyInput::default();
        let blank = OneLoginVerifyInput {
            otp_token: Some(" ".into()),
            ..Default::default()
        };
        let past = OneLoginVerifyInput {
            otp_token: Some("123456".into()),
            expires_at: Some("2025-12-31T23:59:59Z".into()),
            ..Default::default()
        };
        let future = OneLoginVerifyInput {
            expires_at: Some("2026-01-01T00:00:01Z".into()),
            ..past.clone()
        };
        let garbage = OneLoginVerifyInput {
            expires_at: Some("soon".into()),
            ..past.clone()
        };
        for bad in [&none, &blank, &garbage] {
            assert_eq!(verify(bad).unwrap_err().code, C::InvalidInput);
        }
        let e = verify(&past).unwrap_err();
        assert_eq!(
            (e.code, e.provider),
            (C::Expired, Some(MfaProvider::OneLogin))
        );
        assert!(verify(&future).is_ok());
    }

    #[test]
    fn verify_maps_pending_denied_expired_and_wrong_codes() {
        let cases: &[(u16, &str, Result<&str, C>)] = &[
            (
                200,
                r#"{"status":{"type":"pending","code":200,"message":"Authentication pending on OL Protect","error":false}}"#,
                Ok("PENDING"),
            ),
            (
                401,
                r#"{"status":{"type":"Unauthorized","code":401,"message":"Authentication pending","error":true}}"#,
                Ok("PENDING"),
            ),
            (
                400,
                r#"{"status":{"type":"pending","code":400,"message":"Waiting","error":true}}"#,
                Ok("PENDING"),
            ),
            (
                200,
                r#"{"id":"x","status":"pending","device_id":"3919988"}"#,
                Ok("PENDING"),
            ),
            (200, r#"{"id":"x","status":"accepted"}"#, Ok("VERIFIED")),
            (200, "", Err(C::BadResponse)),
            (
                200,
                "<html><body>Welcome</body></html>",
                Err(C::BadResponse),
            ),
            (200, "{}", Err(C::BadResponse)),
            (200, r#"{"status":"#, Err(C::BadResponse)),
            (
                200,
                r#"{"status":{"code":200,"error":false}}"#,
                Ok("VERIFIED"),
            ),
            (200, r#"{"id":"x","status":"rejected"}"#, Err(C::Rejected)),
            (
                401,
                r#"{"status":{"type":"Unauthorized","code":401,"message":"Push denied by user","error":true}}"#,
                Err(C::Rejected),
            ),
            (
                400,
                r#"{"status":{"type":"bad request","code":400,"message":"Authentication rejected","error":true}}"#,
                Err(C::Rejected),
            ),
            (
                400,
                r#"{"status":{"type":"bad request","code":400,"message":"State token expired","error":true}}"#,
                Err(C::Expired),
            ),
            (
                401,
                r#"{"status":{"type":"Unauthorized","code":401,"message":"Failed authentication with this factor","error":true}}"#,
                Err(C::InvalidCode),
            ),
            (
                400,
                r#"{"status":{"type":"bad request","code":400,"message":"Invalid OTP","error":true}}"#,
                Err(C::InvalidCode),
            ),
            (401, ERR_401, Err(C::Unauthorized)),
            (401, "", Err(C::Unauthorized)),
            (
                401,
                r#"{"statusCode":401,"name":"UnauthorizedError","message":"This request requires Authentication"}"#,
                Err(C::Unauthorized),
            ),
            (401, ERR_401_PERM, Err(C::Forbidden)),
            (404, ERR_404_USER, Err(C::NotFound)),
            (
                429,
                r#"{"status":{"message":"pending"}}"#,
                Err(C::RateLimited),
            ),
            (500, "pending", Err(C::ServerError)),
            (
                200,
                r#"{"status":{"type":"bad request","code":400,"message":"Invalid OTP","error":true}}"#,
                Err(C::InvalidCode),
            ),
        ];
        for (status, body, want) in cases {
            let got = parse_verify(&HttpResponse::new(*status, *body));
            match (want, got) {
                (Ok("PENDING"), Ok(OneLoginVerification::Pending { .. })) => {}
                (Ok("VERIFIED"), Ok(OneLoginVerification::Verified { .. })) => {}
                (Err(code), Err(e)) => {
                    assert_eq!(e.code, *code, "{status} {body}");
                    assert_eq!(
                        (e.provider, e.status),
                        (Some(MfaProvider::OneLogin), Some(*status))
                    );
                }
                (want, got) => panic!("{status} {body}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn manage_errors_are_mapped() {
        let cases: &[(u16, &str, C)] = &[
            (400, ERR_400, C::ProviderError),
            (401, ERR_401, C::Unauthorized),
            (401, ERR_401_PERM, C::Forbidden),
            (
                401,
                r#"{"error":true,"code":401,"message":"whatever"}"#,
                C::Unauthorized,
            ),
            (403, "", C::Forbidden),
            (404, ERR_404_USER, C::NotFound),
            (409, "{}", C::ProviderError),
            (
                422,
                r#"{"statusCode":422,"name":"ValidationError","message":"Validations failed","details":{"parameters":[]}}"#,
                C::ProviderError,
            ),
            (429, "", C::RateLimited),
            (502, "<html>", C::ServerError),
            (
                200,
                r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#,
                C::Unauthorized,
            ),
        ];
        for (status, body, want) in cases {
            let e = parse_enrolled_factors(&HttpResponse::new(*status, *body)).unwrap_err();
            assert_eq!(e.code, *want, "{status} {body}");
        }
        let e = parse_remove(&HttpResponse::new(400, ERR_400)).unwrap_err();
        assert_eq!(e.message, "Authorization Information is incorrect");
        assert_eq!(e.provider_code.as_deref(), Some("bad request"));
        let e = parse_remove(&HttpResponse::new(
            400,
            r#"{"status":{"code":400,"message":{"description":"Bad number"}}}"#,
        ))
        .unwrap_err();
        assert_eq!(e.message, "Bad number");
        let e = parse_remove(&HttpResponse::new(
            422,
            r#"{"statusCode":422,"name":"ValidationError","message":"Validations failed"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            (e.message.as_ref(), e.provider_code.as_deref()),
            ("Validations failed", Some("ValidationError"))
        );
    }

    #[test]
    fn rate_limits_carry_retry_after() {
        let res = HttpResponse::new(
            429,
            r#"{"status":{"error":true,"code":429,"message":"Too Many Requests"}}"#,
        )
        .with_header("X-RateLimit-Reset", "832")
        .with_header("x-request-id", "req-1");
        let e = parse_verify(&res).unwrap_err();
        assert_eq!(
            (e.code, e.retry_after_ms, e.request_id.as_deref()),
            (C::RateLimited, Some(832_000), Some("req-1"))
        );
        let res = HttpResponse::new(429, "").with_header("Retry-After", "3");
        assert_eq!(
            parse_enrolled_factors(&res).unwrap_err().retry_after_ms,
            Some(3000)
        );
    }

    #[test]
    fn remove_accepts_any_success() {
        let req = build_remove(&config(), user(), &dev("525509"));
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Delete,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices/525509"
            )
        );
        assert!(req.body.is_none());
        for body in ["", "{}", VERIFY_200] {
            parse_remove(&ok(body)).unwrap();
        }
        parse_remove(&HttpResponse::new(204, "")).unwrap();
    }

    #[test]
    fn mfa_token_docs_and_spec_examples() {
        let input = OneLoginMfaTokenInput {
            expires_in: Some(300),
            reusable: Some(true),
        };
        let req = build_mfa_token(&config(), user(), &input).unwrap();
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Post,
                "https://acme.onelogin.com/api/1/users/1001/mfa_token"
            )
        );
        assert_eq!(
            body_json(&req),
            serde_json::json!({"expires_in": 300, "reusable": true})
        );
        let docs = parse_mfa_token(&ok(MFA_TOKEN_DOCS), None).unwrap();
        let want = OneLoginMfaToken {
            mfa_token: "55647655".into(),
            reusable: true,
            expires_at: Some("2019-01-16T22:16:38.000Z".into()),
        };
        assert_eq!(docs, want);
        assert_eq!(parse_mfa_token(&ok(MFA_TOKEN_SPEC), None).unwrap(), want);
        let wrapped = r#"{"status":{"code":200},"data":[{"mfa_token":"1","reusable":false}]}"#;
        let t = parse_mfa_token(&ok(wrapped), Some(true)).unwrap();
        assert_eq!((t.reusable, t.expires_at), (false, None));
        let text = r#"{"status":{"code":200},"data":[{"mfa_token":"1","reusable":"false"}]}"#;
        let e = parse_mfa_token(&ok(text), Some(true)).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::BadResponse);
        let t =
            parse_mfa_token(&ok(r#"{"mfa_token":"1","expires_at":"later"}"#), Some(true)).unwrap();
        assert_eq!((t.reusable, t.expires_at.as_deref()), (true, Some("later")));
        for hostile in [
            "{}",
            r#"{"mfa_token":5}"#,
            r#"{"data":{"mfa_token":""}}"#,
            "x",
            "null",
        ] {
            assert_eq!(
                parse_mfa_token(&ok(hostile), None).unwrap_err().code,
                C::BadResponse,
                "{hostile}"
            );
        }
        for bad in [0, 259_201] {
            let input = OneLoginMfaTokenInput {
                expires_in: Some(bad),
                reusable: None,
            };
            assert_eq!(
                build_mfa_token(&config(), user(), &input).unwrap_err().code,
                C::InvalidInput
            );
        }
        assert_eq!(
            build_mfa_token(&config(), user(), &Default::default())
                .unwrap()
                .body
                .as_deref(),
            Some("{}")
        );
    }

    #[test]
    fn authorize_adds_a_bearer_and_a_secret() {
        let req = authorize(build_remove(&config(), user(), &dev("1")), "tok-123");
        assert_eq!(req.header_value("authorization"), Some("Bearer tok-123"));
        assert!(req.secrets.contains(&"tok-123".to_string()));
        assert!(!format!("{req:?}").contains("tok-123"));
    }

    #[test]
    fn server_text_is_clipped() {
        let long = format!(
            r#"{{"status":{{"code":400,"message":"{}\u0007"}}}}"#,
            "x".repeat(500)
        );
        let e = parse_remove(&HttpResponse::new(400, long)).unwrap_err();
        assert!(e.message.len() <= 200 && !e.message.contains('\u{7}'));
    }

    #[test]
    fn hostile_bodies_never_panic() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let bodies: Vec<String> = vec![
        "".into(),
        "null".into(),
        "true".into(),
        "-0".into(),
        "1e999".into(),
        "\"\\ud800\"".into(),
        deep,
        "{\"status\":{\"code\":1e300,\"error\":true}}".into(),
        "{\"status\":{\"code\":-400,\"error\":true,\"message\":\"pending\"}}".into(),
        "{\"status\":\"rejected\",\"data\":{\"otp_devices\":[{\"id\":\"99999999999999999999\"}]}}"
            .into(),
        "{\"data\":[{\"id\":9007199254740993,\"device_id\":-1,\"state_token\":\"\"}]}".into(),
        "{\"data\":{\"auth_factors\":[null]}}".into(),
        "{\"data\":[[]],\"mfa_token\":{\"description\":\"x\"}}".into(),
        "{\"access_token\":\"é✓\",\"expires_in\":\"-5\"}".into(),
        "{\"status\":{\"message\":{\"description\":{\"description\":\"x\"}}}}".into(),
        "\u{feff}{}".into(),
    ];
        for status in [200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 503] {
            for body in &bodies {
                let res = HttpResponse::new(status, body.as_str()).with_header("retry-after", "x");
                let _ = parse_available_factors(&res, true);
                let _ = parse_available_factors(&res, false);
                let _ = parse_enrolled_factors(&res);
                let _ = parse_enroll(&res);
                let _ = parse_activate(&res, T0, 120, None);
                let _ = parse_verify(&res);
                let _ = parse_remove(&res);
                let _ = parse_mfa_token(&res, None);
                let _ = crate::onelogin::parse_token(&res);
                if let Err(e) = parse_enrolled_factors(&res) {
                    assert_eq!(e.provider, Some(MfaProvider::OneLogin));
                    assert!(!e.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn verify_fails_closed_on_any_contradiction() {
        let cases: &[(&str, C)] = &[
            (
                r#"{"status":{"error":false,"type":"error","code":400,"message":"Invalid OTP"}}"#,
                C::InvalidCode,
            ),
            (
                r#"{"status":{"error":false,"code":401,"message":"Invalid token"}}"#,
                C::InvalidCode,
            ),
            (
                r#"{"status":{"error":false,"message":"expired"}}"#,
                C::Expired,
            ),
            (r#"{"status":{"error":"false"}}"#, C::BadResponse),
            (
                r#"{"status":{"error":false,"type":"success","code":200,"message":"Invalid OTP"}}"#,
                C::InvalidCode,
            ),
            (
                r#"{"status":{"error":0,"type":"success","code":200}}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"failure","code":200}}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"success","code":"200x"}}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"success","code":302}}"#,
                C::BadResponse,
            ),
            (r#"{"status":["success"],"error":false}"#, C::BadResponse),
            (r#"{"status":"weird","error":false}"#, C::BadResponse),
            // 21.14: the top level says otherwise.
            (
                r#"{"status":{"error":false,"type":"success","code":200},"error":true}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"success","code":200},"errors":[{"m":"x"}]}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"success","code":200},"data":{"error":"x"}}"#,
                C::BadResponse,
            ),
            (
                r#"{"status":{"error":false,"type":"success","code":200},"success":false}"#,
                C::BadResponse,
            ),
            (
                r#"{"id":"x","status":"accepted","error":{"m":"x"}}"#,
                C::BadResponse,
            ),
        ];
        for (body, code) in cases {
            let e = parse_verify(&ok(body)).unwrap_err();
            assert_eq!(e.code, *code, "{body}");
        }
        for body in [
            r#"{"status":{"type":"success","code":200,"message":"Success","error":false}}"#,
            r#"{"status":{"code":200,"error":false,"type":"Success","message":"Success"}}"#,
            r#"{"id":"x","status":"accepted","device_id":"3919988"}"#,
            r#"{"status":{"error":false,"type":"success","code":200},"error":false,"errors":[],"success":true}"#,
        ] {
            assert!(
                matches!(
                    parse_verify(&ok(body)),
                    Ok(OneLoginVerification::Verified { .. })
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn only_the_bearer_check_refusing_the_token_is_replayed() {
        let refuses = |status, body: &str| refuses_token(&HttpResponse::new(status, body));
        assert!(refuses(
            401,
            r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#
        ));
        assert!(refuses(
            401,
            r#"{"statusCode":401,"name":"UnauthorizedError","message":"This request requires Authentication"}"#
        ));
        assert!(
            !refuses(401, ""),
            "an empty 401 says nothing about the token"
        );
        assert!(!refuses(
            401,
            r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Invalid OTP"}}"#
        ));
        assert!(!refuses(
            401,
            r#"{"status":{"error":true,"code":401,"message":"Failed authentication with this factor"}}"#
        ));
        assert!(!refuses(
            403,
            r#"{"status":{"error":true,"code":403,"message":"Authentication Failure"}}"#
        ));
        assert!(!refuses(
            200,
            r#"{"status":{"type":"success","code":200,"error":false}}"#
        ));
    }
}
