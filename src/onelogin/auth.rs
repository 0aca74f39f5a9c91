//! The client's credentials and its OAuth2 access-token cache (client credentials grant).
//!
//! `POST {baseUrl}/auth/oauth2/v2/token` with HTTP Basic `client_id:client_secret` and
//! `{"grant_type":"client_credentials"}` (digest §2.2). The token is reused until 60 s before
//! `expires_in` (at most half its life earlier); concurrent calls share ONE in-flight request.

use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::http::{HttpRequest, HttpResponse, Method, Transport};
use crate::prelude::*;
use crate::slot::Slot;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::fmt;

/// Assumed token life when the answer has no `expires_in` (OneLogin's documented 10 h).
const DEFAULT_TOKEN_SECS: u64 = 36_000;
/// Renew this long before the token expires.
const RENEW_MARGIN_SECS: u64 = 60;

/// How a client authenticates to the OneLogin API.
#[derive(Clone, PartialEq)]
pub enum Credentials {
    /// A ready access token, sent as `Authorization: Bearer …`.
    AccessToken(String),
    /// An API credential pair; the client fetches and caches the access token itself.
    ClientCredentials {
        /// `client_id`.
        client_id: String,
        /// `client_secret` (a server-side secret).
        client_secret: String,
    },
    /// None: proxy mode. The client sends no `Authorization`; the backend it points at (e.g.
    /// `mfa-flows/server`) adds the token.
    Proxy,
}

