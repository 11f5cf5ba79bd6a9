//! How each step of the wizard looks.

use iced::widget::{
    button, checkbox, column, container, pick_list, radio, row, rule, scrollable, space, text,
    text_input,
};
use iced::{Alignment, Element, Length};

use super::form::{Problem, Role};
use super::{Kind, Message, State, Step, Verification};
use crate::account::{AuthMethod, Security};
use crate::fl;
use crate::i18n::setup::{note_text, security_text, source_text, stage_text};
use crate::i18n::{mail_error_text, setup::setup_error_text};
use crate::proto::error::MailError;
use crate::setup::probe::Step as ProbeStep;
use crate::setup::{Protocol, ServerSetting};
use crate::ui::style;

/// Ids of the inputs, for focus and tests.
pub const NAME: &str = "wizard-name";
pub const EMAIL: &str = "wizard-email";
pub const PASSWORD: &str = "wizard-password";
/// The password field of the checking step, shown when the password was refused.
pub const PASSWORD_AGAIN: &str = "wizard-password-again";

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let (title, body, buttons) = match &self.step {
            Step::Identity => self.identity(),
            Step::Discovering { stage, .. } => self.discovering(*stage),
            Step::Found => self.found_view(),
            Step::Choice => self.choice(),
            Step::Manual => self.manual(),
            Step::Verifying(v) => self.verifying(v),
            Step::Unsupported(why) => self.unsupported(why),
        };
        // The buttons stay in view; the step's content scrolls when the window is small.
        let content = column![
            text(fl!("wizard-heading")).size(13).style(style::muted),
            text(title).size(26),
            body,
        ]
        .spacing(18)
        .padding(iced::Padding::ZERO.right(14));
        let card = column![
            scrollable(content).height(Length::Fill),
            rule::horizontal(1),
            buttons,
        ]
        .spacing(18)
        .max_width(640);
        container(card)
            .padding(32)
            .center_x(Length::Fill)
            .center_y(Length::Fill)
            .into()
    }

    fn buttons<'a>(
        &self,
        back: Option<Message>,
        next: Option<(String, Option<Message>)>,
    ) -> Element<'a, Message> {
        let mut r = row![].spacing(12).align_y(Alignment::Center);
        if self.can_close && self.step == Step::Identity {
            r = r.push(
                button(text(fl!("wizard-close")))
                    .style(button::text)
                    .on_press(Message::Close),
            );
        }
        if let Some(back) = back {
            r = r.push(
                button(text(fl!("wizard-back")))
                    .style(button::secondary)
                    .on_press(back),
            );
        }
        r = r.push(space::horizontal());
        if let Some((label, message)) = next {
            r = r.push(button(text(label)).on_press_maybe(message));
        }
        r.into()
    }

    fn identity(&self) -> (String, Element<'_, Message>, Element<'_, Message>) {
        let ready = !self.email.trim().is_empty() && !self.password.is_empty();
        let mut body = column![
            text(fl!("wizard-identity-intro")),
            labelled(
                fl!("wizard-name"),
                text_input(&fl!("wizard-name-placeholder"), &self.name)
                    .id(NAME)
                    .on_input(Message::Name)
                    .on_submit(Message::Start),
            ),
            labelled(
                fl!("wizard-email"),
                text_input(&fl!("wizard-email-placeholder"), &self.email)
                    .id(EMAIL)
                    .on_input(Message::Email)
                    .on_submit(Message::Start),
            ),
            labelled(
                fl!("wizard-password"),
                self.password_row(PASSWORD, Message::Start)
            ),
            text(fl!("wizard-password-note"))
                .size(13)
                .style(style::muted),
        ]
        .spacing(14);
        if let Some(e) = &self.identity_error {
            body = body.push(text(e.text()).style(text::danger));
        }
        let next = (fl!("wizard-next"), ready.then_some(Message::Start));
        (
            fl!("wizard-identity-title"),
            body.into(),
            self.buttons(None, Some(next)),
        )
    }

    fn discovering(
        &self,
        stage: Option<crate::setup::discover::Stage>,
    ) -> (String, Element<'_, Message>, Element<'_, Message>) {
        let now = stage
            .map(stage_text)
            .unwrap_or_else(|| fl!("setup-stage-bundled"));
        let body = column![
            text(fl!("wizard-discovering-intro", email = self.email.as_str())),
            row![text("⏳"), text(now)].spacing(8),
        ]
        .spacing(14);
        let buttons = row![
            space::horizontal(),
            button(text(fl!("wizard-cancel")))
                .style(button::secondary)
                .on_press(Message::Cancel),
            button(text(fl!("wizard-edit-settings")))
                .style(button::secondary)
                .on_press(Message::EditSettings),
        ]
        .spacing(12);
        (fl!("wizard-discovering-title"), body.into(), buttons.into())
    }

    fn found_view(&self) -> (String, Element<'_, Message>, Element<'_, Message>) {
        let Some(c) = self.found() else {
            return self.manual();
        };
        let name = c
            .provider
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| self.email.rsplit('@').next().unwrap_or("").to_string());
        let mut body =
            column![text(fl!("wizard-found", provider = name.as_str())).size(18)].spacing(12);
        // What must be done first (an app password, IMAP to turn on) comes before the servers.
        if let Some(p) = &c.provider {
            for note in &p.notes {
                body = body.push(note_box(*note, p.help_url.as_deref()));
            }
        }
        let first = |protocol: Option<Protocol>, list: &[ServerSetting]| {
            list.iter()
                .find(|s| protocol.is_none_or(|p| p == s.protocol) && !s.is_plaintext())
                .or_else(|| {
                    list.iter()
                        .find(|s| protocol.is_none_or(|p| p == s.protocol))
                })
                .cloned()
        };
        for s in [
            first(Some(Protocol::Imap), &c.incoming),
            first(Some(Protocol::Pop3), &c.incoming),
            first(None, &c.outgoing),
        ]
        .into_iter()
        .flatten()
        {
            body = body.push(text(server_sentence(&s)));
        }
        body = body.push(
            text(fl!("wizard-found-source", source = source_text(&c.source)))
                .size(13)
                .style(style::muted),
        );
        if matches!(
            c.source,
            crate::setup::Source::Autoconfig { insecure: true, .. }
        ) {
            body = body.push(text(fl!("wizard-found-insecure")).style(text::warning));
        }
        let buttons = row![
            button(text(fl!("wizard-back")))
                .style(button::secondary)
                .on_press(Message::Back),
            space::horizontal(),
            button(text(fl!("wizard-edit-settings")))
                .style(button::secondary)
                .on_press(Message::EditSettings),
            button(text(fl!("wizard-continue"))).on_press(Message::UseFound),
        ]
        .spacing(12);
        (fl!("wizard-found-title"), body.into(), buttons.into())
    }

    fn choice(&self) -> (String, Element<'_, Message>, Element<'_, Message>) {
        let answer = self.other_devices;
        let mut body = column![
            text(fl!("wizard-choice-question")).size(18),
            row![
                radio(
                    fl!("wizard-choice-yes"),
                    true,
                    answer,
                    Message::OtherDevices
                ),
                radio(
                    fl!("wizard-choice-no"),
                    false,
                    answer,
                    Message::OtherDevices
                ),
            ]
            .spacing(24),
        ]
        .spacing(14);
        let option = |kind: Kind, title: String, explanation: String| {
            let recommended = answer.is_some() && ((kind == Kind::Imap) == answer.unwrap_or(true));
            let mut head = row![radio(title, kind, Some(self.kind), Message::Choose)].spacing(10);
            if recommended {
                head = head.push(
                    text(fl!("wizard-choice-recommended"))
                        .size(13)
                        .style(text::success),
                );
            }
            container(column![head, text(explanation).size(14)].spacing(6))
                .padding(12)
                .width(Length::Fill)
                .style(container::rounded_box)
        };
        body = body
            .push(option(
                Kind::Imap,
                fl!("wizard-choice-imap"),
                fl!("wizard-choice-imap-explained"),
            ))
            .push(option(
                Kind::Pop3,
                fl!("wizard-choice-pop3"),
                fl!("wizard-choice-pop3-explained"),
            ));
        let buttons = self.buttons(
            Some(Message::Back),
            Some((fl!("wizard-continue"), Some(Message::ChoiceDone))),
        );
        (fl!("wizard-choice-title"), body.into(), buttons)
    }

    fn manual(&self) -> (String, Element<'_, Message>, Element<'_, Message>) {
        let mut body = column![].spacing(16);
        if let Some(e) = &self.discovery_error {
            let mut said = row![
                text(setup_error_text(e))
                    .style(text::warning)
                    .width(Length::Fill)
            ]
            .spacing(12)
            .align_y(Alignment::Center);
            if self.offline() {
                said = said.push(
                    button(text(fl!("wizard-discover-again")))
                        .style(button::secondary)
                        .on_press(Message::Start),
                );
            }
            body = body.push(said);
        }
        body = body.push(text(fl!("wizard-manual-intro")));
        body = body.push(self.server_form(Role::Incoming));
        body = body.push(self.server_form(Role::Outgoing));
        if self.form.is_plaintext() {
            body = body.push(
                container(
                    column![
                        text(fl!("wizard-plaintext-warning")).style(text::danger),
                        checkbox(self.form.consent)
                            .label(fl!("wizard-plaintext-consent"))
                            .on_toggle(|on| Message::Form(super::Edit::Consent(on))),
                    ]
                    .spacing(8),
                )
                .padding(12)
                .style(container::rounded_box),
            );
        }
        if let Some(problem) = self.form.problem() {
            let sentence = match problem {
                Problem::MissingHost(role) => fl!("wizard-problem-host", server = role_key(role)),
                Problem::BadPort(role) => fl!("wizard-problem-port", server = role_key(role)),
                Problem::MissingUsername(role) => {
                    fl!("wizard-problem-username", server = role_key(role))
                }
                Problem::NeedsConsent => fl!("wizard-problem-consent"),
            };
            body = body.push(text(sentence).size(13).style(style::muted));
        }
        let ready = self.form.problem().is_none();
        let buttons = self.buttons(
            Some(Message::Back),
            Some((fl!("wizard-verify"), ready.then_some(Message::Verify))),
        );
        (fl!("wizard-manual-title"), body.into(), buttons)
    }

    fn server_form(&self, role: Role) -> Element<'_, Message> {
        use super::Edit;
        let s = self.form.server(role);
        let title = match role {
            Role::Incoming => fl!("wizard-incoming"),
            Role::Outgoing => fl!("wizard-outgoing"),
        };
        let mut c = column![text(title).size(18)].spacing(10);
        if role == Role::Incoming {
            c = c.push(
                row![
                    radio("IMAP", Protocol::Imap, Some(s.protocol), |p| Message::Form(
                        Edit::Protocol(p)
                    )),
                    radio("POP3", Protocol::Pop3, Some(s.protocol), |p| Message::Form(
                        Edit::Protocol(p)
                    )),
                ]
                .spacing(24),
            );
        }
        let securities = [Security::Tls, Security::Starttls, Security::None].map(SecurityChoice);
        let auths = [AuthMethod::Password, AuthMethod::OAuth2].map(AuthChoice);
        c = c
            .push(
                row![
                    labelled(
                        fl!("wizard-host"),
                        text_input("mail.example.org", &s.host)
                            .id(field_id(role, "host"))
                            .on_input(move |v| Message::Form(Edit::Host(role, v))),
                    )
                    .width(Length::FillPortion(3)),
                    labelled(
                        fl!("wizard-port"),
                        text_input("", &s.port)
                            .id(field_id(role, "port"))
                            .on_input(move |v| Message::Form(Edit::Port(role, v))),
                    )
                    .width(Length::FillPortion(1)),
                ]
                .spacing(10),
            )
            .push(
                row![
                    labelled(
                        fl!("wizard-security"),
                        pick_list(securities, Some(SecurityChoice(s.security)), move |c| {
                            Message::Form(Edit::Security(role, c.0))
                        })
                        .width(Length::Fill),
                    ),
                    labelled(
                        fl!("wizard-auth"),
                        pick_list(auths, Some(AuthChoice(s.auth)), move |c| {
                            Message::Form(Edit::Auth(role, c.0))
                        })
                        .width(Length::Fill),
                    ),
                ]
                .spacing(10),
            )
            .push(labelled(
                fl!("wizard-username"),
                text_input("", &s.username)
                    .id(field_id(role, "username"))
                    .on_input(move |v| Message::Form(Edit::Username(role, v))),
            ));
        container(c)
            .padding(14)
            .width(Length::Fill)
            .style(container::rounded_box)
            .into()
    }

    fn verifying<'a>(
        &'a self,
        v: &'a Verification,
    ) -> (String, Element<'a, Message>, Element<'a, Message>) {
        let mut body = column![].spacing(14);
        for check in &v.checks {
            body = body.push(check_lines(check));
        }
        if let Some(e) = v.failure() {
            body = body.push(failure_box(e, self.show_details));
            if self.password_refused() {
                body = body.push(self.password_again());
            }
        } else if let Some(e) = &v.save_error {
            body = body.push(text(e.text()).style(text::danger));
        } else if v.saving {
            body = body.push(text(fl!("wizard-saving")));
        }
        let failed = v.failed();
        let mut buttons = row![
            button(text(fl!("wizard-back")))
                .style(button::secondary)
                .on_press(Message::Back),
            space::horizontal()
        ]
        .spacing(12);
        if failed {
            buttons = buttons
                .push(
                    button(text(fl!("wizard-edit-settings")))
                        .style(button::secondary)
                        .on_press(Message::EditSettings),
                )
                .push(button(text(fl!("wizard-try-again"))).on_press(Message::Verify));
        }
        (fl!("wizard-verifying-title"), body.into(), buttons.into())
    }
}

