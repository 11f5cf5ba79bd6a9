//! The desktop interface (iced, Elm style). For now one welcome window; the setup wizard and
//! the mailbox screens arrive with the GUI issues.

use iced::widget::{column, container, text};
use iced::{Element, Length, Task, Theme};

use crate::fl;

/// The application state.
#[derive(Debug, Default)]
pub struct App {
    accounts: usize,
}

/// What can happen in the application.
#[derive(Debug, Clone)]
pub enum Message {}

impl App {
    pub fn new(accounts: usize) -> App {
        App { accounts }
    }

    pub fn title(&self) -> String {
        fl!("app-name")
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {}
    }

    pub fn view(&self) -> Element<'_, Message> {
        let content = column![
            text(fl!("welcome-title")).size(28),
            text(fl!("welcome-body")),
            text(fl!("welcome-accounts", count = self.accounts)),
        ]
        .spacing(12)
        .max_width(560);
        container(content).center(Length::Fill).padding(24).into()
    }

    /// `None`: follow the system's light or dark preference.
    pub fn theme(&self) -> Option<Theme> {
        None
    }
}

/// Opens the main window and runs until it is closed.
pub fn run(accounts: usize) -> iced::Result {
    iced::application(move || App::new(accounts), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .window_size((960.0, 640.0))
        .run()
}
