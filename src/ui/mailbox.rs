//! The mailbox window: accounts and folders, the message list, the reader, search and the
//! status line.
//!
//! The list is virtual: it knows how many messages the chosen folder holds and keeps only a
//! window of rows around what is visible, read from the store a page at a time, so a folder of
//! 100,000 messages costs what a folder of 100 does.

mod events;
mod note;
pub mod outbox;
pub mod reader;
pub mod search;
pub mod settings;
mod view;

use std::collections::HashMap;

use iced::Task;

use super::library::{AccountFolders, Library, Page};
use crate::account::Preferences;
use crate::engine::event::{AccountState, PushState};
use crate::engine::{Command, Event, MailOp, MessageAction};
use crate::store::{Flags, MessageRow, Scope};

pub use note::{Note, Notice};
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
    /// The open message and what is fetched for it.
    pub reader: reader::Reader,
    pub states: HashMap<String, AccountState>,
    /// The latest progress or problem, per account.
    pub notes: HashMap<String, Note>,
    pub error: Option<crate::ui::Failure>,
    pub now: i64,
    /// The settings panel (the preferences themselves are the app's).
    pub settings: settings::Panel,
    /// Every account's outbox.
    pub outbox: outbox::Outbox,
    /// What the last action worth a word did (a save of attachments, a message sent), told
    /// in the status line.
    pub notice: Option<Notice>,
}

/// What the mailbox's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    Sidebar(Result<Vec<AccountFolders>, crate::ui::Failure>),
    Select(Selection),
    Page(u64, Result<Page, crate::ui::Failure>),
    Scrolled { top: f32, height: f32 },
    Search(search::Message),
    Open(i64),
    Reader(reader::Message),
    Act(Act),
    MoveTo(Target),
    Next,
    Previous,
    OpenLink(String),
    AddAccount,
    Refresh,
    Compose(Compose),
    Outbox(outbox::Message),
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
            reader: reader::Reader::default(),
            states: HashMap::new(),
            notes: HashMap::new(),
            error: None,
            now,
            settings: settings::Panel::default(),
            outbox: outbox::Outbox::default(),
            notice: None,
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
            .reader
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
            Message::Reader(reader::Message::Opened(id, _)) if self.selected != Some(id) => {}
            Message::Reader(message) => return self.reader(message, preferences),
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
        }
        Action::None
    }

    fn open(&mut self, id: i64) -> Action {
        self.selected = Some(id);
        self.reader.choose(id);
        Action::Run(self.read(id))
    }

    /// The reader's messages, and what its answers ask of the list and the app.
    fn reader(&mut self, message: reader::Message, preferences: &Preferences) -> Action {
        if matches!(message, reader::Message::SaveAttachments(_)) {
            self.notice = None;
        }
        match self.reader.update(message, preferences) {
            reader::Action::None => Action::None,
            reader::Action::Engine(commands) if commands.is_empty() => Action::None,
            reader::Action::Engine(commands) => Action::Engine(commands, Task::none()),
            reader::Action::MarkedRead {
                id,
                flags,
                commands,
            } => {
                self.set_flags(id, flags);
                Action::Engine(commands, Task::none())
            }
            reader::Action::SaveAttachments { message_id, parts } => {
                Action::SaveAttachments { message_id, parts }
            }
            reader::Action::Saved(saved) => {
                self.notice = Some(Notice::Saved(saved));
                Action::None
            }
            reader::Action::Failed(e) => {
                self.error = Some(e);
                Action::None
            }
        }
    }

    fn read(&self, id: i64) -> Task<Message> {
        Task::perform(self.library.clone().open(id), move |r| {
            Message::Reader(reader::Message::Opened(id, r.map(|o| o.map(Box::new))))
        })
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
        self.reader.set_flags(id, flags);
    }

    /// The selected message and its account's address (known from the reader, else from the
    /// sidebar).
    fn selected_message(&self) -> Option<(MessageRow, String)> {
        let id = self.selected?;
        let row = self.row(id)?.clone();
        let account = self
            .reader
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
        let Some(row) = self.reader.opened.as_ref().map(|o| &o.row) else {
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
        self.reader.close();
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
}

#[cfg(test)]
mod tests;
