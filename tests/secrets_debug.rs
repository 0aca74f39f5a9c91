//! `format!("{:?}")` of every type that can hold a secret must not show it: Rust callers log
//! with `{:?}` without thinking, and a panic message or a test failure prints it too.
//!
//! Each value is built with unique marker secrets (passwords, pass codes, OTPs, bank tokens,
//! state tokens, sessions, access tokens, client secrets, API keys) and its `Debug` string
//! (plain and `{:#?}`) is searched for every marker.

// clippy.toml's disallowed methods are the browser modules' rules; these tests run natively.
#![allow(clippy::disallowed_methods, reason = "native test code")]
#![cfg(not(target_arch = "wasm32"))]

use mfa_flows::belvo::{
    self, BelvoKeys, BelvoRegisterLinkInput, BelvoResumeInput, BelvoRetrieveInput, BelvoStep,
    BelvoTokenRequired,
};
use mfa_flows::config::ClientConfig;
use mfa_flows::http::{HttpRequest, HttpResponse, Method};
use mfa_flows::onelogin::{
    self, Credentials, OneLoginActivation, OneLoginDevice, OneLoginMfaToken, OneLoginVerifyInput,
};
use mfa_flows::riffyn::{self, RiffynCredentials, RiffynStep, RiffynVerifyInput};
use mfa_flows::{Error, MfaErrorCode};
use std::fmt::Debug;

const PASSWORD: &str = "pw-MARK-01aa";
const PASSWORD2: &str = "pw2-MARK-02bb";
const PASS_CODE: &str = "pc-MARK-03cc";
const STATE_TOKEN: &str = "st-MARK-04dd";
const ACCESS_TOKEN: &str = "at-MARK-05ee";
const API_KEY: &str = "ak-MARK-06ff";
const BANK_TOKEN: &str = "bt-MARK-07aa";
const SESSION: &str = "se-MARK-08bb";
const SECRET_ID: &str = "sid-MARK-09cc";
const SECRET_PASSWORD: &str = "spw-MARK-10dd";
const CLIENT_ID: &str = "cid-MARK-11ee";
const CLIENT_SECRET: &str = "cs-MARK-12ff";
const OTP: &str = "otp-MARK-13aa";
const MFA_TOKEN: &str = "mt-MARK-14bb";

const MARKERS: [&str; 14] = [
    PASSWORD,
    PASSWORD2,
    PASS_CODE,
    STATE_TOKEN,
    ACCESS_TOKEN,
    API_KEY,
    BANK_TOKEN,
    SESSION,
    SECRET_ID,
    SECRET_PASSWORD,
    CLIENT_ID,
    CLIENT_SECRET,
    OTP,
    MFA_TOKEN,
];

/// Every marker that shows in `value`'s `Debug` (plain or pretty).
fn leaks(value: &dyn Debug) -> Vec<&'static str> {
    let shown = format!("{value:?} {value:#?}");
    MARKERS
        .iter()
        .copied()
        .filter(|m| shown.contains(m))
        .collect()
}

fn assert_redacts(what: &str, value: &dyn Debug) {
    let leaked = leaks(value);
    assert!(
        leaked.is_empty(),
        "Debug of {what} shows {leaked:?}: {value:?}"
    );
}

fn config() -> ClientConfig {
    ClientConfig::new("https://x.test/v1", vec![], false).unwrap()
}

#[test]
fn riffyn_types_redact() {
    let creds = RiffynCredentials {
        username: "alice".into(),
        password: PASSWORD.into(),
    };
    assert_redacts("RiffynCredentials", &creds);
    let verify = RiffynVerifyInput {
        state_token: STATE_TOKEN.into(),
        factor_id: "uft1".into(),
        pass_code: PASS_CODE.into(),
        expires_at: None,
        username: Some("alice".into()),
        password: Some(PASSWORD.into()),
    };
    assert_redacts("RiffynVerifyInput", &verify);
    let success = RiffynStep::Success {
        username: Some("alice".into()),
        user_id: Some("u1".into()),
        access_token: ACCESS_TOKEN.into(),
        access_token_expires_at: None,
        api_key: Some(API_KEY.into()),
        api_key_name: Some("loginKey".into()),
        message: None,
    };
    assert_redacts("RiffynStep::Success", &success);
    let mfa = RiffynStep::MfaRequired {
        state_token: STATE_TOKEN.into(),
        expires_at: None,
        factors: vec![],
    };
    assert_redacts("RiffynStep::MfaRequired", &mfa);
    // The requests built from them, and their results.
    assert_redacts(
        "HttpRequest (login)",
        &riffyn::flow::build_login(&config(), &creds).unwrap(),
    );
    assert_redacts(
        "HttpRequest (verify)",
        &riffyn::flow::build_verify(&config(), &verify, 0.0).unwrap(),
    );
    let r: mfa_flows::Result<RiffynStep> = Ok(success);
    assert_redacts("Result<RiffynStep>", &r);
}

