//! The application: its screens, the engine link, and what crosses between them.

mod desktop;
mod keys;
mod tasks;

use std::collections::HashMap;
use std::sync::Arc;

use iced::widget::{container, text};
use iced::{Element, Length, Subscription, Task, Theme};

use super::composer;
use super::dialogs::{self, Dialogs};
use super::library::Library;
use super::link::{self, Link};
use super::mailbox::{self, Compose};
use super::{notify, wizard};
use crate::account::{Account, Config, Secrets};
use crate::engine::{Command, EngineHandle, Event, OutboxOp};
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
    /// The file dialogs (the desktop's, or a test's).
    pub dialogs: Arc<dyn Dialogs>,
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
            dialogs: dialogs::system(),
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
    pub fatal: Option<Fatal>,
    pub preferences: crate::account::Preferences,
    /// The window's read side of the store.
    library: Library,
    /// The message being written, shown over the mailbox.
    pub composer: Option<Box<composer::State>>,
    /// The window is closing: waiting for the engine to stop.
    closing: bool,
    /// The engine said it stopped.
    stopped: bool,
    /// The keyboard's modifiers now (Ctrl+Enter in a field that takes Enter still sends).
    modifiers: iced::keyboard::Modifiers,
    /// The unread count last shown on the launcher.
    launcher_count: Option<i64>,
    /// `FACTEUR_FIRST_FRAME_FILE`: a file to write once the first frame is drawn (the
    /// start-up benchmark waits for it).
    first_frame_file: Option<std::path::PathBuf>,
    /// `mailto:` links that came before any account existed, opened once one is set up.
    pending_links: Vec<crate::desktop::mailto::Mailto>,
    /// The main window, while it is open (`None`: running with the window closed).
    pub window: Option<iced::window::Id>,
    /// The desktop prefers dark (the theme when the settings follow the system).
    system_dark: bool,
    /// The window's device pixels per logical pixel (HTML mail is drawn at it).
    pub(crate) scale: f32,
}

/// What can happen in the application.
#[derive(Debug, Clone)]
pub enum Message {
    Link(Link),
    Wizard(wizard::Message),
    Mailbox(mailbox::Message),
    Composer(composer::Message),
    /// What a composer opens with (a reply, a forward, a draft…).
    ComposerReady(Result<Box<tasks::Opening>, crate::ui::Failure>),
    /// The draft of a composer left open at the last stop (`Err`: it was never saved).
    Reopened(Result<Box<tasks::Opening>, crate::ui::Failure>),
    Saved(Result<Account, crate::ui::Failure>),
    PreferencesSaved(Result<(), crate::ui::Failure>),
    Key(iced::keyboard::Event),
    /// A new-mail notification was clicked: open this message.
    Notified(Option<i64>),
    /// The user closes the window.
    CloseRequested(iced::window::Id),
    /// The engine did not stop in time; close anyway.
    Exit,
    /// An account's settings were saved (or not).
    AccountUpdated(Result<Account, crate::ui::Failure>),
    /// The stored password of an account whose servers the user edits.
    EditServers(String, String),
    /// An account was removed from the settings and the secret store (or not).
    AccountRemoved(Result<String, crate::ui::Failure>),
    /// Another launch, or the desktop, asks something (open a link, show the window, quit).
    Desktop(crate::desktop::instance::Request),
    /// A frame was drawn (listened to only for the start-up benchmark).
    FirstFrame,
    /// The desktop's light or dark preference.
    SystemTheme(iced::theme::Mode),
    /// The window's scale factor.
    Scale(f32),
}

/// What stops the window from working, put into words when shown.
#[derive(Debug, Clone)]
pub enum Fatal {
    /// The settings or the store could not be read, or the engine could not start.
    Failed(Arc<anyhow::Error>),
    /// The engine stopped while the window runs.
    EngineStopped,
}

impl Fatal {
    pub fn text(&self) -> String {
        match self {
            Fatal::Failed(error) => crate::i18n::error_text(error),
            Fatal::EngineStopped => fl!("app-engine-stopped"),
        }
    }
}

