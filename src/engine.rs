//! The engine: the tokio side of Facteur, which owns every network connection and is the only
//! writer of the store.
//!
//! The GUI and the command line talk to it only through [`Command`]s (sent with an
//! [`EngineHandle`]) and [`Event`]s (read from [`Engine::events`]). Each account is served by
//! its own task; a supervisor restarts a task that panics, with a capped exponential delay, and
//! reports it as [`Event::AccountCrashed`] while the other accounts keep running.

pub mod account;
pub mod command;
pub mod credentials;
pub mod drafts;
pub mod event;
pub mod imap;
pub mod new_mail;
pub mod pop3;
pub mod remote;
pub mod request;
pub mod search;
pub mod setup;
pub mod smtp;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

pub use command::{AccountOp, Command, DraftOp, MailOp, MessageAction, OutboxOp, SetupOp};
pub use event::{AccountState, Event};
pub use request::RequestId;

use crate::account::{Account, AccountId, Config, Secrets};
use crate::store::Store;

/// Shared access to the store for the engine's tasks. Work on it runs on tokio's blocking
/// pool, never on a runtime worker; WAL checkpoints run on a thread of their own
/// ([`crate::store::checkpoint`]), so that a commit never waits for one.
#[derive(Debug, Clone)]
pub struct StoreHandle {
    store: Arc<Mutex<Store>>,
    checkpoints: Option<Arc<crate::store::checkpoint::Checkpointer>>,
}

impl StoreHandle {
    pub fn new(store: Store) -> StoreHandle {
        let checkpoints = match store.checkpoint_in_background() {
            Ok(c) => Some(Arc::new(c)),
            Err(e) => {
                tracing::warn!(error = %e, "checkpoints stay in the writer");
                None
            }
        };
        StoreHandle {
            store: Arc::new(Mutex::new(store)),
            checkpoints,
        }
    }

    /// Runs `f` with the store on the blocking pool.
    pub async fn with<R, F>(&self, f: F) -> R
    where
        F: FnOnce(&mut Store) -> R + Send + 'static,
        R: Send + 'static,
    {
        let inner = self.store.clone();
        let checkpoints = self.checkpoints.clone();
        let job = tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the store itself is transactional,
            // so the connection is still consistent and can be used again.
            let mut store = inner
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let result = f(&mut store);
            drop(store);
            if let Some(c) = checkpoints {
                c.nudge();
            }
            result
        });
        match job.await {
            Ok(result) => result,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

/// A command for one account's task.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountCommand {
    Sync,
    /// New settings for the account (same address).
    Update(Box<Account>),
    /// Work for one part of the account's task.
    Op(AccountOp),
}

/// A command for the incoming side of an account's task (the IMAP or POP3 worker).
#[derive(Debug, Clone, PartialEq)]
pub enum IncomingCommand {
    Sync,
    Update(Box<Account>),
    Mail(MailOp),
    /// Drafts changed in the store: upload them and remove replaced copies (IMAP).
    DraftsChanged,
}

/// What an account task (or its incoming side, with `IncomingCommand`s) is given.
pub struct WorkerContext<C = AccountCommand> {
    pub account: Account,
    pub commands: mpsc::UnboundedReceiver<C>,
    pub events: mpsc::UnboundedSender<Event>,
    pub store: StoreHandle,
    /// The secret store to read passwords from (`None`: the system's).
    pub secrets: Option<Secrets>,
    /// How often IDLE is re-issued.
    pub idle_interval: Duration,
}

pub type WorkerFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Starts the task that serves one account.
pub type Spawner = Arc<dyn Fn(WorkerContext) -> WorkerFuture + Send + Sync>;

/// How the engine runs its account tasks.
#[derive(Clone)]
pub struct EngineOptions {
    pub spawner: Spawner,
    /// The first restart delay after a crash; it doubles with each crash, up to
    /// `max_restart_delay`.
    pub restart_delay: Duration,
    pub max_restart_delay: Duration,
    /// Where passwords come from (`None`: the system's secret store).
    pub secrets: Option<Secrets>,
    /// How often IDLE is re-issued (default 9 minutes; capped at 29).
    pub idle_interval: Duration,
    /// Where account discovery looks (tests point it at loopback).
    pub setup: crate::setup::discover::Settings,
    /// The DNS discovery asks (`None`: the system's resolver).
    pub dns: Option<Arc<dyn crate::setup::discover::Dns>>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            spawner: Arc::new(account::run),
            restart_delay: Duration::from_secs(1),
            max_restart_delay: Duration::from_secs(300),
            secrets: None,
            idle_interval: Duration::from_secs(9 * 60),
            setup: crate::setup::discover::Settings::default(),
            dns: None,
        }
    }
}

