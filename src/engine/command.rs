//! What the GUI and the command line ask of the engine.
//!
//! Commands are routed by type: the work on one account is `Command::Account` with an
//! [`AccountOp`] naming the part of the account's task that does it (the incoming side, the
//! outbox or the drafts), and each part matches its own operations exhaustively. A command a
//! part cannot serve is a compile error, not a run-time "not an account command".

use crate::account::{Account, AccountId};
pub use crate::engine::imap::actions::MessageAction;

use super::RequestId;
use super::smtp::Outgoing;

/// A request to the engine. `Debug + Clone` so it can travel through iced messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start serving an account that was just set up (or replace its settings).
    AddAccount(Box<Account>),
    /// Stop serving an account; its local mail, outbox and drafts are removed once its task
    /// has ended (then `Event::AccountRemoved`).
    RemoveAccount { account: AccountId },
    /// Bring one account (or all) up to date now.
    Sync { account: Option<AccountId> },
    /// Work on one account's mail, outbox or drafts.
    Account { account: AccountId, op: AccountOp },
    /// The setup wizard's network work, tied to no account yet.
    Setup(SetupOp),
    /// Download the remote images of a message the user asked to see; answered by
    /// [`Event::RemoteImages`](crate::engine::Event::RemoteImages) with the same `request`.
    LoadRemoteImages {
        request: RequestId,
        urls: Vec<String>,
    },
    /// Stop a discovery, a check or an image download (the user went back, closed the wizard
    /// or left the message).
    Cancel { request: RequestId },
    /// Stop every account task and end the event stream.
    Shutdown,
}

/// What one account's task is asked to do, by the part that does it.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountOp {
    /// The incoming side: IMAP (the server) or POP3 (the local folders).
    Mail(MailOp),
    Outbox(OutboxOp),
    Draft(DraftOp),
}

/// Work on the account's messages and folders.
#[derive(Debug, Clone, PartialEq)]
pub enum MailOp {
    /// Download a message's full text into the store (for the reader): answered by
    /// `Event::BodyReady` or `Event::Failed` with `request`.
    FetchBody {
        request: RequestId,
        message_id: i64,
    },
    /// Change, move or delete messages (store ids).
    Act {
        message_ids: Vec<i64>,
        action: MessageAction,
    },
    CreateFolder {
        name: String,
    },
    RenameFolder {
        from: String,
        to: String,
    },
    DeleteFolder {
        name: String,
    },
}

/// The account's outbox.
#[derive(Debug, Clone, PartialEq)]
pub enum OutboxOp {
    /// Put a composed message in the outbox and send it; a failure to put it there is
    /// reported with `request` (what follows is told by `Event::Outbox`).
    Send {
        request: RequestId,
        message: Box<Outgoing>,
    },
    /// Send a failed (or waiting) message of the outbox now.
    Retry { id: i64 },
    /// Take a message out of the outbox without sending it.
    Remove { id: i64 },
}

/// The account's drafts.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftOp {
    /// Save a draft (new, or a new revision of `key`): committed to the store at once, then
    /// put in the Drafts folder (IMAP, a few seconds later, replacing the previous copy) or
    /// the local Drafts folder (POP3).
    Save {
        /// Chosen by the composer when it opens ([`crate::mime::compose::new_draft_key`]).
        key: String,
        draft: Box<crate::mime::Draft>,
    },
    /// Discard a draft, here and on the server.
    Delete { key: String },
}

/// The setup wizard's questions.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupOp {
    /// Find the servers for an address; answered by
    /// [`Event::Discovered`](crate::engine::Event::Discovered) with the same `request`.
    Discover { request: RequestId, email: String },
    /// Check one server with the user's credentials: progress in `Event::SetupProgress`, the
    /// outcome in `Event::SetupChecked`.
    CheckServer {
        request: RequestId,
        server: crate::setup::ServerSetting,
        credentials: crate::proto::Credentials,
    },
}

impl From<MailOp> for AccountOp {
    fn from(op: MailOp) -> AccountOp {
        AccountOp::Mail(op)
    }
}

impl From<OutboxOp> for AccountOp {
    fn from(op: OutboxOp) -> AccountOp {
        AccountOp::Outbox(op)
    }
}

impl From<DraftOp> for AccountOp {
    fn from(op: DraftOp) -> AccountOp {
        AccountOp::Draft(op)
    }
}

impl Command {
    /// Work for the account `email` names.
    pub fn on(email: &str, op: impl Into<AccountOp>) -> Command {
        Command::Account {
            account: AccountId::of(email),
            op: op.into(),
        }
    }

    /// A composed message for its account's outbox.
    pub fn send(request: RequestId, message: Outgoing) -> Command {
        Command::on(
            &message.account.clone(),
            OutboxOp::Send {
                request,
                message: Box::new(message),
            },
        )
    }

    /// The id the sender waits on, for a command that has one.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Command::Account { op, .. } => op.request(),
            Command::Setup(SetupOp::Discover { request, .. })
            | Command::Setup(SetupOp::CheckServer { request, .. })
            | Command::LoadRemoteImages { request, .. } => Some(*request),
            Command::AddAccount(_)
            | Command::RemoveAccount { .. }
            | Command::Sync { .. }
            | Command::Cancel { .. }
            | Command::Shutdown => None,
        }
    }

    /// The account a command is for, when it is for one.
    pub fn account(&self) -> Option<&AccountId> {
        match self {
            Command::Account { account, .. } | Command::RemoveAccount { account } => Some(account),
            Command::Sync { account } => account.as_ref(),
            Command::AddAccount(_)
            | Command::Setup(_)
            | Command::LoadRemoteImages { .. }
            | Command::Cancel { .. }
            | Command::Shutdown => None,
        }
    }
}

impl AccountOp {
    /// The id the sender waits on, for an operation that has one.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            AccountOp::Mail(op) => op.request(),
            AccountOp::Outbox(OutboxOp::Send { request, .. }) => Some(*request),
            AccountOp::Outbox(_) | AccountOp::Draft(_) => None,
        }
    }
}

impl MailOp {
    /// The id the sender waits on, for an operation that has one.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            MailOp::FetchBody { request, .. } => Some(*request),
            MailOp::Act { .. }
            | MailOp::CreateFolder { .. }
            | MailOp::RenameFolder { .. }
            | MailOp::DeleteFolder { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_on_an_account_names_it_by_its_key() {
        let request = RequestId::new();
        let command = Command::on(
            " Marie@Orange.FR",
            MailOp::FetchBody {
                request,
                message_id: 7,
            },
        );
        assert_eq!(command.account(), Some(&AccountId::of("marie@orange.fr")));
        assert_eq!(command.request(), Some(request));
        let draft = Command::on("marie@orange.fr", DraftOp::Delete { key: "k".into() });
        assert_eq!(draft.request(), None);
        assert!(matches!(
            draft,
            Command::Account {
                op: AccountOp::Draft(_),
                ..
            }
        ));
    }
}
