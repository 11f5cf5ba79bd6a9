//! The guided account setup: from a name, an address and a password to a verified account.
//!
//! Steps: who you are → finding your provider (cancellable, saying which source it asks) →
//! what was found, in plain words, with the provider's notes → IMAP or POP3, explained, where
//! both exist → (edit settings by hand, any time) → verification, a line per step → done.
//! The engine does the network work (`Command::Discover`, `Command::CheckServer`); this screen
//! only keeps state and draws it.

pub mod form;
pub mod view;

use crate::account::{Account, AuthMethod, Incoming};
use crate::engine::RequestId;
use crate::engine::{Command, Event, SetupOp};
use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError};
use crate::setup::discover::{SetupError, Stage};
use crate::setup::probe::Step as ProbeStep;
use crate::setup::{Candidate, Protocol, ServerSetting};

pub use form::{Edit, Form, Role, ServerForm};

/// Where the user is in the wizard. A step carries what only it uses; what the user typed
/// and what discovery found are the whole wizard's (every later step reads them).
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Identity,
    /// Looking for the servers: the engine's request, and the source it is reading.
    Discovering {
        request: RequestId,
        stage: Option<Stage>,
    },
    Found,
    Choice,
    Manual,
    /// Both servers are being checked, then the account saved.
    Verifying(Verification),
    /// The provider is known and no mail app can read its mail: why, and where to go.
    Unsupported(SetupError),
}

/// IMAP or POP3, as the user chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Imap,
    Pop3,
}

/// The check of one server, line by line.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub request: RequestId,
    pub setting: ServerSetting,
    /// The last step reached.
    pub reached: Option<ProbeStep>,
    /// `None` while running.
    pub outcome: Option<Result<(), MailError>>,
}

/// The check of both servers and the saving of the account that follows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verification {
    /// The incoming server's check, then the outgoing one's.
    pub checks: Vec<Check>,
    /// Both passed: the account is being saved.
    pub saving: bool,
    /// Saving failed (secret store, disk).
    pub save_error: Option<crate::ui::Failure>,
}

impl Verification {
    /// The first failure of the checks.
    pub fn failure(&self) -> Option<&MailError> {
        self.checks
            .iter()
            .find_map(|c| c.outcome.as_ref().and_then(|o| o.as_ref().err()))
    }

    /// Whether a check or the saving failed (the user can try again).
    pub fn failed(&self) -> bool {
        self.failure().is_some() || self.save_error.is_some()
    }

    fn check(&mut self, request: RequestId) -> Option<&mut Check> {
        self.checks.iter_mut().find(|c| c.request == request)
    }
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct State {
    pub step: Step,
    pub name: String,
    pub email: String,
    pub password: String,
    pub show_password: bool,
    /// A problem with what was typed on the first step.
    pub identity_error: Option<IdentityError>,
    pub candidates: Vec<Candidate>,
    pub discovery_error: Option<SetupError>,
    /// The answer to "will you read this mail on other devices too?".
    pub other_devices: Option<bool>,
    pub kind: Kind,
    pub form: Form,
    pub show_details: bool,
    /// The wizard can be closed (an account already exists).
    pub can_close: bool,
    /// A certificate authority to trust besides the system's (the profile's setup CA), kept
    /// in the account's servers.
    pub ca_file: Option<std::path::PathBuf>,
    /// The account whose servers are being edited (its other settings are kept).
    pub editing: Option<Box<Account>>,
}

/// What the wizard's widgets say.
#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Email(String),
    Password(String),
    TogglePassword,
    Start,
    Cancel,
    UseFound,
    EditSettings,
    OtherDevices(bool),
    Choose(Kind),
    ChoiceDone,
    Form(Edit),
    Verify,
    ToggleDetails,
    Back,
    Close,
    OpenLink(String),
}

/// What the wizard asks of the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    Engine(Vec<Command>),
    /// Both servers accepted the password: save this account (the password goes to the
    /// secret store) and open the mailbox.
    Save {
        account: Box<Account>,
        password: String,
    },
    Close,
    OpenLink(String),
}

/// What is wrong with the first step, put into words when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    Setup(SetupError),
    PasswordMissing,
}

