//! POP3 against the harness's real Dovecot (and, for what Dovecot will not do, a scripted
//! server on loopback): download once, retention policies, deletion only after the local copy
//! is on disk, STLS without downgrade, OAuth2, errors.

mod support;

use facteur::engine::MailOp;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use facteur::account::{
    Account, AuthMethod, Config, Incoming, Pop3Policy, Pop3Retention, Security, Server,
};
use facteur::engine::StoreHandle;
use facteur::engine::pop3::{self, CheckReport};
use facteur::engine::{Command, Engine, EngineOptions, Event, MessageAction};
use facteur::proto::Credentials;
use facteur::proto::error::ErrorKind;
use facteur::store::{Scope, Store};
use support::{MailServer, TestUser, mailserver};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const DAY: i64 = 86_400;

fn message(n: u32, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Zoé <zoe@example.test>\r\nTo: someone@example.test\r\nSubject: {subject}\r\n\
         Date: Mon, 0{n} Jun 2026 10:00:00 +0200\r\nMessage-ID: <p{n}-{}@example.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        support::random_token()
    )
    .into_bytes()
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
        incoming: Incoming::Pop3(incoming),
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

/// A store with the account and its local inbox, as the POP3 worker makes them.
struct Local {
    store: StoreHandle,
    path: PathBuf,
    account_id: i64,
    inbox: i64,
    _home: tempfile::TempDir,
}

fn local(email: &str) -> Local {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("facteur.sqlite3");
    let store = Store::open(&path).unwrap();
    let account_id = store.ensure_account(email).unwrap();
    let inbox = store
        .upsert_folder(
            account_id,
            "INBOX",
            "/",
            Some(facteur::store::SpecialUse::Inbox),
        )
        .unwrap();
    Local {
        store: StoreHandle::new(store),
        path,
        account_id,
        inbox,
        _home: home,
    }
}

impl Local {
    async fn check(&self, account: &Account, credentials: &Credentials, now: i64) -> CheckReport {
        self.try_check(account, credentials, now)
            .await
            .expect("the check succeeds")
    }

    async fn try_check(
        &self,
        account: &Account,
        credentials: &Credentials,
        now: i64,
    ) -> Result<CheckReport, facteur::proto::error::MailError> {
        pop3::check(
            account,
            account.incoming.server(),
            credentials,
            &self.store,
            self.account_id,
            self.inbox,
            now,
            |_, _| {},
        )
        .await
    }

