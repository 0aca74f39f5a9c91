//! Belvo requests and answers as pure functions (digest §1.4–1.8):
//! `POST /api/links/` or `POST /api/{resource}/` → 2xx (done) | 428 `token_required`
//! `{session, expiry, link, token_generation_data}` → `PATCH` the same collection path with
//! `{session, link, token?, save_data?}` → 2xx | another 428 (chained MFA) | 400 error array.

use super::model::{
    BelvoAccessMode, BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput,
    BelvoScalar, BelvoStep, BelvoSuccess, BelvoTokenGenerationData, BelvoTokenRequired,
    SuccessStatus, TokenRequiredStatus,
};
use super::wire;
use super::BelvoKeys;
use crate::config::ClientConfig;
use crate::error::status_error;
use crate::error::{clip, Error, MfaErrorCode, MfaProvider, Result};
use crate::exchange::shape_error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::{non_empty, MAX_FIELD};
use crate::json::{Json, JsonObject, RawJson};
use crate::ops::OperationName;
use crate::prelude::*;
use crate::text::concat;
use crate::time;

const BELVO: MfaProvider = MfaProvider::Belvo;
const LINKS_PATH: &str = "/api/links/";

/// The collection a request goes to: its path is the `resumePath` of a 428.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    /// `/api/links/`.
    Links,
    /// `/api/{resource}/`.
    Data(BelvoResource),
}

impl Collection {
    /// The collection path.
    pub fn path(self) -> &'static str {
        match self {
            Collection::Links => LINKS_PATH,
            Collection::Data(r) => r.path(),
        }
    }

    /// The collection of a path this SDK resumes (`"/api/links/"`, `"/api/accounts/"`…).
    pub fn from_path(path: &str) -> Option<Self> {
        if path == LINKS_PATH {
            Some(Collection::Links)
        } else {
            BelvoResource::from_path(path).map(Collection::Data)
        }
    }
}

/// Which call an answer belongs to: `login_error` means different things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// `POST /api/links/`.
    Register,
    /// `POST /api/{resource}/`.
    Retrieve,
    /// `PATCH` of a collection.
    Resume,
}

fn optional(value: Option<&String>, field: &str) -> Result<()> {
    value.map_or(Ok(()), |v| non_empty(v, field))
}

/// `name`'s request to `path` (a collection path: the table's pattern filled), with `Accept`,
/// the client's extra headers and, when given, the keys as Basic.
fn request(
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    name: OperationName,
    path: &str,
) -> HttpRequest {
    let request = config.request(name.route().method, path).operation(name);
    match keys {
        Some(keys) => request.basic_auth(&keys.secret_id, &keys.secret_password),
        None => request,
    }
}

/// `POST {baseUrl}/api/links/` with the credentials in snake_case.
///
/// # Errors
/// `invalid_input` for an empty or over-long field.
pub fn build_register(
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    input: &BelvoRegisterLinkInput,
) -> Result<HttpRequest> {
    non_empty(&input.institution, "institution")?;
    non_empty(&input.username, "username")?;
    let texts = [
        ("password", "password", &input.password),
        ("username2", "username2", &input.username2),
        ("password2", "password2", &input.password2),
        ("username3", "username3", &input.username3),
        ("token", "token", &input.token),
        ("externalId", "external_id", &input.external_id),
        ("usernameType", "username_type", &input.username_type),
        (
            "credentialsStorage",
            "credentials_storage",
            &input.credentials_storage,
        ),
    ];
    let mut body = JsonObject::new();
    body.str("institution", &input.institution);
    body.str("username", &input.username);
    for (name, wire, value) in texts {
        optional(value.as_ref(), name)?;
        body.opt_str(wire, value.as_deref());
    }
    body.opt_str(
        "access_mode",
        input.access_mode.map(BelvoAccessMode::as_str),
    );
    body.opt_bool("fetch_historical", input.fetch_historical);
    let mut request = request(config, keys, OperationName::BelvoRegisterLink, LINKS_PATH)
        .json_body(body.finish());
    for secret in [&input.password, &input.password2, &input.token]
        .into_iter()
        .flatten()
    {
        request = request.secret(secret);
    }
    Ok(request)
}

/// The fields `retrieve` names itself, in wire casing: an extra may not shadow them.
const NAMED: [&str; 5] = ["link", "token", "save_data", "date_from", "date_to"];

/// `fooBar` → `foo_bar`, for a name made of ASCII letters, digits and `_`.
fn wire_name(key: &str) -> Result<String> {
    let shown = || key.chars().take(40).collect::<String>();
    let well_formed = key.len() <= 64
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !well_formed {
        return Err(Error::invalid_input(concat(&[
            &shown(),
            ": not a field name (camelCase ASCII letters and digits)",
        ])));
    }
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    if NAMED.contains(&out.as_str()) {
        return Err(Error::invalid_input(concat(&[
            &shown(),
            ": use the named field instead",
        ])));
    }
    Ok(out)
}

