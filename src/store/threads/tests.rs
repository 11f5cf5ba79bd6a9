//! The threading against the cases mail really brings: replies before their parents,
//! sent replies in another folder, moved and expunged messages, and hostile headers.

use super::{MAX_REFERENCES, base_subject, is_generic};
use crate::store::{NewMessage, Scope, SpecialUse, Store};

const DAY: i64 = 24 * 3600;
const T0: i64 = 1_760_000_000;

struct Mail {
    _dir: tempfile::TempDir,
    store: Store,
    inbox: i64,
    sent: i64,
    trash: i64,
    next_uid: u32,
}

fn mail() -> Mail {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("mail.sqlite3")).unwrap();
    let account = store.ensure_account("marie@example.fr").unwrap();
    let inbox = store
        .upsert_folder(account, "INBOX", "/", Some(SpecialUse::Inbox))
        .unwrap();
    let sent = store
        .upsert_folder(account, "Sent", "/", Some(SpecialUse::Sent))
        .unwrap();
    let trash = store
        .upsert_folder(account, "Trash", "/", Some(SpecialUse::Trash))
        .unwrap();
    Mail {
        _dir: dir,
        store,
        inbox,
        sent,
        trash,
        next_uid: 1,
    }
}

/// A message from `from` with these thread headers, `days` after T0.
fn message(id: &str, refs: &str, subject: &str, from: &str, days: i64) -> NewMessage {
    NewMessage {
        message_id: id.into(),
        references: refs.into(),
        subject: subject.into(),
        from_name: from.split('@').next().unwrap_or("").into(),
        from_addr: from.into(),
        to: "Marie <marie@example.fr>".into(),
        date: T0 + days * DAY,
        ..NewMessage::default()
    }
}

impl Mail {
    fn put(&mut self, folder: i64, mut m: NewMessage) -> i64 {
        m.uid = self.next_uid;
        self.next_uid += 1;
        self.store.insert_messages(folder, &[m]).unwrap()[0]
    }

    fn conversation_of(&self, id: i64) -> i64 {
        self.store.message(id).unwrap().unwrap().conversation
    }

    /// (newest message id, count) of each conversation of a folder, newest first.
    fn rows(&self, folder: i64) -> Vec<(i64, u32)> {
        self.store
            .conversations(&Scope::Folder(folder), 100, 0)
            .unwrap()
            .iter()
            .map(|r| (r.id, r.thread.as_ref().map_or(1, |t| t.count)))
            .collect()
    }
}

#[test]
fn a_reply_that_arrives_before_its_parent_is_joined_when_the_parent_comes() {
    let mut mail = mail();
    let c = mail.put(
        mail.inbox,
        message("<c@x>", "<a@x> <b@x>", "Re: Re: Dîner", "paul@x.fr", 3),
    );
    let other = mail.put(mail.inbox, message("<z@x>", "", "Facture", "shop@y.fr", 1));
    let a = mail.put(mail.inbox, message("<a@x>", "", "Dîner", "sophie@x.fr", 1));
    assert_eq!(mail.conversation_of(a), mail.conversation_of(c));
    // B links A and C though both came before it, and knew each other only through it.
    let lone = mail.put(
        mail.inbox,
        message("<d@x>", "<b@x>", "Re: Dîner", "paul@x.fr", 4),
    );
    let b = mail.put(
        mail.inbox,
        message("<b@x>", "<a@x>", "Re: Dîner", "marie@example.fr", 2),
    );
    for id in [a, b, c, lone] {
        assert_eq!(mail.conversation_of(id), mail.conversation_of(a));
    }
    assert_ne!(mail.conversation_of(other), mail.conversation_of(a));
    assert_eq!(mail.rows(mail.inbox), vec![(lone, 4), (other, 1)]);
}

#[test]
fn a_sent_reply_joins_the_conversation_and_the_inbox_row_counts_it() {
    let mut mail = mail();
    let first = mail.put(mail.inbox, message("<1@x>", "", "Vacances", "paul@x.fr", 0));
    let reply = mail.put(
        mail.sent,
        message("<2@x>", "<1@x>", "Re: Vacances", "marie@example.fr", 1),
    );
    let again = mail.put(
        mail.inbox,
        message("<3@x>", "<1@x> <2@x>", "Re: Vacances", "sophie@x.fr", 2),
    );
    let rows = mail
        .store
        .conversations(&Scope::Folder(mail.inbox), 10, 0)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let thread = rows[0].thread.as_ref().unwrap();
    assert_eq!(
        rows[0].id, again,
        "the row is the newest message of the inbox"
    );
    assert_eq!(thread.count, 3);
    assert_eq!(thread.members, vec![first, reply, again]);
    let people: Vec<&str> = thread.participants.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(people, ["paul@x.fr", "marie@example.fr", "sophie@x.fr"]);
    // The Sent folder lists it too, as its own newest message there.
    assert_eq!(mail.rows(mail.sent), vec![(reply, 3)]);
    let opened: Vec<i64> = mail
        .store
        .conversation(rows[0].conversation, mail.inbox)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(opened, vec![first, reply, again], "oldest first");
    assert_eq!(
        mail.store
            .count_conversations(&Scope::Folder(mail.inbox))
            .unwrap(),
        1
    );
    assert_eq!(
        mail.store
            .count_conversations(&Scope::UnifiedInbox)
            .unwrap(),
        1
    );
}

