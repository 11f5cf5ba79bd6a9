//! The desktop app driven like a user would, headless (iced_test's Simulator), on the real
//! engine and the harness's real Dovecot: the setup wizard, the mailbox, the reader, search;
//! writing and sending (`gui/compose.rs`), notifications (`gui/notify.rs`), settings
//! (`gui/settings.rs`), the wizard with known providers (`gui/providers.rs`).

#[path = "gui/compose.rs"]
mod compose;
#[path = "gui/desktop.rs"]
mod desktop;
#[path = "support/gui.rs"]
mod gui;
#[path = "gui/html.rs"]
mod html;
#[path = "gui/images.rs"]
mod images;
#[path = "gui/notify.rs"]
mod notify;
#[path = "gui/providers.rs"]
mod providers;
#[path = "gui/settings.rs"]
mod settings;
mod support;

use facteur::account::Incoming;
use facteur::i18n::{self, Language};
use facteur::proto::error::{ErrorKind, MailError};
use facteur::setup::Protocol;
use facteur::ui::app::Screen;
use facteur::ui::mailbox;
use facteur::ui::wizard::{self, Edit, Role, Step};
use gui::Gui;
use support::{TestUser, mailserver};

/// The language is process-wide: tests that choose one take turns.
static LANGUAGE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn wizard(gui: &Gui) -> &wizard::State {
    match &gui.app.screen {
        Screen::Wizard(w) => w,
        other => panic!("not the wizard: {other:?}"),
    }
}

fn mailbox_of(gui: &Gui) -> Option<&mailbox::State> {
    match &gui.app.screen {
        Screen::Mailbox(m) => Some(m),
        _ => None,
    }
}

/// The first step typed as a user would, then "Next"; discovery (offline here: the harness's
/// domain is not a known provider) leaves the user on the manual form.
async fn identity(gui: &mut Gui, user: &TestUser, password: &str) {
    assert!(gui.sees(&i18n_text("wizard-identity-title")));
    gui.type_in(wizard::view::NAME, "Marie Dupont");
    gui.type_in(wizard::view::EMAIL, &user.email);
    gui.type_in(wizard::view::PASSWORD, password);
    assert_eq!(wizard(gui).email, user.email);
    gui.click(&i18n_text("wizard-next"));
    gui.until("the manual form after discovery", |g| {
        wizard(g).step == Step::Manual
    })
    .await;
}

fn i18n_text(id: &str) -> String {
    facteur::i18n::LANGUAGE_LOADER.get(id)
}

/// The harness's servers typed into the form (its ports are not the usual ones).
fn harness_servers(gui: &mut Gui, user: &TestUser, protocol: Protocol) {
    let server = mailserver();
    let port = match protocol {
        Protocol::Pop3 => server.pop3s_port,
        _ => server.imaps_port,
    };
    let edits = [
        Edit::Protocol(protocol),
        Edit::Host(Role::Incoming, "localhost".into()),
        Edit::Port(Role::Incoming, port.to_string()),
        Edit::Username(Role::Incoming, user.email.clone()),
        Edit::Host(Role::Outgoing, "localhost".into()),
        Edit::Port(Role::Outgoing, server.submissions_port.to_string()),
        Edit::Username(Role::Outgoing, user.email.clone()),
    ];
    for edit in edits {
        gui.update(facteur::ui::Message::Wizard(wizard::Message::Form(edit)));
    }
}

/// The wizard as a user goes through it without discovery: the first step, the harness's
/// servers in the form, then "Check these settings".
async fn set_up_by_hand(gui: &mut Gui, user: &TestUser, password: &str, protocol: Protocol) {
    identity(gui, user, password).await;
    harness_servers(gui, user, protocol);
    gui.click(&i18n_text("wizard-verify"));
}

/// A user set up in the app by hand, with the mailbox open.
async fn signed_in(user: &TestUser, protocol: Protocol) -> Gui {
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, user, &user.password, protocol).await;
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    gui
}

