//! Search indexing that follows the commit of a download instead of being part of it.
//!
//! Indexing a message's text costs more than storing it. A POP3 download stores messages and
//! their UIDLs first (`search_pending` records what is not indexed yet), so that the commit
//! that allows the server to delete its copy comes as early as possible; the engine then
//! indexes them ([`Store::unindexed`], parse, [`Store::index_texts`]), as Geary fills its
//! search table after a sync. A crash in between leaves the waiting list, which the next
//! check works through.

use super::{Store, StoreError};

impl Store {
    /// Messages waiting for the search index, oldest first, with their raw text: at most
    /// `limit` messages, and fewer once `max_bytes` of raw text are gathered (at least one).
    pub fn unindexed(
        &self,
        limit: u32,
        max_bytes: usize,
    ) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.message_id, COALESCE(b.raw, X'') FROM search_pending p
             LEFT JOIN bodies b ON b.message_id = p.message_id
             ORDER BY p.message_id LIMIT ?1",
        )?;
        let mut rows = stmt.query([limit])?;
        let mut out = Vec::new();
        let mut bytes = 0;
        while let Some(row) = rows.next()? {
            let raw: Vec<u8> = row.get(1)?;
            bytes += raw.len();
            out.push((row.get(0)?, raw));
            if bytes >= max_bytes {
                break;
            }
        }
        Ok(out)
    }

    /// How many messages wait for the search index.
    pub fn unindexed_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM search_pending", [], |r| r.get(0))?)
    }

    /// Indexes waiting messages with their body text (subject and addresses come from their
    /// rows) and takes them off the waiting list, in one transaction. A message no longer
    /// waiting (indexed meanwhile, or deleted) is skipped. Returns how many were indexed.
    pub fn index_texts(&mut self, texts: &[(i64, String)]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut indexed = 0;
        {
            let mut take = tx.prepare_cached("DELETE FROM search_pending WHERE message_id = ?1")?;
            for (id, text) in texts {
                if take.execute([id])? == 1 {
                    super::mail::index_stored(&tx, *id, text)?;
                    indexed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(indexed)
    }
}
