//! The task that serves one account.
//!
//! For now it registers the account in the store and reports its state; the IMAP and POP3
//! workers (sync, push, polling) and the SMTP outbox plug in here.

use super::{AccountCommand, AccountState, Event, WorkerContext, WorkerFuture};

/// Serves one account until its command channel closes.
pub fn run(mut ctx: WorkerContext) -> WorkerFuture {
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
                AccountCommand::Sync => {
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
