//! What the engine reports to the GUI and the command line.

use std::time::Duration;

/// A report from the engine. `Debug + Clone` so it can travel through iced messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An account's connection state changed.
    AccountState {
        account: String,
        state: AccountState,
    },
    /// An account's task failed unexpectedly; the others keep running and this one is
    /// restarted after `restart_in`.
    AccountCrashed {
        account: String,
        reason: String,
        restart_in: Duration,
    },
    /// An account is no longer served.
    AccountRemoved { account: String },
    /// A command could not be carried out.
    CommandFailed {
        account: Option<String>,
        reason: String,
    },
    /// The engine has stopped; no event follows.
    Stopped,
}

/// The state of an account as the user sees it in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountState {
    Starting,
    Connecting,
    Online,
    Syncing,
    /// Not connected; the next attempt is in `retry_in` (if any).
    Offline {
        retry_in: Option<Duration>,
    },
    /// The account task is waiting for work.
    Idle,
}