impl App {
    pub fn new(profile: Profile) -> (App, Task<Message>) {
        let (accounts, preferences, fatal) = match Config::load(&profile.paths.config_file()) {
            Ok(c) => (c.accounts, c.preferences, None),
            Err(e) => (
                Vec::new(),
                crate::account::Preferences::default(),
                Some(Fatal::Failed(Arc::new(e.into()))),
            ),
        };
        if preferences.language.is_some() {
            let language = crate::i18n::Language::from_code(preferences.language.as_deref());
            if let Err(e) = crate::i18n::select(language) {
                tracing::warn!("{e}");
            }
        }
        // A composer left open (a crash, a killed session) opens again with its draft.
        let open_draft = std::fs::read_to_string(profile.paths.open_draft_file())
            .ok()
            .map(|key| key.trim().to_string())
            .filter(|key| !key.is_empty());
        let mut app = App {
            screen: Screen::Wizard(Box::new(wizard(&profile, false))),
            library: Library::new(profile.paths.store_file()),
            profile,
            accounts,
            engine: None,
            waiting: Vec::new(),
            fatal,
            preferences,
            composer: None,
            closing: false,
            stopped: false,
            modifiers: iced::keyboard::Modifiers::default(),
            pending_links: Vec::new(),
            launcher_count: None,
            first_frame_file: std::env::var_os("FACTEUR_FIRST_FRAME_FILE").map(Into::into),
            window: None,
            system_dark: false,
            scale: 1.0,
        };
        let system_theme = iced::system::theme().map(Message::SystemTheme);
        let task = if app.accounts.is_empty() {
            iced::widget::operation::focus(wizard::view::NAME)
        } else {
            let reopen = match open_draft {
                Some(key) => Task::perform(tasks::reopen(app.library.clone(), key), |r| {
                    Message::Reopened(r.map(Box::new))
                }),
                None => Task::none(),
            };
            Task::batch([app.open_mailbox(), reopen])
        };
        (app, Task::batch([task, system_theme]))
    }

    fn open_mailbox(&mut self) -> Task<Message> {
        let emails = self.accounts.iter().map(|a| a.email.clone()).collect();
        let (state, task) = mailbox::State::new(self.library.clone(), emails, unix_now());
        self.screen = Screen::Mailbox(Box::new(state));
        task.map(Message::Mailbox)
    }

    /// "Inbox (3) — Facteur": the folder shown and its unread messages.
    pub fn title(&self) -> String {
        match &self.screen {
            Screen::Mailbox(m) => {
                let (folder, unread) = m.shown_folder();
                fl!("app-title", folder = folder, count = unread)
            }
            Screen::Wizard(_) => fl!("app-name"),
        }
    }

    /// The theme chosen in the settings; `None`: follow the system's light or dark preference.
    pub fn theme(&self) -> Option<Theme> {
        mailbox::ThemeChoice::from_code(self.preferences.theme.as_deref()).theme()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let autosave = match &self.composer {
            Some(c) if c.needs_saving() => iced::time::every(composer::AUTOSAVE)
                .map(|_| Message::Composer(composer::Message::Autosave)),
            _ => Subscription::none(),
        };
        Subscription::batch([
            link::subscription(&self.profile).map(Message::Link),
            iced::keyboard::listen().map(Message::Key),
            iced::window::close_requests().map(Message::CloseRequested),
            iced::system::theme_changes().map(Message::SystemTheme),
            Subscription::run(crate::desktop::instance::requests).map(Message::Desktop),
            match &self.first_frame_file {
                Some(_) => iced::window::frames().map(|_| Message::FirstFrame),
                None => Subscription::none(),
            },
            autosave,
        ])
    }

