//! What a call reports while it runs (`onEvent`): the requests it sends, the answers, retries,
//! polls, the step it resolves and the error it rejects with.
//!
//! An event holds only names, counts, statuses and times, all of them `Copy` values or static
//! strings: no code, token, password, state token, session, link or id can reach one, whatever
//! the API answered. The core emits them through [`crate::http::Transport::emit`]; the wasm
//! boundary writes each as a plain JS object.

use crate::error::{MfaErrorCode, MfaProvider};
use crate::ops::OperationName;
use tsify::Tsify;

/// An event of a client call, passed to `ClientOptions.onEvent`. `type` tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Tsify)]
#[serde(tag = "type")]
pub enum MfaEvent {
    /// A request is sent (`attempt` counts from 1; a GET retried on 502–504 or a network error
    /// is sent again with the next attempt).
    #[serde(rename = "request", rename_all = "camelCase")]
    Request {
        /// The client call.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// The API it goes to.
        provider: MfaProvider,
        /// 1 for the first send, 2 and 3 for retries.
        attempt: u32,
    },
    /// An answer arrived (any HTTP status, before it is read).
    #[serde(rename = "response", rename_all = "camelCase")]
    Response {
        /// The client call.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// The API that answered.
        provider: MfaProvider,
        /// The HTTP status.
        status: u16,
        /// From the request's send to the whole body read, in ms.
        duration_ms: f64,
    },
    /// The call resolved a step (Riffyn, Belvo, a OneLogin activation or verification).
    #[serde(rename = "step", rename_all = "camelCase")]
    Step {
        /// The client call.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// The API.
        provider: MfaProvider,
        /// `SUCCESS`, `MFA_REQUIRED` (Riffyn), `TOKEN_REQUIRED` (Belvo), `ACTIVATED`,
        /// `VERIFIED`, `PENDING` (OneLogin).
        #[tsify(
            type = "\"SUCCESS\" | \"MFA_REQUIRED\" | \"TOKEN_REQUIRED\" | \"ACTIVATED\" | \"VERIFIED\" | \"PENDING\""
        )]
        status: &'static str,
    },
    /// The call waits, then sends again: a GET after a 502–504 or a network error, or a push
    /// poll after a 429 (its `Retry-After`) or a transient failure.
    #[serde(rename = "retry", rename_all = "camelCase")]
    Retry {
        /// The client call.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// The API.
        provider: MfaProvider,
        /// Why: `server_error`, `network`, `timeout` or `rate_limited`.
        reason: MfaErrorCode,
        /// How long it waits before sending again, in ms.
        delay_ms: u32,
    },
    /// A poll of `waitForPush` was answered.
    #[serde(rename = "poll", rename_all = "camelCase")]
    Poll {
        /// `onelogin.verifyFactor`.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// `onelogin`.
        provider: MfaProvider,
        /// 1 for the first poll (the same count as `onPoll`'s).
        count: u32,
        /// `PENDING`, `VERIFIED`, or the code of the poll's error (e.g. `rate_limited`).
        #[tsify(type = "\"PENDING\" | \"VERIFIED\" | MfaErrorCode")]
        status: &'static str,
    },
    /// The call rejected with this `MfaError` code (inputs refused before sending included).
    #[serde(rename = "error", rename_all = "camelCase")]
    Error {
        /// The client call.
        #[tsify(type = "MfaOperationName")]
        operation: OperationName,
        /// The API.
        provider: MfaProvider,
        /// The `MfaError`'s code.
        code: MfaErrorCode,
        /// The HTTP status that caused it, when an answer came.
        #[tsify(optional)]
        status: Option<u16>,
    },
}

impl MfaEvent {
    /// `request` of `operation`.
    pub fn request(operation: OperationName, attempt: u32) -> Self {
        MfaEvent::Request {
            operation,
            provider: operation.provider(),
            attempt,
        }
    }

    /// `step` of `operation`.
    pub fn step(operation: OperationName, status: &'static str) -> Self {
        MfaEvent::Step {
            operation,
            provider: operation.provider(),
            status,
        }
    }

    /// `retry` of `operation`.
    pub fn retry(operation: OperationName, reason: MfaErrorCode, delay_ms: u32) -> Self {
        MfaEvent::Retry {
            operation,
            provider: operation.provider(),
            reason,
            delay_ms,
        }
    }

    /// `error` of `operation`, from the error the call rejects with.
    pub fn error(operation: OperationName, error: &crate::error::Error) -> Self {
        MfaEvent::Error {
            operation,
            provider: operation.provider(),
            code: error.code,
            status: error.status,
        }
    }
}
