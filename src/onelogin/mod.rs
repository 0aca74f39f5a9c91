//! OneLogin API v1 MFA: available factors, enrolled devices, enrol, trigger (activate), verify
//! by OTP or push, remove, and the temporary MFA token, under `{baseUrl}/api/1/users/{user_id}/…`.
//!
//! A [`Client`] holds its configuration and its access token (cached when it was obtained with
//! client credentials); every call takes the [`Transport`] to send over. With client
//! credentials, a 401 "Authentication Failure" (the bearer check refusing the token: the request
//! was not processed) makes the client renew its token once and retry the call once; no other
//! answer is ever replayed.

use crate::prelude::*;

mod auth;
pub mod flow;
pub mod model;
mod poll;
mod status;
mod wire;

pub use auth::{build_token_request, parse_token, Credentials};
pub use model::*;
pub use poll::{wait_for_push, DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS};

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse, Transport};
use auth::TokenCache;
use core::fmt;

/// How a prepared request's answer is read.
#[derive(Debug, Clone, Copy)]
enum Read {
    Factors,
    Devices,
    Device,
    /// The trigger's answer: the activation expires `life` seconds after `sent_at`.
    Activation {
        sent_at: f64,
        life: u32,
        device: Option<u64>,
    },
    Verification,
    Removed,
    MfaToken(Option<bool>),
}

/// An answer read: one variant per operation.
#[derive(Debug)]
pub enum Reply {
    /// `availableFactors`.
    Factors(Vec<OneLoginAuthFactor>),
    /// `enrolledFactors`.
    Devices(Vec<OneLoginDevice>),
    /// `enrollFactor`.
    Device(OneLoginDevice),
    /// `activateFactor`.
    Activation(OneLoginActivation),
    /// `verifyFactor`.
    Verification(OneLoginVerification),
    /// `removeFactor`.
    Removed,
    /// `generateMfaToken`.
    MfaToken(OneLoginMfaToken),
}

/// A checked request and how to read its answer: the synchronous half of a call, as for
/// Riffyn and Belvo. It goes out through [`Client::send`], which adds the access token.
#[derive(Debug)]
pub struct Prepared {
    request: HttpRequest,
    /// Sent instead when the request's 404 says the route is not served (`…/auth_factor`).
    fallback: Option<HttpRequest>,
    read: Read,
}

impl Prepared {
    fn new(request: HttpRequest, read: Read) -> Self {
        Prepared {
            request,
            fallback: None,
            read,
        }
    }

    /// `GET …/auth_factors`, falling back to the spec's `…/auth_factor` on a 404 "No Route
    /// Exists" (not a missing user).
    pub fn available_factors(config: &ClientConfig, user: UserId) -> Self {
        Prepared {
            fallback: Some(flow::build_available_factors(config, user, true)),
            ..Self::new(
                flow::build_available_factors(config, user, false),
                Read::Factors,
            )
        }
    }

    /// `GET …/otp_devices`.
    pub fn enrolled_factors(config: &ClientConfig, user: UserId) -> Self {
        Self::new(flow::build_enrolled_factors(config, user), Read::Devices)
    }

