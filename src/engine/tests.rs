use std::sync::atomic::{AtomicU32, Ordering};

use super::*;
use crate::account::{AuthMethod, Incoming, Pop3Policy, Security, Server};

fn account(email: &str) -> Account {
    let server = |host: &str| Server {
        host: host.into(),
        port: 993,
        security: Security::Tls,
        username: email.into(),
        auth: AuthMethod::Password,
        ca_file: None,
    };
    Account {
        name: String::new(),
        email: email.into(),
        incoming: Incoming::Imap(server("imap.example.test")),
        outgoing: server("smtp.example.test"),
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

fn config(emails: &[&str]) -> Config {
    Config {
        accounts: emails.iter().map(|e| account(e)).collect(),
        ..Config::default()
    }
}

async fn next(events: &mut mpsc::UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("an event within 10 s")
        .expect("the engine is running")
}

/// Waits for the first event matching `want`, skipping others.
async fn wait_for(
    events: &mut mpsc::UnboundedReceiver<Event>,
    want: impl Fn(&Event) -> bool,
) -> Event {
    loop {
        let event = next(events).await;
        if want(&event) {
            return event;
        }
    }
}

fn idle(email: &str) -> impl Fn(&Event) -> bool + '_ {
    move |e| matches!(e, Event::AccountState { account, state: AccountState::Idle } if account == email)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    (dir, store)
}

/// The supervisor on its own: account tasks that register and wait, no network.
fn start(config: &Config, store: Store) -> Engine {
    let options = EngineOptions {
        spawner: Arc::new(account::waiting),
        ..EngineOptions::default()
    };
    Engine::start_with(config, store, options)
}

#[tokio::test]
async fn every_account_gets_a_task_that_registers_it() {
    let (dir, store) = store();
    let mut engine = start(&config(&["a@example.test", "b@example.test"]), store);
    let mut idle_seen = Vec::new();
    while idle_seen.len() < 2 {
        if let Event::AccountState {
            account,
            state: AccountState::Idle,
        } = next(&mut engine.events).await
        {
            idle_seen.push(account);
        }
    }
    idle_seen.sort();
    assert_eq!(idle_seen, ["a@example.test", "b@example.test"]);
    let reader = Store::open_read_only(&dir.path().join("s.sqlite3")).unwrap();
    assert!(reader.account_id("b@example.test").unwrap().is_some());
    engine.shutdown().await;
}

#[tokio::test]
async fn a_crashing_account_is_reported_and_restarted_while_the_others_keep_working() {
    let (_dir, store) = store();
    let crashes = Arc::new(AtomicU32::new(0));
    let counter = crashes.clone();
    let spawner: Spawner = Arc::new(move |ctx: WorkerContext| {
        if ctx.account.email == "crash@example.test" && counter.fetch_add(1, Ordering::SeqCst) < 2 {
            Box::pin(async { panic!("boom in the IMAP parser") })
        } else {
            account::waiting(ctx)
        }
    });
    let options = EngineOptions {
        spawner,
        restart_delay: Duration::from_millis(50),
        max_restart_delay: Duration::from_millis(80),
        ..EngineOptions::default()
    };
    let mut engine = Engine::start_with(
        &config(&["ok@example.test", "crash@example.test"]),
        store,
        options,
    );

    let crashed = wait_for(&mut engine.events, |e| {
        matches!(e, Event::AccountCrashed { .. })
    })
    .await;
    let Event::AccountCrashed {
        account,
        reason,
        restart_in,
    } = crashed
    else {
        unreachable!()
    };
    assert_eq!(account, "crash@example.test");
    assert!(reason.contains("boom in the IMAP parser"), "{reason}");
    assert_eq!(restart_in, Duration::from_millis(50));

    // The healthy account still answers.
    wait_for(&mut engine.events, idle("ok@example.test")).await;
    engine
        .handle
        .send(Command::Sync {
            account: Some(crate::account::AccountId::of("ok@example.test")),
        })
        .unwrap();
    wait_for(
        &mut engine.events,
        |e| matches!(e, Event::Failed { account: Some(a), .. } if a == "ok@example.test"),
    )
    .await;

    // The second crash waits longer (capped), then the account comes back.
    let second = wait_for(&mut engine.events, |e| {
        matches!(e, Event::AccountCrashed { .. })
    })
    .await;
    assert!(
        matches!(second, Event::AccountCrashed { restart_in, .. } if restart_in == Duration::from_millis(80))
    );
    wait_for(&mut engine.events, idle("crash@example.test")).await;
    assert_eq!(crashes.load(Ordering::SeqCst), 3);

    engine.handle.send(Command::Shutdown).unwrap();
    wait_for(&mut engine.events, |e| *e == Event::Stopped).await;
}

#[tokio::test]
async fn accounts_can_be_added_and_removed_while_running() {
    let (_dir, store) = store();
    let mut engine = start(&config(&[]), store);
    engine
        .handle
        .send(Command::AddAccount(Box::new(account("new@example.test"))))
        .unwrap();
    wait_for(&mut engine.events, idle("new@example.test")).await;
    engine
        .handle
        .send(Command::RemoveAccount {
            account: crate::account::AccountId::of("New@Example.test"),
        })
        .unwrap();
    let removed = wait_for(&mut engine.events, |e| {
        matches!(e, Event::AccountRemoved { .. })
    })
    .await;
    // Named by the account's own address, whatever case the request used.
    assert_eq!(
        removed,
        Event::AccountRemoved {
            account: "new@example.test".into()
        }
    );
    engine
        .handle
        .send(Command::Sync {
            account: Some(crate::account::AccountId::of("new@example.test")),
        })
        .unwrap();
    let failed = wait_for(&mut engine.events, |e| matches!(e, Event::Failed { .. })).await;
    assert!(matches!(
        failed,
        Event::Failed { error, .. }
            if error.kind == crate::proto::ErrorKind::NotFound
                && error.server_text.contains("no account")
    ));
    // A command waited on is failed with its id.
    let request = engine.handle.request();
    engine
        .handle
        .send(Command::on(
            "new@example.test",
            crate::engine::MailOp::FetchBody {
                request,
                message_id: 1,
            },
        ))
        .unwrap();
    let failed = wait_for(&mut engine.events, |e| matches!(e, Event::Failed { .. })).await;
    assert!(matches!(failed, Event::Failed { request: Some(r), .. } if r == request));
    engine.shutdown().await;
}
