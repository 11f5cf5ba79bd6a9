//! The mailbox window: accounts and folders, the message list, the reader, search and the
//! status line.
//!
//! The list is virtual: it knows how many messages the chosen folder holds and keeps only a
//! window of rows around what is visible, read from the store a page at a time, so a folder of
//! 100,000 messages costs what a folder of 100 does.

mod events;
mod note;
pub mod outbox;
pub mod search;
pub mod settings;
mod view;

use std::collections::HashMap;

use iced::Task;

use super::library::{AccountFolders, Library, Opened, Page};
use crate::account::Preferences;
use crate::engine::event::{AccountState, PushState};
use crate::engine::{Command, Event, MailOp, MessageAction, RequestId};
use crate::proto::MailError;
use crate::store::{Flags, MessageRow, Scope};

pub use note::Note;
pub use settings::{AccountEdit, ThemeChoice};
pub use view::{ROW_HEIGHT, SEARCH};

/// Rows read around the visible ones.
const PAGE: usize = 120;

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    UnifiedInbox,
    /// Mail waiting to be sent, or refused.
    Outbox,
    Folder {
        account: String,
        id: i64,
        name: String,
    },
}

/// The rows read so far around the visible part of the list.
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub offset: usize,
    pub rows: Vec<MessageRow>,
    pub total: usize,
}

/// The mailbox's state.
#[derive(Debug, Clone)]
pub struct State {
    library: Library,
    pub accounts: Vec<String>,
    pub sidebar: Vec<AccountFolders>,
    pub selection: Selection,
    pub list: Window,
    /// Bumped when the list changes, so late pages of an old list are dropped.
    generation: u64,
    /// The part of the list in view: first row and how many.
    pub visible: (usize, usize),
    pub search: search::Search,
    pub selected: Option<i64>,
    pub opened: Option<Box<Opened>>,
    /// The message whose text and read mark were asked for.
    asked: Option<i64>,
    pub states: HashMap<String, AccountState>,
    /// The latest progress or problem, per account.
    pub notes: HashMap<String, Note>,
    pub error: Option<String>,
    pub now: i64,
    /// The settings panel (the preferences themselves are the app's).
    pub settings: settings::Panel,
    /// Every account's outbox.
    pub outbox: outbox::Outbox,
    /// What the last save of attachments did.
    pub saved_note: Option<String>,
    /// The message whose remote images are being downloaded, and the engine's request.
    pub loading_images: Option<(i64, RequestId)>,
    /// The message whose text the engine is downloading, and the request it will answer.
    pub fetching: Option<(i64, RequestId)>,
    /// Why the text of a message could not be downloaded (the reader says so, with Retry).
    pub download_failed: Option<(i64, MailError)>,
    /// The remote images loaded for a message, on the user's request.
    pub images: Option<(i64, Vec<iced::widget::image::Handle>)>,
}

/// What the mailbox's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    Sidebar(Result<Vec<AccountFolders>, String>),
    Select(Selection),
    Page(u64, Result<Page, String>),
    Scrolled {
        top: f32,
        height: f32,
    },
    Search(search::Message),
    Open(i64),
    Opened(i64, Result<Option<Box<Opened>>, String>),
    Act(Act),
    MoveTo(Target),
    Next,
    Previous,
    OpenLink(String),
    AddAccount,
    Refresh,
    Compose(Compose),
    /// Save one attachment (its part in the message) or all of them.
    SaveAttachments(Vec<usize>),
    /// The outcome of a save: the files written, or why not.
    AttachmentsSaved(Result<Vec<std::path::PathBuf>, String>),
    Outbox(outbox::Message),
    /// Show the open message's remote images (the user asked).
    LoadImages,
    /// Ask again for the text of the open message, whose download failed.
    RetryDownload,
    Settings(settings::Message),
}

/// A message to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compose {
    New,
    Reply {
        id: i64,
        all: bool,
    },
    Forward(i64),
    /// Go on with a draft (a message of a Drafts folder).
    Continue(i64),
    /// Take a message back from the outbox to edit it.
    FromOutbox(i64),
}

/// A user's action on the selected message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    ToggleRead,
    ToggleFlag,
    Delete,
    /// To this folder of the message's account.
    Move(String),
}

