//! `onEvent`: each [`MfaEvent`] written as a plain JS object and handed to the caller's function,
//! whose throw or rejected promise is ignored and never awaited, so that it cannot change a call.

use super::fetch::FetchTransport;
use super::util::{cast_option, get};
use crate::error::Result;
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
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
}

impl Events {
    /// `options.onEvent`, checked.
    ///
    /// # Errors
    /// `invalid_input` when it is given and not a function.
    pub fn from_options(options: &JsValue) -> Result<Self> {
        let on_event: Option<Function> =
            cast_option(options, "onEvent", "options.onEvent: must be a function")?;
        Ok(Events(on_event.map(|on_event| {
            Rc::new(Handler {
                on_event,
                ignore: Closure::new(|| {}),
            })
        })))
    }

    /// Calls the handler with `event`; what it throws or returns is dropped. Once in the module.
    #[inline(never)]
    pub fn emit(&self, event: MfaEvent) {
        let Some(h) = &self.0 else { return };
        let Ok(returned) = h.on_event.call1(&JsValue::UNDEFINED, &to_js(&event)) else {
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

/// The event as JS reads it: its JSON ([`MfaEvent::to_json`]) through the host's `JSON.parse`.
/// One string crosses the boundary: a string and a `Reflect.set` per field made `onEvent` cost
/// 15–18% of a step's CPU, this ~0–9% (bench/RESULTS.md).
fn to_js(event: &MfaEvent) -> JsValue {
    js_sys::JSON::parse(&event.to_json()).unwrap_or(JsValue::UNDEFINED)
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