impl State {
    /// The password field (hidden unless the user shows it) and its Show/Hide button; Enter
    /// sends `submit`.
    fn password_row(&self, id: &'static str, submit: Message) -> Element<'_, Message> {
        row![
            text_input("", &self.password)
                .id(id)
                .secure(!self.show_password)
                .on_input(Message::Password)
                .on_submit(submit),
            button(text(if self.show_password {
                fl!("wizard-password-hide")
            } else {
                fl!("wizard-password-show")
            }))
            .style(button::secondary)
            .on_press(Message::TogglePassword),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }

    /// The password, to correct in place after the server refused it, with the provider's
    /// note (an app password, and where to make it) when it has one.
    fn password_again(&self) -> Element<'_, Message> {
        let mut c = column![
            labelled(
                fl!("wizard-password-again"),
                self.password_row(PASSWORD_AGAIN, Message::Verify)
            ),
            text(fl!("wizard-password-again-hint"))
                .size(13)
                .style(style::muted),
        ]
        .spacing(10);
        if let Some(p) = self.found().and_then(|c| c.provider.as_ref()) {
            for note in p.notes.iter().filter(|n| {
                matches!(
                    n,
                    crate::setup::ProviderNote::AppPassword
                        | crate::setup::ProviderNote::EnableImap
                )
            }) {
                c = c.push(note_box(*note, p.help_url.as_deref()));
            }
        }
        c.into()
    }

    fn unsupported<'a>(
        &'a self,
        why: &'a crate::setup::discover::SetupError,
    ) -> (String, Element<'a, Message>, Element<'a, Message>) {
        let mut body = column![].spacing(14);
        let mut bridge = false;
        if let e @ crate::setup::discover::SetupError::Unsupported {
            provider,
            reason,
            help_url,
        } = why
        {
            bridge = *reason == crate::setup::Unsupported::Bridge;
            body = body.push(text(setup_error_text(e)).size(17));
            if let Some(url) = help_url {
                body = body.push(
                    column![
                        text(if bridge {
                            fl!("wizard-unsupported-help", provider = provider.as_str())
                        } else {
                            fl!("wizard-unsupported-website", provider = provider.as_str())
                        })
                        .size(13)
                        .style(style::muted),
                        link_button(url),
                    ]
                    .spacing(4),
                );
            }
        }
        let mut buttons = row![
            button(text(fl!("wizard-unsupported-other"))).on_press(Message::Back),
            space::horizontal(),
        ]
        .spacing(12);
        if bridge {
            buttons = buttons.push(
                button(text(fl!("wizard-unsupported-manual")))
                    .style(button::secondary)
                    .on_press(Message::EditSettings),
            );
        }
        (fl!("wizard-unsupported-title"), body.into(), buttons.into())
    }
}

