//! What the desktop asks of the app: links clicked elsewhere, another launch, the launcher.

use iced::Task;

use super::{App, Message, Screen};
use crate::desktop::instance::{ACTION_BACKGROUND, ACTION_COMPOSE, ACTION_QUIT, Request};
use crate::desktop::mailto::Mailto;
use crate::ui::mailbox::Compose;

impl App {
    /// Carries out a request of another launch (or of this one's command line).
    pub(super) fn desktop(&mut self, request: Request) -> Task<Message> {
        match request {
            Request::Activate => self.show_window(),
            Request::Open(links) => {
                let mut tasks = vec![self.show_window()];
                for link in links {
                    tasks.push(self.open_link(Mailto::parse(&link)));
                }
                Task::batch(tasks)
            }
            Request::Action(action) if action == ACTION_COMPOSE => {
                let show = self.show_window();
                show.chain(self.compose(Compose::New))
            }
            Request::Action(action) if action == ACTION_QUIT => self.quit(),
            // `facteur --background` while Facteur runs: it already does.
            Request::Action(action) if action == ACTION_BACKGROUND => Task::none(),
            Request::Action(action) => {
                tracing::warn!("unknown action {action:?} asked by another launch");
                Task::none()
            }
        }
    }

    /// A composer filled from the link; before any account exists, once one is set up.
    fn open_link(&mut self, link: Mailto) -> Task<Message> {
        if self.accounts.is_empty() {
            self.pending_links.push(link);
            return Task::none();
        }
        self.compose(Compose::Link(Box::new(link)))
    }

    /// Brings the window to the front, opening it if it is closed.
    pub(super) fn show_window(&mut self) -> Task<Message> {
        match self.window {
            Some(id) => iced::window::gain_focus(id),
            None => self.open_window(),
        }
    }

    /// Opens the main window.
    pub fn open_window(&mut self) -> Task<Message> {
        let (id, open) = iced::window::open(crate::ui::window_settings());
        self.window = Some(id);
        // Focus asked before the window existed went nowhere: ask again once it is open.
        let first_field = match &self.screen {
            Screen::Wizard(w) if w.step == crate::ui::wizard::Step::Identity => {
                Some(crate::ui::wizard::view::NAME)
            }
            _ => None,
        };
        open.then(move |id| {
            let scale = iced::window::scale_factor(id).map(Message::Scale);
            match first_field {
                Some(field) => Task::batch([scale, iced::widget::operation::focus(field)]),
                None => scale,
            }
        })
    }

    /// The user closes the window: Facteur goes on checking for mail without it (what is
    /// being written is saved first), or stops, as the settings say (and always when no
    /// account is set up).
    pub(super) fn window_closing(&mut self, window: iced::window::Id) -> Task<Message> {
        // Without an account there is no mail to check: closing ends Facteur.
        if !crate::desktop::keeps_running(&self.preferences)
            || self.closing
            || self.accounts.is_empty()
        {
            return self.close_window();
        }
        self.save_composer();
        self.window = None;
        iced::window::close(window)
    }

    /// Stops Facteur: what is being written is saved, the engine stops, the app ends.
    pub(super) fn quit(&mut self) -> Task<Message> {
        self.close_window()
    }

    /// Tells the launcher the inboxes' unread count when it changed (where the app owns its
    /// bus name; a dock that does not listen loses nothing).
    pub(super) fn launcher_update(&mut self) -> Option<Task<Message>> {
        let Screen::Mailbox(m) = &self.screen else {
            return None;
        };
        let count = m.inbox_unread();
        if self.launcher_count == Some(count) {
            return None;
        }
        self.launcher_count = Some(count);
        let connection = crate::desktop::instance::instance()?.connection.clone();
        Some(
            Task::future(async move {
                if let Err(e) = crate::desktop::launcher::set_count(&connection, count).await {
                    tracing::debug!("launcher count: {e}");
                }
            })
            .discard(),
        )
    }

    /// Whether the app runs with its window closed.
    pub fn is_hidden(&self) -> bool {
        self.window.is_none()
    }
}
