//! The task that serves one account.
//!
//! The incoming worker (IMAP sync and push, or POP3 polling) and the outbox run side by side.

use tokio::sync::mpsc;

use super::smtp::outbox::OutboxCommand;
use super::{AccountCommand, AccountState, Command, Event, WorkerContext, WorkerFuture};

/// Serves one account until its command channel closes: the incoming side (IMAP or POP3)
/// and the outbox run side by side; commands go to the one they concern.
pub fn run(ctx: WorkerContext) -> WorkerFuture {
    Box::pin(async move {
        let WorkerContext {
            account,
            mut commands,
            events,
            store,
            secrets,
            idle_interval,
        } = ctx;
        let (incoming_tx, incoming_rx) = mpsc::unbounded_channel();
        let (outbox_tx, outbox_rx) = mpsc::unbounded_channel();
        let incoming_ctx = WorkerContext {
            account: account.clone(),
            commands: incoming_rx,
            events: events.clone(),
            store: store.clone(),
            secrets: secrets.clone(),
            idle_interval,
        };
        let incoming: WorkerFuture = match account.incoming {
            crate::account::Incoming::Imap(_) => Box::pin(super::imap::worker::serve(incoming_ctx)),
            crate::account::Incoming::Pop3(_) => Box::pin(super::pop3::worker::serve(incoming_ctx)),
        };
        let outbox = super::smtp::outbox::serve(
            account.clone(),
            outbox_rx,
            events.clone(),
            store.clone(),
            secrets,
            incoming_tx.clone(),
        );
        let mut current = account;
        let dispatch = async move {
            while let Some(command) = commands.recv().await {
                match command {
                    AccountCommand::Sync => {
                        let _ = incoming_tx.send(AccountCommand::Sync);
                        let _ = outbox_tx.send(OutboxCommand::Wake);
                    }
                    AccountCommand::Update(account) => {
                        let _ = outbox_tx.send(OutboxCommand::Update(account.clone()));
                        let _ = incoming_tx.send(AccountCommand::Update(account.clone()));
                        current = *account;
                    }
                    AccountCommand::DraftsChanged => {
                        let _ = incoming_tx.send(AccountCommand::DraftsChanged);
                    }
                    AccountCommand::Run(command) => match *command {
                        Command::Send(outgoing) => {
                            let _ = outbox_tx.send(OutboxCommand::Send(outgoing));
                        }
                        Command::RetrySend { id, .. } => {
                            let _ = outbox_tx.send(OutboxCommand::Retry(id));
                        }
                        Command::RemoveFromOutbox { id, .. } => {
                            let _ = outbox_tx.send(OutboxCommand::Remove(id));
                        }
                        // Drafts are committed here, before anything else can delay them.
                        Command::SaveDraft { key, draft, .. } => {
                            let event =
                                match super::drafts::save(&store, &current, &key, &draft).await {
                                    Ok(revision) => Event::Draft {
                                        account: current.email.clone(),
                                        key,
                                        state: super::event::DraftState::Saved { revision },
                                    },
                                    Err(e) => Event::CommandFailed {
                                        account: Some(current.email.clone()),
                                        reason: e.to_string(),
                                    },
                                };
                            let _ = events.send(event);
                            let _ = incoming_tx.send(AccountCommand::DraftsChanged);
                        }
                        Command::DeleteDraft { key, .. } => {
                            let k = key.clone();
                            match store.with(move |s| s.draft_delete(&k)).await {
                                Ok(true) => {
                                    let _ = events.send(Event::Draft {
                                        account: current.email.clone(),
                                        key,
                                        state: super::event::DraftState::Deleted,
                                    });
                                    let _ = incoming_tx.send(AccountCommand::DraftsChanged);
                                }
                                Ok(false) => {}
                                Err(e) => {
                                    let _ = events.send(Event::CommandFailed {
                                        account: Some(current.email.clone()),
                                        reason: e.to_string(),
                                    });
                                }
                            }
                        }
                        other => {
                            let _ = incoming_tx.send(AccountCommand::Run(Box::new(other)));
                        }
                    },
                }
            }
            // Dropping the senders ends both workers.
        };
        tokio::join!(dispatch, incoming, outbox);
    })
}

/// A task that registers the account and answers that it cannot sync yet (POP3 arrives
/// with its own worker).
pub fn waiting(mut ctx: WorkerContext) -> WorkerFuture {
    Box::pin(async move {
        let email = ctx.account.email.clone();
        let registered = {
            let email = email.clone();
            ctx.store
                .with(move |store| store.ensure_account(&email))
                .await
        };
        if let Err(e) = registered {
            let _ = ctx.events.send(Event::CommandFailed {
                account: Some(email.clone()),
                reason: e.to_string(),
            });
        }
        let _ = ctx.events.send(Event::AccountState {
            account: email.clone(),
            state: AccountState::Idle,
        });
        while let Some(command) = ctx.commands.recv().await {
            match command {
                AccountCommand::Update(account) => ctx.account = *account,
                AccountCommand::DraftsChanged => {}
                AccountCommand::Sync | AccountCommand::Run(_) => {
                    let _ = ctx.events.send(Event::CommandFailed {
                        account: Some(email.clone()),
                        reason: format!(
                            "{} accounts cannot be synchronised by this build yet",
                            ctx.account.incoming.protocol_name()
                        ),
                    });
                }
            }
        }
    })
}