/// A folder to move the selected message to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub label: String,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// What the mailbox asks of the application.
pub enum Action {
    None,
    Run(Task<Message>),
    Engine(Vec<Command>, Task<Message>),
    OpenLink(String),
    AddAccount,
    /// The preferences changed: apply and save them.
    Preferences(crate::account::Preferences),
    Compose(Compose),
    /// Ask for a folder and save these parts of this message there.
    SaveAttachments {
        message_id: i64,
        parts: Vec<usize>,
    },
    /// Change an account's settings: save and apply the change.
    EditAccount(String, AccountEdit),
    /// Edit an account's servers (in the setup wizard's form).
    EditServers(String),
    /// Remove an account, its password and its local mail (the user confirmed).
    RemoveAccount(String),
}

impl State {
    pub fn new(library: Library, accounts: Vec<String>, now: i64) -> (State, Task<Message>) {
        let state = State {
            library,
            accounts,
            sidebar: Vec::new(),
            selection: Selection::UnifiedInbox,
            list: Window::default(),
            generation: 0,
            visible: (0, 20),
            search: search::Search::default(),
            selected: None,
            opened: None,
            asked: None,
            states: HashMap::new(),
            notes: HashMap::new(),
            error: None,
            now,
            settings: settings::Panel::default(),
            outbox: outbox::Outbox::default(),
            saved_note: None,
            loading_images: None,
            fetching: None,
            download_failed: None,
            images: None,
        };
        let task = Task::batch([
            state.load_sidebar(),
            state.load_page(0),
            state.load_outbox(),
        ]);
        (state, task)
    }

    fn scope(&self) -> Scope {
        match &self.selection {
            // The outbox is not a folder of the store; its list comes from `load_outbox`.
            Selection::UnifiedInbox | Selection::Outbox => Scope::UnifiedInbox,
            Selection::Folder { id, .. } => Scope::Folder(*id),
        }
    }

    fn load_outbox(&self) -> Task<Message> {
        Task::perform(self.library.clone().outbox_entries(), |r| {
            Message::Outbox(outbox::Message::Loaded(r))
        })
    }

    fn load_sidebar(&self) -> Task<Message> {
        Task::perform(
            self.library.clone().sidebar(self.accounts.clone()),
            Message::Sidebar,
        )
    }

    fn load_page(&self, first: usize) -> Task<Message> {
        let offset = first.saturating_sub(PAGE / 3);
        let generation = self.generation;
        Task::perform(
            self.library.clone().page(self.scope(), offset, PAGE),
            move |page| Message::Page(generation, page),
        )
    }

    /// The rows on screen, as loaded.
    pub fn rows(&self) -> &[MessageRow] {
        match &self.search.results {
            Some(results) => results,
            None => &self.list.rows,
        }
    }

    fn row(&self, id: i64) -> Option<&MessageRow> {
        self.rows().iter().find(|r| r.id == id).or(self
            .opened
            .as_ref()
            .map(|o| &o.row)
            .filter(|r| r.id == id))
    }

    /// A folder's special use, from the sidebar.
    pub fn folder_use(&self, folder_id: i64) -> Option<crate::store::SpecialUse> {
        self.sidebar
            .iter()
            .flat_map(|a| &a.folders)
            .find(|f| f.id == folder_id)
            .and_then(|f| f.special_use)
    }

    /// The account a folder belongs to.
    fn account_of(&self, folder_id: i64) -> Option<&str> {
        self.sidebar
            .iter()
            .find(|a| a.folders.iter().any(|f| f.id == folder_id))
            .map(|a| a.email.as_str())
    }

