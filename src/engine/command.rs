//! What the GUI and the command line ask of the engine.

use crate::account::Account;
pub use crate::engine::imap::actions::MessageAction;

/// A request to the engine. `Debug + Clone` so it can travel through iced messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start serving an account that was just set up (or replace its settings).
    AddAccount(Box<Account>),
    /// Stop serving an account; its cache is removed by the caller.
    RemoveAccount {
        email: String,
    },
    /// Bring one account (or all) up to date now.
    Sync {
        account: Option<String>,
    },
    /// Download a message's full text into the store (for the reader).
    FetchBody {
        request: super::RequestId,
        account: String,
        message_id: i64,
    },
    /// Change, move or delete messages (store ids) of one account.
    Act {
        account: String,
        message_ids: Vec<i64>,
        action: MessageAction,
    },
    /// Folder management.
    CreateFolder {
        account: String,
        name: String,
    },
    RenameFolder {
        account: String,
        from: String,
        to: String,
    },
    DeleteFolder {
        account: String,
        name: String,
    },
    /// Put a composed message in the outbox and send it; a failure to put it there is
    /// reported with `request` (what follows is told by `Event::Outbox`).
    Send {
        request: super::RequestId,
        message: Box<crate::engine::smtp::Outgoing>,
    },
    /// Send a failed (or waiting) message of the outbox now.
    RetrySend {
        account: String,
        id: i64,
    },
    /// Take a message out of the outbox without sending it.
    RemoveFromOutbox {
        account: String,
        id: i64,
    },
    /// Save a draft (new, or a new revision of `key`): committed to the store at once, then
    /// put in the Drafts folder (IMAP, a few seconds later, replacing the previous copy) or
    /// the local Drafts folder (POP3).
    SaveDraft {
        account: String,
        /// Chosen by the composer when it opens ([`crate::mime::compose::new_draft_key`]).
        key: String,
        draft: Box<crate::mime::Draft>,
    },
    /// Discard a draft, here and on the server.
    DeleteDraft {
        account: String,
        key: String,
    },
    /// Find the servers for an address (the setup wizard); answered by
    /// [`Event::Discovered`](crate::engine::Event::Discovered) with the same `request`.
    Discover {
        request: super::RequestId,
        email: String,
    },
    /// Check one server with the user's credentials: progress in `Event::SetupProgress`, the
    /// outcome in `Event::SetupChecked`.
    CheckServer {
        request: super::RequestId,
        server: crate::setup::ServerSetting,
        credentials: crate::proto::Credentials,
    },
    /// Download the remote images of a message the user asked to see; answered by
    /// [`Event::RemoteImages`](crate::engine::Event::RemoteImages) with the same `request`.
    LoadRemoteImages {
        request: super::RequestId,
        urls: Vec<String>,
    },
    /// Stop a discovery or a check (the user went back or closed the wizard).
    CancelSetup {
        request: super::RequestId,
    },
    /// Stop every account task and end the event stream.
    Shutdown,
}

impl Command {
    /// The id the sender waits on, for a command that has one.
    pub fn request(&self) -> Option<super::RequestId> {
        match self {
            Command::FetchBody { request, .. }
            | Command::Send { request, .. }
            | Command::Discover { request, .. }
            | Command::CheckServer { request, .. }
            | Command::LoadRemoteImages { request, .. } => Some(*request),
            _ => None,
        }
    }

    /// The account a command is for, when it is for one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Command::FetchBody { account, .. }
            | Command::Act { account, .. }
            | Command::CreateFolder { account, .. }
            | Command::RenameFolder { account, .. }
            | Command::DeleteFolder { account, .. }
            | Command::RetrySend { account, .. }
            | Command::RemoveFromOutbox { account, .. }
            | Command::SaveDraft { account, .. }
            | Command::DeleteDraft { account, .. } => Some(account),
            Command::Send { message, .. } => Some(&message.account),
            Command::RemoveAccount { email } => Some(email),
            Command::Sync { account } => account.as_deref(),
            Command::AddAccount(_)
            | Command::Shutdown
            | Command::Discover { .. }
            | Command::CheckServer { .. }
            | Command::LoadRemoteImages { .. }
            | Command::CancelSetup { .. } => None,
        }
    }
}
