//! User actions on messages, replayed on the server (RFC 4549 style): the store changes at
//! once, the action waits in `pending_actions` until the server has it.

use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, encode_mailbox};
use crate::store::mail::{PendingAction, QueuedAction};

/// What the user did to some messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageAction {
    MarkRead(bool),
    Flag(bool),
    Move {
        to: String,
    },
    /// To the Trash; permanently when already in the Trash (or there is none).
    Delete,
}

/// A compact UID set: `1:3,7,9:10`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

/// Replays one queued action.
pub async fn replay(conn: &mut Connection, action: &PendingAction) -> Result<(), MailError> {
    if action.uids.is_empty() {
        return Ok(());
    }
    let set = uid_set(&action.uids);
    client::run(
        &mut conn.session,
        &format!("SELECT {}", encode_mailbox(&action.folder)),
        |_| Ok(()),
    )
    .await?;
    match &action.action {
        QueuedAction::AddFlags(flags) => store(conn, &set, "+", flags).await,
        QueuedAction::RemoveFlags(flags) => store(conn, &set, "-", flags).await,
        QueuedAction::Move { to } => move_to(conn, &set, to).await,
        QueuedAction::Delete { trash } => match trash {
            Some(trash) if *trash != action.folder => move_to(conn, &set, trash).await,
            _ => expunge(conn, &set).await,
        },
    }
}

async fn store(conn: &mut Connection, set: &str, sign: &str, flags: &str) -> Result<(), MailError> {
    client::run(
        &mut conn.session,
        &format!("UID STORE {set} {sign}FLAGS.SILENT ({flags})"),
        |_| Ok(()),
    )
    .await
}

async fn move_to(conn: &mut Connection, set: &str, target: &str) -> Result<(), MailError> {
    if conn.has("MOVE") {
        return client::run(
            &mut conn.session,
            &format!("UID MOVE {set} {}", encode_mailbox(target)),
            |_| Ok(()),
        )
        .await;
    }
    client::run(
        &mut conn.session,
        &format!("UID COPY {set} {}", encode_mailbox(target)),
        |_| Ok(()),
    )
    .await?;
    expunge(conn, set).await
}

async fn expunge(conn: &mut Connection, set: &str) -> Result<(), MailError> {
    store(conn, set, "+", "\\Deleted").await?;
    if conn.has("UIDPLUS") {
        client::run(&mut conn.session, &format!("UID EXPUNGE {set}"), |_| Ok(())).await
    } else {
        client::run(&mut conn.session, "EXPUNGE", |_| Ok(())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[3, 1, 2, 7, 9, 10, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
    }
}
