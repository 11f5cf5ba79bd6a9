//! The application: its screens, the engine link, and what crosses between them.

use iced::widget::{column, container, text};
use iced::{Element, Length, Subscription, Task, Theme};

use super::link::{self, Link};
use super::wizard;
use crate::account::{Account, Config, SecretKey, SecretRole, Secrets};
use crate::engine::{Command, EngineHandle};
use crate::fl;
use crate::paths::Paths;
use crate::setup::discover::Settings;

/// What the window runs with: where the profile lives, where passwords are kept, where setup
/// looks for servers.
#[derive(Clone)]
pub struct Profile {
    pub paths: Paths,
    /// `None`: the system's secret store.
    pub secrets: Option<Secrets>,
    pub setup: Settings,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("paths", &self.paths)
            .finish()
    }
}

impl Profile {
    /// The profile of `FACTEUR_HOME` or the platform's folders, with the environment's setup
    /// overrides.
    pub fn from_env() -> anyhow::Result<Profile> {
        Ok(Profile {
            paths: Paths::from_env()?,
            secrets: None,
            setup: Settings::from_env(false),
        })
    }
}

/// The screens of the window.
#[derive(Debug)]
pub enum Screen {
    Wizard(Box<wizard::State>),
    /// Accounts are set up (the mailbox comes with the rest of the window).
    Accounts,
}

/// The application state.
#[derive(Debug)]
pub struct App {
    pub profile: Profile,
    pub screen: Screen,
    pub accounts: Vec<Account>,
    pub engine: Option<EngineHandle>,
    /// Commands asked before the engine was ready.
    waiting: Vec<Command>,
    /// A problem that stops the window from working (unreadable settings).
    pub fatal: Option<String>,
}

/// What can happen in the application.
#[derive(Debug, Clone)]
pub enum Message {
    Link(Link),
    Wizard(wizard::Message),
    Saved(Result<Account, String>),
}

impl App {
    pub fn new(profile: Profile) -> App {
        let (accounts, fatal) = match Config::load(&profile.paths.config_file()) {
            Ok(c) => (c.accounts, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let screen = if accounts.is_empty() {
            Screen::Wizard(Box::new(wizard::State::new(false)))
        } else {
            Screen::Accounts
        };
        App {
            profile,
            screen,
            accounts,
            engine: None,
            waiting: Vec::new(),
            fatal,
        }
    }

    pub fn title(&self) -> String {
        fl!("app-name")
    }

    /// `None`: follow the system's light or dark preference.
    pub fn theme(&self) -> Option<Theme> {
        None
    }

    pub fn subscription(&self) -> Subscription<Message> {
        link::subscription(&self.profile).map(Message::Link)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Link(Link::Ready(handle)) => self.engine_ready(handle),
            Message::Link(Link::Failed(reason)) => self.fatal = Some(reason),
            Message::Link(Link::Event(event)) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    let action = w.event(&event);
                    return self.wizard_action(action);
                }
            }
            Message::Wizard(m) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    let action = w.update(m);
                    return self.wizard_action(action);
                }
            }
            Message::Saved(Ok(account)) => {
                self.send(Command::AddAccount(Box::new(account.clone())));
                self.accounts
                    .retain(|a| !a.email.eq_ignore_ascii_case(&account.email));
                self.accounts.push(account);
                self.screen = Screen::Accounts;
            }
            Message::Saved(Err(reason)) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    w.save_failed(reason);
                }
            }
        }
        Task::none()
    }

    fn engine_ready(&mut self, handle: EngineHandle) {
        for command in self.waiting.drain(..) {
            let _ = handle.send(command);
        }
        self.engine = Some(handle);
    }

    /// Sends a command to the engine, or keeps it until the engine is ready.
    pub fn send(&mut self, command: Command) {
        match &self.engine {
            Some(engine) if engine.send(command.clone()).is_ok() => {}
            Some(_) => self.fatal = Some(fl!("app-engine-stopped")),
            None => self.waiting.push(command),
        }
    }

    fn wizard_action(&mut self, action: wizard::Action) -> Task<Message> {
        match action {
            wizard::Action::None => Task::none(),
            wizard::Action::Engine(commands) => {
                for c in commands {
                    self.send(c);
                }
                Task::none()
            }
            wizard::Action::Save { account, password } => {
                let mut account = *account;
                // The CA the profile trusts for setup is trusted for the account too.
                if let Some(ca) = &self.profile.setup.extra_ca {
                    account.outgoing.ca_file = Some(ca.clone());
                    match &mut account.incoming {
                        crate::account::Incoming::Imap(s) | crate::account::Incoming::Pop3(s) => {
                            s.ca_file = Some(ca.clone())
                        }
                    }
                }
                Task::perform(
                    save_account(self.profile.clone(), account, password),
                    Message::Saved,
                )
            }
            wizard::Action::Close => {
                if !self.accounts.is_empty() {
                    self.screen = Screen::Accounts;
                }
                Task::none()
            }
            wizard::Action::OpenLink(url) => {
                open_in_browser(&url);
                Task::none()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(problem) = &self.fatal {
            return container(text(problem.clone()))
                .center(Length::Fill)
                .padding(24)
                .into();
        }
        match &self.screen {
            Screen::Wizard(w) => w.view().map(Message::Wizard),
            Screen::Accounts => {
                let content = column![
                    text(fl!("welcome-title")).size(28),
                    text(fl!("welcome-accounts", count = self.accounts.len())),
                ]
                .spacing(12)
                .max_width(560);
                container(content).center(Length::Fill).padding(24).into()
            }
        }
    }
}

/// Stores the password in the secret store, then adds the account to the settings file
/// (both off the window's thread). If the settings cannot be written, the password is removed
/// again.
async fn save_account(
    profile: Profile,
    account: Account,
    password: String,
) -> Result<Account, String> {
    tokio::task::spawn_blocking(move || {
        let secrets = match &profile.secrets {
            Some(s) => s.clone(),
            None => Secrets::system().map_err(|e| crate::i18n::error_text(&e.into()))?,
        };
        for role in [SecretRole::Incoming, SecretRole::Outgoing] {
            secrets
                .set(&SecretKey::new(&account.email, role), &password)
                .map_err(|e| crate::i18n::error_text(&e.into()))?;
        }
        let path = profile.paths.config_file();
        let saved = profile
            .paths
            .create()
            .map_err(|e| crate::i18n::error_text(&e))
            .and_then(|()| {
                let mut config =
                    Config::load(&path).map_err(|e| crate::i18n::error_text(&e.into()))?;
                config
                    .accounts
                    .retain(|a| !a.email.eq_ignore_ascii_case(&account.email));
                config.accounts.push(account.clone());
                config
                    .save(&path)
                    .map_err(|e| crate::i18n::error_text(&e.into()))
            });
        if let Err(e) = saved {
            let _ = secrets.delete_account(&account.email);
            return Err(e);
        }
        Ok(account)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Opens a web address in the user's browser (only web and mail addresses).
pub fn open_in_browser(url: &str) {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:"))
    {
        return;
    }
    if let Err(e) = std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tracing::warn!("cannot open {url}: {e}");
    }
}
