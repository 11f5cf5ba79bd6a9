//! Drafts: what the user is writing, saved at every autosave so that a crash or a closed
//! window never loses it. The engine uploads the latest revision of each draft to the IMAP
//! Drafts folder (replacing the previous copy) or keeps a copy in the local Drafts folder of a
//! POP3 account.

use rusqlite::{OptionalExtension, Transaction, params};

use super::mail::NewMessage;
use super::{Store, StoreError};
use crate::mime::{Attachment, Draft};

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    pub key: String,
    pub account_id: i64,
    /// The fields, attachments and forwarded messages included.
    pub draft: Draft,
    /// The Message-ID of every saved version, without angle brackets.
    pub message_id: String,
    pub revision: i64,
    /// The revision now in the server's Drafts folder (0: none).
    pub uploaded: i64,
    pub server_folder: String,
    /// Its UID there (0: not known).
    pub server_uid: u32,
    /// The copy in the local Drafts folder (POP3 accounts).
    pub local_message: Option<i64>,
    pub updated_at: i64,
}

/// A POP3 account's local copy of a draft, replacing the previous one in the same commit.
#[derive(Debug, Clone)]
pub struct LocalDraftCopy {
    pub folder_id: i64,
    pub message: NewMessage,
    pub raw: Vec<u8>,
    pub body_text: String,
}

fn digest(data: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

/// Deletes a message row inside a transaction and corrects its folder's counts.
fn delete_message_tx(tx: &Transaction<'_>, message_id: i64) -> Result<(), StoreError> {
    let folder: Option<i64> = tx
        .query_row(
            "SELECT folder_id FROM messages WHERE id = ?1",
            [message_id],
            |r| r.get(0),
        )
        .optional()?;
    tx.execute("DELETE FROM messages WHERE id = ?1", [message_id])?;
    if let Some(folder) = folder {
        tx.execute(
            "UPDATE folders SET
                total = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1),
                unread = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1 AND flags & 1 = 0)
             WHERE id = ?1",
            [folder],
        )?;
    }
    Ok(())
}

/// Queues the removal of server copies of a draft (expunged, not moved to Trash) and drops
/// their rows from the cached folder at once.
fn remove_server_copies(
    tx: &Transaction<'_>,
    account_id: i64,
    folder: &str,
    uids: &[u32],
) -> Result<(), StoreError> {
    let uids: Vec<u32> = uids.iter().copied().filter(|u| *u > 0).collect();
    if folder.is_empty() || uids.is_empty() {
        return Ok(());
    }
    let list = uids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        "INSERT INTO pending_actions (account_id, kind, folder, uids, argument, created_at)
         VALUES (?1, 'delete', ?2, ?3, '', unixepoch())",
        params![account_id, folder, list],
    )?;
    let cached: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE f.account_id = ?1 AND f.name = ?2 AND m.uid = ?3",
        )?;
        let mut ids = Vec::new();
        for uid in &uids {
            if let Some(id) = stmt
                .query_row(params![account_id, folder, uid], |r| r.get(0))
                .optional()?
            {
                ids.push(id);
            }
        }
        ids
    };
    for id in cached {
        delete_message_tx(tx, id)?;
    }
    Ok(())
}