/// `POST {baseUrl}/api/{resource}/` with `{link, token?, save_data?, date_from?, date_to?,
/// …extras}`; extra camelCase names go out in snake_case.
///
/// # Errors
/// `invalid_input` for an empty `link` or `token`, a malformed or clashing extra name, a
/// non-finite number.
pub fn build_retrieve(
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    resource: BelvoResource,
    input: &BelvoRetrieveInput,
) -> Result<HttpRequest> {
    non_empty(&input.link, "link")?;
    optional(input.token.as_ref(), "token")?;
    let mut extras: Vec<(String, &BelvoScalar)> = Vec::with_capacity(input.extra.len());
    for (key, value) in &input.extra {
        let name = wire_name(key)?;
        if extras.iter().any(|(n, _)| *n == name) {
            return Err(Error::invalid_input(concat(&[&name, ": given twice"])));
        }
        if matches!(value, BelvoScalar::Number(n) if !n.is_finite()) {
            return Err(Error::invalid_input(concat(&[
                &name,
                ": must be a finite number",
            ])));
        }
        extras.push((name, value));
    }
    let mut body = JsonObject::new();
    body.str("link", &input.link);
    body.opt_str("token", input.token.as_deref());
    body.opt_bool("save_data", input.save_data);
    body.opt_str("date_from", input.date_from.as_deref());
    body.opt_str("date_to", input.date_to.as_deref());
    for (name, value) in &extras {
        match value {
            BelvoScalar::String(s) => body.str(name, s),
            // Integers go out without a fraction, as JS writes them.
            BelvoScalar::Number(n) => body.num(name, *n),
            BelvoScalar::Bool(b) => body.bool(name, *b),
            BelvoScalar::Null => body.null(name),
        }
    }
    let mut request = request(config, keys, OperationName::BelvoRetrieve, resource.path())
        .json_body(body.finish());
    if let Some(token) = &input.token {
        request = request.secret(token);
    }
    Ok(request)
}

/// `PATCH {baseUrl}{resumePath}` with `{session, link, token?, save_data?}`. `save_data` is
/// never sent to `/api/links/`; the token is left out when the challenge expects no input and
/// none is given.
///
/// # Errors
/// `expired` when `expiresAt` is past (nothing is sent); `invalid_input` for a challenge that is
/// not one this SDK made (empty session or link, unknown `resumePath`, unreadable `expiresAt`),
/// or a missing token when the challenge expects one.
pub fn build_resume(
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    challenge: &BelvoTokenRequired,
    input: &BelvoResumeInput,
    now_ms: f64,
) -> Result<(HttpRequest, Collection)> {
    non_empty(&challenge.session, "challenge.session")?;
    non_empty(&challenge.link, "challenge.link")?;
    let collection = Collection::from_path(&challenge.resume_path).ok_or_else(|| {
        Error::invalid_input(
            "challenge.resumePath: not a Belvo collection path (e.g. \"/api/links/\")",
        )
    })?;
    let deadline = time::parse_timestamp(&challenge.expires_at).ok_or_else(|| {
        Error::invalid_input("challenge.expiresAt: must be an ISO-8601 timestamp")
    })?;
    if now_ms >= deadline {
        return Err(Error::new(
            MfaErrorCode::Expired,
            "the Belvo session has expired; start again with registerLink or retrieve",
        )
        .provider(BELVO));
    }
    optional(input.token.as_ref(), "token")?;
    let expects_input = challenge
        .token_generation_data
        .as_ref()
        .is_none_or(|t| t.expects_user_input);
    if expects_input && input.token.is_none() {
        return Err(Error::invalid_input(
            "token: is required (the challenge expects the user's token)",
        ));
    }
    let mut body = JsonObject::new();
    body.str("session", &challenge.session);
    body.str("link", &challenge.link);
    body.opt_str("token", input.token.as_deref());
    if collection != Collection::Links {
        body.opt_bool("save_data", input.save_data);
    }
    let mut request = request(config, keys, OperationName::BelvoResume, collection.path())
        .json_body(body.finish())
        .secret(&challenge.session);
    if let Some(token) = &input.token {
        request = request.secret(token);
    }
    Ok((request, collection))
}

fn is_token_required(item: &Json) -> bool {
    match item.get("code").as_str() {
        Some(code) => code == "token_required",
        None => item
            .get("detail")
            .as_str()
            .is_some_and(|d| d.trim().eq_ignore_ascii_case("token required")),
    }
}

