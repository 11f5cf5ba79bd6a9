//! Folders and messages in the store: what sync writes and what the lists read.

use super::special_use::SpecialUse;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// Message flags, as a bit set in `messages.flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Flags(pub u32);

impl Flags {
    pub const SEEN: Flags = Flags(1);
    pub const ANSWERED: Flags = Flags(2);
    pub const FLAGGED: Flags = Flags(4);
    pub const DELETED: Flags = Flags(8);
    pub const DRAFT: Flags = Flags(16);
    pub const FORWARDED: Flags = Flags(32);
    pub const JUNK: Flags = Flags(64);

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn with(self, other: Flags, on: bool) -> Flags {
        if on {
            Flags(self.0 | other.0)
        } else {
            Flags(self.0 & !other.0)
        }
    }

    /// From IMAP flag names (`\Seen`, `$Forwarded`, …); unknown keywords are ignored here.
    pub fn from_imap<'a>(names: impl IntoIterator<Item = &'a str>) -> Flags {
        let mut flags = Flags::default();
        for name in names {
            let bit = match name.to_ascii_lowercase().as_str() {
                "\\seen" => Flags::SEEN,
                "\\answered" => Flags::ANSWERED,
                "\\flagged" => Flags::FLAGGED,
                "\\deleted" => Flags::DELETED,
                "\\draft" => Flags::DRAFT,
                "$forwarded" => Flags::FORWARDED,
                "$junk" | "junk" => Flags::JUNK,
                _ => continue,
            };
            flags = Flags(flags.0 | bit.0);
        }
        flags
    }

    /// The IMAP names of the set flags.
    pub fn to_imap(self) -> Vec<&'static str> {
        [
            (Flags::SEEN, "\\Seen"),
            (Flags::ANSWERED, "\\Answered"),
            (Flags::FLAGGED, "\\Flagged"),
            (Flags::DELETED, "\\Deleted"),
            (Flags::DRAFT, "\\Draft"),
            (Flags::FORWARDED, "$Forwarded"),
            (Flags::JUNK, "$Junk"),
        ]
        .into_iter()
        .filter(|(f, _)| self.contains(*f))
        .map(|(_, n)| n)
        .collect()
    }
}

/// A folder as the sidebar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub delimiter: String,
    pub special_use: Option<SpecialUse>,
    pub total: i64,
    pub unread: i64,
}

/// What sync remembers of a folder between two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FolderState {
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highestmodseq: u64,
    pub count: u32,
}

/// A message's envelope, as sync stores it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewMessage {
    pub uid: u32,
    pub modseq: u64,
    pub flags: Flags,
    pub message_id: String,
    pub in_reply_to: String,
    pub references: String,
    pub subject: String,
    pub from_name: String,
    pub from_addr: String,
    pub to: String,
    pub cc: String,
    pub date: i64,
    pub internal_date: i64,
    pub size: i64,
    pub has_attachments: bool,
    pub preview: String,
    /// Gmail's thread id (`X-GM-THRID`), where the server offers it; 0 otherwise.
    pub gmail_thread: u64,
}

/// A row of a message list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub folder_id: i64,
    pub uid: u32,
    pub flags: Flags,
    pub subject: String,
    pub from_name: String,
    pub from_addr: String,
    pub to: String,
    pub cc: String,
    pub date: i64,
    pub size: i64,
    pub has_attachments: bool,
    pub preview: String,
    pub message_id: String,
    /// The conversation it belongs to (0: none yet).
    pub conversation: i64,
    /// When the row stands for a conversation of several messages: what it holds. The row's
    /// flags then say whether any message is unread (no `SEEN`), flagged, with attachments.
    pub thread: Option<Thread>,
}

/// What a conversation's row shows beyond its newest message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// Its messages (copies of one message in two folders count once).
    pub count: u32,
    /// Who wrote in it, by first message: (name, address).
    pub participants: Vec<(String, String)>,
    /// Every stored message of it (copies included), what an action on the row applies to.
    pub members: Vec<i64>,
}

pub(crate) const ROW_COLUMNS: &str = "m.id, m.folder_id, m.uid, m.flags, m.subject, m.from_name, m.from_addr, m.to_addrs, m.cc_addrs, m.date, m.size, m.has_attachments, m.preview, m.message_id, m.conversation";

