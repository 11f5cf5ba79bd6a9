//! The task serving one IMAP account: a sync connection for sync and user actions, a push
//! connection for IDLE, reconnection with backoff, and the offline action queue.

use crate::account::AccountId;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::actions::{self, MessageAction};
use super::folders;
use super::idle::{self, Push};
use super::sync;
use crate::account::{Account, Secrets};
use crate::engine::RequestId;
use crate::engine::event::PushState;
use crate::engine::{AccountState, Event, IncomingCommand, MailOp, StoreHandle, WorkerContext};
use crate::proto::Backoff;
use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError};
use crate::proto::imap::{self as client, Connection};
use crate::store::mail::QueuedAction;
use crate::store::{Flags, StoreError};

/// How long a sync connection's reads and writes may take.
const SYNC_IO_TIMEOUT: Duration = Duration::from_secs(120);
/// How often every folder (not only the inbox) is brought up to date.
const FULL_SYNC_INTERVAL: Duration = Duration::from_secs(15 * 60);

struct Worker {
    account: Account,
    account_id: i64,
    events: mpsc::UnboundedSender<Event>,
    store: StoreHandle,
    secrets: Option<Secrets>,
    idle_interval: Duration,
    conn: Option<Connection>,
    backoff: Backoff,
    retry_at: Option<Instant>,
    /// Why the last connection attempt failed, for a request that needed the connection.
    last_error: Option<MailError>,
    push: Option<tokio::task::JoinHandle<()>>,
    push_tx: mpsc::UnboundedSender<Push>,
    /// When drafts saved in the store are due to go to the server.
    drafts_due: Option<Instant>,
}

/// Serves an IMAP account until its command channel closes.
pub async fn serve(mut ctx: WorkerContext<IncomingCommand>) {
    let email = ctx.account.email.clone();
    let account_id = {
        let key = email.clone();
        match ctx.store.with(move |s| s.ensure_account(&key)).await {
            Ok(id) => id,
            Err(e) => {
                let _ = ctx.events.send(Event::Failed {
                    request: None,
                    account: Some(AccountId::of(&email)),
                    error: MailError::local_store(e),
                });
                return;
            }
        }
    };
    let (push_tx, mut push_rx) = mpsc::unbounded_channel();
    let mut w = Worker {
        account: ctx.account.clone(),
        account_id,
        events: ctx.events.clone(),
        store: ctx.store.clone(),
        secrets: ctx.secrets.clone(),
        idle_interval: ctx.idle_interval,
        conn: None,
        backoff: Backoff::new(Duration::from_secs(300)),
        retry_at: Some(Instant::now()),
        last_error: None,
        push: None,
        push_tx,
        // Drafts saved while offline (or before a crash) go up once connected.
        drafts_due: Some(Instant::now()),
    };
    let mut full_sync = tokio::time::interval(FULL_SYNC_INTERVAL);
    full_sync.tick().await;
    let mut want_full_sync = true;
    // "Keep all mail offline": bodies still to download, a chunk at a time between commands.
    let mut want_bodies = false;
    loop {
        if w.conn.is_none() && w.retry_at.is_some_and(|t| t <= Instant::now()) {
            w.connect().await;
        }
        if w.conn.is_some() {
            w.replay_pending().await;
        }
        if w.conn.is_some() && w.drafts_due.is_some_and(|t| t <= Instant::now()) {
            w.upload_drafts().await;
        }
        if w.conn.is_some() && want_full_sync {
            want_full_sync = !w.sync_all().await;
            want_bodies = !want_full_sync && w.account.keep_offline;
        }
        let retry = w.retry_at.filter(|_| w.conn.is_none());
        let drafts_due = w.drafts_due.filter(|_| w.conn.is_some());
        let download = want_bodies && w.conn.is_some();
        tokio::select! {
            biased;
            command = ctx.commands.recv() => match command {
                None => break,
                Some(IncomingCommand::Sync) => {
                    want_full_sync = true;
                    if w.conn.is_none() {
                        w.retry_at = Some(Instant::now());
                    }
                }
                Some(IncomingCommand::Update(account)) => {
                    w.account = *account;
                    w.disconnect();
                    w.retry_at = Some(Instant::now());
                    want_full_sync = true;
                }
                Some(IncomingCommand::Mail(op)) => w.run(op).await,
                Some(IncomingCommand::DraftsChanged) => {
                    // Removals of replaced or discarded drafts are queued: send them now;
                    // uploads wait a little, gathering the autosaves that follow.
                    if w.conn.is_some() {
                        w.replay_pending().await;
                    }
                    w.drafts_due
                        .get_or_insert(Instant::now() + crate::engine::drafts::UPLOAD_DELAY);
                }
            },
            Some(push) = push_rx.recv() => match push {
                Push::Changed => {
                    if w.conn.is_none() {
                        w.retry_at = Some(Instant::now());
                        want_full_sync = true;
                    } else if !w.sync_inbox().await {
                        want_full_sync = true;
                    }
                }
                Push::Up { idle } => w.emit(Event::Push {
                    account: w.account.id(),
                    state: if idle { PushState::Listening } else { PushState::Polling },
                }),
                Push::Down { error, retry_in } => {
                    tracing::info!(account = %w.account.email, %error, "push connection down");
                    w.emit(Event::Push {
                        account: w.account.id(),
                        state: PushState::Down { retry_in, reason: error.to_string() },
                    });
                    if error.needs_user() {
                        // The sync connection will say why; stop pushing until it is fixed.
                        w.stop_push();
                    }
                }
            },
            _ = async { tokio::time::sleep_until(retry.unwrap_or_else(Instant::now)).await }, if retry.is_some() => {}
            _ = async { tokio::time::sleep_until(drafts_due.unwrap_or_else(Instant::now)).await }, if drafts_due.is_some() => {}
            _ = full_sync.tick() => want_full_sync = true,
            // Last, so commands and push always go first.
            more = w.download_bodies(), if download => want_bodies = more,
        }
    }
    if let Some(push) = w.push.take() {
        push.abort();
    }
}

