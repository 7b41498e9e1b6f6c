//! The worker's heartbeat: the time of its last loop, shared with `/health` so that a stuck or
//! dead worker shows to a load balancer or a monitor.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// When the worker last went round its loop; cheap to clone and share.
#[derive(Clone, Debug)]
pub struct Heartbeat {
    last_millis: Arc<AtomicI64>,
    stale_after: Duration,
}

impl Heartbeat {
    /// A heartbeat that beats now and counts as stale once `stale_after` passes without a beat.
    pub fn new(stale_after: Duration) -> Self {
        Self {
            last_millis: Arc::new(AtomicI64::new(Utc::now().timestamp_millis())),
            stale_after,
        }
    }

    /// Records a loop of the worker at `now`.
    pub fn beat(&self, now: DateTime<Utc>) {
        self.last_millis
            .store(now.timestamp_millis(), Ordering::Relaxed);
    }

    /// How long ago the last beat was, seen at `now`.
    pub fn age(&self, now: DateTime<Utc>) -> Duration {
        let millis = now.timestamp_millis() - self.last_millis.load(Ordering::Relaxed);
        Duration::from_millis(u64::try_from(millis).unwrap_or(0))
    }

    /// Whether the worker missed its beats for longer than it may, seen at `now`.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.age(now) > self.stale_after
    }
}

#[cfg(test)]
mod tests {
    use super::Heartbeat;
    use std::time::Duration;

    #[test]
    fn a_heartbeat_goes_stale_only_after_its_limit() {
        let heartbeat = Heartbeat::new(Duration::from_secs(60));
        let start = chrono::Utc::now();
        heartbeat.beat(start);
        assert!(!heartbeat.is_stale(start + chrono::Duration::seconds(59)));
        assert!(heartbeat.is_stale(start + chrono::Duration::seconds(61)));
        assert_eq!(
            heartbeat.age(start + chrono::Duration::seconds(5)),
            Duration::from_secs(5)
        );
    }
}