/// Waits for the message `subject` in the list, opens it, and waits until the reader shows its
/// text.
async fn read(gui: &mut Gui, subject: &str) {
    gui.until(&format!("{subject:?} in the list"), |g| g.sees(subject))
        .await;
    gui.click(subject);
    gui.until(&format!("the text of {subject:?}"), |g| {
        mailbox_of(g)
            .and_then(|m| m.reader.opened.as_ref())
            .is_some_and(|o| o.row.subject == subject && o.display.is_some())
    })
    .await;
}

/// The text the reader shows.
fn display_of(gui: &Gui) -> &facteur::mime::display::Display {
    mailbox_of(gui)
        .and_then(|m| m.reader.opened.as_ref())
        .and_then(|o| o.display.as_ref())
        .expect("a message open in the reader, with its text")
}

fn mail(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Jeanne Martin <jeanne@example.org>\r\nTo: marie@example.test\r\nSubject: {subject}\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{}@example.org>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
{body}\r\n--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"devis.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n",
        support::random_token()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_with_manual_settings_reaches_the_mailbox_and_its_messages() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(
            &user.email,
            &mail(
                "Devis pour la cuisine",
                "Le montant est de 4200 euros, artichaut compris.",
            ),
        )
        .await;
    server
        .deliver(
            &user.email,
            &mail("Réunion de jeudi", "On se retrouve à la mairie."),
        )
        .await;
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, &user, &user.password, Protocol::Imap).await;
    gui.until("the mailbox after verification", |g| {
        mailbox_of(g).is_some()
    })
    .await;
    // Saved: the settings file holds the account, the password is in the secret store.
    let config = facteur::account::Config::load(&gui.app.profile.paths.config_file()).unwrap();
    assert!(matches!(&config.accounts[0].incoming, Incoming::Imap(s) if s.host == "localhost"));
    assert_eq!(config.accounts[0].name, "Marie Dupont");
    gui.until("the synced messages in the list", |g| {
        g.sees("Devis pour la cuisine") && g.sees("Réunion de jeudi")
    })
    .await;
    assert!(gui.sees("Jeanne Martin"));
    assert!(gui.sees("2 messages"), "the status line counts the list");

    // Opening a message shows its text and its attachment with its size.
    read(&mut gui, "Devis pour la cuisine").await;
    assert!(display_of(&gui).text().contains("artichaut"));
    assert!(gui.sees("1 attachment"));
    assert!(gui.sees("devis.pdf"));
    assert!(gui.sees("9 bytes"));

    // Search finds a message by a word of its body.
    gui.type_in(mailbox::SEARCH, "mairie");
    gui.until("search results", |g| {
        mailbox_of(g).is_some_and(|m| m.search.results.as_ref().is_some_and(|r| !r.is_empty()))
    })
    .await;
    assert!(gui.sees("1 message found"));
    let found: Vec<String> = mailbox_of(&gui)
        .unwrap()
        .search
        .results
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.subject.clone())
        .collect();
    assert_eq!(found, ["Réunion de jeudi"]);
    gui.stop().await;
}