/// A provider's note, with the page where its step is done as a link that opens the browser.
fn note_box<'a>(note: crate::setup::ProviderNote, help_url: Option<&str>) -> Element<'a, Message> {
    let mut c = column![text(note_text(note))].spacing(6);
    if let Some(url) = help_url {
        c = c.push(link_button(url));
    }
    container(c)
        .padding(12)
        .width(Length::Fill)
        .style(container::rounded_box)
        .into()
}

/// A web address the user can click: it opens in the browser.
fn link_button<'a>(url: &str) -> Element<'a, Message> {
    button(text(url.to_string()).size(13).style(style::link))
        .style(button::text)
        .padding(0)
        .on_press(Message::OpenLink(url.to_string()))
        .into()
}

fn failure_box(e: &MailError, details: bool) -> Element<'_, Message> {
    let mut c = column![text(mail_error_text(e)).style(text::danger)].spacing(8);
    if !e.server_text.trim().is_empty() {
        c = c.push(
            button(text(if details {
                fl!("wizard-details-hide")
            } else {
                fl!("wizard-details-show")
            }))
            .style(button::text)
            .padding(0)
            .on_press(Message::ToggleDetails),
        );
        if details {
            c = c.push(
                text(e.server_text.trim().to_string())
                    .size(13)
                    .font(iced::Font::MONOSPACE),
            );
        }
    }
    container(c)
        .padding(12)
        .width(Length::Fill)
        .style(container::rounded_box)
        .into()
}

