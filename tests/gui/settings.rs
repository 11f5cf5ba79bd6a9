//! The settings panel: the look, an account's POP3 policy, its servers edited and checked
//! again, and its removal — each saved where the next start reads it.

use super::*;
use facteur::account::{Config, Pop3Retention, Security};
use facteur::ui::mailbox::ThemeChoice;

fn config_of(gui: &Gui) -> Config {
    Config::load(&gui.app.profile.paths.config_file()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_and_a_pop3_accounts_policy_are_saved() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let marie = mailserver().new_user();
    let mut gui = signed_in(&marie, Protocol::Pop3).await;
    gui.click("Preferences");
    assert!(gui.sees("Check for new mail"));

    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::Theme(ThemeChoice::Dark),
    )));
    assert_eq!(gui.app.theme(), Some(iced::Theme::Dark));
    gui.until("the theme saved", |g| {
        config_of(g).preferences.theme.as_deref() == Some("dark")
    })
    .await;

    // The defaults first: leave on the server, delete there after 14 days, every 10 minutes.
    let pop3 = config_of(&gui).accounts[0].pop3.clone();
    assert_eq!(pop3.retention, Pop3Retention::LeaveOnServer);
    assert_eq!(pop3.delete_after_days, Some(14));
    assert_eq!(pop3.check_interval_minutes, 10);
    assert!(gui.sees("Then delete it from the server"));
    let edit = |e| {
        facteur::ui::Message::Mailbox(mailbox::Message::Settings(
            mailbox::settings::Message::EditAccount(marie.email.clone(), e),
        ))
    };
    gui.update(edit(mailbox::AccountEdit::CheckInterval(5)));
    // Saved in the file, and then applied (the engine is given the new settings).
    gui.until("the interval saved and applied", |g| {
        config_of(g).accounts[0].pop3.check_interval_minutes == 5
            && g.app.accounts[0].pop3.check_interval_minutes == 5
    })
    .await;
    gui.update(edit(mailbox::AccountEdit::Retention(
        Pop3Retention::DeleteAfterDownload,
    )));
    gui.until("the policy saved and applied", |g| {
        config_of(g).accounts[0].pop3.retention == Pop3Retention::DeleteAfterDownload
            && g.app.accounts[0].pop3.retention == Pop3Retention::DeleteAfterDownload
    })
    .await;
    assert!(
        !gui.sees("Then delete it from the server"),
        "no server retention to choose any more"
    );
    let config = config_of(&gui);
    assert_eq!(
        config.preferences.theme.as_deref(),
        Some("dark"),
        "kept by the account's saves"
    );
    assert_eq!(config.accounts[0].pop3.check_interval_minutes, 5);

    // The next start reads them back.
    let gui = gui.reopen().await;
    assert_eq!(gui.app.theme(), Some(iced::Theme::Dark));
    assert_eq!(
        gui.app.accounts[0].pop3.retention,
        Pop3Retention::DeleteAfterDownload
    );
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_servers_checks_them_again_and_keeps_the_other_settings() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = signed_in(&marie, Protocol::Pop3).await;
    gui.click("Preferences");
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::EditAccount(
            marie.email.clone(),
            mailbox::AccountEdit::CheckInterval(30),
        ),
    )));
    gui.until("the interval saved and applied", |g| {
        config_of(g).accounts[0].pop3.check_interval_minutes == 30
            && g.app.accounts[0].pop3.check_interval_minutes == 30
    })
    .await;

    gui.scroll_to_and_click(iced::Point::new(700.0, 400.0), "Edit servers…");
    gui.until(
        "the wizard's form with the account's servers",
        |g| matches!(&g.app.screen, Screen::Wizard(w) if w.step == Step::Manual),
    )
    .await;
    let w = wizard(&gui);
    assert_eq!(w.email, marie.email);
    assert_eq!(w.password, marie.password, "the stored password is used");
    assert_eq!(w.form.server(Role::Incoming).host, "localhost");
    assert_eq!(
        w.form.server(Role::Outgoing).port,
        server.submissions_port.to_string()
    );

    // Sending moves to the STARTTLS submission port.
    for edit in [
        Edit::Security(Role::Outgoing, Security::Starttls),
        Edit::Port(Role::Outgoing, server.submission_port.to_string()),
    ] {
        gui.update(facteur::ui::Message::Wizard(wizard::Message::Form(edit)));
    }
    gui.click(&i18n_text("wizard-verify"));
    gui.until("back in the mailbox", |g| mailbox_of(g).is_some())
        .await;
    let config = config_of(&gui);
    assert_eq!(config.accounts.len(), 1);
    let account = &config.accounts[0];
    assert_eq!(account.outgoing.port, server.submission_port);
    assert_eq!(account.outgoing.security, Security::Starttls);
    assert_eq!(account.pop3.check_interval_minutes, 30, "kept");
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_account_asks_then_forgets_its_password_and_its_mail() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    server
        .deliver(&marie.email, &mail("À garder ?", "Un message."))
        .await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    gui.until("the message", |g| g.sees("À garder ?")).await;
    let store_file = gui.app.profile.paths.store_file();
    let key =
        facteur::account::SecretKey::new(&marie.email, facteur::account::SecretRole::Incoming);
    // The secret store's API blocks: off the test's runtime threads.
    let stored = |key: facteur::account::SecretKey| {
        tokio::task::spawn_blocking(move || {
            facteur::account::Secrets::system()
                .unwrap()
                .get(&key)
                .unwrap()
        })
    };
    assert!(stored(key.clone()).await.unwrap().is_some());

    gui.click("Preferences");
    gui.click("Remove this account…");
    // Nothing happens before the user confirms.
    assert!(gui.sees("Keep it"));
    gui.click("Keep it");
    assert_eq!(config_of(&gui).accounts.len(), 1);
    gui.click("Remove this account…");
    gui.click("Yes, remove it");
    gui.until("the wizard, with no account left", |g| {
        matches!(g.app.screen, Screen::Wizard(_))
    })
    .await;
    assert!(config_of(&gui).accounts.is_empty());
    assert_eq!(stored(key).await.unwrap(), None);
    gui.until("the account's mail gone from the cache", |_| {
        let store = facteur::store::Store::open_read_only(&store_file).unwrap();
        store.account_id(&marie.email).unwrap().is_none()
    })
    .await;
    gui.stop().await;
}