async fn wrong_password_in(language: Language) {
    let _lock = LANGUAGE.lock().await;
    i18n::select(language).unwrap();
    let user = mailserver().new_user();
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, &user, "not-the-password", Protocol::Imap).await;
    gui.until("a failed verification", |g| wizard(g).failure().is_some())
        .await;
    let sentence = facteur::i18n::mail_error_text(&MailError::new(ErrorKind::WrongCredentials, ""));
    assert!(gui.sees(&sentence), "{language:?}: {sentence:?} not shown");
    assert!(!gui.sees(&i18n_text("wizard-saving")));
    // The server's words are one click away.
    gui.click(&i18n_text("wizard-details-show"));
    assert!(wizard(&gui).show_details);
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_said_in_english() {
    wrong_password_in(Language::English).await;
    assert_eq!(
        facteur::i18n::mail_error_text(&MailError::new(ErrorKind::WrongCredentials, "")),
        i18n_text("mail-error-wrong-credentials")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_said_in_french() {
    wrong_password_in(Language::French).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_said_in_german() {
    wrong_password_in(Language::German).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_pop3_makes_a_pop3_account() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(&user.email, &mail("Colis livré", "Votre colis est arrivé."))
        .await;
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, &user, &user.password, Protocol::Pop3).await;
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    assert!(
        matches!(&gui.app.accounts[0].incoming, Incoming::Pop3(s) if s.port == server.pop3s_port)
    );
    gui.until("the downloaded message", |g| g.sees("Colis livré"))
        .await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_offers_imap_or_pop3_and_the_answer_decides() {
    use facteur::setup::discover::{FixedDns, GuessPorts, Settings};
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    facteur::proto::net::resolve_domain_to("facteur.test", "127.0.0.1".parse().unwrap());
    let user = TestUser {
        email: format!("gui-{}@facteur.test", support::random_token()),
        password: format!("pw-{}", support::random_token()),
    };
    server.add_user(&user.email, &user.password);
    let settings = Settings {
        extra_ca: Some(server.ca_file.clone()),
        autoconfig_urls: Vec::new(),
        insecure_autoconfig_urls: Vec::new(),
        ispdb_url: "https://localhost:1/{domain}".into(),
        guess_ports: GuessPorts {
            imap_tls: server.imaps_port,
            imap_starttls: server.imap_port,
            pop3_tls: server.pop3s_port,
            pop3_starttls: server.pop3_port,
            smtp_tls: server.submissions_port,
            smtp_starttls: server.submission_port,
        },
        ..Settings::default()
    };
    let mut gui = Gui::start_with(settings, Some(std::sync::Arc::new(FixedDns::default()))).await;
    gui.type_in(wizard::view::EMAIL, &user.email);
    gui.type_in(wizard::view::PASSWORD, &user.password);
    gui.click(&i18n_text("wizard-next"));
    assert!(gui.sees(&i18n_text("wizard-discovering-title")));
    gui.until("what discovery found", |g| wizard(g).step == Step::Found)
        .await;
    assert!(gui.sees("Found: facteur.test"));
    let imap = format!(
        "Incoming IMAP: imap.facteur.test, port {}, encrypted (TLS), user name {}",
        server.imaps_port, user.email
    );
    assert!(gui.sees(&imap), "{imap:?} not shown");
    gui.click(&i18n_text("wizard-continue"));
    assert_eq!(wizard(&gui).step, Step::Choice);
    assert!(gui.sees(&i18n_text("wizard-choice-question")));
    assert!(!gui.sees(&i18n_text("wizard-choice-recommended")));
    gui.update(facteur::ui::Message::Wizard(wizard::Message::OtherDevices(
        false,
    )));
    assert!(gui.sees(&i18n_text("wizard-choice-recommended")));
    gui.click(&i18n_text("wizard-continue"));
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    assert!(
        matches!(&gui.app.accounts[0].incoming, Incoming::Pop3(s) if s.host == "pop3.facteur.test" || s.host == "pop.facteur.test"),
        "{:?}",
        gui.app.accounts[0].incoming
    );
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_changes_at_once_from_the_preferences() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let user = server.new_user();
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, &user, &user.password, Protocol::Imap).await;
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    assert!(gui.sees("All inboxes"));
    gui.click("Preferences");
    assert!(gui.sees("Mark messages as read when I open them"));
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::Language(Language::German),
    )));
    assert!(
        gui.sees("Alle Posteingänge"),
        "the window speaks German at once"
    );
    assert!(gui.sees("Einstellungen"));
    // Kept for the next start.
    gui.until("the preferences saved", |g| {
        facteur::account::Config::load(&g.app.profile.paths.config_file())
            .is_ok_and(|c| c.preferences.language.as_deref() == Some("de"))
    })
    .await;
    i18n::select(Language::English).unwrap();
    gui.stop().await;
}

