//! The policy of `mfa-flows/server`, sans-IO: an incoming method, path, body and
//! `Authorization` become an [`MfaOperation`] (from the table in [`crate::ops`]), and the
//! provider's answer becomes an [`MfaResult`] read by the same parsers the clients use.

use crate::belvo::flow::{self as belvo, Collection};
use crate::belvo::{BelvoResource, BelvoStep};
use crate::error::{MfaErrorCode, MfaProvider};
use crate::http::{HttpResponse, Method};
use crate::json::Json;
use crate::onelogin::{self, OneLoginVerification};
use crate::ops::{Auth, Body, OperationName, ROUTES};
use crate::prelude::*;
use crate::riffyn::flow::{parse_auth, Phase};
use crate::riffyn::RiffynStep;
use serde::{Serialize, Serializer};
use tsify::Tsify;

mod upstream;
pub use upstream::Upstream;

impl Serialize for OperationName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One browser call, parsed by the SDK from its method, path and body (never from the page's
/// say-so) (`MfaOperation` in JS).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MfaOperation {
    /// Which call.
    #[tsify(type = "MfaOperationName")]
    pub name: OperationName,
    /// The API it goes to.
    pub provider: MfaProvider,
    /// OneLogin: the user in the path. Check it against your own session.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub user_id: Option<f64>,
    /// OneLogin: the device in the path.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub device_id: Option<f64>,
    /// OneLogin `verifyFactor`: `"otp"` when the body carries a code, `"push"` when it polls a push.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "MfaFactorKind")]
    pub factor_kind: Option<FactorKind>,
    /// OneLogin `enrollFactor`: the body's `verified`. `true` enrols the factor without proof of
    /// possession; such a call is refused (403) unless `allowVerifiedEnrollment` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub verified: Option<bool>,
    /// Belvo `registerLink`: the institution.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub institution: Option<String>,
    /// Belvo `retrieve` / `resume`: the link. Check that it belongs to your session's user.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub link: Option<String>,
    /// Belvo `retrieve`, or `resume` of a data call: the resource, e.g. `"accounts"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub resource: Option<String>,
    /// Riffyn: the username of the login's Basic credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub username: Option<String>,
    /// A verify or resume: a keyed digest of the handle it continues (Riffyn `stateToken`, Belvo
    /// `session`, OneLogin `state_token`), never the handle itself. Equal handles give equal digests
    /// under one store.
    // Set by the proxy's guard (js/lib/guard.js), never by the core: declared here to be typed once.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub handle: Option<String>,
}

/// What a OneLogin `verifyFactor` carries (`MfaOperation["factorKind"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
#[tsify(type_prefix = "Mfa")]
pub enum FactorKind {
    /// The body carries a code (`otp_token`).
    Otp,
    /// The body polls a push (`state_token` alone).
    Push,
}

/// Why a request is not forwarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No operation has this method and path (404).
    NotFound,
    /// The body is not what the operation's client sends: none, or a JSON object whose
    /// fields the operation describes have the clients' types (400).
    BadBody,
    /// An operation that carries a body, sent without `Content-Type: application/json`
    /// (even an empty one: a cross-site form could send it without a preflight) (415).
    UnsupportedMediaType,
}

/// A parsed call: the operation, the path to send upstream and what of the browser's
/// `Authorization` goes with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The operation.
    pub operation: MfaOperation,
    /// The method to send upstream.
    pub method: Method,
    /// The path under the provider's base URL (the table's pattern, filled).
    pub upstream_path: String,
    /// The browser's Basic credentials, for an operation whose upstream auth is the browser's
    /// ([`Auth::Browser`]: Riffyn's, the login's own payload); `None` for every other.
    pub authorization: Option<String>,
    /// The body to send as it came (empty: none), the one the operation was read from.
    pub body: String,
}

