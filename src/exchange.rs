//! The one async driver. Providers build requests and read responses as pure functions
//! (sans-IO, unit-tested without a network); this module sends them over a [`Transport`].

use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Method, Transport};

/// Automatic retries of a GET on 502/503/504 or a network error.
const MAX_GET_RETRIES: u32 = 2;
/// A `Retry-After` longer than this is not waited for: the error surfaces.
const MAX_RETRY_WAIT_MS: u32 = 5_000;
const BACKOFF_BASE_MS: f64 = 250.0;

/// Sends `request` and reads its answer with `parse`, which gets the response and the arrival
/// time. Errors never carry the secrets the request held.
///
/// # Errors
/// Whatever the transport or `parse` return.
pub async fn exchange<T, O, F>(transport: &T, request: &HttpRequest, parse: F) -> Result<O>
where
    T: Transport,
    F: FnOnce(&HttpResponse, f64) -> Result<O>,
{
    let response = send(transport, request)
        .await
        .map_err(|e| e.scrub(&request.secrets))?;
    parse(&response, transport.now_ms()).map_err(|e| e.scrub(&request.secrets))
}

/// Sends a request; a GET is retried at most twice on 502/503/504 or a network error, with
/// jittered exponential backoff that honours `Retry-After` (up to 5 s). Other methods are
/// never retried: a verify consumes a code.
///
/// # Errors
/// The transport's error once retries are spent.
pub async fn send<T: Transport>(transport: &T, request: &HttpRequest) -> Result<HttpResponse> {
    let mut attempt = 0;
    loop {
        let outcome = observed(transport, request, attempt)
            .await
            .and_then(|res| received(request, res));
        if request.method != Method::Get || attempt >= MAX_GET_RETRIES {
            return outcome;
        }
        let (wait, reason) = match &outcome {
            Ok(res) if matches!(res.status, 502..=504) => match res.retry_after_ms() {
                Some(ms) if ms > MAX_RETRY_WAIT_MS => return outcome,
                Some(ms) => (ms, MfaErrorCode::ServerError),
                None => (backoff(transport, attempt), MfaErrorCode::ServerError),
            },
            Err(e) if e.code == MfaErrorCode::Network => {
                (backoff(transport, attempt), MfaErrorCode::Network)
            }
            _ => return outcome,
        };
        if let Some(op) = request.operation {
            transport.emit(MfaEvent::retry(op, reason, wait));
        }
        transport.sleep(wait).await?;
        attempt += 1;
    }
}

/// One send, with its `request` and `response` events when the request belongs to an operation
/// (OneLogin's token request does not).
async fn observed<T: Transport>(
    transport: &T,
    request: &HttpRequest,
    attempt: u32,
) -> Result<HttpResponse> {
    let Some(op) = request.operation else {
        return transport.send(request).await;
    };
    transport.emit(MfaEvent::request(op, attempt + 1));
    let started = transport.now_ms();
    let outcome = transport.send(request).await;
    if let Ok(res) = &outcome {
        transport.emit(MfaEvent::Response {
            operation: op,
            provider: op.provider(),
            status: res.status,
            duration_ms: transport.now_ms() - started,
        });
    }
    outcome
}

/// An answer as the flows read it: a 3xx ends the call (redirects are never followed, the
/// transport asks its host not to, so nothing goes to a location the caller did not name); any
/// other answer carries the request's secrets, which [`HttpResponse::said`] scrubs.
#[inline(never)]
fn received(request: &HttpRequest, mut res: HttpResponse) -> Result<HttpResponse> {
    if (300..400).contains(&res.status) {
        return Err(redirect_error().status(res.status));
    }
    res.secrets.clone_from(&request.secrets);
    if !res.is_success() {
        res.sent = request.route();
    }
    Ok(res)
}

/// `bad_response` for a redirect (a 3xx, or a browser's opaque redirect without a status).
pub fn redirect_error() -> Error {
    Error::bad_response("the API answered with a redirect, which is never followed")
}

fn backoff<T: Transport>(transport: &T, attempt: u32) -> u32 {
    let jitter = 0.5 + transport.random().clamp(0.0, 1.0);
    (BACKOFF_BASE_MS * f64::from(1u32 << attempt.min(8)) * jitter) as u32
}

