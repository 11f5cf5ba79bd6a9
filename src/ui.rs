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

/// Opens the main window and runs until it is closed.
pub fn run(profile: Profile) -> iced::Result {
    iced::application(move || App::new(profile.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .window(iced::window::Settings {
            size: iced::Size::new(1100.0, 720.0),
            min_size: Some(iced::Size::new(760.0, 480.0)),
            icon: icons::window_icon(),
            // Closing saves the draft being written and lets the engine stop first.
            exit_on_close_request: false,
            ..iced::window::Settings::default()
        })
        .run()
}
