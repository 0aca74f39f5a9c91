//! Riffyn requests and answers as pure functions (digest §3.5):
//! `POST /auth` (Basic, no body) → `SUCCESS` | `MFA_REQUIRED {stateToken, expiresAt, factors}`;
//! `POST /auth/factor/{id}/verify {stateToken, passCode}` → `SUCCESS` | 4xx `{error}`.

use super::model::{
    RiffynCredentials, RiffynFactor, RiffynFactorProfile, RiffynStep, RiffynVerifyInput,
};
use super::wire;
use crate::config::ClientConfig;
use crate::error::status_error;
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::exchange::shape_error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::{basic_user, non_empty, segment};
use crate::json::{Json, JsonObject};
use crate::ops::{self, OperationName};
use crate::prelude::*;
use crate::text::contains;
use crate::time;

const RIFFYN: MfaProvider = MfaProvider::Riffyn;

/// Which call an answer belongs to: the same status means different things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// `POST /auth`.
    Login,
    /// `POST /auth/factor/{id}/verify`.
    Verify,
}

/// `POST {baseUrl}/auth` with HTTP Basic and no body.
///
/// # Errors
/// `invalid_input` for an empty or over-long username or password.
pub fn build_login(config: &ClientConfig, input: &RiffynCredentials) -> Result<HttpRequest> {
    basic_user(&input.username, "username")?;
    non_empty(&input.password, "password")?;
    Ok(ops::request(config, OperationName::RiffynLogin, &[])
        .basic_auth(&input.username, &input.password))
}

/// `POST {baseUrl}/auth/factor/{factorId}/verify` with `{stateToken, passCode}`.
///
/// # Errors
/// `expired` when `expiresAt` is past (nothing is sent); `invalid_input` for empty fields or
/// a username without a password.
pub fn build_verify(
    config: &ClientConfig,
    input: &RiffynVerifyInput,
    now_ms: f64,
) -> Result<HttpRequest> {
    non_empty(&input.state_token, "stateToken")?;
    let factor = segment(&input.factor_id, "factorId")?;
    non_empty(&input.pass_code, "passCode")?;
    if let Some(deadline) = input.expires_at.as_deref().and_then(time::parse_timestamp) {
        if now_ms >= deadline {
            return Err(Error::new(
                MfaErrorCode::Expired,
                "the MFA step has expired; log in again",
            )
            .provider(RIFFYN));
        }
    }
    // `VerifyBody`.
    let mut body = JsonObject::new();
    body.str("stateToken", &input.state_token);
    body.str("passCode", &input.pass_code);
    let request = ops::request(config, OperationName::RiffynVerify, &[&factor])
        .json_body(body.finish())
        .secret(&input.state_token)
        .secret(&input.pass_code);
    match (&input.username, &input.password) {
        (Some(user), Some(password)) => {
            basic_user(user, "username")?;
            non_empty(password, "password")?;
            Ok(request.basic_auth(user, password))
        }
        (None, None) => Ok(request),
        _ => Err(Error::invalid_input(
            "username/password: give both or neither",
        )),
    }
}

/// Reads the answer of a login or a verify.
///
/// # Errors
/// `invalid_credentials` (401 at login), `invalid_code` / `expired` (401/403 at verify),
/// `provider_error` for an unknown `status`, `bad_response` for a body of the wrong shape, and
/// the default status mapping otherwise.
pub fn parse_auth(res: &HttpResponse, phase: Phase) -> Result<RiffynStep> {
    if !res.is_success() {
        return Err(answer_error(res, phase));
    }
    let not_auth = || shape_error(RIFFYN, res, "the answer is not a Riffyn auth response");
    let body = Json::parse(&res.body).ok_or_else(not_auth)?;
    let factors = wire::factors(&body).map_err(|()| not_auth())?;
    if !wire::typed(&body, &STEP_FIELDS) {
        return Err(shape_error(
            RIFFYN,
            res,
            "a field of the answer has the wrong type",
        ));
    }
    let field = |key: &str| body.get(key).as_string();
    let status =
        field("status").ok_or_else(|| shape_error(RIFFYN, res, "the answer has no status"))?;
    match status.as_str() {
        "SUCCESS" => Ok(RiffynStep::Success {
            access_token: field("accessToken")
                .filter(|t| !t.is_empty())
                .ok_or_else(|| shape_error(RIFFYN, res, "SUCCESS without an accessToken"))?,
            username: field("username"),
            user_id: field("userId"),
            access_token_expires_at: field("accessTokenExpiresAt"),
            api_key: field("apiKey"),
            api_key_name: field("apiKeyName"),
            message: res.said(field("message")),
        }),
        "MFA_REQUIRED" => Ok(RiffynStep::MfaRequired {
            state_token: field("stateToken")
                .filter(|t| !t.is_empty())
                .ok_or_else(|| shape_error(RIFFYN, res, "MFA_REQUIRED without a stateToken"))?,
            expires_at: field("expiresAt"),
            factors: factors.iter().filter_map(factor).collect(),
        }),
        other => Err(Error::new(
            MfaErrorCode::ProviderError,
            "Riffyn answered with a login state this SDK does not handle",
        )
        .provider(RIFFYN)
        .status(res.status)
        .provider_code(Some(other.to_string()))),
    }
}

