//! Push polling: verify with the state token alone until the user answers or it expires
//! ("keep polling this endpoint until the state_token expires", digest §2.4).

use super::model::{
    DeviceId, OneLoginActivation, OneLoginVerification, OneLoginVerifyInput, UserId,
};
use super::{Client, Prepared, Reply};
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::events::MfaEvent;
use crate::http::Transport;
use crate::ops::OperationName;

/// The operation each poll sends (named in its events).
const OPERATION: OperationName = OperationName::OneLoginVerifyFactor;

/// Default wait between two polls.
pub const DEFAULT_INTERVAL_MS: u32 = 2_000;
/// Shorter intervals are raised to this.
pub const MIN_INTERVAL_MS: u32 = 500;
/// Longer intervals are cut to this (the host timers' limit, 2^31 - 1 ms).
const MAX_INTERVAL_MS: u32 = 2_147_483_647;
/// Transient failures (5xx, network, timeout) tolerated in a row before the poll gives up.
const MAX_TRANSIENT_FAILURES: u32 = 2;

fn expired() -> Error {
    Error::new(
        MfaErrorCode::Expired,
        "the push was not answered before the state token expired",
    )
    .provider(MfaProvider::OneLogin)
}

/// Polls `verify` every `interval_ms` (at least 500) until the push is approved (`VERIFIED`).
/// `on_poll(attempt)` runs before each poll sent (attempt 1, 2, 3…). Waits go through
/// [`Transport::sleep`], so the caller's signal ends them with `aborted` and no timer stays.
///
/// A 429 pauses the polling (OneLogin limits calls per account, and Okta's widget does the
/// same): for its `Retry-After`, never less than the interval (an absent or zero `Retry-After`
/// waits the interval), then polling goes on.
///
/// # Errors
/// `expired` at the activation's `expiresAt` (checked before each poll), `rejected` when the
/// user denies, `rate_limited` for a 429 whose pause would last until `expiresAt` or later,
/// `aborted` from the signal, `invalid_input` for a bad `expiresAt`, and any other error of
/// `verify` (transient 5xx / network / timeout errors are retried twice in a row while time
/// remains).
pub async fn wait_for_push<T: Transport>(
    client: &Client,
    transport: &T,
    user: UserId,
    device: &DeviceId,
    activation: &OneLoginActivation,
    interval_ms: u32,
    on_poll: &mut dyn FnMut(u32),
) -> Result<OneLoginVerification> {
    let deadline = crate::time::parse_timestamp(&activation.expires_at).ok_or_else(|| {
        Error::invalid_input("activation.expiresAt: must be an ISO-8601 timestamp")
    })?;
    if activation.state_token.trim().is_empty() {
        return Err(Error::invalid_input(
            "activation.stateToken: must not be empty",
        ));
    }
    let interval = interval_ms.clamp(MIN_INTERVAL_MS, MAX_INTERVAL_MS);
    let input = OneLoginVerifyInput {
        state_token: Some(activation.state_token.clone()),
        otp_token: None,
        expires_at: None,
    };
    // Without `expiresAt` the request does not depend on the clock: prepared once.
    let poll = Prepared::verify(client.config(), user, device, &input, 0.0)?;
    let mut attempt: u32 = 0;
    let mut transient: u32 = 0;
    loop {
        if transport.now_ms() >= deadline {
            return Err(expired());
        }
        attempt = attempt.saturating_add(1);
        on_poll(attempt);
        // The pause after this poll: the interval, or a 429's longer Retry-After.
        let mut pause = f64::from(interval);
        let answer = client.exchange(transport, &poll).await;
        transport.emit(MfaEvent::Poll {
            operation: OPERATION,
            provider: MfaProvider::OneLogin,
            count: attempt,
            status: match &answer {
                Ok(Reply::Verification(v)) => v.status(),
                Ok(_) => MfaErrorCode::BadResponse.as_str(),
                Err(e) => e.code.as_str(),
            },
        });
        // Why the poll is sent again, if it is not the interval's routine wait.
        let mut retry = None;
        match answer {
            Ok(Reply::Verification(OneLoginVerification::Pending { .. })) => transient = 0,
            Err(e) if e.code == MfaErrorCode::RateLimited => {
                let wait = f64::from(e.retry_after_ms.unwrap_or(0)).max(pause);
                if wait > f64::from(MAX_INTERVAL_MS) || transport.now_ms() + wait >= deadline {
                    return Err(e);
                }
                pause = wait;
                retry = Some(e.code);
            }
            Ok(Reply::Verification(verified)) => return Ok(verified),
            Ok(_) => return Err(Error::bad_response("unexpected reply")),
            Err(e)
                if matches!(
                    e.code,
                    MfaErrorCode::ServerError | MfaErrorCode::Network | MfaErrorCode::Timeout
                ) && transient < MAX_TRANSIENT_FAILURES =>
            {
                transient += 1;
                retry = Some(e.code);
            }
            Err(e) => return Err(e),
        }
        let left = deadline - transport.now_ms();
        if left <= 0.0 {
            return Err(expired());
        }
        // Rounded up (`f64::ceil` is not in `core`): the cast truncates.
        let wait = left.min(pause);
        let ms = wait as u32;
        let ms = ms.saturating_add(u32::from(f64::from(ms) < wait));
        if let Some(reason) = retry {
            transport.emit(MfaEvent::retry(OPERATION, reason, ms));
        }
        transport.sleep(ms).await?;
    }
}