/// The sending side of the engine, cheap to clone.
#[derive(Debug, Clone)]
pub struct EngineHandle {
    commands: mpsc::UnboundedSender<Command>,
}

/// The engine has stopped and takes no more commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the engine has stopped")]
pub struct EngineStopped;

impl EngineHandle {
    pub fn send(&self, command: Command) -> Result<(), EngineStopped> {
        self.commands.send(command).map_err(|_| EngineStopped)
    }

    /// An id for a command the caller will wait on.
    pub fn request(&self) -> RequestId {
        RequestId::new()
    }
}

/// A running engine.
pub struct Engine {
    pub handle: EngineHandle,
    pub events: mpsc::UnboundedReceiver<Event>,
    supervisor: JoinHandle<()>,
}

impl Engine {
    /// Starts the engine for the accounts of `config`. Must be called inside a tokio runtime.
    pub fn start(config: &Config, store: Store) -> Engine {
        Engine::start_with(config, store, EngineOptions::default())
    }

    pub fn start_with(config: &Config, store: Store, options: EngineOptions) -> Engine {
        let (command_tx, command_rx) = mpsc::unbounded_channel();
        let (event_tx, event_rx) = mpsc::unbounded_channel();
        let supervisor = Supervisor {
            options,
            store: StoreHandle::new(store),
            events: event_tx,
            slots: HashMap::new(),
            task_owner: HashMap::new(),
            tasks: JoinSet::new(),
            restarts: JoinSet::new(),
            setup: HashMap::new(),
            removing: HashMap::new(),
        };
        let accounts = config.accounts.clone();
        let supervisor = tokio::spawn(supervisor.run(accounts, command_rx));
        Engine {
            handle: EngineHandle {
                commands: command_tx,
            },
            events: event_rx,
            supervisor,
        }
    }

    /// Asks the engine to stop and waits until every account task has ended.
    pub async fn shutdown(self) {
        let _ = self.handle.send(Command::Shutdown);
        let _ = self.supervisor.await;
    }
}

struct Slot {
    account: Account,
    commands: mpsc::UnboundedSender<AccountCommand>,
    crashes: u32,
}

struct Supervisor {
    options: EngineOptions,
    store: StoreHandle,
    events: mpsc::UnboundedSender<Event>,
    slots: HashMap<AccountId, Slot>,
    task_owner: HashMap<tokio::task::Id, AccountId>,
    tasks: JoinSet<()>,
    restarts: JoinSet<AccountId>,
    /// Running discoveries and checks, by request.
    setup: HashMap<RequestId, tokio::task::AbortHandle>,
    /// Accounts being removed (key → address): their local mail goes once their task ended.
    removing: HashMap<AccountId, String>,
}

