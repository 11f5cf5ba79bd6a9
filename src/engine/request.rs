//! Which command an answer or a failure belongs to.

use std::sync::atomic::{AtomicU64, Ordering};

/// Names a command that its sender waits on (a message's text, a message put in the outbox,
/// a discovery, a server check, remote images). The engine answers every such command with
/// its result or with [`Event::Failed`](super::Event::Failed) carrying the same id, so no
/// screen can wait for an answer that never comes. Ids are unique within the process,
/// whichever screen asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(u64);

impl RequestId {
    /// A new id, never handed out before in this process.
    #[allow(clippy::new_without_default)]
    pub fn new() -> RequestId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        RequestId(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}
