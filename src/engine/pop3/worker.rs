//! The task serving one POP3 account: a check at the account's interval and on demand, and
//! the user's actions, which for POP3 only change local folders.

use crate::account::AccountId;
use crate::store::SpecialUse;
use std::time::Duration;

use tokio::time::Instant;

use super::poll;
use crate::engine::imap::actions::MessageAction;
use crate::engine::{AccountState, Event, IncomingCommand, MailOp, WorkerContext};
use crate::proto::Backoff;
use crate::store::{Flags, StoreError};

/// The local folders of a POP3 account: (name, special use).
pub const LOCAL_FOLDERS: [(&str, SpecialUse); 4] = [
    ("INBOX", SpecialUse::Inbox),
    ("Drafts", SpecialUse::Drafts),
    ("Sent", SpecialUse::Sent),
    ("Trash", SpecialUse::Trash),
];

struct Worker {
    ctx: WorkerContext<IncomingCommand>,
    account_id: i64,
    inbox: i64,
}

/// Serves a POP3 account until its command channel closes.
pub async fn serve(ctx: WorkerContext<IncomingCommand>) {
    let email = ctx.account.email.clone();
    let ids = {
        let email = email.clone();
        ctx.store
            .with(move |s| -> Result<(i64, i64), StoreError> {
                let account_id = s.ensure_account(&email)?;
                let mut inbox = 0;
                for (name, role) in LOCAL_FOLDERS {
                    let id = s.upsert_folder(account_id, name, "/", Some(role))?;
                    if role == SpecialUse::Inbox {
                        inbox = id;
                    }
                }
                Ok((account_id, inbox))
            })
            .await
    };
    let (account_id, inbox) = match ids {
        Ok(ids) => ids,
        Err(e) => {
            let _ = ctx.events.send(Event::Failed {
                request: None,
                account: Some(AccountId::of(&email)),
                error: crate::proto::error::MailError::local_store(e),
            });
            return;
        }
    };
    let mut w = Worker {
        ctx,
        account_id,
        inbox,
    };
    w.emit(Event::FoldersChanged {
        account: AccountId::of(&email),
    });
    let mut backoff = Backoff::new(Duration::from_secs(300));
    let mut next_check = Instant::now();
    loop {
        tokio::select! {
            command = w.ctx.commands.recv() => match command {
                None => break,
                Some(IncomingCommand::Sync) => next_check = Instant::now(),
                Some(IncomingCommand::Update(account)) => {
                    w.ctx.account = *account;
                    next_check = Instant::now();
                }
                Some(IncomingCommand::Mail(op)) => w.run(op).await,
                // The local copy was replaced with the save; no server holds POP3 drafts.
                Some(IncomingCommand::DraftsChanged) => {}
            },
            _ = tokio::time::sleep_until(next_check) => {
                let interval = w.interval();
                next_check = match w.check().await {
                    Ok(()) => {
                        backoff.reset();
                        Instant::now() + interval
                    }
                    Err(needs_user) if needs_user => {
                        w.state(AccountState::Offline { retry_in: None });
                        Instant::now() + interval
                    }
                    Err(_) => {
                        let delay = backoff.next_delay().min(interval);
                        w.state(AccountState::Offline { retry_in: Some(delay) });
                        Instant::now() + delay
                    }
                };
            }
        }
    }
}

impl Worker {
    fn emit(&self, event: Event) {
        let _ = self.ctx.events.send(event);
    }

    fn email(&self) -> String {
        self.ctx.account.email.clone()
    }

    fn state(&self, state: AccountState) {
        self.emit(Event::AccountState {
            account: AccountId::of(&self.email()),
            state,
        });
    }

    fn interval(&self) -> Duration {
        Duration::from_secs(u64::from(self.ctx.account.pop3.check_interval_minutes.max(1)) * 60)
    }