    pub fn update(&mut self, message: Message, preferences: &Preferences) -> Action {
        match message {
            Message::Sidebar(Ok(sidebar)) => self.sidebar = sidebar,
            Message::Sidebar(Err(e)) | Message::Page(_, Err(e)) => self.error = Some(e),
            Message::Select(selection) => {
                self.selection = selection;
                self.search.clear();
                self.generation += 1;
                self.list = Window::default();
                self.visible.0 = 0;
                self.outbox.selected = None;
                if self.selection == Selection::Outbox {
                    return Action::Run(self.load_outbox());
                }
                return Action::Run(self.load_page(0));
            }
            Message::Page(generation, Ok(page)) => {
                if generation == self.generation {
                    self.list = Window {
                        offset: page.offset,
                        rows: page.rows,
                        total: page.total,
                    };
                }
            }
            Message::Scrolled { top, height } => {
                let first = (top / ROW_HEIGHT).max(0.0) as usize;
                let count = (height / ROW_HEIGHT).ceil() as usize + 1;
                self.visible = (first, count);
                let loaded = self.list.offset..self.list.offset + self.list.rows.len();
                let wanted_end = (first + count).min(self.list.total);
                if !self.search.is_shown()
                    && (!loaded.contains(&first) && first < self.list.total
                        || wanted_end > loaded.end)
                {
                    return Action::Run(self.load_page(first));
                }
            }
            Message::Search(message) => match self.search.update(message, &self.library) {
                search::Action::None => {}
                search::Action::Run(task) => return Action::Run(task.map(Message::Search)),
                search::Action::Failed(e) => self.error = Some(e),
            },
            Message::Open(id) => return self.open(id),
            Message::Opened(id, result) => {
                if self.selected != Some(id) {
                    return Action::None;
                }
                match result {
                    // A read that started before the text arrived must not hide it again.
                    Ok(Some(o))
                        if o.display.is_none()
                            && self
                                .opened
                                .as_ref()
                                .is_some_and(|old| old.row.id == id && old.display.is_some()) => {}
                    Ok(Some(mut o)) => {
                        let commands = self.opened(&o, preferences.mark_read_on_open);
                        if preferences.mark_read_on_open {
                            o.row.flags = o.row.flags.with(Flags::SEEN, true);
                        }
                        self.opened = Some(o);
                        return Action::Engine(commands, Task::none());
                    }
                    Ok(None) => self.opened = None,
                    Err(e) => self.error = Some(e),
                }
            }
            Message::Act(act) => return self.act(act),
            Message::MoveTo(target) => return self.act(Act::Move(target.name)),
            Message::Next => return self.step(1),
            Message::Previous => return self.step(-1),
            Message::OpenLink(url) => return Action::OpenLink(url),
            Message::AddAccount => return Action::AddAccount,
            Message::Refresh => {
                return Action::Engine(vec![Command::Sync { account: None }], Task::none());
            }
            Message::Compose(compose) => return Action::Compose(compose),
            Message::SaveAttachments(parts) => {
                if let Some(o) = &self.opened {
                    self.saved_note = None;
                    return Action::SaveAttachments {
                        message_id: o.row.id,
                        parts,
                    };
                }
            }
            Message::AttachmentsSaved(result) => {
                self.saved_note = Some(match result {
                    Ok(files) if files.is_empty() => return Action::None,
                    Ok(files) => match files.as_slice() {
                        [one] => {
                            crate::fl!("mailbox-attachment-saved", path = one.display().to_string())
                        }
                        _ => crate::fl!(
                            "mailbox-attachments-saved",
                            count = files.len(),
                            folder = files[0]
                                .parent()
                                .map(|p| p.display().to_string())
                                .unwrap_or_default()
                        ),
                    },
                    Err(e) => crate::fl!("mailbox-attachments-not-saved", reason = e),
                });
            }
            Message::Outbox(message) => match self.outbox.update(message) {
                outbox::Action::None => {}
                outbox::Action::Engine(command) => {
                    return Action::Engine(vec![command], Task::none());
                }
                outbox::Action::Edit(id) => return Action::Compose(Compose::FromOutbox(id)),
                outbox::Action::Failed(e) => self.error = Some(e),
            },
            Message::Settings(message) => {
                return match self.settings.update(message, preferences) {
                    settings::Action::None => Action::None,
                    settings::Action::Preferences(p) => Action::Preferences(p),
                    settings::Action::EditAccount(email, edit) => Action::EditAccount(email, edit),
                    settings::Action::EditServers(email) => Action::EditServers(email),
                    settings::Action::RemoveAccount(email) => Action::RemoveAccount(email),
                };
            }
            Message::RetryDownload => {
                if let Some(o) = self.opened.clone()
                    && o.display.is_none()
                {
                    let fetch = self.fetch(&o);
                    return Action::Engine(vec![fetch], Task::none());
                }
            }
            Message::LoadImages => {
                let Some(o) = &self.opened else {
                    return Action::None;
                };
                let urls = o
                    .display
                    .as_ref()
                    .map(|d| d.remote_images.clone())
                    .unwrap_or_default();
                if !preferences.offer_remote_images || urls.is_empty() {
                    return Action::None;
                }
                let request = RequestId::new();
                self.loading_images = Some((o.row.id, request));
                return Action::Engine(
                    vec![Command::LoadRemoteImages { request, urls }],
                    Task::none(),
                );
            }
        }
        Action::None
    }

    fn open(&mut self, id: i64) -> Action {
        self.selected = Some(id);
        if self.opened.as_ref().is_none_or(|o| o.row.id != id) {
            self.opened = None;
            self.asked = None;
        }
        Action::Run(self.read(id))
    }

    fn read(&self, id: i64) -> Task<Message> {
        Task::perform(self.library.clone().open(id), move |r| {
            Message::Opened(id, r.map(|o| o.map(Box::new)))
        })
    }

