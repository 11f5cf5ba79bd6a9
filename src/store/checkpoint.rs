//! WAL checkpoints on a thread of their own.
//!
//! In WAL mode every commit appends to the `-wal` file, and a checkpoint copies those pages
//! into the database and syncs it. SQLite's automatic checkpoint runs inside the commit that
//! crosses its threshold, so the writer (a POP3 download waiting to tell the server it may
//! delete) pays for copying everything written before. Here the writer only appends and
//! syncs the WAL, which is what makes a commit durable; a second connection copies the pages
//! over (`PASSIVE`: it never blocks the writer or readers) once the writer has been quiet
//! for a moment, or at once when the WAL has grown very large. A burst of commits (a
//! download of thousands of messages) thus never shares the disk with a checkpoint, and the
//! WAL stays bounded.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::Duration;

use rusqlite::Connection;

use super::{Store, StoreError};

/// The WAL size from which a checkpoint is worth it once the writer is quiet.
const THRESHOLD: u64 = 4 * 1024 * 1024;
/// The WAL size from which a checkpoint starts even while the writer is busy.
const CAP: u64 = 512 * 1024 * 1024;
/// How long the writer must be quiet.
const QUIET: Duration = Duration::from_millis(300);

/// Keeps the checkpoint thread running; dropping it stops the thread (after a last
/// checkpoint).
#[derive(Debug)]
pub struct Checkpointer {
    nudge: SyncSender<()>,
}

impl Checkpointer {
    /// Says that the writer committed; the thread checkpoints if the WAL has grown enough.
    pub fn nudge(&self) {
        // A nudge already waiting covers this one; a stopped thread needs none.
        let _ = self.nudge.try_send(());
    }
}

impl Store {
    /// Hands this store's checkpoints over to a thread with its own connection. Without it
    /// (or if it cannot start), SQLite's automatic checkpoints stay on.
    pub fn checkpoint_in_background(&self) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(&self.path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let (nudge, nudged) = sync_channel(1);
        let wal = PathBuf::from(format!("{}-wal", self.path.display()));
        std::thread::Builder::new()
            .name("facteur-checkpoint".into())
            .spawn(move || run(conn, wal, nudged))
            .map_err(|e| StoreError::Open {
                path: self.path.clone(),
                source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
            })?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(Checkpointer { nudge })
    }
}

fn run(conn: Connection, wal: PathBuf, nudged: Receiver<()>) {
    let size = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    while nudged.recv().is_ok() {
        loop {
            match nudged.recv_timeout(QUIET) {
                Ok(()) if size() >= CAP => checkpoint(&conn),
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    checkpoint(&conn);
                    return;
                }
            }
        }
        if size() >= THRESHOLD {
            checkpoint(&conn);
        }
    }
    checkpoint(&conn);
}

fn checkpoint(conn: &Connection) {
    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
        tracing::warn!(error = %e, "WAL checkpoint failed");
    }
}
