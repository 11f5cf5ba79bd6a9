//! The message list: a virtual window of rows around what is in view, read from the store a
//! page at a time, so a folder of 100,000 messages costs what a folder of 100 does. Its own
//! sub-state of the mailbox; the mailbox says which messages (the scope) and when to start
//! again (a new folder).

use iced::Task;

use super::ROW_HEIGHT;
use crate::store::{Flags, MessageRow, Scope};
use crate::ui::Failure;
use crate::ui::library::{Library, Page};

/// Rows read around the visible ones.
pub const PAGE: usize = 120;

/// The rows read so far around the visible part of the list.
#[derive(Debug, Clone)]
pub struct List {
    pub offset: usize,
    pub rows: Vec<MessageRow>,
    pub total: usize,
    /// Bumped when the list changes, so late pages of an old list are dropped.
    generation: u64,
    /// The part of the list in view: first row and how many.
    pub visible: (usize, usize),
    /// The scrolled offset and the height of the list's viewport (pixels).
    pub scrolled: (f32, f32),
}

impl Default for List {
    fn default() -> List {
        List {
            offset: 0,
            rows: Vec::new(),
            total: 0,
            generation: 0,
            visible: (0, 20),
            scrolled: (0.0, 0.0),
        }
    }
}

/// What the list's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    /// A page of the list of this generation.
    Page(u64, Result<Page, Failure>),
    Scrolled {
        top: f32,
        height: f32,
    },
}

/// What the list asks of the mailbox.
pub enum Action {
    None,
    /// Read this page.
    Load(usize),
    Failed(Failure),
}

impl List {
    /// `paged`: whether the list is shown (not replaced by search results), so that scrolling
    /// reads pages.
    pub fn update(&mut self, message: Message, paged: bool) -> Action {
        match message {
            Message::Page(generation, Ok(page)) => {
                if generation == self.generation {
                    self.offset = page.offset;
                    self.rows = page.rows;
                    self.total = page.total;
                }
            }
            Message::Page(_, Err(e)) => return Action::Failed(e),
            Message::Scrolled { top, height } => {
                self.scrolled = (top, height);
                let first = (top / ROW_HEIGHT).max(0.0) as usize;
                let count = (height / ROW_HEIGHT).ceil() as usize + 1;
                self.visible = (first, count);
                let loaded = self.offset..self.offset + self.rows.len();
                let wanted_end = (first + count).min(self.total);
                if paged
                    && (!loaded.contains(&first) && first < self.total || wanted_end > loaded.end)
                {
                    return Action::Load(first);
                }
            }
        }
        Action::None
    }

    /// Another folder: the old rows go, and their late pages are dropped.
    pub fn restart(&mut self) {
        *self = List {
            generation: self.generation + 1,
            ..List::default()
        };
    }

    /// Reads the page around row `first` of `scope`.
    pub fn load(&self, library: &Library, scope: Scope, first: usize) -> Task<Message> {
        let offset = first.saturating_sub(PAGE / 3);
        let generation = self.generation;
        Task::perform(library.clone().page(scope, offset, PAGE), move |page| {
            Message::Page(generation, page)
        })
    }

    /// Whether fewer rows than a page are loaded (the first messages of a folder arriving).
    pub fn filling(&self) -> bool {
        self.rows.len() < PAGE
    }

    pub fn set_flags(&mut self, id: i64, flags: Flags) {
        for row in self.rows.iter_mut().filter(|r| r.id == id) {
            row.flags = flags;
        }
    }

    /// Takes a message off the list at once (deleted or moved).
    pub fn remove(&mut self, id: i64) {
        self.rows.retain(|r| r.id != id);
        self.total = self.total.saturating_sub(1);
    }
}
