//! POP3 bookkeeping: which server messages (by UIDL) are already downloaded, and local
//! messages, which for POP3 are the only copy once the server deleted its own.

use std::collections::HashMap;

use rusqlite::params;

use super::mail::{Inserted, NewMessage};
use super::{Store, StoreError};

/// A message just downloaded from a POP3 server, ready to store.
#[derive(Debug, Clone)]
pub struct Downloaded {
    pub uidl: String,
    pub message: NewMessage,
    pub raw: Vec<u8>,
}

/// What the store knows of one UIDL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pop3Known {
    /// The local message, `None` once the user deleted it here.
    pub message_id: Option<i64>,
    pub downloaded_at: i64,
    pub deleted_on_server: bool,
}

impl Store {
    /// Every UIDL recorded for an account.
    pub fn pop3_known(&self, account_id: i64) -> Result<HashMap<String, Pop3Known>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uidl, message_id, downloaded_at, deleted_on_server FROM pop3_uidls WHERE account_id = ?1",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Pop3Known {
                    message_id: r.get(1)?,
                    downloaded_at: r.get(2)?,
                    deleted_on_server: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a downloaded message, its full text and its UIDL in one transaction. When this
    /// returns, the commit is on disk (`synchronous = FULL`) and the server copy may go.
    /// The message's `internal_date` (the check's clock) is recorded as the download time
    /// that the retention policy counts from.
    pub fn pop3_insert(
        &mut self,
        account_id: i64,
        folder_id: i64,
        uidl: &str,
        message: &NewMessage,
        raw: &[u8],
        body_text: &str,
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let id = insert_whole(&tx, folder_id, message, raw, body_text)?;
        tx.execute(
            "INSERT INTO pop3_uidls (account_id, uidl, message_id, downloaded_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (account_id, uidl) DO UPDATE SET message_id = excluded.message_id",
            params![account_id, uidl, id, message.internal_date],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Stores downloaded messages with their UIDLs in one transaction (see [`Store::pop3_insert`]);
    /// returns their ids in order. One commit per batch instead of one per message: the
    /// server copies are deleted only after the commit either way.
    pub fn pop3_insert_batch(
        &mut self,
        account_id: i64,
        folder_id: i64,
        batch: &[Downloaded],
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut ids = Vec::with_capacity(batch.len());
        let mut uid = next_local_uid(&tx, folder_id)?;
        let mut unread = 0;
        {
            let mut record = tx.prepare_cached(
                "INSERT INTO pop3_uidls (account_id, uidl, message_id, downloaded_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, uidl) DO UPDATE SET message_id = excluded.message_id",
            )?;
            for d in batch {
                let id = insert_stored(&tx, folder_id, uid, &d.message, &d.raw, None)?;
                record.execute(params![account_id, d.uidl, id, d.message.internal_date])?;
                uid += 1;
                unread += unread_count(&d.message);
                ids.push(id);
            }
        }
        count_in_folder(&tx, folder_id, ids.len() as i64, unread)?;
        tx.commit()?;
        Ok(ids)
    }

    /// Stores a message of our own (a copy of sent mail) in a local folder, whole.
    pub fn save_local_copy(
        &mut self,
        folder_id: i64,
        message: &NewMessage,
        raw: &[u8],
        body_text: &str,
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let id = insert_whole(&tx, folder_id, message, raw, body_text)?;
        tx.commit()?;
        Ok(id)
    }

    /// Records that the server deleted these messages (after a successful QUIT).
    pub fn pop3_deleted_on_server(
        &mut self,
        account_id: i64,
        uidls: &[String],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for uidl in uidls {
            tx.execute(
                "UPDATE pop3_uidls SET deleted_on_server = 1 WHERE account_id = ?1 AND uidl = ?2",
                params![account_id, uidl],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets UIDLs the server no longer lists (removed there by any client); a UIDL is never
    /// reused for another message (RFC 1939), so this cannot download anything twice.
    pub fn pop3_forget(&mut self, account_id: i64, uidls: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for uidl in uidls {
            tx.execute(
                "DELETE FROM pop3_uidls WHERE account_id = ?1 AND uidl = ?2",
                params![account_id, uidl],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Moves a local message to another local folder (POP3 accounts have no server folders).
    pub fn move_local(&mut self, message_id: i64, to_folder: i64) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let from: i64 = tx.query_row(
            "SELECT folder_id FROM messages WHERE id = ?1",
            [message_id],
            |r| r.get(0),
        )?;
        let uid: u32 = tx.query_row(
            "SELECT COALESCE(MAX(uid), 0) + 1 FROM messages WHERE folder_id = ?1",
            [to_folder],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE messages SET folder_id = ?2, uid = ?3 WHERE id = ?1",
            params![message_id, to_folder, uid],
        )?;
        for folder in [from, to_folder] {
            tx.execute(
                "UPDATE folders SET total = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1),
                     unread = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1 AND flags & 1 = 0)
                 WHERE id = ?1",
                [folder],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Renames a local folder (POP3 accounts).
    pub fn rename_folder_local(
        &self,
        account_id: i64,
        from: &str,
        to: &str,
    ) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE folders SET name = ?3 WHERE account_id = ?1 AND name = ?2 AND special_use = ''",
            params![account_id, from, to],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("folder {from}")));
        }
        Ok(())
    }

    /// Deletes a local folder and its messages (POP3 accounts; never a special folder).
    pub fn delete_folder_local(&self, account_id: i64, name: &str) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "DELETE FROM folders WHERE account_id = ?1 AND name = ?2 AND special_use = ''",
            params![account_id, name],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("folder {name}")));
        }
        Ok(())
    }
}

/// Inserts a local message with the next local UID, its full text and index entry, and counts
/// it in its folder.
pub(super) fn insert_whole(
    tx: &rusqlite::Transaction<'_>,
    folder_id: i64,
    message: &NewMessage,
    raw: &[u8],
    body_text: &str,
) -> Result<i64, StoreError> {
    let uid = next_local_uid(tx, folder_id)?;
    let id = insert_stored(tx, folder_id, uid, message, raw, Some(body_text))?;
    count_in_folder(tx, folder_id, 1, unread_count(message))?;
    Ok(id)
}

/// The UID the next local message of a folder gets.
fn next_local_uid(tx: &rusqlite::Transaction<'_>, folder_id: i64) -> Result<u32, StoreError> {
    Ok(tx
        .prepare_cached("SELECT COALESCE(MAX(uid), 0) + 1 FROM messages WHERE folder_id = ?1")?
        .query_row([folder_id], |r| r.get(0))?)
}

/// Inserts a message with its whole text under a given local UID (the folder's counts are the
/// caller's), and indexes its text for search, or with `None` leaves it to
/// [`Store::index_texts`].
fn insert_stored(
    tx: &rusqlite::Transaction<'_>,
    folder_id: i64,
    uid: u32,
    message: &NewMessage,
    raw: &[u8],
    body_text: Option<&str>,
) -> Result<i64, StoreError> {
    let mut m = message.clone();
    m.uid = uid;
    let id = match super::mail::insert_row(tx, folder_id, &m)? {
        Inserted::New(id) => id,
        // Already stored (and indexed or queued) under this UID.
        Inserted::Known(id) => return Ok(id),
    };
    match body_text {
        Some(text) => super::mail::index_text(tx, id, &m, text)?,
        None => {
            tx.prepare_cached("INSERT OR IGNORE INTO search_pending (message_id) VALUES (?1)")?
                .execute([id])?;
        }
    }
    tx.prepare_cached(
        "INSERT INTO bodies (message_id, raw, fetched_at) VALUES (?1, ?2, unixepoch())",
    )?
    .execute(params![id, raw])?;
    Ok(id)
}

/// 1 for an unread message, 0 for a read one.
fn unread_count(m: &NewMessage) -> i64 {
    i64::from(!m.flags.contains(super::Flags::SEEN))
}

/// Counts messages just added to a folder.
fn count_in_folder(
    tx: &rusqlite::Transaction<'_>,
    folder_id: i64,
    added: i64,
    unread: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE folders SET total = total + ?2, unread = unread + ?3 WHERE id = ?1")?
        .execute(params![folder_id, added, unread])?;
    Ok(())
}
