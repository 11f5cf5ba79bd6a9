//! The GUI's read side of the store: pages of the message list, the sidebar, one message.
//!
//! The engine is the only writer; the window reads through its own read-only connection, on
//! tokio's blocking pool, from `Task`s — never inside `update` or `view`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::mime::display::Display;
use crate::store::{Folder, MessageRow, Scope, Store, StoreError};

/// Read-only access to the local cache, cheap to clone.
#[derive(Debug, Clone)]
pub struct Library {
    path: PathBuf,
    connection: Arc<Mutex<Option<Store>>>,
}

/// One account in the sidebar.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFolders {
    pub email: String,
    pub account_id: i64,
    pub folders: Vec<Folder>,
}

/// A window of the message list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub offset: usize,
    pub rows: Vec<MessageRow>,
    /// Messages in the whole list.
    pub total: usize,
}

/// A message opened in the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub row: MessageRow,
    /// The address of the account it belongs to.
    pub account: String,
    /// `None`: the text is not downloaded yet.
    pub display: Option<Display>,
}

impl Library {
    pub fn new(path: PathBuf) -> Library {
        Library {
            path,
            connection: Arc::new(Mutex::new(None)),
        }
    }

    async fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, String> {
        let (path, connection) = (self.path.clone(), self.connection.clone());
        tokio::task::spawn_blocking(move || {
            let mut slot = connection.lock().unwrap_or_else(|p| p.into_inner());
            if slot.is_none() {
                *slot = Some(Store::open_read_only(&path).map_err(|e| e.to_string())?);
            }
            let store = slot.as_ref().ok_or("no store")?;
            f(store).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Every account's folders, in the order of `emails`.
    pub async fn sidebar(self, emails: Vec<String>) -> Result<Vec<AccountFolders>, String> {
        self.read(move |s| {
            let mut out = Vec::new();
            for email in emails {
                let Some(account_id) = s.account_id(&email)? else {
                    continue;
                };
                let folders = s.folders(account_id)?;
                out.push(AccountFolders {
                    email,
                    account_id,
                    folders,
                });
            }
            Ok(out)
        })
        .await
    }

    /// `limit` rows of a list from `offset`, newest first, with the list's length.
    pub async fn page(self, scope: Scope, offset: usize, limit: usize) -> Result<Page, String> {
        self.read(move |s| {
            let total = s.count_messages(&scope)? as usize;
            let rows = s.messages(&scope, limit as u32, offset as u32)?;
            Ok(Page {
                offset,
                rows,
                total,
            })
        })
        .await
    }

    /// Messages matching a search, newest first.
    pub async fn search(self, query: String, limit: usize) -> Result<Vec<MessageRow>, String> {
        self.read(move |s| s.search(&query, limit as u32)).await
    }

    /// A message with its text, if downloaded.
    pub async fn open(self, id: i64) -> Result<Option<Opened>, String> {
        self.read(move |s| {
            let (Some(row), Some(account)) = (s.message(id)?, s.message_account(id)?) else {
                return Ok(None);
            };
            let display = s.body(id)?.map(|raw| Display::parse(&raw));
            Ok(Some(Opened {
                row,
                account,
                display,
            }))
        })
        .await
    }
}
