//! Sending through the engine's outbox: the harness's real Dovecot submission and Postfix for
//! delivery, and a scripted SMTP server on loopback for refusals, STARTTLS stripping and crash
//! recovery.

mod support;

use facteur::engine::OutboxOp;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use facteur::account::{Account, AuthMethod, Incoming, Pop3Policy, Security, Server};
use facteur::engine::smtp::{OutboxStatus, Outgoing};
use facteur::engine::{Command, Event};
use facteur::mime::compose::{compose, mime_type};
use facteur::mime::{Attachment, Draft};
use facteur::proto::error::ErrorKind;
use facteur::store::outbox::{OutboxState, UNCONFIRMED};
use support::engine::{PATIENCE, TestEngine};
use support::{MailServer, TestUser, mailserver};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

async fn outbox_event(
    sender: &mut TestEngine,
    what: &str,
    want: impl Fn(&OutboxStatus) -> bool,
) -> (i64, OutboxStatus) {
    match sender
        .event(
            what,
            |e| matches!(e, Event::Outbox { status, .. } if want(status)),
        )
        .await
    {
        Event::Outbox { id, status, .. } => (id, status),
        _ => unreachable!(),
    }
}

fn send(sender: &TestEngine, composed: facteur::mime::Composed, account: &str) {
    sender.send(Command::send(
        facteur::engine::RequestId::new(),
        Outgoing::new(account, composed, None),
    ));
}