/// Parses `path` (after the proxy's `basePath`: `/{provider}/…`) into the operation a browser
/// client sends, or refuses it.
///
/// # Errors
/// [`Refusal::NotFound`] for an unknown provider, path or method, or a placeholder that is not
/// of its kind; [`Refusal::UnsupportedMediaType`] for an operation with a body whose
/// `content_type` is not JSON; [`Refusal::BadBody`] for a body the operation's client would
/// not send.
pub fn parse(
    method: &str,
    path: &str,
    body: &str,
    authorization: Option<&str>,
    content_type: Option<&str>,
) -> Result<Parsed, Refusal> {
    // The providers of the rows: one without an operation is not routed.
    let (provider, rest) = ROUTES
        .iter()
        .map(|r| r.name.provider())
        .find_map(|p| {
            let rest = path.strip_prefix('/')?.strip_prefix(p.as_str())?;
            rest.starts_with('/').then_some((p, rest))
        })
        .ok_or(Refusal::NotFound)?;
    let (route, values) = ROUTES
        .iter()
        .filter(|r| r.name.provider() == provider && r.method.as_str() == method)
        .find_map(|r| Some((r, r.matches(rest)?)))
        .ok_or(Refusal::NotFound)?;
    let mut op = MfaOperation {
        name: route.name,
        provider,
        user_id: None,
        device_id: None,
        factor_kind: None,
        verified: None,
        institution: None,
        link: None,
        resource: None,
        username: None,
        handle: None,
    };
    for (placeholder, value) in values {
        check_segment(&mut op, placeholder, value)?;
    }
    let proxied = route.name.proxied();
    let json = read_body(proxied.body, body, content_type)?;
    let mut forwarded = None;
    if proxied.auth == Auth::Browser {
        // Only a well-formed Basic pair goes on; anything else stays behind.
        if let Some((value, user)) = authorization.and_then(|a| Some((a, basic_user(a)?))) {
            op.username = Some(user);
            forwarded = Some(value.to_string());
        }
    }
    match route.name {
        // What `authorize` sees is exactly what the provider gets: each field the operation
        // describes is required (as the clients send it) and of the clients' type, or 400.
        OperationName::BelvoRegisterLink => op.institution = Some(text(&json, "institution")?),
        OperationName::BelvoRetrieve | OperationName::BelvoResume => {
            op.link = Some(text(&json, "link")?);
        }
        OperationName::OneLoginVerifyFactor => {
            let blank = |t: &String| t.trim().is_empty();
            let otp = optional_text(&json, "otp_token")?;
            let state = optional_text(&json, "state_token")?;
            if otp.as_ref().is_some_and(blank) || state.as_ref().is_some_and(blank) {
                return Err(Refusal::BadBody);
            }
            op.factor_kind = match (otp, state) {
                (Some(_), _) => Some(FactorKind::Otp),
                (None, Some(_)) => Some(FactorKind::Push),
                (None, None) => return Err(Refusal::BadBody),
            };
        }
        OperationName::OneLoginEnrollFactor => {
            op.verified = match field(&json, "verified") {
                None => None,
                Some(Json::Bool(b)) => Some(*b),
                Some(_) => return Err(Refusal::BadBody),
            };
        }
        _ => {}
    }
    Ok(Parsed {
        operation: op,
        method: route.method,
        upstream_path: rest.to_string(),
        authorization: forwarded,
        body: body.to_string(),
    })
}

/// Checks one path segment against the kind its placeholder names.
fn check_segment(op: &mut MfaOperation, placeholder: &str, value: &str) -> Result<(), Refusal> {
    let digits = |v: &str| {
        (1..=15).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0')
    };
    // At most 15 digits: exact as an f64 (no float parsing in the module).
    let number = |v: &str| crate::text::digits(v).map(|n| n as f64);
    match placeholder {
        "{user}" if digits(value) => op.user_id = number(value),
        "{device}" if digits(value) => op.device_id = number(value),
        // An encoded segment as `encode_segment` writes it, never a dot segment (nor one
        // percent-encoded, which a fetch would resolve: `%2e%2e`).
        "{factor}"
            if value.len() <= 1024
                && !matches!(
                    crate::text::replace(&value.to_ascii_lowercase(), "%2e", ".").as_str(),
                    "." | ".."
                )
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)) => {}
        "{resource}" if BelvoResource::from_name(value).is_some() => {
            op.resource = Some(value.to_string());
        }
        "{collection}" if value == "links" => {}
        "{collection}" if BelvoResource::from_name(value).is_some() => {
            op.resource = Some(value.to_string());
        }
        _ => return Err(Refusal::NotFound),
    }
    Ok(())
}

/// The body of a call, of its row's kind: none (an empty body only), or a JSON object declared
/// `application/json`, even when empty (an empty body reads as an empty object).
fn read_body(kind: Body, body: &str, content_type: Option<&str>) -> Result<Json, Refusal> {
    if kind == Body::None {
        return match body.trim().is_empty() {
            true => Ok(Json::Null),
            false => Err(Refusal::BadBody),
        };
    }
    if !content_type.is_some_and(is_json_type) {
        return Err(Refusal::UnsupportedMediaType);
    }
    if body.trim().is_empty() {
        return Ok(Json::Null);
    }
    Json::parse(body)
        .filter(Json::is_object)
        .ok_or(Refusal::BadBody)
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default();
    essence.trim_end().eq_ignore_ascii_case("application/json")
}

