//! Drafts through the engine, against the harness's real Dovecot: saved to the store at once,
//! put in the IMAP Drafts folder replacing the previous copy, kept across a restart while
//! offline, removed when discarded or sent; POP3 accounts keep them in the local Drafts folder.

mod support;

use facteur::account::{Account, AuthMethod, Incoming, Pop3Policy, Security, Server};
use facteur::engine::DraftOp;
use facteur::engine::event::DraftState;
use facteur::engine::smtp::{OutboxStatus, Outgoing};
use facteur::engine::{Command, Event};
use facteur::mime::compose::{compose, new_draft_key};
use facteur::mime::{Attachment, Draft, draft_from_message};
use facteur::store::Scope;
use support::engine::{PATIENCE, TestEngine};
use support::imap::{ServerMessage, messages};
use support::{MailServer, TestUser, mailserver};

fn account(server: &MailServer, user: &TestUser, pop3: bool) -> Account {
    let incoming = Server {
        host: "localhost".into(),
        port: if pop3 {
            server.pop3s_port
        } else {
            server.imaps_port
        },
        security: Security::Tls,
        username: user.email.clone(),
        auth: AuthMethod::Password,
        ca_file: Some(server.ca_file.clone()),
    };
    Account {
        name: "Zoé".into(),
        email: user.email.clone(),
        outgoing: Server {
            port: server.submissions_port,
            ..incoming.clone()
        },
        incoming: if pop3 {
            Incoming::Pop3(incoming)
        } else {
            Incoming::Imap(incoming)
        },
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    }
}

fn draft(user: &TestUser, subject: &str) -> Draft {
    Draft {
        from_name: "Zoé".into(),
        from: user.email.clone(),
        to: vec!["Jürgen <juergen@example.de>".into()],
        bcc: vec!["archive@example.org".into()],
        subject: subject.into(),
        body: format!("{subject}\nà suivre…"),
        attachments: vec![Attachment {
            name: "plan été.pdf".into(),
            content_type: "application/pdf".into(),
            data: (0..=255u8).cycle().take(20_000).collect(),
        }],
        ..Draft::default()
    }
}

fn save(e: &TestEngine, user: &TestUser, key: &str, draft: Draft) {
    e.send(Command::on(
        &user.email,
        DraftOp::Save {
            key: key.into(),
            draft: Box::new(draft),
        },
    ));
}

async fn on_server(e: &mut TestEngine, key: &str, revision: i64) {
    e.event(&format!("revision {revision} on the server"), |ev| {
        matches!(ev, Event::Draft { key: k, state: DraftState::OnServer { revision: r }, .. }
            if k == key && *r == revision)
    })
    .await;
}

