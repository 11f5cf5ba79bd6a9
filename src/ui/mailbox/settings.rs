//! The settings panel (in the reader's place): language, theme, reading and notifications for
//! the whole app; for each account its checking and POP3 policy, its servers (edited with the
//! setup wizard's form and checked again) and its removal.
//!
//! The panel keeps only its own state (open or not, the account whose removal waits for a
//! confirmation); the preferences are the app's, read by reference, and a change comes back as
//! [`Action::Preferences`] for the app to apply and save.

mod desktop;

use iced::widget::{button, checkbox, column, container, pick_list, rule, scrollable, text};
use iced::{Element, Length};

use crate::account::{Account, Incoming, Pop3Retention, Preferences};
use crate::fl;
use crate::i18n::Language;
use crate::ui::style;

/// The panel's own state.
#[derive(Debug, Clone, Default)]
pub struct Panel {
    /// Shown in place of the reader.
    pub open: bool,
    /// The account whose removal waits for the user's confirmation.
    pub removing: Option<String>,
    /// Facteur's place in the session (default mail app, start at login).
    pub desktop: desktop::Desktop,
}

/// What the panel's widgets say.
#[derive(Debug, Clone)]
pub enum Message {
    Toggle,
    Language(Language),
    Theme(ThemeChoice),
    MarkReadOnOpen(bool),
    Notifications(bool),
    OfferRemoteImages(bool),
    /// Forget the senders whose pictures are shown without asking.
    ForgetPictureSenders,
    KeepRunning(bool),
    Quit,
    Desktop(desktop::Message),
    EditAccount(String, AccountEdit),
    EditServers(String),
    AskRemove(String),
    CancelRemove,
    RemoveAccount(String),
}

/// What the panel asks of the app.
#[derive(Debug)]
pub enum Action {
    None,
    /// The preferences changed: apply and save them.
    Preferences(Preferences),
    /// Change an account's settings: save and apply the change.
    EditAccount(String, AccountEdit),
    /// Edit an account's servers (in the setup wizard's form).
    EditServers(String),
    /// Remove an account, its password and its local mail (the user confirmed).
    RemoveAccount(String),
    /// Stop Facteur (the window and the mail checks).
    Quit,
    /// Work off the window's thread.
    Run(iced::Task<Message>),
}

impl Panel {
    pub fn update(&mut self, message: Message, preferences: &Preferences) -> Action {
        let changed = |change: &dyn Fn(&mut Preferences)| {
            let mut p = preferences.clone();
            change(&mut p);
            Action::Preferences(p)
        };
        match message {
            Message::Toggle => {
                self.open = !self.open;
                if self.open {
                    return Action::Run(desktop::read().map(Message::Desktop));
                }
            }
            Message::Desktop(message) => {
                return Action::Run(self.desktop.update(message).map(Message::Desktop));
            }
            Message::Language(language) => {
                return changed(&|p| p.language = language.code().map(str::to_string));
            }
            Message::Theme(theme) => {
                return changed(&|p| p.theme = theme.code().map(str::to_string));
            }
            Message::MarkReadOnOpen(on) => return changed(&|p| p.mark_read_on_open = on),
            Message::Notifications(on) => return changed(&|p| p.notifications = on),
            Message::OfferRemoteImages(on) => return changed(&|p| p.offer_remote_images = on),
            Message::ForgetPictureSenders => return changed(&|p| p.picture_senders.clear()),
            Message::KeepRunning(on) => return changed(&|p| p.keep_running = Some(on)),
            Message::Quit => return Action::Quit,
            Message::EditAccount(email, edit) => return Action::EditAccount(email, edit),
            Message::EditServers(email) => return Action::EditServers(email),
            Message::AskRemove(email) => self.removing = Some(email),
            Message::CancelRemove => self.removing = None,
            Message::RemoveAccount(email) => {
                if self.removing.as_deref() == Some(email.as_str()) {
                    self.removing = None;
                    return Action::RemoveAccount(email);
                }
            }
        }
        Action::None
    }
}

/// How the window looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn code(self) -> Option<&'static str> {
        match self {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some("light"),
            ThemeChoice::Dark => Some("dark"),
        }
    }

    pub fn from_code(code: Option<&str>) -> ThemeChoice {
        match code {
            Some("light") => ThemeChoice::Light,
            Some("dark") => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    /// iced's theme (`None`: the system's light or dark preference).
    pub fn theme(self) -> Option<iced::Theme> {
        match self {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some(iced::Theme::Light),
            ThemeChoice::Dark => Some(iced::Theme::Dark),
        }
    }
}

impl std::fmt::Display for ThemeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ThemeChoice::System => fl!("prefs-theme-system"),
            ThemeChoice::Light => fl!("prefs-theme-light"),
            ThemeChoice::Dark => fl!("prefs-theme-dark"),
        })
    }
}

