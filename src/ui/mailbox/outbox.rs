//! The Outbox folder: mail waiting to be sent or refused, with the server's words and what the
//! user can do about it (send again, edit, remove). Its own sub-state of the mailbox: the
//! entries of every account's outbox and the one shown in the reader's place.

use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};

use crate::engine::{Command, OutboxOp};
use crate::fl;
use crate::store::outbox::{OutboxState, UNCONFIRMED};
use crate::ui::format;
use crate::ui::library::OutboxEntry;
use crate::ui::style;

/// Every account's outbox, as the mailbox shows it.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    pub entries: Vec<OutboxEntry>,
    /// The message shown in the reader's place.
    pub selected: Option<i64>,
}

/// What the outbox's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Vec<OutboxEntry>, crate::ui::Failure>),
    Open(i64),
    Retry(i64),
    Remove(i64),
    Edit(i64),
}

/// What the outbox asks of the mailbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    Engine(Command),
    /// Take the message back into the composer.
    Edit(i64),
    /// The outbox could not be read.
    Failed(crate::ui::Failure),
}

impl Outbox {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(Ok(entries)) => {
                if self
                    .selected
                    .is_some_and(|id| !entries.iter().any(|e| e.id == id))
                {
                    self.selected = None;
                }
                self.entries = entries;
            }
            Message::Loaded(Err(e)) => return Action::Failed(e),
            Message::Open(id) => self.selected = Some(id),
            Message::Retry(id) | Message::Remove(id) => {
                let Some(entry) = self.entries.iter().find(|e| e.id == id) else {
                    return Action::None;
                };
                let op = if matches!(message, Message::Retry(_)) {
                    OutboxOp::Retry { id }
                } else {
                    OutboxOp::Remove { id }
                };
                return Action::Engine(Command::on(&entry.account, op));
            }
            Message::Edit(id) => return Action::Edit(id),
        }
        Action::None
    }

    /// The list, with dates relative to `now`.
    pub fn list_view(&self, now: i64) -> Element<'_, Message> {
        if self.entries.is_empty() {
            return container(text(fl!("outbox-empty")).style(style::muted))
                .center(Length::Fill)
                .into();
        }
        let mut list = column![].spacing(2);
        for entry in &self.entries {
            let selected = self.selected == Some(entry.id);
            let content = column![
                row![
                    text(entry.recipients.clone()).width(Length::Fill),
                    text(format::list_date(entry.created_at, now))
                        .size(12)
                        .style(style::muted),
                ]
                .spacing(6),
                text(subject(entry)).size(13),
                text(state_text(entry))
                    .size(12)
                    .style(if entry.state == OutboxState::Failed {
                        style::danger
                    } else {
                        style::muted
                    }),
            ]
            .spacing(2);
            list = list.push(
                button(content)
                    .width(Length::Fill)
                    .padding([6, 10])
                    .style(if selected {
                        button::primary
                    } else {
                        button::text
                    })
                    .on_press(Message::Open(entry.id)),
            );
        }
        scrollable(list).height(Length::Fill).into()
    }

    /// The chosen message, in the reader's place.
    pub fn item_view(&self) -> Element<'_, Message> {
        let Some(entry) = self
            .selected
            .and_then(|id| self.entries.iter().find(|e| e.id == id))
        else {
            return container(text(fl!("mailbox-pick-message")).style(style::muted))
                .center(Length::Fill)
                .into();
        };
        let waiting = matches!(entry.state, OutboxState::Queued | OutboxState::Failed);
        let mut c = column![
            text(subject(entry)).size(22),
            text(fl!("outbox-to", recipients = entry.recipients.clone())).size(14),
            text(fl!("outbox-from", account = entry.account.as_str()))
                .size(13)
                .style(style::muted),
            text(state_text(entry)).size(14),
        ]
        .spacing(8)
        .padding(16);
        if !entry.last_error.is_empty() {
            let words = if entry.last_error == UNCONFIRMED {
                fl!("outbox-unconfirmed")
            } else {
                fl!("outbox-server-said", text = entry.last_error.as_str())
            };
            c = c.push(
                container(text(words).size(14))
                    .padding(10)
                    .width(Length::Fill)
                    .style(container::rounded_box),
            );
        }
        c = c.push(
            row![
                button(text(fl!("outbox-send-now")))
                    .style(button::primary)
                    .on_press_maybe(waiting.then_some(Message::Retry(entry.id))),
                button(text(fl!("outbox-edit")))
                    .style(button::secondary)
                    .on_press_maybe(waiting.then_some(Message::Edit(entry.id))),
                space::horizontal(),
                button(text(fl!("outbox-remove")))
                    .style(button::danger)
                    .on_press_maybe(waiting.then_some(Message::Remove(entry.id))),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        scrollable(c).height(Length::Fill).into()
    }
}

fn subject(entry: &OutboxEntry) -> String {
    format::subject(&entry.subject)
}

/// Where a message of the outbox is, in words.
pub fn state_text(entry: &OutboxEntry) -> String {
    match entry.state {
        OutboxState::Queued if entry.attempts > 0 => {
            fl!("outbox-state-retrying", attempts = (entry.attempts as i64))
        }
        OutboxState::Queued => fl!("outbox-state-queued"),
        OutboxState::Sending => fl!("outbox-state-sending"),
        OutboxState::Sent => fl!("outbox-state-sent"),
        OutboxState::Failed => fl!("outbox-state-failed"),
    }
}