#[test]
fn belvo_types_redact() {
    let keys = BelvoKeys::new(SECRET_ID, SECRET_PASSWORD).unwrap();
    assert!(!format!("{keys:?}").contains(SECRET_PASSWORD), "{keys:?}");
    let register = BelvoRegisterLinkInput {
        institution: "erebor_mx_retail".into(),
        username: "bnk100".into(),
        password: Some(PASSWORD.into()),
        password2: Some(PASSWORD2.into()),
        token: Some(BANK_TOKEN.into()),
        ..Default::default()
    };
    assert_redacts("BelvoRegisterLinkInput", &register);
    let retrieve = BelvoRetrieveInput {
        link: "l".into(),
        token: Some(BANK_TOKEN.into()),
        ..Default::default()
    };
    assert_redacts("BelvoRetrieveInput", &retrieve);
    let resume = BelvoResumeInput {
        token: Some(BANK_TOKEN.into()),
        save_data: None,
    };
    assert_redacts("BelvoResumeInput", &resume);
    let challenge = BelvoTokenRequired {
        status: belvo::TokenRequiredStatus::TokenRequired,
        session: SESSION.into(),
        link: "l".into(),
        expires_at: "2026-01-01T00:10:00Z".into(),
        expiry_seconds: 600,
        message: None,
        request_id: None,
        token_generation_data: None,
        resume_path: "/api/links/".into(),
    };
    assert_redacts("BelvoTokenRequired", &challenge);
    assert_redacts(
        "BelvoStep::TokenRequired",
        &BelvoStep::TokenRequired(challenge.clone()),
    );
    let requests = [
        belvo::flow::build_register(&config(), Some(&keys), &register).unwrap(),
        belvo::flow::build_retrieve(
            &config(),
            Some(&keys),
            belvo::BelvoResource::Accounts,
            &retrieve,
        )
        .unwrap(),
        belvo::flow::build_resume(&config(), Some(&keys), &challenge, &resume, 0.0)
            .unwrap()
            .0,
    ];
    for r in &requests {
        assert_redacts("HttpRequest (Belvo)", r);
    }
}

#[test]
fn onelogin_types_redact() {
    let pair = Credentials::from_options(None, Some(CLIENT_ID.into()), Some(CLIENT_SECRET.into()))
        .unwrap();
    assert_redacts("Credentials::ClientCredentials", &pair);
    let token = Credentials::from_options(Some(ACCESS_TOKEN.into()), None, None).unwrap();
    assert_redacts("Credentials::AccessToken", &token);
    assert_redacts("onelogin::Client", &onelogin::Client::new(config(), pair));
    assert_redacts(
        "OneLoginVerifyInput",
        &OneLoginVerifyInput {
            state_token: Some(STATE_TOKEN.into()),
            otp_token: Some(OTP.into()),
            expires_at: None,
        },
    );
    assert_redacts(
        "OneLoginActivation",
        &OneLoginActivation {
            device_id: 1,
            state_token: STATE_TOKEN.into(),
            expires_at: "2026-01-01T00:02:00Z".into(),
            message: None,
            auth_factor_name: None,
        },
    );
    assert_redacts(
        "OneLoginDevice",
        &OneLoginDevice {
            id: 1,
            active: None,
            default: None,
            needs_trigger: None,
            state_token: Some(STATE_TOKEN.into()),
            auth_factor_name: None,
            type_display_name: None,
            user_display_name: None,
            phone_number: None,
        },
    );
    assert_redacts(
        "OneLoginMfaToken",
        &OneLoginMfaToken {
            mfa_token: MFA_TOKEN.into(),
            reusable: false,
            expires_at: None,
        },
    );
    assert_redacts(
        "HttpRequest (token)",
        &onelogin::build_token_request(&config(), CLIENT_ID, CLIENT_SECRET),
    );
}

#[test]
fn core_types_redact() {
    let request = HttpRequest::new(Method::Post, "https://x.test/auth".into())
        .basic_auth("alice", PASSWORD)
        .header("Authorization", format!("Bearer {ACCESS_TOKEN}"))
        .json_body(format!(r#"{{"passCode":"{PASS_CODE}"}}"#))
        .secret(STATE_TOKEN)
        .secret(PASS_CODE);
    assert_redacts("HttpRequest", &request);
    // An error that went through scrubbing.
    let e = Error::new(MfaErrorCode::InvalidCode, format!("wrong {PASS_CODE}"))
        .provider_code(Some(STATE_TOKEN.into()))
        .request_id(Some(ACCESS_TOKEN.into()))
        .scrub(&request.secrets);
    assert_redacts("Error (scrubbed)", &e);
}

/// Extra header values are treated as secrets (a proxy's CSRF token or credential).
#[test]
fn client_config_redacts_header_values() {
    let config = ClientConfig::new(
        "https://x.test/v1",
        vec![("X-Csrf-Token".into(), ACCESS_TOKEN.into())],
        false,
    )
    .unwrap();
    assert_redacts("ClientConfig", &config);
    assert!(format!("{config:?}").contains("X-Csrf-Token"));
}

/// Bodies of successful answers carry access tokens, state tokens and MFA tokens.
#[test]
fn http_response_redacts_its_body() {
    let res = HttpResponse::new(
        200,
        format!(r#"{{"access_token":"{ACCESS_TOKEN}","expires_in":36000}}"#),
    )
    .with_header("x-request-id", "r1");
    assert_redacts("HttpResponse", &res);
}

/// Untyped caller input (the `Json` tree every input is read through) holds the password
/// before it is checked.
#[test]
fn belvo_input_value_redacts_strings() {
    use mfa_flows::json::Json;
    let v = Json::Obj(vec![
        ("username".into(), Json::Str("bnk100".into())),
        ("password".into(), Json::Str(PASSWORD.into())),
    ]);
    assert_redacts("json::Json", &v);
}
