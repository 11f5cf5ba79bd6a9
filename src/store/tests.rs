use super::*;

fn schema_of(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, IFNULL(sql, '') FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn insert_message(store: &Store, subject: &str, body: &str) -> i64 {
    let account = store.ensure_account("marie@orange.fr").unwrap();
    let conn = store.conn();
    conn.execute(
        "INSERT OR IGNORE INTO folders (account_id, name, special_use) VALUES (?1, 'INBOX', 'inbox')",
        [account],
    )
    .unwrap();
    let folder: i64 = conn
        .query_row(
            "SELECT id FROM folders WHERE account_id = ?1 AND name = 'INBOX'",
            [account],
            |r| r.get(0),
        )
        .unwrap();
    let uid: i64 = conn
        .query_row(
            "SELECT IFNULL(MAX(uid), 0) + 1 FROM messages WHERE folder_id = ?1",
            [folder],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO messages (folder_id, uid, subject, from_addr, date, size) VALUES (?1, ?2, ?3, 'jorg@gmx.de', 1700000000, 42)",
        rusqlite::params![folder, uid, subject],
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?1, ?2, 'jorg@gmx.de', ?3)",
        rusqlite::params![id, subject, body],
    )
    .unwrap();
    id
}

fn search(store: &Store, query: &str) -> Vec<i64> {
    let mut stmt = store
        .conn()
        .prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid")
        .unwrap();
    stmt.query_map([query], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_new_store_has_the_latest_schema_with_strict_tables() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let tables: Vec<_> = schema_of(store.conn())
        .into_iter()
        .filter(|(kind, name, sql)| {
            kind == "table"
                && !name.starts_with("messages_fts")
                && !name.starts_with("sqlite_")
                && !sql.is_empty()
        })
        .collect();
    assert!(tables.len() >= 7, "{tables:?}");
    for (_, name, sql) in tables {
        // The table options follow the last parenthesis: "STRICT" or "STRICT, WITHOUT ROWID".
        let options = &sql[sql.rfind(')').unwrap_or(0)..];
        assert!(
            options.split([',', ')', ' ', '\n']).any(|o| o == "STRICT"),
            "table {name} is not STRICT"
        );
    }
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn every_earlier_version_migrates_to_the_same_schema_as_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = Store::open(&dir.path().join("fresh.sqlite3")).unwrap();
    let expected = schema_of(fresh.conn());
    for start in 0..SCHEMA_VERSION {
        let path = dir.path().join(format!("from-{start}.sqlite3"));
        {
            let conn = Connection::open(&path).unwrap();
            let mut old = Store {
                conn,
                path: path.clone(),
                _writer: None,
            };
            old.migrate_to(start).unwrap();
            assert_eq!(old.version().unwrap(), start);
        }
        let upgraded = Store::open(&path).unwrap();
        assert_eq!(
            upgraded.version().unwrap(),
            SCHEMA_VERSION,
            "from version {start}"
        );
        assert_eq!(schema_of(upgraded.conn()), expected, "from version {start}");
    }
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let id = insert_message(&Store::open(&path).unwrap(), "Réunion", "à demain");
    let again = Store::open(&path).unwrap();
    assert_eq!(search(&again, "reunion"), vec![id]);
}

#[test]
fn a_store_from_a_newer_facteur_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    Store::open(&path)
        .unwrap()
        .conn()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::TooNew { .. })
    ));
    let conn = Connection::open(&path).unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 1);
}

#[test]
fn readers_cannot_write_and_see_committed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let writer = Store::open(&path).unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    assert!(
        reader
            .conn()
            .execute("INSERT INTO accounts (email) VALUES ('x@y.fr')", [])
            .is_err()
    );
    let id = insert_message(&writer, "Hello", "world");
    assert_eq!(search(&reader, "world"), vec![id]);
}

