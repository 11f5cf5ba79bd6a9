//! Writing mail in the app: new messages with attachments, replies, drafts that survive a
//! restart, refusals in the outbox, and saving attachments — on the harness's real Dovecot and
//! Postfix.

use super::*;
use facteur::ui::composer;
use facteur::ui::mailbox::Selection;
use mail_parser::MimeHeaders;

fn composer_of(gui: &Gui) -> Option<&composer::State> {
    gui.app.composer.as_deref()
}

fn needs_relay() {
    assert!(
        mailserver().relays,
        "sending tests need the private Postfix (run as root: scripts/test)"
    );
}

/// Waits until `user`'s `folder` holds a message whose (decoded) subject contains `marker`.
async fn arrived(user: &TestUser, folder: &str, marker: &str) -> Vec<u8> {
    let deadline = tokio::time::Instant::now() + support::engine::PATIENCE;
    loop {
        let found = support::imap::messages(mailserver(), user, folder)
            .await
            .into_iter()
            .find(|m| {
                mail_parser::MessageParser::default()
                    .parse(&m.raw)
                    .and_then(|p| p.subject().map(|s| s.contains(marker)))
                    .unwrap_or(false)
            });
        if let Some(m) = found {
            return m.raw;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no message with {marker:?} in {folder}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_written_in_the_app_reaches_its_recipient_with_its_attachment() {
    needs_relay();
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let (marie, jean) = (server.new_user(), server.new_user());
    let mut gui = signed_in(&marie, Protocol::Imap).await;

    gui.click("Write");
    assert!(composer_of(&gui).is_some());
    gui.type_in(composer::TO, &jean.email);
    gui.type_in(composer::SUBJECT, "Photos de l'été");
    gui.type_in(composer::BODY, "Bonjour Jean,\nvoici les photos.");
    // The file dialog (answered by the test) chooses a file to attach.
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("plage.jpg");
    let bytes: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&photo, &bytes).unwrap();
    gui.answers.files(vec![photo]);
    gui.click("Attach");
    gui.until("the attachment in the composer", |g| {
        composer_of(g).is_some_and(|c| c.attachments.len() == 1)
    })
    .await;
    assert!(gui.sees("plage.jpg"));
    assert_eq!(
        gui.answers.asked.lock().unwrap().as_slice(),
        ["Choose files to attach"]
    );

    gui.click("Send");
    gui.until(
        "the composer closing once the server has the message",
        |g| composer_of(g).is_none(),
    )
    .await;
    assert!(gui.sees("Message sent"));

    let raw = arrived(&jean, "INBOX", "Photos de l").await;
    let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(m.subject(), Some("Photos de l'été"));
    assert_eq!(
        m.from().and_then(|a| a.first()).and_then(|a| a.address()),
        Some(marie.email.as_str())
    );
    assert_eq!(
        m.from().and_then(|a| a.first()).and_then(|a| a.name()),
        Some("Marie Dupont")
    );
    assert!(
        m.body_text(0).unwrap().contains("voici les photos."),
        "{:?}",
        m.body_text(0)
    );
    let attachment = m.attachments().next().expect("the attachment");
    assert_eq!(attachment.attachment_name(), Some("plage.jpg"));
    assert_eq!(attachment.contents(), bytes.as_slice());
    // A copy is filed in the sender's Sent folder.
    arrived(&marie, "Sent", "Photos de l").await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_all_writes_to_everyone_but_me_and_quotes_the_message() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let raw = format!(
        "From: Jeanne Martin <jeanne@example.org>\r\nTo: Marie <{}>, Paul <paul@example.net>\r\n\
Cc: anne@example.com\r\nSubject: Pique-nique dimanche\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\
Message-ID: <picnic-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
On apporte les sandwichs ?\r\n> Une citation plus ancienne\r\n",
        marie.email
    );
    server.deliver(&marie.email, raw.as_bytes()).await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Pique-nique dimanche").await;
    // The toolbar's Reply all (an icon), or its key.
    gui.press("a", iced::keyboard::Modifiers::default());
    gui.until("the composer", |g| composer_of(g).is_some())
        .await;
    let c = composer_of(&gui).unwrap();
    let to = facteur::mime::compose::split_addresses(&c.to);
    let cc = facteur::mime::compose::split_addresses(&c.cc);
    assert_eq!(to, ["Jeanne Martin <jeanne@example.org>"]);
    assert_eq!(cc, ["Paul <paul@example.net>", "anne@example.com"]);
    assert!(!c.cc.contains(&marie.email), "never to myself: {}", c.cc);
    assert_eq!(c.subject, "Re: Pique-nique dimanche");
    assert_eq!(c.from.email, marie.email);
    let body = c.body.text();
    assert!(body.contains("Jeanne Martin"), "{body}");
    assert!(body.contains("> On apporte les sandwichs ?"), "{body}");
    assert!(body.contains(">> Une citation plus ancienne"), "{body}");
    let draft = c.draft();
    assert_eq!(draft.in_reply_to.as_deref(), Some("<picnic-1@example.org>"));
    assert!(
        draft
            .references
            .contains(&"<picnic-1@example.org>".to_string())
    );

    // Plain Reply writes to the sender only.
    gui.update(facteur::ui::Message::Composer(composer::Message::Discard));
    assert!(composer_of(&gui).is_none());
    gui.press("r", iced::keyboard::Modifiers::default());
    gui.until("the composer", |g| composer_of(g).is_some())
        .await;
    let c = composer_of(&gui).unwrap();
    assert_eq!(c.to, "Jeanne Martin <jeanne@example.org>");
    assert_eq!(c.cc, "");
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_survives_closing_and_reopening_the_app() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    gui.click("Write");
    gui.type_in(composer::TO, "jean@example.org");
    gui.type_in(composer::SUBJECT, "Liste de courses");
    gui.type_in(composer::BODY, "Pain, fromage, artichauts");
    // The window closes before any autosave: closing saves it.
    let mut gui = gui.reopen().await;
    gui.until("the composer open again with the draft", |g| {
        composer_of(g).is_some_and(|c| c.subject == "Liste de courses")
    })
    .await;
    let c = composer_of(&gui).unwrap();
    assert_eq!(c.to, "jean@example.org");
    assert_eq!(c.body.text().trim_end(), "Pain, fromage, artichauts");
    assert!(c.saved.is_some());

    // The draft also reached the server's Drafts folder.
    arrived(&marie, "Drafts", "Liste de courses").await;

    // Closed by the user, it stays a draft but does not open by itself any more.
    gui.update(facteur::ui::Message::Composer(composer::Message::Close));
    assert!(composer_of(&gui).is_none());
    let open_draft = gui.app.profile.paths.open_draft_file();
    gui.until("the draft no longer recorded open", |_| {
        !open_draft.exists()
    })
    .await;
    let gui = gui.reopen().await;
    assert!(composer_of(&gui).is_none());
    gui.stop().await;
}

/// Makes the store refuse (or take again) new outbox rows, as a full disk refuses a write: a
/// trigger on the real store file, through a connection of the test's own.
fn outbox_writes_fail(store_file: &std::path::Path, fail: bool) {
    let db = rusqlite::Connection::open(store_file).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    if fail {
        db.execute_batch(
            "CREATE TRIGGER test_disk_full BEFORE INSERT ON outbox
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    } else {
        db.execute_batch("DROP TRIGGER test_disk_full").unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_the_outbox_cannot_take_stays_in_the_composer_with_its_draft() {
    needs_relay();
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let (marie, jean) = (server.new_user(), server.new_user());
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    let store_file = gui.app.profile.paths.store_file();
    gui.click("Write");
    gui.type_in(composer::TO, &jean.email);
    gui.type_in(composer::SUBJECT, "Devis de la toiture");
    gui.type_in(composer::BODY, "Voici le devis signé.");
    // Saved as a draft while being written.
    gui.update(facteur::ui::Message::Composer(composer::Message::Autosave));
    let key = composer_of(&gui).unwrap().key.clone();
    gui.until("the draft in the store", |_| {
        facteur::store::Store::open_read_only(&store_file)
            .unwrap()
            .draft(&key)
            .unwrap()
            .is_some()
    })
    .await;

    outbox_writes_fail(&store_file, true);
    gui.click("Send");
    gui.until("the composer saying the message was not queued", |g| {
        composer_of(g).is_some_and(|c| c.not_queued.is_some())
    })
    .await;
    let c = composer_of(&gui).unwrap();
    assert!(!c.locked(), "the message is back in the user's hands");
    assert_eq!(c.subject, "Devis de la toiture");
    let error = c.not_queued.clone().unwrap();
    assert_eq!(error.kind, ErrorKind::LocalStore, "{error:?}");
    let said = facteur::i18n::mail::mail_error_with_details(&error);
    assert!(
        said.contains("disk is full"),
        "the store's words are kept: {said}"
    );
    let shown = format!(
        "The message could not be put in the outbox, so it was not sent: {said} It stays here \
with its draft; press Send to try again."
    );
    assert!(gui.sees(&shown), "the composer says what happened: {shown}");
    // Nothing was lost: the draft is still in the store, and the outbox holds nothing.
    let store = facteur::store::Store::open_read_only(&store_file).unwrap();
    assert!(store.draft(&key).unwrap().is_some(), "the draft is kept");
    assert!(store.outbox(None).unwrap().is_empty());
    drop(store);

    // Once the store takes writes again, Send delivers it and the draft goes.
    outbox_writes_fail(&store_file, false);
    gui.click("Send");
    gui.until(
        "the composer closing once the server has the message",
        |g| composer_of(g).is_none(),
    )
    .await;
    arrived(&jean, "INBOX", "Devis de la toiture").await;
    let store = facteur::store::Store::open_read_only(&store_file).unwrap();
    assert!(
        store.draft(&key).unwrap().is_none(),
        "the sent draft is gone"
    );
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_recipient_waits_in_the_outbox_with_the_servers_words_until_retried() {
    needs_relay();
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    // Not an account yet: the server refuses it.
    let late = format!("late-{}@example.test", support::random_token());
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    gui.click("Write");
    gui.type_in(composer::TO, &late);
    gui.type_in(composer::SUBJECT, "Bienvenue");
    gui.type_in(composer::BODY, "Content de te compter parmi nous.");
    gui.click("Send");
    gui.until("the refusal in the composer", |g| {
        composer_of(g).is_some_and(|c| !c.locked() && c.sending.is_some())
    })
    .await;
    assert!(gui.sees("Not sent"));
    assert!(gui.sees("Try again"));
    gui.update(facteur::ui::Message::Composer(composer::Message::Close));

    // The outbox shows it, with the server's words.
    gui.until("the refused message in the outbox", |g| {
        mailbox_of(g).is_some_and(|m| {
            m.outbox.entries.len() == 1
                && m.outbox.entries[0].state == facteur::store::outbox::OutboxState::Failed
        })
    })
    .await;
    gui.click("Outbox");
    assert_eq!(mailbox_of(&gui).unwrap().selection, Selection::Outbox);
    gui.click("Bienvenue");
    assert!(gui.sees("Refused: waiting for your decision"));
    let said = mailbox_of(&gui).unwrap().outbox.entries[0]
        .last_error
        .clone();
    assert!(said.contains("550"), "{said}");
    assert!(gui.with_ui(|ui| ui.find(format!("The server said: {said}")).is_ok()));

    // Once the address exists, "Send now" delivers it and the outbox empties.
    server.add_user(&late, "irrelevant-password");
    gui.click("Send now");
    gui.until("the outbox empty", |g| {
        mailbox_of(g).is_some_and(|m| m.outbox.entries.is_empty())
    })
    .await;
    let recipient = TestUser {
        email: late.clone(),
        password: "irrelevant-password".into(),
    };
    arrived(&recipient, "INBOX", "Bienvenue").await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_attachment_names_are_saved_inside_the_chosen_folder() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let part = |name: &str, data: &str| {
        format!(
            "--XX\r\nContent-Type: application/octet-stream\r\n\
Content-Disposition: attachment; filename=\"{name}\"\r\n\r\n{data}\r\n"
        )
    };
    let raw = format!(
        "From: mallory@example.org\r\nTo: {}\r\nSubject: Documents\r\nMessage-ID: <docs@example.org>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n\
--XX\r\nContent-Type: text/plain\r\n\r\nVoici.\r\n{}{}{}--XX--\r\n",
        marie.email,
        part("../../.bashrc", "rm -rf ~"),
        part("CON", "device"),
        // An RFC 2231 name can carry a newline.
        "--XX\r\nContent-Type: application/octet-stream\r\n\
Content-Disposition: attachment; filename*=utf-8''facture%0Amars.pdf\r\n\r\npdf\r\n",
    );
    server.deliver(&marie.email, raw.as_bytes()).await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Documents").await;
    assert_eq!(display_of(&gui).attachments.len(), 3);
    let outer = tempfile::tempdir().unwrap();
    let chosen = outer.path().join("a").join("b");
    std::fs::create_dir_all(&chosen).unwrap();
    gui.answers.folder(chosen.clone());
    gui.click("Save all");
    gui.until("the files saved", |g| {
        mailbox_of(g).is_some_and(|m| {
            matches!(
                m.notice,
                Some(mailbox::Notice::Saved(mailbox::reader::Saved::Files(_)))
            )
        })
    })
    .await;
    let mut names: Vec<String> = std::fs::read_dir(&chosen)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["_CON", "bashrc", "facture mars.pdf"]);
    assert_eq!(
        std::fs::read_to_string(chosen.join("bashrc")).unwrap(),
        "rm -rf ~"
    );
    // Nothing above the chosen folder.
    assert_eq!(std::fs::read_dir(outer.path()).unwrap().count(), 1);
    assert!(!outer.path().join(".bashrc").exists());
    assert!(gui.sees(&format!("3 attachments saved in {}", chosen.display())));

    // Saving again never overwrites: new names.
    gui.answers.folder(chosen.clone());
    gui.click("Save all");
    gui.until("saved again", |_| {
        std::fs::read_dir(&chosen).unwrap().count() == 6
    })
    .await;
    assert!(chosen.join("bashrc (2)").exists());
    assert_eq!(
        std::fs::read_to_string(chosen.join("bashrc")).unwrap(),
        "rm -rf ~"
    );
    gui.stop().await;
}

/// A reply's attribution and a forward's header block, in the user's language, with the
/// original's date as that language writes it (ICU's CLDR forms, not English patterns).
async fn replies_and_forwards_in(language: Language, expect: [&str; 4]) {
    let _lock = LANGUAGE.lock().await;
    i18n::select(language).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let raw = format!(
        "From: Jeanne Martin <jeanne@example.org>\r\nTo: Marie <{}>\r\nSubject: Pique-nique dimanche\r\n\
Date: Mon, 2 Nov 2026 12:00:00 +0100\r\nMessage-ID: <picnic-{}@example.org>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nOn apporte les sandwichs ?\r\n",
        marie.email,
        support::random_token()
    );
    server.deliver(&marie.email, raw.as_bytes()).await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Pique-nique dimanche").await;
    let [attribution, forwarded, date_line, subject_line] = expect;
    gui.press("r", iced::keyboard::Modifiers::default());
    gui.until("the composer", |g| composer_of(g).is_some())
        .await;
    let body = composer_of(&gui).unwrap().body.text();
    assert!(body.contains(attribution), "{language:?}: {body}");
    gui.update(facteur::ui::Message::Composer(composer::Message::Discard));
    gui.press("f", iced::keyboard::Modifiers::default());
    gui.until("the composer", |g| composer_of(g).is_some())
        .await;
    let body = composer_of(&gui).unwrap().body.text();
    for line in [forwarded, date_line, subject_line] {
        assert!(body.contains(line), "{language:?}: {line:?} not in {body}");
    }
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_and_forwards_are_written_in_french() {
    replies_and_forwards_in(
        Language::French,
        [
            "Le lundi 2 novembre 2026 à ",
            "-------- Message transféré --------\nDe\u{a0}: Jeanne Martin <jeanne@example.org>",
            "Date\u{a0}: lundi 2 novembre 2026 à ",
            "Objet\u{a0}: Pique-nique dimanche",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_and_forwards_are_written_in_german() {
    replies_and_forwards_in(
        Language::German,
        [
            "Am Montag, 2. November 2026 um ",
            "-------- Weitergeleitete Nachricht --------\nVon: Jeanne Martin <jeanne@example.org>",
            "Datum: Montag, 2. November 2026 um ",
            "Betreff: Pique-nique dimanche",
        ],
    )
    .await;
}
