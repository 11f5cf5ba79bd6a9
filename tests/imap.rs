//! The IMAP engine against the harness's real Dovecot: sync, push, actions, errors.
//!
//! Each test has its own user (and, where it stops the server, its own Dovecot). The engine
//! reads passwords from the real Secret Service, so these tests run in the D-Bus session that
//! `scripts/test` provides.

mod support;

use facteur::engine::MailOp;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use facteur::account::{
    Account, AuthMethod, Config, Incoming, Pop3Policy, SecretKey, SecretRole, Secrets, Security,
    Server,
};
use facteur::engine::event::PushState;
use facteur::engine::{Command, Engine, EngineOptions, Event, MessageAction};
use facteur::proto::error::{CertificateReason, ErrorKind};
use facteur::store::{Flags, MessageRow, Scope, Store};
use futures::TryStreamExt;
use support::{MailServer, TestUser, mailserver};

/// How long any awaited event may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// A message with a date `n` hours after a fixed start, so the order is known.
fn mail(n: u32, from: &str, subject: &str, body: &str) -> Vec<u8> {
    let day = 1 + n / 24;
    let hour = n % 24;
    format!(
        "From: {from}\r\nTo: someone@example.test\r\nSubject: {subject}\r\n\
         Date: Mon, {day:02} Jun 2026 {hour:02}:00:00 +0200\r\n\
         Message-ID: <m{n}-{}@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        support::random_token()
    )
    .into_bytes()
}

fn plain(n: u32) -> Vec<u8> {
    mail(
        n,
        "Alice <alice@example.test>",
        &format!("Message {n}"),
        &format!("Body of message number {n}."),
    )
}

/// Facteur's engine for one test user, with its own profile folder.
struct Facteur {
    engine: Engine,
    store_path: PathBuf,
    email: String,
    _home: tempfile::TempDir,
}