#[test]
fn full_text_search_ignores_accents_and_forgets_deleted_messages() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    let ete = insert_message(&store, "Vacances d'été", "Rendez-vous à la plage");
    let gruss = insert_message(&store, "Grüße aus München", "Bis bald");
    assert_eq!(search(&store, "ete"), vec![ete]);
    assert_eq!(search(&store, "muenchen OR munchen"), vec![gruss]);
    assert_eq!(search(&store, "plage"), vec![ete]);
    store
        .conn()
        .execute("DELETE FROM messages WHERE id = ?1", [ete])
        .unwrap();
    assert!(search(&store, "plage").is_empty());
    // removing the account removes its messages and their index entries
    assert!(store.remove_account("marie@orange.fr").unwrap());
    assert!(search(&store, "bald").is_empty());
    let count: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn words_only_in_the_html_alternative_are_found() {
    let raw = b"From: Bibliotheque <lettre@bib.example>\r\nSubject: Lettre\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=A\r\n\r\n--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Voir la lettre en ligne\r\n--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<p>Voir la <b>lettre</b></p><p>Lecture de contes le 3 d&eacute;cembre</p>\r\n--A--\r\n";
    let (text, _) = super::envelope::body_text(raw);
    // The HTML's own words are indexed once, after the text part's.
    assert!(text.starts_with("Voir la lettre en ligne"), "{text:?}");
    assert!(
        text.contains("contes") && text.contains("décembre"),
        "{text:?}"
    );
    assert_eq!(text.matches("lettre").count(), 1, "{text:?}");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    let id = insert_message(&store, "Lettre", &text);
    assert_eq!(search(&store, "contes"), vec![id]);
    assert_eq!(search(&store, "decembre"), vec![id]);
}

mod drafts {
    use super::*;
    use crate::mime::{Attachment, Draft};

    fn file(name: &str, byte: u8) -> Attachment {
        Attachment {
            name: name.into(),
            content_type: "application/octet-stream".into(),
            data: vec![byte; 1000],
        }
    }

    fn open() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
        let account = store.ensure_account("marie@orange.fr").unwrap();
        (dir, store, account)
    }

    #[test]
    fn saves_are_revisions_and_files_come_back_in_order() {
        let (_dir, mut store, account) = open();
        let mut draft = Draft {
            from: "marie@orange.fr".into(),
            to: vec!["half-typed@".into()],
            subject: "Vacances".into(),
            attachments: vec![file("a.bin", 1), file("b.bin", 2)],
            forwarded: vec![b"Subject: old\r\n\r\nx".to_vec()],
            ..Draft::default()
        };
        assert_eq!(
            store
                .draft_save(account, "k", &draft, "draft.k@orange.fr", 10, None)
                .unwrap(),
            1
        );
        draft.attachments = vec![file("b.bin", 2)];
        draft.subject = "Vacances d'été".into();
        assert_eq!(
            store
                .draft_save(account, "k", &draft, "draft.k@orange.fr", 20, None)
                .unwrap(),
            2
        );
        let saved = store.draft("k").unwrap().unwrap();
        assert_eq!(
            saved.draft, draft,
            "fields as typed, files and forwards in order"
        );
        assert_eq!(
            (saved.revision, saved.uploaded, saved.updated_at),
            (2, 0, 20)
        );
        assert_eq!(store.drafts_to_upload(account).unwrap(), vec!["k"]);
        assert_eq!(store.draft_keys(account).unwrap(), vec!["k"]);
        let other = store.ensure_account("jorg@gmx.de").unwrap();
        assert!(
            store
                .draft_save(other, "k", &draft, "x@y", 30, None)
                .is_err(),
            "a key belongs to one account"
        );
    }

    #[test]
    fn an_upload_replaces_the_previous_copy_and_late_uploads_are_removed() {
        let (_dir, mut store, account) = open();
        let draft = Draft::default();
        store
            .draft_save(account, "k", &draft, "m", 1, None)
            .unwrap();
        assert!(
            store
                .draft_uploaded(account, "k", 1, "Drafts", 7, &[])
                .unwrap()
        );
        store
            .draft_save(account, "k", &draft, "m", 2, None)
            .unwrap();
        store
            .draft_save(account, "k", &draft, "m", 3, None)
            .unwrap();
        // Revision 3 went up as UID 9 (an interrupted earlier attempt left UID 8).
        assert!(
            store
                .draft_uploaded(account, "k", 3, "Drafts", 9, &[8])
                .unwrap()
        );
        let queued = store.pending_actions(account).unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!(
            queued[0].action,
            crate::store::mail::QueuedAction::Delete { trash: None }
        );
        let mut uids = queued[0].uids.clone();
        uids.sort();
        assert_eq!(uids, vec![7, 8]);
        assert!(store.drafts_to_upload(account).unwrap().is_empty());
        // A slower upload of revision 2 finishing now: its copy is the stale one.
        store
            .draft_uploaded(account, "k", 2, "Drafts", 10, &[])
            .unwrap();
        assert_eq!(store.draft("k").unwrap().unwrap().server_uid, 9);
        assert_eq!(store.pending_actions(account).unwrap()[1].uids, vec![10]);
        // Deleted while an upload was under way: the new copy goes as well.
        assert!(store.draft_delete("k").unwrap());
        assert!(
            !store
                .draft_uploaded(account, "k", 4, "Drafts", 11, &[])
                .unwrap()
        );
        let last: Vec<Vec<u32>> = store
            .pending_actions(account)
            .unwrap()
            .into_iter()
            .map(|a| a.uids)
            .collect();
        assert_eq!(last[2..], [vec![9], vec![11]]);
        assert!(store.draft("k").unwrap().is_none());
        assert!(!store.draft_delete("k").unwrap());
    }
}

