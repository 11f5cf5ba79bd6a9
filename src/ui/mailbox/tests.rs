use super::*;
use crate::engine::event::PushState;
use crate::engine::{AccountOp, MailOp, RequestId};
use crate::proto::MailError;
use crate::store::Folder;
use crate::ui::library::AccountFolders;
use crate::ui::library::{Opened, Page};
use list::PAGE;

fn row(id: i64, read: bool) -> MessageRow {
    MessageRow {
        id,
        folder_id: 7,
        uid: id as u32,
        flags: Flags::default().with(Flags::SEEN, read),
        subject: format!("Message {id}"),
        from_name: "Jeanne".into(),
        from_addr: "jeanne@example.org".into(),
        to: String::new(),
        cc: String::new(),
        date: 1_800_000_000 - id,
        size: 1000,
        has_attachments: false,
        preview: String::new(),
        message_id: format!("<{id}@example.org>"),
        conversation: id,
        thread: None,
    }
}

/// A mailbox showing rows 0..100 of a 10,000-message inbox of marie@example.fr.
fn mailbox() -> State {
    let library = Library::new("/nonexistent/facteur.sqlite3".into());
    let (mut m, _) = State::new(library, vec!["marie@example.fr".into()], 1_800_000_000);
    m.update(
        Message::Sidebar(Ok(vec![AccountFolders {
            email: "marie@example.fr".into(),
            account_id: 1,
            folders: vec![Folder {
                id: 7,
                account_id: 1,
                name: "INBOX".into(),
                delimiter: "/".into(),
                special_use: Some(crate::store::SpecialUse::Inbox),
                total: 10_000,
                unread: 100,
            }],
        }])),
        &defaults(),
    );
    m.update(
        Message::List(list::Message::Page(
            0,
            Ok(Page {
                offset: 0,
                rows: (1..=100).map(|i| row(i, i % 2 == 0)).collect(),
                total: 10_000,
            }),
        )),
        &defaults(),
    );
    m
}

/// Opens a message and delivers the store's answer (its text not downloaded yet).
fn open(m: &mut State, id: i64) -> Vec<Command> {
    open_with(m, id, &defaults())
}

/// The account's key.
fn marie() -> crate::account::AccountId {
    crate::account::AccountId::of("marie@example.fr")
}

/// The preferences as a new user has them.
fn defaults() -> Preferences {
    Preferences::default()
}

/// Opens a message, with these preferences.
fn open_with(m: &mut State, id: i64, preferences: &Preferences) -> Vec<Command> {
    assert!(matches!(
        m.update(Message::Open(id), preferences),
        Action::Run(_)
    ));
    let row = m.rows().iter().find(|r| r.id == id).unwrap().clone();
    engine(m.update(
        Message::Reader(reader::Message::Opened(
            id,
            Ok(Some(Box::new(Opened {
                row,
                account: "marie@example.fr".into(),
                display: None,
            }))),
        )),
        preferences,
    ))
}

fn engine(action: Action) -> Vec<Command> {
    match action {
        Action::Engine(commands, _) => commands,
        _ => panic!("expected engine commands"),
    }
}

#[test]
fn scrolling_reads_only_the_pages_it_needs() {
    let mut m = mailbox();
    assert_eq!(m.list.rows.len(), 100);
    // Within the loaded rows: nothing to read.
    assert!(matches!(
        m.update(
            Message::List(list::Message::Scrolled {
                top: 10.0 * ROW_HEIGHT,
                height: 600.0
            }),
            &defaults()
        ),
        Action::None
    ));
    // Far down: a page around the new position.
    assert!(matches!(
        m.update(
            Message::List(list::Message::Scrolled {
                top: 5000.0 * ROW_HEIGHT,
                height: 600.0
            }),
            &defaults()
        ),
        Action::Run(_)
    ));
    assert_eq!(m.list.visible.0, 5000);
    // A page of a list that was left behind is dropped.
    m.update(Message::Select(Selection::UnifiedInbox), &defaults());
    m.update(
        Message::List(list::Message::Page(
            0,
            Ok(Page {
                offset: 0,
                rows: vec![row(1, true)],
                total: 1,
            }),
        )),
        &defaults(),
    );
    assert_eq!(m.list.total, 0, "a stale page is ignored");
}