#[cfg(test)]
mod tests {
    //! Push polling over the mock transport (its clock advances on sleep).

    use super::*;
    use crate::http::HttpResponse;
    use crate::onelogin::Credentials;
    use crate::testing::MockTransport;

    const PENDING: &str = r#"{"status":{"type":"pending","code":200,"message":"Authentication pending on OL Protect","error":false}}"#;
    const SUCCESS: &str =
        r#"{"status":{"type":"success","code":200,"message":"Success","error":false}}"#;
    const DENIED: &str = r#"{"status":{"type":"Unauthorized","code":401,"message":"Authentication denied by user","error":true}}"#;

    fn client() -> Client {
        let config = crate::testing::config("https://acme.onelogin.com", &[]);
        Client::new(config, Credentials::AccessToken("tok".into()))
    }

    fn activation(t: &MockTransport, secs: f64) -> OneLoginActivation {
        OneLoginActivation {
            device_id: 526001,
            state_token: "st-123".into(),
            expires_at: crate::time::format_iso(t.now_ms() + secs * 1000.0),
            message: None,
            auth_factor_name: Some("OneLogin Protect".into()),
        }
    }

    /// Waits for the push of `a` polling every `interval` ms: the outcome and the `onPoll` counts.
    fn run(
        t: &MockTransport,
        a: &OneLoginActivation,
        interval: u32,
    ) -> (Result<OneLoginVerification>, Vec<u32>) {
        let c = client();
        let user = UserId::new(1001.0).unwrap();
        let device = DeviceId::from_number(526001.0).unwrap();
        let mut polls = vec![];
        let outcome =
            pollster::block_on(wait_for_push(&c, t, user, &device, a, interval, &mut |n| {
                polls.push(n)
            }));
        (outcome, polls)
    }

    /// A transport with these answers and an activation that expires in `secs`.
    fn answering(
        secs: f64,
        answers: impl IntoIterator<Item = HttpResponse>,
    ) -> (MockTransport, OneLoginActivation) {
        let t = MockTransport::answering(answers);
        let a = activation(&t, secs);
        (t, a)
    }

    fn ok(body: &str) -> HttpResponse {
        HttpResponse::new(200, body)
    }

    /// A 429 with `Retry-After: {secs}`.
    fn limited(secs: &str) -> HttpResponse {
        HttpResponse::new(429, "").with_header("Retry-After", secs)
    }

