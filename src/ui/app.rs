//! The application: its screens, the engine link, and what crosses between them.

use iced::widget::{container, text};
use iced::{Element, Length, Subscription, Task, Theme};

use super::library::Library;
use super::link::{self, Link};
use super::{mailbox, wizard};
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
    /// The DNS discovery asks (`None`: the system's resolver).
    pub dns: Option<std::sync::Arc<dyn crate::setup::discover::Dns>>,
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
            dns: None,
        })
    }
}

/// The screens of the window.
#[derive(Debug)]
pub enum Screen {
    Wizard(Box<wizard::State>),
    Mailbox(Box<mailbox::State>),
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
    pub preferences: crate::account::Preferences,
}

/// What can happen in the application.
#[derive(Debug, Clone)]
pub enum Message {
    Link(Link),
    Wizard(wizard::Message),
    Mailbox(mailbox::Message),
    Saved(Result<Account, String>),
    PreferencesSaved(Result<(), String>),
    Key(iced::keyboard::Event),
}

impl App {
    pub fn new(profile: Profile) -> (App, Task<Message>) {
        let (accounts, preferences, fatal) = match Config::load(&profile.paths.config_file()) {
            Ok(c) => (c.accounts, c.preferences, None),
            Err(e) => (
                Vec::new(),
                crate::account::Preferences::default(),
                Some(crate::i18n::error_text(&e.into())),
            ),
        };
        if preferences.language.is_some() {
            let language = crate::i18n::Language::from_code(preferences.language.as_deref());
            if let Err(e) = crate::i18n::select(language) {
                tracing::warn!("{e}");
            }
        }
        let mut app = App {
            screen: Screen::Wizard(Box::new(wizard(&profile, false))),
            profile,
            accounts,
            engine: None,
            waiting: Vec::new(),
            fatal,
            preferences,
        };
        let task = if app.accounts.is_empty() {
            iced::widget::operation::focus(wizard::view::NAME)
        } else {
            app.open_mailbox()
        };
        (app, task)
    }

    fn open_mailbox(&mut self) -> Task<Message> {
        let library = Library::new(self.profile.paths.store_file());
        let emails = self.accounts.iter().map(|a| a.email.clone()).collect();
        let (mut state, task) = mailbox::State::new(library, emails, unix_now());
        state.mark_read_on_open = self.preferences.mark_read_on_open;
        state.language = crate::i18n::Language::from_code(self.preferences.language.as_deref());
        self.screen = Screen::Mailbox(Box::new(state));
        task.map(Message::Mailbox)
    }

    pub fn title(&self) -> String {
        fl!("app-name")
    }

    /// `None`: follow the system's light or dark preference.
    pub fn theme(&self) -> Option<Theme> {
        None
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            link::subscription(&self.profile).map(Message::Link),
            iced::keyboard::listen().map(Message::Key),
        ])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Link(Link::Ready(handle)) => self.engine_ready(handle),
            Message::Link(Link::Failed(reason)) => self.fatal = Some(reason),
            Message::Link(Link::Event(event)) => match &mut self.screen {
                Screen::Wizard(w) => {
                    let action = w.event(&event);
                    return self.wizard_action(action);
                }
                Screen::Mailbox(m) => {
                    let action = m.event(&event);
                    return self.mailbox_action(action);
                }
            },
            Message::Wizard(m) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    let action = w.update(m);
                    return self.wizard_action(action);
                }
            }
            Message::Mailbox(message) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    let action = m.update(message);
                    return self.mailbox_action(action);
                }
            }
            Message::Key(event) => return self.key(event),
            Message::PreferencesSaved(Ok(())) => {}
            Message::PreferencesSaved(Err(reason)) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    m.error = Some(reason);
                }
            }
            Message::Saved(Ok(account)) => {
                self.send(Command::AddAccount(Box::new(account.clone())));
                self.accounts
                    .retain(|a| !a.email.eq_ignore_ascii_case(&account.email));
                self.accounts.push(account);
                return self.open_mailbox();
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
            wizard::Action::Save { account, password } => Task::perform(
                save_account(self.profile.clone(), *account, password),
                Message::Saved,
            ),
            wizard::Action::Close => {
                if self.accounts.is_empty() {
                    Task::none()
                } else {
                    self.open_mailbox()
                }
            }
            wizard::Action::OpenLink(url) => {
                open_in_browser(&url);
                Task::none()
            }
        }
    }

    fn mailbox_action(&mut self, action: mailbox::Action) -> Task<Message> {
        match action {
            mailbox::Action::None => Task::none(),
            mailbox::Action::Run(task) => task.map(Message::Mailbox),
            mailbox::Action::Engine(commands, task) => {
                for c in commands {
                    self.send(c);
                }
                task.map(Message::Mailbox)
            }
            mailbox::Action::OpenLink(url) => {
                open_in_browser(&url);
                Task::none()
            }
            mailbox::Action::Preferences(preferences) => {
                let language = crate::i18n::Language::from_code(preferences.language.as_deref());
                if let Err(e) = crate::i18n::select(language) {
                    tracing::warn!("{e}");
                }
                self.preferences = preferences.clone();
                Task::perform(
                    save_preferences(self.profile.clone(), preferences),
                    Message::PreferencesSaved,
                )
            }
            mailbox::Action::AddAccount => {
                self.screen = Screen::Wizard(Box::new(wizard(&self.profile, true)));
                Task::none()
            }
        }
    }

    /// Keyboard shortcuts (keys no widget took): Tab and Shift+Tab move between fields; in the
    /// wizard Enter goes on and Escape goes back; in the mailbox ↓/j next, ↑/k previous, m read/unread, s flag, Delete delete, / search.
    fn key(&mut self, event: iced::keyboard::Event) -> Task<Message> {
        use iced::keyboard::{Event as K, Key, key::Named};
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
        if modifiers.control() || modifiers.alt() || modifiers.logo() {
            return Task::none();
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

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(problem) = &self.fatal {
            return container(text(problem.clone()))
                .center(Length::Fill)
                .padding(24)
                .into();
        }
        match &self.screen {
            Screen::Wizard(w) => w.view().map(Message::Wizard),
            Screen::Mailbox(m) => m.view().map(Message::Mailbox),
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

/// Writes the preferences into the settings file, keeping everything else.
async fn save_preferences(
    profile: Profile,
    preferences: crate::account::Preferences,
) -> Result<(), String> {
    tokio::task::spawn_blocking(move || {
        let path = profile.paths.config_file();
        let mut config = Config::load(&path).map_err(|e| crate::i18n::error_text(&e.into()))?;
        config.preferences = preferences;
        config
            .save(&path)
            .map_err(|e| crate::i18n::error_text(&e.into()))
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

/// A wizard whose accounts trust the CA the profile trusts for setup.
fn wizard(profile: &Profile, can_close: bool) -> wizard::State {
    let mut w = wizard::State::new(can_close);
    w.ca_file = profile.setup.extra_ca.clone();
    w
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
