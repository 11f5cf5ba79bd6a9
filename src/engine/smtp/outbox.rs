//! The send worker of one account: takes mail from the outbox table, submits it, and copies
//! what was sent to the Sent folder.
//!
//! - A message is committed to the outbox before any network I/O ([`OutboxOp::Send`](crate::engine::OutboxOp::Send) is answered
//!   with `Queued` only after the commit).
//! - Transient failures (network, 4xx, the server busy) are retried with a capped backoff;
//!   while offline the mail simply waits. A permanent refusal (5xx) marks it `failed` with the
//!   server's reply, for the user to edit or retry.
//! - Exactly once: the state becomes `sending` (committed) after the server accepted the
//!   recipients and DATA, just before the text goes out. If Facteur stops in that state, the
//!   message may or may not have been accepted: at the next start it is marked failed as
//!   "unconfirmed" and never re-sent without the user. Before that point a crash leaves it
//!   `queued`, and the server never delivers a message whose DATA did not end, so sending it
//!   again is safe. The one window with a risk of a double send is a network failure between
//!   the end of DATA and the server's reply, which is retried (the server may have accepted).
//! - After success the row is `sent`; the copy to Sent is made (IMAP APPEND, or the local Sent
//!   folder for POP3), unless the provider saves sent mail itself; then the row is removed.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::account::{Account, Incoming, Secrets};
use crate::engine::{Event, OutboxOp, StoreHandle};
use crate::proto::error::{ErrorKind, MailError};
use crate::proto::imap;
use crate::proto::smtp::Submission;
use crate::store::outbox::{OutboxItem, OutboxState};
use crate::store::{Flags, StoreError};

/// The longest wait between two attempts.
const MAX_RETRY: Duration = Duration::from_secs(30 * 60);

/// A message ready to go: its text and envelope (Bcc recipients only in `to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub account: String,
    /// The Message-ID, without angle brackets.
    pub message_id: String,
    pub from: String,
    pub to: Vec<String>,
    pub raw: Vec<u8>,
    /// The draft this message was written in, deleted once the message is in the outbox.
    pub draft_key: Option<String>,
}

impl Outgoing {
    /// A composed message for `account`, written in the draft `draft_key` if any.
    pub fn new(
        account: &str,
        composed: crate::mime::Composed,
        draft_key: Option<String>,
    ) -> Outgoing {
        Outgoing {
            account: account.to_string(),
            message_id: composed.message_id,
            from: composed.envelope_from,
            to: composed.envelope_to,
            raw: composed.raw,
            draft_key,
        }
    }
}

/// Where a message of the outbox is now.
#[derive(Debug, Clone, PartialEq)]
pub enum OutboxStatus {
    /// Committed to the outbox.
    Queued,
    /// The server is receiving it.
    Sending,
    /// Accepted by the server; its copy to Sent may still be pending.
    Sent,
    /// Sent and saved: it left the outbox.
    Done,
    /// Not sent yet; tried again by itself after `retry_in`.
    Retrying {
        retry_in: Duration,
        error: MailError,
    },
    /// Refused (or interrupted and unconfirmed): waits for the user.
    Failed { error: MailError },
    /// Removed by the user without being sent.
    Removed,
}

/// What the account task asks of the send worker.
#[derive(Debug)]
pub enum OutboxCommand {
    Wake,
    Update(Box<Account>),
    Op(OutboxOp),
}

struct Worker {
    account: Account,
    account_id: i64,
    events: mpsc::UnboundedSender<Event>,
    store: StoreHandle,
    secrets: Option<Secrets>,
    /// The incoming worker, told when sending removed a draft (to remove its server copy).
    incoming: mpsc::UnboundedSender<crate::engine::IncomingCommand>,
    /// When the next attempt is allowed after an error that concerns every message (the
    /// server unreachable, the password refused).
    paused_until: Option<Instant>,
}