impl Supervisor {
    async fn run(mut self, accounts: Vec<Account>, mut commands: mpsc::UnboundedReceiver<Command>) {
        for account in accounts {
            self.add(account);
        }
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    None | Some(Command::Shutdown) => break,
                    Some(command) => self.handle(command),
                },
                Some(ended) = self.tasks.join_next_with_id() => self.task_ended(ended),
                Some(Ok(key)) = self.restarts.join_next() => self.restart(&key),
            }
        }
        for task in self.setup.values() {
            task.abort();
        }
        self.slots.clear(); // closes every account's command channel
        self.restarts.shutdown().await;
        let deadline = tokio::time::sleep(Duration::from_secs(5));
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                next = self.tasks.join_next() => if next.is_none() { break },
                _ = &mut deadline => { self.tasks.shutdown().await; break }
            }
        }
        let _ = self.events.send(Event::Stopped);
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::AddAccount(account) => self.add(*account),
            Command::RemoveAccount { account } => match self.slots.remove(&account) {
                Some(slot) => {
                    // Its task ends as its command channel closes; its local mail is removed
                    // after that, so nothing writes it back.
                    let email = slot.account.email;
                    if self.task_owner.values().any(|owner| *owner == account) {
                        self.removing.insert(account, email);
                    } else {
                        self.forget(email);
                    }
                }
                None => self.unknown(&account, None),
            },
            Command::Sync {
                account: Some(account),
            } => match self.slots.get(&account) {
                Some(slot) => {
                    let _ = slot.commands.send(AccountCommand::Sync);
                }
                None => self.unknown(&account, None),
            },
            Command::Sync { account: None } => {
                for slot in self.slots.values() {
                    let _ = slot.commands.send(AccountCommand::Sync);
                }
            }
            Command::Account { account, op } => {
                let request = op.request();
                let sent = self
                    .slots
                    .get(&account)
                    .is_some_and(|slot| slot.commands.send(AccountCommand::Op(op)).is_ok());
                if !sent {
                    self.unknown(&account, request);
                }
            }
            Command::Setup(SetupOp::Discover { request, email }) => {
                let (settings, dns) = (self.options.setup.clone(), self.options.dns.clone());
                let task = tokio::spawn(setup::discover(
                    request,
                    email,
                    settings,
                    dns,
                    self.events.clone(),
                ));
                self.track_setup(request, task.abort_handle());
            }
            Command::Setup(SetupOp::CheckServer {
                request,
                server,
                credentials,
            }) => {
                let ca = self.options.setup.extra_ca.clone();
                let task = tokio::spawn(setup::check(
                    request,
                    server,
                    credentials,
                    ca,
                    self.events.clone(),
                ));
                self.track_setup(request, task.abort_handle());
            }
            Command::LoadRemoteImages { request, urls } => {
                let task = tokio::spawn(remote::load(request, urls, self.events.clone()));
                self.track_setup(request, task.abort_handle());
            }
            Command::Cancel { request } => {
                if let Some(task) = self.setup.remove(&request) {
                    task.abort();
                }
            }
            Command::Shutdown => {}
        }
    }

    fn track_setup(&mut self, request: RequestId, task: tokio::task::AbortHandle) {
        self.setup.retain(|_, t| !t.is_finished());
        if let Some(previous) = self.setup.insert(request, task) {
            previous.abort();
        }
    }

    fn unknown(&self, account: &AccountId, request: Option<RequestId>) {
        let _ = self.events.send(Event::Failed {
            request,
            error: crate::proto::MailError::not_found(format!("no account {account}")),
            account: Some(account.clone()),
        });
    }

    fn add(&mut self, account: Account) {
        let key = account.id();
        if let Some(slot) = self.slots.get_mut(&key) {
            slot.account = account.clone();
            let _ = slot
                .commands
                .send(AccountCommand::Update(Box::new(account)));
            return;
        }
        let (tx, rx) = mpsc::unbounded_channel();
        self.spawn(account.clone(), rx);
        self.slots.insert(
            key,
            Slot {
                account,
                commands: tx,
                crashes: 0,
            },
        );
    }

    fn spawn(&mut self, account: Account, commands: mpsc::UnboundedReceiver<AccountCommand>) {
        let key = account.id();
        let _ = self.events.send(Event::AccountState {
            account: account.id(),
            state: AccountState::Starting,
        });
        let context = WorkerContext {
            account,
            commands,
            events: self.events.clone(),
            store: self.store.clone(),
            secrets: self.options.secrets.clone(),
            idle_interval: self.options.idle_interval.min(imap::idle::MAX_IDLE),
        };
        let handle = self.tasks.spawn((self.options.spawner)(context));
        self.task_owner.insert(handle.id(), key);
    }

    fn task_ended(&mut self, ended: Result<(tokio::task::Id, ()), tokio::task::JoinError>) {
        let (id, error) = match ended {
            Ok((id, ())) => (id, None),
            Err(e) => (e.id(), Some(e)),
        };
        let Some(key) = self.task_owner.remove(&id) else {
            return;
        };
        if !self.task_owner.values().any(|owner| *owner == key)
            && let Some(email) = self.removing.remove(&key)
        {
            self.forget(email);
        }
        let Some(slot) = self.slots.get_mut(&key) else {
            return;
        }; // removed: a normal end
        let reason = match error {
            Some(e) if e.is_panic() => panic_text(e.into_panic()),
            Some(e) => e.to_string(),
            None => "the account task ended by itself".to_string(),
        };
        let factor = 2u32.saturating_pow(slot.crashes.min(16));
        let delay = self
            .options
            .restart_delay
            .saturating_mul(factor)
            .min(self.options.max_restart_delay);
        slot.crashes += 1;
        tracing::error!(account = %slot.account.email, %reason, "account task crashed");
        let _ = self.events.send(Event::AccountCrashed {
            account: AccountId::of(&slot.account.email),
            reason,
            restart_in: delay,
        });
        self.restarts.spawn(async move {
            tokio::time::sleep(delay).await;
            key
        });
    }

    /// Removes a removed account's local mail, outbox and drafts, then says it is gone.
    fn forget(&self, email: String) {
        let (store, events) = (self.store.clone(), self.events.clone());
        tokio::spawn(async move {
            let address = email.clone();
            if let Err(e) = store.with(move |s| s.remove_account(&address)).await {
                tracing::warn!(%email, %e, "the removed account's local mail could not be deleted");
            }
            let _ = events.send(Event::AccountRemoved {
                account: AccountId::of(&email),
            });
        });
    }

    fn restart(&mut self, key: &AccountId) {
        let Some(slot) = self.slots.get_mut(key) else {
            return;
        };
        let (tx, rx) = mpsc::unbounded_channel();
        slot.commands = tx;
        let account = slot.account.clone();
        self.spawn(account, rx);
    }
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests;