#[test]
fn opening_an_unread_message_fetches_it_and_marks_it_read() {
    let mut m = mailbox();
    let commands = open(&mut m, 3);
    assert_eq!(
        commands,
        vec![
            Command::on(
                "marie@example.fr",
                MailOp::FetchBody {
                    request: m.reader.fetching.unwrap().1,
                    message_id: 3
                }
            ),
            Command::on(
                "marie@example.fr",
                MailOp::Act {
                    message_ids: vec![3],
                    action: MessageAction::MarkRead(true)
                }
            )
        ]
    );
    assert!(m.list.rows[2].flags.contains(Flags::SEEN));
    // The text's arrival reads the message again: nothing is asked twice.
    assert!(matches!(
        m.event(
            &Event::BodyReady {
                account: "marie@example.fr".into(),
                message_id: 3
            },
            &Preferences::default()
        ),
        Action::Run(_)
    ));
    // Without mark-read-on-open, only the text is fetched.
    let off = Preferences {
        mark_read_on_open: false,
        ..defaults()
    };
    assert_eq!(open_with(&mut m, 5, &off).len(), 1);
}

#[test]
fn keys_and_actions_work_on_the_selected_message() {
    let mut m = mailbox();
    open(&mut m, 2);
    m.update(Message::Next, &defaults());
    assert_eq!(m.selected, Some(3));
    m.update(Message::Previous, &defaults());
    open(&mut m, 1);
    m.update(Message::Previous, &defaults());
    assert_eq!(m.selected, Some(1), "stays on the first");
    let flag = engine(m.update(Message::Act(Act::ToggleFlag), &defaults()));
    assert!(matches!(
        &flag[0],
        Command::Account {
            op: AccountOp::Mail(MailOp::Act {
                action: MessageAction::Flag(true),
                ..
            }),
            ..
        }
    ));
    assert!(m.list.rows[0].flags.contains(Flags::FLAGGED));
    let unread = engine(m.update(Message::Act(Act::ToggleRead), &defaults()));
    assert!(matches!(
        &unread[0],
        Command::Account {
            op: AccountOp::Mail(MailOp::Act {
                action: MessageAction::MarkRead(false),
                ..
            }),
            ..
        }
    ));
    let delete = engine(m.update(Message::Act(Act::Delete), &defaults()));
    assert!(
        matches!(&delete[0], Command::Account { op: AccountOp::Mail(MailOp::Act { action: MessageAction::Delete, message_ids, .. }), .. } if message_ids == &[1])
    );
    assert_eq!(m.list.rows[0].id, 2);
    assert_eq!(m.list.total, 9_999);
    // The message that takes its place opens.
    assert_eq!(m.selected, Some(2));
    // The last one deleted: the one before it opens.
    let last = m.list.rows.last().unwrap().id;
    open(&mut m, last);
    engine(m.update(Message::Act(Act::Delete), &defaults()));
    assert_eq!(m.selected, Some(m.list.rows.last().unwrap().id));
    assert_ne!(m.selected, Some(last));
}

#[test]
fn the_status_line_follows_the_engine() {
    let mut m = mailbox();
    // The engine may name the account as it was typed: it is one account.
    m.event(
        &Event::SyncProgress {
            account: "Marie@Example.FR".into(),
            folder: "INBOX".into(),
            done: 40,
            total: 100,
        },
        &Preferences::default(),
    );
    assert!(m.notes[&marie()].text().contains("40"));
    assert_eq!(m.notes.len(), 1);
    assert!(matches!(
        m.event(
            &Event::SyncFinished {
                account: "marie@example.fr".into()
            },
            &Preferences::default()
        ),
        Action::Run(_)
    ));
    assert!(!m.notes.contains_key(&marie()));
}