impl Store {
    /// Saves a draft (new or a new revision of `key`) in one commit: its fields, its files
    /// (unchanged ones are not rewritten) and, for POP3 accounts, its local copy replacing the
    /// previous one. Returns the new revision.
    pub fn draft_save(
        &mut self,
        account_id: i64,
        key: &str,
        draft: &Draft,
        message_id: &str,
        now: i64,
        local: Option<LocalDraftCopy>,
    ) -> Result<i64, StoreError> {
        let fields =
            serde_json::to_string(draft).map_err(|e| StoreError::Damaged(e.to_string()))?;
        let tx = self.conn.transaction()?;
        let previous: Option<(i64, Option<i64>)> = tx
            .query_row(
                "SELECT account_id, local_message FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((owner, _)) = previous
            && owner != account_id
        {
            return Err(StoreError::NotFound(format!("draft {key} of this account")));
        }
        tx.execute(
            "INSERT INTO drafts (key, account_id, fields, message_id, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (key) DO UPDATE SET fields = excluded.fields,
                 message_id = excluded.message_id, revision = revision + 1,
                 updated_at = excluded.updated_at",
            params![key, account_id, fields, message_id, now],
        )?;
        let files = draft
            .attachments
            .iter()
            .map(|a| {
                (
                    "file",
                    a.name.as_str(),
                    a.content_type.as_str(),
                    &a.data[..],
                )
            })
            .chain(
                draft
                    .forwarded
                    .iter()
                    .map(|m| ("forwarded", "forwarded.eml", "message/rfc822", &m[..])),
            );
        let mut count = 0i64;
        for (position, (kind, name, content_type, data)) in files.enumerate() {
            count += 1;
            let hash = digest(data);
            let same: bool = tx
                .query_row(
                    "SELECT kind = ?3 AND name = ?4 AND content_type = ?5 AND digest = ?6
                     FROM draft_attachments WHERE draft_key = ?1 AND position = ?2",
                    params![key, position as i64, kind, name, content_type, hash],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false);
            if !same {
                tx.execute(
                    "INSERT OR REPLACE INTO draft_attachments
                     (draft_key, position, kind, name, content_type, digest, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![key, position as i64, kind, name, content_type, hash, data],
                )?;
            }
        }
        tx.execute(
            "DELETE FROM draft_attachments WHERE draft_key = ?1 AND position >= ?2",
            params![key, count],
        )?;
        if let Some(copy) = local {
            if let Some((_, Some(old))) = previous {
                delete_message_tx(&tx, old)?;
            }
            let id = super::pop3::insert_whole(
                &tx,
                copy.folder_id,
                &copy.message,
                &copy.raw,
                &copy.body_text,
            )?;
            tx.execute(
                "UPDATE drafts SET local_message = ?2 WHERE key = ?1",
                params![key, id],
            )?;
        }
        let revision = tx.query_row("SELECT revision FROM drafts WHERE key = ?1", [key], |r| {
            r.get(0)
        })?;
        tx.commit()?;
        Ok(revision)
    }

    /// One draft, whole.
    pub fn draft(&self, key: &str) -> Result<Option<SavedDraft>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT key, account_id, fields, message_id, revision, uploaded, server_folder,
                        server_uid, local_message, updated_at
                 FROM drafts WHERE key = ?1",
                [key],
                |r| {
                    Ok((
                        r.get::<_, String>(2)?,
                        SavedDraft {
                            key: r.get(0)?,
                            account_id: r.get(1)?,
                            draft: Draft::default(),
                            message_id: r.get(3)?,
                            revision: r.get(4)?,
                            uploaded: r.get(5)?,
                            server_folder: r.get(6)?,
                            server_uid: r.get(7)?,
                            local_message: r.get(8)?,
                            updated_at: r.get(9)?,
                        },
                    ))
                },
            )
            .optional()?;
        let Some((fields, mut saved)) = row else {
            return Ok(None);
        };
        saved.draft = serde_json::from_str(&fields)
            .map_err(|e| StoreError::Damaged(format!("draft {key}: {e}")))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, name, content_type, data FROM draft_attachments
             WHERE draft_key = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        })?;
        for row in rows {
            let (kind, name, content_type, data) = row?;
            if kind == "forwarded" {
                saved.draft.forwarded.push(data);
            } else {
                saved.draft.attachments.push(Attachment {
                    name,
                    content_type,
                    data,
                });
            }
        }
        Ok(Some(saved))
    }

    /// The draft a message of a Drafts folder is a copy of, by its Message-ID.
    pub fn draft_key_for_message(&self, message_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT key FROM drafts WHERE message_id = ?1",
                [message_id.trim_matches(['<', '>'])],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The keys of an account's drafts, most recently saved first (to offer them back after
    /// a crash, or to list them).
    pub fn draft_keys(&self, account_id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key FROM drafts WHERE account_id = ?1 ORDER BY updated_at DESC, rowid DESC",
        )?;
        let keys = stmt.query_map([account_id], |r| r.get(0))?;
        Ok(keys.collect::<Result<_, _>>()?)
    }

    /// The keys of an account's drafts whose latest revision is not on the server yet.
    pub fn drafts_to_upload(&self, account_id: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key FROM drafts WHERE account_id = ?1 AND uploaded < revision ORDER BY updated_at",
        )?;
        let keys = stmt.query_map([account_id], |r| r.get(0))?;
        Ok(keys.collect::<Result<_, _>>()?)
    }

    /// Records that `revision` of a draft is now in `folder` as `uid` (0 when the server did
    /// not say), and queues the removal of the copies it replaces (`stale`, and the previous
    /// known copy). If the draft was deleted or sent meanwhile, the new copy goes too.
    /// Returns whether the draft still exists.
    pub fn draft_uploaded(
        &mut self,
        account_id: i64,
        key: &str,
        revision: i64,
        folder: &str,
        uid: u32,
        stale: &[u32],
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let current: Option<(String, u32, i64)> = tx
            .query_row(
                "SELECT server_folder, server_uid, uploaded FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let exists = match current {
            Some((old_folder, old_uid, uploaded)) if uploaded < revision => {
                let mut gone: Vec<u32> = stale.to_vec();
                if old_folder == folder {
                    gone.push(old_uid);
                } else {
                    remove_server_copies(&tx, account_id, &old_folder, &[old_uid])?;
                }
                gone.retain(|u| *u != uid);
                remove_server_copies(&tx, account_id, folder, &gone)?;
                tx.execute(
                    "UPDATE drafts SET uploaded = ?2, server_folder = ?3, server_uid = ?4 WHERE key = ?1",
                    params![key, revision, folder, uid],
                )?;
                true
            }
            // A later revision was already uploaded: this copy is the stale one.
            Some(_) => {
                remove_server_copies(&tx, account_id, folder, &[uid])?;
                true
            }
            None => {
                let mut gone = stale.to_vec();
                gone.push(uid);
                remove_server_copies(&tx, account_id, folder, &gone)?;
                false
            }
        };
        tx.commit()?;
        Ok(exists)
    }

    /// Deletes a draft (discarded, or sent): its row, its files, its local copy, and queues the
    /// removal of its server copy. Returns whether there was one.
    pub fn draft_delete(&mut self, key: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let row: Option<(i64, String, u32, Option<i64>)> = tx
            .query_row(
                "SELECT account_id, server_folder, server_uid, local_message FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((account_id, folder, uid, local)) = row else {
            return Ok(false);
        };
        remove_server_copies(&tx, account_id, &folder, &[uid])?;
        if let Some(local) = local {
            delete_message_tx(&tx, local)?;
        }
        tx.execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        tx.commit()?;
        Ok(true)
    }
}