    #[test]
    fn pending_then_accepted() {
        let (t, a) = answering(120.0, [ok(PENDING), ok(PENDING), ok(SUCCESS)]);
        let (outcome, polls) = run(&t, &a, 2000);
        let v = outcome.unwrap();
        assert_eq!(
            v,
            OneLoginVerification::Verified {
                message: Some("Success".into())
            }
        );
        assert_eq!(polls, vec![1, 2, 3]);
        assert_eq!(t.sleeps(), vec![2000, 2000]);
        let reqs = t.requests();
        assert_eq!(reqs.len(), 3);
        for r in &reqs {
            assert_eq!(
                r.url,
                "https://acme.onelogin.com/api/1/users/1001/otp_devices/526001/verify"
            );
            assert_eq!(r.body.as_deref(), Some(r#"{"state_token":"st-123"}"#));
            assert_eq!(r.header_value("authorization"), Some("Bearer tok"));
        }
    }

    #[test]
    fn pending_then_denied() {
        let (t, a) = answering(120.0, [ok(PENDING), HttpResponse::new(401, DENIED)]);
        let (outcome, polls) = run(&t, &a, 2000);
        let e = outcome.unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Rejected);
        assert_eq!(polls, vec![1, 2]);
        assert!(!e.message.contains("st-123"));
    }

    #[test]
    fn pending_until_the_state_token_expires() {
        let t = MockTransport::new();
        let a = activation(&t, 5.0);
        for _ in 0..10 {
            t.push(HttpResponse::new(
                401,
                r#"{"status":{"code":401,"message":"Authentication pending"}}"#,
            ));
        }
        let (outcome, polls) = run(&t, &a, 2000);
        let e = outcome.unwrap_err();
        assert_eq!(
            (e.code, e.provider),
            (MfaErrorCode::Expired, Some(MfaProvider::OneLogin))
        );
        // polls at 0 s, 2 s, 4 s; the last wait is cut to the 1 s left; nothing is sent at 5 s.
        assert_eq!(polls, vec![1, 2, 3]);
        assert_eq!(t.sleeps(), vec![2000, 2000, 1000]);
        assert_eq!(t.requests().len(), 3);
    }

    #[test]
    fn an_expired_activation_sends_nothing() {
        let t = MockTransport::new();
        let a = activation(&t, -1.0);
        let (outcome, polls) = run(&t, &a, 2000);
        assert_eq!(outcome.unwrap_err().code, MfaErrorCode::Expired);
        assert!(polls.is_empty() && t.requests().is_empty());
    }

    #[test]
    fn an_abort_during_the_wait_stops_polling() {
        let (t, a) = answering(120.0, [ok(PENDING)]);
        t.abort_sleeps();
        let (outcome, polls) = run(&t, &a, 2000);
        let e = outcome.unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Aborted);
        assert_eq!((polls, t.requests().len()), (vec![1], 1));
    }

    #[test]
    fn an_abort_during_a_poll_stops_polling() {
        let (t, a) = answering(120.0, [ok(PENDING)]);
        t.push_err(Error::new(MfaErrorCode::Aborted, "the request was aborted"));
        let (outcome, polls) = run(&t, &a, 2000);
        assert_eq!(outcome.unwrap_err().code, MfaErrorCode::Aborted);
        assert_eq!(polls, vec![1, 2]);
    }

    #[test]
    fn the_interval_has_a_floor() {
        let (t, a) = answering(120.0, [ok(PENDING), ok(SUCCESS)]);
        run(&t, &a, 10).0.unwrap();
        assert_eq!(t.sleeps(), vec![MIN_INTERVAL_MS]);

        // …and a ceiling: the host's timers cannot wait longer than 2^31 - 1 ms.
        let (t, mut far) = answering(0.0, [ok(PENDING), ok(SUCCESS)]);
        far.expires_at = "2100-01-01T00:00:00Z".into();
        run(&t, &far, u32::MAX).0.unwrap();
        assert_eq!(t.sleeps(), vec![MAX_INTERVAL_MS]);
    }

    #[test]
    fn transient_failures_are_tolerated_twice_in_a_row() {
        let (t, a) = answering(120.0, [HttpResponse::new(503, "")]);
        t.push_err(Error::new(MfaErrorCode::Network, "reset"));
        t.push(HttpResponse::new(200, PENDING));
        t.push(HttpResponse::new(502, ""));
        t.push(HttpResponse::new(200, SUCCESS));
        let (outcome, polls) = run(&t, &a, 1000);
        outcome.unwrap();
        assert_eq!(polls, vec![1, 2, 3, 4, 5]);

        let t = MockTransport::new();
        let a = activation(&t, 120.0);
        for _ in 0..3 {
            t.push(HttpResponse::new(500, ""));
        }
        let (outcome, polls) = run(&t, &a, 1000);
        assert_eq!(outcome.unwrap_err().code, MfaErrorCode::ServerError);
        assert_eq!(polls.len(), 3);
    }

    #[test]
    fn a_rate_limit_pauses_for_its_retry_after_then_polling_goes_on() {
        let (t, a) = answering(120.0, [ok(PENDING), limited("7"), ok(PENDING), ok(SUCCESS)]);
        let (outcome, polls) = run(&t, &a, 2000);
        let v = outcome.unwrap();
        assert!(matches!(v, OneLoginVerification::Verified { .. }));
        // onPoll counts the polls sent, the 429'd one included; nothing is sent during the pause.
        assert_eq!(polls, vec![1, 2, 3, 4]);
        assert_eq!(t.requests().len(), 4);
        assert_eq!(t.sleeps(), vec![2000, 7000, 2000]);
    }

