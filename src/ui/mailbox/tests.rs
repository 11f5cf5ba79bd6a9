use super::*;
use crate::store::Folder;
use crate::ui::library::AccountFolders;

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
    }
}

/// A mailbox showing rows 0..100 of a 10,000-message inbox of marie@example.fr.
fn mailbox() -> State {
    let library = Library::new("/nonexistent/facteur.sqlite3".into());
    let (mut m, _) = State::new(library, vec!["marie@example.fr".into()], 1_800_000_000);
    m.update(Message::Sidebar(Ok(vec![AccountFolders {
        email: "marie@example.fr".into(),
        account_id: 1,
        folders: vec![Folder {
            id: 7,
            account_id: 1,
            name: "INBOX".into(),
            delimiter: "/".into(),
            special_use: "inbox".into(),
            total: 10_000,
            unread: 100,
        }],
    }])));
    m.update(Message::Page(
        0,
        Ok(Page {
            offset: 0,
            rows: (1..=100).map(|i| row(i, i % 2 == 0)).collect(),
            total: 10_000,
        }),
    ));
    m
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
        m.update(Message::Scrolled {
            top: 10.0 * ROW_HEIGHT,
            height: 600.0
        }),
        Action::None
    ));
    // Far down: a page around the new position.
    assert!(matches!(
        m.update(Message::Scrolled {
            top: 5000.0 * ROW_HEIGHT,
            height: 600.0
        }),
        Action::Run(_)
    ));
    assert_eq!(m.visible.0, 5000);
    // A page of a list that was left behind is dropped.
    m.update(Message::Select(Selection::UnifiedInbox));
    m.update(Message::Page(
        0,
        Ok(Page {
            offset: 0,
            rows: vec![row(1, true)],
            total: 1,
        }),
    ));
    assert_eq!(m.list.total, 0, "a stale page is ignored");
}

#[test]
fn opening_an_unread_message_fetches_it_and_marks_it_read() {
    let mut m = mailbox();
    let commands = engine(m.update(Message::Open(3)));
    assert_eq!(
        commands,
        vec![
            Command::FetchBody {
                account: "marie@example.fr".into(),
                message_id: 3
            },
            Command::Act {
                account: "marie@example.fr".into(),
                message_ids: vec![3],
                action: MessageAction::MarkRead(true)
            }
        ]
    );
    assert!(m.list.rows[2].flags.contains(Flags::SEEN));
    // Without mark-read-on-open, only the text is fetched.
    m.mark_read_on_open = false;
    assert_eq!(engine(m.update(Message::Open(5))).len(), 1);
}

#[test]
fn keys_and_actions_work_on_the_selected_message() {
    let mut m = mailbox();
    m.update(Message::Open(2));
    engine(m.update(Message::Next));
    assert_eq!(m.selected, Some(3));
    engine(m.update(Message::Previous));
    engine(m.update(Message::Previous));
    assert_eq!(m.selected, Some(1), "stays on the first");
    let flag = engine(m.update(Message::Act(Act::ToggleFlag)));
    assert!(matches!(
        &flag[0],
        Command::Act {
            action: MessageAction::Flag(true),
            ..
        }
    ));
    assert!(m.list.rows[0].flags.contains(Flags::FLAGGED));
    let unread = engine(m.update(Message::Act(Act::ToggleRead)));
    assert!(matches!(
        &unread[0],
        Command::Act {
            action: MessageAction::MarkRead(false),
            ..
        }
    ));
    let delete = engine(m.update(Message::Act(Act::Delete)));
    assert!(
        matches!(&delete[0], Command::Act { action: MessageAction::Delete, message_ids, .. } if message_ids == &[1])
    );
    assert_eq!(m.list.rows[0].id, 2);
    assert_eq!(m.list.total, 9_999);
    assert_eq!(m.selected, None);
}

#[test]
fn the_status_line_follows_the_engine() {
    let mut m = mailbox();
    m.event(&Event::SyncProgress {
        account: "marie@example.fr".into(),
        folder: "INBOX".into(),
        done: 40,
        total: 100,
    });
    assert!(m.notes["marie@example.fr"].contains("40"));
    assert!(matches!(
        m.event(&Event::SyncFinished {
            account: "marie@example.fr".into()
        }),
        Action::Run(_)
    ));
    assert!(!m.notes.contains_key("marie@example.fr"));
}
