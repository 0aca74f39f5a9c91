//! Small helpers shared by the exported clients.

use super::abort::Abortable;
use super::error::to_js;
use super::events::{CallTransport, Events};
use super::options::{Call, CallOptions, Shared};
use crate::error::{Error, MfaProvider, Result};
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::json::Json;
use crate::ops::OperationName;
use crate::prelude::*;
use core::future::Future;
use core::pin::Pin;
use js_sys::Promise;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// A prepared request and how its answer becomes the call's JS result (every client's calls),
/// so that one [`exchange`] serves them all.
pub trait Exchange {
    /// The request to send.
    fn request(&self) -> &HttpRequest;
    /// The API it goes to (set on every error of the call, a network failure's too).
    fn provider(&self) -> MfaProvider;
    /// Sends it: as it is (Riffyn, Belvo), or with OneLogin's access token.
    fn send<'a>(&'a self, transport: &'a CallTransport) -> Reply<'a> {
        Box::pin(crate::exchange::send(transport, self.request()))
    }
    /// Reads the answer that arrived at `now_ms` into the call's result, and the status of the
    /// step it is, if it is one (its `step` event).
    ///
    /// # Errors
    /// The API's errors.
    fn finish(&self, res: &HttpResponse, now_ms: f64) -> Result<(JsValue, Option<&'static str>)>;
}

/// An answer on its way.
pub type Reply<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse>> + 'a>>;

/// Checks the call options and prepares the request synchronously (a refusal rejects and sends
/// nothing), then sends it: how every method that sends one request runs. `op`'s events go to
/// the client's `onEvent`, a refusal's `error` included.
pub fn start<E: Exchange + 'static>(
    shared: &Shared,
    call: Option<Ts<CallOptions>>,
    op: OperationName,
    prepare: impl FnOnce(f64) -> Result<E>,
) -> Promise {
    let transport = match transport(shared, call) {
        Ok(transport) => transport,
        Err(e) => return refuse(&shared.events, op, e),
    };
    match prepare(transport.now_ms()) {
        Ok(prepared) => exchange(transport, Box::new(prepared), op),
        Err(e) => refuse(&shared.events, op, e),
    }
}

/// The call's transport, its options checked: [`start`]'s non-generic part, once in the module
/// rather than inlined into every method.
#[inline(never)]
fn transport(shared: &Shared, call: Option<Ts<CallOptions>>) -> Result<CallTransport> {
    Ok(shared.transport(&Call::from_js(call)?))
}

/// Sends a prepared request and reads its answer: the one async path of the clients' calls
/// (not generic: its future exists once in the module). The errors never hold the secrets
/// the request (and its token) carried.
fn exchange(transport: CallTransport, call: Box<dyn Exchange>, op: OperationName) -> Promise {
    let signal = transport.fetch.signal.clone();
    let events = transport.events.clone();
    promise(
        Box::pin(async move {
            let res = match call.send(&transport).await {
                Ok(res) => res,
                Err(mut e) => {
                    e.provider = e.provider.or(Some(call.provider()));
                    return Err(e.scrub(&call.request().secrets));
                }
            };
            let (value, step) = call
                .finish(&res, transport.now_ms())
                .map_err(|e| e.scrub(&res.secrets))?;
            if let Some(status) = step {
                transport.emit(MfaEvent::step(op, status));
            }
            Ok(value)
        }),
        signal,
        Some((events, op)),
    )
}

/// Every call's work as one future type, so that the promise glue exists once in the module.
pub type Job = Pin<Box<dyn Future<Output = Result<JsValue>>>>;

/// Runs a call as a JS promise; every rejection is an `MfaError`, reported to `report`'s
/// `onEvent` as `error` of its operation (an abort too). When `signal` fires the promise
/// rejects with `aborted` at once, whatever the call was waiting for.
pub fn promise(
    job: Job,
    signal: Option<AbortSignal>,
    report: Option<(Events, OperationName)>,
) -> Promise {
    let call = Abortable::new(job, signal);
    wasm_bindgen_futures::future_to_promise(async move {
        call.await.map_err(|e| match &report {
            Some((events, op)) => refused(events, *op, e),
            None => to_js(e),
        })
    })
}

/// `error` reported, then the error as JS.
fn refused(events: &Events, op: OperationName, error: Error) -> JsValue {
    events.emit(MfaEvent::error(op, &error));
    to_js(error)
}

/// A rejected promise for a call refused before anything was sent, its `error` reported.
pub fn refuse(events: &Events, op: OperationName, error: Error) -> Promise {
    Promise::reject(&refused(events, op, error))
}

/// A plain JS object written field by field: every output is built with it (by the writers
/// `crate::output::output!` makes) rather than serde's serializer (whose derives, key cache and
/// hash map cost ~2 KB brotli per module).
pub struct JsObject(js_sys::Object);

impl JsObject {
    /// An empty object.
    pub fn new() -> Self {
        JsObject(js_sys::Object::new())
    }