/// A member of a JSON object body, when present (`null` included).
fn field<'a>(json: &'a Json, key: &str) -> Option<&'a Json> {
    json.members()?
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// A field the clients send as a non-empty string, when present; any other type is refused.
fn optional_text(json: &Json, key: &str) -> Result<Option<String>, Refusal> {
    match field(json, key) {
        None => Ok(None),
        Some(Json::Str(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(Refusal::BadBody),
    }
}

/// A field the clients always send, as a non-empty string.
fn text(json: &Json, key: &str) -> Result<String, Refusal> {
    optional_text(json, key)?.ok_or(Refusal::BadBody)
}

/// The username of `Basic base64(user:password)`.
fn basic_user(authorization: &str) -> Option<String> {
    let (scheme, encoded) = authorization.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let pair = String::from_utf8(crate::http::base64_decode(encoded.trim())?).ok()?;
    let (user, _) = pair.split_once(':')?;
    (!user.is_empty()).then(|| user.to_string())
}

/// What the proxy learned from an answer (`MfaResult["outcome"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
#[tsify(type_prefix = "Mfa")]
pub enum Outcome {
    /// Riffyn `SUCCESS`, a Belvo 2xx, OneLogin `VERIFIED` (a `verifyFactor` only).
    Verified,
    /// `MFA_REQUIRED`, a 428 `token_required`, a trigger, a `PENDING` poll, and any other
    /// successful call (listing, enrolling, removing factors, generating a token).
    Pending,
    /// Any error, with `code`.
    Failed,
}

/// What the proxy read from the provider's answer itself (`MfaResult` in JS).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MfaResult {
    /// The call.
    pub operation: MfaOperation,
    /// What it came to.
    #[tsify(type = "MfaOutcome")]
    pub outcome: Outcome,
    /// The provider's HTTP status; 0 when none came (unreachable, timeout, the browser went away).
    pub status: u16,
    /// Why it failed, as the browser client reads it (`invalid_code`, `rejected`, `expired`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub code: Option<MfaErrorCode>,
    /// Belvo: the Link id once known (from the 428, or the created Link).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub link: Option<String>,
    /// What the guard did: `"passed"` (it checked the call and forwarded it), `"bound"` (it bound
    /// the handle the answer minted to this subject), or the refusal (`"handle_not_bound"`,
    /// `"limit_reached"`, `"code_reused"`, `"store_unavailable"`; then `status` is the proxy's own:
    /// 403, 429, 400, 503). Absent when the guard had nothing to do.
    // This and `retry_after_ms` are set by the proxy's guard (js/lib/guard.js), never by the core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "MfaGuardDecision")]
    pub guard: Option<GuardDecision>,
    /// A refusal with `Retry-After` (429, 503): the wait it asks for, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub retry_after_ms: Option<f64>,
}

/// What the proxy's guard (js/lib/guard.js) did with a call (`MfaResult["guard"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
#[tsify(type_prefix = "Mfa")]
pub enum GuardDecision {
    /// It checked the call and forwarded it.
    Passed,
    /// It bound the handle the answer minted to this subject.
    Bound,
    /// Refused (403): the handle was minted for another subject, or for none.
    HandleNotBound,
    /// Refused (429): too many failed codes, or pushes.
    LimitReached,
    /// Refused (400): a code already accepted within `codeReuseMs`.
    CodeReused,
    /// Refused (503): the store failed.
    StoreUnavailable,
}

/// Reads the provider's answer to `op` as the clients would: `verified` only where the flow's
/// last step succeeded (Riffyn `SUCCESS`, a Belvo 2xx, OneLogin `VERIFIED`); every other
/// success is `pending`, every error `failed` with its code.
pub fn outcome(op: &MfaOperation, res: &HttpResponse, now_ms: f64) -> MfaResult {
    use Outcome::{Failed, Pending, Verified};
    let mut link = op.link.clone();
    let read: Result<Outcome, MfaErrorCode> = match op.name {
        OperationName::RiffynLogin | OperationName::RiffynVerify => {
            let phase = if op.name == OperationName::RiffynLogin {
                Phase::Login
            } else {
                Phase::Verify
            };
            match parse_auth(res, phase) {
                Ok(RiffynStep::Success { .. }) => Ok(Verified),
                Ok(RiffynStep::MfaRequired { .. }) => Ok(Pending),
                Err(e) => Err(e.code),
            }
        }
        OperationName::BelvoRegisterLink
        | OperationName::BelvoRetrieve
        | OperationName::BelvoResume => {
            let (bop, collection) = belvo_phase(op);
            match belvo::parse_step(res, now_ms, bop, collection) {
                Ok(BelvoStep::Success(_)) => {
                    if collection == Collection::Links {
                        // A link's answer is the Link itself.
                        let body = Json::parse(&res.body).unwrap_or_default();
                        link = body.get("id").non_blank_string().or(link);
                    }
                    Ok(Verified)
                }
                Ok(BelvoStep::TokenRequired(challenge)) => {
                    link = Some(challenge.link).filter(|l| !l.is_empty()).or(link);
                    Ok(Pending)
                }
                Err(e) => Err(e.code),
            }
        }
        OperationName::OneLoginVerifyFactor => match onelogin::flow::parse_verify(res) {
            Ok(OneLoginVerification::Verified { .. }) => Ok(Verified),
            Ok(OneLoginVerification::Pending { .. }) => Ok(Pending),
            Err(e) => Err(e.code),
        },
        _ => onelogin::flow::check(res, onelogin::flow::Phase::Manage)
            .map(|()| Pending)
            .map_err(|e| e.code),
    };
    let (outcome, code) = match read {
        Ok(outcome) => (outcome, None),
        Err(code) => (Failed, Some(code)),
    };
    MfaResult {
        operation: op.clone(),
        outcome,
        status: res.status,
        code,
        link,
        guard: None,
        retry_after_ms: None,
    }
}

/// The phase and collection of a Belvo call, as its client would read the answer.
fn belvo_phase(op: &MfaOperation) -> (belvo::Phase, Collection) {
    if op.name == OperationName::BelvoRegisterLink {
        return (belvo::Phase::Register, Collection::Links);
    }
    let collection = op
        .resource
        .as_deref()
        .and_then(BelvoResource::from_name)
        .map_or(Collection::Links, Collection::Data);
    let phase = if op.name == OperationName::BelvoRetrieve {
        belvo::Phase::Retrieve
    } else {
        belvo::Phase::Resume
    };
    (phase, collection)
}

/// What a verify or resume carries for the proxy's guard: the handle it continues, Belvo's link
/// with it, and the code. Raw values: the guard digests them before anything keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Carried {
    /// Riffyn `stateToken`, Belvo `session`, OneLogin `state_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// Belvo: the link the session belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Riffyn `passCode`, Belvo `token`, OneLogin `otp_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Reads what `body` (the request of `op`) carries for the guard; empty for the calls that
/// continue no handle. Blank fields count as absent.
pub fn carried(op: &MfaOperation, body: &str) -> Carried {
    let Some((handle, code)) = carried_keys(op.name) else {
        return Carried::default();
    };
    let json = Json::parse(body).unwrap_or_default();
    let text = |key: &str| json.get(key).non_blank_string().filter(|s| !s.is_empty());
    Carried {
        handle: handle.and_then(text),
        link: op.link.clone().filter(|_| {
            matches!(
                op.name,
                OperationName::BelvoResume | OperationName::BelvoRetrieve
            )
        }),
        code: text(code),
    }
}

/// The body keys of the handle and the code an operation carries: a handle for the rows that
/// continue one ([`crate::ops::guard::CONTINUES`]), a code alone for those that may send one up front
/// ([`crate::ops::guard::UP_FRONT`]), nothing for the others (a test holds the rows and this together).
fn carried_keys(name: OperationName) -> Option<(Option<&'static str>, &'static str)> {
    Some(match name {
        OperationName::RiffynVerify => (Some("stateToken"), "passCode"),
        OperationName::BelvoResume => (Some("session"), "token"),
        OperationName::OneLoginVerifyFactor => (Some("state_token"), "otp_token"),
        // Belvo takes a bank token with the first request too: a code, guessed as well as any.
        OperationName::BelvoRegisterLink | OperationName::BelvoRetrieve => (None, "token"),
        _ => return None,
    })
}

/// A handle an answer minted, which the guard binds to whoever received it (Riffyn `MFA_REQUIRED`,
/// a Belvo 428, a OneLogin trigger or enrollment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Minted {
    /// Riffyn `MFA_REQUIRED`'s `stateToken`, Belvo 428's `session`, OneLogin trigger's `state_token`.
    pub handle: String,
    /// Belvo: the session's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// OneLogin: the device the trigger answered for (its path's when the answer names none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<u64>,
}