/// Reads the answer of a register, a retrieve or a resume on `collection`; `now_ms` is when it
/// arrived (the base of `expiresAt`).
///
/// # Errors
/// `expired` (`session_expired`), `invalid_code` (`login_error` on a resume),
/// `invalid_credentials` (`login_error` otherwise, and `authentication_failed`: the API keys),
/// `rate_limited` (`too_many_sessions`, the HTML 403 limiter, 429), `provider_error` (any other
/// code, e.g. `activation_required`, with `providerCode`), `bad_response` (a body of the wrong
/// shape, a 428 without a usable challenge), and the default status mapping otherwise.
pub fn parse_step(
    res: &HttpResponse,
    now_ms: f64,
    op: Phase,
    collection: Collection,
) -> Result<BelvoStep> {
    if res.is_success() {
        let data = RawJson::parse(&res.body)
            .ok_or_else(|| shape_error(BELVO, res, "Belvo's answer is not JSON"))?;
        return Ok(BelvoStep::Success(BelvoSuccess {
            status: SuccessStatus::Success,
            http_status: res.status,
            data,
        }));
    }
    // The error array, or the legacy single object; `None` when it is neither (HTML, text, a
    // bare value).
    let body = Json::parse(&res.body).unwrap_or_default();
    let items = wire::items(&body);
    if res.status == 428 {
        if let Some(item) = items.iter().flatten().find(|i| is_token_required(i)) {
            return token_required(res, item, now_ms, collection).map(BelvoStep::TokenRequired);
        }
    }
    Err(answer_error(res, items.as_deref(), op))
}

fn token_required(
    res: &HttpResponse,
    item: &Json,
    now_ms: f64,
    collection: Collection,
) -> Result<BelvoTokenRequired> {
    let request_id = item.get("request_id").as_str().map(str::to_string);
    let bad = |what: &'static str| {
        shape_error(BELVO, res, what)
            .provider_code(Some("token_required".into()))
            .request_id(request_id.clone())
    };
    let handle = |key: &str| {
        item.get(key)
            .as_str()
            .filter(|s| !s.is_empty() && s.len() <= MAX_FIELD)
            .map(str::to_string)
    };
    let session = handle("session").ok_or_else(|| bad("token_required without a session"))?;
    let link = handle("link").ok_or_else(|| bad("token_required without a link"))?;
    let expiry = item
        .get("expiry")
        .number_or_decimal()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| bad("token_required without a valid expiry"))?;
    // `expiry` is an int32 of seconds (B-spec): a larger value is read as the largest.
    let expiry_seconds = expiry.min(f64::from(i32::MAX)) as u32;
    // Present only when it is an object; its fields of their documented types, and what is
    // copied from the answer scrubbed of the request's secrets (the step may be stored).
    let data = item.get("token_generation_data");
    let wrong = |_| bad("token_generation_data has a field of the wrong type");
    let said = |key: &str| -> Result<Option<String>> {
        let value = data.get(key).opt_str().map_err(wrong)?;
        Ok(res.said(value.map(str::to_string)))
    };
    let token_generation_data = match data.is_object() {
        true => Some(BelvoTokenGenerationData {
            kind: data
                .get("type")
                .opt_str()
                .map_err(wrong)?
                .map(str::to_string),
            value: said("value")?,
            instructions: said("instructions")?,
            expects_user_input: match data.get("expects_user_input") {
                Json::Null => data.get("expect_user_input"),
                given => given,
            }
            .opt_bool()
            .map_err(wrong)?
            .unwrap_or(true),
        }),
        false => None,
    };
    let message = res.said(
        item.get("message")
            .as_str()
            .or_else(|| item.get("detail").as_str())
            .map(|m| clip(m.to_string())),
    );
    Ok(BelvoTokenRequired {
        status: TokenRequiredStatus::TokenRequired,
        session,
        link,
        expires_at: time::format_iso(now_ms + f64::from(expiry_seconds) * 1000.0),
        expiry_seconds,
        message,
        request_id: res.said(request_id.map(clip)),
        token_generation_data,
        resume_path: collection.path().to_string(),
    })
}