impl Worker {
    fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    fn state(&self, state: AccountState) {
        self.emit(Event::AccountState {
            account: self.account.id(),
            state,
        });
    }

    async fn credentials(&self) -> Result<Credentials, MailError> {
        crate::engine::credentials::credentials(&self.account, self.secrets.clone(), false).await
    }

    async fn connect(&mut self) {
        self.state(AccountState::Connecting);
        let result = match self.credentials().await {
            Ok(credentials) => {
                let server = self.account.incoming.server().clone();
                let connected =
                    client::connect_and_login(&server, &credentials, SYNC_IO_TIMEOUT).await;
                if connected.is_ok() && self.push.as_ref().is_none_or(|p| p.is_finished()) {
                    let signals = self.push_tx.clone();
                    self.push = Some(tokio::spawn(idle::run(
                        server,
                        credentials,
                        "INBOX".into(),
                        self.idle_interval,
                        signals,
                    )));
                }
                connected
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(mut conn) => {
                if conn.has("QRESYNC") {
                    let _ = client::run(&mut conn.session, "ENABLE QRESYNC", |_| Ok(())).await;
                }
                self.conn = Some(conn);
                self.last_error = None;
                self.backoff.reset();
                self.retry_at = None;
                self.state(AccountState::Online);
            }
            Err(error) => self.went_offline(error),
        }
    }

    fn disconnect(&mut self) {
        self.conn = None;
        self.stop_push();
    }

    fn stop_push(&mut self) {
        if let Some(push) = self.push.take() {
            push.abort();
        }
    }

    /// After a failure: retry later by itself, or wait for the user when only they can fix it.
    fn went_offline(&mut self, error: MailError) {
        self.conn = None;
        self.last_error = Some(error.clone());
        if error.needs_user() {
            self.retry_at = None;
            if let Some(push) = self.push.take() {
                push.abort();
            }
            self.emit(Event::AccountError {
                account: self.account.id(),
                error,
            });
            self.state(AccountState::Offline { retry_in: None });
        } else {
            let delay = self.backoff.next_delay();
            self.retry_at = Some(Instant::now() + delay);
            tracing::info!(account = %self.account.email, %error, ?delay, "offline");
            // Reported too (the status line shows it), but the account retries by itself.
            self.emit(Event::AccountError {
                account: self.account.id(),
                error,
            });
            self.state(AccountState::Offline {
                retry_in: Some(delay),
            });
        }
    }

    /// Handles an error from an operation on the sync connection; `true` if the connection
    /// is still usable.
    fn failed(&mut self, error: MailError) -> bool {
        if matches!(error.kind, ErrorKind::Protocol | ErrorKind::Refused) {
            true
        } else {
            self.went_offline(error);
            false
        }
    }

    /// Lists folders and syncs every selectable one, the inbox first. `true` when complete.
    async fn sync_all(&mut self) -> bool {
        if self.conn.is_none() {
            return false;
        }
        self.state(AccountState::Syncing);
        let Some(conn) = self.conn.as_mut() else {
            return false;
        };
        let remote = match folders::list(conn).await {
            Ok(f) => f,
            Err(e) => {
                self.failed(e);
                return false;
            }
        };
        let account_id = self.account_id;
        let names: Vec<String> = remote.iter().map(|f| f.name.clone()).collect();
        let listing = remote.clone();
        let stored = self
            .store
            .with(move |s| -> Result<(), StoreError> {
                for f in &listing {
                    s.upsert_folder(account_id, &f.name, &f.delimiter, f.special_use)?;
                }
                s.retain_folders(account_id, &names)
            })
            .await;
        if let Err(e) = stored {
            self.emit(Event::Failed {
                request: None,
                account: Some(self.account.id()),
                error: MailError::local_store(e),
            });
            return false;
        }
        self.emit(Event::FoldersChanged {
            account: self.account.id(),
        });
        let mut order: Vec<_> = remote.into_iter().filter(|f| f.selectable).collect();
        order.sort_by_key(|f| {
            if f.special_use == Some(crate::store::SpecialUse::Inbox) {
                0
            } else {
                1
            }
        });
        for folder in order {
            if !self.sync_one(&folder.name).await {
                return false;
            }
        }
        self.emit(Event::SyncFinished {
            account: self.account.id(),
        });
        self.state(AccountState::Online);
        true
    }

    async fn sync_inbox(&mut self) -> bool {
        self.sync_one("INBOX").await
    }

    /// Syncs one folder; `false` if the connection was lost.
    async fn sync_one(&mut self, name: &str) -> bool {
        let account_id = self.account_id;
        let folder_name = name.to_string();
        let folder = self
            .store
            .with(move |s| s.folder_by_name(account_id, &folder_name))
            .await;
        let Ok(Some(folder)) = folder else {
            return true;
        };
        let known_before = {
            let id = folder.id;
            self.store
                .with(move |s| s.folder_state(id))
                .await
                .map(|st| st.uidvalidity != 0)
                .unwrap_or(false)
        };
        let Some(conn) = self.conn.as_mut() else {
            return false;
        };
        let events = self.events.clone();
        let email = self.account.email.clone();
        let shown = name.to_string();
        let result = sync::sync_folder(conn, &self.store, folder.id, name, |done, total| {
            let _ = events.send(Event::SyncProgress {
                account: AccountId::of(&email),
                folder: shown.clone(),
                done,
                total,
            });
        })
        .await;
        match result {
            Ok(report) => {
                self.emit(Event::FolderSynced {
                    account: self.account.id(),
                    folder: name.to_string(),
                    new: report.new,
                    flags_changed: report.flags_changed,
                    removed: report.removed,
                    reset: report.reset,
                });
                if folder.special_use == Some(crate::store::SpecialUse::Inbox)
                    && known_before
                    && !report.reset
                    && !report.new_ids.is_empty()
                {
                    self.announce(report.new_ids).await;
                }
                true
            }
            Err(e) => self.failed(e),
        }
    }

    /// A NewMail event for the unread ones among new messages.
    async fn announce(&self, ids: Vec<i64>) {
        crate::engine::new_mail::announce(&self.store, &self.events, &self.account.email, ids)
            .await;
    }

    async fn run(&mut self, op: MailOp) {
        match op {
            MailOp::FetchBody {
                request,
                message_id,
            } => self.fetch_body(request, message_id).await,
            MailOp::Act {
                message_ids,
                action,
            } => self.act(message_ids, action).await,
            MailOp::CreateFolder { name } => self.folder_op(FolderOp::Create(name)).await,
            MailOp::RenameFolder { from, to } => self.folder_op(FolderOp::Rename(from, to)).await,
            MailOp::DeleteFolder { name } => self.folder_op(FolderOp::Delete(name)).await,
        }
    }

    /// Brings a message's text into the store for the reader: answered with `BodyReady` or
    /// with `Failed` for `request` (why the server could not be reached, or what it said).
    async fn fetch_body(&mut self, request: RequestId, message_id: i64) {
        let email = self.account.email.clone();
        let fail = |error: MailError| Event::Failed {
            request: Some(request),
            account: Some(AccountId::of(&email)),
            error,
        };
        let location = self
            .store
            .with(move |s| s.message_location(message_id))
            .await;
        let (folder, uid) = match location {
            Ok(Some((_, folder, uid))) => (folder, uid),
            Ok(None) => {
                self.emit(fail(MailError::not_found(format!("message {message_id}"))));
                return;
            }
            Err(e) => {
                self.emit(fail(MailError::local_store(e)));
                return;
            }
        };
        if let Ok(Some(_)) = self.store.with(move |s| s.body(message_id)).await {
            self.emit(Event::BodyReady {
                account: AccountId::of(&email),
                message_id,
            });
            return;
        }
        if self.conn.is_none() {
            self.retry_at = Some(Instant::now());
            self.connect().await;
        }
        let Some(conn) = self.conn.as_mut() else {
            let why = self
                .last_error
                .clone()
                .unwrap_or_else(|| MailError::lost("not connected"));
            self.emit(fail(why));
            return;
        };
        match sync::fetch_body(conn, &folder, uid).await {
            Ok(Some(raw)) => {
                let (text, preview) = crate::store::envelope::body_text(&raw);
                let saved = self
                    .store
                    .with(move |s| s.save_body(message_id, &raw, &text, &preview))
                    .await;
                match saved {
                    Ok(()) => self.emit(Event::BodyReady {
                        account: AccountId::of(&email),
                        message_id,
                    }),
                    Err(e) => self.emit(fail(MailError::local_store(e))),
                }
            }
            Ok(None) => self.emit(fail(MailError::not_found(
                "the message is no longer on the server",
            ))),
            Err(e) => {
                self.emit(fail(e.clone()));
                self.failed(e);
            }
        }
    }

    /// Applies an action to the store at once and queues it for the server.
    async fn act(&mut self, message_ids: Vec<i64>, action: MessageAction) {
        let account_id = self.account_id;
        let queued = self
            .store
            .with(move |s| -> Result<(), StoreError> {
                let trash = s
                    .folder_by_use(account_id, crate::store::SpecialUse::Trash)?
                    .map(|f| f.name);
                let mut by_folder: std::collections::BTreeMap<String, Vec<(i64, u32, Flags)>> =
                    Default::default();
                for id in &message_ids {
                    if let (Some((acc, folder, uid)), Some(row)) =
                        (s.message_location(*id)?, s.message(*id)?)
                        && acc == account_id
                    {
                        by_folder
                            .entry(folder)
                            .or_default()
                            .push((*id, uid, row.flags));
                    }
                }
                for (folder, messages) in by_folder {
                    let uids: Vec<u32> = messages.iter().map(|m| m.1).collect();
                    match &action {
                        MessageAction::MarkRead(on) | MessageAction::Flag(on) => {
                            let (flag, name) = match action {
                                MessageAction::MarkRead(_) => (Flags::SEEN, "\\Seen"),
                                _ => (Flags::FLAGGED, "\\Flagged"),
                            };
                            for (id, _, flags) in &messages {
                                s.set_message_flags(*id, flags.with(flag, *on))?;
                            }
                            let queued = if *on {
                                QueuedAction::AddFlags(name.into())
                            } else {
                                QueuedAction::RemoveFlags(name.into())
                            };
                            s.queue_action(account_id, &folder, &uids, &queued)?;
                        }
                        MessageAction::Move { to } => {
                            for (id, _, _) in &messages {
                                s.delete_message(*id)?;
                            }
                            let queued = QueuedAction::Move { to: to.clone() };
                            s.queue_action(account_id, &folder, &uids, &queued)?;
                        }
                        MessageAction::Delete => {
                            for (id, _, _) in &messages {
                                s.delete_message(*id)?;
                            }
                            let queued = QueuedAction::Delete {
                                trash: trash.clone(),
                            };
                            s.queue_action(account_id, &folder, &uids, &queued)?;
                        }
                    }
                }
                Ok(())
            })
            .await;
        if let Err(e) = queued {
            self.emit(Event::Failed {
                request: None,
                account: Some(self.account.id()),
                error: MailError::local_store(e),
            });
            return;
        }
        if self.conn.is_some() {
            self.replay_pending().await;
        }
    }

    /// Puts the drafts saved since the last upload in the Drafts folder, then removes the
    /// copies they replace and refreshes that folder's cache.
    async fn upload_drafts(&mut self) {
        self.drafts_due = None;
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        match crate::engine::drafts::upload(conn, &self.store, self.account_id, &self.account.email)
            .await
        {
            Ok(uploaded) => {
                self.replay_pending().await;
                let mut folders: Vec<String> = uploaded.iter().map(|u| u.folder.clone()).collect();
                folders.dedup();
                for folder in folders {
                    self.sync_one(&folder).await;
                }
                for u in uploaded {
                    self.emit(Event::Draft {
                        account: self.account.id(),
                        key: u.key,
                        state: crate::engine::event::DraftState::OnServer {
                            revision: u.revision,
                        },
                    });
                }
            }
            Err(error) => {
                tracing::info!(account = %self.account.email, %error, "draft upload failed");
                if self.failed(error.clone()) {
                    // Refused (over quota, no Drafts folder allowed…): said once, tried later.
                    self.emit(Event::AccountError {
                        account: self.account.id(),
                        error,
                    });
                    self.drafts_due = Some(Instant::now() + Duration::from_secs(60));
                } else {
                    // Offline: uploaded after reconnecting.
                    self.drafts_due = Some(Instant::now());
                }
            }
        }
    }

    /// Sends queued actions to the server, oldest first. A refusal undoes the action in the
    /// store (by resyncing what it touched) and is reported.
    async fn replay_pending(&mut self) {
        let account_id = self.account_id;
        let pending = match self
            .store
            .with(move |s| s.pending_actions(account_id))
            .await
        {
            Ok(p) => p,
            Err(_) => return,
        };
        for action in pending {
            let Some(conn) = self.conn.as_mut() else {
                return;
            };
            match actions::replay(conn, &action).await {
                Ok(()) => {
                    let id = action.id;
                    let _ = self.store.with(move |s| s.finish_action(id)).await;
                }
                Err(e) if matches!(e.kind, ErrorKind::Refused | ErrorKind::Protocol) => {
                    let (id, folder, first_uid) = (
                        action.id,
                        action.folder.clone(),
                        action.uids.iter().copied().min().unwrap_or(1),
                    );
                    let restored = self
                        .store
                        .with(move |s| -> Result<(), StoreError> {
                            s.finish_action(id)?;
                            if let Some(f) = s.folder_by_name(account_id, &folder)? {
                                s.refetch_from(f.id, first_uid)?;
                            }
                            Ok(())
                        })
                        .await;
                    if restored.is_ok() {
                        self.force_flag_resync(&action.folder).await;
                        self.sync_one(&action.folder).await;
                    }
                    self.emit(Event::ActionFailed {
                        account: self.account.id(),
                        reason: e.to_string(),
                    });
                }
                Err(e) => {
                    self.failed(e);
                    return;
                }
            }
        }
    }

    /// Downloads the full text of the next few messages that lack it; `true` while more
    /// remain.
    async fn download_bodies(&mut self) -> bool {
        const CHUNK: u32 = 50;
        let account_id = self.account_id;
        let missing = match self
            .store
            .with(move |s| {
                s.messages_without_body(account_id, CHUNK, crate::proto::net::MAX_MESSAGE)
            })
            .await
        {
            Ok(m) if !m.is_empty() => m,
            _ => return false,
        };
        let folder = missing[0].1.clone();
        let wanted: Vec<(i64, u32)> = missing
            .iter()
            .filter(|m| m.1 == folder)
            .map(|m| (m.0, m.2))
            .collect();
        let uids: Vec<u32> = wanted.iter().map(|w| w.1).collect();
        let Some(conn) = self.conn.as_mut() else {
            return true;
        };
        match sync::fetch_bodies(conn, &folder, &uids).await {
            Ok(bodies) => {
                let by_uid: std::collections::HashMap<u32, i64> =
                    wanted.iter().map(|(id, uid)| (*uid, *id)).collect();
                // Messages expunged meanwhile come back empty; the next sync removes them.
                // A chunk that brings nothing ends the download until the next full sync.
                let progress = !bodies.is_empty();
                let saved = self
                    .store
                    .with(move |s| -> Result<(), StoreError> {
                        for (uid, raw) in bodies {
                            if let Some(id) = by_uid.get(&uid) {
                                let (text, preview) = crate::store::envelope::body_text(&raw);
                                s.save_body(*id, &raw, &text, &preview)?;
                            }
                        }
                        Ok(())
                    })
                    .await;
                saved.is_ok() && progress
            }
            Err(e) => {
                self.failed(e);
                false
            }
        }
    }

    /// Makes the next sync compare every flag (the local ones were changed optimistically).
    async fn force_flag_resync(&self, folder: &str) {
        let account_id = self.account_id;
        let folder = folder.to_string();
        let _ = self
            .store
            .with(move |s| -> Result<(), StoreError> {
                if let Some(f) = s.folder_by_name(account_id, &folder)? {
                    let state = s.folder_state(f.id)?;
                    s.set_folder_state(
                        f.id,
                        crate::store::FolderState {
                            highestmodseq: 0,
                            ..state
                        },
                    )?;
                }
                Ok(())
            })
            .await;
    }

    async fn folder_op(&mut self, op: FolderOp) {
        let email = self.account.email.clone();
        let Some(conn) = self.conn.as_mut() else {
            let why = self
                .last_error
                .clone()
                .unwrap_or_else(|| MailError::lost("not connected"));
            self.emit(Event::Failed {
                request: None,
                account: Some(AccountId::of(&email)),
                error: why,
            });
            return;
        };
        let result = match &op {
            FolderOp::Create(name) => folders::create(conn, name).await,
            FolderOp::Rename(from, to) => folders::rename(conn, from, to).await,
            FolderOp::Delete(name) => folders::delete(conn, name).await,
        };
        match result {
            Ok(()) => {
                self.sync_all().await;
            }
            Err(e) => {
                self.emit(Event::Failed {
                    request: None,
                    account: Some(AccountId::of(&email)),
                    error: e.clone(),
                });
                self.failed(e);
            }
        }
    }
}

enum FolderOp {
    Create(String),
    Rename(String, String),
    Delete(String),
}