    /// One check; on failure, reports it and says whether only the user can fix it.
    async fn check(&mut self) -> Result<(), bool> {
        self.state(AccountState::Connecting);
        let account = self.ctx.account.clone();
        let result = match crate::engine::credentials::credentials(
            &account,
            self.ctx.secrets.clone(),
            false,
        )
        .await
        {
            Ok(credentials) => {
                self.state(AccountState::Syncing);
                let events = self.ctx.events.clone();
                let email = self.email();
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                poll::check(
                    &account,
                    account.incoming.server(),
                    &credentials,
                    &self.ctx.store,
                    self.account_id,
                    self.inbox,
                    now,
                    |done, total| {
                        let _ = events.send(Event::SyncProgress {
                            account: AccountId::of(&email),
                            folder: "INBOX".into(),
                            done,
                            total,
                        });
                    },
                )
                .await
            }
            Err(e) => Err(e),
        };
        // What was downloaded (now, or before a crash) becomes searchable, also after a failed
        // check.
        if let Err(e) = crate::engine::search::catch_up(&self.ctx.store).await {
            tracing::warn!(account = %self.ctx.account.email, error = %e, "search indexing failed");
        }
        match result {
            Ok(report) => {
                let new = report.downloaded.len();
                self.emit(Event::FolderSynced {
                    account: AccountId::of(&self.email()),
                    folder: "INBOX".into(),
                    new,
                    flags_changed: 0,
                    removed: 0,
                    reset: false,
                });
                self.announce(report.downloaded).await;
                self.emit(Event::SyncFinished {
                    account: AccountId::of(&self.email()),
                });
                // Mail the server would not send stays there; the user hears of it (until a
                // check gets it) in the server's own words.
                if let Some((_, text)) = report.refused.into_iter().next() {
                    self.emit(Event::AccountError {
                        account: AccountId::of(&self.email()),
                        error: crate::proto::error::MailError::new(
                            crate::proto::error::ErrorKind::MessageWithheld,
                            text,
                        ),
                    });
                }
                self.state(AccountState::Online);
                Ok(())
            }
            Err(error) => {
                let needs_user = error.needs_user();
                tracing::info!(account = %self.ctx.account.email, %error, "POP3 check failed");
                self.emit(Event::AccountError {
                    account: AccountId::of(&self.email()),
                    error,
                });
                Err(needs_user)
            }
        }
    }

    async fn announce(&self, ids: Vec<i64>) {
        crate::engine::new_mail::announce(
            &self.ctx.store,
            &self.ctx.events,
            &self.ctx.account.email,
            ids,
        )
        .await;
    }

    async fn run(&mut self, op: MailOp) {
        let account_id = self.account_id;
        let request = op.request();
        let result: Result<(), StoreError> = match op {
            MailOp::FetchBody { message_id, .. } => {
                // POP3 mail is whole in the store from the start.
                self.emit(Event::BodyReady {
                    account: AccountId::of(&self.email()),
                    message_id,
                });
                return;
            }
            MailOp::Act {
                message_ids,
                action,
            } => {
                self.ctx
                    .store
                    .with(move |s| act_locally(s, account_id, &message_ids, &action))
                    .await
            }
            MailOp::CreateFolder { name } => {
                self.ctx
                    .store
                    .with(move |s| s.upsert_folder(account_id, &name, "/", None).map(|_| ()))
                    .await
            }
            MailOp::RenameFolder { from, to } => {
                self.ctx
                    .store
                    .with(move |s| s.rename_folder_local(account_id, &from, &to))
                    .await
            }
            MailOp::DeleteFolder { name } => {
                self.ctx
                    .store
                    .with(move |s| s.delete_folder_local(account_id, &name))
                    .await
            }
        };
        match result {
            Ok(()) => self.emit(Event::FoldersChanged {
                account: AccountId::of(&self.email()),
            }),
            Err(e) => self.emit(Event::Failed {
                request,
                account: Some(AccountId::of(&self.email())),
                error: crate::proto::error::MailError::local_store(e),
            }),
        }
    }
}

/// A user action on POP3 mail: local folders only. Deleting moves to the local Trash; deleting
/// in the Trash removes the message for good (and from the server at the next check, when the
/// account says so).
fn act_locally(
    s: &mut crate::store::Store,
    account_id: i64,
    ids: &[i64],
    action: &MessageAction,
) -> Result<(), StoreError> {
    let trash = s
        .folder_by_use(account_id, crate::store::SpecialUse::Trash)?
        .map(|f| f.id);
    for &id in ids {
        let Some(row) = s.message(id)? else { continue };
        match action {
            MessageAction::MarkRead(on) => {
                s.set_message_flags(id, row.flags.with(Flags::SEEN, *on))?
            }
            MessageAction::Flag(on) => {
                s.set_message_flags(id, row.flags.with(Flags::FLAGGED, *on))?
            }
            MessageAction::Move { to } => {
                let target = s
                    .folder_by_name(account_id, to)?
                    .ok_or_else(|| StoreError::NotFound(format!("folder {to}")))?;
                s.move_local(id, target.id)?;
            }
            MessageAction::Delete => match trash {
                Some(trash) if row.folder_id != trash => s.move_local(id, trash)?,
                _ => s.delete_message(id)?,
            },
        }
    }
    Ok(())
}