fn answer_error(res: &HttpResponse, items: Option<&[&Json]>, op: Phase) -> Error {
    let Some(items) = items else {
        return match res.status {
            // Belvo's rate limiter answers an HTML page (more than 80 requests in 30 s).
            403 => Error::new(
                MfaErrorCode::RateLimited,
                "Belvo's rate limiter refused the request; try again later",
            )
            .provider(BELVO)
            .status(403)
            .retry_after_ms(res.retry_after_ms()),
            428 => shape_error(BELVO, res, "HTTP 428 without a token_required challenge"),
            _ => status_error(BELVO, res, None),
        };
    };
    let item = items
        .iter()
        .find(|i| i.get("code").as_str().is_some())
        .or_else(|| items.first());
    let Some(item) = item else {
        return if res.status == 428 {
            shape_error(BELVO, res, "HTTP 428 without a token_required challenge")
        } else {
            status_error(BELVO, res, None)
        };
    };
    let code = item.get("code").as_str();
    let said = item
        .get("message")
        .as_str()
        .or_else(|| item.get("detail").as_str());
    let message = match (item.get("field").as_str(), said) {
        (Some(field), Some(said)) => Some(concat(&[field, ": ", said])),
        (_, said) => said.map(str::to_string),
    };
    let mapped = match code {
        Some("session_expired") => Some((
            MfaErrorCode::Expired,
            "the Belvo session has expired; start again with registerLink or retrieve",
        )),
        Some("login_error") if op == Phase::Resume => Some((
            MfaErrorCode::InvalidCode,
            "the institution refused the token",
        )),
        Some("login_error") => Some((
            MfaErrorCode::InvalidCredentials,
            "the institution refused the credentials",
        )),
        Some("authentication_failed") => Some((
            MfaErrorCode::InvalidCredentials,
            "Belvo refused the API keys",
        )),
        Some("too_many_sessions") => Some((
            MfaErrorCode::RateLimited,
            "a session is already open with the institution; try again later",
        )),
        _ => None,
    };
    let fallback = mapped.map(|(_, fallback)| fallback.to_string());
    let mut error = status_error(BELVO, res, message.or(fallback))
        .provider_code(code.map(str::to_string))
        .request_id(item.get("request_id").as_str().map(str::to_string));
    if let Some((code, _)) = mapped {
        error.code = code;
        if code == MfaErrorCode::RateLimited {
            error = error.retry_after_ms(res.retry_after_ms());
        }
    }
    error
}

