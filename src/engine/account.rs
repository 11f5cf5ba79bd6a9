//! The task that serves one account.
//!
//! For now it registers the account in the store and reports its state; the IMAP and POP3
//! workers (sync, push, polling) and the SMTP outbox plug in here.

use super::{AccountCommand, AccountState, Event, WorkerContext, WorkerFuture};

/// Serves one account until its command channel closes.
pub fn run(ctx: WorkerContext) -> WorkerFuture {
    match ctx.account.incoming {
        crate::account::Incoming::Imap(_) => Box::pin(super::imap::worker::serve(ctx)),
        crate::account::Incoming::Pop3(_) => waiting(ctx),
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