    fn read(&self) -> Store {
        Store::open_read_only(&self.path).unwrap()
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// How many messages the server holds for `user`, asked over a raw connection.
async fn on_server(server: &MailServer, user: &TestUser) -> usize {
    let mut pop = support::pop3::connect_tls(server.pop3s_port, Some(&server.ca_file))
        .await
        .unwrap();
    pop.login(&user.email, &user.password).await;
    let stat = pop.command("STAT").await;
    pop.command("QUIT").await;
    stat.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A line of 2 MiB (a base64 part without line breaks, a huge header line: Postfix and Dovecot
/// deliver them intact) is data, not a broken server: the message and those after it download.
#[tokio::test]
async fn a_message_with_a_line_of_megabytes_does_not_stop_the_mailbox() {
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(&user.email, &message(1, "Avant", "court"))
        .await;
    let long_line: String = std::iter::repeat_n("QUJDRA", 2 * 1024 * 1024 / 6 + 1).collect();
    let long = format!(
        "From: Zoé <zoe@example.test>\r\nTo: someone@example.test\r\nSubject: Longue ligne\r\n\
         Date: Mon, 01 Jun 2026 10:00:00 +0200\r\nMessage-ID: <long-{}@example.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nVoici le fichier.\r\n--B\r\n\
         Content-Type: application/octet-stream; name=data.bin\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{long_line}\r\n--B--\r\n",
        support::random_token()
    );
    server.deliver(&user.email, long.as_bytes()).await;
    server
        .deliver(&user.email, &message(3, "Après", "court"))
        .await;
    let account = account(server, &user, Security::Tls, server.pop3s_port);
    let credentials = Credentials::Password(user.password.clone());
    let local = local(&user.email);
    let report = local.check(&account, &credentials, now()).await;
    assert_eq!(report.downloaded.len(), 3, "{report:?}");
    assert!(report.refused.is_empty());
    let store = local.read();
    let rows = store.messages(&Scope::Folder(local.inbox), 10, 0).unwrap();
    let mut subjects: Vec<&str> = rows.iter().map(|r| r.subject.as_str()).collect();
    subjects.sort();
    assert_eq!(subjects, ["Après", "Avant", "Longue ligne"]);
    let row = rows.iter().find(|r| r.subject == "Longue ligne").unwrap();
    let raw = store.body(row.id).unwrap().expect("stored whole");
    assert!(
        String::from_utf8_lossy(&raw).contains(&format!("\r\n{long_line}\r\n")),
        "the long line arrives intact"
    );
    // And the next check has nothing more to do.
    let again = local.check(&account, &credentials, now()).await;
    assert!(again.downloaded.is_empty());
}

#[tokio::test]
async fn new_mail_is_downloaded_once_whole_and_left_on_the_server() {
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(&user.email, &message(1, "Réunion lundi", "Bonjour à tous"))
        .await;
    // A line starting with a dot travels dot-stuffed and must come back as it was.
    server
        .deliver(
            &user.email,
            &message(2, "Dots", "first line\r\n.hidden line\r\n..two dots"),
        )
        .await;
    let account = account(server, &user, Security::Tls, server.pop3s_port);
    let credentials = Credentials::Password(user.password.clone());
    let local = local(&user.email);

    let report = local.check(&account, &credentials, now()).await;
    assert_eq!(report.downloaded.len(), 2);
    assert_eq!(report.deleted_on_server, 0);
    let store = local.read();
    let rows = store.messages(&Scope::Folder(local.inbox), 10, 0).unwrap();
    let subjects: Vec<&str> = rows.iter().map(|r| r.subject.as_str()).collect();
    assert!(subjects.contains(&"Réunion lundi") && subjects.contains(&"Dots"));
    assert!(rows.iter().all(|r| r.from_name == "Zoé"));
    let dots = rows.iter().find(|r| r.subject == "Dots").unwrap();
    let raw = store
        .body(dots.id)
        .unwrap()
        .expect("the whole message is stored");
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("\r\n.hidden line\r\n..two dots"),
        "dot-unstuffed: {text}"
    );
    // The search index follows the commit (the account's task runs this after each check).
    assert_eq!(
        facteur::engine::search::catch_up(&local.store)
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.search("réunion", 10).unwrap().len(), 1);
    assert_eq!(
        store.search("tous", 10).unwrap().len(),
        1,
        "body text is indexed"
    );
    assert_eq!(local.read().unindexed_count().unwrap(), 0);

    let again = local.check(&account, &credentials, now()).await;
    assert!(again.downloaded.is_empty(), "nothing is downloaded twice");
    assert_eq!(again.on_server, 2);
    assert_eq!(on_server(server, &user).await, 2, "left on the server");
}

#[tokio::test]
async fn delete_after_download_empties_the_server_and_keeps_everything_here() {
    let server = mailserver();
    let user = server.new_user();
    for n in 1..=3 {
        server
            .deliver(&user.email, &message(n, &format!("Nachricht {n}"), "Hallo"))
            .await;
    }
    let mut account = account(server, &user, Security::Tls, server.pop3s_port);
    account.pop3.retention = Pop3Retention::DeleteAfterDownload;
    let local = local(&user.email);
    let report = local
        .check(
            &account,
            &Credentials::Password(user.password.clone()),
            now(),
        )
        .await;
    assert_eq!(report.downloaded.len(), 3);
    assert_eq!(report.deleted_on_server, 3);
    assert_eq!(on_server(server, &user).await, 0);
    let store = local.read();
    for id in report.downloaded {
        assert!(
            store.body(id).unwrap().is_some(),
            "message {id} is kept here"
        );
    }
}

#[tokio::test]
async fn leave_on_server_deletes_after_the_retention_days_only() {
    let server = mailserver();
    let user = server.new_user();
    server.deliver(&user.email, &message(1, "Old", "x")).await;
    let account = account(server, &user, Security::Tls, server.pop3s_port);
    assert_eq!(account.pop3.delete_after_days, Some(14));
    let credentials = Credentials::Password(user.password.clone());
    let local = local(&user.email);
    let start = now();
    local.check(&account, &credentials, start).await;
    let day13 = local.check(&account, &credentials, start + 13 * DAY).await;
    assert_eq!(day13.deleted_on_server, 0);
    assert_eq!(on_server(server, &user).await, 1);
    let day14 = local.check(&account, &credentials, start + 14 * DAY).await;
    assert_eq!(day14.deleted_on_server, 1);
    assert_eq!(on_server(server, &user).await, 0);
    assert_eq!(
        local
            .read()
            .messages(&Scope::Folder(local.inbox), 10, 0)
            .unwrap()
            .len(),
        1,
        "the local copy stays"
    );
    // The server no longer lists it: forgotten, and not downloaded again.
    let later = local.check(&account, &credentials, start + 15 * DAY).await;
    assert_eq!((later.downloaded.len(), later.on_server), (0, 0));
}

#[tokio::test]
async fn deleting_here_deletes_on_the_server_when_the_account_says_so() {
    let server = mailserver();
    let user = server.new_user();
    server.deliver(&user.email, &message(1, "Keep", "x")).await;
    server.deliver(&user.email, &message(2, "Drop", "y")).await;
    let mut account = account(server, &user, Security::Tls, server.pop3s_port);
    let credentials = Credentials::Password(user.password.clone());
    let local = local(&user.email);
    let report = local.check(&account, &credentials, now()).await;
    let drop_id = {
        let store = local.read();
        report
            .downloaded
            .iter()
            .copied()
            .find(|id| store.message(*id).unwrap().unwrap().subject == "Drop")
            .unwrap()
    };
    local
        .store
        .with(move |s| s.delete_message(drop_id))
        .await
        .unwrap();
    // Off by default: the server keeps it.
    local.check(&account, &credentials, now()).await;
    assert_eq!(on_server(server, &user).await, 2);
    account.pop3.delete_on_server_when_deleted_here = true;
    let report = local.check(&account, &credentials, now()).await;
    assert_eq!(report.deleted_on_server, 1);
    assert_eq!(on_server(server, &user).await, 1);
}

#[tokio::test]
async fn stls_and_oauth2_log_in_and_wrong_passwords_are_named() {
    let server = mailserver();
    let user = server.new_user();
    server.deliver(&user.email, &message(1, "Hi", "x")).await;
    let account_stls = account(server, &user, Security::Starttls, server.pop3_port);
    let local = local(&user.email);
    let report = local
        .check(
            &account_stls,
            &Credentials::Password(user.password.clone()),
            now(),
        )
        .await;
    assert_eq!(report.downloaded.len(), 1);

    let mut oauth = account(server, &user, Security::Tls, server.pop3s_port);
    if let Incoming::Pop3(s) = &mut oauth.incoming {
        s.auth = AuthMethod::OAuth2;
    }
    let token = server.oauth2_token(&user.email, 300);
    let report = local
        .check(&oauth, &Credentials::OAuth2(token), now())
        .await;
    assert_eq!(report.on_server, 1);
    let expired = server.oauth2_token(&user.email, -60);
    let error = local
        .try_check(&oauth, &Credentials::OAuth2(expired), now())
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::WrongCredentials, "{error}");

    let error = local
        .try_check(
            &account_stls,
            &Credentials::Password("not the password".into()),
            now(),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::WrongCredentials, "{error}");
    assert!(!error.server_text.is_empty(), "the server's words are kept");
}

/// A scripted POP3 server on loopback. `script` answers each command line; every line
/// received is recorded.
struct FakeServer {
    port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

impl FakeServer {
    fn start(
        script: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
        on_line: impl Fn(&str) + Send + Sync + 'static,
    ) -> FakeServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"+OK fake POP3 ready\r\n").await.unwrap();
            while let Ok(Some(line)) = lines.next_line().await {
                log.lock().unwrap().push(line.clone());
                on_line(&line);
                match script(&line) {
                    Some(answer) => {
                        if write.write_all(answer.as_bytes()).await.is_err() {
                            break;
                        }
                    }
                    None => break,
                }
                if line.eq_ignore_ascii_case("QUIT") {
                    break;
                }
            }
        });
        FakeServer { port, received }
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

fn plain_account(port: u16, security: Security) -> Account {
    let server = Server {
        host: "127.0.0.1".into(),
        port,
        security,
        username: "marie".into(),
        auth: AuthMethod::Password,
        ca_file: None,
    };
    Account {
        name: String::new(),
        email: "marie@example.test".into(),
        outgoing: server.clone(),
        incoming: Incoming::Pop3(server),
        pop3: Pop3Policy {
            retention: Pop3Retention::DeleteAfterDownload,
            ..Pop3Policy::default()
        },
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

#[tokio::test]
async fn a_server_without_stls_gets_no_password() {
    let fake = FakeServer::start(
        |line| match line {
            "CAPA" => Some("+OK\r\nUSER\r\nUIDL\r\n.\r\n".into()),
            _ => Some("+OK\r\n".into()),
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::Starttls);
    let local = local(&account.email);
    let error = local
        .try_check(&account, &Credentials::Password("secret".into()), now())
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::EncryptionNotOffered);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let received = fake.received();
    assert!(
        received
            .iter()
            .all(|l| !l.contains("secret") && !l.starts_with("USER")),
        "{received:?}"
    );
}

#[tokio::test]
async fn a_server_refusing_stls_gets_no_password() {
    let fake = FakeServer::start(
        |line| match line {
            "CAPA" => Some("+OK\r\nSTLS\r\nUSER\r\n.\r\n".into()),
            "STLS" => Some("-ERR not now\r\n".into()),
            _ => Some("+OK\r\n".into()),
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::Starttls);
    let error = local(&account.email)
        .try_check(&account, &Credentials::Password("secret".into()), now())
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::EncryptionNotOffered);
    assert!(fake.received().iter().all(|l| !l.contains("secret")));
}

/// A server without UIDL: messages are known by a content id, and every DELE comes after the
/// message is committed to the store (checked from inside the server, at the DELE).
#[tokio::test]
async fn without_uidl_content_ids_are_used_and_dele_comes_after_the_commit() {
    let messages: Vec<Vec<u8>> = (1..=2)
        .map(|n| message(n, &format!("Sans UIDL {n}"), "corps"))
        .collect();
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("facteur.sqlite3");
    let store = Store::open(&path).unwrap();
    let account_id = store.ensure_account("marie@example.test").unwrap();
    let inbox = store
        .upsert_folder(
            account_id,
            "INBOX",
            "/",
            Some(facteur::store::SpecialUse::Inbox),
        )
        .unwrap();
    let store = StoreHandle::new(store);
    let served = messages.clone();
    let checked_path = path.clone();
    let committed_at_dele = Arc::new(Mutex::new(Vec::new()));
    let seen = committed_at_dele.clone();
    let fake = FakeServer::start(
        move |line| {
            let mut words = line.split_whitespace();
            let verb = words.next().unwrap_or("").to_ascii_uppercase();
            let n: usize = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            let dot = |raw: &[u8]| {
                let mut out = String::from("+OK\r\n");
                for l in String::from_utf8_lossy(raw).split_inclusive("\r\n") {
                    if l.starts_with('.') {
                        out.push('.');
                    }
                    out.push_str(l);
                }
                out.push_str(".\r\n");
                out
            };
            Some(match verb.as_str() {
                "CAPA" => "+OK\r\nUSER\r\nTOP\r\n.\r\n".into(),
                "UIDL" => "-ERR unknown command\r\n".into(),
                "LIST" => {
                    let mut s = String::from("+OK\r\n");
                    for (i, m) in served.iter().enumerate() {
                        s.push_str(&format!("{} {}\r\n", i + 1, m.len()));
                    }
                    s + ".\r\n"
                }
                "TOP" => {
                    let raw = &served[n - 1];
                    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    dot(&raw[..end])
                }
                "RETR" => dot(&served[n - 1]),
                _ => "+OK\r\n".into(),
            })
        },
        move |line| {
            if line.to_ascii_uppercase().starts_with("DELE") {
                let store = Store::open_read_only(&checked_path).unwrap();
                let known = store.pop3_known(account_id).unwrap();
                seen.lock().unwrap().push(known.len());
            }
        },
    );
    let account = plain_account(fake.port, Security::None);
    let report = pop3::check(
        &account,
        account.incoming.server(),
        &Credentials::Password("pw".into()),
        &store,
        account_id,
        inbox,
        now(),
        |_, _| {},
    )
    .await
    .expect("the check succeeds");
    assert_eq!(report.downloaded.len(), 2);
    assert_eq!(report.deleted_on_server, 2);
    assert_eq!(
        *committed_at_dele.lock().unwrap(),
        vec![2, 2],
        "both messages were on disk before the first DELE"
    );
    let known = Store::open_read_only(&path)
        .unwrap()
        .pop3_known(account_id)
        .unwrap();
    assert!(known.keys().all(|k| k.starts_with("sha256:")), "{known:?}");
    let received = fake.received();
    let quit = received.iter().position(|l| l == "QUIT").unwrap();
    assert!(received.iter().take(quit).any(|l| l.starts_with("DELE")));
}

/// A connection that drops before QUIT deletes nothing on the server and loses nothing here.
#[tokio::test]
async fn a_connection_lost_before_quit_deletes_nothing() {
    let raw = message(1, "Fragile", "x");
    let served = raw.clone();
    let fake = FakeServer::start(
        move |line| {
            let verb = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            match verb.as_str() {
                "CAPA" => Some("+OK\r\nUSER\r\nUIDL\r\n.\r\n".into()),
                "UIDL" => Some("+OK\r\n1 uid-1\r\n.\r\n".into()),
                "LIST" => Some(format!("+OK\r\n1 {}\r\n.\r\n", served.len())),
                "RETR" => Some(format!("+OK\r\n{}.\r\n", String::from_utf8_lossy(&served))),
                "DELE" => None, // the line drops
                _ => Some("+OK\r\n".into()),
            }
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::None);
    let local = local(&account.email);
    let error = local
        .try_check(&account, &Credentials::Password("pw".into()), now())
        .await
        .unwrap_err();
    assert!(error.is_transient(), "{error}");
    let store = local.read();
    let known = store.pop3_known(local.account_id).unwrap();
    let entry = known.get("uid-1").expect("the message was committed");
    assert!(!entry.deleted_on_server, "no QUIT, so nothing was deleted");
    assert!(store.body(entry.message_id.unwrap()).unwrap().is_some());
}

/// A server whose capabilities have no USER (Cyrus before TLS) gets no user name in clear,
/// and the user hears the IMAP-like sentence about encryption, not "wrong password".
#[tokio::test]
async fn no_user_name_goes_out_when_the_server_does_not_take_one() {
    let fake = FakeServer::start(
        |line| {
            let verb = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            Some(match verb.as_str() {
                "CAPA" => "+OK\r\nUIDL\r\nSTLS\r\n.\r\n".into(),
                _ => "+OK\r\n".into(),
            })
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::None);
    let local = local(&account.email);
    let error = local
        .try_check(&account, &Credentials::Password("pw".into()), now())
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::EncryptionNotOffered, "{error}");
    let received = fake.received();
    assert!(
        !received
            .iter()
            .any(|l| l.to_ascii_uppercase().starts_with("USER") || l.starts_with("PASS")),
        "{received:?}"
    );
}

/// A message over the size limit (100 MB) is not downloaded at all: it stays on the server and
/// is named, and the messages around it arrive.
#[tokio::test]
async fn a_message_over_the_size_limit_stays_on_the_server_and_is_named() {
    let served: Vec<Vec<u8>> = (1..=3)
        .map(|n| message(n, &format!("Taille {n}"), "corps"))
        .collect();
    let fake = FakeServer::start(
        move |line| {
            let mut words = line.split_whitespace();
            let verb = words.next().unwrap_or("").to_ascii_uppercase();
            let n: usize = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            Some(match verb.as_str() {
                "CAPA" => "+OK\r\nUSER\r\nUIDL\r\n.\r\n".into(),
                "UIDL" => "+OK\r\n1 uid-1\r\n2 uid-2\r\n3 uid-3\r\n.\r\n".into(),
                "LIST" => "+OK\r\n1 300\r\n2 209715200\r\n3 300\r\n.\r\n".into(),
                "RETR" => format!("+OK\r\n{}.\r\n", String::from_utf8_lossy(&served[n - 1])),
                _ => "+OK\r\n".into(),
            })
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::None);
    let local = local(&account.email);
    let report = local
        .check(&account, &Credentials::Password("pw".into()), now())
        .await;
    assert_eq!(report.downloaded.len(), 2);
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].0, "uid-2");
    assert!(
        report.refused[0].1.contains("100 MB"),
        "{:?}",
        report.refused
    );
    let received = fake.received();
    assert!(!received.iter().any(|l| l == "RETR 2"), "never downloaded");
    assert!(!received.iter().any(|l| l == "DELE 2"), "never deleted");
}

/// A message the server will not send ("-ERR" to its RETR, inside a pipelined group) is
/// skipped and named; the others are stored, and only they are deleted on the server.
#[tokio::test]
async fn a_message_the_server_refuses_is_skipped_and_kept_there() {
    let served: Vec<Vec<u8>> = (1..=3)
        .map(|n| message(n, &format!("Refus {n}"), "corps"))
        .collect();
    let fake = FakeServer::start(
        move |line| {
            let mut words = line.split_whitespace();
            let verb = words.next().unwrap_or("").to_ascii_uppercase();
            let n: usize = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            Some(match verb.as_str() {
                "CAPA" => "+OK\r\nUSER\r\nUIDL\r\nPIPELINING\r\n.\r\n".into(),
                "UIDL" => "+OK\r\n1 uid-1\r\n2 uid-2\r\n3 uid-3\r\n.\r\n".into(),
                "LIST" => "+OK\r\n1 300\r\n2 300\r\n3 300\r\n.\r\n".into(),
                "RETR" if n == 2 => "-ERR message 2 cannot be read\r\n".into(),
                "RETR" => format!("+OK\r\n{}.\r\n", String::from_utf8_lossy(&served[n - 1])),
                _ => "+OK\r\n".into(),
            })
        },
        |_| {},
    );
    let account = plain_account(fake.port, Security::None);
    let local = local(&account.email);
    let report = local
        .check(&account, &Credentials::Password("pw".into()), now())
        .await;
    assert_eq!(report.downloaded.len(), 2);
    assert_eq!(
        report.refused,
        vec![("uid-2".to_string(), "message 2 cannot be read".to_string())]
    );
    let known = local.read().pop3_known(local.account_id).unwrap();
    let mut stored: Vec<&String> = known.keys().collect();
    stored.sort();
    assert_eq!(stored, ["uid-1", "uid-3"]);
    let received = fake.received();
    let deleted: Vec<&String> = received.iter().filter(|l| l.starts_with("DELE")).collect();
    assert_eq!(
        deleted,
        ["DELE 1", "DELE 3"],
        "the refused message stays on the server"
    );
    let subjects: Vec<String> = local
        .read()
        .messages(&Scope::Folder(local.inbox), 10, 0)
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
}

/// The account's task tells the user of a withheld message once its check is over.
#[tokio::test]
async fn the_engine_names_a_withheld_message() {
    let fake = FakeServer::start(
        |line| {
            let verb = line
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            Some(match verb.as_str() {
                "CAPA" => "+OK\r\nUSER\r\nUIDL\r\n.\r\n".into(),
                "UIDL" => "+OK\r\n1 uid-1\r\n.\r\n".into(),
                "LIST" => "+OK\r\n1 300\r\n.\r\n".into(),
                "RETR" => "-ERR [SYS/PERM] message 1 is damaged\r\n".into(),
                _ => "+OK\r\n".into(),
            })
        },
        |_| {},
    );
    let mut account = plain_account(fake.port, Security::None);
    account.pop3.retention = Pop3Retention::LeaveOnServer;
    let secrets = support::engine::secrets_with(&account.email, "pw").await;
    let home = tempfile::tempdir().unwrap();
    let config = Config {
        accounts: vec![account.clone()],
        ..Config::default()
    };
    let mut engine = Engine::start_with(
        &config,
        Store::open(&home.path().join("facteur.sqlite3")).unwrap(),
        EngineOptions {
            secrets: Some(secrets),
            ..EngineOptions::default()
        },
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut finished = false;
    let error = loop {
        match tokio::time::timeout_at(deadline, engine.events.recv()).await {
            Ok(Some(Event::SyncFinished { .. })) => finished = true,
            Ok(Some(Event::AccountError { error, .. })) => break error,
            Ok(Some(_)) => {}
            _ => panic!("no account error"),
        }
    };
    assert!(finished, "the check itself succeeded first");
    assert_eq!(error.kind, ErrorKind::MessageWithheld);
    assert_eq!(error.server_text, "[SYS/PERM] message 1 is damaged");
    engine.shutdown().await;
}

/// The engine's POP3 task: checks at start and on demand, announces new mail, and keeps
/// user actions local.
#[tokio::test]
async fn the_engine_checks_on_demand_and_announces_new_mail() {
    let server = mailserver();
    let user = server.new_user();
    let account = account(server, &user, Security::Tls, server.pop3s_port);
    let secrets = support::engine::secrets_with(&user.email, &user.password).await;
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("facteur.sqlite3");
    let config = Config {
        accounts: vec![account.clone()],
        ..Config::default()
    };
    let mut engine = Engine::start_with(
        &config,
        Store::open(&path).unwrap(),
        EngineOptions {
            secrets: Some(secrets),
            ..EngineOptions::default()
        },
    );
    let mut wait = async |what: &str, want: &dyn Fn(&Event) -> bool| -> Event {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            match tokio::time::timeout_at(deadline, engine.events.recv()).await {
                Ok(Some(e)) if want(&e) => return e,
                Ok(Some(_)) => {}
                _ => panic!("no {what}"),
            }
        }
    };
    wait("a first check", &|e| {
        matches!(e, Event::SyncFinished { .. })
    })
    .await;
    server
        .deliver(
            &user.email,
            &message(1, "Bonjour Marie", "Le pamplemousse est mûr."),
        )
        .await;
    engine
        .handle
        .send(Command::Sync {
            account: Some(facteur::account::AccountId::of(&user.email)),
        })
        .unwrap();
    let Event::NewMail { messages, .. } =
        wait("new mail", &|e| matches!(e, Event::NewMail { .. })).await
    else {
        unreachable!()
    };
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].subject, "Bonjour Marie");
    assert_eq!(messages[0].from, "Zoé");
    let id = messages[0].message_id;
    // By the end of the check, the new message is found by the words of its text.
    wait("the end of the check", &|e| {
        matches!(e, Event::SyncFinished { .. })
    })
    .await;
    let found = Store::open_read_only(&path)
        .unwrap()
        .search("pamplemousse", 5)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, id);
    engine
        .handle
        .send(Command::on(
            &user.email,
            MailOp::Act {
                message_ids: vec![id],
                action: MessageAction::Delete,
            },
        ))
        .unwrap();
    wait("the action", &|e| matches!(e, Event::FoldersChanged { .. })).await;
    let store = Store::open_read_only(&path).unwrap();
    let account_id = store.account_id(&user.email).unwrap().unwrap();
    let trash = store
        .folder_by_use(account_id, facteur::store::SpecialUse::Trash)
        .unwrap()
        .unwrap();
    assert_eq!(store.message(id).unwrap().unwrap().folder_id, trash.id);
    assert_eq!(on_server(server, &user).await, 1, "a local action only");
    engine.shutdown().await;
}