impl IdentityError {
    pub fn text(&self) -> String {
        match self {
            IdentityError::Setup(e) => crate::i18n::setup::setup_error_text(e),
            IdentityError::PasswordMissing => crate::fl!("wizard-password-missing"),
        }
    }
}

impl State {
    pub fn new(can_close: bool) -> State {
        State {
            step: Step::Identity,
            name: String::new(),
            email: String::new(),
            password: String::new(),
            show_password: false,
            identity_error: None,
            candidates: Vec::new(),
            discovery_error: None,
            other_devices: None,
            kind: Kind::Imap,
            form: Form::new(
                ServerForm::blank(Protocol::Imap, ""),
                ServerForm::blank(Protocol::Smtp, ""),
            ),
            show_details: false,
            can_close,
            ca_file: None,
            editing: None,
        }
    }

    /// The manual form for an existing account's servers ("Edit servers" in the settings):
    /// checked like a new account, then saved in its place with its other settings kept.
    pub fn editing(account: &Account, password: String) -> State {
        let mut w = State::new(true);
        w.name = account.name.clone();
        w.email = account.email.clone();
        w.password = password;
        let (protocol, incoming) = match &account.incoming {
            Incoming::Imap(s) => (Protocol::Imap, s),
            Incoming::Pop3(s) => (Protocol::Pop3, s),
        };
        w.kind = match protocol {
            Protocol::Pop3 => Kind::Pop3,
            _ => Kind::Imap,
        };
        w.form = Form::new(
            ServerForm::from_server(protocol, incoming),
            ServerForm::from_server(Protocol::Smtp, &account.outgoing),
        );
        w.ca_file = incoming.ca_file.clone();
        w.editing = Some(Box::new(account.clone()));
        w.step = Step::Manual;
        w
    }

    fn request(&mut self) -> RequestId {
        RequestId::new()
    }

    /// Whether the wizard waits for this discovery.
    fn waits_for_discovery(&self, request: RequestId) -> bool {
        matches!(self.step, Step::Discovering { request: r, .. } if r == request)
    }

    /// The requests still running, to cancel when the wizard goes away.
    pub fn running(&self) -> Vec<RequestId> {
        match &self.step {
            Step::Discovering { request, .. } => vec![*request],
            Step::Verifying(v) => v
                .checks
                .iter()
                .filter(|c| c.outcome.is_none())
                .map(|c| c.request)
                .collect(),
            _ => Vec::new(),
        }
    }

