//! Belvo: a register or a data retrieval answers HTTP 428 `token_required` → the caller gets a
//! `TOKEN_REQUIRED` step → `resume` PATCHes the same collection with the session and the
//! user's token → `SUCCESS`, or another `TOKEN_REQUIRED` (chained MFA).

use crate::prelude::*;

pub mod flow;
pub mod input;
pub mod model;
mod wire;

pub use model::{
    BelvoAccessMode, BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput,
    BelvoScalar, BelvoStep, BelvoSuccess, BelvoTokenGenerationData, BelvoTokenRequired,
    SuccessStatus, TokenRequiredStatus,
};

use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, Result};
use crate::exchange::exchange;
use crate::http::{HttpRequest, HttpResponse, Transport};
use flow::{Collection, Phase};

/// Belvo's API keys, sent as HTTP Basic (`secretId:secretPassword`). Without them no
/// `Authorization` header is sent (a backend proxy adds it).
#[derive(Clone, PartialEq)]
pub struct BelvoKeys {
    pub(crate) secret_id: String,
    pub(crate) secret_password: String,
}

impl BelvoKeys {
    /// Both halves of the key pair.
    ///
    /// # Errors
    /// `invalid_input` for an empty half.
    pub fn new(secret_id: &str, secret_password: &str) -> Result<Self> {
        crate::input::basic_user(secret_id, "secretId")?;
        if secret_password.is_empty() {
            return Err(Error::invalid_input("secretPassword: must not be empty"));
        }
        Ok(BelvoKeys {
            secret_id: secret_id.to_string(),
            secret_password: secret_password.to_string(),
        })
    }
}

impl BelvoKeys {
    /// Refuses a `secretPassword` in a browser page unless explicitly allowed (as
    /// `onelogin::Credentials::check_browser` refuses a client secret).
    ///
    /// # Errors
    /// `browser_secret`.
    pub fn check_browser(
        has_password: bool,
        in_browser: bool,
        dangerously_allow_browser: bool,
    ) -> Result<()> {
        if has_password && in_browser && !dangerously_allow_browser {
            return Err(Error::new(
                MfaErrorCode::BrowserSecret,
                "secretPassword: secret keys are readable by anyone in a browser page; point \
                 baseUrl at a backend that adds them (or set dangerouslyAllowBrowser: true)",
            ));
        }
        Ok(())
    }
}

crate::redact::redacted_debug!(BelvoKeys { secret_id: hidden, secret_password: hidden } finish);

/// A checked request and how to read its answer: the synchronous half of a call. Every call
/// goes out through [`Prepared::send`], so the async code exists once.
#[derive(Debug)]
pub struct Prepared {
    request: HttpRequest,
    phase: Phase,
    collection: Collection,
}

impl Prepared {
    /// `POST /api/links/`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn register_link(
        config: &ClientConfig,
        keys: Option<&BelvoKeys>,
        input: &BelvoRegisterLinkInput,
    ) -> Result<Self> {
        Ok(Prepared {
            request: flow::build_register(config, keys, input)?,
            phase: Phase::Register,
            collection: Collection::Links,
        })
    }

    /// `POST /api/{resource}/`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn retrieve(
        config: &ClientConfig,
        keys: Option<&BelvoKeys>,
        resource: BelvoResource,
        input: &BelvoRetrieveInput,
    ) -> Result<Self> {
        Ok(Prepared {
            request: flow::build_retrieve(config, keys, resource, input)?,
            phase: Phase::Retrieve,
            collection: Collection::Data(resource),
        })
    }

    /// `PATCH {resumePath}`, checked against the clock `now_ms`.
    ///
    /// # Errors
    /// `expired` (the step's `expiresAt` is past), `invalid_input`; nothing is sent.
    pub fn resume(
        config: &ClientConfig,
        keys: Option<&BelvoKeys>,
        challenge: &BelvoTokenRequired,
        input: &BelvoResumeInput,
        now_ms: f64,
    ) -> Result<Self> {
        let (request, collection) = flow::build_resume(config, keys, challenge, input, now_ms)?;
        Ok(Prepared {
            request,
            phase: Phase::Resume,
            collection,
        })
    }

    /// The request to send.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// Reads the answer that arrived at `now_ms`.
    ///
    /// # Errors
    /// The API's errors mapped by [`flow::parse_step`].
    pub fn read(&self, res: &HttpResponse, now_ms: f64) -> Result<BelvoStep> {
        flow::parse_step(res, now_ms, self.phase, self.collection)
    }

    /// Sends the request and reads the answer.
    ///
    /// # Errors
    /// The API's errors mapped by [`flow::parse_step`], and the transport's errors.
    pub async fn send<T: Transport>(&self, transport: &T) -> Result<BelvoStep> {
        exchange(transport, &self.request, |res, now| self.read(res, now)).await
    }
}

