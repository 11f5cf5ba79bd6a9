//! Search: what the user typed and the messages found, shown in the list's place. Its own
//! sub-state of the mailbox; the full-text index is read through the library, off the UI
//! thread, and an answer to an older query is dropped.

use iced::Task;

use crate::store::MessageRow;
use crate::ui::library::Library;

/// Search results shown at most.
const LIMIT: usize = 500;

/// The search field and its results.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// `Some` while a search is shown.
    pub results: Option<Vec<MessageRow>>,
}

/// What the search field and its task say.
#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    Done(String, Result<Vec<MessageRow>, crate::ui::Failure>),
    Clear,
}

/// What the search asks of the mailbox.
pub enum Action {
    None,
    Run(Task<Message>),
    /// The index could not be read.
    Failed(crate::ui::Failure),
}

impl Search {
    pub fn update(&mut self, message: Message, library: &Library) -> Action {
        match message {
            Message::Query(query) => {
                self.query = query.clone();
                if query.trim().is_empty() {
                    self.results = None;
                    return Action::None;
                }
                return Action::Run(Task::perform(
                    library.clone().search(query.clone(), LIMIT),
                    move |r| Message::Done(query.clone(), r),
                ));
            }
            Message::Done(query, result) => {
                if query == self.query {
                    match result {
                        Ok(rows) => self.results = Some(rows),
                        Err(e) => return Action::Failed(e),
                    }
                }
            }
            Message::Clear => self.clear(),
        }
        Action::None
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.results = None;
    }

    pub fn set_flags(&mut self, id: i64, flags: crate::store::Flags) {
        for row in self.results.iter_mut().flatten().filter(|r| r.id == id) {
            row.flags = flags;
        }
    }

    /// Takes a message off the results (deleted or moved).
    pub fn remove(&mut self, id: i64) {
        if let Some(results) = &mut self.results {
            results.retain(|r| r.id != id);
        }
    }

    /// Whether results are shown in the list's place.
    pub fn is_shown(&self) -> bool {
        self.results.is_some()
    }
}
