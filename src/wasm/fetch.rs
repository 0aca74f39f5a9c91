//! The wasm [`Transport`]: the global (or an injected) `fetch`, an `AbortController` per request
//! tied to the caller's signal and a timer, and a body read with a size cap.
//!
//! Like reqwest's wasm client, the timer and the signal listener live in a guard whose `Drop`
//! clears them, so no timer keeps Node alive and no listener piles up on a long-lived signal.

use super::sys::call;
use super::util::{get, set};
use crate::error::{Error, MfaErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Transport, READ_HEADERS};
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::Cell;
use js_sys::{Array, Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Bodies larger than this are refused (`bad_response`): no API here sends more.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[wasm_bindgen]
extern "C" {
    // Bound with `JsValue` handles: Node's timers are objects, browsers' are numbers.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// One call's transport: created per call from the client's options and the `CallOptions`.
pub struct FetchTransport {
    /// An injected `fetch`; `None` = the global one.
    pub fetch: Option<Function>,
    /// Per-request timeout; 0 = none.
    pub timeout_ms: u32,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
}

/// Why the controller fired.
#[derive(Clone, Copy, PartialEq)]
enum Fired {
    No,
    Timeout,
    Caller,
}

/// Owns the timer and the listener on the caller's signal; dropping it clears both.
struct AbortGuard {
    controller: AbortController,
    fired: Rc<Cell<Fired>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
    listener: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    /// The body was read to its end: nothing is left to cancel on drop.
    finished: bool,
}

impl AbortGuard {
    fn new(timeout_ms: u32, signal: Option<&AbortSignal>) -> Result<Self> {
        let controller = AbortController::new()
            .map_err(|_| Error::new(MfaErrorCode::Network, "AbortController is not available"))?;
        let fired = Rc::new(Cell::new(Fired::No));
        let mut guard = AbortGuard {
            controller,
            fired,
            timer: None,
            listener: None,
            finished: false,
        };
        if let Some(signal) = signal {
            let (ctrl, fired) = (guard.controller.clone(), guard.fired.clone());
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                if fired.get() == Fired::No {
                    fired.set(Fired::Caller);
                }
                ctrl.abort();
            });
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            guard.listener = Some((signal.clone(), on_abort));
        }
        if timeout_ms > 0 {
            let (ctrl, fired) = (guard.controller.clone(), guard.fired.clone());
            let on_timeout = Closure::<dyn FnMut()>::new(move || {
                if fired.get() == Fired::No {
                    fired.set(Fired::Timeout);
                }
                ctrl.abort();
            });
            let handle = set_timeout(on_timeout.as_ref().unchecked_ref(), f64::from(timeout_ms));
            guard.timer = Some((handle, on_timeout));
        }
        Ok(guard)
    }

    /// The error for a rejected fetch or body read.
    fn failure(&self, what: &'static str) -> Error {
        match self.fired.get() {
            Fired::Timeout => Error::new(MfaErrorCode::Timeout, "the request timed out"),
            Fired::Caller => Error::new(MfaErrorCode::Aborted, "the request was aborted"),
            Fired::No => Error::new(MfaErrorCode::Network, what),
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some((handle, _)) = self.timer.take() {
            clear_timeout(&handle);
        }
        if let Some((signal, on_abort)) = self.listener.take() {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        // Cancels a body still streaming when the caller stops early (an abort costs a
        // DOMException in Node, so a finished exchange skips it).
        if !self.finished {
            self.controller.abort();
        }
    }
}

/// A failed fetch as a diagnosable `network` error: the message names the host (and, in a
/// page, the likely reason: CORS or the network), the host's own error is kept as `cause`
/// (scrubbed of the request's secrets by `exchange::exchange` like every field). Timeouts and
/// aborts pass through.
fn network_error(error: Error, url: &str, thrown: &JsValue) -> Error {
    if error.code != MfaErrorCode::Network {
        return error;
    }
    // What `url.split("://").nth(1)` gives, without std's substring search (`crate::text`).
    let host = crate::text::split_once(url, "://")
        .map(|(_, rest)| crate::text::split_once(rest, "://").map_or(rest, |(h, _)| h))
        .and_then(|rest| crate::text::split(rest, "/").next())
        .unwrap_or(url);
    let reason = match super::options::in_browser() {
        true => " failed: blocked by CORS or the network",
        false => " failed (network error)",
    };
    Error::new(
        MfaErrorCode::Network,
        crate::text::concat(&["the request to ", host, reason]),
    )
    .cause(describe(thrown))
}

/// The message of a thrown value, with its own `cause`'s `code` or `message` (Node's `fetch
/// failed` keeps the socket error there: `ECONNREFUSED`, a TLS alert…).
fn describe(thrown: &JsValue) -> Option<String> {
    let text = |v: &JsValue, key: &str| get(v, key).as_string();
    let message = text(thrown, "message")?;
    let inner = get(thrown, "cause");
    Some(
        match text(&inner, "code").or_else(|| text(&inner, "message")) {
            Some(more) => crate::text::concat(&[&message, " (", &more, ")"]),
            None => message,
        },
    )
}

fn aborted() -> Error {
    Error::new(MfaErrorCode::Aborted, "the request was aborted")
}

impl FetchTransport {
    fn fetch_fn(&self) -> Result<(Function, JsValue)> {
        let global = js_sys::global();
        match &self.fetch {
            Some(f) => Ok((f.clone(), JsValue::UNDEFINED)),
            None => get(&global, "fetch")
                .dyn_into::<Function>()
                .map(|f| (f, global.into()))
                .map_err(|_| Error::new(MfaErrorCode::Network, "no global fetch in this host")),
        }
    }

    async fn read_body(&self, response: &JsValue, guard: &AbortGuard) -> Result<String> {
        let too_large = || Error::bad_response("the response body is too large");
        let body = get(response, "body");
        if body.is_null() || body.is_undefined() {
            // A Response-like object without a stream (some injected fetches).
            let text = match get(response, "text").dyn_into::<Function>() {
                Ok(f) => call(&f, response, &Array::new())
                    .map_err(|_| guard.failure("reading the body failed"))?,
                Err(_) => return Ok(String::new()),
            };
            let text = JsFuture::from(Promise::resolve(&text))
                .await
                .map_err(|_| guard.failure("reading the body failed"))?;
            let text = text.as_string().unwrap_or_default();
            return if text.len() > MAX_BODY_BYTES {
                Err(too_large())
            } else {
                Ok(text)
            };
        }
        let reader = get(&body, "getReader")
            .dyn_into::<Function>()
            .and_then(|f| call(&f, &body, &Array::new()))
            .map_err(|_| Error::bad_response("the response body cannot be read"))?;
        let read = get(&reader, "read")
            .dyn_into::<Function>()
            .map_err(|_| Error::bad_response("the response body cannot be read"))?;
        let mut bytes: Vec<u8> = Vec::new();
        loop {
            let chunk = call(&read, &reader, &Array::new())
                .map_err(|_| guard.failure("reading the body failed"))?;
            let chunk = JsFuture::from(Promise::resolve(&chunk))
                .await
                .map_err(|_| guard.failure("reading the body failed"))?;
            if get(&chunk, "done").is_truthy() {
                break;
            }
            let value = get(&chunk, "value");
            let Some(array) = value.dyn_ref::<Uint8Array>() else {
                return Err(Error::bad_response("the response body is not bytes"));
            };
            let len = array.length() as usize;
            if bytes.len() + len > MAX_BODY_BYTES {
                if let Ok(cancel) = get(&reader, "cancel").dyn_into::<Function>() {
                    let _ = call(&cancel, &reader, &Array::new());
                }
                return Err(too_large());
            }
            let start = bytes.len();
            bytes.resize(start + len, 0);
            if let Some(dest) = bytes.get_mut(start..) {
                array.copy_to(dest);
            }
        }
        Ok(crate::text::utf8_lossy(bytes))
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let (fetch, this) = self.fetch_fn()?;
        let mut guard = AbortGuard::new(self.timeout_ms, self.signal.as_ref())?;
        let init = Object::new();
        set(&init, "method", &JsValue::from_str(request.method.as_str()));
        let headers = Object::new();
        for (name, value) in &request.headers {
            set(&headers, name, &JsValue::from_str(value));
        }
        set(&init, "headers", &headers);
        if let Some(body) = &request.body {
            set(&init, "body", &JsValue::from_str(body));
        }
        set(&init, "signal", &guard.controller.signal());
        // Never follow a redirect (an injected fetch gets the same init): the 3xx comes back
        // and `exchange::send` ends the call, so nothing goes to a location the caller did not name.
        set(&init, "redirect", &JsValue::from_str("manual"));
        let args = Array::of2(&JsValue::from_str(&request.url), &init);
        let pending = call(&fetch, &this, &args)
            .map_err(|e| network_error(guard.failure(""), &request.url, &e))?;
        let response = JsFuture::from(Promise::resolve(&pending))
            .await
            .map_err(|e| network_error(guard.failure(""), &request.url, &e))?;
        // A browser's opaque redirect (status 0), or an injected fetch that followed anyway:
        // the answer is not the named origin's.
        if get(&response, "type").as_string().as_deref() == Some("opaqueredirect")
            || get(&response, "redirected").is_truthy()
        {
            return Err(crate::exchange::redirect_error());
        }
        let status = get(&response, "status")
            .as_f64()
            .filter(|s| (100.0..=599.0).contains(s))
            .ok_or_else(|| Error::bad_response("fetch did not return a Response"))?
            as u16;
        let mut out = HttpResponse::new(status, String::new());
        let headers = get(&response, "headers");
        if let Ok(get_header) = get(&headers, "get").dyn_into::<Function>() {
            for name in READ_HEADERS {
                if let Ok(v) = call(&get_header, &headers, &Array::of1(&JsValue::from_str(name))) {
                    if let Some(v) = v.as_string() {
                        out.headers.push((name.to_string(), v));
                    }
                }
            }
        }
        out.body = self
            .read_body(&response, &guard)
            .await
            .map_err(|e| e.status(status))?;
        guard.finished = true;
        Ok(out)
    }

    async fn sleep(&self, ms: u32) -> Result<()> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        // The guard's timer fires `Timeout` after `ms`: here that is the normal end of the wait.
        let mut guard = AbortGuard::new(ms.max(1), self.signal.as_ref())?;
        // `new_typed`, the constructor js-sys's futures use: one `new Promise` import, not two.
        let done = Promise::new_typed::<JsValue>(&mut |resolve, _reject| {
            let _ = guard
                .controller
                .signal()
                .add_event_listener_with_callback("abort", resolve.unchecked_ref());
        });
        let _ = JsFuture::from(done).await;
        guard.finished = true;
        match guard.fired.get() {
            Fired::Caller => Err(aborted()),
            _ => Ok(()),
        }
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

#[cfg(test)]
mod tests {
    //! The transport's error paths over injected `fetch` functions (wasm-bindgen-test: Node and
    //! headless Chromium): each failure is the right `MfaError` code and keeps no table slot.

    use super::*;
    use crate::http::Method;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fetch_of(body: &str) -> Function {
        Function::new_with_args("url, init", body)
    }

    fn transport(body: &str, timeout_ms: u32, signal: Option<AbortSignal>) -> FetchTransport {
        FetchTransport {
            fetch: Some(fetch_of(body)),
            timeout_ms,
            signal,
        }
    }

    async fn send(t: &FetchTransport) -> Result<HttpResponse> {
        let request = HttpRequest::new(Method::Post, "https://api.example.test/v1/auth".into());
        t.send(&request).await
    }

    async fn failure(body: &str, timeout_ms: u32) -> Error {
        match send(&transport(body, timeout_ms, None)).await {
            Err(e) => e,
            Ok(res) => panic!("{body}: answered {}", res.status),
        }
    }

    const FAILURES: [(&str, MfaErrorCode); 8] = [
        (
            "throw new TypeError('Failed to fetch')",
            MfaErrorCode::Network,
        ),
        (
            "return Promise.reject(new TypeError('fetch failed'))",
            MfaErrorCode::Network,
        ),
        ("return Promise.reject(undefined)", MfaErrorCode::Network),
        ("return 42", MfaErrorCode::BadResponse),
        ("return { status: 600 }", MfaErrorCode::BadResponse),
        (
            "return { status: 0, type: 'opaqueredirect' }",
            MfaErrorCode::BadResponse,
        ),
        (
            "return { status: 200, redirected: true }",
            MfaErrorCode::BadResponse,
        ),
        (
            "return { status: 200, text() { throw new Error('x'); } }",
            MfaErrorCode::Network,
        ),
    ];

    #[wasm_bindgen_test]
    async fn each_failure_is_its_code() {
        for (body, code) in FAILURES {
            assert_eq!(failure(body, 0).await.code, code, "{body}");
        }
        let e = failure(
            "throw new TypeError('Failed to fetch', { cause: { code: 'ECONNREFUSED' } })",
            0,
        )
        .await;
        assert!(e.message.contains("api.example.test"), "{}", e.message);
        assert_eq!(e.cause.as_deref(), Some("Failed to fetch (ECONNREFUSED)"));
        let never = "return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)))";
        assert_eq!(failure(never, 5).await.code, MfaErrorCode::Timeout);
        let controller = AbortController::new().unwrap();
        controller.abort();
        let aborted = send(&transport(never, 0, Some(controller.signal()))).await;
        assert_eq!(aborted.err().map(|e| e.code), Some(MfaErrorCode::Aborted));
    }

    #[wasm_bindgen_test]
    async fn bodies_are_read_and_capped() {
        let ok = send(&transport(
            "return new Response('{\"a\":1}', { status: 401 })",
            0,
            None,
        ))
        .await
        .unwrap();
        assert_eq!((ok.status, ok.body.as_str()), (401, "{\"a\":1}"));
        let huge = "return new Response('x'.repeat(1024 * 1024 + 1), { status: 200 })";
        let e = failure(huge, 0).await;
        assert_eq!((e.code, e.status), (MfaErrorCode::BadResponse, Some(200)));
    }

    #[wasm_bindgen_test]
    async fn failing_sends_keep_no_table_slot() {
        let _ = failure(FAILURES[0].0, 0).await;
        let live = wasm_bindgen::externref_heap_live_count();
        for _ in 0..200 {
            for (body, _) in FAILURES {
                let _ = failure(body, 0).await;
            }
            let _ = send(&transport(
                "return new Response('<html>', { status: 500 })",
                0,
                None,
            ))
            .await;
        }
        assert_eq!(wasm_bindgen::externref_heap_live_count(), live);
    }
}
