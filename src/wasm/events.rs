//! `onEvent`: each [`MfaEvent`] handed to the caller's function through `mfaEvent` (js/lib/client.js),
//! which builds the object and drops what the handler throws or rejects with, never awaiting it.

use super::fetch::FetchTransport;
use super::util::cast_option;
use crate::error::Result;
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
use alloc::rc::Rc;
use core::future::Future;
use js_sys::Function;
use wasm_bindgen::prelude::*;

/// A client's `onEvent`, if it has one (cloned into each call's transport).
#[derive(Clone, Default)]
pub struct Events(Option<Rc<Function>>);

// The built package imports client.js beside the glue; wasm-bindgen-test loads it as a snippet.
#[cfg_attr(not(test), wasm_bindgen(raw_module = "./client.js"))]
#[cfg_attr(test, wasm_bindgen(module = "/js/lib/client.js"))]
extern "C" {
    /// Calls `on_event` with the event these values make (js/lib/client.js builds it: one call
    /// per event, where a string and a `Reflect.set` per field cost 15–18% of a step's CPU,
    /// bench/RESULTS.md); what the handler throws or its promise rejects with is dropped there.
    /// `operation` is the index of its name in `ops::ALL` (client.js's `OPERATIONS`, which gives
    /// the provider too), so that an event decodes at most one string (a status, a reason, a code).
    #[wasm_bindgen(js_name = mfaEvent)]
    fn mfa_event(on_event: &Function, kind: u32, operation: u32, n: f64, m: f64, text: &str);
}

impl Events {
    /// `options.onEvent`, checked.
    ///
    /// # Errors
    /// `invalid_input` when it is given and not a function.
    pub fn from_options(options: &JsValue) -> Result<Self> {
        let on_event: Option<Function> =
            cast_option(options, "onEvent", "options.onEvent: must be a function")?;
        Ok(Events(on_event.map(Rc::new)))
    }

    /// Calls the handler with `event` (never awaited; what it throws or returns is dropped).
    /// Once in the module.
    #[inline(never)]
    pub fn emit(&self, event: MfaEvent) {
        if let Some(on_event) = &self.0 {
            call(on_event, &event);
        }
    }
}

/// `mfaEvent(onEvent, kind, operation, n, m, text)`, `kind` in [`MfaEvent`]'s order; an error
/// without a status passes `m` = -1.
fn call(on_event: &Function, event: &MfaEvent) {
    let (kind, operation, n, m, text) = match *event {
        MfaEvent::Request {
            operation, attempt, ..
        } => (0, operation, attempt.into(), 0.0, ""),
        MfaEvent::Response {
            operation,
            status,
            duration_ms,
            ..
        } => (1, operation, status.into(), duration_ms, ""),
        MfaEvent::Step {
            operation, status, ..
        } => (2, operation, 0.0, 0.0, status),
        MfaEvent::Retry {
            operation,
            reason,
            delay_ms,
            ..
        } => (3, operation, delay_ms.into(), 0.0, reason.as_str()),
        MfaEvent::Poll {
            operation,
            count,
            status,
            ..
        } => (4, operation, count.into(), 0.0, status),
        MfaEvent::Error {
            operation,
            code,
            status,
            ..
        } => (
            5,
            operation,
            0.0,
            status.map_or(-1.0, f64::from),
            code.as_str(),
        ),
    };
    mfa_event(on_event, kind, operation as u32, n, m, text);
}

/// One call's transport: fetch, and the client's `onEvent`.
pub struct CallTransport {
    /// Sends and waits.
    pub fetch: FetchTransport,
    /// Hears what the call does.
    pub events: Events,
}

impl Transport for CallTransport {
    // The fetch transport's own futures, not wrapped in another state machine.
    #[allow(clippy::manual_async_fn)]
    fn send(&self, request: &HttpRequest) -> impl Future<Output = Result<HttpResponse>> {
        self.fetch.send(request)
    }

    #[allow(clippy::manual_async_fn)]
    fn sleep(&self, ms: u32) -> impl Future<Output = Result<()>> {
        self.fetch.sleep(ms)
    }

    fn now_ms(&self) -> f64 {
        self.fetch.now_ms()
    }

    fn random(&self) -> f64 {
        self.fetch.random()
    }

    fn emit(&self, event: MfaEvent) {
        self.events.emit(event);
    }
}