/// The server's Drafts folder, once it has `count` messages (it may lag behind an event
/// by an expunge).
async fn drafts_on_server(
    server: &MailServer,
    user: &TestUser,
    count: usize,
) -> Vec<ServerMessage> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let found = messages(server, user, "Drafts").await;
        if found.len() == count {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the Drafts folder holds {} messages, not {count}",
            found.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_imap_draft_replaces_its_previous_copy_and_deleting_removes_it() {
    let server = mailserver();
    let user = server.new_user();
    let mut e = TestEngine::start(account(server, &user, false), &user.password, |_| {}).await;
    let key = new_draft_key();
    save(&e, &user, &key, draft(&user, "Brouillon 1"));
    e.event("the save", |ev| {
        matches!(
            ev,
            Event::Draft {
                state: DraftState::Saved { revision: 1 },
                ..
            }
        )
    })
    .await;
    on_server(&mut e, &key, 1).await;
    let first = drafts_on_server(server, &user, 1).await;
    assert!(
        first[0].flags.iter().any(|f| f == "Draft"),
        "{:?}",
        first[0].flags
    );
    assert_eq!(draft_from_message(&first[0].raw).subject, "Brouillon 1");

    // Autosaves in a burst: one upload of the last, one copy on the server.
    for n in 2..=4 {
        save(&e, &user, &key, draft(&user, &format!("Brouillon {n}")));
    }
    on_server(&mut e, &key, 4).await;
    let latest = drafts_on_server(server, &user, 1).await;
    assert!(latest[0].uid > first[0].uid);
    let resumed = draft_from_message(&latest[0].raw);
    let expected = draft(&user, "Brouillon 4");
    assert_eq!(resumed.subject, expected.subject);
    assert_eq!(resumed.body, expected.body);
    assert_eq!(resumed.bcc, expected.bcc, "Bcc is kept in drafts");
    assert_eq!(resumed.attachments, expected.attachments);
    let stored = e.store().draft(&key).unwrap().expect("the draft is stored");
    assert_eq!(stored.draft, expected);
    assert_eq!((stored.revision, stored.uploaded), (4, 4));

    e.send(Command::on(
        &user.email,
        DraftOp::Delete { key: key.clone() },
    ));
    e.event("the deletion", |ev| {
        matches!(
            ev,
            Event::Draft {
                state: DraftState::Deleted,
                ..
            }
        )
    })
    .await;
    drafts_on_server(server, &user, 0).await;
    assert!(e.store().draft(&key).unwrap().is_none());
    e.engine.shutdown().await;
}

#[tokio::test]
async fn a_draft_saved_offline_survives_a_restart_and_reaches_the_server_later() {
    let server = mailserver();
    let user = server.new_user();
    let mut offline = account(server, &user, false);
    if let Incoming::Imap(s) = &mut offline.incoming {
        // Nothing listens there: the account stays offline.
        s.port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
    }
    let mut e = TestEngine::start(offline, &user.password, |_| {}).await;
    let key = new_draft_key();
    save(&e, &user, &key, draft(&user, "Écrit dans le train"));
    e.event("the save", |ev| {
        matches!(
            ev,
            Event::Draft {
                state: DraftState::Saved { .. },
                ..
            }
        )
    })
    .await;
    let home = e.stop().await;

    let mut e = TestEngine::start_in(
        home,
        account(server, &user, false),
        &user.password,
        |store| {
            let saved = store.draft(&key).unwrap().expect("kept across the restart");
            assert_eq!(saved.draft.subject, "Écrit dans le train");
            assert_eq!(saved.uploaded, 0);
        },
    )
    .await;
    on_server(&mut e, &key, 1).await;
    let copies = drafts_on_server(server, &user, 1).await;
    assert_eq!(
        draft_from_message(&copies[0].raw).subject,
        "Écrit dans le train"
    );
    e.engine.shutdown().await;
}

#[tokio::test]
async fn sending_a_draft_removes_it_here_and_on_the_server() {
    let server = mailserver();
    assert!(
        server.relays,
        "sending needs the private Postfix (scripts/test)"
    );
    let (user, bob) = (server.new_user(), server.new_user());
    let mut e = TestEngine::start(account(server, &user, false), &user.password, |_| {}).await;
    let key = new_draft_key();
    let mut d = draft(&user, "Pour Bob");
    d.to = vec![bob.email.clone()];
    d.bcc.clear();
    save(&e, &user, &key, d.clone());
    on_server(&mut e, &key, 1).await;
    drafts_on_server(server, &user, 1).await;

    let composed = compose(&d).unwrap();
    e.send(Command::send(
        facteur::engine::RequestId::new(),
        Outgoing::new(&user.email, composed, Some(key.clone())),
    ));
    e.event(
        "the draft's removal",
        |ev| matches!(ev, Event::Draft { state: DraftState::Deleted, key: k, .. } if *k == key),
    )
    .await;
    e.event("the message sent", |ev| {
        matches!(
            ev,
            Event::Outbox {
                status: OutboxStatus::Done,
                ..
            }
        )
    })
    .await;
    drafts_on_server(server, &user, 0).await;
    assert!(e.store().draft(&key).unwrap().is_none());
    e.engine.shutdown().await;
}

#[tokio::test]
async fn pop3_drafts_live_in_the_local_drafts_folder() {
    let server = mailserver();
    let user = server.new_user();
    let mut e = TestEngine::start(account(server, &user, true), &user.password, |_| {}).await;
    e.event("the first check", |ev| {
        matches!(ev, Event::SyncFinished { .. })
    })
    .await;
    let key = new_draft_key();
    let local_drafts = |e: &TestEngine| {
        let store = e.store();
        let account_id = store.account_id(&user.email).unwrap().unwrap();
        let folder = store
            .folder_by_use(account_id, facteur::store::SpecialUse::Drafts)
            .unwrap()
            .unwrap();
        store.messages(&Scope::Folder(folder.id), 10, 0).unwrap()
    };
    for (n, subject) in ["Liste de courses", "Liste de courses (2)"]
        .iter()
        .enumerate()
    {
        save(&e, &user, &key, draft(&user, subject));
        e.event("the save", |ev| {
            matches!(ev, Event::Draft { state: DraftState::Saved { revision }, .. }
                if *revision == n as i64 + 1)
        })
        .await;
        let list = local_drafts(&e);
        assert_eq!(list.len(), 1, "one copy per draft");
        assert_eq!(list[0].subject, *subject);
    }
    e.send(Command::on(&user.email, DraftOp::Delete { key }));
    e.event("the deletion", |ev| {
        matches!(
            ev,
            Event::Draft {
                state: DraftState::Deleted,
                ..
            }
        )
    })
    .await;
    assert!(local_drafts(&e).is_empty());
    e.engine.shutdown().await;
}