/// The string fields of an auth answer: of another type, the answer is `bad_response`.
const STEP_FIELDS: [&str; 10] = [
    "status",
    "accessToken",
    "username",
    "userId",
    "accessTokenExpiresAt",
    "apiKey",
    "apiKeyName",
    "message",
    "stateToken",
    "expiresAt",
];

/// A factor (its types checked by `wire::factors`); `None` without an id.
fn factor(f: &Json) -> Option<RiffynFactor> {
    let profile = f.get("profile");
    Some(RiffynFactor {
        id: f.get("id").as_string().filter(|id| !id.is_empty())?,
        factor_type: f.get("factorType").as_string(),
        provider: f.get("provider").as_string(),
        vendor_name: f.get("vendorName").as_string(),
        profile: profile.is_object().then(|| RiffynFactorProfile {
            credential_id: profile.get("credentialId").as_string(),
        }),
    })
}

/// Riffyn's `Error`/`Unauthorized` `{ "error": "…" }`, or Okta's `{errorCode, errorSummary}`.
fn answer_error(res: &HttpResponse, phase: Phase) -> Error {
    let body = Json::parse(&res.body).unwrap_or_default();
    // An error answer of odd types still maps by status: a field of another type is ignored.
    let field = |key: &str| body.get(key).as_string();
    let provider_code = field("errorCode");
    let message = field("error")
        .or_else(|| field("errorSummary"))
        .or_else(|| field("message"));
    let mentions_expired = message
        .as_deref()
        .is_some_and(|m| contains(&m.to_ascii_lowercase(), "expired"));
    let code = match (phase, res.status) {
        // The proxy's own refusal keeps its status's meaning (403 forbidden, 404 not_found).
        _ if ops::is_refusal(&body) => None,
        (Phase::Login, 401) => Some(MfaErrorCode::InvalidCredentials),
        (Phase::Verify, 401 | 403) if mentions_expired => Some(MfaErrorCode::Expired),
        (Phase::Verify, 401 | 403) => Some(MfaErrorCode::InvalidCode),
        _ => None,
    };
    let error = status_error(RIFFYN, res, message).provider_code(provider_code);
    match code {
        Some(code) => Error { code, ..error },
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    fn config() -> ClientConfig {
        crate::testing::config("https://api.app.riffyn.com/v1/", &[])
    }

    fn ok(body: &str) -> HttpResponse {
        HttpResponse::new(200, body)
    }

    const MFA: &str = r#"{"status":"MFA_REQUIRED","stateToken":"st-1","expiresAt":"2026-01-01T00:05:00.000Z",
      "factors":[{"id":"uft1","factorType":"token:software:totp","provider":"GOOGLE","vendorName":"GOOGLE",
                  "profile":{"credentialId":"user@example.com"}}]}"#;
    const SUCCESS: &str = r#"{"status":"SUCCESS","username":"jdoe","userId":"u1","accessToken":"at-1",
      "accessTokenExpiresAt":"2026-01-01T00:30:00Z","apiKey":"k","apiKeyName":"loginKey","message":"m"}"#;

    #[test]
    fn login_request_is_basic_auth_without_body() {
        let creds = RiffynCredentials {
            username: "jdoe".into(),
            password: "pw:é".into(),
        };
        let r = build_login(&config(), &creds).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://api.app.riffyn.com/v1/auth");
        assert_eq!(r.body, None);
        assert_eq!(
            r.header_value("authorization"),
            Some("Basic amRvZTpwdzrDqQ==")
        );
        assert_eq!(r.header_value("accept"), Some("application/json"));
    }

    #[test]
    fn verify_request_has_camel_case_body_and_encoded_factor() {
        let input = RiffynVerifyInput {
            state_token: "st-1".into(),
            factor_id: "uft 1/x".into(),
            pass_code: "123456".into(),
            expires_at: Some("2026-01-01T00:05:00Z".into()),
            username: Some("jdoe".into()),
            password: Some("pw".into()),
        };
        let r = build_verify(&config(), &input, 1_767_225_600_000.0).unwrap();
        assert_eq!(
            r.url,
            "https://api.app.riffyn.com/v1/auth/factor/uft%201%2Fx/verify"
        );
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"stateToken":"st-1","passCode":"123456"})
        );
        assert_eq!(r.header_value("content-type"), Some("application/json"));
        assert!(r
            .header_value("authorization")
            .unwrap()
            .starts_with("Basic "));
        assert!(r.secrets.contains(&"123456".to_string()));
    }

    #[test]
    fn verify_after_expiry_fails_locally() {
        let mut input = RiffynVerifyInput {
            state_token: "st".into(),
            factor_id: "f".into(),
            pass_code: "1".into(),
            expires_at: Some("2026-01-01T00:05:00Z".into()),
            username: None,
            password: None,
        };
        let later = 1_767_225_600_000.0 + 301_000.0;
        assert_eq!(
            build_verify(&config(), &input, later).unwrap_err().code,
            MfaErrorCode::Expired
        );
        input.expires_at = Some("1767225900".into()); // epoch seconds
        assert_eq!(
            build_verify(&config(), &input, later).unwrap_err().code,
            MfaErrorCode::Expired
        );
        input.expires_at = Some("not a date".into()); // unknown format: the server decides
        assert!(build_verify(&config(), &input, later).is_ok());
        input.username = Some("only-user".into());
        assert_eq!(
            build_verify(&config(), &input, 0.0).unwrap_err().code,
            MfaErrorCode::InvalidInput
        );
    }

    #[test]
    fn parses_mfa_required_and_success() {
        match parse_auth(&ok(MFA), Phase::Login).unwrap() {
            RiffynStep::MfaRequired {
                state_token,
                expires_at,
                factors,
            } => {
                assert_eq!(state_token, "st-1");
                assert_eq!(expires_at.as_deref(), Some("2026-01-01T00:05:00.000Z"));
                assert_eq!(factors.len(), 1);
                assert_eq!(factors[0].id, "uft1");
                assert_eq!(
                    factors[0]
                        .profile
                        .as_ref()
                        .unwrap()
                        .credential_id
                        .as_deref(),
                    Some("user@example.com")
                );
            }
            other => panic!("{other:?}"),
        }
        match parse_auth(&ok(SUCCESS), Phase::Verify).unwrap() {
            RiffynStep::Success {
                access_token,
                user_id,
                api_key_name,
                ..
            } => assert_eq!(
                (
                    access_token.as_str(),
                    user_id.as_deref(),
                    api_key_name.as_deref()
                ),
                ("at-1", Some("u1"), Some("loginKey"))
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_fields_and_okta_factors_are_read_wrong_types_refused() {
        // Unknown fields, Okta's _embedded.factor, factors without ids.
        let body = r#"{"status":"MFA_REQUIRED","stateToken":"st","x":{"y":1},
          "_embedded":{"factor":[{"id":"a"},{"factorType":"sms"}]}}"#;
        match parse_auth(&ok(body), Phase::Login).unwrap() {
            RiffynStep::MfaRequired { factors, .. } => assert_eq!(factors.len(), 1),
            other => panic!("{other:?}"),
        }
        // Never coerced: a number or a boolean where a string belongs is bad_response.
        for body in [
            r#"{"status":"SUCCESS","accessToken":42}"#,
            r#"{"status":"SUCCESS","accessToken":"at","apiKey":true}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":123}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"s","expiresAt":1767225900}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[{"id":5}]}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[{"id":"f","profile":{"credentialId":1}}]}"#,
        ] {
            let e = parse_auth(&ok(body), Phase::Login).unwrap_err();
            assert_eq!(e.code, MfaErrorCode::BadResponse, "{body}");
        }
    }

    #[test]
    fn hostile_bodies_give_typed_errors() {
        let cases: &[(&str, MfaErrorCode)] = &[
            ("", MfaErrorCode::BadResponse),
            ("<html>", MfaErrorCode::BadResponse),
            ("[]", MfaErrorCode::BadResponse),
            ("null", MfaErrorCode::BadResponse),
            (r#"{"status":"MFA_REQUIRED"}"#, MfaErrorCode::BadResponse),
            (
                r#"{"status":"MFA_REQUIRED","stateToken":""}"#,
                MfaErrorCode::BadResponse,
            ),
            (r#"{"status":"SUCCESS"}"#, MfaErrorCode::BadResponse),
            (r#"{"status":{"a":1}}"#, MfaErrorCode::BadResponse),
            (
                r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":"x"}"#,
                MfaErrorCode::BadResponse,
            ),
            (
                r#"{"status":"PASSWORD_EXPIRED"}"#,
                MfaErrorCode::ProviderError,
            ),
        ];
        for (body, code) in cases {
            let e = parse_auth(&ok(body), Phase::Login).unwrap_err();
            assert_eq!(e.code, *code, "{body}");
            assert_eq!(e.status, Some(200));
            assert_eq!(e.provider, Some(MfaProvider::Riffyn));
        }
        let e = parse_auth(&ok(r#"{"status":"LOCKED_OUT"}"#), Phase::Login).unwrap_err();
        assert_eq!(e.provider_code.as_deref(), Some("LOCKED_OUT"));
    }

    #[test]
    fn error_answers_map_by_phase() {
        let err = |status, body: &str, phase| {
            parse_auth(&HttpResponse::new(status, body), phase).unwrap_err()
        };
        let e = err(
            401,
            r#"{"error":"Invalid username or password"}"#,
            Phase::Login,
        );
        assert_eq!(e.code, MfaErrorCode::InvalidCredentials);
        assert_eq!(e.message, "Invalid username or password");
        assert_eq!(
            err(401, r#"{"error":"Invalid passCode"}"#, Phase::Verify).code,
            MfaErrorCode::InvalidCode
        );
        assert_eq!(err(403, "", Phase::Verify).code, MfaErrorCode::InvalidCode);
        assert_eq!(
            err(401, r#"{"error":"State token expired"}"#, Phase::Verify).code,
            MfaErrorCode::Expired
        );
        let okta = err(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
            Phase::Verify,
        );
        assert_eq!(
            (okta.code, okta.provider_code.as_deref()),
            (MfaErrorCode::InvalidCode, Some("E0000011"))
        );
        assert_eq!(
            err(404, r#"{"error":"Factor not found"}"#, Phase::Verify).code,
            MfaErrorCode::NotFound
        );
        assert_eq!(
            err(
                400,
                r#"{"error":"Missing basic authentication"}"#,
                Phase::Login
            )
            .code,
            MfaErrorCode::ProviderError
        );
        assert_eq!(
            err(500, "<html>oops</html>", Phase::Login).code,
            MfaErrorCode::ServerError
        );
        let limited = parse_auth(
            &HttpResponse::new(429, "").with_header("retry-after", "2"),
            Phase::Login,
        )
        .unwrap_err();
        assert_eq!(
            (limited.code, limited.retry_after_ms),
            (MfaErrorCode::RateLimited, Some(2000))
        );
    }

    #[test]
    fn steps_round_trip_through_json() {
        let step = parse_auth(&ok(MFA), Phase::Login).unwrap();
        let text = serde_json::to_string(&step).unwrap();
        assert!(
            text.starts_with(r#"{"status":"MFA_REQUIRED","stateToken":"st-1""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<RiffynStep>(&text).unwrap(), step);
        let debug = format!("{step:?}");
        assert!(!debug.contains("st-1"));
    }
}
