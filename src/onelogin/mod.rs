//! OneLogin API v1 MFA: available factors, enrolled devices, enrol, trigger (activate), verify
//! by OTP or push, remove, and the temporary MFA token, under `{baseUrl}/api/1/users/{user_id}/…`.
//!
//! A [`Client`] holds its configuration and its access token (cached when it was obtained with
//! client credentials); every call takes the [`Transport`] to send over. With client
//! credentials, a 401 "Authentication Failure" (the bearer check refusing the token: the request
//! was not processed) makes the client renew its token once and retry the call once; no other
//! answer is ever replayed.

mod auth;
pub mod flow;
pub mod model;
mod poll;
mod shared;
mod status;
mod wire;

pub use auth::{build_token_request, parse_token, Credentials};
pub use model::*;
pub use poll::{wait_for_push, DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS};

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse, Transport};
use auth::TokenCache;
use std::fmt;

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
                .get(transport, &self.config, client_id, client_secret)
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
                Some(fallback) if !std::ptr::eq(request, fallback) && flow::no_route(&response) => {
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
mod tests;
