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
const VERIFY_400: &str =
    r#"{"status":{"type":"bad request","code":400,"message":"User does not exist","error":true}}"#;
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
        parse_available_factors(&HttpResponse::new(404, "<html>Not Found</html>"), true).unwrap(),
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
    let t = parse_mfa_token(&ok(r#"{"mfa_token":"1","expires_at":"later"}"#), Some(true)).unwrap();
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
    ];
    for (body, code) in cases {
        let e = parse_verify(&ok(body)).unwrap_err();
        assert_eq!(e.code, *code, "{body}");
    }
    for body in [
        r#"{"status":{"type":"success","code":200,"message":"Success","error":false}}"#,
        r#"{"status":{"code":200,"error":false,"type":"Success","message":"Success"}}"#,
        r#"{"id":"x","status":"accepted","device_id":"3919988"}"#,
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
