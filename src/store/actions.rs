//! User actions (flags, moves, deletions) made offline or not yet confirmed, queued in the
//! store and replayed on the server in order (RFC 4549).

use rusqlite::params;

use super::{Store, StoreError};

/// A user action waiting to be replayed on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAction {
    pub id: i64,
    pub folder: String,
    pub uids: Vec<u32>,
    pub action: QueuedAction,
}

/// What a queued action does on the server. Stored as a stable code (`kind`) and an
/// argument; everywhere else it is this enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueuedAction {
    /// IMAP flags (`\Seen`, `\Flagged`) to add or remove.
    AddFlags(String),
    RemoveFlags(String),
    Move {
        to: String,
    },
    /// Moved to `trash` when the account has one (and it is not the folder itself), else
    /// marked deleted and expunged.
    Delete {
        trash: Option<String>,
    },
}

impl QueuedAction {
    /// The row's `kind` and `argument`.
    fn columns(&self) -> (&'static str, &str) {
        match self {
            QueuedAction::AddFlags(flags) => ("add-flags", flags),
            QueuedAction::RemoveFlags(flags) => ("remove-flags", flags),
            QueuedAction::Move { to } => ("move", to),
            QueuedAction::Delete { trash } => ("delete", trash.as_deref().unwrap_or("")),
        }
    }

    /// The action a row holds; `None` for a kind this Facteur does not replay.
    fn from_columns(kind: &str, argument: String) -> Option<QueuedAction> {
        Some(match kind {
            "add-flags" => QueuedAction::AddFlags(argument),
            "remove-flags" => QueuedAction::RemoveFlags(argument),
            "move" => QueuedAction::Move { to: argument },
            "delete" => QueuedAction::Delete {
                trash: Some(argument).filter(|t| !t.is_empty()),
            },
            _ => return None,
        })
    }
}

impl Store {
    /// Queues an action for replay; returns its id.
    pub fn queue_action(
        &self,
        account_id: i64,
        folder: &str,
        uids: &[u32],
        action: &QueuedAction,
    ) -> Result<i64, StoreError> {
        let (kind, argument) = action.columns();
        let uids = uids
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        self.conn.execute(
            "INSERT INTO pending_actions (account_id, kind, folder, uids, argument, created_at) VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
            params![account_id, kind, folder, uids, argument],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The queued actions of an account, oldest first.
    pub fn pending_actions(&self, account_id: i64) -> Result<Vec<PendingAction>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, kind, folder, uids, argument FROM pending_actions WHERE account_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([account_id], |r| {
            let (id, kind, uids): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(3)?);
            Ok(
                QueuedAction::from_columns(&kind, r.get(4)?).map(|action| PendingAction {
                    id,
                    folder: r.get(2).unwrap_or_default(),
                    uids: uids.split(',').filter_map(|u| u.parse().ok()).collect(),
                    action,
                }),
            )
        })?;
        // A kind this Facteur cannot replay (written by a newer one) stays queued.
        Ok(rows
            .filter_map(|row| row.transpose())
            .collect::<Result<_, _>>()?)
    }

    pub fn finish_action(&self, id: i64) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM pending_actions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Makes the next sync of a folder refetch every UID from `uid` on (used to restore
    /// messages whose move or deletion the server refused).
    pub fn refetch_from(&self, folder_id: i64, uid: u32) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE folders SET uidnext = MIN(uidnext, ?2), highestmodseq = 0 WHERE id = ?1",
            params![folder_id, uid],
        )?;
        Ok(())
    }
}