pub(crate) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MessageRow> {
    Ok(MessageRow {
        id: r.get(0)?,
        folder_id: r.get(1)?,
        uid: r.get(2)?,
        flags: Flags(r.get(3)?),
        subject: r.get(4)?,
        from_name: r.get(5)?,
        from_addr: r.get(6)?,
        to: r.get(7)?,
        cc: r.get(8)?,
        date: r.get(9)?,
        size: r.get(10)?,
        has_attachments: r.get(11)?,
        preview: r.get(12)?,
        message_id: r.get(13)?,
        conversation: r.get(14)?,
        thread: None,
    })
}

/// Which messages a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Folder(i64),
    /// Every account's inbox.
    UnifiedInbox,
    Account(i64),
}

impl Store {
    /// Creates or updates a folder; returns its id.
    pub fn upsert_folder(
        &self,
        account_id: i64,
        name: &str,
        delimiter: &str,
        special_use: Option<SpecialUse>,
    ) -> Result<i64, StoreError> {
        let special_use = super::special_use::code_of(special_use);
        self.conn.execute(
            "INSERT INTO folders (account_id, name, delimiter, special_use) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (account_id, name) DO UPDATE SET delimiter = excluded.delimiter, special_use = excluded.special_use",
            params![account_id, name, delimiter, special_use],
        )?;
        Ok(self.conn.query_row(
            "SELECT id FROM folders WHERE account_id = ?1 AND name = ?2",
            params![account_id, name],
            |r| r.get(0),
        )?)
    }

    /// Forgets folders that no longer exist on the server.
    pub fn retain_folders(&self, account_id: i64, names: &[String]) -> Result<(), StoreError> {
        let existing = self.folders(account_id)?;
        for folder in existing {
            if !names.contains(&folder.name) {
                self.conn
                    .execute("DELETE FROM folders WHERE id = ?1", [folder.id])?;
            }
        }
        Ok(())
    }

    pub fn folders(&self, account_id: i64) -> Result<Vec<Folder>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, account_id, name, delimiter, special_use, total, unread FROM folders
             WHERE account_id = ?1
             ORDER BY CASE special_use WHEN 'inbox' THEN 0 WHEN 'drafts' THEN 1 WHEN 'sent' THEN 2
                 WHEN 'archive' THEN 3 WHEN 'junk' THEN 4 WHEN 'trash' THEN 5 ELSE 6 END, name",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok(Folder {
                id: r.get(0)?,
                account_id: r.get(1)?,
                name: r.get(2)?,
                delimiter: r.get(3)?,
                special_use: SpecialUse::from_code(&r.get::<_, String>(4)?),
                total: r.get(5)?,
                unread: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn folder_by_name(
        &self,
        account_id: i64,
        name: &str,
    ) -> Result<Option<Folder>, StoreError> {
        Ok(self
            .folders(account_id)?
            .into_iter()
            .find(|f| f.name == name))
    }

    pub fn folder_by_use(
        &self,
        account_id: i64,
        special_use: SpecialUse,
    ) -> Result<Option<Folder>, StoreError> {
        Ok(self
            .folders(account_id)?
            .into_iter()
            .find(|f| f.special_use == Some(special_use)))
    }

    pub fn folder_state(&self, folder_id: i64) -> Result<FolderState, StoreError> {
        Ok(self.conn.query_row(
            "SELECT uidvalidity, uidnext, highestmodseq, (SELECT COUNT(*) FROM messages WHERE folder_id = ?1)
             FROM folders WHERE id = ?1",
            [folder_id],
            |r| {
                Ok(FolderState {
                    uidvalidity: r.get(0)?,
                    uidnext: r.get(1)?,
                    highestmodseq: r.get::<_, i64>(2)? as u64,
                    count: r.get(3)?,
                })
            },
        )?)
    }

