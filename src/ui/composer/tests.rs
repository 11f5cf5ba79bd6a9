use super::*;
use crate::engine::RequestId;
use crate::engine::{AccountOp, DraftOp, OutboxOp};
use crate::proto::error::{ErrorKind, MailError};

fn identities() -> Vec<Identity> {
    vec![
        Identity {
            name: "Marie Dupont".into(),
            email: "marie@example.fr".into(),
        },
        Identity {
            name: "Marie".into(),
            email: "marie@work.example".into(),
        },
    ]
}

fn composer() -> State {
    State::new(identities(), "k1".into(), Draft::default(), None)
}

fn commands(action: Action) -> Vec<Command> {
    match action {
        Action::Engine(c) => c,
        Action::Closed { commands, .. } => commands,
        _ => Vec::new(),
    }
}

#[test]
fn the_sender_is_the_drafts_account_or_the_first() {
    assert_eq!(composer().from.email, "marie@example.fr");
    let draft = Draft {
        from: "MARIE@work.example".into(),
        ..Draft::default()
    };
    let c = State::new(identities(), "k".into(), draft, None);
    assert_eq!(c.from.email, "marie@work.example");
}

#[test]
fn an_empty_message_is_neither_saved_nor_sent() {
    let mut c = composer();
    assert!(commands(c.update(Message::Autosave)).is_empty());
    let closed = c.update(Message::Close);
    assert!(matches!(&closed, Action::Closed { commands, sent: false } if commands.is_empty()));
    let mut c = composer();
    assert!(matches!(c.update(Message::Send), Action::Run(_)));
    assert_eq!(c.sending, None);
    assert_eq!(
        c.problem,
        Some(Problem::Compose(
            crate::mime::compose::ComposeError::NoRecipient
        )),
        "the user is told why"
    );
}

#[test]
fn changes_are_saved_once_until_the_next_change() {
    let mut c = composer();
    c.update(Message::Address(Field::To, "jean@example.de".into()));
    c.update(Message::Subject("Dîner".into()));
    let saved = commands(c.update(Message::Autosave));
    match saved.as_slice() {
        [
            Command::Account {
                account,
                op: AccountOp::Draft(DraftOp::Save { key, draft }),
            },
        ] => {
            assert_eq!(account.as_str(), "marie@example.fr");
            assert_eq!(key, "k1");
            assert_eq!(draft.to, vec!["jean@example.de"]);
            assert_eq!(draft.subject, "Dîner");
            assert_eq!(draft.from_name, "Marie Dupont");
        }
        other => panic!("{other:?}"),
    }
    assert!(commands(c.update(Message::Autosave)).is_empty());
    c.update(Message::Edit(text_editor::Action::Edit(
        text_editor::Edit::Insert('x'),
    )));
    assert_eq!(commands(c.update(Message::Autosave)).len(), 1);
    c.event(&Event::Draft {
        account: "marie@example.fr".into(),
        key: "k1".into(),
        state: DraftState::Saved { revision: 2 },
    });
    assert_eq!(c.saved, Some(2));
}

#[test]
fn erasing_everything_deletes_the_saved_draft() {
    let draft = Draft {
        subject: "x".into(),
        ..Draft::default()
    };
    let mut c = State::new(identities(), "k2".into(), draft, Some(3));
    c.update(Message::Subject(String::new()));
    assert!(matches!(
        commands(c.update(Message::Close)).as_slice(),
        [Command::Account { op: AccountOp::Draft(DraftOp::Delete { key, .. }), .. }] if key == "k2"
    ));
}