/// "Connect", "Encryption", "Log in": done, running, failed or waiting.
fn check_lines(check: &super::Check) -> Element<'_, Message> {
    let s = &check.setting;
    let failed = matches!(check.outcome, Some(Err(_)));
    let reached = match (check.reached, &check.outcome) {
        (_, Some(Ok(()))) => 3,
        (Some(ProbeStep::LoggedIn), _) => 3,
        (Some(ProbeStep::LoggingIn), _) | (Some(ProbeStep::Secured), _) => 2,
        (Some(ProbeStep::Connecting), _) | (None, _) => 0,
    };
    // Secured means connected and encrypted at once.
    let steps = [
        fl!("wizard-check-connect"),
        if s.security == Security::None {
            fl!("wizard-check-no-encryption")
        } else {
            fl!("wizard-check-encryption")
        },
        fl!("wizard-check-login"),
    ];
    let mut c =
        column![text(format!("{} — {}:{}", s.protocol.name(), s.host, s.port)).size(16)].spacing(4);
    for (i, label) in steps.into_iter().enumerate() {
        let (mark, style): (&str, fn(&iced::Theme) -> text::Style) = if i < reached {
            ("✔", text::success)
        } else if i == reached && failed {
            ("✘", text::danger)
        } else if i == reached && check.outcome.is_none() {
            ("…", style::muted)
        } else {
            ("·", style::muted)
        };
        c = c.push(row![text(mark).style(style).width(20), text(label).style(style)].spacing(6));
    }
    container(c)
        .padding(12)
        .width(Length::Fill)
        .style(container::rounded_box)
        .into()
}