/// A change to one account's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountEdit {
    CheckInterval(u32),
    Retention(Pop3Retention),
    /// Days before mail left on the server is deleted there (`None`: never).
    DeleteAfter(Option<u32>),
}

impl AccountEdit {
    /// Applies the change; `false` if it does not apply to this account.
    pub fn apply(&self, account: &mut Account) -> bool {
        if !matches!(account.incoming, Incoming::Pop3(_)) {
            return false;
        }
        match self {
            AccountEdit::CheckInterval(minutes) => {
                account.pop3.check_interval_minutes = (*minutes).max(1)
            }
            AccountEdit::Retention(retention) => account.pop3.retention = *retention,
            AccountEdit::DeleteAfter(days) => account.pop3.delete_after_days = *days,
        }
        true
    }
}

/// A value of a menu, with its words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choice<T> {
    value: T,
    label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A language in the menu: its own name, or "as the system".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LanguageChoice(Language);

impl std::fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.endonym() {
            Some(name) => f.write_str(name),
            None => f.write_str(&fl!("prefs-language-system")),
        }
    }
}

const INTERVALS: [u32; 6] = [1, 5, 10, 15, 30, 60];
const DAYS: [Option<u32>; 5] = [None, Some(7), Some(14), Some(30), Some(90)];

impl Panel {
    pub fn view<'a>(
        &'a self,
        preferences: &Preferences,
        accounts: &'a [Account],
    ) -> Element<'a, Message> {
        let languages = Language::ALL.map(LanguageChoice);
        let language = Language::from_code(preferences.language.as_deref());
        let theme = ThemeChoice::from_code(preferences.theme.as_deref());
        let mut c = column![
            text(fl!("prefs-title")).size(22),
            labelled(
                fl!("prefs-language"),
                pick_list(languages, Some(LanguageChoice(language)), |c| {
                    Message::Language(c.0)
                })
                .width(Length::Fixed(280.0))
                .into()
            ),
            labelled(
                fl!("prefs-theme"),
                pick_list(ThemeChoice::ALL, Some(theme), Message::Theme)
                    .width(Length::Fixed(280.0))
                    .into()
            ),
            checkbox(preferences.mark_read_on_open)
                .label(fl!("prefs-mark-read-on-open"))
                .on_toggle(Message::MarkReadOnOpen),
            checkbox(preferences.notifications)
                .label(fl!("prefs-notifications"))
                .on_toggle(Message::Notifications),
            column![
                checkbox(crate::desktop::keeps_running(preferences))
                    .label(fl!("prefs-keep-running"))
                    .on_toggle(Message::KeepRunning),
                text(fl!("prefs-keep-running-detail"))
                    .size(13)
                    .style(style::muted),
            ]
            .spacing(6),
            self.pictures(preferences),
        ]
        .spacing(16)
        .padding(20);
        for account in accounts {
            c = c.push(rule::horizontal(1));
            c = c.push(self.account_settings(account));
        }
        // Facteur's place in the session, after the accounts (each is used more often).
        if let Some(desktop) = self.desktop.view() {
            c = c.push(rule::horizontal(1));
            c = c.push(desktop.map(Message::Desktop));
        }
        c = c.push(rule::horizontal(1));
        c = c.push(about());
        // One under the other: side by side, "Quitter Facteur" wrapped in a narrow panel.
        c = c.push(
            column![
                button(text(fl!("prefs-close")))
                    .style(button::secondary)
                    .on_press(Message::Toggle),
                button(text(fl!("prefs-quit")))
                    .style(button::secondary)
                    .on_press(Message::Quit),
            ]
            .spacing(10),
        );
        scrollable(c).height(Length::Fill).into()
    }

    /// Remote pictures: whether the reader offers to show them, and the senders whose
    /// pictures are always shown (which the user can forget).
    fn pictures(&self, preferences: &Preferences) -> Element<'_, Message> {
        let mut c = column![
            checkbox(preferences.offer_remote_images)
                .label(fl!("prefs-offer-remote-images"))
                .on_toggle(Message::OfferRemoteImages),
            text(fl!("prefs-remote-content"))
                .size(13)
                .style(style::muted),
        ]
        .spacing(6);
        let senders = preferences.picture_senders.len();
        if senders > 0 {
            c = c.push(
                iced::widget::row![
                    text(fl!("prefs-picture-senders", count = senders))
                        .size(13)
                        .width(Length::Fill),
                    button(text(fl!("prefs-picture-senders-forget")).size(13))
                        .style(button::secondary)
                        .on_press(Message::ForgetPictureSenders),
                ]
                .spacing(10)
                .align_y(iced::Alignment::Center),
            );
        }
        c.into()
    }

    fn account_settings<'a>(&'a self, account: &'a Account) -> Element<'a, Message> {
        let email = account.email.clone();
        let mut c = column![text(account.email.clone()).size(16)].spacing(10);
        match &account.incoming {
            Incoming::Imap(s) => {
                c = c.push(
                    text(fl!("prefs-imap-push", host = s.host.as_str()))
                        .size(13)
                        .style(style::muted),
                );
            }
            Incoming::Pop3(s) => {
                c = c.push(
                    text(fl!("prefs-pop3-server", host = s.host.as_str()))
                        .size(13)
                        .style(style::muted),
                );
                c = c.push(menu(
                    fl!("prefs-check-interval"),
                    &INTERVALS,
                    account.pop3.check_interval_minutes,
                    |m| fl!("prefs-every-minutes", minutes = (m as i64)),
                    &email,
                    AccountEdit::CheckInterval,
                    240.0,
                ));
                c = c.push(menu(
                    fl!("prefs-pop3-retention"),
                    &[
                        Pop3Retention::LeaveOnServer,
                        Pop3Retention::DeleteAfterDownload,
                    ],
                    account.pop3.retention,
                    |r| match r {
                        Pop3Retention::LeaveOnServer => fl!("prefs-pop3-leave"),
                        Pop3Retention::DeleteAfterDownload => fl!("prefs-pop3-delete"),
                    },
                    &email,
                    AccountEdit::Retention,
                    320.0,
                ));
                if account.pop3.retention == Pop3Retention::LeaveOnServer {
                    c = c.push(menu(
                        fl!("prefs-pop3-delete-after"),
                        &DAYS,
                        account.pop3.delete_after_days,
                        |d| match d {
                            None => fl!("prefs-pop3-keep-forever"),
                            Some(n) => fl!("prefs-pop3-days", days = (n as i64)),
                        },
                        &email,
                        AccountEdit::DeleteAfter,
                        240.0,
                    ));
                }
            }
        }
        let confirming = self.removing.as_deref() == Some(account.email.as_str());
        // One button under the other: the panel is narrow, and a row pushed the last one off
        // its edge.
        let mut buttons = column![
            button(text(fl!("prefs-edit-servers")))
                .style(button::secondary)
                .on_press(Message::EditServers(email.clone())),
        ]
        .spacing(8);
        if confirming {
            buttons = buttons.push(
                button(text(fl!("prefs-remove-cancel")))
                    .style(button::secondary)
                    .on_press(Message::CancelRemove),
            );
            buttons = buttons.push(
                button(text(fl!("prefs-remove-confirm")))
                    .style(button::danger)
                    .on_press(Message::RemoveAccount(email.clone())),
            );
        } else {
            buttons = buttons.push(
                button(text(fl!("prefs-remove-account")))
                    .style(button::danger)
                    .on_press(Message::AskRemove(email.clone())),
            );
        }
        c = c.push(buttons);
        if confirming {
            c = c.push(
                container(
                    text(fl!(
                        "prefs-remove-warning",
                        account = account.email.as_str()
                    ))
                    .size(14),
                )
                .padding(10)
                .width(Length::Fill)
                .style(container::rounded_box),
            );
        }
        c.into()
    }
}