#[test]
fn completion_offers_known_people_and_fills_the_entry() {
    let mut c = composer();
    c.update(Message::Contacts(Arc::new(vec![
        Contact {
            name: "Jean Martin".into(),
            email: "jean@example.de".into(),
        },
        Contact {
            name: "Dupont, Anne".into(),
            email: "anne@example.fr".into(),
        },
        Contact {
            name: String::new(),
            email: "jeanne@example.org".into(),
        },
    ])));
    c.update(Message::Address(Field::To, "paul@x.org, jea".into()));
    let offered: Vec<&str> = c.suggestions().iter().map(|s| s.email.as_str()).collect();
    assert_eq!(offered, vec!["jean@example.de", "jeanne@example.org"]);
    let jean = c.suggestions()[0].clone();
    c.update(Message::Complete(Field::To, jean));
    assert_eq!(c.to, "paul@x.org, Jean Martin <jean@example.de>, ");
    // Enter takes the first completion.
    c.update(Message::Address(Field::Bcc, "jeanne".into()));
    c.update(Message::AcceptSuggestion(Field::Bcc));
    assert_eq!(c.bcc, "jeanne@example.org, ");
    // Someone already written is not offered again.
    c.update(Message::Address(Field::To, format!("{}jea", c.to)));
    let offered: Vec<&str> = c.suggestions().iter().map(|s| s.email.as_str()).collect();
    assert_eq!(offered, vec!["jeanne@example.org"]);
    // A name with a comma is quoted, so the field splits right.
    c.update(Message::Address(Field::Cc, "dupont".into()));
    let anne = c.suggestions()[0].clone();
    c.update(Message::Complete(Field::Cc, anne));
    assert_eq!(
        split_addresses(&c.cc),
        vec!["\"Dupont, Anne\" <anne@example.fr>"]
    );
}

#[test]
fn sending_follows_the_outbox_and_closes_when_the_server_has_it() {
    let _lock = crate::i18n::test_lock();
    let mut c = composer();
    c.update(Message::Address(Field::To, "jean@example.de".into()));
    let composed = compose::compose(&c.draft()).unwrap();
    let message_id = composed.message_id.clone();
    assert!(matches!(c.update(Message::Send), Action::Run(_)));
    assert!(c.locked());
    // Typing is refused while the message is on its way.
    c.update(Message::Subject("changed".into()));
    assert_eq!(c.subject, "");
    match commands(c.update(Message::Composed(Ok(Box::new(composed))))).as_slice() {
        [
            Command::Account {
                op:
                    AccountOp::Outbox(OutboxOp::Send {
                        message: outgoing, ..
                    }),
                ..
            },
        ] => {
            assert_eq!(outgoing.account, "marie@example.fr");
            assert_eq!(outgoing.draft_key.as_deref(), Some("k1"));
        }
        other => panic!("{other:?}"),
    }
    let event = |status| Event::Outbox {
        account: "marie@example.fr".into(),
        id: 9,
        message_id: message_id.clone(),
        status,
    };
    // Another message's news changes nothing.
    c.event(&Event::Outbox {
        account: "marie@example.fr".into(),
        id: 1,
        message_id: "other@x".into(),
        status: OutboxStatus::Sent,
    });
    assert!(c.locked());
    assert!(matches!(
        c.event(&event(OutboxStatus::Sending)),
        Action::None
    ));
    assert_eq!(c.state_text(), fl!("composer-sending"));
    let refused = MailError {
        kind: ErrorKind::Refused,
        server_text: "550 5.1.1 <jean@example.de>: Recipient address rejected".into(),
    };
    c.event(&event(OutboxStatus::Failed {
        error: refused.clone(),
    }));
    assert!(!c.locked(), "a refused message is back in the user's hands");
    assert!(matches!(
        commands(c.update(Message::Retry)).as_slice(),
        [Command::Account {
            op: AccountOp::Outbox(OutboxOp::Retry { id: 9, .. }),
            ..
        }]
    ));
    assert!(matches!(
        c.event(&event(OutboxStatus::Sent)),
        Action::Closed { sent: true, .. }
    ));
}

