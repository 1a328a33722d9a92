//! Turns at slow work (hashing a password, asking the tile service): at most so many run
//! at once and at most so many wait; whoever comes when the queue is full is refused at
//! once, so a flood of requests cannot make everyone wait without end (server only).

use tokio::sync::Semaphore;

/// Turns at slow work: at most `at_once` run, at most `waiting` wait, and whoever comes
/// when that many wait is refused at once instead of queueing without end.
pub struct Turns {
    slots: Semaphore,
    waiting: std::sync::atomic::AtomicUsize,
    most_waiting: usize,
}

/// A turn at the work; the slot is free again when it is dropped.
pub struct Turn<'a> {
    _slot: tokio::sync::SemaphorePermit<'a>,
}

impl Turns {
    pub const fn new(at_once: usize, waiting: usize) -> Turns {
        Turns {
            slots: Semaphore::const_new(at_once),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            most_waiting: waiting,
        }
    }

    /// Waits for a turn, or `None` at once when the queue is full.
    pub async fn take(&self) -> Option<Turn<'_>> {
        use std::sync::atomic::Ordering;
        if let Ok(slot) = self.slots.try_acquire() {
            return Some(Turn { _slot: slot });
        }
        self.waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |waiting| {
                (waiting < self.most_waiting).then_some(waiting + 1)
            })
            .ok()?;
        // Counted out again however the wait ends, also when the caller gives up.
        struct Waiting<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
            }
        }
        let _waiting = Waiting(&self.waiting);
        let slot = self.slots.acquire().await.ok()?;
        Some(Turn { _slot: slot })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `future` is still waiting when polled once.
    fn waits<F: std::future::Future>(future: std::pin::Pin<&mut F>) -> bool {
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        future.poll(&mut context).is_pending()
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_takes_again_when_there_is_room() {
        let turns = Turns::new(2, 3);
        let running = [turns.take().await.expect("a turn"), turns.take().await.expect("a turn")];
        // Three wait for a turn; a fourth is refused without waiting.
        let waiters: Vec<_> = (0..3).map(|_| Box::pin(turns.take())).collect();
        let mut waiters = waiters;
        for waiter in &mut waiters {
            assert!(waits(waiter.as_mut()), "waits its turn");
        }
        assert!(turns.take().await.is_none(), "the queue is full: refused at once");
        // A waiter that gives up frees its place in the queue.
        drop(waiters.pop());
        let mut another = Box::pin(turns.take());
        assert!(waits(another.as_mut()), "room again: waits");
        drop(running);
        assert!(waiters.remove(0).await.is_some(), "the first waiter gets its turn");
    }
}