/// The reader never waits for ever: a message opened while the server cannot be reached
/// says, in the user's language, that its text could not be downloaded and why, with
/// "Try again"; once the network is back, "Try again" shows the text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_that_cannot_be_downloaded_says_why_and_try_again_shows_it() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::French).unwrap();
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(
            &user.email,
            &mail(
                "Horaires de la piscine",
                "Ouverte de 7 h à 21 h, nocturne le jeudi.",
            ),
        )
        .await;
    let network = support::relay::Relay::start(server.imaps_port).await;
    let mut gui = Gui::start().await;
    identity(&mut gui, &user, &user.password).await;
    harness_servers(&mut gui, &user, Protocol::Imap);
    gui.update(facteur::ui::Message::Wizard(wizard::Message::Form(
        Edit::Port(Role::Incoming, network.port.to_string()),
    )));
    gui.click(&i18n_text("wizard-verify"));
    gui.until("the mailbox", |g| mailbox_of(g).is_some()).await;
    gui.until("the message in the list", |g| {
        g.sees("Horaires de la piscine")
    })
    .await;

    network.cut();
    gui.click("Horaires de la piscine");
    gui.until("the failure in the reader", |g| {
        mailbox_of(g).is_some_and(|m| m.reader.download_failed.is_some())
    })
    .await;
    let (_, error) = mailbox_of(&gui)
        .unwrap()
        .reader
        .download_failed
        .clone()
        .unwrap();
    assert!(error.is_transient(), "{error:?}");
    let said = i18n::LANGUAGE_LOADER.get_args(
        "reader-download-failed",
        std::collections::HashMap::from([("reason", i18n::mail_error_with_details(&error))]),
    );
    assert!(
        said.starts_with("Ce message n’a pas pu être téléchargé"),
        "{said}"
    );
    assert!(gui.sees(&said), "the reader says it: {said}");
    assert!(
        !gui.sees(&i18n_text("mailbox-downloading")),
        "no endless wait"
    );

    network.restore();
    gui.click(&i18n_text("reader-retry"));
    gui.until("the text after Try again", |g| {
        mailbox_of(g)
            .and_then(|m| m.reader.opened.as_ref())
            .is_some_and(|o| o.display.is_some())
    })
    .await;
    assert!(display_of(&gui).text().contains("nocturne le jeudi"));
    i18n::select(Language::English).unwrap();
    gui.stop().await;
}

/// An account task that crashes (a bug, simulated by a first task that panics) shows in the
/// status line, and the engine starts it again: the mail comes in and the note goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_account_task_shows_in_the_status_line_and_recovers() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(&user.email, &mail("Après la panne", "Tout est revenu."))
        .await;
    let crashed = std::sync::Arc::new(AtomicBool::new(false));
    let first = crashed.clone();
    let options = facteur::engine::EngineOptions {
        spawner: std::sync::Arc::new(move |ctx| {
            if first.swap(true, Ordering::SeqCst) {
                facteur::engine::account::run(ctx)
            } else {
                Box::pin(async { panic!("a bug in the account's task") })
            }
        }),
        restart_delay: std::time::Duration::from_secs(3),
        ..facteur::engine::EngineOptions::default()
    };
    let mut gui = gui::Gui::start_with_engine(options).await;
    set_up_by_hand(&mut gui, &user, &user.password, Protocol::Imap).await;
    let said = format!(
        "{}: stopped unexpectedly; starting again in 3 s",
        user.email
    );
    gui.until("the crash in the status line", |g| {
        mailbox_of(g).is_some() && g.sees(&said)
    })
    .await;
    assert!(crashed.load(Ordering::SeqCst));
    gui.until("the account's mail after the restart", |g| {
        g.sees("Après la panne")
    })
    .await;
    gui.until("the note gone once the account is back", |g| !g.sees(&said))
        .await;
    gui.stop().await;
}