/// Registers a link (`POST /api/links/`).
///
/// # Errors
/// `invalid_input`, `invalid_credentials` (`login_error`), `provider_error`
/// (`activation_required`…), `rate_limited`, `unauthorized`, and the transport's errors.
pub async fn register_link<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    input: &BelvoRegisterLinkInput,
) -> Result<BelvoStep> {
    Prepared::register_link(config, keys, input)?
        .send(transport)
        .await
}

/// Retrieves a data resource for a link (`POST /api/{resource}/`).
///
/// # Errors
/// `invalid_input`, `rate_limited`, `unauthorized`, `provider_error`, and the transport's
/// errors.
pub async fn retrieve<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    resource: BelvoResource,
    input: &BelvoRetrieveInput,
) -> Result<BelvoStep> {
    Prepared::retrieve(config, keys, resource, input)?
        .send(transport)
        .await
}

/// Resumes a `TOKEN_REQUIRED` step (`PATCH {resumePath}`); may answer another one.
///
/// # Errors
/// `expired` (locally, nothing sent, or `session_expired`), `invalid_code` (`login_error`; the
/// step may be resumed again with another token), `invalid_input` (no token when one is
/// expected, a step this SDK did not make), and the API's and the transport's errors.
pub async fn resume<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    keys: Option<&BelvoKeys>,
    challenge: &BelvoTokenRequired,
    input: &BelvoResumeInput,
) -> Result<BelvoStep> {
    Prepared::resume(config, keys, challenge, input, transport.now_ms())?
        .send(transport)
        .await
}

