//! A single-threaded shared result: one task computes a value, any number of others await it.
//!
//! Not `Send`: everything runs on one thread (wasm, or a native blocking executor). Borrows of
//! the cells are only held inside `poll`/`set`, never across an `.await`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A value set once, awaited by many.
pub(crate) struct Slot<T> {
    value: RefCell<Option<T>>,
    wakers: RefCell<Vec<Waker>>,
}

impl<T: Clone> Slot<T> {
    /// An empty slot.
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Slot {
            value: RefCell::new(None),
            wakers: RefCell::new(Vec::new()),
        })
    }

    /// Stores the value (the first one wins) and wakes every waiter.
    pub(crate) fn set(&self, value: T) {
        if let Ok(mut slot) = self.value.try_borrow_mut() {
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        let wakers = self
            .wakers
            .try_borrow_mut()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        for waker in wakers {
            waker.wake();
        }
    }

    /// Whether a value was stored.
    pub(crate) fn is_set(&self) -> bool {
        self.value
            .try_borrow()
            .map(|v| v.is_some())
            .unwrap_or(false)
    }

    /// A future resolving to a clone of the value.
    pub(crate) fn wait(self: &Rc<Self>) -> Wait<T> {
        Wait { slot: self.clone() }
    }
}

/// Resolves when the slot is set.
pub(crate) struct Wait<T> {
    slot: Rc<Slot<T>>,
}

impl<T: Clone> Future for Wait<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if let Ok(value) = self.slot.value.try_borrow() {
            if let Some(v) = value.as_ref() {
                return Poll::Ready(v.clone());
            }
        }
        if let Ok(mut wakers) = self.slot.wakers.try_borrow_mut() {
            if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
                wakers.push(cx.waker().clone());
            }
        }
        Poll::Pending
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A hand-written join and a counting waker, for tests that poll futures side by side.
    use crate::error::Result;
    use crate::http::{HttpRequest, HttpResponse, Transport};
    use crate::testing::MockTransport;
    use std::future::Future;
    use std::pin::pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    /// Counts wake-ups.
    #[derive(Default)]
    pub(crate) struct CountingWaker(pub AtomicUsize);

    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Polls both futures in turn until both are done (at most `limit` rounds); returns the
    /// outputs and how often each waker was woken.
    pub(crate) fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output, usize, usize) {
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
    pub(crate) struct Yielding<'a>(pub &'a MockTransport);

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
    pub(crate) struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::join2;
    use super::*;

    #[test]
    fn waiters_get_the_value_and_are_woken() {
        let slot = Slot::<u32>::new();
        let s2 = slot.clone();
        let setter = async move {
            super::testing::YieldOnce::default().await;
            s2.set(7);
            s2.set(8); // ignored: the first value wins
            1
        };
        let (one, seven, _, woken) = join2(setter, slot.wait());
        assert_eq!((one, seven), (1, 7));
        assert_eq!(woken, 1, "the waiter is woken exactly once");
        assert!(slot.is_set());
        assert_eq!(pollster::block_on(slot.wait()), 7);
    }
}
