//! Drafts in the engine.
//!
//! - A save is committed to the store at once, before any network I/O, by the account task
//!   itself (not behind a long sync), so a crash or a closed window never loses what was typed.
//! - IMAP accounts: the latest revision of each draft goes to the Drafts folder a few seconds
//!   later ([`UPLOAD_DELAY`], so typing does not upload at every autosave), APPENDed with
//!   `\Draft \Seen`; then the copies it replaces are expunged (through the offline action
//!   queue, so a replacement interrupted by a lost connection finishes after reconnecting).
//!   The new copy's UID is found by searching the draft's Message-ID (stable across
//!   revisions), which also finds older copies left behind by an interrupted replacement.
//! - POP3 accounts have no server folder for drafts: the copy lives in the local Drafts folder,
//!   replaced in the same commit as the save.

use std::time::Duration;

use async_imap::imap_proto::{MailboxDatum, Response};

use super::StoreHandle;
use crate::account::{Account, Incoming};
use crate::mime::{Draft, draft_message, draft_message_id};
use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, encode_mailbox};
use crate::store::drafts::LocalDraftCopy;
use crate::store::{Flags, StoreError};

/// How long after a save its upload waits, gathering the saves that follow.
pub const UPLOAD_DELAY: Duration = Duration::from_secs(3);

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The text of a draft as saved in a Drafts folder. A From that is not (yet) a valid address
/// is replaced by the account's own in the message (the store keeps what was typed).
fn message_text(draft: &Draft, account: &str, message_id: &str) -> Result<Vec<u8>, StoreError> {
    match draft_message(draft, message_id) {
        Ok(raw) => Ok(raw),
        Err(_) => {
            let mut fixed = draft.clone();
            fixed.from = account.to_string();
            draft_message(&fixed, message_id).map_err(|e| StoreError::Damaged(e.to_string()))
        }
    }
}

/// Commits a draft to the store (and, for POP3, its local copy); returns its revision.
pub async fn save(
    store: &StoreHandle,
    account: &Account,
    key: &str,
    draft: &Draft,
) -> Result<i64, StoreError> {
    let email = account.email.clone();
    let pop3 = matches!(account.incoming, Incoming::Pop3(_));
    let key = key.to_string();
    let draft = draft.clone();
    store
        .with(move |s| {
            let account_id = s.ensure_account(&email)?;
            let from = if draft.from.trim().is_empty() {
                &email
            } else {
                &draft.from
            };
            let message_id = draft_message_id(&key, from);
            let now = unix_now();
            let local = match s.folder_by_use(account_id, crate::store::SpecialUse::Drafts)? {
                Some(folder) if pop3 => {
                    let raw = message_text(&draft, &email, &message_id)?;
                    let (mut message, body_text) = crate::store::envelope::whole_message(&raw, now);
                    message.flags = Flags::SEEN.with(Flags::DRAFT, true);
                    Some(LocalDraftCopy {
                        folder_id: folder.id,
                        message,
                        raw,
                        body_text,
                    })
                }
                _ => None,
            };
            s.draft_save(account_id, &key, &draft, &message_id, now, local)
        })
        .await
}

/// A draft now on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub key: String,
    pub revision: i64,
    pub folder: String,
}

/// Uploads every draft of the account whose latest revision is not on the server, queueing
/// the removal of the copies each replaces (the caller replays the queue).
pub async fn upload(
    conn: &mut Connection,
    store: &StoreHandle,
    account_id: i64,
    email: &str,
) -> Result<Vec<Uploaded>, MailError> {
    let keys = store
        .with(move |s| s.drafts_to_upload(account_id))
        .await
        .map_err(local_error)?;
    let mut done = Vec::new();
    for key in keys {
        let k = key.clone();
        let found = store
            .with(move |s| -> Result<_, StoreError> {
                let draft = s.draft(&k)?;
                let folder = s
                    .folder_by_use(account_id, crate::store::SpecialUse::Drafts)?
                    .map(|f| f.name)
                    .unwrap_or_else(|| "Drafts".into());
                Ok(draft.map(|d| (d, folder)))
            })
            .await
            .map_err(local_error)?;
        // Deleted since it was listed.
        let Some((saved, folder)) = found else {
            continue;
        };
        let raw = message_text(&saved.draft, email, &saved.message_id).map_err(local_error)?;
        super::imap::folders::append(conn, &folder, "(\\Draft \\Seen)", &raw).await?;
        let mut uids = search_message_id(conn, &folder, &saved.message_id).await?;
        uids.sort_unstable();
        // The newest copy is the one just appended (UIDs only grow).
        let uid = uids.pop().unwrap_or(0);
        let (k, f, revision) = (key.clone(), folder.clone(), saved.revision);
        let exists = store
            .with(move |s| s.draft_uploaded(account_id, &k, revision, &f, uid, &uids))
            .await
            .map_err(local_error)?;
        if exists {
            done.push(Uploaded {
                key,
                revision,
                folder,
            });
        }
    }
    Ok(done)
}

/// The UIDs of the messages of `folder` with this Message-ID.
async fn search_message_id(
    conn: &mut Connection,
    folder: &str,
    message_id: &str,
) -> Result<Vec<u32>, MailError> {
    client::run(
        &mut conn.session,
        &format!("SELECT {}", encode_mailbox(folder)),
        |_| Ok(()),
    )
    .await?;
    let mut uids = Vec::new();
    client::run(
        &mut conn.session,
        &format!(
            "UID SEARCH HEADER Message-ID {}",
            client::quote(&format!("<{message_id}>"))
        ),
        |response| {
            if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                uids.extend(found.iter().copied());
            }
            Ok(())
        },
    )
    .await?;
    Ok(uids)
}

fn local_error(e: StoreError) -> MailError {
    MailError::protocol(format!("local cache: {e}"))
}