#[test]
fn a_conversation_is_unread_while_any_of_its_messages_is() {
    use crate::store::Flags;
    let mut mail = mail();
    let mut read = message("<1@x>", "", "Plans", "paul@x.fr", 0);
    read.flags = Flags::SEEN;
    mail.put(mail.inbox, read);
    let unread = mail.put(
        mail.inbox,
        message("<2@x>", "<1@x>", "Re: Plans", "paul@x.fr", 1),
    );
    let row = &mail
        .store
        .conversations(&Scope::Folder(mail.inbox), 10, 0)
        .unwrap()[0];
    assert!(!row.flags.contains(Flags::SEEN));
    mail.store
        .set_message_flags(unread, Flags::SEEN.with(Flags::FLAGGED, true))
        .unwrap();
    let row = &mail
        .store
        .conversations(&Scope::Folder(mail.inbox), 10, 0)
        .unwrap()[0];
    assert!(row.flags.contains(Flags::SEEN) && row.flags.contains(Flags::FLAGGED));
}

#[test]
fn moved_and_expunged_messages_keep_the_conversation_together() {
    let mut mail = mail();
    let a = mail.put(mail.inbox, message("<a@x>", "", "Projet", "paul@x.fr", 0));
    let b = mail.put(
        mail.inbox,
        message("<b@x>", "<a@x>", "Re: Projet", "sophie@x.fr", 1),
    );
    let c = mail.put(
        mail.inbox,
        message("<c@x>", "<a@x> <b@x>", "Re: Projet", "paul@x.fr", 2),
    );
    let conversation = mail.conversation_of(a);
    // B is moved to the Trash: it leaves the inbox and comes back in the same conversation.
    mail.store.delete_message(b).unwrap();
    let moved = mail.put(
        mail.trash,
        message("<b@x>", "<a@x>", "Re: Projet", "sophie@x.fr", 1),
    );
    assert_eq!(mail.conversation_of(moved), conversation);
    assert_eq!(
        mail.rows(mail.inbox),
        vec![(c, 2)],
        "the trashed message is left out"
    );
    assert_eq!(mail.rows(mail.trash), vec![(moved, 1)]);
    // A (the root) is expunged: C still belongs with the others, and a late reply to A too.
    mail.store.delete_message(a).unwrap();
    let late = mail.put(
        mail.inbox,
        message("<d@x>", "<a@x>", "Re: Projet", "jean@x.fr", 3),
    );
    assert_eq!(mail.conversation_of(late), conversation);
    assert_eq!(mail.rows(mail.inbox), vec![(late, 2)]);
    mail.store.delete_message(c).unwrap();
    mail.store.delete_message(late).unwrap();
    assert!(
        mail.rows(mail.inbox).is_empty(),
        "an emptied conversation leaves the list"
    );
}

#[test]
fn conversations_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.sqlite3");
    let (a, folder) = {
        let mut store = Store::open(&path).unwrap();
        let account = store.ensure_account("marie@example.fr").unwrap();
        let folder = store
            .upsert_folder(account, "INBOX", "/", Some(SpecialUse::Inbox))
            .unwrap();
        let mut a = message("<a@x>", "", "Projet", "paul@x.fr", 0);
        a.uid = 1;
        let ids = store.insert_messages(folder, &[a]).unwrap();
        (ids[0], folder)
    };
    let mut store = Store::open(&path).unwrap();
    let mut b = message("<b@x>", "<a@x>", "Re: Projet", "sophie@x.fr", 1);
    b.uid = 2;
    let b = store.insert_messages(folder, &[b]).unwrap()[0];
    let conversation = |id| store.message(id).unwrap().unwrap().conversation;
    assert_eq!(conversation(a), conversation(b));
}