    /// `POST …/otp_devices`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn enroll(
        config: &ClientConfig,
        user: UserId,
        input: &OneLoginEnrollInput,
    ) -> Result<Self> {
        Ok(Self::new(
            flow::build_enroll(config, user, input)?,
            Read::Device,
        ))
    }

    /// `POST …/otp_devices/{device_id}/trigger`, sent at `now_ms`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn activate(
        config: &ClientConfig,
        user: UserId,
        device: &DeviceId,
        input: &OneLoginActivateInput,
        now_ms: f64,
    ) -> Result<Self> {
        let read = Read::Activation {
            sent_at: now_ms,
            life: input
                .state_token_expires_in
                .unwrap_or(flow::DEFAULT_STATE_TOKEN_SECS),
            device: device.as_number(),
        };
        Ok(Self::new(
            flow::build_activate(config, user, device, input)?,
            read,
        ))
    }

    /// `POST …/otp_devices/{device_id}/verify`, checked against the clock `now_ms`.
    ///
    /// # Errors
    /// `expired` (`expiresAt` is past), `invalid_input`; nothing is sent.
    pub fn verify(
        config: &ClientConfig,
        user: UserId,
        device: &DeviceId,
        input: &OneLoginVerifyInput,
        now_ms: f64,
    ) -> Result<Self> {
        Ok(Self::new(
            flow::build_verify(config, user, device, input, now_ms)?,
            Read::Verification,
        ))
    }

    /// `DELETE …/otp_devices/{device_id}`.
    pub fn remove(config: &ClientConfig, user: UserId, device: &DeviceId) -> Self {
        Self::new(flow::build_remove(config, user, device), Read::Removed)
    }

    /// `POST …/mfa_token`.
    ///
    /// # Errors
    /// `invalid_input`; nothing is sent.
    pub fn mfa_token(
        config: &ClientConfig,
        user: UserId,
        input: &OneLoginMfaTokenInput,
    ) -> Result<Self> {
        Ok(Self::new(
            flow::build_mfa_token(config, user, input)?,
            Read::MfaToken(input.reusable),
        ))
    }

    /// The request to send (without its access token).
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// Reads the answer [`Client::send`] returned.
    ///
    /// # Errors
    /// The API's errors mapped by the `flow::parse_*` functions.
    pub fn read(&self, res: &HttpResponse) -> Result<Reply> {
        Ok(match self.read {
            Read::Factors => Reply::Factors(
                flow::parse_available_factors(res, false)?
                    .ok_or_else(|| Error::bad_response("no factor list"))?,
            ),
            Read::Devices => Reply::Devices(flow::parse_enrolled_factors(res)?),
            Read::Device => Reply::Device(flow::parse_enroll(res)?),
            Read::Activation {
                sent_at,
                life,
                device,
            } => Reply::Activation(flow::parse_activate(res, sent_at, life, device)?),
            Read::Verification => Reply::Verification(flow::parse_verify(res)?),
            Read::Removed => {
                flow::parse_remove(res)?;
                Reply::Removed
            }
            Read::MfaToken(reusable) => Reply::MfaToken(flow::parse_mfa_token(res, reusable)?),
        })
    }
}

/// The reply of the variant `$v`, else `bad_response` (cannot happen: the read matches the op).
macro_rules! reply {
    ($reply:expr, $v:ident) => {
        match $reply {
            Reply::$v(value) => Ok(value),
            _ => Err(Error::bad_response("unexpected reply")),
        }
    };
}