/// Serves the outbox of one account until the command channel closes.
pub async fn serve(
    account: Account,
    mut commands: mpsc::UnboundedReceiver<OutboxCommand>,
    events: mpsc::UnboundedSender<Event>,
    store: StoreHandle,
    secrets: Option<Secrets>,
    incoming: mpsc::UnboundedSender<crate::engine::IncomingCommand>,
) {
    let email = account.email.clone();
    let registered = store
        .with(move |s| -> Result<(i64, Vec<OutboxItem>), StoreError> {
            let id = s.ensure_account(&email)?;
            s.outbox_recover(id)?;
            Ok((id, s.outbox(Some(id))?))
        })
        .await;
    let Ok((account_id, items)) = registered else {
        return;
    };
    let mut w = Worker {
        account,
        account_id,
        events,
        store,
        secrets,
        incoming,
        paused_until: None,
    };
    for item in items.iter().filter(|i| i.state == OutboxState::Failed) {
        w.status(item.id, &item.message_id, failed_status(item));
    }
    loop {
        let next = w.work().await;
        let sleep = async {
            match next {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            command = commands.recv() => match command {
                None => break,
                Some(command) => w.command(command).await,
            },
            _ = sleep => {}
        }
    }
}

fn failed_status(item: &OutboxItem) -> OutboxStatus {
    OutboxStatus::Failed {
        error: MailError::new(ErrorKind::Refused, item.last_error.clone()),
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Worker {
    fn status(&self, id: i64, message_id: &str, status: OutboxStatus) {
        let _ = self.events.send(Event::Outbox {
            account: self.account.id(),
            id,
            message_id: message_id.to_string(),
            status,
        });
    }

    async fn command(&mut self, command: OutboxCommand) {
        match command {
            // "Send and receive" (or the network is back): waiting mail is tried now.
            OutboxCommand::Wake => {
                self.paused_until = None;
                let account_id = self.account_id;
                let _ = self.store.with(move |s| s.outbox_wake(account_id)).await;
            }
            OutboxCommand::Update(account) => {
                self.account = *account;
                self.paused_until = None;
            }
            OutboxCommand::Op(OutboxOp::Send {
                request,
                message: outgoing,
            }) => {
                let account_id = self.account_id;
                let o = outgoing.clone();
                // The draft goes only once the message is committed to the outbox.
                let queued = self
                    .store
                    .with(move |s| -> Result<(i64, bool), StoreError> {
                        let id =
                            s.outbox_queue(account_id, &o.message_id, &o.from, &o.to, &o.raw)?;
                        let draft_gone = match &o.draft_key {
                            Some(key) => s.draft_delete(key)?,
                            None => false,
                        };
                        Ok((id, draft_gone))
                    })
                    .await;
                match queued {
                    Ok((id, draft_gone)) => {
                        self.status(id, &outgoing.message_id, OutboxStatus::Queued);
                        if let (true, Some(key)) = (draft_gone, outgoing.draft_key.clone()) {
                            let _ = self.events.send(Event::Draft {
                                account: self.account.id(),
                                key,
                                state: crate::engine::event::DraftState::Deleted,
                            });
                            let _ = self
                                .incoming
                                .send(crate::engine::IncomingCommand::DraftsChanged);
                        }
                    }
                    // Not in the outbox: the composer keeps the message and says why.
                    Err(e) => {
                        let _ = self.events.send(Event::Failed {
                            request: Some(request),
                            account: Some(self.account.id()),
                            error: MailError::local_store(e),
                        });
                    }
                }
            }
            OutboxCommand::Op(OutboxOp::Retry { id }) => {
                if let Ok(true) = self.store.with(move |s| s.outbox_retry(id)).await {
                    self.paused_until = None;
                }
            }
            OutboxCommand::Op(OutboxOp::Remove { id }) => {
                let item = self.store.with(move |s| s.outbox_item(id)).await;
                if let Ok(Some(item)) = item
                    && item.state != OutboxState::Sending
                    && let Ok(true) = self.store.with(move |s| s.outbox_remove(id)).await
                {
                    self.status(id, &item.message_id, OutboxStatus::Removed);
                }
            }
        }
    }

    /// Sends and saves what is due; returns when to look again.
    async fn work(&mut self) -> Option<Instant> {
        if self.paused_until.is_some_and(|t| t > Instant::now()) {
            return self.paused_until;
        }
        self.paused_until = None;
        let account_id = self.account_id;
        let items = self
            .store
            .with(move |s| s.outbox(Some(account_id)))
            .await
            .unwrap_or_default();
        let now = unix_now();
        let mut next: Option<i64> = None;
        for item in items {
            match item.state {
                OutboxState::Sent => self.save_copy(&item).await,
                OutboxState::Queued if item.next_attempt_at <= now => {
                    if !self.send(&item).await {
                        break; // the server or the account is the problem: pause everything
                    }
                }
                OutboxState::Queued => {
                    next = Some(next.map_or(item.next_attempt_at, |n| n.min(item.next_attempt_at)))
                }
                OutboxState::Sending | OutboxState::Failed => {}
            }
        }
        if self.paused_until.is_some() {
            return self.paused_until;
        }
        next.map(|at| Instant::now() + Duration::from_secs((at - unix_now()).max(0) as u64))
    }

    /// One attempt at one message; `false` when the failure concerns every message.
    async fn send(&mut self, item: &OutboxItem) -> bool {
        match self.submit(item).await {
            Ok(()) => {
                self.status(item.id, &item.message_id, OutboxStatus::Sent);
                let id = item.id;
                let _ = self
                    .store
                    .with(move |s| s.outbox_set(id, OutboxState::Sent, "", 0))
                    .await;
                let mut sent = item.clone();
                sent.state = OutboxState::Sent;
                self.save_copy(&sent).await;
                true
            }
            Err((error, per_message)) => {
                let id = item.id;
                if error.kind == ErrorKind::Refused && per_message {
                    let text = error.server_text.clone();
                    let _ = self
                        .store
                        .with(move |s| s.outbox_set(id, OutboxState::Failed, &text, 0))
                        .await;
                    self.status(item.id, &item.message_id, OutboxStatus::Failed { error });
                    return true;
                }
                let delay = retry_delay(item.attempts + 1);
                let at = unix_now() + delay.as_secs() as i64;
                let text = error.to_string();
                let _ = self
                    .store
                    .with(move |s| s.outbox_set(id, OutboxState::Queued, &text, at))
                    .await;
                self.status(
                    item.id,
                    &item.message_id,
                    OutboxStatus::Retrying {
                        retry_in: delay,
                        error: error.clone(),
                    },
                );
                if error.needs_user() || error.is_transient() || !per_message {
                    let _ = self.events.send(Event::AccountError {
                        account: self.account.id(),
                        error,
                    });
                    self.paused_until = Some(Instant::now() + delay);
                    return false;
                }
                true
            }
        }
    }

    /// Submits one message. The error says whether it concerns this message only (a refusal
    /// of its sender, recipients or text) or the whole account (connection, login).
    async fn submit(&mut self, item: &OutboxItem) -> Result<(), (MailError, bool)> {
        let credentials =
            crate::engine::credentials::credentials(&self.account, self.secrets.clone(), true)
                .await
                .map_err(|e| (e, false))?;
        let mut session = Submission::open(&self.account.outgoing, &credentials)
            .await
            .map_err(|e| (e, false))?;
        session
            .envelope(&item.envelope_from, &item.envelope_to, &item.raw)
            .await
            .map_err(|e| (e, true))?;
        let id = item.id;
        self.store
            .with(move |s| s.outbox_set(id, OutboxState::Sending, "", 0))
            .await
            .map_err(|e| (MailError::protocol(format!("local cache: {e}")), false))?;
        self.status(item.id, &item.message_id, OutboxStatus::Sending);
        let result = session.data(&item.raw).await;
        if result.is_err() {
            // Not accepted (or not known to be): back to the queue, never left in `sending`.
            let _ = self
                .store
                .with(move |s| s.outbox_set(id, OutboxState::Queued, "", 0))
                .await;
        }
        result.map_err(|e| (e, true))?;
        session.quit().await;
        Ok(())
    }

    /// Copies a sent message to the Sent folder, then removes it from the outbox. An IMAP
    /// failure leaves it `sent`, to be saved at the next pass.
    async fn save_copy(&mut self, item: &OutboxItem) {
        let saved = match &self.account.incoming {
            Incoming::Imap(_) if self.account.sent_saved_by_server => Ok(()),
            Incoming::Imap(server) => self.append_to_sent(server.clone(), item).await,
            Incoming::Pop3(_) => self.save_locally(item).await,
        };
        match saved {
            Ok(()) => {
                let id = item.id;
                let _ = self.store.with(move |s| s.outbox_remove(id)).await;
                self.status(item.id, &item.message_id, OutboxStatus::Done);
            }
            Err(error) => {
                tracing::info!(account = %self.account.email, %error, "copy to Sent failed");
                let _ = self.events.send(Event::AccountError {
                    account: self.account.id(),
                    error,
                });
                self.paused_until = Some(Instant::now() + retry_delay(1));
            }
        }
    }

    async fn append_to_sent(
        &self,
        server: crate::account::Server,
        item: &OutboxItem,
    ) -> Result<(), MailError> {
        let account_id = self.account_id;
        let sent = self
            .store
            .with(move |s| s.folder_by_use(account_id, crate::store::SpecialUse::Sent))
            .await
            .ok()
            .flatten()
            .map(|f| f.name)
            .unwrap_or_else(|| "Sent".into());
        let credentials =
            crate::engine::credentials::credentials(&self.account, self.secrets.clone(), false)
                .await?;
        let mut conn =
            imap::connect_and_login(&server, &credentials, Duration::from_secs(120)).await?;
        let result =
            crate::engine::imap::folders::append(&mut conn, &sent, "(\\Seen)", &item.raw).await;
        let _ = conn.session.logout().await;
        result
    }

    async fn save_locally(&self, item: &OutboxItem) -> Result<(), MailError> {
        let account_id = self.account_id;
        let raw = item.raw.clone();
        self.store
            .with(move |s| -> Result<(), StoreError> {
                let Some(sent) = s.folder_by_use(account_id, crate::store::SpecialUse::Sent)?
                else {
                    return Ok(());
                };
                let (mut message, text) = crate::store::envelope::whole_message(&raw, unix_now());
                message.flags = Flags::SEEN;
                s.save_local_copy(sent.id, &message, &raw, &text)
                    .map(|_| ())
            })
            .await
            .map_err(|e| MailError::protocol(format!("local cache: {e}")))
    }
}

/// 30 s, 1 min, 2 min … up to 30 min.
pub fn retry_delay(attempt: u32) -> Duration {
    let secs = 30u64.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    Duration::from_secs(secs).min(MAX_RETRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_are_capped() {
        assert_eq!(retry_delay(1), Duration::from_secs(30));
        assert_eq!(retry_delay(2), Duration::from_secs(60));
        assert_eq!(retry_delay(3), Duration::from_secs(120));
        assert_eq!(retry_delay(50), MAX_RETRY);
    }
}
