//! A single-threaded shared result: one task computes a value, any number of others await it.
//!
//! Not `Send`: everything runs on one thread (wasm, or a native blocking executor). Borrows of
//! the cells are only held inside `poll`/`set`, never across an `.await`.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

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
            .map(|mut w| core::mem::take(&mut *w))
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
mod tests {
    use super::*;
    use crate::testing::{join2, YieldOnce};

    #[test]
    fn waiters_get_the_value_and_are_woken() {
        let slot = Slot::<u32>::new();
        let s2 = slot.clone();
        let setter = async move {
            YieldOnce::default().await;
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
