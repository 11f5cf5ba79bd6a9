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
                        Command::Send { request, message } => {
                            let _ = outbox_tx.send(OutboxCommand::Send { request, message });
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
                                    Err(e) => Event::Failed {
                                        request: None,
                                        account: Some(current.email.clone()),
                                        error: crate::proto::MailError::local_store(e),
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
                                    let _ = events.send(Event::Failed {
                                        request: None,
                                        account: Some(current.email.clone()),
                                        error: crate::proto::MailError::local_store(e),
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
            let _ = ctx.events.send(Event::Failed {
                request: None,
                account: Some(email.clone()),
                error: crate::proto::MailError::local_store(e),
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
                    let request = match &command {
                        AccountCommand::Run(c) => c.request(),
                        _ => None,
                    };
                    let _ = ctx.events.send(Event::Failed {
                        request,
                        account: Some(email.clone()),
                        error: crate::proto::MailError::protocol(format!(
                            "{} accounts cannot be synchronised by this build yet",
                            ctx.account.incoming.protocol_name()
                        )),
                    });
                }
            }
        }
    })
}
