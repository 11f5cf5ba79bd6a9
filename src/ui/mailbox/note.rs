//! What the status line says of an account.

use crate::proto::MailError;

/// What the status line says of an account beyond its state. Kept as data and put into
/// words in `view`, so a change of language applies at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    Progress {
        folder: String,
        done: u32,
        total: u32,
    },
    Error(MailError),
    /// The account's task failed; it restarts by itself.
    Crashed {
        restart_in: std::time::Duration,
    },
    /// New mail does not arrive by itself for now.
    PushDown {
        retry_in: std::time::Duration,
        reason: String,
    },
}

impl Note {
    pub fn text(&self) -> String {
        match self {
            Note::Progress {
                folder,
                done,
                total,
            } => crate::fl!(
                "mailbox-sync-progress",
                // The server's INBOX in the user's words; other folders by their names.
                folder = if folder.eq_ignore_ascii_case("INBOX") {
                    crate::fl!("folder-inbox")
                } else {
                    folder.clone()
                },
                done = (*done as i64),
                total = (*total as i64)
            ),
            Note::Error(error) => crate::i18n::mail_error_text(error),
            Note::Crashed { restart_in } => crate::fl!(
                "mailbox-account-crashed",
                seconds = (restart_in.as_secs().max(1) as i64)
            ),
            Note::PushDown { retry_in, reason } => crate::fl!(
                "event-push-down",
                reason = crate::mime::safe::line(reason),
                seconds = (retry_in.as_secs() as i64)
            ),
        }
    }
}

/// What the last action worth a word did, for the status line; put into words in `view`.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The composer's message was sent.
    Sent,
    /// A save of attachments.
    Saved(super::reader::Saved),
}

impl Notice {
    pub fn text(&self) -> String {
        match self {
            Notice::Sent => crate::fl!("composer-sent"),
            Notice::Saved(saved) => saved.text(),
        }
    }
}
