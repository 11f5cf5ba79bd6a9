//! The keyboard: shortcuts the widgets did not take.

use iced::Task;

use super::{App, Message, Screen};
use super::{composer, mailbox, wizard};
use crate::ui::mailbox::Compose;

impl App {
    /// Keyboard shortcuts (keys no widget took): Ctrl+Q quits from anywhere; Tab and Shift+Tab
    /// move between fields; in the
    /// wizard Enter goes on and Escape goes back; in the composer Ctrl+Enter sends and Escape
    /// closes; in the mailbox Ctrl+N writes, Ctrl+, opens the settings, Ctrl+C copies the text selected in
    /// a laid-out message, r replies, a replies to all, f forwards, ↓/j next,
    /// ↑/k previous, m read/unread, s flag, Delete delete, / search.
    pub(super) fn key(&mut self, event: iced::keyboard::Event) -> Task<Message> {
        use iced::keyboard::{Event as K, Key, key::Named};
        if let K::ModifiersChanged(modifiers) = event {
            self.modifiers = modifiers;
            return Task::none();
        }
        let K::KeyPressed { key, modifiers, .. } = event else {
            return Task::none();
        };
        if let Key::Named(Named::Tab) = key.as_ref() {
            return if modifiers.shift() {
                iced::widget::operation::focus_previous()
            } else {
                iced::widget::operation::focus_next()
            };
        }
        // Ctrl+Q quits from anywhere (a message being written is saved first).
        if modifiers.command() && !modifiers.alt() && key.as_ref() == Key::Character("q") {
            return self.quit();
        }
        if let Screen::Wizard(w) = &self.screen {
            let message = match key.as_ref() {
                Key::Named(Named::Enter) => w.primary(),
                Key::Named(Named::Escape) => Some(wizard::Message::Back),
                _ => None,
            };
            return match message {
                Some(m) => self.update(Message::Wizard(m)),
                None => Task::none(),
            };
        }
        if self.composer.is_some() {
            // Ctrl+Enter sends from any field; Escape closes (the draft is kept).
            let message = match key.as_ref() {
                Key::Named(Named::Enter) if modifiers.command() => composer::Message::Send,
                Key::Named(Named::Escape) => composer::Message::Close,
                _ => return Task::none(),
            };
            return self.update(Message::Composer(message));
        }
        if modifiers.command() && !modifiers.alt() {
            return match key.as_ref() {
                Key::Character("n") => self.compose(Compose::New),
                Key::Character(",") => self.update(Message::Mailbox(mailbox::Message::Settings(
                    mailbox::settings::Message::Toggle,
                ))),
                // The text selected in a laid-out message (a text field's own Ctrl+C is the
                // field's).
                Key::Character("c") => self.update(Message::Mailbox(mailbox::Message::Reader(
                    mailbox::reader::Message::Sheet(mailbox::sheet::Message::Copy),
                ))),
                _ => Task::none(),
            };
        }
        if modifiers.control() || modifiers.alt() || modifiers.logo() {
            return Task::none();
        }
        let selected = match &self.screen {
            Screen::Mailbox(m) => m.reader.opened.as_ref().map(|o| o.row.id),
            Screen::Wizard(_) => None,
        };
        let compose = match (key.as_ref(), selected) {
            (Key::Character("r"), Some(id)) => Some(Compose::Reply { id, all: false }),
            (Key::Character("a"), Some(id)) => Some(Compose::Reply { id, all: true }),
            (Key::Character("f"), Some(id)) => Some(Compose::Forward(id)),
            _ => None,
        };
        if let Some(kind) = compose {
            return self.compose(kind);
        }
        let message = match key.as_ref() {
            Key::Named(Named::ArrowDown) | Key::Character("j") => mailbox::Message::Next,
            Key::Named(Named::ArrowUp) | Key::Character("k") => mailbox::Message::Previous,
            Key::Character("m") => mailbox::Message::Act(mailbox::Act::ToggleRead),
            Key::Character("s") => mailbox::Message::Act(mailbox::Act::ToggleFlag),
            Key::Named(Named::Delete) => mailbox::Message::Act(mailbox::Act::Delete),
            Key::Character("/") => {
                return iced::widget::operation::focus(mailbox::SEARCH);
            }
            _ => return Task::none(),
        };
        self.update(Message::Mailbox(message))
    }
}
