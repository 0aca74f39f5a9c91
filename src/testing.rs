//! A scripted [`Transport`] for native tests: canned answers in, recorded requests out.

use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, Result};
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::prelude::*;
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::task::Wake;
use core::cell::{Cell, RefCell};
use core::{
    future::Future,
    pin::pin,
    sync::atomic::{AtomicUsize, Ordering},
    task::{Context, Poll, Waker},
};

/// Answers requests from a queue and records them; its clock is set by the test.
#[derive(Default)]
pub struct MockTransport {
    answers: RefCell<VecDeque<Result<HttpResponse>>>,
    requests: RefCell<Vec<HttpRequest>>,
    sleeps: RefCell<Vec<u32>>,
    now: Cell<f64>,
    abort_sleeps: Cell<bool>,
    events: RefCell<Vec<MfaEvent>>,
}

impl MockTransport {
    /// An empty transport whose clock reads 2026-01-01T00:00:00Z.
    pub fn new() -> Self {
        let t = Self::default();
        t.now.set(1_767_225_600_000.0);
        t
    }

    /// A transport with these answers queued.
    pub fn answering(answers: impl IntoIterator<Item = HttpResponse>) -> Self {
        let t = Self::new();
        t.answers.borrow_mut().extend(answers.into_iter().map(Ok));
        t
    }

    /// Queues an answer.
    pub fn push(&self, response: HttpResponse) {
        self.answers.borrow_mut().push_back(Ok(response));
    }

    /// Queues a transport failure.
    pub fn push_err(&self, error: Error) {
        self.answers.borrow_mut().push_back(Err(error));
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.borrow().clone()
    }

    /// The waits asked for so far, in ms.
    pub fn sleeps(&self) -> Vec<u32> {
        self.sleeps.borrow().clone()
    }

    /// Sets the clock.
    pub fn set_now(&self, ms: f64) {
        self.now.set(ms);
    }

    /// The events emitted so far.
    pub fn events(&self) -> Vec<MfaEvent> {
        self.events.borrow().clone()
    }

    /// Makes every later `sleep` fail with `aborted`, like a fired signal.
    pub fn abort_sleeps(&self) {
        self.abort_sleeps.set(true);
    }
}

impl Transport for MockTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse> {
        self.requests.borrow_mut().push(request.clone());
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Err(Error::new(MfaErrorCode::Network, "no scripted answer")))
    }

    async fn sleep(&self, ms: u32) -> Result<()> {
        if self.abort_sleeps.get() {
            return Err(Error::new(MfaErrorCode::Aborted, "aborted"));
        }
        self.sleeps.borrow_mut().push(ms);
        self.now.set(self.now.get() + f64::from(ms));
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn emit(&self, event: MfaEvent) {
        self.events.borrow_mut().push(event);
    }
}

/// A client configuration for tests: `base_url` and extra headers.
///
/// # Panics
/// On a bad URL (tests only).
#[allow(clippy::unwrap_used)]
pub fn config(base_url: &str, headers: &[(&str, &str)]) -> ClientConfig {
    let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string()));
    ClientConfig::new(base_url, headers.collect(), false).unwrap()
}

// A hand-written join and a counting waker, for tests that poll futures side by side.

/// Counts wake-ups.
#[derive(Default)]
pub struct CountingWaker(pub AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls both futures in turn until both are done (at most 1000 rounds); returns the
/// outputs and how often each waker was woken.
///
/// # Panics
/// When a future is still pending after the last round.
#[allow(clippy::expect_used)]
pub fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output, usize, usize) {
    let (wa, wb) = (
        Arc::new(CountingWaker::default()),
        Arc::new(CountingWaker::default()),
    );
    let (waker_a, waker_b) = (Waker::from(wa.clone()), Waker::from(wb.clone()));
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    for _ in 0..1000 {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(&mut Context::from_waker(&waker_a)) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(&mut Context::from_waker(&waker_b)) {
                rb = Some(v);
            }
        }
        if let (Some(_), Some(_)) = (&ra, &rb) {
            break;
        }
    }
    (
        ra.expect("first future never finished"),
        rb.expect("second future never finished"),
        wa.0.load(Ordering::SeqCst),
        wb.0.load(Ordering::SeqCst),
    )
}

/// A [`MockTransport`] whose `send` first yields once, like real I/O, so that futures
/// polled side by side interleave.
pub struct Yielding<'a>(pub &'a MockTransport);

impl Transport for Yielding<'_> {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse> {
        YieldOnce::default().await;
        self.0.send(request).await
    }
    async fn sleep(&self, ms: u32) -> Result<()> {
        self.0.sleep(ms).await
    }
    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }
}

/// Returns `Pending` once (waking itself), then `Ready`: a stand-in for real I/O.
#[derive(Default)]
pub struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: core::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// `JSON.stringify(value)`: what the wasm-bindgen tests compare a written JS value by.
#[cfg(target_arch = "wasm32")]
pub fn stringify(value: &wasm_bindgen::JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