fn account(server: &MailServer, user: &TestUser, security: Security, port: u16) -> Account {
    let incoming = Server {
        host: "localhost".into(),
        port,
        security,
        username: user.email.clone(),
        auth: AuthMethod::Password,
        ca_file: Some(server.ca_file.clone()),
    };
    Account {
        name: "Test".into(),
        email: user.email.clone(),
        outgoing: Server {
            port: server.submissions_port,
            ..incoming.clone()
        },
        incoming: Incoming::Imap(incoming),
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

async fn store_secret(email: &str, role: SecretRole, secret: &str) {
    support::session::require_session_bus();
    let (email, secret) = (email.to_string(), secret.to_string());
    tokio::task::spawn_blocking(move || {
        Secrets::system()
            .expect("the Secret Service")
            .set(&SecretKey::new(&email, role), &secret)
            .expect("the password is stored")
    })
    .await
    .unwrap();
}

impl Facteur {
    /// Starts the engine for `user` over implicit TLS.
    async fn start(server: &MailServer, user: &TestUser) -> Facteur {
        let account = account(server, user, Security::Tls, server.imaps_port);
        store_secret(&user.email, SecretRole::Incoming, &user.password).await;
        Facteur::start_with(account).await
    }

    async fn start_with(account: Account) -> Facteur {
        let home = tempfile::tempdir().unwrap();
        let store_path = home.path().join("facteur.sqlite3");
        let store = Store::open(&store_path).unwrap();
        let config = Config {
            accounts: vec![account.clone()],
            ..Config::default()
        };
        let options = EngineOptions {
            secrets: Some(
                tokio::task::spawn_blocking(Secrets::system)
                    .await
                    .unwrap()
                    .unwrap(),
            ),
            ..EngineOptions::default()
        };
        Facteur {
            engine: Engine::start_with(&config, store, options),
            store_path,
            email: account.email,
            _home: home,
        }
    }

    fn send(&self, command: Command) {
        self.engine.handle.send(command).expect("the engine runs");
    }

    /// Waits for the first event matching `want`, skipping others.
    async fn wait(&mut self, what: &str, want: impl Fn(&Event) -> bool) -> Event {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.engine.events.recv()).await {
                Ok(Some(event)) if want(&event) => return event,
                Ok(Some(_)) => {}
                Ok(None) => panic!("the engine stopped while waiting for {what}"),
                Err(_) => panic!("no {what} within {PATIENCE:?}"),
            }
        }
    }

    async fn synced(&mut self) {
        self.wait("the end of a sync", |e| {
            matches!(e, Event::SyncFinished { .. })
        })
        .await;
    }

    async fn listening(&mut self) {
        self.wait("push to be listening", |e| {
            matches!(
                e,
                Event::Push {
                    state: PushState::Listening,
                    ..
                }
            )
        })
        .await;
    }

    fn store(&self) -> Store {
        Store::open_read_only(&self.store_path).unwrap()
    }

    fn folder_id(&self, name: &str) -> i64 {
        let store = self.store();
        let account = store.account_id(&self.email).unwrap().unwrap();
        store
            .folder_by_name(account, name)
            .unwrap()
            .unwrap_or_else(|| panic!("no folder {name}"))
            .id
    }

    fn messages(&self, folder: &str) -> Vec<MessageRow> {
        self.store()
            .messages(&Scope::Folder(self.folder_id(folder)), 100_000, 0)
            .unwrap()
    }

    fn by_subject(&self, folder: &str) -> HashMap<String, MessageRow> {
        self.messages(folder)
            .into_iter()
            .map(|m| (m.subject.clone(), m))
            .collect()
    }

    /// Waits until the store satisfies `check` (the engine writes in the background).
    async fn until(&self, what: &str, check: impl Fn(&Facteur) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !check(self) {
            assert!(Instant::now() < deadline, "the store never showed {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Another mail client of the same user, over raw IMAP.
async fn other_client(server: &MailServer, user: &TestUser) -> support::imap::ImapSession {
    let client = support::imap::connect_tls(server.imaps_port, Some(&server.ca_file))
        .await
        .unwrap();
    support::imap::login(client, &user.email, &user.password).await
}

async fn server_flags(
    session: &mut support::imap::ImapSession,
    folder: &str,
) -> HashMap<u32, Vec<String>> {
    session.select(folder).await.unwrap();
    let fetches: Vec<_> = session
        .uid_fetch("1:*", "(UID FLAGS)")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    // Dovecot may slip in unsolicited FETCH updates (no UID) about changes made by the engine's
    // own connection: only the answers to this UID FETCH count.
    fetches
        .iter()
        .filter_map(|f| {
            let flags = f.flags().map(|flag| format!("{flag:?}")).collect();
            Some((f.uid?, flags))
        })
        .collect()
}

async fn deliver_all(server: &MailServer, to: &str, mails: impl IntoIterator<Item = Vec<u8>>) {
    for raw in mails {
        server.deliver(to, &raw).await;
    }
}

/// A user's action on messages of the account `email`.
fn act_on(email: &str, ids: Vec<i64>, action: MessageAction) -> Command {
    Command::on(
        email,
        MailOp::Act {
            message_ids: ids,
            action,
        },
    )
}

#[tokio::test]
async fn a_first_sync_stores_headers_newest_first_with_folders_and_search() {
    let server = mailserver();
    let user = server.new_user();
    deliver_all(server, &user.email, (0..130).map(plain)).await;
    server
        .deliver(
            &user.email,
            &mail(
                200,
                "=?ISO-8859-1?Q?Fran=E7ois_M=FCller?= <francois@example.fr>",
                "=?UTF-8?Q?R=C3=A9union_=C3=A0_Z=C3=BCrich?=",
                "Rendez-vous devant la gare à 9 h.",
            ),
        )
        .await;

    let mut facteur = Facteur::start(server, &user).await;
    let mut progress = Vec::new();
    loop {
        match facteur.wait("sync events", |_| true).await {
            Event::SyncProgress {
                folder,
                done,
                total,
                ..
            } if folder == "INBOX" => progress.push((done, total)),
            Event::SyncFinished { .. } => break,
            Event::AccountError { error, .. } => panic!("{error}"),
            _ => {}
        }
    }
    assert_eq!(
        progress.first(),
        Some(&(50, 131)),
        "the newest 50 come first"
    );
    assert_eq!(progress.last(), Some(&(131, 131)));

    let inbox = facteur.messages("INBOX");
    assert_eq!(inbox.len(), 131);
    assert_eq!(inbox[0].subject, "Réunion à Zürich");
    assert_eq!(inbox[0].from_name, "François Müller");
    assert_eq!(inbox[0].from_addr, "francois@example.fr");
    assert!(
        inbox[0].preview.contains("Rendez-vous devant la gare"),
        "{:?}",
        inbox[0].preview
    );
    assert_eq!(inbox[1].subject, "Message 129");
    assert_eq!(inbox[130].subject, "Message 0");
    assert!(inbox.iter().all(|m| !m.flags.contains(Flags::SEEN)));
    assert!(
        inbox.windows(2).all(|w| w[0].date >= w[1].date),
        "newest first"
    );

    let store = facteur.store();
    let found = store.search("zurich", 10).unwrap();
    assert_eq!(found.len(), 1, "search ignores accents");
    assert_eq!(found[0].subject, "Réunion à Zürich");
    assert_eq!(store.search("francois", 10).unwrap().len(), 1);
    assert_eq!(
        store.search("Message 77", 10).unwrap()[0].subject,
        "Message 77"
    );

    let account = store.account_id(&user.email).unwrap().unwrap();
    use facteur::store::SpecialUse;
    let roles: HashMap<Option<SpecialUse>, String> = store
        .folders(account)
        .unwrap()
        .into_iter()
        .map(|f| (f.special_use, f.name))
        .collect();
    for role in [
        SpecialUse::Inbox,
        SpecialUse::Sent,
        SpecialUse::Drafts,
        SpecialUse::Trash,
        SpecialUse::Junk,
        SpecialUse::Archive,
    ] {
        assert!(
            roles.contains_key(&Some(role)),
            "no {role:?} folder in {roles:?}"
        );
    }
    let inbox_folder = store
        .folders(account)
        .unwrap()
        .into_iter()
        .find(|f| f.special_use == Some(SpecialUse::Inbox))
        .unwrap();
    assert_eq!((inbox_folder.total, inbox_folder.unread), (131, 131));
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn a_body_is_fetched_when_opened_then_cached_and_searchable() {
    let server = mailserver();
    let user = server.new_user();
    let long_body = format!(
        "{}\r\nThe secret word is pamplemousse.",
        "filler line\r\n".repeat(400)
    );
    server
        .deliver(
            &user.email,
            &mail(1, "Bob <bob@example.test>", "Long one", &long_body),
        )
        .await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    let id = facteur.messages("INBOX")[0].id;
    assert!(
        facteur
            .store()
            .search("pamplemousse", 5)
            .unwrap()
            .is_empty(),
        "the word is past the preview"
    );
    assert!(facteur.store().body(id).unwrap().is_none());

    facteur.send(Command::on(
        &user.email,
        MailOp::FetchBody {
            request: facteur::engine::RequestId::new(),
            message_id: id,
        },
    ));
    facteur
        .wait(
            "the body",
            |e| matches!(e, Event::BodyReady { message_id, .. } if *message_id == id),
        )
        .await;
    let raw = facteur
        .store()
        .body(id)
        .unwrap()
        .expect("the body is cached");
    assert!(String::from_utf8_lossy(&raw).contains("pamplemousse"));
    assert_eq!(facteur.store().search("pamplemousse", 5).unwrap()[0].id, id);
    // Opening it again needs no server round trip but answers the same way.
    facteur.send(Command::on(
        &user.email,
        MailOp::FetchBody {
            request: facteur::engine::RequestId::new(),
            message_id: id,
        },
    ));
    facteur
        .wait(
            "the cached body",
            |e| matches!(e, Event::BodyReady { message_id, .. } if *message_id == id),
        )
        .await;
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn changes_made_by_another_client_reach_the_store() {
    let server = mailserver();
    let user = server.new_user();
    deliver_all(server, &user.email, (1..=5).map(plain)).await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    facteur.listening().await;
    assert_eq!(facteur.messages("INBOX").len(), 5);

    let mut other = other_client(server, &user).await;
    other.select("INBOX").await.unwrap();
    let uid_of = |subject: &str| facteur.by_subject("INBOX")[subject].uid.to_string();
    let _: Vec<_> = other
        .uid_store(uid_of("Message 1"), "+FLAGS (\\Seen)")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let _: Vec<_> = other
        .uid_store(uid_of("Message 2"), "+FLAGS (\\Flagged)")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    other.uid_mv(uid_of("Message 3"), "Archive").await.unwrap();
    let _: Vec<_> = other
        .uid_store(uid_of("Message 4"), "+FLAGS (\\Deleted)")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let _: Vec<_> = other.expunge().await.unwrap().try_collect().await.unwrap();

    // Push alone (no sync asked for) brings the inbox in step.
    facteur
        .until("the other client's changes", |f| {
            let inbox = f.by_subject("INBOX");
            inbox.len() == 3
                && inbox["Message 1"].flags.contains(Flags::SEEN)
                && inbox["Message 2"].flags.contains(Flags::FLAGGED)
                && !inbox["Message 5"].flags.contains(Flags::SEEN)
        })
        .await;
    facteur.send(Command::Sync {
        account: Some(facteur::account::AccountId::of(&user.email)),
    });
    facteur.synced().await;
    let archive = facteur.by_subject("Archive");
    assert!(archive.contains_key("Message 3"), "{archive:?}");
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn mail_delivered_during_idle_is_announced_within_two_seconds() {
    let server = mailserver();
    let user = server.new_user();
    server.deliver(&user.email, &plain(1)).await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    facteur.listening().await;

    let started = Instant::now();
    server
        .deliver(
            &user.email,
            &mail(
                2,
                "Chloé Dupont <chloe@example.fr>",
                "=?UTF-8?Q?D=C3=A9jeuner_demain_=3F?=",
                "On se retrouve à midi ?",
            ),
        )
        .await;
    let event = facteur
        .wait("new mail", |e| matches!(e, Event::NewMail { .. }))
        .await;
    let elapsed = started.elapsed();
    let Event::NewMail { account, messages } = event else {
        unreachable!()
    };
    assert_eq!(account, user.email);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].from, "Chloé Dupont");
    assert_eq!(messages[0].subject, "Déjeuner demain ?");
    assert!(
        elapsed < Duration::from_secs(2),
        "new mail took {elapsed:?} to be announced"
    );
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn push_survives_a_server_restart() {
    let private = MailServer::start_private();
    let server = &private.server;
    let user = server.new_user();
    server.deliver(&user.email, &plain(1)).await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    facteur.listening().await;

    private.stop();
    facteur
        .wait("push to notice the restart", |e| {
            matches!(
                e,
                Event::Push {
                    state: PushState::Down { .. },
                    ..
                }
            )
        })
        .await;
    private.start();
    facteur.listening().await;

    server.deliver(&user.email, &plain(2)).await;
    let event = facteur
        .wait("new mail after the restart", |e| {
            matches!(e, Event::NewMail { .. })
        })
        .await;
    let Event::NewMail { messages, .. } = event else {
        unreachable!()
    };
    assert_eq!(messages[0].subject, "Message 2");
    assert_eq!(facteur.messages("INBOX").len(), 2);
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn actions_taken_offline_reach_the_server_after_reconnecting() {
    let private = MailServer::start_private();
    let server = &private.server;
    let user = server.new_user();
    deliver_all(server, &user.email, (1..=3).map(plain)).await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    let inbox = facteur.by_subject("INBOX");

    private.stop();
    let act = |ids: Vec<i64>, action: MessageAction| act_on(&user.email, ids, action);
    facteur.send(act(
        vec![inbox["Message 1"].id],
        MessageAction::MarkRead(true),
    ));
    facteur.send(act(vec![inbox["Message 2"].id], MessageAction::Flag(true)));
    facteur.send(act(
        vec![inbox["Message 3"].id],
        MessageAction::Move {
            to: "Archive".into(),
        },
    ));
    // The store shows the actions at once, server or not.
    facteur
        .until("the offline actions", |f| {
            let inbox = f.by_subject("INBOX");
            inbox.len() == 2
                && inbox["Message 1"].flags.contains(Flags::SEEN)
                && inbox["Message 2"].flags.contains(Flags::FLAGGED)
        })
        .await;

    private.start();
    facteur.send(Command::Sync {
        account: Some(facteur::account::AccountId::of(&user.email)),
    });
    facteur.synced().await;
    let mut other = other_client(server, &user).await;
    let inbox_flags = server_flags(&mut other, "INBOX").await;
    let flags_of = |uid: u32| inbox_flags.get(&uid).cloned().unwrap_or_default();
    assert!(flags_of(inbox["Message 1"].uid).contains(&"Seen".to_string()));
    assert!(flags_of(inbox["Message 2"].uid).contains(&"Flagged".to_string()));
    assert!(!inbox_flags.contains_key(&inbox["Message 3"].uid));
    assert_eq!(server_flags(&mut other, "Archive").await.len(), 1);
    assert!(facteur.by_subject("Archive").contains_key("Message 3"));
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn actions_reach_the_server_and_a_refused_one_is_undone() {
    let server = mailserver();
    let user = server.new_user();
    deliver_all(server, &user.email, (1..=5).map(plain)).await;
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    let inbox = facteur.by_subject("INBOX");
    let id = |s: &str| inbox[s].id;
    let act = |ids: Vec<i64>, action: MessageAction| act_on(&user.email, ids, action);
    facteur.send(act(
        vec![id("Message 1"), id("Message 2")],
        MessageAction::MarkRead(true),
    ));
    facteur.send(act(vec![id("Message 2")], MessageAction::MarkRead(false)));
    facteur.send(act(vec![id("Message 3")], MessageAction::Flag(true)));
    facteur.send(act(vec![id("Message 4")], MessageAction::Delete));
    facteur.send(act(
        vec![id("Message 5")],
        MessageAction::Move {
            to: "Archive".into(),
        },
    ));
    let mut other = other_client(server, &user).await;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let flags = server_flags(&mut other, "INBOX").await;
        let has = |s: &str, f: &str| {
            flags
                .get(&inbox[s].uid)
                .is_some_and(|v| v.contains(&f.to_string()))
        };
        if flags.len() == 3
            && has("Message 1", "Seen")
            && !has("Message 2", "Seen")
            && has("Message 3", "Flagged")
        {
            break;
        }
        assert!(Instant::now() < deadline, "the server shows {flags:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(server_flags(&mut other, "Trash").await.len(), 1);
    assert_eq!(server_flags(&mut other, "Archive").await.len(), 1);

    // Deleting from the Trash deletes for good.
    facteur.send(Command::Sync {
        account: Some(facteur::account::AccountId::of(&user.email)),
    });
    facteur.synced().await;
    let in_trash = facteur.messages("Trash");
    assert_eq!(in_trash.len(), 1);
    facteur.send(act(vec![in_trash[0].id], MessageAction::Delete));
    let deadline = Instant::now() + PATIENCE;
    while !server_flags(&mut other, "Trash").await.is_empty() {
        assert!(Instant::now() < deadline, "the Trash was not emptied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A move the server refuses (no such folder) is undone in the store and reported.
    let remaining = facteur.by_subject("INBOX");
    facteur.send(act(
        vec![remaining["Message 1"].id],
        MessageAction::Move {
            to: "No such folder".into(),
        },
    ));
    facteur
        .wait("the refusal", |e| matches!(e, Event::ActionFailed { .. }))
        .await;
    facteur
        .until("the message back in the inbox", |f| {
            f.by_subject("INBOX").contains_key("Message 1")
        })
        .await;
    assert_eq!(server_flags(&mut other, "INBOX").await.len(), 3);
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn a_recreated_folder_with_a_new_uidvalidity_is_fetched_again() {
    let server = mailserver();
    let user = server.new_user();
    let mut other = other_client(server, &user).await;
    other.create("Projects").await.unwrap();
    for n in 1..=3 {
        other
            .append("Projects", None, None, plain(n))
            .await
            .unwrap();
    }
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    assert_eq!(facteur.messages("Projects").len(), 3);

    other.delete("Projects").await.unwrap();
    other.create("Projects").await.unwrap();
    for n in 10..=11 {
        other
            .append("Projects", None, None, plain(n))
            .await
            .unwrap();
    }
    facteur.send(Command::Sync {
        account: Some(facteur::account::AccountId::of(&user.email)),
    });
    let event = facteur
        .wait(
            "Projects synced",
            |e| matches!(e, Event::FolderSynced { folder, .. } if folder == "Projects"),
        )
        .await;
    assert!(
        matches!(event, Event::FolderSynced { reset: true, .. }),
        "{event:?}"
    );
    let mut subjects: Vec<_> = facteur.by_subject("Projects").into_keys().collect();
    subjects.sort();
    assert_eq!(subjects, ["Message 10", "Message 11"]);
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn folders_are_created_renamed_and_deleted_with_any_name() {
    let server = mailserver();
    let user = server.new_user();
    let mut facteur = Facteur::start(server, &user).await;
    facteur.synced().await;
    let names = |f: &Facteur| -> Vec<String> {
        let store = f.store();
        let account = store.account_id(&f.email).unwrap().unwrap();
        store
            .folders(account)
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect()
    };
    facteur.send(Command::on(
        &user.email,
        MailOp::CreateFolder {
            name: "Reçus & “Factures”".into(),
        },
    ));
    facteur
        .until("the new folder", |f| {
            names(f).contains(&"Reçus & “Factures”".to_string())
        })
        .await;
    facteur.send(Command::on(
        &user.email,
        MailOp::RenameFolder {
            from: "Reçus & “Factures”".into(),
            to: "Quittungen 2026".into(),
        },
    ));
    facteur
        .until("the renamed folder", |f| {
            let n = names(f);
            n.contains(&"Quittungen 2026".to_string())
                && !n.contains(&"Reçus & “Factures”".to_string())
        })
        .await;
    let mut other = other_client(server, &user).await;
    let listed: Vec<String> = other
        .list(None, Some("*"))
        .await
        .unwrap()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .iter()
        .map(|n| n.name().to_string())
        .collect();
    assert!(
        listed.contains(&"Quittungen 2026".to_string()),
        "{listed:?}"
    );
    facteur.send(Command::on(
        &user.email,
        MailOp::DeleteFolder {
            name: "Quittungen 2026".into(),
        },
    ));
    facteur
        .until("the folder gone", |f| {
            !names(f).contains(&"Quittungen 2026".to_string())
        })
        .await;
    facteur.engine.shutdown().await;
}

async fn first_error(facteur: &mut Facteur) -> ErrorKind {
    let event = facteur
        .wait("an account error", |e| {
            matches!(e, Event::AccountError { .. })
        })
        .await;
    let Event::AccountError { error, .. } = event else {
        unreachable!()
    };
    error.kind
}

#[tokio::test]
async fn a_wrong_password_is_told_apart_and_not_retried() {
    let server = mailserver();
    let user = server.new_user();
    let account = account(server, &user, Security::Tls, server.imaps_port);
    store_secret(&user.email, SecretRole::Incoming, "not the password").await;
    let mut facteur = Facteur::start_with(account).await;
    assert_eq!(first_error(&mut facteur).await, ErrorKind::WrongCredentials);
    facteur
        .wait("offline, waiting for the user", |e| {
            matches!(
                e,
                Event::AccountState {
                    state: facteur::engine::AccountState::Offline { retry_in: None },
                    ..
                }
            )
        })
        .await;
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn an_unknown_certificate_is_its_own_error_with_details() {
    let server = mailserver();
    let user = server.new_user();
    let mut account = account(server, &user, Security::Tls, server.imaps_port);
    if let Incoming::Imap(s) = &mut account.incoming {
        s.ca_file = None;
    }
    store_secret(&user.email, SecretRole::Incoming, &user.password).await;
    let mut facteur = Facteur::start_with(account).await;
    let ErrorKind::Certificate(problem) = first_error(&mut facteur).await else {
        panic!("not a certificate error")
    };
    assert_eq!(problem.reason, CertificateReason::UnknownIssuer);
    assert!(problem.issuer.contains("Facteur Test CA"), "{problem:?}");
    assert!(problem.subject.contains("localhost"), "{problem:?}");
    facteur.engine.shutdown().await;
}

#[tokio::test]
async fn starttls_and_oauth2_accounts_sync() {
    let server = mailserver();
    let user = server.new_user();
    server.deliver(&user.email, &plain(1)).await;
    store_secret(&user.email, SecretRole::Incoming, &user.password).await;
    let mut facteur =
        Facteur::start_with(account(server, &user, Security::Starttls, server.imap_port)).await;
    facteur.synced().await;
    assert_eq!(facteur.messages("INBOX").len(), 1);
    facteur.engine.shutdown().await;

    let mut oauth = account(server, &user, Security::Tls, server.imaps_port);
    if let Incoming::Imap(s) = &mut oauth.incoming {
        s.auth = AuthMethod::OAuth2;
    }
    store_secret(
        &user.email,
        SecretRole::OAuth2,
        &server.oauth2_token(&user.email, 600),
    )
    .await;
    let mut facteur = Facteur::start_with(oauth.clone()).await;
    facteur.synced().await;
    assert_eq!(facteur.messages("INBOX").len(), 1);
    facteur.engine.shutdown().await;

    // An expired token is refused as credentials, not as a network failure.
    store_secret(
        &user.email,
        SecretRole::OAuth2,
        &server.oauth2_token(&user.email, -60),
    )
    .await;
    let mut facteur = Facteur::start_with(oauth).await;
    assert_eq!(first_error(&mut facteur).await, ErrorKind::WrongCredentials);
    facteur.engine.shutdown().await;
}

/// A fake server that speaks just enough IMAP to offer (or not) STARTTLS, and records
/// everything the client sends.
async fn fake_server(
    capabilities: &'static str,
    starttls_reply: &'static str,
) -> (u16, tokio::task::JoinHandle<Vec<u8>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let mut seen = Vec::new();
        let Ok(Ok((mut socket, _))) =
            tokio::time::timeout(Duration::from_secs(20), listener.accept()).await
        else {
            return seen;
        };
        socket.write_all(b"* OK fake IMAP ready\r\n").await.unwrap();
        let mut buf = [0u8; 4096];
        loop {
            let n = match tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf)).await
            {
                Ok(Ok(n)) if n > 0 => n,
                _ => return seen,
            };
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&buf[..n]).to_string();
            for line in text.lines() {
                let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
                let reply = if rest.eq_ignore_ascii_case("CAPABILITY") {
                    format!("* CAPABILITY {capabilities}\r\n{tag} OK done\r\n")
                } else if rest.eq_ignore_ascii_case("STARTTLS") {
                    format!("{tag} {starttls_reply}\r\n")
                } else {
                    format!("{tag} NO not here\r\n")
                };
                if socket.write_all(reply.as_bytes()).await.is_err() {
                    return seen;
                }
            }
        }
    });
    (port, task)
}

#[tokio::test]
async fn a_server_without_starttls_never_gets_the_password() {
    let server = mailserver();
    let user = TestUser {
        email: format!("nobody-{}@example.test", support::random_token()),
        password: format!("secret-{}", support::random_token()),
    };
    store_secret(&user.email, SecretRole::Incoming, &user.password).await;
    for (capabilities, reply, expected) in [
        (
            "IMAP4rev1 AUTH=PLAIN",
            "NO unused",
            ErrorKind::EncryptionNotOffered,
        ),
        (
            "IMAP4rev1 STARTTLS AUTH=PLAIN",
            "NO TLS is broken today",
            ErrorKind::EncryptionNotOffered,
        ),
        (
            "IMAP4rev1 STARTTLS AUTH=PLAIN",
            "OK go ahead",
            ErrorKind::EncryptionNotOffered,
        ),
    ] {
        let (port, fake) = fake_server(capabilities, reply).await;
        let account = account(server, &user, Security::Starttls, port);
        let mut facteur = Facteur::start_with(account).await;
        let kind = first_error(&mut facteur).await;
        facteur.engine.shutdown().await;
        let seen = String::from_utf8_lossy(&fake.await.unwrap()).to_string();
        assert_eq!(kind, expected, "{capabilities} / {reply}");
        assert!(
            !seen.contains(&user.password),
            "the password was sent: {seen}"
        );
        assert!(
            !seen.to_ascii_uppercase().contains("LOGIN")
                && !seen.to_ascii_uppercase().contains("AUTHENTICATE"),
            "a login was attempted: {seen}"
        );
    }
}

#[tokio::test]
async fn keep_all_mail_offline_downloads_every_body_in_the_background() {
    let server = mailserver();
    let user = server.new_user();
    deliver_all(server, &user.email, (1..=120).map(plain)).await;
    let mut other = other_client(server, &user).await;
    other
        .append("Archive", None, None, plain(500))
        .await
        .unwrap();
    let mut account = account(server, &user, Security::Tls, server.imaps_port);
    account.keep_offline = true;
    store_secret(&user.email, SecretRole::Incoming, &user.password).await;
    let mut facteur = Facteur::start_with(account).await;
    facteur.synced().await;
    facteur
        .until("every body downloaded", |f| {
            let store = f.store();
            let account = store.account_id(&f.email).unwrap().unwrap();
            store
                .messages_without_body(account, 10, facteur::proto::net::MAX_MESSAGE)
                .unwrap()
                .is_empty()
        })
        .await;
    let store = facteur.store();
    assert_eq!(
        store.search("\"message number 42\"", 5).unwrap()[0].subject,
        "Message 42",
        "bodies are searchable"
    );
    let archived = &facteur.messages("Archive")[0];
    assert!(store.body(archived.id).unwrap().is_some());
    facteur.engine.shutdown().await;
}

/// A scripted IMAP server on loopback, plain text: greeting, CAPABILITY, LOGIN, then `select`
/// as the answer to SELECT; every FETCH is answered OK with nothing and counted.
async fn lying_server(
    select: &'static str,
) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let fetches = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = fetches.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let (read, mut write) = tcp.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"* OK fake IMAP ready\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut words = line.splitn(3, ' ');
                    let tag = words.next().unwrap_or("*").to_string();
                    let verb = words.next().unwrap_or("").to_ascii_uppercase();
                    let answer = match verb.as_str() {
                        "CAPABILITY" => format!("* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"),
                        "SELECT" | "EXAMINE" => format!("{select}{tag} OK [READ-WRITE] done\r\n"),
                        "FETCH" | "UID" => {
                            counted.fetch_add(1, Ordering::Relaxed);
                            format!("{tag} OK done\r\n")
                        }
                        "LOGOUT" => format!("* BYE\r\n{tag} OK done\r\n"),
                        _ => format!("{tag} OK done\r\n"),
                    };
                    if write.write_all(answer.as_bytes()).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, fetches)
}

/// `* 4294967295 EXISTS` (or a count the server cannot back) ends the sync at once with a
/// protocol error, instead of millions of FETCH commands.
#[tokio::test]
async fn a_server_that_lies_about_its_count_gets_no_flood_of_commands() {
    use std::sync::atomic::Ordering;
    for select in [
        "* 4294967295 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 9] n\r\n",
        "* 3000000 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 9] n\r\n",
    ] {
        let (port, fetches) = lying_server(select).await;
        let server = Server {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            username: "u".into(),
            auth: AuthMethod::Password,
            ca_file: None,
        };
        let mut conn = facteur::proto::imap::connect_and_login(
            &server,
            &facteur::proto::Credentials::Password("pw".into()),
            Duration::from_secs(5),
        )
        .await
        .expect("logged in");
        let home = tempfile::tempdir().unwrap();
        let store = Store::open(&home.path().join("s.sqlite3")).unwrap();
        let account = store.ensure_account("u@example.test").unwrap();
        let folder = store
            .upsert_folder(
                account,
                "INBOX",
                "/",
                Some(facteur::store::SpecialUse::Inbox),
            )
            .unwrap();
        let store = facteur::engine::StoreHandle::new(store);
        let started = Instant::now();
        let error = tokio::time::timeout(
            Duration::from_secs(10),
            facteur::engine::imap::sync::sync_folder(&mut conn, &store, folder, "INBOX", |_, _| {}),
        )
        .await
        .expect("ends within the deadline")
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
        assert!(
            fetches.load(Ordering::Relaxed) <= 1,
            "{} FETCH commands",
            fetches.load(Ordering::Relaxed)
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