    /// The colours HTML mail without its own is drawn in: the theme's.
    pub fn look(&self) -> crate::mime::html::Look {
        let theme = self.theme().unwrap_or(if self.system_dark {
            Theme::Dark
        } else {
            Theme::Light
        });
        crate::ui::style::sheet_look(&theme)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.handle(message);
        let look = self.look();
        if let Screen::Mailbox(m) = &mut self.screen {
            m.reader.restyle(look, self.scale, &self.preferences);
        }
        match self.launcher_update() {
            Some(launcher) => Task::batch([task, launcher]),
            None => task,
        }
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Link(Link::Ready(handle)) => self.engine_ready(handle),
            Message::Link(Link::Failed(error)) => self.fatal = Some(Fatal::Failed(error)),
            Message::Link(Link::Event(event)) => return self.event(event),
            Message::Wizard(m) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    let action = w.update(m);
                    return self.wizard_action(action);
                }
            }
            Message::Mailbox(message) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    let action = m.update(message, &self.preferences);
                    return self.mailbox_action(action);
                }
            }
            Message::Composer(message) => {
                // Enter in an address field takes a completion; Ctrl+Enter sends, as elsewhere.
                let message = match message {
                    composer::Message::AcceptSuggestion(_) if self.modifiers.command() => {
                        composer::Message::Send
                    }
                    other => other,
                };
                if let Some(c) = &mut self.composer {
                    let action = c.update(message);
                    return self.composer_action(action);
                }
            }
            Message::ComposerReady(Ok(opening)) | Message::Reopened(Ok(opening)) => {
                return self.open_composer(*opening);
            }
            Message::Reopened(Err(_)) => {
                // Closed before its first save: nothing to bring back.
                return Task::future(tasks::record_open_draft(self.profile.clone(), None))
                    .discard();
            }
            Message::ComposerReady(Err(reason)) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    m.error = Some(reason);
                }
            }
            Message::Notified(Some(id)) => {
                let open = match &mut self.screen {
                    Screen::Mailbox(m) if self.composer.is_none() => {
                        let action = m.update(mailbox::Message::Open(id), &self.preferences);
                        self.mailbox_action(action)
                    }
                    _ => Task::none(),
                };
                return Task::batch([self.show_window(), open]);
            }
            Message::Notified(None) => {}
            Message::CloseRequested(window) => return self.window_closing(window),
            Message::AccountUpdated(Ok(account)) => {
                self.send(Command::AddAccount(Box::new(account.clone())));
                for slot in &mut self.accounts {
                    if slot.id() == account.id() {
                        *slot = account.clone();
                    }
                }
            }
            Message::AccountUpdated(Err(reason)) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    m.error = Some(reason);
                }
            }
            Message::EditServers(email, password) => {
                if let Some(account) = self.accounts.iter().find(|a| a.id().is(&email)) {
                    self.screen =
                        Screen::Wizard(Box::new(wizard::State::editing(account, password)));
                }
            }
            Message::AccountRemoved(Ok(email)) => {
                self.accounts.retain(|a| !a.id().is(&email));
                if self.accounts.is_empty() {
                    self.screen = Screen::Wizard(Box::new(wizard(&self.profile, false)));
                    return iced::widget::operation::focus(wizard::view::NAME);
                }
                return self.open_mailbox();
            }
            Message::AccountRemoved(Err(reason)) => {
                if let Screen::Mailbox(m) = &mut self.screen {
                    m.error = Some(reason);
                }
            }
            Message::Exit => return iced::exit(),
            Message::Desktop(request) => return self.desktop(request),
            Message::SystemTheme(mode) => self.system_dark = mode == iced::theme::Mode::Dark,
            Message::Scale(scale) => self.scale = scale,
            Message::FirstFrame => {
                if let Some(file) = self.first_frame_file.take() {
                    return Task::future(async move {
                        if let Err(e) = tokio::fs::write(&file, b"drawn\n").await {
                            tracing::warn!("{}: {e}", file.display());
                        }
                    })
                    .discard();
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
                self.accounts.retain(|a| a.id() != account.id());
                self.accounts.push(account);
                let open = self.open_mailbox();
                let links: Vec<Task<Message>> = std::mem::take(&mut self.pending_links)
                    .into_iter()
                    .map(|link| self.compose(Compose::Link(Box::new(link))))
                    .collect();
                return open.chain(Task::batch(links));
            }
            Message::Saved(Err(reason)) => {
                if let Screen::Wizard(w) = &mut self.screen {
                    w.save_failed(reason);
                }
            }
        }
        Task::none()
    }

    /// Engine news, for the composer, the notifications and the screen.
    fn event(&mut self, event: Event) -> Task<Message> {
        if matches!(event, Event::Stopped) {
            self.stopped = true;
            if self.closing {
                return iced::exit();
            }
        }
        let mut tasks = Vec::new();
        if let Some(action) = self.composer.as_mut().map(|c| c.event(&event)) {
            tasks.push(self.composer_action(action));
        }
        if let Event::NewMail { messages, .. } = &event
            && self.preferences.notifications
            && let Some(announcement) = notify::announcement(messages)
        {
            tasks.push(Task::perform(notify::show(announcement), Message::Notified));
        }
        tasks.push(match &mut self.screen {
            Screen::Wizard(w) => {
                let action = w.event(&event);
                self.wizard_action(action)
            }
            Screen::Mailbox(m) => {
                let action = m.event(&event, &self.preferences);
                self.mailbox_action(action)
            }
        });
        Task::batch(tasks)
    }

    /// The identities mail can be sent from: every account.
    fn identities(&self) -> Vec<composer::Identity> {
        self.accounts
            .iter()
            .map(|a| composer::Identity {
                name: a.name.clone(),
                email: a.email.clone(),
            })
            .collect()
    }

    /// Opens the composer for a new message, a reply, a forward or a draft.
    fn compose(&mut self, kind: Compose) -> Task<Message> {
        if self.accounts.is_empty() {
            return Task::none();
        }
        if let Some(c) = &mut self.composer {
            // One message at a time: the one being written is saved and kept.
            let action = c.update(composer::Message::Close);
            let closing = self.composer_action(action);
            return closing.chain(self.compose(kind));
        }
        if let Compose::New | Compose::Link(_) = &kind {
            let mut problems = Vec::new();
            let draft = match &kind {
                Compose::Link(link) => {
                    problems = link.problems.clone();
                    tasks::link_draft(link)
                }
                _ => crate::mime::Draft::default(),
            };
            let mut opening = tasks::Opening::new(draft);
            if let Some(from) = self.current_account() {
                opening.draft.from = from;
            }
            let open = self.open_composer(opening);
            if let Some(c) = &mut self.composer
                && !problems.is_empty()
            {
                c.problem = Some(composer::Problem::Link(problems));
            }
            return open;
        }
        let names: HashMap<String, String> = self
            .accounts
            .iter()
            .map(|a| (a.email.clone(), a.name.clone()))
            .collect();
        Task::perform(
            tasks::opening(self.library.clone(), kind, tasks::Wording::current(), names),
            |r| Message::ComposerReady(r.map(Box::new)),
        )
    }

    /// The account of the folder shown, if one is.
    fn current_account(&self) -> Option<String> {
        match &self.screen {
            Screen::Mailbox(m) => match &m.selection {
                mailbox::Selection::Folder { account, .. } => Some(account.clone()),
                _ => None,
            },
            Screen::Wizard(_) => None,
        }
    }

    fn open_composer(&mut self, opening: tasks::Opening) -> Task<Message> {
        if let Some((account, id)) = &opening.from_outbox {
            self.send(Command::on(account, OutboxOp::Remove { id: *id }));
        }
        let reply = opening.draft.in_reply_to.is_some() || !opening.draft.to.is_empty();
        let key = opening.key.clone();
        let state =
            composer::State::new(self.identities(), opening.key, opening.draft, opening.saved);
        self.composer = Some(Box::new(state));
        let focus = if reply { composer::BODY } else { composer::TO };
        Task::batch([
            Task::perform(self.library.clone().contacts(), |r| {
                Message::Composer(composer::Message::Contacts(Arc::new(r.unwrap_or_default())))
            }),
            Task::future(tasks::record_open_draft(self.profile.clone(), Some(key))).discard(),
            iced::widget::operation::focus(focus),
        ])
    }

    fn composer_action(&mut self, action: composer::Action) -> Task<Message> {
        match action {
            composer::Action::None => Task::none(),
            composer::Action::Engine(commands) => {
                self.send_all(commands);
                Task::none()
            }
            composer::Action::Run(task) => task.map(Message::Composer),
            composer::Action::PickFiles => {
                let dialogs = self.profile.dialogs.clone();
                let title = fl!("composer-attach-title");
                Task::perform(
                    async move { tasks::read_attachments(dialogs.pick_files(title).await).await },
                    |files| Message::Composer(composer::Message::Attached(files)),
                )
            }
            composer::Action::Closed { commands, sent } => {
                self.send_all(commands);
                self.composer = None;
                if let Screen::Mailbox(m) = &mut self.screen
                    && sent
                {
                    m.notice = Some(mailbox::Notice::Sent);
                }
                Task::future(tasks::record_open_draft(self.profile.clone(), None)).discard()
            }
        }
    }

    /// The window is closing: the draft being written is saved, then the engine stops (it
    /// finishes what it was committing), then the window goes.
    fn close_window(&mut self) -> Task<Message> {
        if self.closing {
            return iced::exit();
        }
        self.closing = true;
        self.save_composer();
        match &self.engine {
            Some(engine) if engine.send(Command::Shutdown).is_ok() => {
                Task::future(tokio::time::sleep(std::time::Duration::from_secs(5)))
                    .map(|_| Message::Exit)
            }
            _ => iced::exit(),
        }
    }

    /// Commits the message being written to the store (a draft).
    fn save_composer(&mut self) {
        if let Some(c) = &mut self.composer
            && let composer::Action::Engine(commands) = c.update(composer::Message::Autosave)
        {
            self.send_all(commands);
        }
    }

    /// The engine has stopped (after the window asked it to, on closing).
    pub fn engine_stopped(&self) -> bool {
        self.stopped
    }

    fn engine_ready(&mut self, handle: EngineHandle) {
        for command in self.waiting.drain(..) {
            let _ = handle.send(command);
        }
        self.engine = Some(handle);
    }

    fn send_all(&mut self, commands: Vec<Command>) {
        for command in commands {
            self.send(command);
        }
    }

    /// Sends a command to the engine, or keeps it until the engine is ready.
    pub fn send(&mut self, command: Command) {
        match &self.engine {
            Some(engine) if engine.send(command.clone()).is_ok() => {}
            Some(_) => self.fatal = Some(Fatal::EngineStopped),
            None => self.waiting.push(command),
        }
    }

    fn wizard_action(&mut self, action: wizard::Action) -> Task<Message> {
        match action {
            wizard::Action::None => Task::none(),
            wizard::Action::Engine(commands) => {
                self.send_all(commands);
                Task::none()
            }
            wizard::Action::Save { account, password } => Task::perform(
                tasks::save_account(self.profile.clone(), *account, password),
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
            mailbox::Action::Quit => self.quit(),
            mailbox::Action::Run(task) => task.map(Message::Mailbox),
            mailbox::Action::Engine(commands, task) => {
                self.send_all(commands);
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
                    tasks::save_preferences(self.profile.clone(), preferences),
                    Message::PreferencesSaved,
                )
            }
            mailbox::Action::AddAccount => {
                self.screen = Screen::Wizard(Box::new(wizard(&self.profile, true)));
                Task::none()
            }
            mailbox::Action::Compose(kind) => self.compose(kind),
            mailbox::Action::EditAccount(email, edit) => {
                let Some(mut account) = self.accounts.iter().find(|a| a.id().is(&email)).cloned()
                else {
                    return Task::none();
                };
                if !edit.apply(&mut account) {
                    return Task::none();
                }
                // Shown once saved: the settings panel reads `self.accounts`.
                Task::perform(
                    tasks::save_account_settings(self.profile.clone(), account),
                    Message::AccountUpdated,
                )
            }
            mailbox::Action::EditServers(email) => Task::perform(
                tasks::stored_password(self.profile.clone(), email.clone()),
                move |password| Message::EditServers(email.clone(), password),
            ),
            mailbox::Action::RemoveAccount(email) => {
                // The engine stops serving it and removes its local mail.
                self.send(Command::RemoveAccount {
                    account: crate::account::AccountId::of(&email),
                });
                Task::perform(
                    tasks::remove_account(self.profile.clone(), email),
                    Message::AccountRemoved,
                )
            }
            mailbox::Action::SaveAttachments { message_id, parts } => {
                let dialogs = self.profile.dialogs.clone();
                let library = self.library.clone();
                let title = fl!("mailbox-save-title");
                Task::perform(
                    async move {
                        match dialogs.pick_folder(title).await {
                            Some(folder) => {
                                tasks::save_attachments(library, message_id, parts, folder).await
                            }
                            None => Ok(Vec::new()),
                        }
                    },
                    |r| {
                        Message::Mailbox(mailbox::Message::Reader(
                            mailbox::reader::Message::AttachmentsSaved(r),
                        ))
                    },
                )
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(problem) = &self.fatal {
            return container(text(problem.text()))
                .center(Length::Fill)
                .padding(24)
                .into();
        }
        if let Some(c) = &self.composer {
            return c.view().map(Message::Composer);
        }
        match &self.screen {
            Screen::Wizard(w) => w.view().map(Message::Wizard),
            Screen::Mailbox(m) => m
                .view(&self.accounts, &self.preferences)
                .map(Message::Mailbox),
        }
    }
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