/// "Incoming IMAP: imap.gmail.com, port 993, SSL/TLS, user name marie@gmail.com".
pub fn server_sentence(s: &ServerSetting) -> String {
    let key = match s.protocol {
        Protocol::Smtp => fl!("wizard-server-outgoing"),
        _ => fl!("wizard-server-incoming"),
    };
    fl!(
        "wizard-server-sentence",
        role = key,
        protocol = s.protocol.name(),
        host = s.host.as_str(),
        port = s.port.to_string(),
        security = security_text(s.security),
        username = s.username.as_str()
    )
}

/// The role as the wizard's sentences select on it (each language words the server itself).
fn role_key(role: Role) -> &'static str {
    match role {
        Role::Incoming => "incoming",
        Role::Outgoing => "outgoing",
    }
}

pub fn field_id(role: Role, field: &str) -> String {
    let role = match role {
        Role::Incoming => "incoming",
        Role::Outgoing => "outgoing",
    };
    format!("wizard-{role}-{field}")
}

fn labelled<'a>(
    label: String,
    input: impl Into<Element<'a, Message>>,
) -> iced::widget::Column<'a, Message> {
    column![text(label).size(13), input.into()]
        .spacing(4)
        .width(Length::Fill)
}

/// A security in a pick list, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SecurityChoice(Security);

impl std::fmt::Display for SecurityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            Security::Tls => fl!("wizard-security-tls"),
            Security::Starttls => fl!("wizard-security-starttls"),
            Security::None => fl!("wizard-security-none"),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AuthChoice(AuthMethod);

impl std::fmt::Display for AuthChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            AuthMethod::Password => fl!("wizard-auth-password"),
            AuthMethod::OAuth2 => fl!("wizard-auth-oauth2"),
        })
    }
}