#[test]
fn an_existing_store_is_threaded_by_its_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mail.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .conn_mut()
            .execute_batch("PRAGMA user_version = 0;")
            .unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    // A store of version 4, as the last release wrote it.
    for table in [
        "folder_conversations",
        "thread_subjects",
        "thread_ids",
        "conversations",
    ] {
        conn.execute_batch(&format!("DROP TABLE {table};")).unwrap();
    }
    conn.execute_batch(
        "DROP TABLE pending_actions; DROP TABLE outbox; DROP TABLE pop3_uidls; DROP TABLE bodies;
         DROP TABLE search_pending; DROP TABLE draft_attachments; DROP TABLE drafts;
         DROP TABLE messages_fts; DROP TABLE messages; DROP TABLE folders; DROP TABLE accounts;",
    )
    .unwrap();
    for migration in &crate::store::schema::MIGRATIONS[..4] {
        conn.execute_batch(migration).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 4;
         INSERT INTO accounts (id, email) VALUES (1, 'marie@example.fr');
         INSERT INTO folders (id, account_id, name, special_use) VALUES (1, 1, 'INBOX', 'inbox'), (2, 1, 'Sent', 'sent');
         INSERT INTO messages (folder_id, uid, message_id, references_, subject, from_addr, date) VALUES
             (1, 1, '<a@x>', '', 'Projet', 'paul@x.fr', 10),
             (2, 1, '<b@x>', '<a@x>', 'Re: Projet', 'marie@example.fr', 20),
             (1, 2, '<c@x>', '<a@x> <b@x>', 'Re: Projet', 'paul@x.fr', 30),
             (1, 3, '<z@x>', '', 'Autre chose', 'jean@x.fr', 40);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), crate::store::SCHEMA_VERSION);
    let rows = store.conversations(&Scope::Folder(1), 10, 0).unwrap();
    let counts: Vec<u32> = rows
        .iter()
        .map(|r| r.thread.as_ref().map_or(1, |t| t.count))
        .collect();
    assert_eq!(counts, vec![1, 3]);
}

#[test]
fn threading_again_from_scratch_gives_the_same_conversations() {
    let mut mail = mail();
    let a = mail.put(mail.inbox, message("<a@x>", "", "Projet", "paul@x.fr", 0));
    let c = mail.put(
        mail.inbox,
        message("<c@x>", "<a@x> <b@x>", "Re: Projet", "paul@x.fr", 2),
    );
    let b = mail.put(
        mail.sent,
        message("<b@x>", "<a@x>", "Re: Projet", "marie@example.fr", 1),
    );
    let z = mail.put(
        mail.inbox,
        message("<z@x>", "", "Autre chose", "jean@x.fr", 3),
    );
    let before = (mail.rows(mail.inbox), mail.rows(mail.sent));
    assert_eq!(mail.store.rethread_all().unwrap(), 4);
    assert_eq!((mail.rows(mail.inbox), mail.rows(mail.sent)), before);
    assert_eq!(mail.conversation_of(a), mail.conversation_of(b));
    assert_eq!(mail.conversation_of(b), mail.conversation_of(c));
    assert_ne!(mail.conversation_of(a), mail.conversation_of(z));
}

#[test]
fn hostile_references_neither_loop_nor_glue_unrelated_mail() {
    let mut mail = mail();
    // A cycle: A says it follows B, B says it follows A.
    let a = mail.put(
        mail.inbox,
        message("<a@x>", "<b@x>", "Boucle", "paul@x.fr", 0),
    );
    let b = mail.put(
        mail.inbox,
        message("<b@x>", "<a@x>", "Re: Boucle", "paul@x.fr", 1),
    );
    assert_eq!(mail.conversation_of(a), mail.conversation_of(b));
    // A message that references itself only.
    let own = mail.put(
        mail.inbox,
        message("<self@x>", "<self@x> <self@x>", "Moi", "x@x.fr", 2),
    );
    assert_ne!(mail.conversation_of(own), mail.conversation_of(a));
    // 10,000 references: the root and the nearest parents are kept, not all.
    let many: String = (0..10_000).map(|i| format!("<r{i}@x> ")).collect();
    let long = mail.put(
        mail.inbox,
        message("<long@x>", &many, "Longue", "x@x.fr", 3),
    );
    let kept: i64 = mail
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM thread_ids WHERE conversation = ?1",
            [mail.conversation_of(long)],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept <= MAX_REFERENCES as i64 + 1, "{kept}");
    let root = mail.put(mail.inbox, message("<r0@x>", "", "Longue", "x@x.fr", 0));
    let parent = mail.put(
        mail.inbox,
        message("<r9999@x>", "", "Re: Longue", "x@x.fr", 2),
    );
    assert_eq!(mail.conversation_of(root), mail.conversation_of(long));
    assert_eq!(mail.conversation_of(parent), mail.conversation_of(long));
    // Messages without any id are not glued together.
    let x = mail.put(mail.inbox, message("", "", "Sans identifiant", "x@x.fr", 4));
    let y = mail.put(
        mail.inbox,
        message("", "", "Sans identifiant non plus", "y@x.fr", 4),
    );
    assert_ne!(mail.conversation_of(x), mail.conversation_of(y));
}

