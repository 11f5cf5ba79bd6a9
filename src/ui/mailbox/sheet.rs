//! An HTML message in the reader, as its sender laid it out: the layout runs on the message's
//! own thread ([`crate::mime::html::Sheet`]); the reader shows the tiles that are in view
//! (each tile a picture [`TILE_HEIGHT`] pixels high, drawn when it comes near the view and
//! dropped when it is far), follows the pointer over links, and opens a link only after the
//! user has seen where it goes.
//!
//! Every wait ends: a layout that does not come within [`LAYOUT_TIMEOUT`] (or fails) makes
//! the reader show the message as text, with a sentence saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use iced::widget::{column, container, image, mouse_area, sensor, space, text};
use iced::{Element, Length, Task};

use crate::mime::html::{self, Layout, LinkArea, Look, Sheet, SheetError, Source, Tile};
use crate::ui::style;

pub use html::sheet::TILE_HEIGHT;

/// How long a layout may take before the reader gives up and shows the text.
pub const LAYOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// HTML longer than this is shown clipped, its beginning laid out, until the user asks for
/// the whole (its layout costs memory in proportion: some 100 MB per MB of HTML).
pub const CLIPPED_OVER: usize = 512 << 10;

/// How far the pointer moves, button down, before a click becomes a selection (pixels).
const DRAG: f32 = 3.0;

/// Tiles kept drawn beyond those in view, above and below.
const KEPT_AROUND: usize = 2;

/// The open message's HTML and where its layout stands.
#[derive(Debug, Clone)]
pub struct Shown {
    pub message: i64,
    sheet: Sheet,
    pub look: Look,
    pub scale: f32,
    /// The width given by the reader (CSS pixels), once known.
    width: Option<u32>,
    /// The width the current layout is being made for.
    asked: Option<u32>,
    pub phase: Phase,
    pub layout: Option<Layout>,
    tiles: BTreeMap<usize, image::Handle>,
    drawing: BTreeSet<usize>,
    in_view: BTreeSet<usize>,
    /// The message is long enough to be shown clipped (only its beginning laid out) until the
    /// user asks for all of it, as Gmail clips long mail; and whether they did.
    long: bool,
    pub whole: bool,
    /// The link under the pointer.
    pub hovered: Option<LinkArea>,
    /// Where the pointer is over the sheet, and where the button went down.
    pointer: Option<iced::Point>,
    pressed: Option<iced::Point>,
    /// A selection being made by the thread, and the next one asked meanwhile.
    selecting: bool,
    queued: Option<Option<(iced::Point, iced::Point)>>,
    /// Some text is selected.
    pub selected: bool,
    /// Tiles drawn before the selection changed, to draw again.
    stale: BTreeSet<usize>,
}

/// Where the layout stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Waiting for the reader's width, or for the layout.
    Laying,
    Ready,
    /// The layout failed or took too long: the text is shown instead.
    Failed(Fallback),
}

/// Why a message is shown as text instead of its layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    TooComplex,
    TooSlow,
    Failed(String),
}

/// What the sheet's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    /// The reader's width for the sheet (CSS pixels).
    Sized(iced::Size),
    /// A layout, or why not (`None`: a newer width replaced it; its answer will come).
    LaidOut(i64, u32, Result<Layout, Option<Fallback>>),
    TileInView(usize),
    TileOutOfView(usize),
    Drawn(i64, Result<Tile, SheetError>),
    /// Lay out all of a long message (shown clipped).
    Whole,
    Pointer(iced::Point),
    PointerLeft,
    Pressed,
    Released,
    /// The thread made the selection (true: some text is selected).
    Selected(i64, bool),
    /// Copy the selected text (Ctrl+C).
    Copy,
    /// The selected text, for the clipboard.
    Copied(Option<String>),
}

/// What the sheet asks of the reader.
pub enum Action {
    None,
    Run(Task<Message>),
    /// The user clicked this link (the reader asks before opening it).
    Clicked(LinkArea),
    /// Put this text on the clipboard.
    Clipboard(String),
}

