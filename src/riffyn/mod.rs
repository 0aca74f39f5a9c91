//! Riffyn login: `POST /auth` → `MFA_REQUIRED` (a `stateToken` and factors) → verify a TOTP
//! pass code → `SUCCESS` with an access token.

pub mod flow;
pub mod model;
mod wire;

pub use model::{
    RiffynCredentials, RiffynFactor, RiffynFactorProfile, RiffynStep, RiffynVerifyInput,
};

use crate::config::ClientConfig;
use crate::error::Result;
use crate::exchange::exchange;
use crate::http::{HttpRequest, HttpResponse, Transport};
use flow::Phase;

/// A checked request and how to read its answer: the synchronous half of a call. Every call
/// goes out through [`Prepared::send`], so the async code exists once.
#[derive(Debug)]
pub struct Prepared {
    request: HttpRequest,
    phase: Phase,
}

impl Prepared {
    /// `POST /auth`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn login(config: &ClientConfig, credentials: &RiffynCredentials) -> Result<Self> {
        Ok(Prepared {
            request: flow::build_login(config, credentials)?,
            phase: Phase::Login,
        })
    }

    /// `POST /auth/factor/{factorId}/verify`, checked against the clock `now_ms`.
    ///
    /// # Errors
    /// `expired` (the step's `expiresAt` is past), `invalid_input`; nothing is sent.
    pub fn verify(config: &ClientConfig, input: &RiffynVerifyInput, now_ms: f64) -> Result<Self> {
        Ok(Prepared {
            request: flow::build_verify(config, input, now_ms)?,
            phase: Phase::Verify,
        })
    }

    /// The request to send.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// Reads the answer.
    ///
    /// # Errors
    /// The API's errors mapped by [`flow::parse_auth`].
    pub fn read(&self, res: &HttpResponse) -> Result<RiffynStep> {
        flow::parse_auth(res, self.phase)
    }

    /// Sends the request and reads the answer.
    ///
    /// # Errors
    /// The API's errors mapped by [`flow::parse_auth`], and the transport's errors.
    pub async fn send<T: Transport>(&self, transport: &T) -> Result<RiffynStep> {
        exchange(transport, &self.request, |res, _| self.read(res)).await
    }
}

/// Logs in with a username and password.
///
/// # Errors
/// `invalid_input`, `invalid_credentials`, and the transport's and the API's errors.
pub async fn login<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    credentials: &RiffynCredentials,
) -> Result<RiffynStep> {
    Prepared::login(config, credentials)?.send(transport).await
}

/// Verifies a pass code for an `MFA_REQUIRED` step.
///
/// # Errors
/// `expired` (locally or from the API), `invalid_code` (the step stays usable),
/// `invalid_input`, and the transport's and the API's errors.
pub async fn verify<T: Transport>(
    transport: &T,
    config: &ClientConfig,
    input: &RiffynVerifyInput,
) -> Result<RiffynStep> {
    Prepared::verify(config, input, transport.now_ms())?
        .send(transport)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpResponse;
    use crate::testing::MockTransport;
    use crate::MfaErrorCode;

    #[test]
    fn login_then_wrong_code_then_right_code() {
        let t = MockTransport::new();
        let config = crate::testing::config("https://r.test/v1", &[]);
        t.push(HttpResponse::new(200, r#"{"status":"MFA_REQUIRED","stateToken":"st","expiresAt":"2026-01-01T00:05:00Z","factors":[{"id":"f1"}]}"#));
        t.push(HttpResponse::new(
            401,
            r#"{"error":"Invalid passCode 000000"}"#,
        ));
        t.push(HttpResponse::new(
            200,
            r#"{"status":"SUCCESS","accessToken":"at"}"#,
        ));
        let creds = RiffynCredentials {
            username: "u".into(),
            password: "p".into(),
        };
        let step = pollster::block_on(login(&t, &config, &creds)).unwrap();
        let RiffynStep::MfaRequired {
            state_token,
            expires_at,
            factors,
        } = step
        else {
            panic!()
        };
        let mut input = RiffynVerifyInput {
            state_token,
            factor_id: factors[0].id.clone(),
            pass_code: "000000".into(),
            expires_at,
            username: None,
            password: None,
        };
        let e = pollster::block_on(verify(&t, &config, &input)).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidCode);
        assert!(
            !e.message.contains("000000"),
            "the sent code is scrubbed: {}",
            e.message
        );
        input.pass_code = "123456".into();
        let ok = pollster::block_on(verify(&t, &config, &input)).unwrap();
        assert!(matches!(ok, RiffynStep::Success { .. }));
        let sent = t.requests();
        assert_eq!(sent.len(), 3);
        assert_eq!(sent[1].url, sent[2].url);
    }

    #[test]
    fn expired_step_sends_nothing() {
        let t = MockTransport::new();
        let config = crate::testing::config("https://r.test/v1", &[]);
        let input = RiffynVerifyInput {
            state_token: "st".into(),
            factor_id: "f".into(),
            pass_code: "1".into(),
            expires_at: Some("2025-12-31T23:59:59Z".into()),
            username: None,
            password: None,
        };
        let e = pollster::block_on(verify(&t, &config, &input)).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Expired);
        assert!(t.requests().is_empty());
    }
}