// Native only: they read the steps through serde_json, which a wasm32 build's steps don't
// derive (their `data` is a JS value there).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use crate::belvo::input::{self, tests::from_json};
    use crate::http::Method;
    use crate::json;
    use serde_json::{json, Value};

    const NOW: f64 = 1_767_225_600_000.0; // 2026-01-01T00:00:00Z
    const TOKEN_REQUIRED: &str = include_str!("fixtures/token_required.json");
    const DEVPORTAL: &str = include_str!("fixtures/token_required_devportal.json");
    const LEGACY: &str = include_str!("fixtures/token_required_legacy.json");
    const SESSION_EXPIRED: &str = include_str!("fixtures/session_expired.json");
    const VALIDATION: &str = include_str!("fixtures/validation_error.json");
    const ACTIVATION: &str = include_str!("fixtures/activation_required.json");
    const HTML_403: &str = include_str!("fixtures/rate_limit_403.html");

    fn config() -> ClientConfig {
        crate::testing::config("https://sandbox.belvo.com/", &[])
    }

    fn keys() -> BelvoKeys {
        BelvoKeys::new("sid", "spw").unwrap()
    }

    fn parse(status: u16, body: &str, op: Phase) -> Result<BelvoStep> {
        parse_step(&HttpResponse::new(status, body), NOW, op, Collection::Links)
    }

    fn challenge_of(step: Result<BelvoStep>) -> BelvoTokenRequired {
        match step.unwrap() {
            BelvoStep::TokenRequired(c) => c,
            other => panic!("not a challenge: {other:?}"),
        }
    }

    fn parse_error(status: u16, body: &str, op: Phase) -> Error {
        parse(status, body, op).unwrap_err()
    }

    /// The error's code and the API's own.
    fn codes(e: &Error) -> (MfaErrorCode, Option<&str>) {
        (e.code, e.provider_code.as_deref())
    }

    /// `data` as serde_json (`RawJson` holds a JS value in wasm builds).
    pub(crate) fn data(s: &BelvoSuccess) -> Value {
        serde_json::from_str(&json::to_string(&s.data)).unwrap()
    }

    fn body_of(r: &HttpRequest) -> Value {
        serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn parses_the_spec_428() {
        let c = challenge_of(parse(428, TOKEN_REQUIRED, Phase::Register));
        assert_eq!(c.session, "2675b703b9d4451f8d4861a3eee54449");
        assert_eq!(c.link, "30cb4806-6e00-48a4-91c9-ca55968576c8");
        assert_eq!(c.expiry_seconds, 9600);
        assert_eq!(c.expires_at, "2026-01-01T02:40:00.000Z");
        assert_eq!(
            c.request_id.as_deref(),
            Some("8c7b283c6efa449c9c028a16b5c249fa")
        );
        assert_eq!(
            c.message.as_deref(),
            Some("A MFA token is required by the institution to login")
        );
        assert_eq!(c.resume_path, "/api/links/");
        let tgd = c.token_generation_data.unwrap();
        assert_eq!(tgd.kind.as_deref(), Some("numeric"));
        assert_eq!(tgd.value.as_deref(), Some("12345"));
        assert_eq!(
            tgd.instructions.as_deref(),
            Some("Use this code to generate the token")
        );
        assert!(tgd.expects_user_input);
    }

    #[test]
    fn parses_the_devportal_428_with_string_expiry_and_empty_data() {
        let res = HttpResponse::new(428, DEVPORTAL);
        let c = match parse_step(
            &res,
            NOW,
            Phase::Retrieve,
            Collection::Data(BelvoResource::Accounts),
        )
        .unwrap()
        {
            BelvoStep::TokenRequired(c) => c,
            _ => panic!(),
        };
        assert_eq!(c.expiry_seconds, 720);
        assert_eq!(c.expires_at, "2026-01-01T00:12:00.000Z");
        assert_eq!(c.resume_path, "/api/accounts/");
        let tgd = c.token_generation_data.unwrap();
        assert_eq!(
            (tgd.kind, tgd.value, tgd.expects_user_input),
            (None, None, true)
        );
    }

    #[test]
    fn parses_the_legacy_single_object() {
        let c = challenge_of(parse(428, LEGACY, Phase::Register));
        assert_eq!(c.session, "2675b703b9d4451f8d4861a3eee54449");
        assert_eq!(c.expiry_seconds, 9600);
        assert_eq!(c.message.as_deref(), Some("Token Required"));
        assert!(c.token_generation_data.is_none());
    }

    #[test]
    fn reads_the_input_flag_in_both_spellings_and_finds_the_element() {
        let body = json!([
            {"code": "other", "message": "x"},
            {"code": "token_required", "session": "s", "link": "l", "expiry": 60,
             "token_generation_data": {"type": "qr", "value": "otpauth://x", "expect_user_input": false}}
        ]);
        let c = challenge_of(parse(428, &body.to_string(), Phase::Register));
        let tgd = c.token_generation_data.unwrap();
        assert!(!tgd.expects_user_input);
        assert_eq!(tgd.kind.as_deref(), Some("qr"));
        // Never coerced: a number for the string `value`, a string for the boolean flag.
        for tgd in [
            json!({"expects_user_input": false, "value": 12345}),
            json!({"expects_user_input": "false", "value": "1"}),
            json!({"instructions": ["x"]}),
        ] {
            let body = json!([{"code": "token_required", "session": "s", "link": "l", "expiry": 60,
                "token_generation_data": tgd}]);
            let e = parse_error(428, &body.to_string(), Phase::Register);
            assert_eq!(e.code, MfaErrorCode::BadResponse, "{tgd}");
        }
        let body = json!([{"code": "token_required", "session": "s", "link": "l", "expiry": 60,
            "token_generation_data": "weird"}]);
        assert!(challenge_of(parse(428, &body.to_string(), Phase::Register))
            .token_generation_data
            .is_none());
    }

    #[test]
    fn hostile_expiry_values() {
        let with = |expiry: Value| {
            json!([{"code": "token_required", "session": "s", "link": "l", "expiry": expiry,
                    "request_id": "rid"}])
            .to_string()
        };
        for bad in [
            json!("abc"),
            json!(-1),
            json!(null),
            json!({"s": 1}),
            json!(true),
            json!(""),
        ] {
            let e = parse_error(428, &with(bad.clone()), Phase::Register);
            assert_eq!(e.code, MfaErrorCode::BadResponse, "{bad}");
            assert_eq!(
                (e.status, e.provider_code.as_deref()),
                (Some(428), Some("token_required"))
            );
            assert_eq!(e.request_id.as_deref(), Some("rid"));
        }
        assert_eq!(
            challenge_of(parse(428, &with(json!(90.9)), Phase::Register)).expiry_seconds,
            90
        );
        assert_eq!(
            challenge_of(parse(428, &with(json!(" 30 ")), Phase::Register)).expiry_seconds,
            30
        );
        let huge = challenge_of(parse(428, &with(json!(1e300)), Phase::Register));
        assert_eq!(huge.expiry_seconds, i32::MAX as u32);
        assert!(
            time::parse_timestamp(&huge.expires_at).is_some(),
            "{}",
            huge.expires_at
        );
        let huge = challenge_of(parse(
            428,
            &with(json!("99999999999999999999")),
            Phase::Register,
        ));
        assert_eq!(huge.expiry_seconds, i32::MAX as u32);
        let e = parse_error(
            428,
            r#"[{"code":"token_required","link":"l","expiry":1}]"#,
            Phase::Register,
        );
        assert_eq!(
            (e.code, e.message.as_ref()),
            (
                MfaErrorCode::BadResponse,
                "token_required without a session"
            )
        );
        let e = parse_error(
            428,
            r#"[{"code":"token_required","session":"","link":"l","expiry":1}]"#,
            Phase::Register,
        );
        assert_eq!(e.code, MfaErrorCode::BadResponse);
    }

    #[test]
    fn hostile_428_bodies_are_typed_errors() {
        for body in [
            "",
            "not json",
            "[]",
            "{}",
            "[1, \"x\", null]",
            "428",
            HTML_403,
            "[{]",
            "{\"detail\":\"Nope\"}",
        ] {
            let e = parse_error(428, body, Phase::Register);
            assert_eq!(e.status, Some(428), "{body}");
            assert!(
                matches!(
                    e.code,
                    MfaErrorCode::BadResponse | MfaErrorCode::ProviderError
                ),
                "{body}: {e:?}"
            );
        }
        let e = parse_error(
            428,
            r#"[{"code":"weird_code","message":"m"}]"#,
            Phase::Register,
        );
        assert_eq!(codes(&e), (MfaErrorCode::ProviderError, Some("weird_code")));
    }

    #[test]
    fn activation_required_is_a_provider_error() {
        let e = parse_error(428, ACTIVATION, Phase::Register);
        assert_eq!(e.code, MfaErrorCode::ProviderError);
        assert_eq!(e.provider_code.as_deref(), Some("activation_required"));
        assert_eq!(
            e.request_id.as_deref(),
            Some("0d9f3b1e2c4a4f6e8b7a9c1d2e3f4a5b")
        );
        assert_eq!(
            e.message,
            "This user doesn't have web access activated yet."
        );
        assert_eq!(
            (e.provider, e.status),
            (Some(MfaProvider::Belvo), Some(428))
        );
    }

    #[test]
    fn maps_belvo_error_codes() {
        let e = parse_error(400, SESSION_EXPIRED, Phase::Resume);
        assert_eq!(codes(&e), (MfaErrorCode::Expired, Some("session_expired")));
        assert_eq!(
            e.request_id.as_deref(),
            Some("6e7b283c6efa449c9c028a16b5c249fa")
        );
        let e = parse_error(400, VALIDATION, Phase::Retrieve);
        assert_eq!(codes(&e), (MfaErrorCode::ProviderError, Some("required")));
        assert_eq!(e.message, "link: This field is required.");
        let login = r#"[{"code":"login_error","message":"Invalid credentials provided to login to the institution","request_id":"r"}]"#;
        assert_eq!(
            parse_error(400, login, Phase::Resume).code,
            MfaErrorCode::InvalidCode
        );
        assert_eq!(
            parse_error(400, login, Phase::Register).code,
            MfaErrorCode::InvalidCredentials
        );
        assert_eq!(
            parse_error(400, login, Phase::Retrieve).code,
            MfaErrorCode::InvalidCredentials
        );
        let auth = r#"[{"code":"authentication_failed","message":"Invalid Secret Keys","request_id":"r"}]"#;
        assert_eq!(
            parse_error(401, auth, Phase::Register).code,
            MfaErrorCode::InvalidCredentials
        );
        let busy =
            r#"[{"code":"too_many_sessions","message":"Impossible to login","request_id":"r"}]"#;
        let res = HttpResponse::new(400, busy).with_header("Retry-After", "120");
        let e = parse_step(&res, NOW, Phase::Register, Collection::Links).unwrap_err();
        assert_eq!(
            (e.code, e.retry_after_ms),
            (MfaErrorCode::RateLimited, Some(120_000))
        );
        let e = parse_error(400, busy, Phase::Register);
        assert_eq!(
            (e.code, e.retry_after_ms),
            (MfaErrorCode::RateLimited, None)
        );
        let e = parse_error(
            404,
            r#"[{"code":"not_found","message":"Not found.","request_id":"r"}]"#,
            Phase::Resume,
        );
        assert_eq!(codes(&e), (MfaErrorCode::NotFound, Some("not_found")));
        let e = parse_error(
            500,
            r#"[{"code":"unexpected_error","request_id":"r"}]"#,
            Phase::Register,
        );
        assert_eq!(
            codes(&e),
            (MfaErrorCode::ServerError, Some("unexpected_error"))
        );
        assert!(!e.message.is_empty());
        let e = parse_error(400, r#"[{"code":"session_expired_ob"}]"#, Phase::Resume);
        assert_eq!(e.code, MfaErrorCode::ProviderError);
    }

    #[test]
    fn html_403_is_rate_limited_and_json_403_is_forbidden() {
        let res = HttpResponse::new(403, HTML_403).with_header("retry-after", "30");
        let e = parse_step(&res, NOW, Phase::Register, Collection::Links).unwrap_err();
        assert_eq!(
            (e.code, e.status, e.retry_after_ms),
            (MfaErrorCode::RateLimited, Some(403), Some(30_000))
        );
        assert!(!e.message.contains('<'));
        let e = parse_error(
            403,
            r#"[{"code":"access_to_resource_denied","request_id":"r"}]"#,
            Phase::Register,
        );
        assert_eq!(e.code, MfaErrorCode::Forbidden);
        assert_eq!(
            parse_error(502, "<html>bad gateway</html>", Phase::Register).code,
            MfaErrorCode::ServerError
        );
    }

    #[test]
    fn success_keeps_the_json_and_refuses_non_json() {
        match parse(
            201,
            r#"{"id":"l","status":"valid","access_mode":"single"}"#,
            Phase::Register,
        )
        .unwrap()
        {
            BelvoStep::Success(s) => {
                assert_eq!(s.http_status, 201);
                assert_eq!(data(&s)["access_mode"], "single");
            }
            _ => panic!(),
        }
        for body in ["", "<html>ok</html>", "{"] {
            let e = parse_error(200, body, Phase::Resume);
            assert_eq!((e.code, e.status), (MfaErrorCode::BadResponse, Some(200)));
        }
    }

    #[test]
    fn register_request_shape() {
        let mut input = BelvoRegisterLinkInput {
            institution: "numeric_mx_bank".into(),
            username: "bnk100".into(),
            password: Some("full".into()),
            access_mode: Some(BelvoAccessMode::Recurrent),
            external_id: Some("ext-1".into()),
            fetch_historical: Some(false),
            credentials_storage: Some("30d".into()),
            username_type: Some("001".into()),
            ..Default::default()
        };
        let r = build_register(&config(), Some(&keys()), &input).unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Post, "https://sandbox.belvo.com/api/links/")
        );
        assert_eq!(r.header_value("authorization"), Some("Basic c2lkOnNwdw=="));
        assert_eq!(r.header_value("content-type"), Some("application/json"));
        assert_eq!(r.header_value("accept"), Some("application/json"));
        assert_eq!(
            body_of(&r),
            json!({"institution": "numeric_mx_bank", "username": "bnk100", "password": "full",
                   "access_mode": "recurrent", "external_id": "ext-1", "fetch_historical": false,
                   "credentials_storage": "30d", "username_type": "001"})
        );
        assert!(r.secrets.contains(&"full".to_string()));
        let r = build_register(&config(), None, &input).unwrap();
        assert_eq!(r.header_value("authorization"), None);
        input.password = Some(String::new());
        assert_eq!(
            build_register(&config(), None, &input).unwrap_err().message,
            "password: must not be empty"
        );
        input.password = None;
        input.institution = String::new();
        assert_eq!(
            build_register(&config(), None, &input).unwrap_err().code,
            MfaErrorCode::InvalidInput
        );
    }

    #[test]
    fn retrieve_request_shape_and_extras() {
        let input = input::retrieve_input(&from_json(&json!({
            "link": "l-1", "token": "123456", "saveData": false, "dateFrom": "2026-01-01",
            "dateTo": "2026-01-31", "account": "a-1", "attachXml": true, "pageSize": 100,
            "ratio": 0.5, "type": null
        })))
        .unwrap();
        let r = build_retrieve(
            &config(),
            Some(&keys()),
            BelvoResource::Transactions,
            &input,
        )
        .unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Post, "https://sandbox.belvo.com/api/transactions/")
        );
        assert_eq!(
            body_of(&r),
            json!({"link": "l-1", "token": "123456", "save_data": false, "date_from": "2026-01-01",
                   "date_to": "2026-01-31", "account": "a-1", "attach_xml": true, "page_size": 100,
                   "ratio": 0.5, "type": null})
        );
        assert!(
            r.body.as_deref().unwrap().contains("\"page_size\":100,"),
            "integers stay integers"
        );
        assert!(r.secrets.contains(&"123456".to_string()));
        for (extra, msg) in [
            (
                json!({"save_data": true}),
                "save_data: use the named field instead",
            ),
            (
                json!({"date_from": "x"}),
                "date_from: use the named field instead",
            ),
            (json!({"Account": "x"}), "Account: not a field name"),
            (json!({"a-b": "x"}), "a-b: not a field name"),
            (json!({"fooBar": 1, "foo_bar": 2}), "foo_bar: given twice"),
        ] {
            let mut v = json!({"link": "l"});
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let input = input::retrieve_input(&from_json(&v)).unwrap();
            let e = build_retrieve(&config(), None, BelvoResource::Accounts, &input).unwrap_err();
            assert!(e.message.starts_with(msg), "{}", e.message);
        }
    }

    fn challenge(expects: Option<bool>, path: &str) -> BelvoTokenRequired {
        BelvoTokenRequired {
            status: TokenRequiredStatus::TokenRequired,
            session: "sess-1".into(),
            link: "link-1".into(),
            expires_at: "2026-01-01T00:10:00.000Z".into(),
            expiry_seconds: 600,
            message: None,
            request_id: None,
            token_generation_data: expects.map(|e| BelvoTokenGenerationData {
                kind: None,
                value: None,
                instructions: None,
                expects_user_input: e,
            }),
            resume_path: path.into(),
        }
    }

    fn resume_input(token: Option<&str>, save: Option<bool>) -> BelvoResumeInput {
        BelvoResumeInput {
            token: token.map(str::to_string),
            save_data: save,
        }
    }

    #[test]
    fn resume_request_shapes() {
        let c = challenge(Some(true), "/api/links/");
        let (r, coll) = build_resume(
            &config(),
            Some(&keys()),
            &c,
            &resume_input(Some("123456"), Some(true)),
            NOW,
        )
        .unwrap();
        assert_eq!(coll, Collection::Links);
        assert_eq!(
            (r.method, r.url.as_str()),
            (Method::Patch, "https://sandbox.belvo.com/api/links/")
        );
        assert_eq!(
            body_of(&r),
            json!({"session": "sess-1", "link": "link-1", "token": "123456"})
        );
        assert!(r.header_value("authorization").is_some());
        assert!(r.secrets.contains(&"123456".to_string()));

        let c = challenge(None, "/api/accounts/");
        let (r, coll) = build_resume(
            &config(),
            None,
            &c,
            &resume_input(Some("1"), Some(false)),
            NOW,
        )
        .unwrap();
        assert_eq!(coll, Collection::Data(BelvoResource::Accounts));
        assert_eq!(r.url, "https://sandbox.belvo.com/api/accounts/");
        assert_eq!(
            body_of(&r),
            json!({"session": "sess-1", "link": "link-1", "token": "1", "save_data": false})
        );
        assert_eq!(r.header_value("authorization"), None);

        let c = challenge(Some(false), "/api/links/");
        let (r, _) = build_resume(&config(), None, &c, &resume_input(None, None), NOW).unwrap();
        assert_eq!(body_of(&r), json!({"session": "sess-1", "link": "link-1"}));
    }

    #[test]
    fn resume_refusals_send_nothing() {
        let later = NOW + 600_000.0;
        let refused = |c: &BelvoTokenRequired, token: Option<&str>, now: f64| {
            build_resume(&config(), None, c, &resume_input(token, None), now).unwrap_err()
        };
        let e = refused(&challenge(Some(true), "/api/links/"), Some("1"), later);
        assert_eq!(
            (e.code, e.provider),
            (MfaErrorCode::Expired, Some(MfaProvider::Belvo))
        );
        let e = refused(&challenge(Some(true), "/api/links/"), None, NOW);
        assert!(e.message.starts_with("token: is required"), "{}", e.message);
        let e = refused(&challenge(None, "/api/links/"), None, NOW);
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        let e = refused(&challenge(Some(true), "/api/links/"), Some(""), NOW);
        assert_eq!(e.message, "token: must not be empty");
        for path in [
            "/api/links",
            "/api/links/x/",
            "https://evil.test/api/links/",
            "/api/../links/",
            "",
            "/api/employment-records/",
        ] {
            let e = refused(&challenge(Some(true), path), Some("1"), NOW);
            assert!(e.message.starts_with("challenge.resumePath"), "{path}");
        }
        let mut c = challenge(Some(true), "/api/links/");
        c.expires_at = "tomorrow".into();
        let e = refused(&c, Some("1"), NOW);
        assert!(e.message.starts_with("challenge.expiresAt"));
        let mut c = challenge(Some(true), "/api/links/");
        c.session = String::new();
        let e = refused(&c, Some("1"), NOW);
        assert_eq!(e.message, "challenge.session: must not be empty");
    }

    #[test]
    fn a_step_survives_json_and_reads_back() {
        let c = challenge_of(parse(428, TOKEN_REQUIRED, Phase::Register));
        let text = serde_json::to_string(&BelvoStep::TokenRequired(c.clone())).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["status"], "TOKEN_REQUIRED");
        assert_eq!(v["expirySeconds"], 9600);
        assert_eq!(v["resumePath"], "/api/links/");
        assert_eq!(v["tokenGenerationData"]["expectsUserInput"], true);
        assert!(v.get("message").is_some() && v.get("token_generation_data").is_none());
        assert_eq!(input::challenge(&from_json(&v)).unwrap(), c);
        let back: BelvoTokenRequired = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
        let ok = parse(200, "[1]", Phase::Resume).unwrap();
        let v: Value = serde_json::from_str(&json::to_string(&ok)).unwrap();
        assert_eq!(
            v,
            json!({"status": "SUCCESS", "httpStatus": 200, "data": [1]})
        );
        assert!(
            !format!("{c:?}").contains("2675b703"),
            "Debug hides the session"
        );
    }
}