impl Credentials {
    /// At most one of `access_token` or `client_id` + `client_secret`; none is proxy mode.
    ///
    /// # Errors
    /// `invalid_input` for both, half a pair, or a blank or multi-line value.
    pub fn from_options(
        access_token: Option<String>,
        client_id: Option<String>,
        client_secret: Option<String>,
    ) -> Result<Self> {
        let check = |v: String, what: &'static str| {
            if v.trim().is_empty() || v.chars().any(char::is_control) {
                Err(Error::invalid_input(what))
            } else {
                Ok(v)
            }
        };
        match (access_token, client_id, client_secret) {
            (Some(t), None, None) => Ok(Credentials::AccessToken(check(
                t,
                "accessToken: must be a non-empty single-line string",
            )?)),
            (None, Some(id), Some(secret)) => Ok(Credentials::ClientCredentials {
                client_id: check(id, "clientId: must be a non-empty single-line string")
                    .and_then(|id| crate::input::basic_user(&id, "clientId").map(|()| id))?,
                client_secret: check(
                    secret,
                    "clientSecret: must be a non-empty single-line string",
                )?,
            }),
            (Some(_), _, _) => Err(Error::invalid_input(
                "options: give either accessToken or clientId + clientSecret, not both",
            )),
            (None, Some(_), None) | (None, None, Some(_)) => Err(Error::invalid_input(
                "options: clientId and clientSecret go together",
            )),
            (None, None, None) => Ok(Credentials::Proxy),
        }
    }

    /// Refuses a client secret in a browser page unless explicitly allowed.
    ///
    /// # Errors
    /// `browser_secret`.
    pub fn check_browser(&self, in_browser: bool, dangerously_allow_browser: bool) -> Result<()> {
        if in_browser
            && !dangerously_allow_browser
            && matches!(self, Credentials::ClientCredentials { .. })
        {
            return Err(Error::new(
                MfaErrorCode::BrowserSecret,
                "clientSecret must not be used in a browser page: call OneLogin from a backend \
                 (or set dangerouslyAllowBrowser)",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::AccessToken(_) => f.write_str("AccessToken(<redacted>)"),
            Credentials::ClientCredentials { .. } => f.write_str("ClientCredentials(<redacted>)"),
            Credentials::Proxy => f.write_str("Proxy"),
        }
    }
}

/// `POST {base}/auth/oauth2/v2/token`.
pub fn build_token_request(
    config: &ClientConfig,
    client_id: &str,
    client_secret: &str,
) -> HttpRequest {
    config
        .request(Method::Post, "/auth/oauth2/v2/token")
        .basic_auth(client_id, client_secret)
        .header("Cache-Control", "no-store")
        .json_body(String::from(r#"{"grant_type":"client_credentials"}"#))
}

/// The access token and its life in seconds: flat (v2) or in `data` (v1: `data:[{…}]`).
///
/// # Errors
/// `invalid_credentials` when the credentials are refused (400/401/403), `rate_limited`,
/// `server_error`, `bad_response` without `access_token`.
pub fn parse_token(res: &HttpResponse) -> Result<(String, u64)> {
    let (body, info) = super::flow::read(res);
    if matches!(res.status, 400 | 401 | 403) {
        return Err(Error::new(
            MfaErrorCode::InvalidCredentials,
            "OneLogin refused clientId/clientSecret",
        )
        .provider(MfaProvider::OneLogin)
        .status(res.status)
        .provider_code(info.kind.or(info.message)));
    }
    super::flow::check(res, super::flow::Phase::Manage)?;
    body.flat_or_data("access_token")
        .and_then(|t| {
            Some((
                t.get("access_token").non_blank_string()?,
                t.get("expires_in").uint_or_decimal(),
            ))
        })
        .filter(|(t, _)| !t.chars().any(|c| c.is_control() || c == ' '))
        .map(|(t, life)| (t, life.unwrap_or(DEFAULT_TOKEN_SECS)))
        .ok_or_else(|| {
            crate::exchange::shape_error(MfaProvider::OneLogin, res, "expected access_token")
        })
}

/// How long a token of `life_secs` may be reused, in ms.
fn reuse_ms(life_secs: u64) -> f64 {
    let margin = RENEW_MARGIN_SECS.min(life_secs / 2);
    (life_secs - margin) as f64 * 1000.0
}

/// What the leader of a token request hands to the calls waiting on it.
#[derive(Clone)]
enum Outcome {
    Token(String),
    Failed(Error),
    /// The leader was dropped or aborted by its own caller: a waiter tries itself.
    Cancelled,
}

enum State {
    Empty,
    Ready { token: String, renew_at: f64 },
    Fetching(Rc<Slot<Outcome>>),
}

/// The one piece of state a client holds: its current access token, or the request for one.
pub(crate) struct TokenCache {
    state: RefCell<State>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenCache(<redacted>)")
    }
}

/// Clears the leader's claim if its future is dropped before the answer came.
struct Lead<'a> {
    cache: &'a TokenCache,
    slot: Rc<Slot<Outcome>>,
}

impl Drop for Lead<'_> {
    fn drop(&mut self) {
        if self.slot.is_set() {
            return;
        }
        if let Ok(mut state) = self.cache.state.try_borrow_mut() {
            if matches!(&*state, State::Fetching(s) if Rc::ptr_eq(s, &self.slot)) {
                *state = State::Empty;
            }
        }
        self.slot.set(Outcome::Cancelled);
    }
}