fn imap_account(server: &MailServer, user: &TestUser, security: Security, port: u16) -> Account {
    let incoming = Server {
        host: "localhost".into(),
        port: server.imaps_port,
        security: Security::Tls,
        username: user.email.clone(),
        auth: AuthMethod::Password,
        ca_file: Some(server.ca_file.clone()),
    };
    Account {
        name: "Zoé Expéditrice".into(),
        email: user.email.clone(),
        outgoing: Server {
            port,
            security,
            ..incoming.clone()
        },
        incoming: Incoming::Imap(incoming),
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

/// The whole messages of `user`'s `folder`, over raw IMAP.
async fn fetch_all(server: &MailServer, user: &TestUser, folder: &str) -> Vec<Vec<u8>> {
    support::imap::messages(server, user, folder)
        .await
        .into_iter()
        .map(|m| m.raw)
        .collect()
}

async fn wait_for_mail(server: &MailServer, user: &TestUser, folder: &str) -> Vec<Vec<u8>> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let all = fetch_all(server, user, folder).await;
        if !all.is_empty() {
            return all;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "nothing arrived in {}'s {folder}",
            user.email
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn sends_between_two_users(security: Security, port_of: fn(&MailServer) -> u16) {
    let server = mailserver();
    assert!(
        server.relays,
        "sending tests need the private Postfix (run as root: scripts/test)"
    );
    let (alice, bob, carol) = (server.new_user(), server.new_user(), server.new_user());
    let account = imap_account(server, &alice, security, port_of(server));
    let mut sender = TestEngine::start(account, &alice.password, |_| {}).await;
    let attachment = Attachment {
        name: "résumé 2026.pdf".into(),
        content_type: mime_type("résumé 2026.pdf"),
        data: (0..=255u8).cycle().take(70_000).collect(),
    };
    let composed = compose(&Draft {
        from_name: "Zoé Expéditrice".into(),
        from: alice.email.clone(),
        to: vec![format!("Bob Müller <{}>", bob.email)],
        bcc: vec![carol.email.clone()],
        subject: "Grüße aus Köln — ça va ?".into(),
        body: "Bonjour Bob,\nvoici le résumé.\nBis bald!".into(),
        attachments: vec![attachment.clone()],
        ..Draft::default()
    })
    .unwrap();
    send(&sender, composed, &alice.email);
    outbox_event(&mut sender, "the message to be queued", |s| {
        *s == OutboxStatus::Queued
    })
    .await;
    outbox_event(&mut sender, "the message to be sent and saved", |s| {
        assert!(!matches!(s, OutboxStatus::Failed { .. }), "refused: {s:?}");
        *s == OutboxStatus::Done
    })
    .await;
    assert!(
        sender.store().outbox(None).unwrap().is_empty(),
        "it left the outbox"
    );

    let received = wait_for_mail(server, &bob, "INBOX").await;
    let parsed = mail_parser::MessageParser::default()
        .parse(&received[0])
        .unwrap();
    assert_eq!(parsed.subject(), Some("Grüße aus Köln — ça va ?"));
    assert!(parsed.body_text(0).unwrap().contains("voici le résumé"));
    let got = parsed.attachments().next().expect("the attachment arrived");
    use mail_parser::MimeHeaders;
    assert_eq!(got.attachment_name(), Some("résumé 2026.pdf"));
    assert_eq!(got.contents(), attachment.data.as_slice());
    let text = String::from_utf8_lossy(&received[0]).to_lowercase();
    assert!(!text.contains("bcc:") && !text.contains(&carol.email.to_lowercase()));
    let hidden = wait_for_mail(server, &carol, "INBOX").await;
    assert_eq!(hidden.len(), 1, "the Bcc recipient got it");
    let sent = wait_for_mail(server, &alice, "Sent").await;
    assert_eq!(sent.len(), 1, "one copy in Sent");
    sender.engine.shutdown().await;
}

#[tokio::test]
async fn sends_over_implicit_tls_with_bcc_attachment_and_a_copy_in_sent() {
    sends_between_two_users(Security::Tls, |s| s.submissions_port).await;
}

#[tokio::test]
async fn sends_over_starttls() {
    sends_between_two_users(Security::Starttls, |s| s.submission_port).await;
}

/// Forwards connections on `port` to `to` (the server "coming back" on its address).
async fn forward(port: u16, to: u16) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the reserved port is free again");
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", to)).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
}

#[tokio::test]
async fn mail_waits_while_the_server_is_unreachable_and_leaves_when_it_is_back() {
    let server = mailserver();
    assert!(
        server.relays,
        "sending needs the private Postfix (scripts/test)"
    );
    let (alice, bob) = (server.new_user(), server.new_user());
    // A port where nothing listens yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let account = imap_account(server, &alice, Security::Tls, port);
    let mut sender = TestEngine::start(account, &alice.password, |_| {}).await;
    let composed = compose(&Draft {
        from: alice.email.clone(),
        to: vec![bob.email.clone()],
        subject: "Envoyé plus tard".into(),
        body: "Le serveur était arrêté.".into(),
        ..Draft::default()
    })
    .unwrap();
    send(&sender, composed, &alice.email);
    let (id, status) = outbox_event(&mut sender, "a retry to be planned", |s| {
        matches!(s, OutboxStatus::Retrying { .. })
    })
    .await;
    let OutboxStatus::Retrying { error, .. } = status else {
        unreachable!()
    };
    assert!(
        matches!(error.kind, ErrorKind::ConnectionRefused { .. }),
        "{error:?}"
    );
    let item = sender
        .store()
        .outbox_item(id)
        .unwrap()
        .expect("still in the outbox");
    assert_eq!(item.state, OutboxState::Queued);

    forward(port, server.submissions_port).await;
    sender.send(Command::Sync {
        account: Some(facteur::account::AccountId::of(&alice.email)),
    });
    outbox_event(&mut sender, "the message to leave", |s| {
        *s == OutboxStatus::Done
    })
    .await;
    let arrived = wait_for_mail(server, &bob, "INBOX").await;
    assert!(String::from_utf8_lossy(&arrived[0]).contains("Le serveur"));
    sender.engine.shutdown().await;
}

/// A scripted SMTP server: `answer(connection number, line)` gives the reply.
struct FakeSmtp {
    port: u16,
    log: Arc<Mutex<Vec<(usize, String)>>>,
}

impl FakeSmtp {
    fn start(answer: impl Fn(usize, &str) -> String + Send + Sync + 'static) -> FakeSmtp {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let record = log.clone();
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((stream, _)) = listener.accept().await {
                n += 1;
                let (record, answer) = (record.clone(), answer.clone());
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 fake ESMTP\r\n").await;
                    let mut in_data = false;
                    while let Ok(Some(line)) = lines.next_line().await {
                        record.lock().unwrap().push((n, line.clone()));
                        if in_data {
                            if line == "." {
                                in_data = false;
                                let reply = answer(n, ".");
                                let _ = write.write_all(reply.as_bytes()).await;
                            }
                            continue;
                        }
                        let reply = answer(n, &line);
                        if line.eq_ignore_ascii_case("DATA") && reply.starts_with("354") {
                            in_data = true;
                        }
                        if write.write_all(reply.as_bytes()).await.is_err() {
                            break;
                        }
                        if line.eq_ignore_ascii_case("QUIT") {
                            break;
                        }
                    }
                });
            }
        });
        FakeSmtp { port, log }
    }

    fn lines(&self) -> Vec<(usize, String)> {
        self.log.lock().unwrap().clone()
    }
}