impl Shown {
    /// Starts laying out a message's HTML (with the remote pictures the user allowed).
    pub fn open(
        message: i64,
        source: &Source,
        allowed: Vec<(String, crate::mime::html::Bytes)>,
        look: Look,
        scale: f32,
    ) -> Shown {
        let phase = if html::too_complex(&source.html) {
            Phase::Failed(Fallback::TooComplex)
        } else {
            Phase::Laying
        };
        let sheet = match Sheet::open(source.clone(), allowed, look) {
            Ok(sheet) => sheet,
            Err(e) => {
                // No thread: nothing will answer; the text is shown.
                return Shown {
                    phase: Phase::Failed(Fallback::Failed(e.to_string())),
                    ..Shown::idle(message, look, scale)
                };
            }
        };
        Shown {
            sheet,
            phase,
            long: source.html.len() > CLIPPED_OVER,
            ..Shown::idle(message, look, scale)
        }
    }

    fn idle(message: i64, look: Look, scale: f32) -> Shown {
        Shown {
            message,
            sheet: Sheet::closed(),
            look,
            scale,
            width: None,
            asked: None,
            phase: Phase::Laying,
            layout: None,
            tiles: BTreeMap::new(),
            drawing: BTreeSet::new(),
            in_view: BTreeSet::new(),
            hovered: None,
            long: false,
            whole: false,
            pointer: None,
            pressed: None,
            selecting: false,
            queued: None,
            selected: false,
            stale: BTreeSet::new(),
        }
    }

    /// Tile `index` as drawn (none: not drawn, or dropped as far from the view).
    pub fn drawn(&self, index: usize) -> Option<&image::Handle> {
        self.tiles.get(&index)
    }

