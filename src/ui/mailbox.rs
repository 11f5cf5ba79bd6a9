//! The mailbox window: accounts and folders, the message list, the reader, search and the
//! status line.
//!
//! Its state is made of small sub-states, each with its own `Message` and `Action`: the list
//! (`list.rs`, virtual: a window of rows read a page at a time), the reader (`reader.rs`),
//! search (`search.rs`), the outbox (`outbox.rs`) and the settings panel (`settings.rs`). This
//! module holds what ties them together: the sidebar, the selection, the status line.

mod body;
mod events;
pub mod list;
mod note;
pub mod outbox;
pub mod reader;
pub mod search;
pub mod settings;
pub mod sheet;
mod view;

use std::collections::HashMap;

use iced::Task;

use super::library::{AccountFolders, Library};
use crate::account::Preferences;
use crate::engine::event::{AccountState, PushState};
use crate::engine::{Command, Event, MailOp, MessageAction};
use crate::store::{Flags, MessageRow, Scope};

pub use note::{Note, Notice};
pub use settings::{AccountEdit, ThemeChoice};
pub use view::{LIST, ROW_HEIGHT, SEARCH};

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

/// The mailbox's state.
#[derive(Debug, Clone)]
pub struct State {
    library: Library,
    pub accounts: Vec<String>,
    pub sidebar: Vec<AccountFolders>,
    pub selection: Selection,
    pub list: list::List,
    pub search: search::Search,
    pub selected: Option<i64>,
    /// The open message and what is fetched for it.
    pub reader: reader::Reader,
    /// Each account's state and the latest progress or problem, by the account's key.
    pub states: HashMap<crate::account::AccountId, AccountState>,
    pub notes: HashMap<crate::account::AccountId, Note>,
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
    List(list::Message),
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
    /// A new message filled from a `mailto:` link.
    Link(Box<crate::desktop::mailto::Mailto>),
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
    /// Stop Facteur.
    Quit,
}

impl State {
    pub fn new(library: Library, accounts: Vec<String>, now: i64) -> (State, Task<Message>) {
        let state = State {
            library,
            accounts,
            sidebar: Vec::new(),
            selection: Selection::UnifiedInbox,
            list: list::List::default(),
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
        self.list
            .load(&self.library, self.scope(), first)
            .map(Message::List)
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
            Message::Sidebar(Err(e)) => self.error = Some(e),
            Message::Select(selection) => {
                // Another folder: the message of the last one is put away.
                if selection != self.selection {
                    self.selected = None;
                    self.reader.close();
                }
                self.selection = selection;
                self.search.clear();
                self.list.restart();
                self.outbox.selected = None;
                if self.selection == Selection::Outbox {
                    return Action::Run(self.load_outbox());
                }
                return Action::Run(self.load_page(0));
            }
            Message::List(message) => match self.list.update(message, !self.search.is_shown()) {
                list::Action::None => {}
                list::Action::Load(first) => return Action::Run(self.load_page(first)),
                list::Action::Failed(e) => self.error = Some(e),
            },
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
                    settings::Action::Quit => Action::Quit,
                    settings::Action::Run(task) => Action::Run(task.map(Message::Settings)),
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
        let action = self.reader_action(message, preferences);
        let Some(convert) = self.reader.convert_text() else {
            return action;
        };
        let convert = convert.map(Message::Reader);
        match action {
            Action::None => Action::Run(convert),
            Action::Run(task) => Action::Run(Task::batch([task, convert])),
            Action::Engine(commands, task) => {
                Action::Engine(commands, Task::batch([task, convert]))
            }
            other => {
                // Asked again at the reader's next message.
                self.reader.conversion_dropped();
                other
            }
        }
    }

    fn reader_action(&mut self, message: reader::Message, preferences: &Preferences) -> Action {
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
            reader::Action::Run(task) => Action::Run(task.map(Message::Reader)),
            reader::Action::OpenLink(url) => Action::OpenLink(url),
            reader::Action::Preferences(preferences) => Action::Preferences(preferences),
            reader::Action::Clipboard(text) => Action::Run(iced::clipboard::write(text)),
        }
    }

    fn read(&self, id: i64) -> Task<Message> {
        Task::perform(self.library.clone().open(id), move |r| {
            Message::Reader(reader::Message::Opened(id, r.map(|o| o.map(Box::new))))
        })
    }

    /// Shows a change at once; the engine's sync confirms or puts it back.
    fn set_flags(&mut self, id: i64, flags: Flags) {
        self.list.set_flags(id, flags);
        self.search.set_flags(id, flags);
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
            Act::Delete => MessageAction::Delete,
            Act::Move(to) => MessageAction::Move { to },
        };
        let mut commands = vec![Command::on(
            &account,
            MailOp::Act {
                message_ids: vec![id],
                action: action.clone(),
            },
        )];
        let mut task = Task::none();
        if matches!(action, MessageAction::Delete | MessageAction::Move { .. }) {
            // The message leaves the list: the one that takes its place opens (the one
            // before it when it was the last), as in Thunderbird and Apple Mail.
            let next = self.takes_the_place_of(id);
            self.remove_row(id);
            match next.map(|n| self.open(n)) {
                Some(Action::Run(t)) => task = t,
                Some(Action::Engine(more, t)) => {
                    commands.extend(more);
                    task = t;
                }
                _ => {}
            }
        }
        Action::Engine(commands, task)
    }

    /// The row shown where `id` is once it leaves the list: the next one, or the previous
    /// one when it is the last.
    fn takes_the_place_of(&self, id: i64) -> Option<i64> {
        let rows = self.rows();
        let at = rows.iter().position(|r| r.id == id)?;
        rows.get(at + 1)
            .or_else(|| at.checked_sub(1).and_then(|i| rows.get(i)))
            .map(|r| r.id)
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
        self.list.remove(id);
        self.search.remove(id);
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
        let action = self.open(id);
        // The row chosen with the keyboard is kept in view.
        let index = match &self.search.results {
            Some(_) => next,
            None => self.list.offset + next,
        };
        let Some(y) = self.scroll_to_show(index) else {
            return action;
        };
        let scroll = iced::widget::operation::scroll_to(
            LIST,
            iced::widget::scrollable::AbsoluteOffset { x: 0.0, y },
        );
        match action {
            Action::None => Action::Run(scroll),
            Action::Run(task) => Action::Run(Task::batch([task, scroll])),
            Action::Engine(commands, task) => Action::Engine(commands, Task::batch([task, scroll])),
            other => other,
        }
    }

    /// Where to scroll the list so that row `index` is in view (none: it is).
    fn scroll_to_show(&self, index: usize) -> Option<f32> {
        let (top, height) = self.list.scrolled;
        let y = index as f32 * ROW_HEIGHT;
        if height <= 0.0 {
            return None;
        }
        if y < top {
            Some(y)
        } else if y + ROW_HEIGHT > top + height {
            Some(y + ROW_HEIGHT - height)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests;
