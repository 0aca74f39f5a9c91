//! Push polling: verify with the state token alone until the user answers or it expires
//! ("keep polling this endpoint until the state_token expires", digest §2.4).

use super::model::{
    DeviceId, OneLoginActivation, OneLoginVerification, OneLoginVerifyInput, UserId,
};
use super::{Client, Prepared, Reply};
use crate::error::{Error, MfaErrorCode, MfaProvider, Result};
use crate::http::Transport;

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
        match client.exchange(transport, &poll).await {
            Ok(Reply::Verification(OneLoginVerification::Pending { .. })) => transient = 0,
            Err(e) if e.code == MfaErrorCode::RateLimited => {
                let wait = f64::from(e.retry_after_ms.unwrap_or(0)).max(pause);
                if wait > f64::from(MAX_INTERVAL_MS) || transport.now_ms() + wait >= deadline {
                    return Err(e);
                }
                pause = wait;
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
            }
            Err(e) => return Err(e),
        }
        let left = deadline - transport.now_ms();
        if left <= 0.0 {
            return Err(expired());
        }
        transport.sleep(left.min(pause).ceil() as u32).await?;
    }
}

#[cfg(test)]
#[path = "poll_tests.rs"]
mod tests;
