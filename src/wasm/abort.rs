//! A call ends the moment its `AbortSignal` fires, whatever it is waiting for (a fetch, a
//! backoff, another call's token request): the call's future races the signal and, when the
//! signal wins, is dropped, which cancels its in-flight fetch through the transport's guard.

use crate::error::{Error, MfaErrorCode, Result};
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Resolves when the signal fires; its listener is removed when dropped.
struct Fired {
    signal: AbortSignal,
    state: Rc<(Cell<bool>, RefCell<Option<Waker>>)>,
    listener: Closure<dyn FnMut()>,
}

impl Fired {
    fn new(signal: AbortSignal) -> Self {
        let state = Rc::new((Cell::new(false), RefCell::new(None::<Waker>)));
        let on_abort = state.clone();
        let listener = Closure::<dyn FnMut()>::new(move || {
            on_abort.0.set(true);
            if let Ok(mut waker) = on_abort.1.try_borrow_mut() {
                if let Some(w) = waker.take() {
                    w.wake();
                }
            }
        });
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        Fired {
            signal,
            state,
            listener,
        }
    }

    fn poll_fired(&self, cx: &mut Context<'_>) -> bool {
        if self.state.0.get() || self.signal.aborted() {
            return true;
        }
        if let Ok(mut waker) = self.state.1.try_borrow_mut() {
            *waker = Some(cx.waker().clone());
        }
        false
    }
}

impl Drop for Fired {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// A call's work, raced against its signal.
pub struct Abortable {
    job: Pin<Box<dyn Future<Output = Result<JsValue>>>>,
    fired: Option<Fired>,
}

impl Abortable {
    /// `job`, ended with `aborted` as soon as `signal` fires.
    pub fn new(
        job: Pin<Box<dyn Future<Output = Result<JsValue>>>>,
        signal: Option<AbortSignal>,
    ) -> Self {
        Abortable {
            job,
            fired: signal.map(Fired::new),
        }
    }
}

impl Future for Abortable {
    type Output = Result<JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Poll::Ready(out) = this.job.as_mut().poll(cx) {
            return Poll::Ready(out);
        }
        if this.fired.as_ref().is_some_and(|f| f.poll_fired(cx)) {
            return Poll::Ready(Err(Error::new(
                MfaErrorCode::Aborted,
                "the request was aborted",
            )));
        }
        Poll::Pending
    }
}
