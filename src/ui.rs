//! The desktop interface (iced, Elm style).
//!
//! [`App`] holds the screens; each screen module has its own state, messages, `update` and
//! `view` (iced's "Scaling Applications"). The engine runs in a subscription
//! ([`link`]) that hands the window its command sender; the window reads the store through
//! [`library::Library`] in tasks. `update` and `view` never block.

pub mod app;
pub mod composer;
pub mod dialogs;
pub mod failure;
pub mod format;
pub mod icons;
pub mod library;
pub mod link;
pub mod mailbox;
pub mod notify;
pub mod style;
pub mod wizard;

pub use app::{App, Message, Profile};
pub use failure::Failure;

/// Runs the app until the user quits: with its window open, or (`hidden`, as at login) with
/// the window closed until asked for. Closing the window may leave the app running (the
/// "keep checking for mail" setting), so this is an iced daemon that opens its window itself.
pub fn run(profile: Profile, hidden: bool) -> iced::Result {
    iced::daemon(
        move || {
            let (mut app, task) = App::new(profile.clone());
            if hidden {
                return (app, task);
            }
            let open = app.open_window();
            (app, Task::batch([task, open]))
        },
        App::update,
        view,
    )
    .title(|app: &App, _window| app.title())
    .theme(|app: &App, _window| app.theme())
    .subscription(App::subscription)
    .run()
}

/// The one window shows the app.
fn view(app: &App, _window: iced::window::Id) -> iced::Element<'_, Message> {
    app.view()
}

/// The main window's settings.
pub fn window_settings() -> iced::window::Settings {
    iced::window::Settings {
        size: iced::Size::new(1100.0, 720.0),
        min_size: Some(iced::Size::new(760.0, 480.0)),
        icon: icons::window_icon(),
        // Closing saves the draft being written, and either leaves the engine running or
        // lets it stop first.
        exit_on_close_request: false,
        // The desktop file's name, so the shell puts the window under Facteur's launcher.
        #[cfg(target_os = "linux")]
        platform_specific: iced::window::settings::PlatformSpecific {
            application_id: crate::desktop::instance::APP_ID.to_string(),
            ..Default::default()
        },
        ..iced::window::Settings::default()
    }
}

use iced::Task;
