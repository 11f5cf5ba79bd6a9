//! What the engine reports to the GUI and the command line.

use std::time::Duration;

use crate::account::AccountId;
use crate::proto::error::MailError;

/// A report from the engine. `Debug + Clone` so it can travel through iced messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An account's connection state changed.
    AccountState {
        account: AccountId,
        state: AccountState,
    },
    /// The push connection (new mail as it arrives) changed state.
    Push {
        account: AccountId,
        state: PushState,
    },
    /// Something the user must know about an account (wrong password, certificate, …).
    AccountError {
        account: AccountId,
        error: MailError,
    },
    /// An account's task failed unexpectedly; the others keep running and this one is
    /// restarted after `restart_in`.
    AccountCrashed {
        account: AccountId,
        reason: String,
        restart_in: Duration,
    },
    /// An account is no longer served.
    AccountRemoved { account: AccountId },
    /// The list of folders changed.
    FoldersChanged { account: AccountId },
    /// Headers are arriving: `done` of `total` in `folder`.
    SyncProgress {
        account: AccountId,
        folder: String,
        done: u32,
        total: u32,
    },
    /// A folder is up to date.
    FolderSynced {
        account: AccountId,
        folder: String,
        new: usize,
        flags_changed: usize,
        removed: usize,
        reset: bool,
    },
    /// A whole account is up to date.
    SyncFinished { account: AccountId },
    /// New unread mail arrived in an inbox.
    NewMail {
        account: AccountId,
        messages: Vec<NewMailSummary>,
    },
    /// A message's full text is in the store.
    BodyReady { account: AccountId, message_id: i64 },
    /// The server refused an action that was already shown; the store was put back.
    ActionFailed { account: AccountId, reason: String },
    /// A command could not be carried out: `request` names it when its sender waits on it.
    Failed {
        request: Option<super::RequestId>,
        account: Option<AccountId>,
        error: MailError,
    },
    /// A message of the outbox changed state.
    Outbox {
        account: AccountId,
        /// The outbox row.
        id: i64,
        /// The message's Message-ID (without angle brackets).
        message_id: String,
        status: crate::engine::smtp::OutboxStatus,
    },
    /// A draft was saved, reached the server, or was deleted.
    Draft {
        account: AccountId,
        /// The key the composer gave it.
        key: String,
        state: DraftState,
    },
    /// Discovery for a `Command::Discover` is now waiting for this source.
    DiscoveryProgress {
        request: super::RequestId,
        stage: crate::setup::discover::Stage,
    },
    /// What discovery found for a `Command::Discover`.
    Discovered {
        request: super::RequestId,
        result: Result<Vec<crate::setup::Candidate>, crate::setup::discover::SetupError>,
    },
    /// A step of a `Command::CheckServer`.
    SetupProgress {
        request: super::RequestId,
        progress: crate::setup::probe::Progress,
    },
    /// The outcome of a `Command::CheckServer`.
    SetupChecked {
        request: super::RequestId,
        result: Result<(), MailError>,
    },
    /// The remote images of a `Command::LoadRemoteImages`, in the order asked (those that
    /// could not be loaded are left out).
    RemoteImages {
        request: super::RequestId,
        images: Vec<crate::engine::remote::RemoteImage>,
    },
    /// The engine has stopped; no event follows.
    Stopped,
}

/// Where a draft is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftState {
    /// Committed to the local store (safe from a crash).
    Saved { revision: i64 },
    /// This revision is in the account's Drafts folder on the server, replacing the previous.
    OnServer { revision: i64 },
    /// Discarded or sent: gone from the store, and its server copy is being removed.
    Deleted,
}

/// Enough about a new message for a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMailSummary {
    pub message_id: i64,
    pub from: String,
    pub subject: String,
}

/// How new mail reaches the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushState {
    /// The server pushes changes (IDLE).
    Listening,
    /// The server cannot push; it is asked every few minutes.
    Polling,
    /// The push connection is down and retries by itself after `retry_in`.
    Down { retry_in: Duration, reason: String },
}

/// The state of an account as the user sees it in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountState {
    Starting,
    Connecting,
    Online,
    Syncing,
    /// Not connected; the next attempt is in `retry_in` (none: waiting for the user).
    Offline {
        retry_in: Option<Duration>,
    },
    /// The account task is waiting for work.
    Idle,
}
