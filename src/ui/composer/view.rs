//! How the composer looks.

use iced::keyboard::{Key, key::Named};
use iced::widget::{
    button, column, container, pick_list, row, rule, scrollable, space, text, text_editor,
    text_input,
};
use iced::{Alignment, Element, Length};

use super::{Field, Message, Sending, State};
use crate::engine::smtp::OutboxStatus;
use crate::fl;
use crate::ui::format;
use crate::ui::icons::{self, Icon};
use crate::ui::style;

/// The widgets' ids (for focus and tests).
pub const TO: &str = "composer-to";
pub const CC: &str = "composer-cc";
pub const BCC: &str = "composer-bcc";
pub const SUBJECT: &str = "composer-subject";
pub const BODY: &str = "composer-body";

const LABEL_WIDTH: f32 = 80.0;

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let locked = self.locked();
        let send = button(text(fl!("composer-send")))
            .style(button::primary)
            .on_press_maybe((!locked).then_some(Message::Send));
        let attach = button(
            row![
                icons::icon(Icon::Attachment, 16.0),
                text(fl!("composer-attach"))
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        )
        .style(button::secondary)
        .on_press_maybe((!locked).then_some(Message::Attach));
        let discard = button(text(fl!("composer-discard")))
            .style(button::danger)
            .on_press_maybe(self.sending.is_none().then_some(Message::Discard));
        let close = button(text(fl!("composer-close")))
            .style(button::secondary)
            .on_press(Message::Close);
        let toolbar = row![
            send,
            attach,
            discard,
            space::horizontal(),
            text(self.state_text()).size(13).style(style::muted),
            close
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let mut form = column![toolbar].spacing(8).padding(16);
        if let Some(banner) = self.banner() {
            form = form.push(banner);
        }
        form = form.push(labelled(
            fl!("composer-from"),
            pick_list(
                self.identities.clone(),
                Some(self.from.clone()),
                Message::From,
            )
            .width(Length::Fill)
            .into(),
        ));
        form = form.push(self.address_row(Field::To));
        form = form.push(self.address_row(Field::Cc));
        if self.show_bcc {
            form = form.push(self.address_row(Field::Bcc));
        }
        form = form.push(labelled(
            fl!("composer-subject"),
            text_input(&fl!("composer-subject-placeholder"), &self.subject)
                .id(SUBJECT)
                .on_input_maybe((!locked).then_some(Message::Subject))
                .into(),
        ));
        if !self.attachments.is_empty() || !self.forwarded.is_empty() {
            form = form.push(self.attachments_view(locked));
        }
        form = form.push(rule::horizontal(1));
        let editor = text_editor(&self.body)
            .id(BODY)
            .placeholder(fl!("composer-body-placeholder"))
            .height(Length::Fill)
            .padding(10)
            .on_action(Message::Edit)
            .key_binding(|press| {
                // Ctrl+Enter sends; everything else is the editor's usual keys.
                if press.modifiers.command()
                    && matches!(press.key.as_ref(), Key::Named(Named::Enter))
                {
                    return Some(text_editor::Binding::Custom(Message::Send));
                }
                text_editor::Binding::from_key_press(press)
            });
        form = form.push(editor);
        container(form).height(Length::Fill).into()
    }

    fn address_row(&self, field: Field) -> Element<'_, Message> {
        let (label, id, value) = match field {
            Field::To => (fl!("composer-to"), TO, &self.to),
            Field::Cc => (fl!("composer-cc"), CC, &self.cc),
            Field::Bcc => (fl!("composer-bcc"), BCC, &self.bcc),
        };
        let input = text_input(&fl!("composer-address-placeholder"), value)
            .id(id)
            .on_input_maybe((!self.locked()).then_some(move |t| Message::Address(field, t)))
            .on_submit(Message::AcceptSuggestion(field));
        let mut line = row![input].spacing(8).align_y(Alignment::Center);
        if field == Field::Cc && !self.show_bcc {
            line = line.push(
                button(text(fl!("composer-show-bcc")).size(13))
                    .style(button::text)
                    .on_press(Message::ShowBcc),
            );
        }
        let mut c = column![labelled(label, line.into())].spacing(4);
        if self.typing == Some(field) {
            let suggestions = self.suggestions();
            if !suggestions.is_empty() {
                let mut list = column![].spacing(0);
                for contact in suggestions {
                    let label = if contact.name.is_empty() {
                        contact.email.clone()
                    } else {
                        format!("{} <{}>", contact.name, contact.email)
                    };
                    list = list.push(
                        button(text(label).size(13))
                            .width(Length::Fill)
                            .style(button::text)
                            .on_press(Message::Complete(field, contact.clone())),
                    );
                }
                c = c.push(row![
                    space::horizontal().width(Length::Fixed(LABEL_WIDTH + 8.0)),
                    container(list)
                        .style(container::rounded_box)
                        .width(Length::Fill)
                ]);
            }
        }
        c.into()
    }

    fn attachments_view(&self, locked: bool) -> Element<'_, Message> {
        let mut list = column![].spacing(4);
        for (i, a) in self.attachments.iter().enumerate() {
            list = list.push(
                row![
                    icons::icon(Icon::Attachment, 16.0),
                    text(a.name.clone()),
                    text(format::size(a.data.len() as i64))
                        .size(13)
                        .style(style::muted),
                    button(text(fl!("composer-remove-attachment")).size(13))
                        .style(button::text)
                        .on_press_maybe((!locked).then_some(Message::RemoveAttachment(i))),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        for m in &self.forwarded {
            list = list.push(
                row![
                    icons::icon(Icon::Attachment, 16.0),
                    text(fl!("composer-forwarded-message")),
                    text(format::size(m.len() as i64))
                        .size(13)
                        .style(style::muted),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        labelled(
            fl!("composer-attachments"),
            scrollable(list).height(Length::Shrink).into(),
        )
    }

    /// A line about the message's state: draft saved, queued, sending…
    pub fn state_text(&self) -> String {
        match &self.sending {
            Some(Sending::Preparing) => fl!("composer-preparing"),
            Some(Sending::Outbox { status, .. }) => match status {
                OutboxStatus::Queued => fl!("composer-queued"),
                OutboxStatus::Sending => fl!("composer-sending"),
                OutboxStatus::Sent | OutboxStatus::Done => fl!("composer-sent"),
                OutboxStatus::Retrying { retry_in, .. } => {
                    fl!("composer-retrying", seconds = (retry_in.as_secs() as i64))
                }
                OutboxStatus::Failed { .. } => fl!("composer-failed"),
                OutboxStatus::Removed => String::new(),
            },
            None if self.saved.is_some() && !self.needs_saving() => fl!("composer-draft-saved"),
            None => String::new(),
        }
    }

    /// A problem, or a refusal with the server's words and what can be done.
    fn banner(&self) -> Option<Element<'_, Message>> {
        let (message, actions): (String, Option<Element<'_, Message>>) = match &self.sending {
            Some(Sending::Outbox {
                status: OutboxStatus::Failed { error },
                ..
            }) => (
                crate::i18n::mail_error_with_details(error),
                Some(
                    row![
                        button(text(fl!("composer-retry")))
                            .style(button::primary)
                            .on_press(Message::Retry),
                        button(text(fl!("composer-edit-again")))
                            .style(button::secondary)
                            .on_press(Message::EditAgain),
                    ]
                    .spacing(8)
                    .into(),
                ),
            ),
            Some(Sending::Outbox {
                status: OutboxStatus::Retrying { error, .. },
                ..
            }) => (crate::i18n::mail_error_with_details(error), None),
            _ => match &self.not_queued {
                Some(error) => (
                    fl!(
                        "composer-not-queued",
                        reason = crate::i18n::mail_error_with_details(error)
                    ),
                    None,
                ),
                None => (self.problem.as_ref()?.text(), None),
            },
        };
        let mut c = column![text(message).size(14)].spacing(8);
        if let Some(actions) = actions {
            c = c.push(actions);
        }
        Some(
            container(c)
                .padding(10)
                .width(Length::Fill)
                .style(container::rounded_box)
                .into(),
        )
    }
}

fn labelled<'a>(label: String, content: Element<'a, Message>) -> Element<'a, Message> {
    row![
        text(label)
            .size(14)
            .style(style::muted)
            .width(Length::Fixed(LABEL_WIDTH)),
        content
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}