/// The handle the answer to `op` mints, read by the clients' parsers; `None` for any other answer.
pub fn minted(op: &MfaOperation, res: &HttpResponse, now_ms: f64) -> Option<Minted> {
    match op.name {
        OperationName::RiffynLogin | OperationName::RiffynVerify => {
            let phase = if op.name == OperationName::RiffynLogin {
                Phase::Login
            } else {
                Phase::Verify
            };
            match parse_auth(res, phase).ok()? {
                RiffynStep::MfaRequired { state_token, .. } => Some(Minted {
                    handle: state_token,
                    link: None,
                    device: None,
                }),
                RiffynStep::Success { .. } => None,
            }
        }
        OperationName::BelvoRegisterLink
        | OperationName::BelvoRetrieve
        | OperationName::BelvoResume => {
            let (phase, collection) = belvo_phase(op);
            match belvo::parse_step(res, now_ms, phase, collection).ok()? {
                BelvoStep::TokenRequired(challenge) => Some(Minted {
                    handle: challenge.session,
                    link: Some(challenge.link).filter(|l| !l.is_empty()),
                    device: None,
                }),
                BelvoStep::Success(_) => None,
            }
        }
        // An enrollment's state_token verifies the new device, as a trigger's does.
        OperationName::OneLoginEnrollFactor => {
            let device = onelogin::flow::parse_enroll(res).ok()?;
            Some(Minted {
                handle: device.state_token?,
                link: None,
                device: Some(device.id),
            })
        }
        OperationName::OneLoginActivateFactor => {
            // The path's device is at most 15 digits (check_segment), exact as f64 and u64.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let fallback = op.device_id.map(|d| d as u64);
            let activation = onelogin::flow::parse_activate(res, now_ms, 0, fallback).ok()?;
            Some(Minted {
                handle: activation.state_token,
                link: None,
                device: Some(activation.device_id),
            })
        }
        _ => None,
    }
}

