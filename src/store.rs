//! The local mail cache: SQLite through rusqlite (bundled, with FTS5).
//!
//! The engine holds the only writing connection ([`Store::open`]); the GUI and the command
//! line read through [`Store::open_read_only`]. The database is in WAL mode, so readers never
//! wait for the writer, with `synchronous = FULL`: a committed transaction is on disk, which
//! POP3 relies on before it deletes anything on the server.

pub mod checkpoint;
pub mod drafts;
pub mod envelope;
pub mod mail;
pub mod outbox;
pub mod pop3;
pub mod schema;
pub mod search;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use mail::{Flags, Folder, FolderState, MessageRow, NewMessage, Scope};
pub use schema::LATEST as SCHEMA_VERSION;

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
}

/// A connection to the store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
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
