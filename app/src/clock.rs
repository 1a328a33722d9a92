//! Where the server reads the time (server only). The running server reads the system's
//! clock; a test moves its own clock forward with `advance` instead of sleeping, so
//! waits (login throttling, a map tile service's rest) are tested without depending on
//! how busy the machine is.
//!
//! Must not: be set back, or be advanced anywhere but in tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The system's clock, plus however far a test moved it forward. Clones share it.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    ahead_nanos: Arc<AtomicU64>,
}

impl Clock {
    /// Now, for measuring waits.
    pub fn now(&self) -> Instant {
        Instant::now() + self.ahead()
    }

    /// Now as milliseconds since 1970 (UTC), for what is stored and compared between
    /// processes: another instance's `Instant` means nothing here.
    pub fn unix_millis(&self) -> i64 {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            + self.ahead();
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    }

    /// Moves this clock `by` forward.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.ahead_nanos.fetch_add(nanos, Ordering::AcqRel);
    }

    fn ahead(&self) -> Duration {
        Duration::from_nanos(self.ahead_nanos.load(Ordering::Acquire))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_is_ahead_for_every_clone() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = clock.now();
        shared.advance(Duration::from_secs(600));
        assert!(clock.now().duration_since(before) >= Duration::from_secs(600));
    }
}
