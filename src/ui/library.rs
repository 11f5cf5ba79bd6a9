//! The GUI's read side of the store: pages of the message list, the sidebar, one message.
//!
//! The engine is the only writer; the window reads through its own read-only connection, on
//! tokio's blocking pool, from `Task`s — never inside `update` or `view`.

use crate::ui::Failure;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::mime::display::Display;
use crate::store::drafts::SavedDraft;
use crate::store::outbox::OutboxItem;
use crate::store::{Folder, MessageRow, Scope, Store, StoreError};
use crate::ui::composer::Contact;

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

/// A message of the outbox, as the Outbox folder lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub account: String,
    pub subject: String,
    /// Every recipient, To, Cc and Bcc.
    pub recipients: String,
    pub state: crate::store::outbox::OutboxState,
    pub attempts: u32,
    /// The server's words (or [`UNCONFIRMED`](crate::store::outbox::UNCONFIRMED)).
    pub last_error: String,
    pub created_at: i64,
}

impl From<&OutboxItem> for OutboxEntry {
    fn from(item: &OutboxItem) -> OutboxEntry {
        let subject = crate::mime::parse_headers(&item.raw)
            .and_then(|m| m.subject().map(str::to_string))
            .unwrap_or_default();
        OutboxEntry {
            id: item.id,
            account: item.account.clone(),
            subject,
            recipients: item.envelope_to.join(", "),
            state: item.state,
            attempts: item.attempts,
            last_error: item.last_error.clone(),
            created_at: item.created_at,
        }
    }
}

/// A stored message to write from.
#[derive(Debug, Clone)]
pub struct Source {
    pub row: MessageRow,
    pub account: String,
    pub raw: Vec<u8>,
    /// It is the server copy of this draft of ours.
    pub draft_key: Option<String>,
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
    ) -> Result<R, Failure> {
        let (path, connection) = (self.path.clone(), self.connection.clone());
        tokio::task::spawn_blocking(move || {
            let mut slot = connection.lock().unwrap_or_else(|p| p.into_inner());
            if slot.is_none() {
                *slot = Some(Store::open_read_only(&path).map_err(Failure::new)?);
            }
            let store = slot
                .as_ref()
                .ok_or_else(|| Failure::new(anyhow::anyhow!("no store")))?;
            f(store).map_err(Failure::new)
        })
        .await
        .map_err(Failure::new)?
    }

    /// Every account's folders, in the order of `emails`.
    pub async fn sidebar(self, emails: Vec<String>) -> Result<Vec<AccountFolders>, Failure> {
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
    pub async fn page(self, scope: Scope, offset: usize, limit: usize) -> Result<Page, Failure> {
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
    pub async fn search(self, query: String, limit: usize) -> Result<Vec<MessageRow>, Failure> {
        self.read(move |s| s.search(&query, limit as u32)).await
    }

    /// People to offer in the composer's address fields.
    pub async fn contacts(self) -> Result<Vec<Contact>, Failure> {
        self.read(|s| {
            Ok(s.contacts(5000)?
                .into_iter()
                .map(|(name, email)| Contact { name, email })
                .collect())
        })
        .await
    }

    /// A stored draft and the address of its account.
    pub async fn draft(self, key: String) -> Result<Option<(String, SavedDraft)>, Failure> {
        self.read(move |s| {
            let Some(draft) = s.draft(&key)? else {
                return Ok(None);
            };
            Ok(s.account_email(draft.account_id)?
                .map(|email| (email, draft)))
        })
        .await
    }

    /// A message's row, account and raw text (for a reply, a forward or a draft to go on
    /// with), with the key of the draft it is a copy of, if any.
    pub async fn source(self, id: i64) -> Result<Option<Source>, Failure> {
        self.read(move |s| {
            let (Some(row), Some(account), Some(raw)) =
                (s.message(id)?, s.message_account(id)?, s.body(id)?)
            else {
                return Ok(None);
            };
            let draft_key = if row.message_id.is_empty() {
                None
            } else {
                s.draft_key_for_message(&row.message_id)?
            };
            Ok(Some(Source {
                row,
                account,
                raw,
                draft_key,
            }))
        })
        .await
    }

    /// The outbox of every account, oldest first.
    pub async fn outbox(self) -> Result<Vec<OutboxItem>, Failure> {
        self.read(|s| s.outbox(None)).await
    }

    /// The outbox for the Outbox folder (without the messages' text).
    pub async fn outbox_entries(self) -> Result<Vec<OutboxEntry>, Failure> {
        self.read(|s| Ok(s.outbox(None)?.iter().map(OutboxEntry::from).collect()))
            .await
    }

    /// One message of the outbox.
    pub async fn outbox_item(self, id: i64) -> Result<Option<OutboxItem>, Failure> {
        self.read(move |s| s.outbox_item(id)).await
    }

    /// A message's raw text, if downloaded.
    pub async fn raw(self, id: i64) -> Result<Option<Vec<u8>>, Failure> {
        self.read(move |s| s.body(id)).await
    }

    /// A message with its text, if downloaded.
    pub async fn open(self, id: i64) -> Result<Option<Opened>, Failure> {
        self.read(move |s| {
            let (Some(row), Some(account)) = (s.message(id)?, s.message_account(id)?) else {
                return Ok(None);
            };
            let display = s.body(id)?.map(|raw| Display::parse_for_layout(&raw));
            Ok(Some(Opened {
                row,
                account,
                display,
            }))
        })
        .await
    }
}
