//! The Outbox folder: mail waiting to be sent or refused, with the server's words and what the
//! user can do about it (send again, edit, remove).

use iced::widget::{button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};

use super::{Message, State};
use crate::fl;
use crate::store::outbox::{OutboxState, UNCONFIRMED};
use crate::ui::format;
use crate::ui::library::OutboxEntry;
use crate::ui::style;

impl State {
    pub(super) fn outbox_list_view(&self) -> Element<'_, Message> {
        if self.outbox.is_empty() {
            return container(text(fl!("outbox-empty")).style(style::muted))
                .center(Length::Fill)
                .into();
        }
        let mut list = column![].spacing(2);
        for entry in &self.outbox {
            let selected = self.outbox_selected == Some(entry.id);
            let content = column![
                row![
                    text(entry.recipients.clone()).width(Length::Fill),
                    text(format::list_date(entry.created_at, self.now))
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
                    .on_press(Message::OpenOutbox(entry.id)),
            );
        }
        scrollable(list).height(Length::Fill).into()
    }

    pub(super) fn outbox_item_view(&self) -> Element<'_, Message> {
        let Some(entry) = self
            .outbox_selected
            .and_then(|id| self.outbox.iter().find(|e| e.id == id))
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
                    .on_press_maybe(waiting.then_some(Message::OutboxRetry(entry.id))),
                button(text(fl!("outbox-edit")))
                    .style(button::secondary)
                    .on_press_maybe(waiting.then_some(Message::OutboxEdit(entry.id))),
                space::horizontal(),
                button(text(fl!("outbox-remove")))
                    .style(button::danger)
                    .on_press_maybe(waiting.then_some(Message::OutboxRemove(entry.id))),
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