    fn cancel_running(&mut self) -> Vec<Command> {
        let commands = self
            .running()
            .into_iter()
            .map(|request| Command::Cancel { request })
            .collect();
        if let Step::Verifying(v) = &mut self.step {
            v.checks.retain(|c| c.outcome.is_some());
        }
        commands
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Name(name) => self.name = name,
            Message::Email(email) => {
                self.email = email;
                self.identity_error = None;
            }
            Message::Password(password) => self.password = password,
            Message::TogglePassword => self.show_password = !self.show_password,
            Message::Start => return self.start(),
            Message::Cancel => {
                let commands = self.cancel_running();
                self.step = match self.step {
                    Step::Verifying(_) => Step::Manual,
                    _ => Step::Identity,
                };
                return Action::Engine(commands);
            }
            Message::UseFound => return self.after_found(),
            Message::EditSettings => self.step = Step::Manual,
            Message::OtherDevices(yes) => {
                self.other_devices = Some(yes);
                self.kind = if yes { Kind::Imap } else { Kind::Pop3 };
            }
            Message::Choose(kind) => self.kind = kind,
            Message::ChoiceDone => {
                self.fill_from_candidate();
                return self.verify();
            }
            Message::Form(edit) => self.form.apply(edit),
            Message::Verify => return self.verify(),
            Message::ToggleDetails => self.show_details = !self.show_details,
            Message::Back => {
                let commands = self.cancel_running();
                self.step = match self.step {
                    Step::Identity | Step::Discovering { .. } | Step::Found => Step::Identity,
                    Step::Choice => Step::Found,
                    Step::Manual if !self.candidates.is_empty() => Step::Found,
                    Step::Manual => Step::Identity,
                    Step::Verifying(_) => Step::Manual,
                    Step::Unsupported(_) => Step::Identity,
                };
                return Action::Engine(commands);
            }
            Message::Close => {
                let commands = self.cancel_running();
                if !commands.is_empty() {
                    return Action::Engine(commands);
                }
                return Action::Close;
            }
            Message::OpenLink(url) => return Action::OpenLink(url),
        }
        Action::None
    }

    fn start(&mut self) -> Action {
        let Some(address) = crate::setup::Address::parse(&self.email) else {
            self.identity_error = Some(IdentityError::Setup(SetupError::InvalidAddress(
                self.email.trim().to_string(),
            )));
            return Action::None;
        };
        if self.password.is_empty() {
            self.identity_error = Some(IdentityError::PasswordMissing);
            return Action::None;
        }
        self.email = address.full;
        let mut commands = self.cancel_running();
        let request = self.request();
        self.candidates.clear();
        self.discovery_error = None;
        self.other_devices = None;
        self.step = Step::Discovering {
            request,
            stage: None,
        };
        self.form = Form::new(
            ServerForm::blank(Protocol::Imap, &self.email),
            ServerForm::blank(Protocol::Smtp, &self.email),
        );
        commands.push(Command::Setup(SetupOp::Discover {
            request,
            email: self.email.clone(),
        }));
        Action::Engine(commands)
    }

    /// What Enter does on this step: the step's main button, when it can be pressed.
    pub fn primary(&self) -> Option<Message> {
        match &self.step {
            Step::Identity => Some(Message::Start),
            Step::Discovering { .. } => None,
            Step::Found => Some(Message::UseFound),
            Step::Choice => Some(Message::ChoiceDone),
            Step::Manual => self.form.problem().is_none().then_some(Message::Verify),
            Step::Verifying(v) => v.failed().then_some(Message::Verify),
            Step::Unsupported(_) => Some(Message::Back),
        }
    }

    /// Whether the verification failed on the password, so that it can be corrected in place.
    pub fn password_refused(&self) -> bool {
        self.failure().is_some_and(|e| {
            matches!(
                e.kind,
                ErrorKind::WrongCredentials | ErrorKind::AppPasswordRequired
            )
        })
    }

    /// Whether discovery failed for want of a network (the user can try again).
    pub fn offline(&self) -> bool {
        matches!(self.discovery_error, Some(SetupError::NoConnection(_)))
    }

    /// The best candidate found.
    pub fn found(&self) -> Option<&Candidate> {
        self.candidates.first()
    }

    /// Whether the provider offers both IMAP and POP3 (the user chooses).
    pub fn offers_both(&self) -> bool {
        self.found().is_some_and(|c| {
            c.incoming.iter().any(|s| s.protocol == Protocol::Imap)
                && c.incoming.iter().any(|s| s.protocol == Protocol::Pop3)
        })
    }

    fn after_found(&mut self) -> Action {
        if self.offers_both() {
            self.step = Step::Choice;
            return Action::None;
        }
        self.fill_from_candidate();
        self.verify()
    }

    /// Fills the form from the best candidate for the chosen kind (encrypted servers first).
    fn fill_from_candidate(&mut self) {
        let Some(c) = self.found() else { return };
        let want = match self.kind {
            Kind::Imap => Protocol::Imap,
            Kind::Pop3 => Protocol::Pop3,
        };
        let pick = |list: &[ServerSetting], protocol: Option<Protocol>| {
            let matching = |s: &&ServerSetting| protocol.is_none_or(|p| s.protocol == p);
            list.iter()
                .filter(matching)
                .find(|s| !s.is_plaintext())
                .or_else(|| list.iter().find(matching))
                .cloned()
        };
        let incoming = pick(&c.incoming, Some(want)).or_else(|| pick(&c.incoming, None));
        let outgoing = pick(&c.outgoing, None);
        if let Some(s) = incoming {
            self.form.incoming = ServerForm::from_setting(&s);
        }
        if let Some(s) = outgoing {
            self.form.outgoing = ServerForm::from_setting(&s);
        }
        self.form.consent = false;
    }

    fn verify(&mut self) -> Action {
        let Some((incoming, outgoing)) = self.form.settings() else {
            self.step = Step::Manual;
            return Action::None;
        };
        let mut commands = self.cancel_running();
        self.show_details = false;
        let mut verification = Verification::default();
        for setting in [incoming, outgoing] {
            let request = self.request();
            let credentials = match setting.auth {
                AuthMethod::Password => Credentials::Password(self.password.clone()),
                AuthMethod::OAuth2 => Credentials::OAuth2(self.password.clone()),
            };
            commands.push(Command::Setup(SetupOp::CheckServer {
                request,
                server: setting.clone(),
                credentials,
            }));
            verification.checks.push(Check {
                request,
                setting,
                reached: None,
                outcome: None,
            });
        }
        self.step = Step::Verifying(verification);
        Action::Engine(commands)
    }

    /// Takes the engine's answers to this wizard's requests.
    pub fn event(&mut self, event: &Event) -> Action {
        match event {
            Event::DiscoveryProgress { request, stage } if self.waits_for_discovery(*request) => {
                self.step = Step::Discovering {
                    request: *request,
                    stage: Some(*stage),
                };
            }
            Event::Discovered { request, result } if self.waits_for_discovery(*request) => {
                match result {
                    Ok(list) if !list.is_empty() => {
                        self.candidates = list.clone();
                        self.kind = Kind::Imap;
                        self.fill_from_candidate();
                        self.step = Step::Found;
                    }
                    Ok(_) => {
                        self.discovery_error = Some(SetupError::NoServerFound(
                            self.email.rsplit('@').next().unwrap_or("").to_string(),
                        ));
                        self.step = Step::Manual;
                    }
                    Err(e @ SetupError::Unsupported { .. }) => {
                        self.step = Step::Unsupported(e.clone());
                    }
                    Err(e) => {
                        self.discovery_error = Some(e.clone());
                        self.step = match e {
                            SetupError::InvalidAddress(_) => Step::Identity,
                            _ => Step::Manual,
                        };
                        if let SetupError::InvalidAddress(_) = e {
                            self.identity_error = Some(IdentityError::Setup(e.clone()));
                        }
                    }
                }
            }
            Event::SetupProgress { request, progress } => {
                if let Step::Verifying(v) = &mut self.step
                    && let Some(c) = v.check(*request)
                {
                    c.reached = Some(progress.step);
                }
            }
            Event::SetupChecked { request, result } => {
                let Step::Verifying(v) = &mut self.step else {
                    return Action::None;
                };
                let Some(c) = v.check(*request) else {
                    return Action::None;
                };
                c.outcome = Some(result.clone());
                if result.is_err() {
                    // The other check is pointless now.
                    return Action::Engine(self.cancel_running());
                }
                if v.checks.iter().all(|c| matches!(c.outcome, Some(Ok(()))))
                    && let Some(account) = self.account()
                {
                    if let Step::Verifying(v) = &mut self.step {
                        v.saving = true;
                    }
                    return Action::Save {
                        account: Box::new(account),
                        password: self.password.clone(),
                    };
                }
            }
            _ => {}
        }
        Action::None
    }

    /// The first failure of the verification, while it is shown.
    pub fn failure(&self) -> Option<&MailError> {
        match &self.step {
            Step::Verifying(v) => v.failure(),
            _ => None,
        }
    }

    /// Saving the account failed: say why, let the user try again.
    pub fn save_failed(&mut self, reason: crate::ui::Failure) {
        if let Step::Verifying(v) = &mut self.step {
            v.saving = false;
            v.save_error = Some(reason);
        }
    }

    /// The account the verified settings describe (once both servers were checked).
    pub fn account(&self) -> Option<Account> {
        let Step::Verifying(v) = &self.step else {
            return None;
        };
        let [incoming, outgoing] = &v.checks[..] else {
            return None;
        };
        let mut account = crate::setup::account(
            &self.name,
            &self.email,
            &incoming.setting,
            &outgoing.setting,
            self.found(),
            self.ca_file.clone(),
        );
        if let Some(old) = &self.editing {
            account.pop3 = old.pop3.clone();
            account.keep_offline = old.keep_offline;
            account.sent_saved_by_server = old.sent_saved_by_server;
        }
        Some(account)
    }
}

#[cfg(test)]
mod tests;