// Native only, as `flow::tests` whose helpers they use.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::http::{HttpResponse, Method};
    use crate::testing::MockTransport;
    use crate::MfaErrorCode;
    use flow::tests::data;
    use serde_json::{json, Value};

    const SESSION_1: &str = "2675b703b9d4451f8d4861a3eee54449";
    const SESSION_2: &str = "be7a15d5f0b84d8ea60f6c12cb2a7b32";
    const LINK: &str = "30cb4806-6e00-48a4-91c9-ca55968576c8";

    fn config() -> ClientConfig {
        crate::testing::config("https://sandbox.belvo.com", &[("X-App", "1")])
    }

    fn keys() -> BelvoKeys {
        BelvoKeys::new("sbx-secret-id", "sbx-secret-password").unwrap()
    }

    fn token_required(session: &str, expiry: Value, tgd: Value) -> HttpResponse {
        let body = json!([{
            "code": "token_required",
            "message": "A MFA token is required by the institution to login",
            "request_id": "8c7b283c6efa449c9c028a16b5c249fa",
            "session": session, "expiry": expiry, "link": LINK,
            "token_generation_data": tgd
        }]);
        HttpResponse::new(428, body.to_string())
    }

    fn register_input() -> BelvoRegisterLinkInput {
        BelvoRegisterLinkInput {
            institution: "numeric_mx_bank".into(),
            username: "bnk100".into(),
            password: Some("full".into()),
            ..Default::default()
        }
    }

    fn with_token(token: &str) -> BelvoResumeInput {
        BelvoResumeInput {
            token: Some(token.into()),
            save_data: None,
        }
    }

    fn pending(step: BelvoStep) -> BelvoTokenRequired {
        match step {
            BelvoStep::TokenRequired(c) => c,
            BelvoStep::Success(_) => panic!("expected TOKEN_REQUIRED"),
        }
    }

    fn body(t: &MockTransport, i: usize) -> Value {
        serde_json::from_str(t.requests()[i].body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn register_428_wrong_token_then_right_token() {
        let t = MockTransport::new();
        let (c, k) = (config(), keys());
        t.push(token_required(
            SESSION_1,
            json!(600),
            json!({"type": "numeric", "value": "12345"}),
        ));
        t.push(HttpResponse::new(
            400,
            r#"[{"code":"login_error","message":"Invalid token 000000 provided to login to the institution","request_id":"r1"}]"#,
        ));
        t.push(HttpResponse::new(
            200,
            format!(r#"{{"id":"{LINK}","status":"valid"}}"#),
        ));

        let step = pollster::block_on(register_link(&t, &c, Some(&k), &register_input())).unwrap();
        let challenge = pending(step);
        assert_eq!(challenge.expires_at, "2026-01-01T00:10:00.000Z");

        let e = pollster::block_on(resume(&t, &c, Some(&k), &challenge, &with_token("000000")))
            .unwrap_err();
        assert_eq!(
            (e.code, e.provider_code.as_deref()),
            (MfaErrorCode::InvalidCode, Some("login_error"))
        );
        assert!(
            !e.message.contains("000000"),
            "the sent token is scrubbed: {}",
            e.message
        );

        let done = pollster::block_on(resume(&t, &c, Some(&k), &challenge, &with_token("123456")))
            .unwrap();
        let BelvoStep::Success(s) = done else {
            panic!()
        };
        assert_eq!(
            (s.http_status, data(&s)["status"].as_str()),
            (200, Some("valid"))
        );

        let sent = t.requests();
        assert_eq!(sent.len(), 3);
        assert_eq!(
            (sent[0].method, sent[0].url.as_str()),
            (Method::Post, "https://sandbox.belvo.com/api/links/")
        );
        assert_eq!(
            body(&t, 0),
            json!({"institution": "numeric_mx_bank", "username": "bnk100", "password": "full"})
        );
        for r in &sent[1..] {
            assert_eq!(
                (r.method, r.url.as_str()),
                (Method::Patch, "https://sandbox.belvo.com/api/links/")
            );
        }
        assert_eq!(
            body(&t, 2),
            json!({"session": SESSION_1, "link": LINK, "token": "123456"})
        );
        for r in &sent {
            assert_eq!(
                r.header_value("authorization"),
                Some("Basic c2J4LXNlY3JldC1pZDpzYngtc2VjcmV0LXBhc3N3b3Jk")
            );
            assert_eq!(r.header_value("accept"), Some("application/json"));
            assert_eq!(r.header_value("x-app"), Some("1"));
        }
        assert_eq!(
            sent[1].header_value("content-type"),
            Some("application/json")
        );
    }

    #[test]
    fn chained_428_gives_a_new_step_with_the_new_session() {
        let t = MockTransport::new();
        let c = config();
        t.push(token_required(SESSION_1, json!("720"), json!({})));
        t.push(token_required(
            SESSION_2,
            json!(300),
            json!({"type": "numeric", "value": "777"}),
        ));
        t.push(HttpResponse::new(200, "{}"));
        let first =
            pending(pollster::block_on(register_link(&t, &c, None, &register_input())).unwrap());
        assert_eq!(first.expiry_seconds, 720);
        t.set_now(1_767_225_600_000.0 + 60_000.0);
        let second = pending(
            pollster::block_on(resume(&t, &c, None, &first, &with_token("123456"))).unwrap(),
        );
        assert_eq!(second.session, SESSION_2);
        assert_eq!(second.resume_path, "/api/links/");
        assert_eq!(
            second.expires_at, "2026-01-01T00:06:00.000Z",
            "from the second 428's arrival"
        );
        let done =
            pollster::block_on(resume(&t, &c, None, &second, &with_token("654321"))).unwrap();
        assert!(matches!(done, BelvoStep::Success(_)));
        assert_eq!(body(&t, 2)["session"], SESSION_2);
        assert!(t
            .requests()
            .iter()
            .all(|r| r.header_value("authorization").is_none()));
    }

    #[test]
    fn inputless_challenge_resumes_without_a_token() {
        let t = MockTransport::new();
        let c = config();
        t.push(token_required(
            SESSION_1,
            json!(600),
            json!({"instructions": "Confirm in your app", "expects_user_input": false}),
        ));
        t.push(HttpResponse::new(200, "{}"));
        let step =
            pending(pollster::block_on(register_link(&t, &c, None, &register_input())).unwrap());
        assert!(
            !step
                .token_generation_data
                .as_ref()
                .unwrap()
                .expects_user_input
        );
        let done =
            pollster::block_on(resume(&t, &c, None, &step, &BelvoResumeInput::default())).unwrap();
        assert!(matches!(done, BelvoStep::Success(_)));
        assert_eq!(body(&t, 1), json!({"session": SESSION_1, "link": LINK}));
    }

    #[test]
    fn expired_locally_sends_nothing_and_missing_token_sends_nothing() {
        let t = MockTransport::new();
        let c = config();
        t.push(token_required(
            SESSION_1,
            json!(60),
            json!({"type": "numeric"}),
        ));
        let step =
            pending(pollster::block_on(register_link(&t, &c, None, &register_input())).unwrap());
        let e = pollster::block_on(resume(&t, &c, None, &step, &BelvoResumeInput::default()))
            .unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        t.set_now(1_767_225_600_000.0 + 60_000.0);
        let e = pollster::block_on(resume(&t, &c, None, &step, &with_token("123456"))).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Expired);
        assert_eq!(t.requests().len(), 1, "only the register went out");
    }

    #[test]
    fn server_side_session_expired_maps_to_expired() {
        let expired = include_str!("fixtures/session_expired.json");
        let t = MockTransport::answering([
            token_required(SESSION_1, json!(600), json!({})),
            HttpResponse::new(400, expired),
        ]);
        let c = config();
        let step =
            pending(pollster::block_on(register_link(&t, &c, None, &register_input())).unwrap());
        let e = pollster::block_on(resume(&t, &c, None, &step, &with_token("1"))).unwrap_err();
        assert_eq!(
            (e.code, e.provider_code.as_deref()),
            (MfaErrorCode::Expired, Some("session_expired"))
        );
    }

    #[test]
    fn retrieve_through_a_428_resumes_on_the_resource_with_save_data() {
        let t = MockTransport::new();
        let c = config();
        t.push(token_required(
            SESSION_1,
            json!(600),
            json!({"type": "numeric"}),
        ));
        t.push(HttpResponse::new(201, r#"[{"id":"acc-1"}]"#));
        let input = BelvoRetrieveInput {
            link: LINK.into(),
            save_data: Some(true),
            ..Default::default()
        };
        let step = pending(
            pollster::block_on(retrieve(&t, &c, None, BelvoResource::Accounts, &input)).unwrap(),
        );
        assert_eq!(step.resume_path, "/api/accounts/");
        let resumed = BelvoResumeInput {
            token: Some("123456".into()),
            save_data: Some(true),
        };
        let BelvoStep::Success(s) =
            pollster::block_on(resume(&t, &c, None, &step, &resumed)).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (s.http_status, data(&s)[0]["id"].as_str()),
            (201, Some("acc-1"))
        );
        let sent = t.requests();
        assert_eq!(
            (sent[0].method, sent[0].url.as_str()),
            (Method::Post, "https://sandbox.belvo.com/api/accounts/")
        );
        assert_eq!(body(&t, 0), json!({"link": LINK, "save_data": true}));
        assert_eq!(
            (sent[1].method, sent[1].url.as_str()),
            (Method::Patch, "https://sandbox.belvo.com/api/accounts/")
        );
        assert_eq!(
            body(&t, 1),
            json!({"session": SESSION_1, "link": LINK, "token": "123456", "save_data": true})
        );
    }

    #[test]
    fn resume_of_a_link_never_sends_save_data_and_posts_are_not_retried() {
        let t = MockTransport::new();
        let c = config();
        t.push(token_required(SESSION_1, json!(600), json!({})));
        t.push(HttpResponse::new(503, "busy"));
        let step =
            pending(pollster::block_on(register_link(&t, &c, None, &register_input())).unwrap());
        let resumed = BelvoResumeInput {
            token: Some("1".into()),
            save_data: Some(false),
        };
        let e = pollster::block_on(resume(&t, &c, None, &step, &resumed)).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::ServerError);
        assert_eq!(t.requests().len(), 2, "the PATCH is not retried");
        assert!(body(&t, 1).get("save_data").is_none());
    }

    #[test]
    fn keys_are_checked_and_redacted() {
        assert!(BelvoKeys::new("", "x").is_err());
        assert!(BelvoKeys::new("x", "").is_err());
        assert!(!format!("{:?}", keys()).contains("sbx-secret-password"));
    }
}