    /// Sets `key` (a plain assignment on a fresh object: it cannot throw).
    pub fn set(&self, key: &str, value: &JsValue) -> &Self {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    /// Sets a string field.
    pub fn str(&self, key: &str, value: &str) -> &Self {
        self.set(key, &JsValue::from_str(value))
    }

    /// The object.
    pub fn into_js(self) -> JsValue {
        self.0.into()
    }
}

/// `value` as a plain JS value through serde (the proxy's operation and result).
///
/// # Errors
/// `bad_response` if the value cannot be represented (should not happen).
#[cfg(feature = "proxy")]
pub fn to_value<T: serde::Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::bad_response("the result could not be converted"))
}

/// A caller's argument as a [`Json`] tree, read without running anything that could throw
/// through Rust; `crate::input::Fields` then checks it field by field.
pub fn json<T: Tsify>(value: &Ts<T>) -> Json
where
    T::JsType: JsCast,
{
    Json::from_js(&value.js_value())
}

/// `target[key]`; `undefined` when it is `null` or when the lookup throws (a getter, a proxy, a
/// target that is not an object).
pub fn get(target: &JsValue, key: &str) -> JsValue {
    super::sys::get(target, &JsValue::from_str(key))
        .ok()
        .flatten()
        .unwrap_or(JsValue::UNDEFINED)
}

/// Sets a property of a plain object built for JS (cheaper in the module than serializing).
pub fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// An option: the caller's own property `key` of `target`, `undefined` when it is absent, `null` or
/// only inherited (a polluted `Object.prototype` must not switch on `dangerouslyAllowBrowser`),
/// or when reading it throws. Every option is read through here or through `Json::from_js`
/// (own enumerable properties).
pub fn own(target: &JsValue, key: &str) -> JsValue {
    match super::sys::own_property(target, &JsValue::from_str(key)) {
        true => get(target, key),
        false => JsValue::UNDEFINED,
    }
}

/// An optional option (`undefined` or `null`: absent), converted by `read`; a value `read`
/// refuses is `message`. The one reader of a caller's optional option.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn option_of<T>(
    options: &JsValue,
    key: &str,
    message: &'static str,
    read: impl FnOnce(JsValue) -> Option<T>,
) -> Result<Option<T>> {
    match own(options, key) {
        v if v.is_undefined() || v.is_null() => Ok(None),
        v => read(v)
            .map(Some)
            .ok_or_else(|| Error::invalid_input(message)),
    }
}

/// An optional string option; anything else is `message`.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn string_option(
    options: &JsValue,
    key: &str,
    message: &'static str,
) -> Result<Option<String>> {
    option_of(options, key, message, |v| v.as_string())
}

/// An optional function or `AbortSignal` option (any `JsCast` type); anything else is `message`.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn cast_option<T: JsCast>(
    options: &JsValue,
    key: &str,
    message: &'static str,
) -> Result<Option<T>> {
    option_of(options, key, message, |v| v.dyn_into().ok())
}

/// An optional boolean option, `false` when absent; anything else is `message`.
///
/// # Errors
/// `invalid_input` with `message`.
pub fn bool_option(options: &JsValue, key: &str, message: &'static str) -> Result<bool> {
    option_of(options, key, message, |v| v.as_bool()).map(|b| b == Some(true))
}

#[cfg(test)]
mod tests {
    //! wasm-bindgen-test (Node and headless Chromium).

    use super::*;
    use crate::testing::stringify;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn js_object_writes_fields_in_order() {
        let nested = JsObject::new();
        nested.str("a", "b");
        let o = JsObject::new();
        o.str("status", "MFA_REQUIRED")
            .set("id", &JsValue::from(526001.0))
            .set("flag", &JsValue::FALSE)
            .set("nested", &nested.into_js());
        let value = o.into_js();
        assert_eq!(
            stringify(&value),
            r#"{"status":"MFA_REQUIRED","id":526001,"flag":false,"nested":{"a":"b"}}"#
        );
        // A plain object: no prototype tricks.
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        assert_eq!(keys.length(), 4);
    }

    #[wasm_bindgen_test]
    fn get_and_own_never_throw_and_read_own_properties_only() {
        let proto = js_sys::eval(
            "Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } })",
        )
        .unwrap();
        assert_eq!(own(&proto, "own").as_f64(), Some(2.0));
        assert!(own(&proto, "inherited").is_undefined());
        assert_eq!(get(&proto, "inherited").as_f64(), Some(1.0));
        for target in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from(5)] {
            assert!(get(&target, "x").is_undefined());
            assert!(own(&target, "x").is_undefined());
        }
        let throwing = js_sys::eval("({ get x() { throw new Error('x'); } })").unwrap();
        let live = wasm_bindgen::externref_heap_live_count();
        for _ in 0..1000 {
            assert!(get(&throwing, "x").is_undefined());
            assert!(own(&throwing, "x").is_undefined());
            assert!(get(&JsValue::UNDEFINED, "code").is_undefined());
        }
        assert_eq!(wasm_bindgen::externref_heap_live_count(), live);
    }
}
