//! The task that serves one account.
//!
//! The incoming worker (IMAP sync and push, or POP3 polling) and the outbox run side by side.

use crate::account::AccountId;
use tokio::sync::mpsc;

use super::smtp::outbox::OutboxCommand;
use super::{
    AccountCommand, AccountOp, AccountState, DraftOp, Event, IncomingCommand, WorkerContext,
    WorkerFuture,
};

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
                        let _ = incoming_tx.send(IncomingCommand::Sync);
                        let _ = outbox_tx.send(OutboxCommand::Wake);
                    }
                    AccountCommand::Update(account) => {
                        let _ = outbox_tx.send(OutboxCommand::Update(account.clone()));
                        let _ = incoming_tx.send(IncomingCommand::Update(account.clone()));
                        current = *account;
                    }
                    AccountCommand::Op(AccountOp::Mail(op)) => {
                        let _ = incoming_tx.send(IncomingCommand::Mail(op));
                    }
                    AccountCommand::Op(AccountOp::Outbox(op)) => {
                        let _ = outbox_tx.send(OutboxCommand::Op(op));
                    }
                    // Drafts are committed here, before anything else can delay them.
                    AccountCommand::Op(AccountOp::Draft(op)) => {
                        if let Some(event) = draft(&store, &current, op).await {
                            let changed = !matches!(event, Event::Failed { .. });
                            let _ = events.send(event);
                            if changed {
                                let _ = incoming_tx.send(IncomingCommand::DraftsChanged);
                            }
                        }
                    }
                }
            }
            // Dropping the senders ends both workers.
        };
        tokio::join!(dispatch, incoming, outbox);
    })
}

/// Saves or deletes a draft in the store; what to tell the window (`None`: nothing changed).
async fn draft(
    store: &super::StoreHandle,
    account: &crate::account::Account,
    op: DraftOp,
) -> Option<Event> {
    let failed = |e| Event::Failed {
        request: None,
        account: Some(account.id()),
        error: crate::proto::MailError::local_store(e),
    };
    match op {
        DraftOp::Save { key, draft } => Some(
            match super::drafts::save(store, account, &key, &draft).await {
                Ok(revision) => Event::Draft {
                    account: account.id(),
                    key,
                    state: super::event::DraftState::Saved { revision },
                },
                Err(e) => failed(e),
            },
        ),
        DraftOp::Delete { key } => {
            let k = key.clone();
            match store.with(move |s| s.draft_delete(&k)).await {
                Ok(true) => Some(Event::Draft {
                    account: account.id(),
                    key,
                    state: super::event::DraftState::Deleted,
                }),
                Ok(false) => None,
                Err(e) => Some(failed(e)),
            }
        }
    }
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
                account: Some(AccountId::of(&email)),
                error: crate::proto::MailError::local_store(e),
            });
        }
        let _ = ctx.events.send(Event::AccountState {
            account: AccountId::of(&email),
            state: AccountState::Idle,
        });
        while let Some(command) = ctx.commands.recv().await {
            let request = match &command {
                AccountCommand::Update(account) => {
                    ctx.account = (**account).clone();
                    continue;
                }
                AccountCommand::Sync => None,
                AccountCommand::Op(op) => op.request(),
            };
            let _ = ctx.events.send(Event::Failed {
                request,
                account: Some(AccountId::of(&email)),
                error: crate::proto::MailError::protocol(format!(
                    "{} accounts cannot be synchronised by this build yet",
                    ctx.account.incoming.protocol_name()
                )),
            });
        }
    })
}