#[test]
fn a_refused_message_can_be_edited_again() {
    let mut c = composer();
    c.update(Message::Address(Field::To, "jean@example.de".into()));
    let composed = compose::compose(&c.draft()).unwrap();
    let message_id = composed.message_id.clone();
    c.update(Message::Send);
    c.update(Message::Composed(Ok(Box::new(composed))));
    c.event(&Event::Outbox {
        account: "marie@example.fr".into(),
        id: 4,
        message_id,
        status: OutboxStatus::Failed {
            error: MailError {
                kind: ErrorKind::Refused,
                server_text: "550 no".into(),
            },
        },
    });
    let back = commands(c.update(Message::EditAgain));
    assert!(matches!(
        back.as_slice(),
        [
            Command::Account {
                op: AccountOp::Outbox(OutboxOp::Remove { id: 4, .. }),
                ..
            },
            Command::Account {
                op: AccountOp::Draft(DraftOp::Save { .. }),
                ..
            }
        ]
    ));
    assert_eq!(c.sending, None);
    c.update(Message::Address(Field::To, "jean@example.com".into()));
    assert_eq!(c.to, "jean@example.com");
}

#[test]
fn a_message_the_outbox_could_not_take_stays_with_the_reason() {
    let _lock = crate::i18n::test_lock();
    crate::i18n::select(crate::i18n::Language::English).unwrap();
    let mut c = composer();
    c.update(Message::Address(Field::To, "jean@example.de".into()));
    c.update(Message::Subject("Devis".into()));
    let composed = compose::compose(&c.draft()).unwrap();
    c.update(Message::Send);
    let request = match commands(c.update(Message::Composed(Ok(Box::new(composed))))).as_slice() {
        [
            Command::Account {
                op: AccountOp::Outbox(OutboxOp::Send { request, .. }),
                ..
            },
        ] => *request,
        other => panic!("{other:?}"),
    };
    // Another request's failure is not this message's.
    c.event(&Event::Failed {
        request: Some(RequestId::new()),
        account: Some("marie@example.fr".into()),
        error: MailError::local_store("disk full"),
    });
    assert!(c.sending.is_some());
    c.event(&Event::Failed {
        request: Some(request),
        account: Some("marie@example.fr".into()),
        error: MailError::local_store("database or disk is full"),
    });
    assert_eq!(c.sending, None, "no longer waiting: the wait has ended");
    assert!(!c.locked(), "the message can be edited and sent again");
    assert_eq!(c.subject, "Devis", "nothing typed is lost");
    let shown = c.not_queued.as_ref().unwrap();
    assert_eq!(shown.kind, crate::proto::ErrorKind::LocalStore);
    // Sending again asks afresh, with a new request.
    assert!(matches!(c.update(Message::Send), Action::Run(_)));
}

#[test]
fn a_crash_before_the_outbox_answered_keeps_the_message_here() {
    let _lock = crate::i18n::test_lock();
    let mut c = composer();
    c.update(Message::Address(Field::To, "jean@example.de".into()));
    let composed = compose::compose(&c.draft()).unwrap();
    c.update(Message::Send);
    c.update(Message::Composed(Ok(Box::new(composed))));
    assert!(c.sending.is_some());
    // Another account's crash is not this message's.
    c.event(&Event::AccountCrashed {
        account: "other@example.org".into(),
        reason: "x".into(),
        restart_in: std::time::Duration::from_secs(1),
    });
    assert!(c.sending.is_some());
    c.event(&Event::AccountCrashed {
        account: "marie@example.fr".into(),
        reason: "the account task ended by itself".into(),
        restart_in: std::time::Duration::from_secs(1),
    });
    assert_eq!(c.sending, None);
    assert!(c.not_queued.is_some() && !c.locked());
}

#[test]
fn a_problem_is_said_in_the_language_chosen_after_it() {
    let _lock = crate::i18n::test_lock();
    crate::i18n::select(crate::i18n::Language::English).unwrap();
    let mut c = composer();
    c.update(Message::Send);
    let problem = c.problem.clone().expect("no recipient");
    let english = problem.text();
    crate::i18n::select(crate::i18n::Language::French).unwrap();
    let french = problem.text();
    crate::i18n::select(crate::i18n::Language::English).unwrap();
    assert_ne!(english, french, "kept as data, put into words when shown");
    assert!(french.contains("destinataire"), "{french}");
}
