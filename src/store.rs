//! The local mail cache: SQLite through rusqlite (bundled, with FTS5).
//!
//! The engine holds the only writing connection ([`Store::open`]); the GUI and the command
//! line read through [`Store::open_read_only`]. The writer holds an exclusive lock on a file
//! beside the database (`….sqlite3.lock`) for as long as it lives, so a second process (the
//! command line while the window runs, a second window) cannot write behind its back: it
//! gets [`StoreError::InUse`] and says so. The database is in WAL mode, so readers never
//! wait for the writer, with `synchronous = FULL`: a committed transaction is on disk, which
//! POP3 relies on before it deletes anything on the server.

pub mod actions;
pub mod checkpoint;
pub mod conversations;
pub mod drafts;
pub mod envelope;
pub mod mail;
pub mod outbox;
pub mod pop3;
pub mod schema;
pub mod search;
pub mod special_use;
pub mod threads;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use mail::{Flags, Folder, FolderState, MessageRow, NewMessage, Scope, Thread};
pub use schema::LATEST as SCHEMA_VERSION;
pub use special_use::SpecialUse;

/// Why the store could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the mail cache {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the mail cache {path} was written by a newer Facteur (version {found}; this one knows up to {SCHEMA_VERSION})"
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("cannot upgrade the mail cache {path} to version {version}: {source}")]
    Migration {
        path: PathBuf,
        version: u32,
        source: rusqlite::Error,
    },
    #[error("mail cache: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("mail cache: a damaged record: {0}")]
    Damaged(String),
    /// Another process (another Facteur) is the store's writer.
    #[error("the mail cache {path} is in use by another Facteur{}", pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    InUse { path: PathBuf, pid: Option<u32> },
}

/// A connection to the store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The writer's lock (see the module's doc); `None` for readers.
    _writer: Option<std::fs::File>,
}

/// Takes the writer's lock of the store at `path`, or says who holds it.
fn writer_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    use std::io::{Read as _, Seek as _, Write as _};
    let lock_path = PathBuf::from(format!("{}.lock", path.display()));
    let failed = |e: std::io::Error| StoreError::Open {
        path: lock_path.clone(),
        source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
    };
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(failed)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(StoreError::InUse {
                path: path.into(),
                pid: holder.trim().parse().ok(),
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
    }
    // Who holds it, for the message the next process gives.
    file.set_len(0).map_err(failed)?;
    file.rewind().map_err(failed)?;
    write!(file, "{}", std::process::id()).map_err(failed)?;
    Ok(file)
}

impl Store {
    /// Opens (creating if needed) the store for writing and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.into(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| open_err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        }
        let writer = writer_lock(path)?;
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        // 16 KB pages (for a new store; an existing one keeps its own): whole messages, a few
        // to a hundred KB, span a quarter as many overflow pages as with the default 4 KB,
        // which makes storing them markedly cheaper.
        conn.execute_batch(
            "PRAGMA page_size = 16384;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )
        .map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.into(),
            _writer: Some(writer),
        };
        store.migrate_to(SCHEMA_VERSION)?;
        Ok(store)
    }

    /// Opens an existing store for reading only (the GUI and command-line readers).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.into(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        let store = Store {
            conn,
            path: path.into(),
            _writer: None,
        };
        let found = store.version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.into(),
                found,
            });
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the query modules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The schema version of the open database.
    pub fn version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Applies the migrations from the current version up to `target`, each in its own
    /// transaction. Refuses a database newer than this build.
    pub fn migrate_to(&mut self, target: u32) -> Result<(), StoreError> {
        let current = self.version()?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: current,
            });
        }
        for version in current..target.min(SCHEMA_VERSION) {
            let migration_err = |source| StoreError::Migration {
                path: self.path.clone(),
                version: version + 1,
                source,
            };
            let tx = self.conn.transaction().map_err(migration_err)?;
            tx.execute_batch(schema::MIGRATIONS[version as usize])
                .map_err(migration_err)?;
            schema::after(version + 1, &tx).map_err(|e| match e {
                StoreError::Sql(source) => migration_err(source),
                other => other,
            })?;
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(migration_err)?;
            tx.commit().map_err(migration_err)?;
        }
        Ok(())
    }

    /// The id of an account's row, created on first use.
    pub fn ensure_account(&self, email: &str) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO accounts (email) VALUES (?1)",
            [email],
        )?;
        Ok(self
            .conn
            .query_row("SELECT id FROM accounts WHERE email = ?1", [email], |r| {
                r.get(0)
            })?)
    }

    /// Removes an account and everything cached for it.
    pub fn remove_account(&self, email: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM accounts WHERE email = ?1", [email])?
            > 0)
    }

    pub fn account_email(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT email FROM accounts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn account_id(&self, email: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM accounts WHERE email = ?1", [email], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests;