/// Reads the secret an account needs for one of its servers from the secret store (off the
/// runtime: the store's API blocks). The outgoing server falls back to the incoming password,
/// which is the same at nearly every provider.
pub async fn credentials(
    account: &crate::account::Account,
    secrets: Option<crate::account::Secrets>,
    outgoing: bool,
) -> Result<super::imap::Credentials, super::error::MailError> {
    use super::error::{ErrorKind, MailError};
    use super::imap::Credentials;
    use crate::account::{AuthMethod, SecretKey, SecretRole, Secrets};
    let email = account.email.clone();
    let server = if outgoing {
        &account.outgoing
    } else {
        account.incoming.server()
    };
    let oauth = server.auth == AuthMethod::OAuth2;
    let secrets_for_refresh = secrets.clone();
    let found = tokio::task::spawn_blocking(move || {
        let secrets = match secrets {
            Some(s) => s,
            None => Secrets::system()?,
        };
        if oauth {
            return secrets.get(&SecretKey::new(&email, SecretRole::OAuth2));
        }
        if outgoing
            && let Some(password) = secrets.get(&SecretKey::new(&email, SecretRole::Outgoing))?
        {
            return Ok(Some(password));
        }
        secrets.get(&SecretKey::new(&email, SecretRole::Incoming))
    })
    .await
    .map_err(MailError::lost)?;
    match found {
        Ok(Some(secret)) if oauth => {
            oauth_token(secret, &email_of(account), server, secrets_for_refresh)
                .await
                .map(Credentials::OAuth2)
        }
        Ok(Some(secret)) => Ok(Credentials::Password(secret)),
        Ok(None) => Err(MailError::new(ErrorKind::MissingSecret, "")),
        Err(e) => Err(MailError::new(ErrorKind::MissingSecret, e.to_string())),
    }
}

fn email_of(account: &crate::account::Account) -> String {
    account.email.clone()
}

/// The access token from an OAuth2 secret: a stored token set is refreshed first when it is
/// about to expire (and the new set stored); a bare token is used as it is.
async fn oauth_token(
    secret: String,
    email: &str,
    server: &crate::account::Server,
    secrets: Option<crate::account::Secrets>,
) -> Result<String, super::error::MailError> {
    use super::error::{ErrorKind, MailError};
    use crate::account::{SecretKey, SecretRole, Secrets};
    use crate::setup::oauth2::{TokenSet, refresh};
    let Some(set) = TokenSet::from_secret(&secret) else {
        return Ok(secret);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if !set.needs_refresh(now) {
        return Ok(set.access_token);
    }
    let fresh = refresh(&set, server.ca_file.as_deref())
        .await
        .map_err(|e| MailError::new(ErrorKind::WrongCredentials, e.to_string()))?;
    let (email, stored) = (email.to_string(), fresh.to_secret());
    let saved = tokio::task::spawn_blocking(move || {
        let secrets = match secrets {
            Some(s) => s,
            None => Secrets::system()?,
        };
        secrets.set(&SecretKey::new(&email, SecretRole::OAuth2), &stored)
    })
    .await
    .map_err(MailError::lost)?;
    if let Err(e) = saved {
        // The new token works for now; the next start refreshes again.
        tracing::warn!(%e, "the refreshed OAuth2 token could not be stored");
    }
    Ok(fresh.access_token)
}

/// Reports the unread ones among newly stored messages as one NewMail event (for
/// notifications); mail already read on another device is not announced.
pub async fn announce(
    store: &super::StoreHandle,
    events: &mpsc::UnboundedSender<Event>,
    account: &str,
    ids: Vec<i64>,
) {
    if ids.is_empty() {
        return;
    }
    let rows = store
        .with(move |s| {
            ids.iter()
                .filter_map(|id| s.message(*id).ok().flatten())
                .collect::<Vec<_>>()
        })
        .await;
    let messages: Vec<super::event::NewMailSummary> = rows
        .into_iter()
        .filter(|m| !m.flags.contains(crate::store::Flags::SEEN))
        .map(|m| super::event::NewMailSummary {
            message_id: m.id,
            from: if m.from_name.is_empty() {
                m.from_addr
            } else {
                m.from_name
            },
            subject: m.subject,
        })
        .collect();
    if !messages.is_empty() {
        let _ = events.send(Event::NewMail {
            account: account.to_string(),
            messages,
        });
    }
}
