//! The client's credentials and its OAuth2 access-token cache (client credentials grant).
//!
//! `POST {baseUrl}/auth/oauth2/v2/token` with HTTP Basic `client_id:client_secret` and
//! `{"grant_type":"client_credentials"}` (digest §2.2). The token is reused until 60 s before
//! `expires_in` (at most half its life earlier); concurrent calls share ONE in-flight request.

use super::shared::Slot;
use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::http::{HttpRequest, HttpResponse, Method, Transport};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

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
        .and_then(|t| Some((t.get("access_token").string()?, t.get("expires_in").id())))
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
    /// new one.
    ///
    /// # Errors
    /// The token request's error.
    pub(crate) async fn get<T: Transport>(
        &self,
        transport: &T,
        config: &ClientConfig,
        client_id: &str,
        client_secret: &str,
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
                return self.lead(transport, config, client_id, client_secret).await;
            };
            match slot.wait().await {
                Outcome::Token(token) => return Ok(token),
                Outcome::Failed(error) => return Err(error),
                Outcome::Cancelled => continue,
            }
        }
    }

    async fn lead<T: Transport>(
        &self,
        transport: &T,
        config: &ClientConfig,
        client_id: &str,
        client_secret: &str,
    ) -> Result<String> {
        let slot = Slot::new();
        *self.state.borrow_mut() = State::Fetching(slot.clone());
        let lead = Lead { cache: self, slot };
        let sent_at = transport.now_ms();
        let request = build_token_request(config, client_id, client_secret);
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
#[path = "auth_tests.rs"]
mod tests;