/// `bad_response` for a body that is not of the documented shape.
pub fn shape_error(provider: MfaProvider, res: &HttpResponse, what: &'static str) -> Error {
    Error::bad_response(what)
        .provider(provider)
        .status(res.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MockTransport;

    fn get() -> HttpRequest {
        HttpRequest::new(Method::Get, "https://x.test/a".into())
    }

    #[test]
    fn get_is_retried_twice_on_503_then_surfaces() {
        let t = MockTransport::new();
        for _ in 0..3 {
            t.push(HttpResponse::new(503, "busy"));
        }
        let res = pollster::block_on(send(&t, &get())).unwrap();
        assert_eq!(res.status, 503);
        assert_eq!(t.requests().len(), 3);
        assert_eq!(t.sleeps().len(), 2);
    }

    #[test]
    fn get_retry_honours_retry_after_and_succeeds() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(502, "").with_header("Retry-After", "2"));
        t.push(HttpResponse::new(200, "{}"));
        let res = pollster::block_on(send(&t, &get())).unwrap();
        assert_eq!(res.status, 200);
        assert_eq!(t.sleeps(), vec![2000]);
    }

    #[test]
    fn long_retry_after_is_not_waited_for() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(503, "").with_header("Retry-After", "60"));
        let res = pollster::block_on(send(&t, &get())).unwrap();
        assert_eq!(res.status, 503);
        assert!(t.sleeps().is_empty());
    }

    #[test]
    fn network_errors_of_get_are_retried() {
        let t = MockTransport::new();
        t.push_err(Error::new(MfaErrorCode::Network, "reset"));
        t.push(HttpResponse::new(200, "ok"));
        assert_eq!(pollster::block_on(send(&t, &get())).unwrap().body, "ok");
    }

    #[test]
    fn post_and_429_are_never_retried() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(503, ""));
        let post = HttpRequest::new(Method::Post, "https://x.test/a".into());
        assert_eq!(pollster::block_on(send(&t, &post)).unwrap().status, 503);
        t.push(HttpResponse::new(429, ""));
        assert_eq!(pollster::block_on(send(&t, &get())).unwrap().status, 429);
        assert_eq!(t.requests().len(), 2);
    }

    #[test]
    fn an_abort_during_backoff_stops_retrying() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(503, ""));
        t.abort_sleeps();
        let err = pollster::block_on(send(&t, &get())).unwrap_err();
        assert_eq!(err.code, MfaErrorCode::Aborted);
    }

    #[test]
    fn redirects_end_the_call_and_are_never_retried() {
        for status in [301, 302, 303, 304, 307, 308] {
            for method in [Method::Get, Method::Post] {
                let t = MockTransport::new();
                t.push(HttpResponse::new(status, "").with_header("location", "https://evil.test/"));
                let request = HttpRequest::new(method, "https://x.test/a".into());
                let e = pollster::block_on(send(&t, &request)).unwrap_err();
                assert_eq!(
                    (e.code, e.status),
                    (MfaErrorCode::BadResponse, Some(status))
                );
                assert_eq!(t.requests().len(), 1, "sent once, to the URL given");
            }
        }
    }

    #[test]
    fn a_failed_answer_knows_the_request_it_answers_without_its_query() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(405, ""));
        t.push(HttpResponse::new(200, ""));
        let post = HttpRequest::new(Method::Post, "https://x.test/v1/auth?k=secret".into());
        assert_eq!(
            pollster::block_on(send(&t, &post)).unwrap().sent,
            "POST /v1/auth"
        );
        assert_eq!(pollster::block_on(send(&t, &post)).unwrap().sent, "");
    }

    #[test]
    fn events_name_each_attempt_its_answer_and_the_retry() {
        use crate::ops::OperationName::OneLoginEnrolledFactors as Op;
        let t = MockTransport::new();
        t.push(HttpResponse::new(503, "").with_header("Retry-After", "1"));
        t.push_err(Error::new(MfaErrorCode::Network, "reset"));
        t.push(HttpResponse::new(200, "{}"));
        let request = get().operation(Op).secret("s3cret");
        pollster::block_on(send(&t, &request)).unwrap();
        let p = MfaProvider::OneLogin;
        let response = |status| MfaEvent::Response {
            operation: Op,
            provider: p,
            status,
            duration_ms: 0.0,
        };
        assert_eq!(
            t.events(),
            vec![
                MfaEvent::request(Op, 1),
                response(503),
                MfaEvent::retry(Op, MfaErrorCode::ServerError, 1000),
                MfaEvent::request(Op, 2),
                MfaEvent::retry(Op, MfaErrorCode::Network, 500),
                MfaEvent::request(Op, 3),
                response(200),
            ]
        );
        // A request of no operation (OneLogin's token request) reports nothing.
        let t = MockTransport::answering([HttpResponse::new(200, "")]);
        pollster::block_on(send(&t, &get())).unwrap();
        assert!(t.events().is_empty());
    }

    #[test]
    fn answers_carry_the_secrets_their_strings_are_scrubbed_of() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(200, ""));
        let request = get().basic_auth("alice", "pw-secret").secret("123456");
        let res = pollster::block_on(send(&t, &request)).unwrap();
        assert_eq!(
            res.said(Some(
                "code 123456 for YWxpY2U6cHctc2VjcmV0 and PW-SECRET".into()
            ))
            .as_deref(),
            Some("code *** for *** and ***")
        );
    }
}