impl TokenCache {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        TokenCache {
            state: RefCell::new(State::Empty),
        }
    }

    /// A valid access token: the cached one, the one being fetched by a concurrent call, or a
    /// new one from `request` (called only by the call that sends it).
    ///
    /// # Errors
    /// The token request's error.
    pub(crate) async fn get<T: Transport>(
        &self,
        transport: &T,
        request: &dyn Fn() -> HttpRequest,
    ) -> Result<String> {
        loop {
            let waiting = match &*self.state.borrow() {
                State::Ready { token, renew_at } if transport.now_ms() < *renew_at => {
                    return Ok(token.clone())
                }
                State::Fetching(slot) => Some(slot.clone()),
                _ => None,
            };
            let Some(slot) = waiting else {
                return self.lead(transport, request()).await;
            };
            match slot.wait().await {
                Outcome::Token(token) => return Ok(token),
                Outcome::Failed(error) => return Err(error),
                Outcome::Cancelled => continue,
            }
        }
    }

    async fn lead<T: Transport>(&self, transport: &T, request: HttpRequest) -> Result<String> {
        let slot = Slot::new();
        *self.state.borrow_mut() = State::Fetching(slot.clone());
        let lead = Lead { cache: self, slot };
        let sent_at = transport.now_ms();
        let result =
            crate::exchange::exchange(transport, &request, |res, _| parse_token(res)).await;
        let (next, outcome) = match &result {
            Ok((token, life)) if *life > 0 => (
                State::Ready {
                    token: token.clone(),
                    renew_at: sent_at + reuse_ms(*life),
                },
                Outcome::Token(token.clone()),
            ),
            Ok((token, _)) => (State::Empty, Outcome::Token(token.clone())),
            // This call's own signal fired: the others must not fail with its `aborted`.
            Err(e) if e.code == MfaErrorCode::Aborted => (State::Empty, Outcome::Cancelled),
            Err(e) => (State::Empty, Outcome::Failed(e.clone())),
        };
        if let Ok(mut state) = self.state.try_borrow_mut() {
            if matches!(&*state, State::Fetching(s) if Rc::ptr_eq(s, &lead.slot)) {
                *state = next;
            }
        }
        lead.slot.set(outcome);
        result.map(|(token, _)| token)
    }

    /// Forgets `used` after the API refused it, so that the next call fetches a new token
    /// (a newer token, or a request in flight, is kept).
    pub(crate) fn invalidate(&self, used: &str) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            if matches!(&*state, State::Ready { token, .. } if token == used) {
                *state = State::Empty;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Credentials, the token request, and the token cache (reuse, expiry, one shared request).

    use super::*;
    use crate::testing::MockTransport;
    use crate::testing::{join2, Yielding};

    fn config() -> ClientConfig {
        crate::testing::config("https://acme.onelogin.com", &[])
    }

    fn token_answer(token: &str, expires_in: u64) -> HttpResponse {
        HttpResponse::new(
            200,
            format!(
                r#"{{"access_token":"{token}","created_at":"2026-01-01T00:00:00.000Z","expires_in":{expires_in},"refresh_token":"r","token_type":"bearer","account_id":555}}"#
            ),
        )
    }

    /// The token request the cache's tests send.
    fn token_request() -> HttpRequest {
        build_token_request(&config(), "id", "s")
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// Two calls for a token side by side, over `ya` and `yb`: their results and wake-ups.
    fn side_by_side(
        cache: &TokenCache,
        ya: &Yielding,
        yb: &Yielding,
    ) -> (Result<String>, Result<String>, usize, usize) {
        join2(cache.get(ya, &token_request), cache.get(yb, &token_request))
    }

    #[test]
    fn credentials_need_at_most_one_form() {
        assert_eq!(
            Credentials::from_options(None, None, None).unwrap(),
            Credentials::Proxy
        );
        assert_eq!(
            Credentials::from_options(s("tok"), None, None).unwrap(),
            Credentials::AccessToken("tok".into())
        );
        assert!(matches!(
            Credentials::from_options(None, s("id"), s("secret")).unwrap(),
            Credentials::ClientCredentials { .. }
        ));
        for (t, i, sec) in [
            (s("tok"), s("id"), s("secret")),
            (s("tok"), s("id"), None),
            (None, s("id"), None),
            (None, None, s("secret")),
            (s(""), None, None),
            (s("a\nb"), None, None),
            (None, s(" "), s("secret")),
        ] {
            let e = Credentials::from_options(t, i, sec).unwrap_err();
            assert_eq!(e.code, MfaErrorCode::InvalidInput);
            assert!(!e.message.contains("secret\"") && !e.message.contains("tok\""));
        }
    }

    #[test]
    fn client_secret_is_refused_in_a_browser() {
        let cc = Credentials::from_options(None, s("id"), s("very-secret")).unwrap();
        assert_eq!(
            cc.check_browser(true, false).unwrap_err().code,
            MfaErrorCode::BrowserSecret
        );
        cc.check_browser(true, true).unwrap();
        cc.check_browser(false, false).unwrap();
        Credentials::AccessToken("t".into())
            .check_browser(true, false)
            .unwrap();
        let d = format!("{cc:?}{:?}", Credentials::AccessToken("tok-1".into()));
        assert!(!d.contains("very-secret") && !d.contains("tok-1") && !d.contains("id\""));
    }

    #[test]
    fn token_request_is_basic_auth_with_a_json_grant() {
        let req = build_token_request(&config(), "sbx-client-id", "sbx-client-secret");
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://acme.onelogin.com/auth/oauth2/v2/token");
        assert_eq!(
            req.header_value("authorization"),
            Some(
                format!(
                    "Basic {}",
                    crate::http::base64(b"sbx-client-id:sbx-client-secret")
                )
                .as_str()
            )
        );
        assert_eq!(req.header_value("content-type"), Some("application/json"));
        assert_eq!(
            req.body.as_deref(),
            Some(r#"{"grant_type":"client_credentials"}"#)
        );
        assert!(req.secrets.iter().any(|s| s == "sbx-client-secret"));
    }

    #[test]
    fn token_answers_are_read_leniently() {
        assert_eq!(
            parse_token(&token_answer("abc", 36000)).unwrap(),
            ("abc".into(), 36000)
        );
        let v1 = r#"{"status":{"error":false,"code":200,"type":"success","message":"Success"},
                "data":[{"access_token":"xyz","expires_in":"3600","token_type":"bearer"}]}"#;
        assert_eq!(
            parse_token(&HttpResponse::new(200, v1)).unwrap(),
            ("xyz".into(), 3600)
        );
        assert_eq!(
            parse_token(&HttpResponse::new(200, r#"{"access_token":"q"}"#)).unwrap(),
            ("q".into(), DEFAULT_TOKEN_SECS)
        );
        for hostile in [
            "",
            "{}",
            r#"{"access_token":5}"#,
            r#"{"access_token":"a b"}"#,
            r#"{"data":"x"}"#,
        ] {
            assert_eq!(
                parse_token(&HttpResponse::new(200, hostile))
                    .unwrap_err()
                    .code,
                MfaErrorCode::BadResponse
            );
        }
        let refused = r#"{"statusCode":401,"name":"InvalidCredentials","message":"Please provide valid credentials"}"#;
        let e = parse_token(&HttpResponse::new(401, refused)).unwrap_err();
        assert_eq!(
            (e.code, e.status),
            (MfaErrorCode::InvalidCredentials, Some(401))
        );
        assert_eq!(e.provider_code.as_deref(), Some("InvalidCredentials"));
        let e =
            parse_token(&HttpResponse::new(429, "").with_header("retry-after", "2")).unwrap_err();
        assert_eq!(
            (e.code, e.retry_after_ms),
            (MfaErrorCode::RateLimited, Some(2000))
        );
        assert_eq!(
            parse_token(&HttpResponse::new(503, "")).unwrap_err().code,
            MfaErrorCode::ServerError
        );
    }

    #[test]
    fn reuse_window() {
        assert_eq!(reuse_ms(36_000), 35_940_000.0);
        assert_eq!(reuse_ms(100), 50_000.0);
        assert_eq!(reuse_ms(1), 1_000.0);
    }

    #[test]
    fn the_token_is_cached_until_shortly_before_it_expires() {
        let t = MockTransport::new();
        let start = t.now_ms();
        t.push(token_answer("t1", 3600));
        t.push(token_answer("t2", 3600));
        let cache = TokenCache::new();
        let get = || pollster::block_on(cache.get(&t, &token_request));
        assert_eq!(get().unwrap(), "t1");
        assert_eq!(get().unwrap(), "t1");
        t.set_now(start + 3_539_999.0); // 3600 s - 60 s margin - 1 ms
        assert_eq!(get().unwrap(), "t1");
        assert_eq!(t.requests().len(), 1);
        t.set_now(start + 3_540_000.0);
        assert_eq!(get().unwrap(), "t2");
        assert_eq!(t.requests().len(), 2);
    }

    #[test]
    fn a_zero_life_token_is_used_once() {
        let t = MockTransport::answering([token_answer("t1", 0), token_answer("t2", 0)]);
        let cache = TokenCache::new();
        for fresh in ["t1", "t2"] {
            let got = pollster::block_on(cache.get(&t, &token_request));
            assert_eq!(got.unwrap(), fresh);
        }
    }

    #[test]
    fn invalidate_forgets_only_the_refused_token() {
        let t = MockTransport::answering([token_answer("t1", 3600), token_answer("t2", 3600)]);
        let cache = TokenCache::new();
        let get = || pollster::block_on(cache.get(&t, &token_request)).unwrap();
        assert_eq!(get(), "t1");
        cache.invalidate("something-else");
        assert_eq!(get(), "t1");
        cache.invalidate("t1");
        assert_eq!(get(), "t2");
        assert_eq!(t.requests().len(), 2);
    }

    #[test]
    fn concurrent_calls_share_one_token_request() {
        let t = MockTransport::answering([token_answer("shared", 3600)]);
        let y = Yielding(&t);
        let cache = TokenCache::new();
        let (a, b, _, woken_b) = side_by_side(&cache, &y, &y);
        assert_eq!(
            (a.unwrap(), b.unwrap()),
            ("shared".to_string(), "shared".to_string())
        );
        assert_eq!(t.requests().len(), 1, "one token request for two calls");
        assert!(woken_b >= 1, "the waiting call was woken by the leader");
    }

    #[test]
    fn a_failed_token_request_fails_every_waiter_once() {
        let t = MockTransport::new();
        t.push(HttpResponse::new(
            401,
            r#"{"status":{"code":401,"message":"Authentication Failure"}}"#,
        ));
        let y = Yielding(&t);
        let cache = TokenCache::new();
        let (a, b, _, _) = side_by_side(&cache, &y, &y);
        assert_eq!(a.unwrap_err().code, MfaErrorCode::InvalidCredentials);
        assert_eq!(b.unwrap_err().code, MfaErrorCode::InvalidCredentials);
        assert_eq!(t.requests().len(), 1);
    }

    #[test]
    fn an_aborted_leader_lets_the_waiter_fetch_for_itself() {
        let (ta, tb) = (MockTransport::new(), MockTransport::new());
        ta.push_err(Error::new(MfaErrorCode::Aborted, "aborted"));
        tb.push(token_answer("mine", 3600));
        let (ya, yb) = (Yielding(&ta), Yielding(&tb));
        let cache = TokenCache::new();
        let (a, b, _, _) = side_by_side(&cache, &ya, &yb);
        assert_eq!(a.unwrap_err().code, MfaErrorCode::Aborted);
        assert_eq!(b.unwrap(), "mine");
        assert_eq!((ta.requests().len(), tb.requests().len()), (1, 1));
    }

    #[test]
    fn a_dropped_leader_does_not_strand_the_cache() {
        use core::future::Future;
        use core::task::{Context, Poll, Waker};
        let t = MockTransport::answering([token_answer("late", 3600), token_answer("fresh", 3600)]);
        let y = Yielding(&t);
        let cache = TokenCache::new();
        {
            let mut leader = core::pin::pin!(cache.get(&y, &token_request));
            let pending = leader
                .as_mut()
                .poll(&mut Context::from_waker(Waker::noop()));
            assert!(matches!(pending, Poll::Pending));
        } // dropped mid-request
        assert_eq!(
            pollster::block_on(cache.get(&t, &token_request)).unwrap(),
            "late"
        );
    }
}