#[test]
fn one_message_in_two_folders_counts_once_but_two_messages_with_one_id_stay_apart() {
    let mut mail = mail();
    let copy1 = mail.put(
        mail.inbox,
        message("<same@x>", "", "Réunion lundi", "paul@x.fr", 0),
    );
    let copy2 = mail.put(
        mail.sent,
        message("<same@x>", "", "Réunion lundi", "paul@x.fr", 0),
    );
    assert_eq!(mail.conversation_of(copy1), mail.conversation_of(copy2));
    assert_eq!(mail.rows(mail.inbox), vec![(copy1, 1)], "copies count once");
    // A broken mailer gives every notification the same id: they are different messages.
    let n1 = mail.put(
        mail.inbox,
        message("<1@localhost>", "", "Votre colis", "shop@y.fr", 1),
    );
    let n2 = mail.put(
        mail.inbox,
        message("<1@localhost>", "", "Alerte sécurité", "bank@z.fr", 2),
    );
    assert_ne!(mail.conversation_of(n1), mail.conversation_of(n2));
}

#[test]
fn a_reply_without_headers_joins_by_subject_only_when_it_is_safe() {
    let mut mail = mail();
    let root = mail.put(
        mail.inbox,
        message("<a@x>", "", "Dossier Martin", "paul@x.fr", 0),
    );
    let conversation = mail.conversation_of(root);
    // A reply by someone of the conversation, days later, whose client dropped the headers.
    let reply = mail.put(
        mail.inbox,
        message("<b@x>", "", "RE : Dossier Martin", "paul@x.fr", 2),
    );
    assert_eq!(mail.conversation_of(reply), conversation);
    // A stranger with the same subject is not glued in.
    let stranger = mail.put(
        mail.inbox,
        message("<c@x>", "", "Re: Dossier Martin", "spam@evil.example", 3),
    );
    assert_ne!(mail.conversation_of(stranger), conversation);
    // Nor is a reply a year later.
    let late = mail.put(
        mail.inbox,
        message("<d@x>", "", "Re: Dossier Martin", "paul@x.fr", 400),
    );
    assert_ne!(mail.conversation_of(late), conversation);
    // Nor a reply whose subject says nothing.
    let hello = mail.put(mail.inbox, message("<e@x>", "", "Bonjour", "paul@x.fr", 0));
    let re_hello = mail.put(
        mail.inbox,
        message("<f@x>", "", "Re: Bonjour", "paul@x.fr", 1),
    );
    assert_ne!(mail.conversation_of(hello), mail.conversation_of(re_hello));
    // Nor a message that does not say it is a reply.
    let again = mail.put(
        mail.inbox,
        message("<g@x>", "", "Dossier Martin", "paul@x.fr", 3),
    );
    assert_ne!(mail.conversation_of(again), conversation);
}

#[test]
fn reply_and_forward_prefixes_of_many_languages_are_stripped() {
    for (subject, base, prefixed) in [
        ("Re: Dîner", "dîner", true),
        ("RE : Re: AW: Fwd: TR: WG: Dîner", "dîner", true),
        ("Re[2]: Dîner", "dîner", true),
        ("[club] Re: Sortie  du   samedi", "sortie du samedi", true),
        ("Antw: SV: VS: Fw: Rapport", "rapport", true),
        ("Re : Re : réunion", "réunion", true),
        ("Résumé de la semaine", "résumé de la semaine", false),
        ("Reunion: lundi", "reunion: lundi", false),
        ("", "", false),
    ] {
        assert_eq!(
            base_subject(subject),
            (base.to_string(), prefixed),
            "{subject}"
        );
    }
    assert!(
        is_generic("bonjour") && is_generic("") && is_generic("re") && is_generic("(sans objet)")
    );
    assert!(!is_generic("dossier martin"));
}

#[test]
fn gmail_thread_ids_group_what_gmail_groups() {
    let mut mail = mail();
    let mut a = message("<a@x>", "", "Billets", "paul@x.fr", 0);
    a.gmail_thread = 1_278_455_344_230_334_865;
    let mut b = message("<b@x>", "", "Tes billets", "marie@example.fr", 1);
    b.gmail_thread = a.gmail_thread;
    let mut c = message("<c@x>", "", "Billets", "paul@x.fr", 1);
    c.gmail_thread = 42;
    let (a, b, c) = (
        mail.put(mail.inbox, a),
        mail.put(mail.sent, b),
        mail.put(mail.inbox, c),
    );
    assert_eq!(mail.conversation_of(a), mail.conversation_of(b));
    assert_ne!(mail.conversation_of(a), mail.conversation_of(c));
}
