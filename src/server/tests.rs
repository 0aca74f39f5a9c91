use super::*;
use crate::ops::ROUTES;

fn ok(method: &str, path: &str, body: &str) -> Parsed {
    parse(method, path, body, None).unwrap_or_else(|r| panic!("{method} {path}: {r:?}"))
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
        let body = match route.method {
            Method::Get | Method::Delete => "",
            _ if route.name == OperationName::RiffynLogin => "",
            _ => "{}",
        };
        let prefixed = format!("/{}{}", route.name.provider().as_str(), path);
        let parsed = ok(route.method.as_str(), &prefixed, body);
        assert_eq!(parsed.operation.name, route.name);
        assert_eq!(parsed.upstream_path, path);
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
        ("POST", "/other/auth"),
        ("POST", "/riffynx/auth"),
        ("GET", "/"),
        ("GET", ""),
    ] {
        assert_eq!(
            parse(method, path, "", None),
            Err(Refusal::NotFound),
            "{method} {path}"
        );
    }
    assert_eq!(
        parse("GET", "/onelogin/api/1/users/1/otp_devices", "{}", None),
        Err(Refusal::BadBody)
    );
    assert_eq!(
        parse("POST", "/belvo/api/links/", "[1]", None),
        Err(Refusal::BadBody)
    );
    assert_eq!(
        parse("POST", "/belvo/api/links/", "{", None),
        Err(Refusal::BadBody)
    );
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
        (Some(1001.0), Some(42.0), Some("push"))
    );
    let p = ok(
        "POST",
        "/onelogin/api/1/users/1001/otp_devices/42/verify",
        r#"{"otp_token":"123456"}"#,
    );
    assert_eq!(p.operation.factor_kind, Some("otp"));
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
    let p = parse("POST", "/riffyn/auth", "", Some(basic)).unwrap();
    assert_eq!(p.operation.username.as_deref(), Some("alice"));
    assert_eq!(p.authorization.as_deref(), Some(basic));
    let p = parse("POST", "/riffyn/auth", "", Some("Bearer abc")).unwrap();
    assert_eq!((p.operation.username, p.authorization), (None, None));
    // Elsewhere the browser's Authorization never goes on.
    let p = parse(
        "GET",
        "/onelogin/api/1/users/1/otp_devices",
        "",
        Some(basic),
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
    parse(method, path, body, None).unwrap().operation
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
    let answer = |op: &MfaOperation, status: u16, body: &str| outcome(op, &res(status, body), 0.0);
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
fn a_refusal_of_the_proxy_keeps_its_meaning_for_riffyn() {
    let body = r#"{"error":"forbidden","message":"not allowed","mfaProxy":"forbidden"}"#;
    let e = parse_auth(&res(403, body), Phase::Verify).unwrap_err();
    assert_eq!(e.code, MfaErrorCode::Forbidden);
    let e = parse_auth(&res(403, r#"{"error":"nope"}"#), Phase::Verify).unwrap_err();
    assert_eq!(e.code, MfaErrorCode::InvalidCode);
}