fn fake_account(port: u16, security: Security) -> Account {
    let server = Server {
        host: "127.0.0.1".into(),
        port,
        security,
        username: "zoe".into(),
        auth: AuthMethod::Password,
        ca_file: None,
    };
    Account {
        name: "Zoé".into(),
        email: format!("zoe-{}@example.test", support::random_token()),
        // POP3 on a closed port: the incoming side just stays offline; sent copies go to the
        // local Sent folder.
        incoming: Incoming::Pop3(Server {
            port: 9,
            ..server.clone()
        }),
        outgoing: server,
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

fn standard_reply(line: &str) -> Option<String> {
    let upper = line.to_ascii_uppercase();
    Some(if upper.starts_with("EHLO") {
        "250-fake\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n".into()
    } else if upper.starts_with("AUTH") {
        "235 2.7.0 ok\r\n".into()
    } else if upper.starts_with("MAIL") || upper.starts_with("RCPT") {
        "250 2.1.0 ok\r\n".into()
    } else if upper == "DATA" {
        "354 go on\r\n".into()
    } else if line == "." {
        "250 2.0.0 queued as 12345\r\n".into()
    } else if upper == "QUIT" {
        "221 bye\r\n".into()
    } else {
        return None;
    })
}

fn simple_draft(from: &str) -> facteur::mime::Composed {
    compose(&Draft {
        from: from.into(),
        to: vec!["nobody@example.org".into()],
        subject: "Test".into(),
        body: "x".into(),
        ..Draft::default()
    })
    .unwrap()
}

#[tokio::test]
async fn a_refused_recipient_keeps_the_message_with_the_servers_words_and_retry_works() {
    let fake = FakeSmtp::start(|connection, line| {
        if line.to_ascii_uppercase().starts_with("RCPT") && connection == 1 {
            return "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown\r\n"
                .into();
        }
        standard_reply(line).unwrap_or_else(|| "500 what?\r\n".into())
    });
    let account = fake_account(fake.port, Security::None);
    let email = account.email.clone();
    let mut sender = TestEngine::start(account, "pw", |_| {}).await;
    send(&sender, simple_draft(&email), &email);
    let (id, status) = outbox_event(&mut sender, "a refusal", |s| {
        matches!(s, OutboxStatus::Failed { .. })
    })
    .await;
    let OutboxStatus::Failed { error } = status else {
        unreachable!()
    };
    assert_eq!(error.kind, ErrorKind::Refused);
    assert!(
        error.server_text.contains("550")
            && error
                .server_text
                .contains("5.1.1 <nobody@example.org>: Recipient address rejected"),
        "{}",
        error.server_text
    );
    let item = sender.store().outbox_item(id).unwrap().expect("kept");
    assert_eq!(item.state, OutboxState::Failed);
    assert!(item.last_error.contains("User unknown"));
    // The user fixes things (here, the server now accepts) and retries.
    sender
        .engine
        .handle
        .send(Command::on(&email, OutboxOp::Retry { id }))
        .unwrap();
    outbox_event(&mut sender, "the retried message sent", |s| {
        *s == OutboxStatus::Done
    })
    .await;
    let store = sender.store();
    assert!(store.outbox(None).unwrap().is_empty());
    let account_id = store.account_id(&email).unwrap().unwrap();
    let sent = store
        .folder_by_use(account_id, facteur::store::SpecialUse::Sent)
        .unwrap()
        .unwrap();
    assert_eq!(sent.total, 1, "a POP3 account keeps its sent copy locally");
    sender.engine.shutdown().await;
}

#[tokio::test]
async fn a_server_that_does_not_offer_starttls_gets_no_password() {
    let fake = FakeSmtp::start(|_, line| {
        if line.to_ascii_uppercase().starts_with("EHLO") {
            return "250-fake\r\n250 AUTH PLAIN LOGIN\r\n".into();
        }
        standard_reply(line).unwrap_or_else(|| "500 what?\r\n".into())
    });
    let account = fake_account(fake.port, Security::Starttls);
    let email = account.email.clone();
    let mut sender = TestEngine::start(account, "pw-secret", |_| {}).await;
    send(&sender, simple_draft(&email), &email);
    let (_, status) = outbox_event(&mut sender, "a retry notice", |s| {
        matches!(s, OutboxStatus::Retrying { .. })
    })
    .await;
    let OutboxStatus::Retrying { error, .. } = status else {
        unreachable!()
    };
    assert_eq!(error.kind, ErrorKind::EncryptionNotOffered);
    let lines = fake.lines();
    assert!(
        lines
            .iter()
            .all(|(_, l)| !l.to_ascii_uppercase().starts_with("AUTH")
                && !l.to_ascii_uppercase().starts_with("MAIL")),
        "{lines:?}"
    );
    let items = sender.store().outbox(None).unwrap();
    assert_eq!(items.len(), 1, "the message waits in the outbox");
    assert_eq!(items[0].state, OutboxState::Queued);
    sender.engine.shutdown().await;
}

/// A message left in `sending` by a crash may have been accepted: it is never re-sent on its
/// own, but kept for the user as unconfirmed. A message left `queued` is sent.
#[tokio::test]
async fn after_a_crash_an_unconfirmed_message_is_not_sent_twice() {
    let fake =
        FakeSmtp::start(|_, line| standard_reply(line).unwrap_or_else(|| "500 what?\r\n".into()));
    let account = fake_account(fake.port, Security::None);
    let email = account.email.clone();
    let interrupted = simple_draft(&email);
    let waiting = simple_draft(&email);
    let (interrupted_id, waiting_id) = (interrupted.message_id.clone(), waiting.message_id.clone());
    let mut sender = TestEngine::start(account, "pw", |store| {
        let account_id = store.ensure_account(&email).unwrap();
        let a = store
            .outbox_queue(
                account_id,
                &interrupted.message_id,
                &email,
                &interrupted.envelope_to,
                &interrupted.raw,
            )
            .unwrap();
        store.outbox_set(a, OutboxState::Sending, "", 0).unwrap();
        store
            .outbox_queue(
                account_id,
                &waiting.message_id,
                &email,
                &waiting.envelope_to,
                &waiting.raw,
            )
            .unwrap();
    })
    .await;
    let (id, status) = outbox_event(&mut sender, "the unconfirmed message", |s| {
        matches!(s, OutboxStatus::Failed { .. })
    })
    .await;
    let OutboxStatus::Failed { error } = status else {
        unreachable!()
    };
    assert_eq!(error.server_text, UNCONFIRMED);
    outbox_event(&mut sender, "the waiting message sent", |s| {
        *s == OutboxStatus::Done
    })
    .await;
    let store = sender.store();
    let left = store.outbox(None).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, id);
    assert_eq!(left[0].message_id, interrupted_id);
    let data_lines: Vec<_> = fake
        .lines()
        .into_iter()
        .filter(|(_, l)| l.starts_with("Message-ID:"))
        .collect();
    assert_eq!(data_lines.len(), 1, "{data_lines:?}");
    assert!(data_lines[0].1.contains(&waiting_id));
    sender.engine.shutdown().await;
}

/// A reply written in Facteur and sent: its copy in Sent joins the conversation of the
/// message it answers, so the inbox shows them as one conversation of two.
#[tokio::test]
async fn a_reply_sent_from_facteur_joins_the_conversation_it_answers() {
    use facteur::store::{Scope, SpecialUse};
    let server = mailserver();
    assert!(
        server.relays,
        "sending tests need the private Postfix (run as root: scripts/test)"
    );
    let (alice, bob) = (server.new_user(), server.new_user());
    let original = format!(
        "From: Bob <{}>\r\nTo: <{}>\r\nSubject: Pique-nique samedi\r\n\
         Message-ID: <pique-nique-{}@example.test>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\r\n\
         On y va ?\r\n",
        bob.email,
        alice.email,
        support::random_token()
    );
    server.deliver(&alice.email, original.as_bytes()).await;
    let account = imap_account(server, &alice, Security::Tls, server.submissions_port);
    let mut engine = TestEngine::start(account, &alice.password, |_| {}).await;
    engine
        .event("the first sync", |e| {
            matches!(e, Event::SyncFinished { .. })
        })
        .await;
    let draft =
        facteur::mime::compose::reply(original.as_bytes(), &alice.email, false, "{name} wrote:");
    let mut draft = draft;
    draft.from = alice.email.clone();
    draft.body = format!("Oui, avec plaisir !\n\n{}", draft.body);
    send(&engine, compose(&draft).unwrap(), &alice.email);
    outbox_event(&mut engine, "the reply to be sent and saved", |s| {
        assert!(!matches!(s, OutboxStatus::Failed { .. }), "refused: {s:?}");
        *s == OutboxStatus::Done
    })
    .await;
    engine.send(Command::Sync { account: None });
    engine
        .event("the sync after sending", |e| {
            matches!(e, Event::SyncFinished { .. })
        })
        .await;
    let store = engine.store();
    let account = store.account_id(&alice.email).unwrap().unwrap();
    let inbox = store
        .folder_by_use(account, SpecialUse::Inbox)
        .unwrap()
        .unwrap();
    let sent = store
        .folder_by_use(account, SpecialUse::Sent)
        .unwrap()
        .unwrap();
    let received = store.messages(&Scope::Folder(inbox.id), 10, 0).unwrap();
    let replies = store.messages(&Scope::Folder(sent.id), 10, 0).unwrap();
    assert_eq!((received.len(), replies.len()), (1, 1));
    assert_ne!(received[0].conversation, 0);
    assert_eq!(replies[0].conversation, received[0].conversation);
    let rows = store
        .conversations(&Scope::Folder(inbox.id), 10, 0)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let thread = rows[0].thread.as_ref().expect("a conversation of two");
    assert_eq!(thread.count, 2);
    assert_eq!(thread.members, vec![received[0].id, replies[0].id]);
    engine.engine.shutdown().await;
}
