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
mod wire;

pub use auth::{build_token_request, parse_token, Credentials};
pub use model::*;
pub use poll::{wait_for_push, DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS};

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse, Transport};
use auth::TokenCache;
use std::fmt;

/// An answer and the secrets its request carried.
struct Answer {
    response: HttpResponse,
    secrets: Vec<String>,
}

impl Answer {
    /// Reads the answer; the errors never hold the request's secrets.
    fn read<O>(&self, parse: impl FnOnce(&HttpResponse) -> Result<O>) -> Result<O> {
        parse(&self.response).map_err(|e| e.scrub(&self.secrets))
    }
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

    /// Sends `request` with the access token. With client credentials, a 401 of the bearer
    /// check ([`flow::refuses_token`]: the request was not processed) renews the token and
    /// resends once; nothing else is resent. Not generic over the answer, so that this code
    /// exists once per transport.
    async fn send<T: Transport>(&self, transport: &T, request: &HttpRequest) -> Result<Answer> {
        let renews = matches!(self.credentials, Credentials::ClientCredentials { .. });
        let mut renewed = false;
        loop {
            let token = self.access_token(transport).await?;
            let authorized = match &token {
                Some(token) => flow::authorize(request.clone(), token),
                None => request.clone(),
            };
            let response = crate::flow::send(transport, &authorized)
                .await
                .map_err(|e| e.scrub(&authorized.secrets))?;
            if renews && !renewed && flow::refuses_token(&response) {
                self.cache.invalidate(token.as_deref().unwrap_or_default());
                renewed = true;
                continue;
            }
            return Ok(Answer {
                response,
                secrets: authorized.secrets,
            });
        }
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
        for singular in [false, true] {
            let request = flow::build_available_factors(&self.config, user, singular);
            let answer = self.send(transport, &request).await?;
            if let Some(factors) =
                answer.read(|res| flow::parse_available_factors(res, !singular))?
            {
                return Ok(factors);
            }
        }
        Err(Error::bad_response("no factor list"))
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
        let request = flow::build_enrolled_factors(&self.config, user);
        let answer = self.send(transport, &request).await?;
        answer.read(flow::parse_enrolled_factors)
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
        let request = flow::build_enroll(&self.config, user, input)?;
        let answer = self.send(transport, &request).await?;
        answer.read(flow::parse_enroll)
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
        let request = flow::build_activate(&self.config, user, device, input)?;
        let life = input
            .state_token_expires_in
            .unwrap_or(flow::DEFAULT_STATE_TOKEN_SECS);
        let sent_at = transport.now_ms();
        let answer = self.send(transport, &request).await?;
        answer.read(|res| flow::parse_activate(res, sent_at, life, device.as_number()))
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
        let request = flow::build_verify(&self.config, user, device, input, transport.now_ms())?;
        let answer = self.send(transport, &request).await?;
        answer.read(flow::parse_verify)
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
        let request = flow::build_remove(&self.config, user, device);
        let answer = self.send(transport, &request).await?;
        answer.read(flow::parse_remove)
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
        let request = flow::build_mfa_token(&self.config, user, input)?;
        let answer = self.send(transport, &request).await?;
        answer.read(|res| flow::parse_mfa_token(res, input.reusable))
    }
}

#[cfg(test)]
mod tests;