#[test]
fn downloads_wait_for_the_search_index_and_are_indexed_once() {
    use crate::store::mail::NewMessage;
    use crate::store::pop3::Downloaded;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    let account = store.ensure_account("marie@orange.fr").unwrap();
    let inbox = store
        .upsert_folder(account, "INBOX", "/", Some(crate::store::SpecialUse::Inbox))
        .unwrap();
    let downloaded = |n: usize, subject: &str| Downloaded {
        uidl: format!("uidl-{n}"),
        message: NewMessage {
            subject: subject.into(),
            from_addr: "jorg@gmx.de".into(),
            ..NewMessage::default()
        },
        raw: format!("Subject: {subject}\r\n\r\nbody {n}\r\n").into_bytes(),
    };
    let ids = store
        .pop3_insert_batch(
            account,
            inbox,
            &[
                downloaded(1, "Été"),
                downloaded(2, "Hiver"),
                downloaded(3, "Printemps"),
            ],
        )
        .unwrap();
    // Stored and counted at once, searchable only once indexed.
    let folder = store
        .folder_by_use(account, crate::store::SpecialUse::Inbox)
        .unwrap()
        .unwrap();
    assert_eq!((folder.total, folder.unread), (3, 3));
    assert_eq!(store.unindexed_count().unwrap(), 3);
    assert!(search(&store, "ete").is_empty());
    // A message deleted before its turn leaves the waiting list with it.
    store
        .conn()
        .execute("DELETE FROM messages WHERE id = ?1", [ids[2]])
        .unwrap();
    let waiting = store.unindexed(10, 1 << 20).unwrap();
    assert_eq!(
        waiting.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        &ids[..2]
    );
    assert!(String::from_utf8_lossy(&waiting[0].1).contains("body 1"));
    // The byte limit stops a batch early, never before its first message.
    assert_eq!(store.unindexed(10, 1).unwrap().len(), 1);
    let texts = vec![
        (ids[0], "les pamplemousses".to_string()),
        (ids[1], "la neige".to_string()),
    ];
    assert_eq!(store.index_texts(&texts).unwrap(), 2);
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(search(&store, "ete"), vec![ids[0]]);
    assert_eq!(search(&store, "pamplemousses"), vec![ids[0]]);
    assert_eq!(search(&store, "jorg"), vec![ids[0], ids[1]]);
    // Indexing the same messages again (another task got there first) adds nothing.
    assert_eq!(store.index_texts(&texts).unwrap(), 0);
    assert_eq!(search(&store, "neige"), vec![ids[1]]);
}

#[test]
fn checkpoints_happen_off_the_writer_once_it_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let store = Store::open(&path).unwrap();
    let checkpoints = store.checkpoint_in_background().unwrap();
    let db_size = || std::fs::metadata(&path).unwrap().len();
    let before = db_size();
    store
        .conn()
        .execute_batch("CREATE TABLE big (data BLOB NOT NULL)")
        .unwrap();
    for _ in 0..8 {
        store
            .conn()
            .execute("INSERT INTO big VALUES (zeroblob(1048576))", [])
            .unwrap();
        checkpoints.nudge();
    }
    // The writer no longer checkpoints: its 8 MB are in the WAL only…
    assert!(db_size() < before + 1024 * 1024);
    // … until the background thread copies them over.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while db_size() < before + 8 * 1024 * 1024 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(db_size() >= before + 8 * 1024 * 1024, "checkpointed");
}

#[test]
fn a_second_writer_is_refused_until_the_first_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let first = Store::open(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::InUse { path: p, pid }) => {
            assert_eq!(p, path);
            assert_eq!(pid, Some(std::process::id()), "the holder is named");
        }
        other => panic!("a second writer was let in: {other:?}"),
    }
    // Readers are never refused.
    assert!(Store::open_read_only(&path).is_ok());
    drop(first);
    assert!(Store::open(&path).is_ok(), "the lock goes with its writer");
}