    /// The message read from the store: ask the engine for its text if it is not here yet, and
    /// mark it read (once per opening).
    fn opened(&mut self, o: &Opened, mark_read: bool) -> Vec<Command> {
        if self.asked == Some(o.row.id) {
            return Vec::new();
        }
        self.asked = Some(o.row.id);
        let mut commands = Vec::new();
        if o.display.is_none() {
            commands.push(self.fetch(o));
        }
        if mark_read && !o.row.flags.contains(Flags::SEEN) {
            commands.push(Command::on(
                &o.account,
                MailOp::Act {
                    message_ids: vec![o.row.id],
                    action: MessageAction::MarkRead(true),
                },
            ));
            self.set_flags(o.row.id, o.row.flags.with(Flags::SEEN, true));
        }
        commands
    }

    /// Shows a change at once; the engine's sync confirms or puts it back.
    fn set_flags(&mut self, id: i64, flags: Flags) {
        for row in self
            .list
            .rows
            .iter_mut()
            .chain(self.search.results.iter_mut().flatten())
        {
            if row.id == id {
                row.flags = flags;
            }
        }
        if let Some(o) = self.opened.as_mut().filter(|o| o.row.id == id) {
            o.row.flags = flags;
        }
    }

    /// The selected message and its account's address (known from the reader, else from the
    /// sidebar).
    fn selected_message(&self) -> Option<(MessageRow, String)> {
        let id = self.selected?;
        let row = self.row(id)?.clone();
        let account = self
            .opened
            .as_ref()
            .filter(|o| o.row.id == id)
            .map(|o| o.account.clone())
            .or_else(|| self.account_of(row.folder_id).map(str::to_string))?;
        Some((row, account))
    }

    fn act(&mut self, act: Act) -> Action {
        let Some((row, account)) = self.selected_message() else {
            return Action::None;
        };
        let id = row.id;
        let action = match act {
            Act::ToggleRead => {
                let read = !row.flags.contains(Flags::SEEN);
                self.set_flags(id, row.flags.with(Flags::SEEN, read));
                MessageAction::MarkRead(read)
            }
            Act::ToggleFlag => {
                let flagged = !row.flags.contains(Flags::FLAGGED);
                self.set_flags(id, row.flags.with(Flags::FLAGGED, flagged));
                MessageAction::Flag(flagged)
            }
            Act::Delete => {
                self.remove_row(id);
                MessageAction::Delete
            }
            Act::Move(to) => {
                self.remove_row(id);
                MessageAction::Move { to }
            }
        };
        Action::Engine(
            vec![Command::on(
                &account,
                MailOp::Act {
                    message_ids: vec![id],
                    action,
                },
            )],
            Task::none(),
        )
    }

    /// The folders the opened message can move to (its account's, but its own).
    pub fn targets(&self) -> Vec<Target> {
        let Some(row) = self.opened.as_ref().map(|o| &o.row) else {
            return Vec::new();
        };
        self.sidebar
            .iter()
            .find(|a| a.folders.iter().any(|f| f.id == row.folder_id))
            .map(|a| {
                a.folders
                    .iter()
                    .filter(|f| f.id != row.folder_id)
                    .map(|f| Target {
                        name: f.name.clone(),
                        label: view::folder_name(f),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Takes a message off the list at once (deleted or moved).
    fn remove_row(&mut self, id: i64) {
        self.list.rows.retain(|r| r.id != id);
        self.list.total = self.list.total.saturating_sub(1);
        if let Some(results) = &mut self.search.results {
            results.retain(|r| r.id != id);
        }
        self.selected = None;
        self.opened = None;
    }

    /// Moves the selection down (`1`) or up (`-1`) the list.
    fn step(&mut self, by: isize) -> Action {
        let rows = self.rows();
        if rows.is_empty() {
            return Action::None;
        }
        let at = self
            .selected
            .and_then(|id| rows.iter().position(|r| r.id == id));
        let next = match at {
            Some(i) => (i as isize + by).clamp(0, rows.len() as isize - 1) as usize,
            None => 0,
        };
        let id = rows[next].id;
        self.open(id)
    }

    /// Asks the engine for a message's text; its answer (or failure) names this request.
    fn fetch(&mut self, o: &Opened) -> Command {
        let request = RequestId::new();
        self.fetching = Some((o.row.id, request));
        self.download_failed = None;
        Command::on(
            &o.account,
            MailOp::FetchBody {
                request,
                message_id: o.row.id,
            },
        )
    }
}

#[cfg(test)]
mod tests;
