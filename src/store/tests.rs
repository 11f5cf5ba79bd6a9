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
        assert!(
            sql.trim_end().ends_with("STRICT"),
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