/// `facteur check` (delete after download) killed with SIGKILL at random moments, 20 times,
/// then run to the end: every message is in the store exactly once, and at every point each
/// message is either still on the server or already in the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_killed_at_random_moments_loses_nothing_and_duplicates_nothing() {
    const COUNT: u32 = 500;
    let server = mailserver();
    let user = server.new_user();
    for n in 0..COUNT {
        server
            .deliver(
                &user.email,
                &message(n, &format!("Kill {n:03}"), "contenu téléchargé"),
            )
            .await;
    }
    let home = tempfile::tempdir().unwrap();
    // Through a relay that slows the server to ~150 KB/s (a download of 400 messages lasts
    // ~2-3 s), so that the kills timed below land where they say whatever the machine's speed.
    let slow = support::throttle::Throttle::start(server.pop3s_port, 150_000).await;
    let mut account = account(server, &user, Security::Tls, slow.port);
    account.pop3.retention = Pop3Retention::DeleteAfterDownload;
    let config = Config {
        accounts: vec![account],
        ..Config::default()
    };
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    config
        .save(&home.path().join("config/facteur.toml"))
        .unwrap();
    let _secrets = support::engine::secrets_with(&user.email, &user.password).await;
    let check = || {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_facteur"))
            .args(["check", "--account", &user.email])
            .env("FACTEUR_HOME", home.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("facteur runs")
    };
    let mut all: std::collections::BTreeSet<String> =
        (0..COUNT).map(|n| format!("Kill {n:03}")).collect();
    let mut next_number = COUNT;
    let stored_subjects = || -> Vec<String> {
        let path = home.path().join("data/facteur.sqlite3");
        let Ok(store) = Store::open_read_only(&path) else {
            return Vec::new();
        };
        // The first run may still be creating the schema.
        let Some(account_id) = store.account_id(&user.email).ok().flatten() else {
            return Vec::new();
        };
        let Some(inbox) = store
            .folder_by_use(account_id, facteur::store::SpecialUse::Inbox)
            .ok()
            .flatten()
        else {
            return Vec::new();
        };
        store
            .messages(&Scope::Folder(inbox.id), 1_000_000, 0)
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.subject)
            .collect()
    };
    let random =
        |below: u64| u64::from_str_radix(&support::random_token()[..8], 16).unwrap() % below.max(1);
    let (mut killed_with_progress, mut killed_running) = (0, 0);
    for round in 0..20 {
        let before = stored_subjects().len();
        if before == all.len() {
            // Everything is here: new mail arrives, so that every kill has a download to hit
            // (several commit batches of it, so a kill can fall between two).
            for _ in 0..400 {
                let subject = format!("Kill {next_number:03}");
                server
                    .deliver(
                        &user.email,
                        &message(next_number, &subject, "contenu téléchargé"),
                    )
                    .await;
                all.insert(subject);
                next_number += 1;
            }
        }
        let total = all.len();
        let mut child = check();
        if round % 2 == 0 {
            // Killed at a random point of the download still to do.
            let left = total - before;
            let target = before + 1 + random((left / 3).max(1) as u64) as usize;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
            while stored_subjects().len() < target
                && child.try_wait().unwrap().is_none()
                && tokio::time::Instant::now() < deadline
            {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        } else {
            // Killed at a random moment: starting, logging in, downloading or deleting.
            tokio::time::sleep(Duration::from_millis(10 + random(600))).await;
        }
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.start_kill().unwrap();
        let _ = child.wait().await;
        let stored = stored_subjects();
        if stored.len() > before && stored.len() < total {
            killed_with_progress += 1;
        }
        // Nothing is lost at any point: what left the server is in the store.
        let on_server: Vec<String> = support::imap::messages(server, &user, "INBOX")
            .await
            .iter()
            .map(|m| {
                mail_parser::MessageParser::default()
                    .parse(&m.raw)
                    .and_then(|p| p.subject().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let seen: std::collections::BTreeSet<String> =
            stored.iter().chain(&on_server).cloned().collect();
        assert_eq!(
            seen, all,
            "a message is neither on the server nor in the store"
        );
    }
    let done = check().wait().await.unwrap();
    assert!(done.success());
    let mut stored = stored_subjects();
    stored.sort();
    assert_eq!(stored.len(), all.len(), "each message exactly once");
    assert_eq!(
        stored
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        all
    );
    assert!(
        support::imap::messages(server, &user, "INBOX")
            .await
            .is_empty()
    );
    // Kills between a commit and the search indexing that follows it left messages waiting;
    // the last check indexed them all.
    let store = Store::open_read_only(&home.path().join("data/facteur.sqlite3")).unwrap();
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(
        store.search("telecharge", 10_000).unwrap().len(),
        all.len(),
        "every message is found by its text"
    );
    assert!(
        killed_running >= 8 && killed_with_progress >= 2,
        "{killed_running} kills hit a running check, {killed_with_progress} in the middle of a \
         download: the test did not test what it says"
    );
}
