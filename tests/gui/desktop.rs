//! Facteur on the desktop: a `mailto:` link handed over by a second launch on the real session
//! bus, the launcher's unread count, the window closed while mail goes on arriving.

use std::time::Duration;

use futures::StreamExt;

use super::*;
use facteur::desktop::instance::{self, Request, Started};
use facteur::ui::Message;

/// Makes this test process the running Facteur of `gui`'s profile on the session bus, as the
/// first launch does before its window opens.
fn own_the_profile(gui: &Gui) -> String {
    let name = instance::bus_name(Some(gui.home()));
    assert!(
        matches!(instance::start(&name, Request::Activate), Started::First),
        "the test's app owns {name}"
    );
    name
}

/// `facteur ARGS` on `gui`'s profile, as a browser or the launcher starts it; its exit status.
async fn launch(gui: &Gui, args: &[&str]) -> std::process::ExitStatus {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_facteur"))
        .args(args)
        .env(facteur::paths::HOME_VAR, gui.home())
        // No display: a launch that did not hand over would fail to open a window.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .kill_on_drop(true)
        .spawn()
        .expect("facteur starts");
    tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("the second launch ends by itself")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailto_link_given_to_a_second_launch_opens_a_filled_composer_in_the_first() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    own_the_profile(&gui);
    let mut requests = Box::pin(instance::requests());
    assert_eq!(requests.next().await, Some(Request::Activate));

    let link = "mailto:paul+news@example.org,Sophie%20%3Csophie@example.org%3E\
                ?cc=jean@example.org&subject=R%C3%A9union%20de%20lundi\
                &body=Bonjour%2C%0D%0A%0D%0AJe%20viendrai.&from=boss@bank.example";
    let status = launch(&gui, &[link]).await;
    assert!(status.success(), "the second launch exits 0: {status}");
    let handed = tokio::time::timeout(Duration::from_secs(10), requests.next())
        .await
        .expect("the running app receives the link");
    assert_eq!(handed, Some(Request::Open(vec![link.to_string()])));

    gui.update(Message::Desktop(handed.unwrap()));
    gui.until("the composer", |g| g.app.composer.is_some())
        .await;
    let c = gui.app.composer.as_ref().unwrap();
    assert_eq!(c.to, "paul+news@example.org, Sophie <sophie@example.org>");
    assert_eq!(c.cc, "jean@example.org");
    assert_eq!(c.subject, "Réunion de lundi");
    assert_eq!(c.body.text().trim_end(), "Bonjour,\n\nJe viendrai.");
    assert!(c.from.email.eq_ignore_ascii_case(&marie.email));
    // The field a link may not set is left out, and the user is told.
    assert!(
        gui.sees(
            "The link also tried to set the field from, which a link may not set: it was left out."
        ),
        "the ignored field is said"
    );

    // A second launch without a link only raises the running app.
    let status = launch(&gui, &[]).await;
    assert!(status.success(), "{status}");
    let handed = tokio::time::timeout(Duration::from_secs(10), requests.next()).await;
    assert_eq!(handed.ok().flatten(), Some(Request::Activate));
    // `facteur --quit` asks the running app to stop.
    let status = launch(&gui, &["--quit"]).await;
    assert!(status.success(), "{status}");
    let handed = tokio::time::timeout(Duration::from_secs(10), requests.next()).await;
    assert_eq!(
        handed.ok().flatten(),
        Some(Request::Action(instance::ACTION_QUIT.into()))
    );
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_clicked_before_any_account_opens_once_the_account_is_set_up() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = Gui::start().await;
    gui.update(Message::Desktop(Request::Open(vec![
        "mailto:paul@example.org?subject=Bonjour".into(),
    ])));
    assert!(gui.app.composer.is_none(), "no account to write from yet");
    set_up_by_hand(&mut gui, &marie, &marie.password, Protocol::Imap).await;
    gui.until("the composer from the link", |g| {
        g.app
            .composer
            .as_ref()
            .is_some_and(|c| c.to == "paul@example.org" && c.subject == "Bonjour")
    })
    .await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_launcher_shows_the_unread_count_of_the_inboxes() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = Gui::start().await;
    own_the_profile(&gui);
    // A dock's view of the session bus.
    let dock = zbus::Connection::session().await.unwrap();
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(facteur::desktop::launcher::INTERFACE)
        .member("Update")
        .build()
        .unwrap();
    let mut signals = zbus::MessageStream::for_match_rule(rule, &dock, None)
        .await
        .unwrap();
    for n in 1..=2 {
        server
            .deliver(&marie.email, &mail(&format!("Message {n}"), "Texte."))
            .await;
    }
    set_up_by_hand(&mut gui, &marie, &marie.password, Protocol::Imap).await;
    gui.until("two unread in the inbox", |g| {
        mailbox_of(g).is_some_and(|m| m.inbox_unread() == 2)
    })
    .await;
    // The window's title says it too.
    assert_eq!(gui.app.title(), "All inboxes (2) — Facteur");
    let mut counts = Vec::new();
    while counts.last() != Some(&2) {
        let signal = tokio::time::timeout(Duration::from_secs(10), signals.next())
            .await
            .unwrap_or_else(|_| panic!("no launcher update with 2 (saw {counts:?})"))
            .unwrap()
            .unwrap();
        let (uri, properties): (
            String,
            std::collections::HashMap<String, zbus::OwnedVariant>,
        ) = signal.body().deserialize().unwrap();
        assert_eq!(uri, "application://org.facteur.Facteur.desktop");
        let count = i64::try_from(&properties["count"]).unwrap();
        let visible = bool::try_from(&properties["count-visible"]).unwrap();
        assert_eq!(visible, count > 0);
        counts.push(count);
    }
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_make_facteur_the_mail_app_and_start_it_at_login() {
    use facteur::desktop::integration::Places;
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    let places = Places::from_env().expect("the session has a home");
    gui.click("Preferences");
    gui.until("what the session says", |g| {
        g.sees("Email links open in another app.")
    })
    .await;
    gui.scroll_to_and_click(iced::Point::new(700.0, 400.0), "Open them in Facteur");
    gui.until("Facteur the mail app", |g| {
        g.sees("Email links open in Facteur.")
    })
    .await;
    // As the desktop reads it.
    let query = std::process::Command::new("xdg-mime")
        .args(["query", "default", "x-scheme-handler/mailto"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&query.stdout).trim(),
        "org.facteur.Facteur.desktop"
    );
    assert!(places.installed_desktop_file().is_some());

    gui.scroll_to_and_click(
        iced::Point::new(700.0, 400.0),
        "Start Facteur when I log in",
    );
    let entry = places.autostart_file();
    gui.until("the autostart entry", |_| {
        std::fs::read_to_string(&entry).is_ok_and(|t| t.contains("--background"))
    })
    .await;
    gui.until("the box ticked", |g| {
        mailbox_of(g)
            .and_then(|m| m.settings.desktop.standing.as_ref())
            .is_some_and(|s| s.starts_at_login)
    })
    .await;
    gui.scroll_to_and_click(
        iced::Point::new(700.0, 400.0),
        "Start Facteur when I log in",
    );
    gui.until("the autostart entry gone", |_| !entry.exists())
        .await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_window_before_any_account_ends_facteur_even_when_it_keeps_running() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let mut gui = Gui::start().await;
    gui.app.preferences.keep_running = Some(true);
    let window = gui.app.window.expect("the window is open");
    gui.update(Message::CloseRequested(window));
    gui.until("the engine stopped", |g| g.app.engine_stopped())
        .await;
}
