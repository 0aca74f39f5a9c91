//! `onEvent`: each [`MfaEvent`] written as a plain JS object and handed to the caller's function,
//! whose throw or rejected promise is ignored and never awaited, so that it cannot change a call.

use super::fetch::FetchTransport;
use super::util::{cast_option, get};
use crate::error::{MfaProvider, Result};
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::ops::OperationName;
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::Function;
use wasm_bindgen::prelude::*;

/// A client's `onEvent`, if it has one (cloned into each call's transport).
#[derive(Clone, Default)]
pub struct Events(Option<Rc<Handler>>);

struct Handler {
    on_event: Function,
    /// The `catch` of a handler's promise: its rejection is not the page's unhandled one (a
    /// closure without arguments, the module's only closure type: JS drops the reason).
    ignore: Closure<dyn FnMut()>,
    /// [`WORDS`], then the operations' and the providers' names, as JS strings made once per
    /// client: an event then decodes no string but a step's status or an error's code.
    words: Vec<JsValue>,
}

/// The keys, then the `type`s (in [`MfaEvent`]'s order), by index.
const WORDS: [&str; 16] = [
    "type",
    "operation",
    "provider",
    "attempt",
    "status",
    "durationMs",
    "reason",
    "delayMs",
    "count",
    "code",
    "request",
    "response",
    "step",
    "retry",
    "poll",
    "error",
];
const TYPE: usize = 0;
const OPERATION: usize = 1;
const PROVIDER: usize = 2;
const ATTEMPT: usize = 3;
const STATUS: usize = 4;
const DURATION: usize = 5;
const REASON: usize = 6;
const DELAY: usize = 7;
const COUNT: usize = 8;
const CODE: usize = 9;
const KINDS: usize = 10;
/// Where the operations' names start in `Handler::words` (the providers' follow them).
const OPERATIONS: usize = WORDS.len();
const PROVIDERS: usize = OPERATIONS + 12;

impl Events {
    /// `options.onEvent`, checked.
    ///
    /// # Errors
    /// `invalid_input` when it is given and not a function.
    pub fn from_options(options: &JsValue) -> Result<Self> {
        let on_event: Option<Function> =
            cast_option(options, "onEvent", "options.onEvent: must be a function")?;
        Ok(Events(on_event.map(|on_event| {
            let providers = [
                MfaProvider::Riffyn,
                MfaProvider::Belvo,
                MfaProvider::OneLogin,
            ];
            let words = WORDS
                .iter()
                .copied()
                .chain(OperationName::all().map(OperationName::as_str))
                .chain(providers.into_iter().map(MfaProvider::as_str))
                .map(JsValue::from_str)
                .collect();
            Rc::new(Handler {
                on_event,
                ignore: Closure::new(|| {}),
                words,
            })
        })))
    }

    /// Calls the handler with `event`; what it throws or returns is dropped.
    pub fn emit(&self, event: MfaEvent) {
        let Some(h) = &self.0 else { return };
        let Ok(returned) = h.on_event.call1(&JsValue::UNDEFINED, &h.to_js(&event)) else {
            return;
        };
        // A thenable (an async handler): its rejection is caught, never awaited.
        if returned.is_object() {
            if let Ok(then) = get(&returned, "then").dyn_into::<Function>() {
                let _ = then.call2(&returned, &JsValue::UNDEFINED, h.ignore.as_ref());
            }
        }
    }
}

impl Handler {
    /// The event as JS reads it (the fields of `MfaEvent`'s `.d.ts`).
    fn to_js(&self, event: &MfaEvent) -> JsValue {
        let o = js_sys::Object::new();
        let set = |key: usize, value: &JsValue| {
            if let Some(key) = self.words.get(key) {
                let _ = js_sys::Reflect::set(&o, key, value);
            }
        };
        let word = |key: usize, i: usize| {
            if let Some(value) = self.words.get(i) {
                set(key, value);
            }
        };
        let num = |key: usize, value: f64| set(key, &JsValue::from(value));
        let text = |key: usize, value: &str| set(key, &JsValue::from_str(value));
        let (kind, operation) = match *event {
            MfaEvent::Request { operation, .. } => (0, operation),
            MfaEvent::Response { operation, .. } => (1, operation),
            MfaEvent::Step { operation, .. } => (2, operation),
            MfaEvent::Retry { operation, .. } => (3, operation),
            MfaEvent::Poll { operation, .. } => (4, operation),
            MfaEvent::Error { operation, .. } => (5, operation),
        };
        word(TYPE, KINDS + kind);
        word(OPERATION, OPERATIONS + operation as usize);
        word(PROVIDER, PROVIDERS + operation.provider() as usize);
        match *event {
            MfaEvent::Request { attempt, .. } => num(ATTEMPT, f64::from(attempt)),
            MfaEvent::Response {
                status,
                duration_ms,
                ..
            } => {
                num(STATUS, f64::from(status));
                num(DURATION, duration_ms);
            }
            MfaEvent::Step { status, .. } => text(STATUS, status),
            MfaEvent::Retry {
                reason, delay_ms, ..
            } => {
                text(REASON, reason.as_str());
                num(DELAY, f64::from(delay_ms));
            }
            MfaEvent::Poll { count, status, .. } => {
                num(COUNT, f64::from(count));
                text(STATUS, status);
            }
            MfaEvent::Error { code, status, .. } => {
                text(CODE, code.as_str());
                if let Some(status) = status {
                    num(STATUS, f64::from(status));
                }
            }
        }
        o.into()
    }
}

/// One call's transport: fetch, and the client's `onEvent`.
pub struct CallTransport {
    /// Sends and waits.
    pub fetch: FetchTransport,
    /// Hears what the call does.
    pub events: Events,
}

impl Transport for CallTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse> {
        self.fetch.send(request).await
    }

    async fn sleep(&self, ms: u32) -> Result<()> {
        self.fetch.sleep(ms).await
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