    /// The laid-out message is shown (not the text).
    pub fn is_shown(&self) -> bool {
        !matches!(self.phase, Phase::Failed(_))
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Sized(size) => {
                let width = size.width.floor().max(1.0) as u32;
                self.width = Some(width);
                return self.lay_out();
            }
            Message::LaidOut(id, width, result) if id == self.message => {
                if self.asked == Some(width) {
                    self.asked = None;
                }
                match result {
                    Ok(layout) => {
                        let partial = layout.partial;
                        self.layout = Some(layout);
                        self.selected = false;
                        self.stale.clear();
                        self.phase = Phase::Ready;
                        self.tiles.clear();
                        self.drawing.clear();
                        if self.in_view.is_empty() {
                            self.in_view.insert(0);
                        }
                        let more = if partial && !self.long {
                            // The beginning shows; the whole message is laid out next.
                            self.whole = true;
                            self.lay_out_again()
                        } else {
                            self.lay_out()
                        };
                        return combine(more, self.draw_needed());
                    }
                    Err(None) => {}
                    Err(Some(fallback)) => self.phase = Phase::Failed(fallback),
                }
            }
            Message::LaidOut(..) => {}
            Message::TileInView(index) => {
                self.in_view.insert(index);
                return self.draw_needed();
            }
            Message::TileOutOfView(index) => {
                self.in_view.remove(&index);
                let (low, high) = self.kept_range();
                self.tiles.retain(|i, _| (low..=high).contains(i));
            }
            Message::Drawn(id, result) if id == self.message => {
                if let Ok(tile) = result
                    && self
                        .layout
                        .as_ref()
                        .is_some_and(|l| l.generation == tile.generation)
                {
                    self.drawing.remove(&tile.index);
                    self.stale.remove(&tile.index);
                    let handle = image::Handle::from_rgba(tile.width, tile.height, tile.rgba);
                    self.tiles.insert(tile.index, handle);
                }
            }
            Message::Drawn(..) => {}
            Message::Pointer(at) => {
                self.pointer = Some(at);
                self.hovered = self
                    .layout
                    .as_ref()
                    .and_then(|l| l.link_at(at.x, at.y))
                    .cloned();
                if let Some(from) = self.pressed
                    && from.distance(at) > DRAG
                {
                    return self.select(Some((from, at)));
                }
            }
            Message::Whole => {
                self.whole = true;
                return self.lay_out_again();
            }
            Message::PointerLeft => {
                self.hovered = None;
                self.pointer = None;
            }
            Message::Pressed => self.pressed = self.pointer,
            Message::Released => {
                let (Some(from), Some(at)) = (self.pressed.take(), self.pointer) else {
                    return Action::None;
                };
                if from.distance(at) <= DRAG {
                    // A click, not a drag: a link is followed, a selection undone.
                    if let Some(link) = self.hovered.clone() {
                        return Action::Clicked(link);
                    }
                    if self.selected {
                        return self.select(None);
                    }
                }
            }
            Message::Selected(id, active) if id == self.message => {
                self.selecting = false;
                self.selected = active;
                // The tiles in view are drawn again with the selection; the others are
                // dropped and drawn when they come back into view.
                let in_view = self.in_view.clone();
                self.tiles.retain(|i, _| in_view.contains(i));
                self.stale = in_view;
                self.drawing.clear();
                let redraw = self.draw_needed();
                return match self.queued.take() {
                    Some(span) => combine(redraw, self.select(span)),
                    None => redraw,
                };
            }
            Message::Selected(..) => {}
            Message::Copy => {
                if self.selected {
                    return Action::Run(Task::perform(self.sheet.selected_text(), Message::Copied));
                }
            }
            Message::Copied(text) => {
                if let Some(text) = text.filter(|t| !t.is_empty()) {
                    return Action::Clipboard(text);
                }
            }
        }
        Action::None
    }

    /// Asks for a layout at the reader's width, if it is not the one shown or asked for.
    fn lay_out(&mut self) -> Action {
        let Some(width) = self.width else {
            return Action::None;
        };
        if self
            .layout
            .as_ref()
            .is_some_and(|l| l.width == width && (!l.partial || !self.whole))
        {
            return Action::None;
        }
        self.lay_out_again()
    }

    /// Asks for a layout at the reader's width (the whole message after its beginning).
    fn lay_out_again(&mut self) -> Action {
        let Some(width) = self.width else {
            return Action::None;
        };
        if matches!(self.phase, Phase::Failed(_)) || self.asked.is_some() {
            return Action::None;
        }
        self.asked = Some(width);
        let id = self.message;
        let laid = if self.whole {
            futures::future::Either::Left(self.sheet.layout_whole(width, self.scale))
        } else {
            futures::future::Either::Right(self.sheet.layout(width, self.scale))
        };
        Action::Run(Task::perform(
            async move {
                match tokio::time::timeout(LAYOUT_TIMEOUT, laid).await {
                    Ok(Ok(layout)) => Ok(layout),
                    Ok(Err(SheetError::Superseded)) => Err(None),
                    Ok(Err(e)) => Err(Some(Fallback::Failed(e.to_string()))),
                    Err(_) => Err(Some(Fallback::TooSlow)),
                }
            },
            move |result| Message::LaidOut(id, width, result),
        ))
    }

    /// Asks the thread to select from one point to another (or nothing), one request at a
    /// time: a drag's newest span waits for the one being made.
    fn select(&mut self, span: Option<(iced::Point, iced::Point)>) -> Action {
        if self.selecting {
            self.queued = Some(span);
            return Action::None;
        }
        self.selecting = true;
        let id = self.message;
        // A drag past the sheet's edges selects up to them.
        let (width, height) = self
            .layout
            .as_ref()
            .map_or((1.0, 1.0), |l| (l.width as f32, l.height as f32));
        let point = |p: iced::Point| crate::mime::html::Point {
            x: p.x.clamp(0.0, (width - 1.0).max(0.0)),
            y: p.y.clamp(0.0, (height - 1.0).max(0.0)),
        };
        let asked = self.sheet.select(span.map(|(a, b)| (point(a), point(b))));
        Action::Run(Task::perform(asked, move |active| {
            Message::Selected(id, active)
        }))
    }

    /// The tiles kept drawn: those in view and a few around them.
    fn kept_range(&self) -> (usize, usize) {
        let low = self.in_view.first().copied().unwrap_or(0);
        let high = self.in_view.last().copied().unwrap_or(0);
        (low.saturating_sub(KEPT_AROUND), high + KEPT_AROUND)
    }

    /// Draws the tiles in view (and the next one) that are not drawn yet.
    fn draw_needed(&mut self) -> Action {
        let Some(layout) = &self.layout else {
            return Action::None;
        };
        let generation = layout.generation;
        let count = layout.tiles();
        let wanted: Vec<usize> = self
            .in_view
            .iter()
            .flat_map(|&i| [i, i + 1])
            .filter(|&i| {
                i < count
                    && (!self.tiles.contains_key(&i) || self.stale.contains(&i))
                    && !self.drawing.contains(&i)
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if wanted.is_empty() {
            return Action::None;
        }
        let id = self.message;
        let tasks = wanted.into_iter().map(|index| {
            self.drawing.insert(index);
            Task::perform(self.sheet.tile(generation, index), move |r| {
                Message::Drawn(id, r)
            })
        });
        Action::Run(Task::batch(tasks.collect::<Vec<_>>()))
    }

    /// The sheet: its tiles one under the other, each drawn when near the view.
    pub fn view(&self) -> Element<'_, Message> {
        let content: Element<'_, Message> = match &self.layout {
            None => container(text(crate::fl!("reader-laying-out")).style(style::muted))
                .width(Length::Fill)
                .padding(8)
                .into(),
            Some(layout) => {
                let mut tiles = column![];
                for index in 0..layout.tiles() {
                    let top = index as u32 * TILE_HEIGHT;
                    let height = (layout.height - top).min(TILE_HEIGHT) as f32;
                    let band: Element<'_, Message> = match self.tiles.get(&index) {
                        Some(handle) => image(handle.clone())
                            .width(Length::Fixed(layout.width as f32))
                            .height(Length::Fixed(height))
                            .content_fit(iced::ContentFit::Fill)
                            .into(),
                        None => space()
                            .width(Length::Fixed(layout.width as f32))
                            .height(Length::Fixed(height))
                            .into(),
                    };
                    tiles = tiles.push(
                        sensor(band)
                            .key(index)
                            .on_show(move |_| Message::TileInView(index))
                            .on_hide(Message::TileOutOfView(index))
                            .anticipate(256),
                    );
                }
                let background = layout.background;
                let sheet = container(
                    mouse_area(tiles)
                        .on_move(Message::Pointer)
                        .on_exit(Message::PointerLeft)
                        .on_press(Message::Pressed)
                        .on_release(Message::Released)
                        .interaction(if self.hovered.is_some() {
                            iced::mouse::Interaction::Pointer
                        } else {
                            iced::mouse::Interaction::Text
                        }),
                )
                .style(move |_| {
                    container::Style::default().background(iced::Color::from_rgba8(
                        background[0],
                        background[1],
                        background[2],
                        background[3] as f32 / 255.0,
                    ))
                });
                container(sheet).width(Length::Fill).into()
            }
        };
        sensor(content)
            .on_show(Message::Sized)
            .on_resize(Message::Sized)
            .into()
    }

    /// Only the beginning of a long message is shown (the reader offers the rest).
    pub fn clipped(&self) -> bool {
        !self.whole && self.layout.as_ref().is_some_and(|l| l.partial)
    }

    /// The sentence said when the text is shown instead of the layout.
    pub fn fallback_text(&self) -> Option<String> {
        match &self.phase {
            Phase::Failed(Fallback::TooComplex) => Some(crate::fl!("reader-html-too-complex")),
            Phase::Failed(Fallback::TooSlow) => Some(crate::fl!("reader-html-too-slow")),
            Phase::Failed(Fallback::Failed(_)) => Some(crate::fl!("reader-html-failed")),
            _ => None,
        }
    }
}

fn combine(a: Action, b: Action) -> Action {
    match (a, b) {
        (Action::Run(x), Action::Run(y)) => Action::Run(Task::batch([x, y])),
        (Action::None, other) | (other, Action::None) => other,
        (first, _) => first,
    }
}