/// A titled menu of an account setting: `values` in words, with `current` chosen (added when
/// it is none of them, as a value written by hand in the settings file); a choice sends `edit`.
fn menu<'a, T: Copy + PartialEq + 'static>(
    title: String,
    values: &[T],
    current: T,
    words: impl Fn(T) -> String,
    email: &str,
    edit: fn(T) -> AccountEdit,
    width: f32,
) -> Element<'a, Message> {
    let mut choices: Vec<Choice<T>> = values
        .iter()
        .map(|v| Choice {
            value: *v,
            label: words(*v),
        })
        .collect();
    if !values.contains(&current) {
        choices.push(Choice {
            value: current,
            label: words(current),
        });
    }
    let chosen = choices.iter().find(|c| c.value == current).cloned();
    let email = email.to_string();
    labelled(
        title,
        pick_list(choices, chosen, move |c| {
            Message::EditAccount(email.clone(), edit(c.value))
        })
        .width(Length::Fixed(width))
        .into(),
    )
}

/// Facteur's version and licence, and where its provider data comes from (whose licence asks
/// to be named).
fn about<'a>() -> Element<'a, Message> {
    column![
        text(fl!("about-title")).size(16),
        text(fl!("about-version", version = env!("CARGO_PKG_VERSION"))).size(14),
        text(fl!("about-licence")).size(13).style(style::muted),
        text(fl!("about-providers")).size(13).style(style::muted),
    ]
    .spacing(6)
    .into()
}

fn labelled<'a>(label: String, content: Element<'a, Message>) -> Element<'a, Message> {
    column![text(label).size(13), content].spacing(4).into()
}
