//! A scripted [`Transport`] for native tests: canned answers in, recorded requests out.

use crate::error::{Error, MfaErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Transport};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// Answers requests from a queue and records them; its clock is set by the test.
#[derive(Default)]
pub struct MockTransport {
    answers: RefCell<VecDeque<Result<HttpResponse>>>,
    requests: RefCell<Vec<HttpRequest>>,
    sleeps: RefCell<Vec<u32>>,
    now: Cell<f64>,
    abort_sleeps: Cell<bool>,
}

impl MockTransport {
    /// An empty transport whose clock reads 2026-01-01T00:00:00Z.
    pub fn new() -> Self {
        let t = Self::default();
        t.now.set(1_767_225_600_000.0);
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
}
