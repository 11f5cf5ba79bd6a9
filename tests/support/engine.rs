//! A whole engine for a test: a temporary profile (store), the account's password in the real
//! Secret Service, and waiting for events.

use std::path::PathBuf;
use std::time::Duration;

use facteur::account::{Account, Config, SecretKey, SecretRole, Secrets};
use facteur::engine::{Engine, EngineOptions, Event};
use facteur::store::Store;

/// How long a test waits for an event that should come.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Stores `password` as the incoming password of `email` in the session's Secret Service.
pub async fn secrets_with(email: &str, password: &str) -> Secrets {
    super::session::require_session_bus();
    let (email, password) = (email.to_string(), password.to_string());
    tokio::task::spawn_blocking(move || {
        let secrets = Secrets::system().expect("the Secret Service");
        secrets
            .set(&SecretKey::new(&email, SecretRole::Incoming), &password)
            .expect("the password is stored");
        secrets
    })
    .await
    .unwrap()
}

/// An engine serving accounts on a temporary profile.
pub struct TestEngine {
    pub engine: Engine,
    pub path: PathBuf,
    pub home: tempfile::TempDir,
}

impl TestEngine {
    /// Starts an engine for `account` on a new profile; `prepare` may fill the store first.
    pub async fn start(
        account: Account,
        password: &str,
        prepare: impl FnOnce(&Store),
    ) -> TestEngine {
        let home = tempfile::tempdir().unwrap();
        TestEngine::start_in(home, account, password, prepare).await
    }

    /// Starts an engine on an existing profile (a restart).
    pub async fn start_in(
        home: tempfile::TempDir,
        account: Account,
        password: &str,
        prepare: impl FnOnce(&Store),
    ) -> TestEngine {
        let secrets = secrets_with(&account.email, password).await;
        let path = home.path().join("facteur.sqlite3");
        let store = Store::open(&path).unwrap();
        prepare(&store);
        let config = Config {
            accounts: vec![account],
            ..Config::default()
        };
        let engine = Engine::start_with(
            &config,
            store,
            EngineOptions {
                secrets: Some(secrets),
                ..EngineOptions::default()
            },
        );
        TestEngine { engine, path, home }
    }

    /// The first event `want` accepts, within [`PATIENCE`]; panics naming `what` otherwise.
    pub async fn event(&mut self, what: &str, want: impl Fn(&Event) -> bool) -> Event {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut passed = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.engine.events.recv()).await {
                Ok(Some(e)) if want(&e) => return e,
                Ok(Some(e)) => passed.push(e),
                _ => panic!("no {what} within {PATIENCE:?}; events meanwhile: {passed:#?}"),
            }
        }
    }

    pub fn send(&self, command: facteur::engine::Command) {
        self.engine.handle.send(command).unwrap();
    }

    /// A read-only view of the store, as the GUI has.
    pub fn store(&self) -> Store {
        Store::open_read_only(&self.path).unwrap()
    }

    /// Stops the engine and hands back the profile, for a restart.
    pub async fn stop(self) -> tempfile::TempDir {
        self.engine.shutdown().await;
        self.home
    }
}