/// The result of a call to which no answer came (`network`, `timeout`, `aborted`…).
pub fn no_answer(op: &MfaOperation, code: MfaErrorCode) -> MfaResult {
    MfaResult {
        operation: op.clone(),
        outcome: Outcome::Failed,
        status: 0,
        code: Some(code),
        link: op.link.clone(),
        guard: None,
        retry_after_ms: None,
    }
}

/// Whether an answer to `op` refuses the proxy's OneLogin access token (renew and resend once).
pub fn refuses_token(op: &MfaOperation, res: &HttpResponse) -> bool {
    op.provider == MfaProvider::OneLogin && onelogin::flow::refuses_token(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{guard, ROUTES};

    const JSON_TYPE: Option<&str> = Some("application/json");

    fn ok(method: &str, path: &str, body: &str) -> Parsed {
        parse(method, path, body, None, JSON_TYPE)
            .unwrap_or_else(|r| panic!("{method} {path}: {r:?}"))
    }

    #[test]
    fn every_row_of_the_table_parses_back_to_its_operation() {
        let config = crate::testing::config("https://x.test", &[]);
        for route in ROUTES {
            let args: Vec<&str> = route
                .pattern
                .split('/')
                .filter(|s| s.starts_with('{'))
                .map(|p| match p {
                    "{user}" => "1001",
                    "{device}" => "42",
                    "{factor}" => "uft%201",
                    "{resource}" => "accounts",
                    _ => "links",
                })
                .collect();
            let request = config.request(route.method, &route.path(&args));
            let path = request.url.strip_prefix("https://x.test").unwrap();
            let proxied = route.name.proxied();
            let body = match route.name {
                _ if proxied.body == Body::None => "",
                OperationName::BelvoRegisterLink => r#"{"institution":"b"}"#,
                OperationName::BelvoRetrieve | OperationName::BelvoResume => r#"{"link":"l"}"#,
                OperationName::OneLoginVerifyFactor => r#"{"otp_token":"1"}"#,
                _ => "{}",
            };
            let prefixed = format!("/{}{}", route.name.provider().as_str(), path);
            let parsed = ok(route.method.as_str(), &prefixed, body);
            assert_eq!(parsed.operation.name, route.name);
            assert_eq!(parsed.upstream_path, path);
            // The row's body kind is the rule: a bodiless row takes no body, a JSON row only JSON.
            let method = route.method.as_str();
            match proxied.body {
                Body::None => {
                    assert_eq!(
                        parse(method, &prefixed, "{}", None, JSON_TYPE),
                        Err(Refusal::BadBody)
                    );
                    assert!(parse(method, &prefixed, "", None, None).is_ok());
                }
                Body::Json => assert_eq!(
                    parse(method, &prefixed, body, None, Some("text/plain")),
                    Err(Refusal::UnsupportedMediaType)
                ),
            }
            // Only a row whose upstream auth is the browser's forwards the browser's Basic pair.
            let basic = "Basic YWxpY2U6cHc="; // alice:pw
            let parsed = parse(method, &prefixed, body, Some(basic), JSON_TYPE).unwrap();
            let forwarded = proxied.auth == Auth::Browser;
            assert_eq!(parsed.authorization.is_some(), forwarded, "{route:?}");
            assert_eq!(parsed.operation.username.is_some(), forwarded, "{route:?}");
        }
    }

    #[test]
    fn the_guard_decisions_are_the_ones_guard_js_writes() {
        let source = include_str!("../js/lib/guard.js");
        for decision in [
            GuardDecision::Passed,
            GuardDecision::Bound,
            GuardDecision::HandleNotBound,
            GuardDecision::LimitReached,
            GuardDecision::CodeReused,
            GuardDecision::StoreUnavailable,
        ] {
            let wire = serde_json::to_string(&decision).unwrap();
            assert!(source.contains(&wire), "guard.js never writes {wire}");
        }
    }

    #[test]
    fn the_guard_flags_of_the_rows_match_what_the_proxy_reads() {
        for name in OperationName::all() {
            let g = name.proxied();
            let keys = carried_keys(name);
            assert_eq!(
                keys.is_some_and(|(handle, _)| handle.is_some()),
                g.guards(guard::CONTINUES),
                "{name:?}"
            );
            assert_eq!(
                keys.is_some_and(|(handle, _)| handle.is_none()),
                g.guards(guard::UP_FRONT),
                "{name:?}"
            );
        }
    }

    #[test]
    fn refuses_what_no_client_sends() {
        for (method, path) in [
            ("GET", "/riffyn/auth"),
            ("POST", "/riffyn/auth/"),
            ("POST", "/onelogin/auth/oauth2/v2/token"),
            ("POST", "/onelogin/api/1/users/abc/otp_devices"),
            ("POST", "/onelogin/api/1/users/0/otp_devices"),
            ("POST", "/onelogin/api/1/users/1/otp_devices/../verify"),
            ("PUT", "/onelogin/api/1/users/1/otp_devices"),
            ("DELETE", "/onelogin/api/1/users/1"),
            ("POST", "/belvo/api/widget-token/"),
            ("POST", "/belvo/api/links/x/"),
            ("POST", "/riffyn/auth/factor/../verify"),
            ("POST", "/riffyn/auth/factor/%2e%2e/verify"),
            ("POST", "/riffyn/auth/factor/.%2e/verify"),
            ("POST", "/riffyn/auth/factor/%2E%2e/verify"),
            ("POST", "/riffyn/auth/factor/%2e/verify"),
            ("POST", "/other/auth"),
            ("POST", "/riffynx/auth"),
            ("GET", "/"),
            ("GET", ""),
        ] {
            assert_eq!(
                parse(method, path, "", None, JSON_TYPE),
                Err(Refusal::NotFound),
                "{method} {path}"
            );
        }
        let refused = |method, path, body, content_type| {
            parse(method, path, body, None, content_type).unwrap_err()
        };
        let links = "/belvo/api/links/";
        let verify = "/onelogin/api/1/users/1/otp_devices/2/verify";
        let enroll = "/onelogin/api/1/users/1/otp_devices";
        let g = "/onelogin/api/1/users/1/otp_devices";
        assert_eq!(refused("GET", g, "{}", JSON_TYPE), Refusal::BadBody);
        assert_eq!(refused("POST", links, "[1]", JSON_TYPE), Refusal::BadBody);
        assert_eq!(refused("POST", links, "{", JSON_TYPE), Refusal::BadBody);
        // 21.2: a described field of another type than the clients send, or missing.
        for body in [
            r#"{"institution":143098242404177361603877621312831893704}"#,
            r#"{"institution":["a"]}"#,
            r#"{"institution":{"id":"a"}}"#,
            r#"{"institution":null}"#,
            r#"{"institution":""}"#,
            r#"{"username":"u"}"#,
        ] {
            assert_eq!(
                refused("POST", links, body, JSON_TYPE),
                Refusal::BadBody,
                "{body}"
            );
        }
        for (method, path) in [("POST", "/belvo/api/accounts/"), ("PATCH", links)] {
            for body in [r#"{"link":1}"#, r#"{"link":["l"]}"#, r#"{"link":{}}"#, "{}"] {
                assert_eq!(
                    refused(method, path, body, JSON_TYPE),
                    Refusal::BadBody,
                    "{body}"
                );
            }
        }
        // 21.4: a code of another type is no push.
        for body in [
            r#"{"otp_token":123456}"#,
            r#"{"otp_token":["123456"]}"#,
            r#"{"otp_token":""}"#,
            r#"{"otp_token":" "}"#,
            r#"{"state_token":1}"#,
            r#"{"otp_token":null,"state_token":"s"}"#,
            "{}",
        ] {
            assert_eq!(
                refused("POST", verify, body, JSON_TYPE),
                Refusal::BadBody,
                "{body}"
            );
        }
        assert_eq!(
            refused("POST", enroll, r#"{"verified":"true"}"#, JSON_TYPE),
            Refusal::BadBody
        );
        // 21.5: an operation with a body needs application/json, even for an empty body.
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/jsonx"),
        ] {
            for (method, path) in [
                ("POST", verify),
                ("POST", "/onelogin/api/1/users/1/otp_devices/2/trigger"),
                ("POST", enroll),
                ("POST", links),
                ("PATCH", links),
                ("POST", "/riffyn/auth/factor/f/verify"),
            ] {
                assert_eq!(
                    refused(method, path, "", content_type),
                    Refusal::UnsupportedMediaType,
                    "{path} {content_type:?}"
                );
            }
        }
        assert!(parse(
            "POST",
            "/onelogin/api/1/users/1/otp_devices/2/trigger",
            "",
            None,
            Some("Application/JSON; charset=utf-8")
        )
        .is_ok());
        assert!(parse("POST", "/riffyn/auth", "", None, None).is_ok());
        assert!(parse("GET", g, "", None, None).is_ok());
    }

    #[test]
    fn reads_the_operation_fields() {
        let p = ok(
            "POST",
            "/onelogin/api/1/users/1001/otp_devices/42/verify",
            r#"{"state_token":"st"}"#,
        );
        assert_eq!(
            (
                p.operation.user_id,
                p.operation.device_id,
                p.operation.factor_kind
            ),
            (Some(1001.0), Some(42.0), Some(FactorKind::Push))
        );
        let p = ok(
            "POST",
            "/onelogin/api/1/users/1001/otp_devices/42/verify",
            r#"{"otp_token":"123456"}"#,
        );
        assert_eq!(p.operation.factor_kind, Some(FactorKind::Otp));
        let p = ok(
            "POST",
            "/onelogin/api/1/users/1001/otp_devices",
            r#"{"factor_id":1,"display_name":"x","verified":true}"#,
        );
        assert_eq!(p.operation.verified, Some(true));
        let p = ok("POST", "/belvo/api/links/", r#"{"institution":"bank_mx"}"#);
        assert_eq!(p.operation.institution.as_deref(), Some("bank_mx"));
        let p = ok(
            "PATCH",
            "/belvo/api/accounts/",
            r#"{"link":"l-1","session":"s"}"#,
        );
        assert_eq!(
            (p.operation.link.as_deref(), p.operation.resource.as_deref()),
            (Some("l-1"), Some("accounts"))
        );
        // Riffyn: the Basic pair is the payload; only a well-formed one goes upstream.
        let basic = "Basic YWxpY2U6cHc="; // alice:pw
        let p = parse("POST", "/riffyn/auth", "", Some(basic), None).unwrap();
        assert_eq!(p.operation.username.as_deref(), Some("alice"));
        assert_eq!(p.authorization.as_deref(), Some(basic));
        let p = parse("POST", "/riffyn/auth", "", Some("Bearer abc"), None).unwrap();
        assert_eq!((p.operation.username, p.authorization), (None, None));
        // Elsewhere the browser's Authorization never goes on.
        let p = parse(
            "GET",
            "/onelogin/api/1/users/1/otp_devices",
            "",
            Some(basic),
            None,
        )
        .unwrap();
        assert_eq!(p.authorization, None);
        let json = crate::json::to_string(&p.operation);
        assert_eq!(
            json,
            r#"{"name":"onelogin.enrolledFactors","provider":"onelogin","userId":1.0}"#
                .replace("1.0", &serde_json::to_string(&1.0f64).unwrap())
        );
    }

    fn op(method: &str, path: &str, body: &str) -> MfaOperation {
        parse(method, path, body, None, JSON_TYPE)
            .unwrap()
            .operation
    }

    fn res(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body)
    }

    const RIFFYN_MFA: &str = r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[]}"#;
    const BELVO_428: &str = r#"[{"code":"token_required","session":"s","expiry":60,"link":"L1"}]"#;
    const BELVO_LOGIN_ERROR: &str = r#"[{"code":"login_error","message":"bad token"}]"#;
    const ONELOGIN_TRIGGERED: &str =
        r#"{"status":{"error":false,"code":200},"data":[{"state_token":"s"}]}"#;
    const ONELOGIN_SUCCESS: &str =
        r#"{"status":{"error":false,"code":200,"type":"success","message":"Success"}}"#;
    const ONELOGIN_PENDING: &str = r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication pending on OL device"}}"#;
    const ONELOGIN_DENIED: &str =
        r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Push denied"}}"#;

    #[test]
    fn outcomes_of_every_flow() {
        let answer =
            |op: &MfaOperation, status: u16, body: &str| outcome(op, &res(status, body), 0.0);
        let login = op("POST", "/riffyn/auth", "");
        let r = answer(&login, 200, RIFFYN_MFA);
        assert_eq!((r.outcome, r.code), (Outcome::Pending, None));
        let verify = op("POST", "/riffyn/auth/factor/f/verify", "{}");
        let r = answer(&verify, 200, r#"{"status":"SUCCESS","accessToken":"at"}"#);
        assert_eq!(r.outcome, Outcome::Verified);
        let r = answer(&verify, 401, r#"{"error":"Invalid passCode"}"#);
        assert_eq!(
            (r.outcome, r.code),
            (Outcome::Failed, Some(MfaErrorCode::InvalidCode))
        );

        let register = op("POST", "/belvo/api/links/", r#"{"institution":"b"}"#);
        let r = answer(&register, 428, BELVO_428);
        assert_eq!(
            (r.outcome, r.link.as_deref()),
            (Outcome::Pending, Some("L1"))
        );
        let resume = op("PATCH", "/belvo/api/links/", r#"{"link":"L1"}"#);
        let r = answer(&resume, 200, r#"{"id":"L1","status":"valid"}"#);
        assert_eq!(
            (r.outcome, r.link.as_deref()),
            (Outcome::Verified, Some("L1"))
        );
        let r = answer(&resume, 400, BELVO_LOGIN_ERROR);
        assert_eq!(r.code, Some(MfaErrorCode::InvalidCode));

        let trigger = op(
            "POST",
            "/onelogin/api/1/users/1/otp_devices/2/trigger",
            "{}",
        );
        let r = answer(&trigger, 200, ONELOGIN_TRIGGERED);
        assert_eq!(r.outcome, Outcome::Pending);
        let poll = op(
            "POST",
            "/onelogin/api/1/users/1/otp_devices/2/verify",
            r#"{"state_token":"s"}"#,
        );
        let r = answer(&poll, 200, ONELOGIN_SUCCESS);
        assert_eq!(r.outcome, Outcome::Verified);
        let r = answer(&poll, 401, ONELOGIN_PENDING);
        assert_eq!(r.outcome, Outcome::Pending);
        let r = answer(&poll, 401, ONELOGIN_DENIED);
        assert_eq!(r.code, Some(MfaErrorCode::Rejected));
        let r = no_answer(&poll, MfaErrorCode::Aborted);
        assert_eq!((r.status, r.outcome), (0, Outcome::Failed));
    }

    #[test]
    fn reads_the_handles_the_guard_binds() {
        let at = |op: &MfaOperation, status: u16, body: &str| minted(op, &res(status, body), 0.0);
        let login = op("POST", "/riffyn/auth", "");
        assert_eq!(
            at(&login, 200, RIFFYN_MFA).map(|m| m.handle),
            Some("s".into())
        );
        assert_eq!(
            at(&login, 200, r#"{"status":"SUCCESS","accessToken":"a"}"#),
            None
        );
        assert_eq!(at(&login, 401, r#"{"error":"no"}"#), None);
        let register = op("POST", "/belvo/api/links/", r#"{"institution":"b"}"#);
        let m = at(&register, 428, BELVO_428).unwrap();
        assert_eq!((m.handle.as_str(), m.link.as_deref()), ("s", Some("L1")));
        assert_eq!(at(&register, 400, BELVO_LOGIN_ERROR), None);
        let trigger = op(
            "POST",
            "/onelogin/api/1/users/1/otp_devices/2/trigger",
            "{}",
        );
        let m = at(&trigger, 200, ONELOGIN_TRIGGERED).unwrap();
        assert_eq!((m.handle.as_str(), m.device), ("s", Some(2)));
        assert_eq!(
            at(&trigger, 200, r#"{"status":{"error":false},"data":[{}]}"#),
            None
        );
        let enroll = op(
            "POST",
            "/onelogin/api/1/users/1/otp_devices",
            r#"{"factor_id":1}"#,
        );
        let enrolled =
            r#"{"status":{"error":false,"code":200},"data":[{"id":7,"state_token":"e"}]}"#;
        let m = at(&enroll, 200, enrolled).unwrap();
        assert_eq!((m.handle.as_str(), m.device), ("e", Some(7)));
        let no_token = r#"{"status":{"error":false},"data":[{"id":7}]}"#;
        assert_eq!(at(&enroll, 200, no_token), None);

        let body = r#"{"stateToken":"st","passCode":"123456"}"#;
        let verify = op("POST", "/riffyn/auth/factor/f/verify", body);
        let c = carried(&verify, body);
        assert_eq!(
            (c.handle.as_deref(), c.code.as_deref()),
            (Some("st"), Some("123456"))
        );
        let body = r#"{"session":"se","link":"L1","token":"9"}"#;
        let resume = op("PATCH", "/belvo/api/links/", body);
        let c = carried(&resume, body);
        assert_eq!(
            (c.handle.as_deref(), c.link.as_deref(), c.code.as_deref()),
            (Some("se"), Some("L1"), Some("9"))
        );
        // A bank token sent up front with a retrieve (or a registration) is a code too.
        let body = r#"{"link":"L2","token":"8"}"#;
        let retrieve = op("POST", "/belvo/api/accounts/", body);
        let c = carried(&retrieve, body);
        assert_eq!(
            (c.handle.as_deref(), c.link.as_deref(), c.code.as_deref()),
            (None, Some("L2"), Some("8"))
        );
        let body = r#"{"state_token":" ","otp_token":7}"#;
        // parse refuses such a body; carried alone still reads nothing from it.
        let verify_path = "/onelogin/api/1/users/1/otp_devices/2/verify";
        let poll = op("POST", verify_path, r#"{"state_token":"p"}"#);
        assert_eq!(carried(&poll, body), Carried::default());
        assert_eq!(
            carried(&login, "{\"stateToken\":\"x\"}"),
            Carried::default()
        );
    }

    #[test]
    fn a_refusal_of_the_proxy_keeps_its_meaning_for_riffyn() {
        let body = r#"{"error":"forbidden","message":"not allowed","mfaProxy":"forbidden"}"#;
        let e = parse_auth(&res(403, body), Phase::Verify).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Forbidden);
        let e = parse_auth(&res(403, r#"{"error":"nope"}"#), Phase::Verify).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidCode);
    }

    #[test]
    fn the_guards_refusals_read_as_their_codes_for_every_provider() {
        let reused = r#"{"error":"invalid_code","message":"m","mfaProxy":"code_reused"}"#;
        let limited = r#"{"error":"rate_limited","message":"m","mfaProxy":"limit_reached"}"#;
        let resume = op("PATCH", "/belvo/api/links/", r#"{"link":"L1"}"#);
        let verify = op(
            "POST",
            "/onelogin/api/1/users/1/otp_devices/2/verify",
            r#"{"otp_token":"1"}"#,
        );
        for (status, body, code) in [
            (400, reused, MfaErrorCode::InvalidCode),
            (429, limited, MfaErrorCode::RateLimited),
        ] {
            let answer = res(status, body);
            assert_eq!(parse_auth(&answer, Phase::Verify).unwrap_err().code, code);
            assert_eq!(outcome(&resume, &answer, 0.0).code, Some(code));
            assert_eq!(outcome(&verify, &answer, 0.0).code, Some(code));
        }
        // A provider's own 400 keeps its meaning.
        let e = parse_auth(&res(400, r#"{"error":"invalid_code"}"#), Phase::Verify).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::ProviderError);
    }
}