#[test]
fn a_message_moves_to_another_folder_of_its_account() {
    let mut m = mailbox();
    m.sidebar[0].folders.push(Folder {
        id: 8,
        account_id: 1,
        name: "Factures".into(),
        delimiter: "/".into(),
        special_use: None,
        total: 0,
        unread: 0,
    });
    open(&mut m, 4);
    m.update(
        Message::Reader(reader::Message::Opened(
            4,
            Ok(Some(Box::new(Opened {
                row: row(4, true),
                account: "marie@example.fr".into(),
                display: None,
            }))),
        )),
        &defaults(),
    );
    let targets = m.targets();
    assert_eq!(targets.len(), 1, "not the folder it is in");
    let moved = engine(m.update(Message::MoveTo(targets[0].clone()), &defaults()));
    assert!(
        matches!(&moved[0], Command::Account { op: AccountOp::Mail(MailOp::Act { action: MessageAction::Move { to }, .. }), .. } if to == "Factures")
    );
    assert!(m.list.rows.iter().all(|r| r.id != 4));
}

#[test]
fn preferences_change_the_behaviour_and_are_saved() {
    let mut m = mailbox();
    let off = match m.update(
        Message::Settings(settings::Message::MarkReadOnOpen(false)),
        &defaults(),
    ) {
        Action::Preferences(p) => p,
        _ => panic!("the preferences must be saved"),
    };
    assert!(!off.mark_read_on_open);
    match m.update(
        Message::Settings(settings::Message::Language(crate::i18n::Language::German)),
        &off,
    ) {
        Action::Preferences(p) => {
            assert_eq!(p.language.as_deref(), Some("de"));
            assert!(!p.mark_read_on_open, "the other choices are kept");
        }
        _ => panic!("the preferences must be saved"),
    }
    assert_eq!(open_with(&mut m, 3, &off).len(), 1, "no mark-read");
}

#[test]
fn a_late_read_without_the_text_does_not_hide_it() {
    let mut m = mailbox();
    open(&mut m, 4);
    let with_text = Opened {
        row: row(4, true),
        account: "marie@example.fr".into(),
        display: Some(crate::mime::display::Display::parse(
            b"Subject: x\r\n\r\nBonjour\r\n",
        )),
    };
    m.update(
        Message::Reader(reader::Message::Opened(4, Ok(Some(Box::new(with_text))))),
        &defaults(),
    );
    m.update(
        Message::Reader(reader::Message::Opened(
            4,
            Ok(Some(Box::new(Opened {
                row: row(4, true),
                account: "marie@example.fr".into(),
                display: None,
            }))),
        )),
        &defaults(),
    );
    assert_eq!(m.reader.opened.unwrap().display.unwrap().text(), "Bonjour");
}

#[test]
fn the_first_messages_show_while_a_folder_syncs() {
    let progress = Event::SyncProgress {
        account: "marie@example.fr".into(),
        folder: "INBOX".into(),
        done: 500,
        total: 100_000,
    };
    let library = Library::new("/nonexistent/facteur.sqlite3".into());
    let (mut empty, _) = State::new(library, vec!["marie@example.fr".into()], 0);
    assert!(matches!(
        empty.event(&progress, &Preferences::default()),
        Action::Run(_)
    ));
    // A full window is not read again at each step.
    let mut full = mailbox();
    full.list.rows = (1..=PAGE as i64).map(|i| row(i, true)).collect();
    assert!(matches!(
        full.event(&progress, &Preferences::default()),
        Action::None
    ));
}

#[test]
fn a_text_that_cannot_be_downloaded_says_why_and_retry_asks_again() {
    let mut m = mailbox();
    let first = match open(&mut m, 4).as_slice() {
        [
            Command::Account {
                op: AccountOp::Mail(MailOp::FetchBody { request, .. }),
                ..
            },
            ..,
        ] => *request,
        other => panic!("{other:?}"),
    };
    // A failure of another request changes nothing.
    m.event(
        &Event::Failed {
            request: Some(RequestId::new()),
            account: Some("marie@example.fr".into()),
            error: MailError::lost("x"),
        },
        &Preferences::default(),
    );
    assert_eq!(m.reader.download_failed, None);
    let offline = MailError::new(
        crate::proto::ErrorKind::ConnectionRefused {
            host: "imap.example.fr".into(),
            port: 993,
        },
        "",
    );
    m.event(
        &Event::Failed {
            request: Some(first),
            account: Some("marie@example.fr".into()),
            error: offline.clone(),
        },
        &Preferences::default(),
    );
    assert_eq!(
        m.reader.download_failed,
        Some((4, offline)),
        "the wait has ended"
    );
    assert_eq!(m.reader.fetching, None);
    let retry = match m.update(Message::Reader(reader::Message::RetryDownload), &defaults()) {
        Action::Engine(commands, _) => commands,
        _ => panic!("Retry sends nothing"),
    };
    match retry.as_slice() {
        [
            Command::Account {
                op:
                    AccountOp::Mail(MailOp::FetchBody {
                        request,
                        message_id: 4,
                        ..
                    }),
                ..
            },
        ] => assert_ne!(*request, first, "a new request"),
        other => panic!("{other:?}"),
    }
    assert_eq!(m.reader.download_failed, None, "downloading again");
    m.event(
        &Event::BodyReady {
            account: "marie@example.fr".into(),
            message_id: 4,
        },
        &Preferences::default(),
    );
    assert_eq!(m.reader.fetching, None);
}