    /// Records how far sync got, and refreshes the folder's counts.
    pub fn set_folder_state(&self, folder_id: i64, state: FolderState) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE folders SET uidvalidity = ?2, uidnext = ?3, highestmodseq = ?4, synced_at = unixepoch(),
                 total = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1),
                 unread = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1 AND flags & 1 = 0)
             WHERE id = ?1",
            params![folder_id, state.uidvalidity, state.uidnext, state.highestmodseq as i64],
        )?;
        Ok(())
    }

    /// Refreshes a folder's total and unread counts.
    pub fn refresh_counts(&self, folder_id: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE folders SET total = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1),
                 unread = (SELECT COUNT(*) FROM messages WHERE folder_id = ?1 AND flags & 1 = 0)
             WHERE id = ?1",
            [folder_id],
        )?;
        Ok(())
    }

    /// Drops a folder's cached messages (its UIDVALIDITY changed).
    pub fn clear_folder(&mut self, folder_id: i64) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM messages WHERE folder_id = ?1", [folder_id])?;
        tx.execute("UPDATE folders SET uidvalidity = 0, uidnext = 0, highestmodseq = 0, total = 0, unread = 0 WHERE id = ?1", [folder_id])?;
        tx.commit()?;
        Ok(())
    }

    /// Stores new messages (or refreshes known UIDs) in one transaction and indexes them.
    pub fn insert_messages(
        &mut self,
        folder_id: i64,
        messages: &[NewMessage],
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut ids = Vec::with_capacity(messages.len());
        for m in messages {
            ids.push(insert_one(&tx, folder_id, m, &m.preview)?);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Applies flag changes reported by the server.
    pub fn update_flags(
        &mut self,
        folder_id: i64,
        changes: &[(u32, Flags, u64)],
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE messages SET flags = ?3, modseq = MAX(modseq, ?4) WHERE folder_id = ?1 AND uid = ?2 AND flags != ?3",
            )?;
            for (uid, flags, modseq) in changes {
                n += stmt.execute(params![folder_id, uid, flags.0, *modseq as i64])?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Removes messages the server expunged.
    pub fn remove_uids(&mut self, folder_id: i64, uids: &[u32]) -> Result<usize, StoreError> {
        let ranges: Vec<(u32, u32)> = uids.iter().map(|&uid| (uid, uid)).collect();
        self.remove_uid_ranges(folder_id, &ranges)
    }

    /// Removes the messages of a folder whose UIDs fall in any of `ranges` (inclusive), one
    /// statement per range whatever its width.
    pub fn remove_uid_ranges(
        &mut self,
        folder_id: i64,
        ranges: &[(u32, u32)],
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare_cached(
                "DELETE FROM messages WHERE folder_id = ?1 AND uid BETWEEN ?2 AND ?3",
            )?;
            for &(first, last) in ranges {
                n += stmt.execute(params![folder_id, first.min(last), first.max(last)])?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// The highest cached UID of a folder (0 when empty).
    pub fn max_uid(&self, folder_id: i64) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(uid), 0) FROM messages WHERE folder_id = ?1",
            [folder_id],
            |r| r.get(0),
        )?)
    }

    /// Notes that a sync found nothing new (the counts are unchanged).
    pub fn mark_folder_synced(&self, folder_id: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE folders SET synced_at = unixepoch() WHERE id = ?1",
            [folder_id],
        )?;
        Ok(())
    }

    /// Every cached UID of a folder, ascending.
    pub fn uids(&self, folder_id: i64) -> Result<Vec<u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid FROM messages WHERE folder_id = ?1 ORDER BY uid")?;
        let rows = stmt.query_map([folder_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// UID → flags of every cached message of a folder.
    pub fn uid_flags(&self, folder_id: i64) -> Result<Vec<(u32, Flags)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid, flags FROM messages WHERE folder_id = ?1 ORDER BY uid")?;
        let rows = stmt.query_map([folder_id], |r| Ok((r.get(0)?, Flags(r.get(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A page of messages, newest first.
    pub fn messages(
        &self,
        scope: &Scope,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let (filter, arg) = match scope {
            Scope::Folder(id) => ("m.folder_id = ?1", *id),
            Scope::Account(id) => (
                "m.folder_id IN (SELECT id FROM folders WHERE account_id = ?1)",
                *id,
            ),
            Scope::UnifiedInbox => (
                "m.folder_id IN (SELECT id FROM folders WHERE special_use = 'inbox') AND ?1 = ?1",
                0,
            ),
        };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM messages m WHERE {filter} ORDER BY m.date DESC, m.id DESC LIMIT ?2 OFFSET ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![arg, limit, offset], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many messages a list holds.
    pub fn count_messages(&self, scope: &Scope) -> Result<i64, StoreError> {
        let (sql, arg) = match scope {
            Scope::Folder(id) => ("SELECT COUNT(*) FROM messages WHERE folder_id = ?1", *id),
            Scope::Account(id) => (
                "SELECT COUNT(*) FROM messages WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?1)",
                *id,
            ),
            Scope::UnifiedInbox => (
                "SELECT COUNT(*) FROM messages WHERE folder_id IN (SELECT id FROM folders WHERE special_use = 'inbox') AND ?1 = ?1",
                0,
            ),
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([arg], |r| r.get(0))?)
    }

    pub fn message(&self, id: i64) -> Result<Option<MessageRow>, StoreError> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM messages m WHERE m.id = ?1");
        Ok(self.conn.query_row(&sql, [id], row).optional()?)
    }

    /// The address of the account a message belongs to.
    pub fn message_account(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.email FROM messages m JOIN folders f ON f.id = m.folder_id
                 JOIN accounts a ON a.id = f.account_id WHERE m.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Where a message lives: (account id, folder name, uid).
    pub fn message_location(&self, id: i64) -> Result<Option<(i64, String, u32)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT f.account_id, f.name, m.uid FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    pub fn message_id_by_uid(&self, folder_id: i64, uid: u32) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM messages WHERE folder_id = ?1 AND uid = ?2",
                params![folder_id, uid],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// People the user has heard from or written to, most frequent first, for address
    /// completion: (name, address). Senders of received mail and recipients of sent mail.
    pub fn contacts(&self, limit: u32) -> Result<Vec<(String, String)>, StoreError> {
        use std::collections::HashMap;
        // address (lower case) → (name, address, count)
        let mut seen: HashMap<String, (String, String, i64)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_name, from_addr, COUNT(*) FROM messages WHERE from_addr LIKE '%@%'
             GROUP BY lower(from_addr) ORDER BY COUNT(*) DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        for row in rows {
            let (name, address, count) = row?;
            seen.insert(address.to_lowercase(), (name, address, count));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.to_addrs || ', ' || m.cc_addrs FROM messages m
             JOIN folders f ON f.id = m.folder_id WHERE f.special_use = 'sent'
             ORDER BY m.date DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
        for row in rows {
            for entry in crate::mime::compose::split_addresses(&row?) {
                let (name, address) = crate::mime::compose::split_entry(&entry);
                if !address.contains('@') {
                    continue;
                }
                // Writing to someone counts more than hearing from them.
                let e = seen
                    .entry(address.to_lowercase())
                    .or_insert((name.clone(), address, 0));
                e.2 += 3;
                if e.0.is_empty() {
                    e.0 = name;
                }
            }
        }
        let mut out: Vec<(String, String, i64)> = seen.into_values().collect();
        out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        out.truncate(limit as usize);
        Ok(out.into_iter().map(|(n, a, _)| (n, a)).collect())
    }

    /// Full-text search across every account, newest first.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<MessageRow>, StoreError> {
        let match_expr = fts_query(query);
        if match_expr.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
             WHERE messages_fts MATCH ?1 ORDER BY m.date DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![match_expr, limit], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a message's raw text and indexes its body.
    pub fn save_body(
        &mut self,
        message_id: i64,
        raw: &[u8],
        body_text: &str,
        preview: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO bodies (message_id, raw, fetched_at) VALUES (?1, ?2, unixepoch())
             ON CONFLICT (message_id) DO UPDATE SET raw = excluded.raw, fetched_at = excluded.fetched_at",
            params![message_id, raw],
        )?;
        tx.execute(
            "UPDATE messages SET preview = ?2 WHERE id = ?1 AND preview = ''",
            params![message_id, preview],
        )?;
        tx.execute("DELETE FROM messages_fts WHERE rowid = ?1", [message_id])?;
        index_stored(&tx, message_id, body_text)?;
        tx.commit()?;
        Ok(())
    }

    /// Messages of an account whose full text is not stored yet, grouped by folder, newest
    /// first: (message id, folder name, uid).
    /// Up to `limit` messages whose text is not in the store, none larger than `max_size`
    /// bytes (those stay on the server until the user asks).
    pub fn messages_without_body(
        &self,
        account_id: i64,
        limit: u32,
        max_size: usize,
    ) -> Result<Vec<(i64, String, u32)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, f.name, m.uid FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE f.account_id = ?1 AND m.size <= ?3
               AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_id = m.id)
             ORDER BY f.special_use != 'inbox', f.name, m.date DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![account_id, limit, max_size as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn body(&self, message_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT raw FROM bodies WHERE message_id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets or clears flags on one message locally.
    pub fn set_message_flags(&self, message_id: i64, flags: Flags) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE messages SET flags = ?2 WHERE id = ?1",
            params![message_id, flags.0],
        )?;
        self.conn.execute(
            "UPDATE folders SET unread = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND flags & 1 = 0)
             WHERE id = (SELECT folder_id FROM messages WHERE id = ?1)",
            [message_id],
        )?;
        Ok(())
    }

    pub fn delete_message(&self, message_id: i64) -> Result<(), StoreError> {
        let folder: Option<i64> = self
            .conn
            .query_row(
                "SELECT folder_id FROM messages WHERE id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?;
        self.conn
            .execute("DELETE FROM messages WHERE id = ?1", [message_id])?;
        if let Some(folder) = folder {
            self.refresh_counts(folder)?;
        }
        Ok(())
    }
}

/// Inserts one message (or refreshes the flags of a known UID) and indexes `body_text` with
/// it; returns its id.
pub(crate) fn insert_one(
    tx: &rusqlite::Transaction<'_>,
    folder_id: i64,
    m: &NewMessage,
    body_text: &str,
) -> Result<i64, StoreError> {
    match insert_row(tx, folder_id, m)? {
        Inserted::New(id) => {
            index_text(tx, id, m, body_text)?;
            Ok(id)
        }
        Inserted::Known(id) => Ok(id),
    }
}

/// Whether [`insert_row`] added a message or found its UID already there.
pub(crate) enum Inserted {
    New(i64),
    Known(i64),
}

/// Inserts a message's row (not its index entry); a UID already stored keeps its row and gets
/// the new flags.
pub(crate) fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    folder_id: i64,
    m: &NewMessage,
) -> Result<Inserted, StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO messages (folder_id, uid, modseq, flags, message_id, in_reply_to, references_, thread_key,
             subject, from_name, from_addr, to_addrs, cc_addrs, date, internal_date, size, has_attachments, preview)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (folder_id, uid) DO NOTHING",
    )?;
    let changed = insert.execute(params![
        folder_id,
        m.uid,
        m.modseq as i64,
        m.flags.0,
        m.message_id,
        m.in_reply_to,
        m.references,
        thread_key(m),
        m.subject,
        m.from_name,
        m.from_addr,
        m.to,
        m.cc,
        m.date,
        m.internal_date,
        m.size,
        m.has_attachments,
        m.preview
    ])?;
    if changed == 1 {
        let id = tx.last_insert_rowid();
        let account_id: i64 = tx
            .prepare_cached("SELECT account_id FROM folders WHERE id = ?1")?
            .query_row([folder_id], |r| r.get(0))?;
        super::threads::thread_message(tx, account_id, id, m)?;
        Ok(Inserted::New(id))
    } else {
        tx.prepare_cached(
            "UPDATE messages SET flags = ?3, modseq = ?4 WHERE folder_id = ?1 AND uid = ?2",
        )?
        .execute(params![folder_id, m.uid, m.flags.0, m.modseq as i64])?;
        Ok(Inserted::Known(
            tx.prepare_cached("SELECT id FROM messages WHERE folder_id = ?1 AND uid = ?2")?
                .query_row(params![folder_id, m.uid], |r| r.get(0))?,
        ))
    }
}

/// Adds a new message's subject, addresses and text to the search index.
pub(crate) fn index_text(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    m: &NewMessage,
    body_text: &str,
) -> Result<(), StoreError> {
    let addresses = format!("{} {} {} {}", m.from_name, m.from_addr, m.to, m.cc);
    tx.prepare_cached(
        "INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, m.subject, addresses, body_text])?;
    Ok(())
}

/// Adds a stored message to the search index: the subject and addresses of its row, and
/// `body_text`.
pub(crate) fn index_stored(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    body_text: &str,
) -> Result<(), StoreError> {
    let (subject, addresses): (String, String) = tx
        .prepare_cached(
            "SELECT subject, from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs
             FROM messages WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tx.prepare_cached(
        "INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, subject, addresses, body_text])?;
    Ok(())
}

/// The thread a message belongs to: the first of its References, else its In-Reply-To, else
/// itself.
fn thread_key(m: &NewMessage) -> String {
    m.references
        .split_whitespace()
        .next()
        .or_else(|| m.in_reply_to.split_whitespace().next())
        .unwrap_or(&m.message_id)
        .to_string()
}

/// Turns what a person types into an FTS5 query: every word must match, as a prefix; quotes
/// and operators typed by the user are taken literally.
pub fn fts_query(input: &str) -> String {
    input
        .split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '-' && c != '_')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

pub use super::actions::{PendingAction, QueuedAction};