/// A OneLogin v1 MFA client.
pub struct Client {
    config: ClientConfig,
    credentials: Credentials,
    cache: TokenCache,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config`, authenticating with `credentials`.
    pub fn new(config: ClientConfig, credentials: Credentials) -> Self {
        Client {
            config,
            credentials,
            cache: TokenCache::new(),
        }
    }

    /// The client's configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// How the client authenticates.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The token to send; `None` in proxy mode.
    async fn access_token<T: Transport>(&self, transport: &T) -> Result<Option<String>> {
        match &self.credentials {
            Credentials::Proxy => Ok(None),
            Credentials::AccessToken(token) => Ok(Some(token.clone())),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => self
                .cache
                .get(transport, &|| {
                    auth::build_token_request(&self.config, client_id, client_secret)
                })
                .await
                .map(Some),
        }
    }

    /// The access token to send as `Bearer` (fetched and cached with client credentials); `None`
    /// in proxy mode. For a backend that forwards calls itself (`mfa-flows/server`).
    ///
    /// # Errors
    /// `invalid_credentials`/`unauthorized` when the token endpoint refuses, and the
    /// transport's errors.
    pub async fn bearer<T: Transport>(&self, transport: &T) -> Result<Option<String>> {
        self.access_token(transport).await
    }

    /// Forgets `refused` (an answer refused it), so that the next [`Client::bearer`] fetches a
    /// new token; only with client credentials.
    pub fn renew(&self, refused: &str) {
        self.cache.invalidate(refused);
    }

    /// Sends the prepared request with the access token; the 404 "No Route Exists" of a
    /// request with a fallback sends the fallback. With client credentials, a 401 of the bearer
    /// check ([`flow::refuses_token`]: the request was not processed) renews the token and
    /// resends once; nothing else is resent. The answer carries the secrets it is scrubbed of.
    ///
    /// # Errors
    /// The token endpoint's and the transport's errors, without the request's secrets.
    pub async fn send<T: Transport>(
        &self,
        transport: &T,
        prepared: &Prepared,
    ) -> Result<HttpResponse> {
        let renews = matches!(self.credentials, Credentials::ClientCredentials { .. });
        let mut renewed = false;
        let mut request = &prepared.request;
        loop {
            let token = self.access_token(transport).await?;
            let authorized = match &token {
                Some(token) => flow::authorize(request.clone(), token),
                None => request.clone(),
            };
            let response = crate::exchange::send(transport, &authorized)
                .await
                .map_err(|e| e.scrub(&authorized.secrets))?;
            if renews && !renewed && flow::refuses_token(&response) {
                self.cache.invalidate(token.as_deref().unwrap_or_default());
                renewed = true;
                continue;
            }
            match &prepared.fallback {
                Some(fallback)
                    if !core::ptr::eq(request, fallback) && flow::no_route(&response) =>
                {
                    request = fallback;
                    renewed = false;
                }
                _ => return Ok(response),
            }
        }
    }

    /// Sends the prepared request ([`Client::send`]) and reads its answer; the errors never
    /// hold the request's secrets.
    ///
    /// # Errors
    /// The API's, the token endpoint's and the transport's errors.
    pub async fn exchange<T: Transport>(
        &self,
        transport: &T,
        prepared: &Prepared,
    ) -> Result<Reply> {
        let response = self.send(transport, prepared).await?;
        prepared
            .read(&response)
            .map_err(|e| e.scrub(&response.secrets))
    }

    /// `GET …/auth_factors`: the factors the user can still enrol. A 404 "No Route Exists"
    /// (not a missing user) retries once with the spec's `…/auth_factor`.
    ///
    /// # Errors
    /// `unauthorized`, `forbidden`, `not_found`, `rate_limited`, `bad_response`…
    pub async fn available_factors<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
    ) -> Result<Vec<OneLoginAuthFactor>> {
        let prepared = Prepared::available_factors(&self.config, user);
        reply!(self.exchange(transport, &prepared).await?, Factors)
    }

    /// `GET …/otp_devices`: the user's enrolled devices.
    ///
    /// # Errors
    /// As [`Client::available_factors`].
    pub async fn enrolled_factors<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
    ) -> Result<Vec<OneLoginDevice>> {
        let prepared = Prepared::enrolled_factors(&self.config, user);
        reply!(self.exchange(transport, &prepared).await?, Devices)
    }

    /// `POST …/otp_devices`: enrols a factor; the new device comes back (with a state token to
    /// verify it unless `verified`).
    ///
    /// # Errors
    /// `invalid_input` (nothing sent), then as [`Client::available_factors`].
    pub async fn enroll_factor<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
        input: &OneLoginEnrollInput,
    ) -> Result<OneLoginDevice> {
        let prepared = Prepared::enroll(&self.config, user, input)?;
        reply!(self.exchange(transport, &prepared).await?, Device)
    }

    /// `POST …/otp_devices/{device_id}/trigger`: sends the SMS / push; the activation expires
    /// `stateTokenExpiresIn` (default 120) seconds after the request was sent.
    ///
    /// # Errors
    /// `invalid_input` (nothing sent), then as [`Client::available_factors`].
    pub async fn activate_factor<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
        device: &DeviceId,
        input: &OneLoginActivateInput,
    ) -> Result<OneLoginActivation> {
        let prepared = Prepared::activate(&self.config, user, device, input, transport.now_ms())?;
        reply!(self.exchange(transport, &prepared).await?, Activation)
    }

    /// `POST …/otp_devices/{device_id}/verify`: `VERIFIED`, or `PENDING` while a push waits.
    ///
    /// # Errors
    /// `expired` locally when `expiresAt` is past (nothing sent); `invalid_code`, `rejected`,
    /// `expired`, `unauthorized`, `rate_limited`…
    pub async fn verify_factor<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
        device: &DeviceId,
        input: &OneLoginVerifyInput,
    ) -> Result<OneLoginVerification> {
        let prepared = Prepared::verify(&self.config, user, device, input, transport.now_ms())?;
        reply!(self.exchange(transport, &prepared).await?, Verification)
    }

    /// `DELETE …/otp_devices/{device_id}`.
    ///
    /// # Errors
    /// As [`Client::available_factors`].
    pub async fn remove_factor<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
        device: &DeviceId,
    ) -> Result<()> {
        let prepared = Prepared::remove(&self.config, user, device);
        match self.exchange(transport, &prepared).await? {
            Reply::Removed => Ok(()),
            _ => Err(Error::bad_response("unexpected reply")),
        }
    }

    /// `POST …/mfa_token`: a temporary MFA token (verified with device id 0).
    ///
    /// # Errors
    /// `invalid_input` (nothing sent), then as [`Client::available_factors`].
    pub async fn generate_mfa_token<T: Transport>(
        &self,
        transport: &T,
        user: UserId,
        input: &OneLoginMfaTokenInput,
    ) -> Result<OneLoginMfaToken> {
        let prepared = Prepared::mfa_token(&self.config, user, input)?;
        reply!(self.exchange(transport, &prepared).await?, MfaToken)
    }
}

#[cfg(test)]
mod tests {
    //! The client end to end over the mock transport: requests as sent, token handling, retries.

    use super::*;
    use crate::error::MfaErrorCode as C;
    use crate::http::Method;
    use crate::testing::MockTransport;
    use crate::testing::{join2, Yielding};

    const OK_STATUS: &str =
        r#"{"status":{"type":"success","code":200,"message":"Success","error":false}}"#;
    const AUTH_FAILURE: &str = r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}"#;
    const DEVICES: &str = r#"{"status":{"code":200},"data":{"otp_devices":[{"id":525001,"auth_factor_name":"Google Authenticator","needs_trigger":false}]}}"#;

    fn config() -> ClientConfig {
        crate::testing::config(BASE, &[])
    }

    fn bearer_client() -> Client {
        Client::new(config(), Credentials::AccessToken("tok-abc".into()))
    }

    fn cc_client() -> Client {
        Client::new(
            config(),
            Credentials::ClientCredentials {
                client_id: "sbx-client-id".into(),
                client_secret: "sbx-client-secret".into(),
            },
        )
    }

    fn token(t: &str) -> HttpResponse {
        HttpResponse::new(
            200,
            format!(r#"{{"access_token":"{t}","expires_in":36000,"token_type":"bearer"}}"#),
        )
    }

    /// The answer to `enrolledFactors`: one device.
    fn devices() -> HttpResponse {
        HttpResponse::new(200, DEVICES)
    }

    fn user() -> UserId {
        UserId::new(1001.0).unwrap()
    }

    fn dev(n: f64) -> DeviceId {
        DeviceId::from_number(n).unwrap()
    }

    const BASE: &str = "http://127.0.0.1:4010/onelogin";

    fn assert_request(
        r: &HttpRequest,
        method: Method,
        path: &str,
        body: Option<&str>,
        bearer: &str,
    ) {
        assert_eq!(r.method, method);
        assert_eq!(r.url, format!("{BASE}{path}"));
        assert_eq!(r.body.as_deref(), body);
        assert_eq!(
            r.header_value("authorization"),
            Some(format!("Bearer {bearer}").as_str())
        );
    }

    use pollster::block_on as b;

    /// Two `enrolledFactors` calls side by side over `t` (each send yields first); both succeed.
    fn two_enrolled_at_once(c: &Client, t: &MockTransport) {
        let y = Yielding(t);
        let (first, second, _, _) = join2(
            c.enrolled_factors(&y, user()),
            c.enrolled_factors(&y, user()),
        );
        first.unwrap();
        second.unwrap();
    }

    /// [`assert_request`] for each request in turn, paths under the user's (`/api/1/users/1001`).
    fn assert_requests(sent: &[HttpRequest], expected: &[(Method, &str, Option<&str>, &str)]) {
        assert_eq!(sent.len(), expected.len());
        for (r, &(method, path, body, bearer)) in sent.iter().zip(expected) {
            let path = format!("/api/1/users/1001{path}");
            assert_request(r, method, &path, body, bearer);
        }
    }

    #[test]
    fn the_seven_operations_send_what_the_api_expects() {
        let t = MockTransport::answering([HttpResponse::new(
            200,
            r#"{"data":{"auth_factors":[{"name":"OneLogin SMS","factor_id":16282}]}}"#,
        )]);
        let c = bearer_client();
        assert_eq!(
            b(c.available_factors(&t, user())).unwrap()[0].factor_id,
            16282
        );
        t.push(devices());
        assert_eq!(b(c.enrolled_factors(&t, user())).unwrap()[0].id, 525001);
        t.push(HttpResponse::new(
            200,
            r#"{"data":[{"id":530001,"state_token":"st-e","active":false,"needs_trigger":true}]}"#,
        ));
        let input = OneLoginEnrollInput {
            factor_id: 16282,
            display_name: "Phone".into(),
            number: Some("+15550001".into()),
            verified: None,
        };
        assert_eq!(b(c.enroll_factor(&t, user(), &input)).unwrap().id, 530001);
        t.push(HttpResponse::new(200, r#"{"status":{"message":"SMS token sent to your mobile device. Authentication pending."},"data":[{"id":9,"device_id":530001,"state_token":"st-t"}]}"#));
        let a = b(c.activate_factor(
            &t,
            user(),
            &dev(530001.0),
            &OneLoginActivateInput {
                state_token_expires_in: Some(300),
                ..Default::default()
            },
        ))
        .unwrap();
        assert_eq!((a.device_id, a.state_token.as_str()), (530001, "st-t"));
        assert_eq!(
            a.expires_at,
            crate::time::format_iso(t.now_ms() + 300_000.0)
        );
        t.push(HttpResponse::new(200, OK_STATUS));
        let v = OneLoginVerifyInput {
            state_token: Some("st-t".into()),
            otp_token: Some("123456".into()),
            expires_at: Some(a.expires_at.clone()),
        };
        assert!(matches!(
            b(c.verify_factor(&t, user(), &dev(530001.0), &v)).unwrap(),
            OneLoginVerification::Verified { .. }
        ));
        t.push(HttpResponse::new(200, "{}"));
        b(c.remove_factor(&t, user(), &dev(530001.0))).unwrap();
        t.push(HttpResponse::new(
            200,
            r#"{"mfa_token":"55647655","reusable":true,"expires_at":"2026-01-01T00:05:00Z"}"#,
        ));
        let m = b(c.generate_mfa_token(
            &t,
            user(),
            &OneLoginMfaTokenInput {
                expires_in: Some(300),
                reusable: Some(true),
            },
        ))
        .unwrap();
        assert_eq!((m.mfa_token.as_str(), m.reusable), ("55647655", true));

        let r = t.requests();
        assert_eq!(r.len(), 7);
        assert_requests(
            &r,
            &[
                (Method::Get, "/auth_factors", None, "tok-abc"),
                (Method::Get, "/otp_devices", None, "tok-abc"),
                (
                    Method::Post,
                    "/otp_devices",
                    Some(r#"{"factor_id":16282,"display_name":"Phone","number":"+15550001"}"#),
                    "tok-abc",
                ),
                (
                    Method::Post,
                    "/otp_devices/530001/trigger",
                    Some(r#"{"state_token_expires_in":300}"#),
                    "tok-abc",
                ),
                (
                    Method::Post,
                    "/otp_devices/530001/verify",
                    Some(r#"{"state_token":"st-t","otp_token":"123456"}"#),
                    "tok-abc",
                ),
                (Method::Delete, "/otp_devices/530001", None, "tok-abc"),
                (
                    Method::Post,
                    "/mfa_token",
                    Some(r#"{"expires_in":300,"reusable":true}"#),
                    "tok-abc",
                ),
            ],
        );
    }

    #[test]
    fn client_credentials_fetch_once_and_reuse() {
        let t = MockTransport::answering([token("cc-1"), devices(), devices()]);
        let c = cc_client();
        b(c.enrolled_factors(&t, user())).unwrap();
        b(c.enrolled_factors(&t, user())).unwrap();
        let r = t.requests();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].url, format!("{BASE}/auth/oauth2/v2/token"));
        assert_requests(
            &r[1..],
            &[
                (Method::Get, "/otp_devices", None, "cc-1"),
                (Method::Get, "/otp_devices", None, "cc-1"),
            ],
        );
        assert!(!format!("{c:?}").contains("sbx-client-secret"));
    }

    #[test]
    fn a_refused_token_is_renewed_once_and_the_call_retried_once() {
        let t = MockTransport::answering([
            token("old"),
            HttpResponse::new(401, AUTH_FAILURE),
            token("new"),
            devices(),
        ]);
        let c = cc_client();
        assert_eq!(b(c.enrolled_factors(&t, user())).unwrap().len(), 1);
        let r = t.requests();
        assert_eq!(r.len(), 4);
        assert_request(
            &r[1],
            Method::Get,
            "/api/1/users/1001/otp_devices",
            None,
            "old",
        );
        assert!(r[2].url.ends_with("/auth/oauth2/v2/token"));
        assert_request(
            &r[3],
            Method::Get,
            "/api/1/users/1001/otp_devices",
            None,
            "new",
        );

        // A second refusal surfaces: no loop.
        t.push(HttpResponse::new(401, AUTH_FAILURE));
        t.push(token("newer"));
        t.push(HttpResponse::new(401, AUTH_FAILURE));
        let e = b(c.enrolled_factors(&t, user())).unwrap_err();
        assert_eq!((e.code, e.status), (C::Unauthorized, Some(401)));
        assert_eq!(t.requests().len(), 7);
    }

    #[test]
    fn a_verify_refused_for_its_token_is_retried_but_a_wrong_code_is_not() {
        let refused = HttpResponse::new(401, AUTH_FAILURE);
        let ok = HttpResponse::new(200, OK_STATUS);
        let t = MockTransport::answering([token("old"), refused, token("new"), ok]);
        let c = cc_client();
        let input = OneLoginVerifyInput {
            otp_token: Some("123456".into()),
            ..Default::default()
        };
        b(c.verify_factor(&t, user(), &dev(525001.0), &input)).unwrap();
        assert_eq!(t.requests().len(), 4);
        t.push(HttpResponse::new(
            401,
            r#"{"status":{"code":401,"message":"Failed authentication with this factor"}}"#,
        ));
        let e = b(c.verify_factor(&t, user(), &dev(525001.0), &input)).unwrap_err();
        assert_eq!(e.code, C::InvalidCode);
        assert_eq!(t.requests().len(), 5, "no renewal for a wrong code");
    }

    #[test]
    fn an_access_token_client_never_renews() {
        let t = MockTransport::answering([HttpResponse::new(401, AUTH_FAILURE)]);
        let c = bearer_client();
        let e = b(c.enrolled_factors(&t, user())).unwrap_err();
        assert_eq!(
            (e.code, e.provider),
            (C::Unauthorized, Some(crate::MfaProvider::OneLogin))
        );
        assert!(!e.message.contains("tok-abc"));
        assert_eq!(t.requests().len(), 1);
    }

    #[test]
    fn insufficient_permission_is_forbidden_without_renewal() {
        let t = MockTransport::answering([
            token("cc"),
            HttpResponse::new(
                401,
                r#"{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Insufficient Permission"}}"#,
            ),
        ]);
        let c = cc_client();
        let e = b(c.remove_factor(&t, user(), &dev(1.0))).unwrap_err();
        assert_eq!(e.code, C::Forbidden);
        assert_eq!(t.requests().len(), 2);
    }

    #[test]
    fn bad_client_credentials_are_invalid_credentials_and_scrubbed() {
        let t = MockTransport::answering([HttpResponse::new(
            401,
            r#"{"statusCode":401,"name":"InvalidCredentials","message":"bad sbx-client-secret"}"#,
        )]);
        let c = cc_client();
        let e = b(c.enrolled_factors(&t, user())).unwrap_err();
        assert_eq!(e.code, C::InvalidCredentials);
        assert!(!format!("{e:?}{}", e.message).contains("sbx-client-secret"));
        assert_eq!(t.requests().len(), 1);
    }

    #[test]
    fn two_concurrent_calls_share_one_token_request() {
        let t = MockTransport::answering([token("shared"), devices(), devices()]);
        let c = cc_client();
        two_enrolled_at_once(&c, &t);
        let r = t.requests();
        assert_eq!(
            r.iter()
                .filter(|r| r.url.ends_with("/auth/oauth2/v2/token"))
                .count(),
            1
        );
        assert_eq!(r.len(), 3);
        assert!(r[1..]
            .iter()
            .all(|r| r.header_value("authorization") == Some("Bearer shared")));
    }

    #[test]
    fn two_concurrent_refusals_renew_once() {
        let t = MockTransport::answering([token("old")]);
        let c = cc_client();
        b(c.access_token(&t)).unwrap();
        t.push(HttpResponse::new(401, AUTH_FAILURE));
        t.push(HttpResponse::new(401, AUTH_FAILURE));
        t.push(token("new"));
        t.push(devices());
        t.push(devices());
        two_enrolled_at_once(&c, &t);
        let tokens = t
            .requests()
            .iter()
            .filter(|r| r.url.ends_with("/token"))
            .count();
        assert_eq!(
            tokens, 2,
            "the first token, then one renewal for both calls"
        );
    }

    #[test]
    fn available_factors_falls_back_to_the_singular_path() {
        let t = MockTransport::answering([
            HttpResponse::new(
                404,
                r#"{"status":{"error":true,"code":404,"type":"not found","message":"No Route Exists"}}"#,
            ),
            HttpResponse::new(
                200,
                r#"{"data":{"auth_factors":[{"name":"OneLogin SMS","factor_id":16282}]}}"#,
            ),
        ]);
        let c = bearer_client();
        assert_eq!(b(c.available_factors(&t, user())).unwrap().len(), 1);
        let r = t.requests();
        assert!(r[0].url.ends_with("/auth_factors") && r[1].url.ends_with("/auth_factor"));

        t.push(HttpResponse::new(
            404,
            r#"{"status":{"code":404,"message":"User for id 1001 was not found"}}"#,
        ));
        assert_eq!(
            b(c.available_factors(&t, user())).unwrap_err().code,
            C::NotFound
        );
        assert_eq!(
            t.requests().len(),
            3,
            "no fallback when the user is missing"
        );
    }

    #[test]
    fn invalid_input_sends_nothing() {
        let t = MockTransport::new();
        let c = bearer_client();
        let past = OneLoginVerifyInput {
            otp_token: Some("1".into()),
            expires_at: Some(crate::time::format_iso(t.now_ms() - 1.0)),
            ..Default::default()
        };
        let e = b(c.verify_factor(&t, user(), &dev(1.0), &past)).unwrap_err();
        assert_eq!(e.code, C::Expired);
        let bad = OneLoginMfaTokenInput {
            expires_in: Some(0),
            reusable: None,
        };
        assert_eq!(
            b(c.generate_mfa_token(&t, user(), &bad)).unwrap_err().code,
            C::InvalidInput
        );
        assert!(t.requests().is_empty());
    }

    #[test]
    fn a_rate_limit_surfaces_with_its_wait() {
        let t = MockTransport::answering([HttpResponse::new(
            429,
            r#"{"status":{"code":429,"message":"Rate limit exceeded"}}"#,
        )
        .with_header("x-ratelimit-reset", "42")]);
        let c = bearer_client();
        let e = b(c.enrolled_factors(&t, user())).unwrap_err();
        assert_eq!(
            (e.code, e.retry_after_ms, e.status),
            (C::RateLimited, Some(42_000), Some(429))
        );
        assert_eq!(t.requests().len(), 1, "429 is not retried");
    }

    #[test]
    fn proxy_mode_sends_no_authorization_and_never_renews() {
        let t = MockTransport::new();
        let client = Client::new(config(), Credentials::Proxy);
        t.push(HttpResponse::new(401, AUTH_FAILURE));
        let e = b(client.enrolled_factors(&t, user())).unwrap_err();
        assert_eq!(e.code, C::Unauthorized);
        let sent = t.requests();
        assert_eq!(sent.len(), 1, "no token request, no retry");
        assert_eq!(sent[0].header_value("authorization"), None);
    }
}