#[test]
fn crashes_and_push_show_in_the_status_line_in_the_current_language() {
    let _lock = crate::i18n::test_lock();
    let mut m = mailbox();
    m.event(
        &Event::AccountCrashed {
            account: "marie@example.fr".into(),
            reason: "boom".into(),
            restart_in: std::time::Duration::from_secs(8),
        },
        &Preferences::default(),
    );
    crate::i18n::select(crate::i18n::Language::English).unwrap();
    assert!(m.notes[&marie()].text().contains("8 s"), "{:?}", m.notes);
    crate::i18n::select(crate::i18n::Language::French).unwrap();
    assert!(
        m.notes[&marie()].text().contains("redémarrage"),
        "the note follows a change of language"
    );
    crate::i18n::select(crate::i18n::Language::English).unwrap();
    m.event(
        &Event::AccountState {
            account: "marie@example.fr".into(),
            state: AccountState::Online,
        },
        &Preferences::default(),
    );
    assert!(!m.notes.contains_key(&marie()), "recovered");
    m.event(
        &Event::Push {
            account: "marie@example.fr".into(),
            state: PushState::Down {
                retry_in: std::time::Duration::from_secs(30),
                reason: "reset".into(),
            },
        },
        &Preferences::default(),
    );
    assert!(m.notes[&marie()].text().contains("30"));
    m.event(
        &Event::Push {
            account: "marie@example.fr".into(),
            state: PushState::Listening,
        },
        &Preferences::default(),
    );
    assert!(!m.notes.contains_key(&marie()));
}

#[test]
fn a_crash_of_the_account_ends_the_wait_for_a_text() {
    let mut m = mailbox();
    open(&mut m, 4);
    assert!(m.reader.fetching.is_some());
    m.event(
        &Event::AccountCrashed {
            account: "Marie@Example.fr".into(),
            reason: "the account task ended by itself".into(),
            restart_in: std::time::Duration::from_secs(1),
        },
        &Preferences::default(),
    );
    assert_eq!(m.reader.fetching, None);
    assert!(matches!(&m.reader.download_failed, Some((4, e)) if e.is_transient()));
}

#[test]
fn moving_with_the_keyboard_keeps_the_chosen_row_in_view() {
    let mut m = mailbox();
    // A list 10 rows high, scrolled to the top.
    m.update(
        Message::List(list::Message::Scrolled {
            top: 0.0,
            height: ROW_HEIGHT * 10.0,
        }),
        &defaults(),
    );
    for _ in 0..10 {
        m.update(Message::Next, &defaults());
        assert_eq!(m.scroll_to_show(m.selected.unwrap() as usize - 1), None);
    }
    // The eleventh row is below the fold: the list scrolls so that it is the last in view.
    m.update(Message::Next, &defaults());
    let index = m.selected.unwrap() as usize - 1;
    assert_eq!(index, 10);
    assert_eq!(m.scroll_to_show(index), Some(ROW_HEIGHT));
    // Scrolled down by hand, going back up above the view scrolls to the row.
    m.update(
        Message::List(list::Message::Scrolled {
            top: ROW_HEIGHT * 50.0,
            height: ROW_HEIGHT * 10.0,
        }),
        &defaults(),
    );
    assert_eq!(m.scroll_to_show(index), Some(ROW_HEIGHT * 10.0));
}
