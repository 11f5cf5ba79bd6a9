//! New-mail notifications, received by a notification service of the test's own on the real
//! session bus (org.freedesktop.Notifications, served with zbus).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::*;
use facteur::engine::event::AccountState;

/// One Notify call as the service received it.
#[derive(Debug, Clone)]
struct Shown {
    id: u32,
    app: String,
    summary: String,
    body: String,
    actions: Vec<String>,
}

#[derive(Clone, Default)]
struct Service {
    shown: Arc<Mutex<Vec<Shown>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Service {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        let id = shown.len() as u32 + 1;
        shown.push(Shown {
            id,
            app: app_name,
            summary,
            body,
            actions,
        });
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "facteur-test".into(),
            "Facteur".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

const PATH: &str = "/org/freedesktop/Notifications";
const NAME: &str = "org.freedesktop.Notifications";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_mail_is_announced_once_with_the_window_open_or_closed_and_a_click_opens_it() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    support::session::require_session_bus();
    let service = Service::default();
    let bus = zbus::connection::Builder::session()
        .name(NAME)
        .serve_at(PATH, service.clone())
        .build()
        .await
        .expect("the test owns the session bus's notification service");

    let server = mailserver();
    let marie = server.new_user();
    // Mail that is there before the account is set up is not news.
    server
        .deliver(&marie.email, &mail("Ancien message", "Déjà là."))
        .await;
    let mut gui = Gui::start().await;
    set_up_by_hand(&mut gui, &marie, &marie.password, Protocol::Imap).await;
    gui.until("the first sync done", |g| {
        mailbox_of(g).is_some_and(|m| {
            m.list.total == 1
                && matches!(
                    m.states.get(&facteur::account::AccountId::of(&marie.email)),
                    Some(AccountState::Online | AccountState::Idle)
                )
        })
    })
    .await;
    // Give IDLE a moment to be issued, then deliver.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let subject = format!("Rendez-vous {}", support::random_token());
    server
        .deliver(&marie.email, &mail(&subject, "À 15 h ?"))
        .await;
    gui.until("the new message in the list", |g| {
        mailbox_of(g).is_some_and(|m| m.list.total == 2)
    })
    .await;
    let ours = || -> Vec<Shown> {
        service
            .shown
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.body.contains("Rendez-vous") || s.summary.contains("Rendez-vous"))
            .cloned()
            .collect()
    };
    // The app goes on handling the engine's events meanwhile (the announcement may come after
    // the list shows the message).
    gui.until("the notification", |_| !ours().is_empty()).await;
    // Nothing more comes for it.
    gui.carry_on_for(std::time::Duration::from_secs(1)).await;
    let shown = ours();
    assert_eq!(shown.len(), 1, "{shown:?}");
    let n = &shown[0];
    assert_eq!(n.summary, "Jeanne Martin");
    assert_eq!(n.body, subject);
    assert_eq!(n.app, "Facteur");
    assert!(
        n.actions.contains(&"default".to_string()),
        "{:?}",
        n.actions
    );
    assert!(
        !service
            .shown
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.body.contains("Ancien message")),
        "old mail is not announced"
    );

    // A click on it opens the message.
    bus.emit_signal(
        None::<&str>,
        PATH,
        NAME,
        "ActionInvoked",
        &(n.id, "default"),
    )
    .await
    .unwrap();
    gui.until("the message opened", |g| {
        mailbox_of(g)
            .and_then(|m| m.reader.opened.as_ref())
            .is_some_and(|o| o.row.subject == subject)
    })
    .await;

    // (One test: the session bus has one notification service.) The user asks Facteur to
    // keep checking for mail once its window is closed, and closes it.
    gui.click("Preferences");
    gui.click("Keep checking for mail when the window is closed");
    assert_eq!(gui.app.preferences.keep_running, Some(true));
    let window = gui.app.window.expect("the window is open");
    gui.update(facteur::ui::Message::CloseRequested(window));
    assert!(gui.app.is_hidden(), "the window closed");
    assert!(!gui.app.engine_stopped(), "the engine goes on");
    let later = format!("Fenêtre fermée {}", support::random_token());
    server
        .deliver(&marie.email, &mail(&later, "Toujours là ?"))
        .await;
    let about_later = || -> Vec<Shown> {
        service
            .shown
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.body == later)
            .cloned()
            .collect()
    };
    gui.until("the notification with the window closed", |_| {
        !about_later().is_empty()
    })
    .await;
    assert!(gui.app.is_hidden());
    // A click opens the window on the message (a moment later, as a person clicks: the
    // notification library listens for the click once the service has answered).
    gui.carry_on_for(std::time::Duration::from_secs(1)).await;
    bus.emit_signal(
        None::<&str>,
        PATH,
        NAME,
        "ActionInvoked",
        &(about_later()[0].id, "default"),
    )
    .await
    .unwrap();
    gui.until("the window open on the message", |g| {
        !g.app.is_hidden()
            && mailbox_of(g)
                .and_then(|m| m.reader.opened.as_ref())
                .is_some_and(|o| o.row.subject == later)
    })
    .await;
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_notifications_off_is_kept_in_the_settings() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    gui.click("Preferences");
    gui.click("Tell me when new mail arrives");
    assert!(!gui.app.preferences.notifications);
    let config_file = gui.app.profile.paths.config_file();
    gui.until("the preference saved", |_| {
        facteur::account::Config::load(&config_file).is_ok_and(|c| !c.preferences.notifications)
    })
    .await;
    gui.stop().await;
}
