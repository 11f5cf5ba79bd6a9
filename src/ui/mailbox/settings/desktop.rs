//! The settings' desktop part: being the app that email links open in, and starting at login.

use iced::widget::{button, checkbox, column, row, text};
use iced::{Element, Task};

use crate::desktop::integration::{self, DesktopError, Places, Standing};
use crate::fl;
use crate::ui::style;

/// What the session said, and what went wrong when changing it.
#[derive(Debug, Clone, Default)]
pub struct Desktop {
    /// `None` until read (each time the settings open).
    pub standing: Option<Standing>,
    pub error: Option<DesktopError>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Read(Standing),
    MakeDefault,
    StartAtLogin(bool),
    /// A change was made (or not); read the session again.
    Done(Result<(), DesktopError>),
}

/// Reads the session's answers off the window's thread.
pub fn read() -> Task<Message> {
    match Places::from_env() {
        Some(places) => Task::perform(integration::standing(places), Message::Read),
        None => Task::none(),
    }
}

impl Desktop {
    pub fn update(&mut self, message: Message) -> Task<Message> {
        let Some(places) = Places::from_env() else {
            return Task::none();
        };
        match message {
            Message::Read(standing) => {
                self.standing = Some(standing);
                Task::none()
            }
            Message::MakeDefault => Task::perform(
                async move { integration::make_default_mail_app(&places).await },
                Message::Done,
            ),
            Message::StartAtLogin(on) => Task::perform(
                async move {
                    tokio::task::spawn_blocking(move || {
                        integration::set_start_at_login(&places, on)
                    })
                    .await
                    .unwrap_or(Ok(()))
                },
                Message::Done,
            ),
            Message::Done(result) => {
                self.error = result.err();
                read()
            }
        }
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        let standing = self.standing.as_ref()?;
        let default_line: Element<'_, Message> = match &standing.default_mail_app {
            Ok(true) => text(fl!("prefs-default-app-yes"))
                .size(13)
                .style(style::muted)
                .into(),
            Ok(false) => row![
                text(fl!("prefs-default-app-no")).size(13),
                button(text(fl!("prefs-default-app-make")).size(13))
                    .style(button::secondary)
                    .on_press(Message::MakeDefault),
            ]
            .spacing(10)
            .align_y(iced::Alignment::Center)
            .wrap()
            .into(),
            Err(e) => text(error_text(e)).size(13).style(style::muted).into(),
        };
        let mut c = column![
            checkbox(standing.starts_at_login)
                .label(fl!("prefs-start-at-login"))
                .on_toggle(Message::StartAtLogin),
            default_line,
        ]
        .spacing(10);
        if let Some(e) = &self.error {
            c = c.push(text(error_text(e)).size(13).style(text::danger));
        }
        Some(c.into())
    }
}

fn error_text(e: &DesktopError) -> String {
    match e {
        DesktopError::NoXdgMime => fl!("prefs-default-app-unknown"),
        DesktopError::XdgMime(said) => fl!("prefs-desktop-failed", reason = said.as_str()),
        DesktopError::Write { path, reason } => fl!(
            "prefs-desktop-write-failed",
            path = path.as_str(),
            reason = reason.as_str()
        ),
    }
}
