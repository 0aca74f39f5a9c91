//! What a call reports while it runs (`onEvent`): the requests it sends, the answers, retries,
//! polls, the step it resolves and the error it rejects with.
//!
//! An event holds only names, counts, statuses and times, all of them `Copy` values or static
//! strings: no code, token, password, state token, session, link or id can reach one, whatever
//! the API answered. The core emits them through [`crate::http::Transport::emit`]; the wasm
//! boundary writes each as a plain JS object.

use crate::error::{MfaErrorCode, MfaProvider};
use crate::ops::OperationName;
use crate::prelude::*;
use crate::text::push_uint;
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
    /// The event as the JSON text of its `.d.ts` shape, for the host's `JSON.parse`: one string
    /// crosses to JS rather than a key and a value per field. Every string in it is one of the
    /// SDK's constants, none needing an escape.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(128);
        let (kind, operation) = match *self {
            MfaEvent::Request { operation, .. } => ("request", operation),
            MfaEvent::Response { operation, .. } => ("response", operation),
            MfaEvent::Step { operation, .. } => ("step", operation),
            MfaEvent::Retry { operation, .. } => ("retry", operation),
            MfaEvent::Poll { operation, .. } => ("poll", operation),
            MfaEvent::Error { operation, .. } => ("error", operation),
        };
        let text = |out: &mut String, key: &str, value: &str| {
            for part in [",\"", key, "\":\"", value, "\""] {
                out.push_str(part);
            }
        };
        let num = |out: &mut String, key: &str, value: u64| {
            for part in [",\"", key, "\":"] {
                out.push_str(part);
            }
            push_uint(out, value, 0);
        };
        out.push_str("{\"type\":\"");
        out.push_str(kind);
        out.push('"');
        text(&mut out, "operation", operation.as_str());
        text(&mut out, "provider", operation.provider().as_str());
        match *self {
            MfaEvent::Request { attempt, .. } => num(&mut out, "attempt", attempt.into()),
            MfaEvent::Response {
                status,
                duration_ms,
                ..
            } => {
                num(&mut out, "status", status.into());
                // Clock readings are whole milliseconds; a clock set back reads as 0.
                num(&mut out, "durationMs", duration_ms.max(0.0) as u64);
            }
            MfaEvent::Step { status, .. } => text(&mut out, "status", status),
            MfaEvent::Retry {
                reason, delay_ms, ..
            } => {
                text(&mut out, "reason", reason.as_str());
                num(&mut out, "delayMs", delay_ms.into());
            }
            MfaEvent::Poll { count, status, .. } => {
                num(&mut out, "count", count.into());
                text(&mut out, "status", status);
            }
            MfaEvent::Error { code, status, .. } => {
                text(&mut out, "code", code.as_str());
                if let Some(status) = status {
                    num(&mut out, "status", status.into());
                }
            }
        }
        out.push('}');
        out
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use OperationName::*;

    #[test]
    fn each_event_is_the_json_of_its_declared_shape() {
        let response = MfaEvent::Response {
            operation: RiffynLogin,
            provider: MfaProvider::Riffyn,
            status: 200,
            duration_ms: 41.0,
        };
        let poll = MfaEvent::Poll {
            operation: OneLoginVerifyFactor,
            provider: MfaProvider::OneLogin,
            count: 3,
            status: "rate_limited",
        };
        let refused = Error::new(MfaErrorCode::Expired, "late");
        let answered = Error::new(MfaErrorCode::InvalidCode, "no").status(401);
        for (event, json) in [
            (
                MfaEvent::request(BelvoResume, 2),
                r#"{"type":"request","operation":"belvo.resume","provider":"belvo","attempt":2}"#,
            ),
            (
                response,
                r#"{"type":"response","operation":"riffyn.login","provider":"riffyn","status":200,"durationMs":41}"#,
            ),
            (
                MfaEvent::step(RiffynVerify, "SUCCESS"),
                r#"{"type":"step","operation":"riffyn.verify","provider":"riffyn","status":"SUCCESS"}"#,
            ),
            (
                MfaEvent::retry(OneLoginEnrolledFactors, MfaErrorCode::ServerError, 250),
                r#"{"type":"retry","operation":"onelogin.enrolledFactors","provider":"onelogin","reason":"server_error","delayMs":250}"#,
            ),
            (
                poll,
                r#"{"type":"poll","operation":"onelogin.verifyFactor","provider":"onelogin","count":3,"status":"rate_limited"}"#,
            ),
            (
                MfaEvent::error(RiffynVerify, &refused),
                r#"{"type":"error","operation":"riffyn.verify","provider":"riffyn","code":"expired"}"#,
            ),
            (
                MfaEvent::error(RiffynVerify, &answered),
                r#"{"type":"error","operation":"riffyn.verify","provider":"riffyn","code":"invalid_code","status":401}"#,
            ),
        ] {
            assert_eq!(event.to_json(), json);
            serde_json::from_str::<serde_json::Value>(json).unwrap();
        }
    }
}
