//! The outbox: mail waiting to be sent, committed before any network I/O.
//!
//! States: `queued` (waiting, maybe for a retry at `next_attempt_at`) → `sending` (written just
//! before the message text goes to the server) → `sent` (the server accepted it; a copy still
//! has to reach the Sent folder) → the row is removed. `failed` keeps a refused message, with
//! the server's text, for the user to edit or retry. A row found in `sending` at start-up was
//! interrupted while the server was receiving it: it may or may not have been accepted, so it
//! is never re-sent automatically (see [`Store::outbox_recover`]).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// The text stored as `last_error` for a message whose sending was interrupted after its text
/// started to go out; the interface translates it.
pub const UNCONFIRMED: &str = "unconfirmed";

/// Where a message in the outbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Queued,
    Sending,
    Sent,
    Failed,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> OutboxState {
        match s {
            "sending" => OutboxState::Sending,
            "sent" | "saved-to-sent" => OutboxState::Sent,
            "failed" => OutboxState::Failed,
            _ => OutboxState::Queued,
        }
    }
}

/// One message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub account_id: i64,
    pub account: String,
    /// The Message-ID header, without angle brackets.
    pub message_id: String,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub raw: Vec<u8>,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: i64,
    pub last_error: String,
    pub created_at: i64,
}

const COLUMNS: &str = "o.id, o.account_id, a.email, o.message_id, o.envelope_from, o.envelope_to, o.raw, o.state, o.attempts, o.next_attempt_at, o.last_error, o.created_at";

fn item(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxItem> {
    let to: String = r.get(5)?;
    let state: String = r.get(7)?;
    Ok(OutboxItem {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account: r.get(2)?,
        message_id: r.get(3)?,
        envelope_from: r.get(4)?,
        envelope_to: serde_json::from_str(&to).unwrap_or_default(),
        raw: r.get(6)?,
        state: OutboxState::parse(&state),
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error: r.get(10)?,
        created_at: r.get(11)?,
    })
}

impl Store {
    /// Puts a message in the outbox; it is on disk when this returns.
    pub fn outbox_queue(
        &self,
        account_id: i64,
        message_id: &str,
        envelope_from: &str,
        envelope_to: &[String],
        raw: &[u8],
    ) -> Result<i64, StoreError> {
        let to = serde_json::to_string(envelope_to).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "INSERT INTO outbox (account_id, message_id, envelope_from, envelope_to, raw, state, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'queued', unixepoch(), unixepoch())",
            params![account_id, message_id, envelope_from, to, raw],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The outbox of one account (or all), oldest first.
    pub fn outbox(&self, account_id: Option<i64>) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox o JOIN accounts a ON a.id = o.account_id
             WHERE ?1 IS NULL OR o.account_id = ?1 ORDER BY o.id"
        ))?;
        let rows = stmt.query_map([account_id], item)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn outbox_item(&self, id: i64) -> Result<Option<OutboxItem>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM outbox o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?1"
                ),
                [id],
                item,
            )
            .optional()?)
    }

    /// Records a new state (and error text) of one message.
    pub fn outbox_set(
        &self,
        id: i64,
        state: OutboxState,
        last_error: &str,
        next_attempt_at: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4, updated_at = unixepoch(),
                 attempts = attempts + (?2 = 'sending')
             WHERE id = ?1",
            params![id, state.as_str(), last_error, next_attempt_at],
        )?;
        Ok(())
    }

    /// Removes a message from the outbox (sent and saved, or cancelled by the user).
    pub fn outbox_remove(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM outbox WHERE id = ?1", [id])?
            > 0)
    }

    /// At start-up: a message left in `sending` was interrupted while the server received
    /// it. It may have been accepted, so it becomes `failed` with [`UNCONFIRMED`] and waits for
    /// the user instead of being sent a second time. Returns how many.
    pub fn outbox_recover(&self, account_id: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'failed', last_error = ?2, updated_at = unixepoch()
             WHERE account_id = ?1 AND state = 'sending'",
            params![account_id, UNCONFIRMED],
        )?)
    }

    /// Makes every message of an account that waits for a retry due now (the user asked to
    /// send and receive, or the network came back). Returns how many.
    pub fn outbox_wake(&self, account_id: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET next_attempt_at = 0 WHERE account_id = ?1 AND state = 'queued'",
            [account_id],
        )?)
    }

    /// Puts a failed message back in the queue, to be sent now.
    pub fn outbox_retry(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'queued', next_attempt_at = 0, last_error = '', updated_at = unixepoch()
             WHERE id = ?1 AND state IN ('failed', 'queued')",
            [id],
        )? > 0)
    }
}
