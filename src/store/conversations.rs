//! What the lists and the reader read of conversations (kept by [`super::threads`]): a page
//! of a folder's conversations, newest first, each as its newest message there with what the
//! whole conversation holds; and one conversation's messages, oldest first.
//!
//! A page is read in the order of `folder_conversations`' index, then a few indexed rows per
//! conversation, so it costs the same in a folder of 100 or of 100,000 messages.

use rusqlite::params;

use super::mail::{ROW_COLUMNS, row};
use super::{Flags, MessageRow, Scope, Store, StoreError, Thread};

/// One message of a conversation as its members are read.
struct Member {
    id: i64,
    message_id: String,
    flags: Flags,
    has_attachments: bool,
    from_name: String,
    from_addr: String,
    /// In the Trash or Junk folder.
    put_away: bool,
}

impl Store {
    /// A page of a list's conversations, newest first: each row is the conversation's newest
    /// message in the list, with [`MessageRow::thread`] set when it holds more than one.
    pub fn conversations(
        &self,
        scope: &Scope,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let (sql, arg) = match scope {
            Scope::Folder(id) => (
                "SELECT conversation FROM folder_conversations WHERE folder_id = ?1
                 ORDER BY newest DESC, conversation DESC LIMIT ?2 OFFSET ?3",
                *id,
            ),
            Scope::UnifiedInbox => (
                "SELECT conversation FROM folder_conversations
                 WHERE folder_id IN (SELECT id FROM folders WHERE special_use = 'inbox') AND ?1 = ?1
                 ORDER BY newest DESC, conversation DESC LIMIT ?2 OFFSET ?3",
                0,
            ),
            Scope::Account(id) => (
                "SELECT conversation FROM folder_conversations
                 WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?1)
                 GROUP BY conversation ORDER BY MAX(newest) DESC, conversation DESC LIMIT ?2 OFFSET ?3",
                *id,
            ),
        };
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(sql)?
            .query_map(params![arg, limit, offset], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut rows = Vec::with_capacity(ids.len());
        for conversation in ids {
            if let Some(row) = self.conversation_row(scope, conversation)? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// How many conversations a list holds.
    pub fn count_conversations(&self, scope: &Scope) -> Result<i64, StoreError> {
        let (sql, arg) = match scope {
            Scope::Folder(id) => (
                "SELECT COUNT(*) FROM folder_conversations WHERE folder_id = ?1",
                *id,
            ),
            Scope::UnifiedInbox => (
                "SELECT COUNT(*) FROM folder_conversations
                 WHERE folder_id IN (SELECT id FROM folders WHERE special_use = 'inbox') AND ?1 = ?1",
                0,
            ),
            Scope::Account(id) => (
                "SELECT COUNT(DISTINCT conversation) FROM folder_conversations
                 WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?1)",
                *id,
            ),
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([arg], |r| r.get(0))?)
    }

    /// A conversation's row in a list: its newest message in `scope`, with the flags of all.
    fn conversation_row(
        &self,
        scope: &Scope,
        conversation: i64,
    ) -> Result<Option<MessageRow>, StoreError> {
        let (filter, arg) = match scope {
            Scope::Folder(id) => ("m.folder_id = ?2", *id),
            Scope::UnifiedInbox => (
                "m.folder_id IN (SELECT id FROM folders WHERE special_use = 'inbox') AND ?2 = ?2",
                0,
            ),
            Scope::Account(id) => (
                "m.folder_id IN (SELECT id FROM folders WHERE account_id = ?2)",
                *id,
            ),
        };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM messages m WHERE m.conversation = ?1 AND {filter}
             ORDER BY m.date DESC, m.id DESC LIMIT 1"
        );
        let mut newest = match self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![conversation, arg], row)?
            .next()
        {
            Some(row) => row?,
            None => return Ok(None),
        };
        let put_away = self.is_put_away(newest.folder_id)?;
        let members: Vec<Member> = self
            .members(conversation)?
            .into_iter()
            .filter(|m| m.put_away == put_away)
            .collect();
        let distinct = distinct(&members);
        if distinct.len() > 1 {
            let mut seen = true;
            let mut flagged = false;
            let mut attachments = false;
            let mut participants: Vec<(String, String)> = Vec::new();
            for m in &distinct {
                seen &= m.flags.contains(Flags::SEEN);
                flagged |= m.flags.contains(Flags::FLAGGED);
                attachments |= m.has_attachments;
                if !participants
                    .iter()
                    .any(|(_, a)| a.eq_ignore_ascii_case(&m.from_addr))
                {
                    participants.push((m.from_name.clone(), m.from_addr.clone()));
                }
            }
            newest.flags = newest
                .flags
                .with(Flags::SEEN, seen)
                .with(Flags::FLAGGED, flagged);
            newest.has_attachments = attachments;
            newest.thread = Some(Thread {
                count: distinct.len() as u32,
                participants,
                members: members.iter().map(|m| m.id).collect(),
            });
        }
        Ok(Some(newest))
    }

    /// A conversation's messages, oldest first, one row per message (the copy in
    /// `prefer_folder` where there are several). Those in the Trash or Junk are left out,
    /// unless the conversation is opened from there (then only they are shown).
    pub fn conversation(
        &self,
        conversation: i64,
        prefer_folder: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let put_away = self.is_put_away(prefer_folder)?;
        let sql = format!(
            "SELECT {ROW_COLUMNS}, f.special_use IN ('trash', 'junk') FROM messages m
             JOIN folders f ON f.id = m.folder_id
             WHERE m.conversation = ?1 ORDER BY m.date, m.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([conversation], |r| Ok((row(r)?, r.get::<_, bool>(15)?)))?;
        let mut out: Vec<MessageRow> = Vec::new();
        let mut at: std::collections::HashMap<String, usize> = Default::default();
        for found in rows {
            let (row, in_trash) = found?;
            if in_trash != put_away {
                continue;
            }
            let copy = (!row.message_id.is_empty())
                .then(|| at.get(&row.message_id).copied())
                .flatten();
            match copy {
                Some(i) if row.folder_id == prefer_folder => out[i] = row,
                Some(_) => {}
                None => {
                    if !row.message_id.is_empty() {
                        at.insert(row.message_id.clone(), out.len());
                    }
                    out.push(row);
                }
            }
        }
        Ok(out)
    }

    /// Whether a folder is the Trash or Junk, whose messages a conversation elsewhere leaves
    /// out.
    fn is_put_away(&self, folder_id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM folders WHERE id = ?1 AND special_use IN ('trash', 'junk')",
            )?
            .query_row([folder_id], |r| r.get::<_, i64>(0))?
            > 0)
    }

    fn members(&self, conversation: i64) -> Result<Vec<Member>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.message_id, m.flags, m.has_attachments, m.from_name, m.from_addr,
                    f.special_use IN ('trash', 'junk')
             FROM messages m JOIN folders f ON f.id = m.folder_id
             WHERE m.conversation = ?1 ORDER BY m.date, m.id",
        )?;
        let rows = stmt.query_map([conversation], |r| {
            Ok(Member {
                id: r.get(0)?,
                message_id: r.get(1)?,
                flags: Flags(r.get(2)?),
                has_attachments: r.get(3)?,
                from_name: r.get(4)?,
                from_addr: r.get(5)?,
                put_away: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The members without the copies of one message (by Message-ID), in order.
fn distinct(members: &[Member]) -> Vec<&Member> {
    let mut seen = std::collections::HashSet::new();
    members
        .iter()
        .filter(|m| m.message_id.is_empty() || seen.insert(m.message_id.as_str()))
        .collect()
}

impl Store {
    /// Threads every message again from scratch: what the migration to conversations does,
    /// and a repair should the grouping ever be damaged. Returns how many messages it threaded.
    pub fn rethread_all(&mut self) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM folder_conversations; DELETE FROM thread_ids; DELETE FROM thread_subjects;
             DELETE FROM conversations; UPDATE messages SET conversation = 0 WHERE conversation != 0;",
        )?;
        // The rows just emptied need not be kept up to date one message at a time.
        tx.execute("DELETE FROM folder_conversations", [])?;
        let n = super::threads::thread_all(&tx)?;
        tx.commit()?;
        Ok(n)
    }
}

impl Store {
    /// The conversation of the message of `folder` with this Message-ID.
    pub fn conversation_of_message_id(
        &self,
        folder: i64,
        message_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        use rusqlite::OptionalExtension as _;
        Ok(self
            .conn
            .query_row(
                "SELECT conversation FROM messages WHERE folder_id = ?1 AND message_id = ?2",
                params![folder, message_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
