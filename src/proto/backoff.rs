//! How long to wait before trying a server again.

use std::time::Duration;

/// Capped exponential backoff: 1 s, 2 s, 4 s … up to `max`.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    pub fn new(max: Duration) -> Backoff {
        Backoff {
            next: Duration::from_secs(1),
            max,
        }
    }
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        delay
    }
    pub fn reset(&mut self) {
        self.next = Duration::from_secs(1);
    }
}