    #[test]
    fn polls_and_the_rate_limit_pause_are_reported_in_order() {
        let (t, a) = answering(120.0, [ok(PENDING), ok(PENDING), limited("7"), ok(SUCCESS)]);
        run(&t, &a, 2000).0.unwrap();
        let polls: Vec<_> = t
            .events()
            .into_iter()
            .filter_map(|e| match e {
                MfaEvent::Poll { count, status, .. } => Some((count, status, 0)),
                MfaEvent::Retry {
                    reason, delay_ms, ..
                } => Some((0, reason.as_str(), delay_ms)),
                _ => None,
            })
            .collect();
        assert_eq!(
            polls,
            vec![
                (1, "PENDING", 0),
                (2, "PENDING", 0),
                (3, "rate_limited", 0),
                (0, "rate_limited", 7000),
                (4, "VERIFIED", 0),
            ]
        );
        // Each poll is a request and a response of verifyFactor before its poll event.
        let kinds: Vec<_> = t
            .events()
            .iter()
            .map(|e| match e {
                MfaEvent::Request { .. } => 'q',
                MfaEvent::Response { .. } => 's',
                MfaEvent::Poll { .. } => 'p',
                MfaEvent::Retry { .. } => 'r',
                _ => '?',
            })
            .collect();
        assert_eq!(kinds.iter().collect::<String>(), "qspqspqsprqsp");
    }

    #[test]
    fn a_rate_limit_without_retry_after_waits_the_interval_and_never_less() {
        let (t, a) = answering(
            120.0,
            [
                HttpResponse::new(429, ""),
                limited("0"),
                limited("1"),
                ok(SUCCESS),
            ],
        );
        let (outcome, polls) = run(&t, &a, 3000);
        outcome.unwrap();
        assert_eq!(polls, vec![1, 2, 3, 4]);
        assert_eq!(t.sleeps(), vec![3000, 3000, 3000]);
    }

    #[test]
    fn many_rate_limits_in_a_row_still_end_verified() {
        let t = MockTransport::new();
        let a = activation(&t, 120.0);
        for _ in 0..10 {
            t.push(limited("5"));
        }
        t.push(HttpResponse::new(200, SUCCESS));
        let (outcome, polls) = run(&t, &a, 1000);
        outcome.unwrap();
        assert_eq!(polls.len(), 11);
        assert_eq!(t.sleeps(), vec![5000; 10]);
    }

    #[test]
    fn a_rate_limit_past_expires_at_rejects_rate_limited() {
        let (t, a) = answering(120.0, [ok(PENDING), limited("3600")]);
        let (outcome, polls) = run(&t, &a, 1000);
        let e = outcome.unwrap_err();
        assert_eq!(
            (e.code, e.retry_after_ms, e.provider),
            (
                MfaErrorCode::RateLimited,
                Some(3_600_000),
                Some(MfaProvider::OneLogin)
            )
        );
        assert_eq!(polls, vec![1, 2]);
        // No pause that could not end in a poll.
        assert_eq!(t.sleeps(), vec![1000]);

        // A pause ending exactly at expiresAt leaves no poll either.
        let (t, a) = answering(10.0, [limited("10")]);
        assert_eq!(
            run(&t, &a, 1000).0.unwrap_err().code,
            MfaErrorCode::RateLimited
        );
        assert!(t.sleeps().is_empty());

        // An interval longer than the time left is still cut to it (expired, not rate_limited).
        let (t, a) = answering(10.0, [limited("2"), ok(PENDING)]);
        let e = run(&t, &a, 4000).0.unwrap_err();
        assert_eq!(e.code, MfaErrorCode::Expired);
        assert_eq!(t.sleeps(), vec![4000, 4000, 2000]);
    }

    #[test]
    fn a_wrong_activation_sends_nothing() {
        let t = MockTransport::new();
        let mut bad = activation(&t, 120.0);
        bad.expires_at = "whenever".into();
        assert_eq!(
            run(&t, &bad, 1000).0.unwrap_err().code,
            MfaErrorCode::InvalidInput
        );
        let mut blank = activation(&t, 120.0);
        blank.state_token = " ".into();
        assert_eq!(
            run(&t, &blank, 1000).0.unwrap_err().code,
            MfaErrorCode::InvalidInput
        );
        assert!(t.requests().is_empty());
    }
}
