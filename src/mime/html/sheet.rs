//! One HTML message laid out on a thread of its own: the reader asks for a layout at its
//! width and scale, then for the tiles (bands of [`TILE_HEIGHT`] pixels) that come into
//! view, and never waits on the UI thread. A layout that takes too long is given up by the
//! caller (the reader shows the text instead); the thread then ends by itself as soon as the
//! engine returns, since nobody listens any more. A panic inside the engine is caught and
//! becomes [`SheetError::Failed`].

use std::sync::mpsc;

use blitz_traits::net::Bytes;
use futures::channel::oneshot;

use super::Source;
use super::document::Laid;

/// The height of one tile, in CSS pixels.
pub const TILE_HEIGHT: u32 = 512;

/// The tallest a message is laid out to (CSS pixels): beyond, it is cut (a gigantic table
/// must not make tiles without end).
pub const MAX_HEIGHT: u32 = 200_000;

/// HTML larger than this is first laid out from its beginning (bytes).
pub const PREFIX: usize = 160 << 10;

/// The beginning of `html`, about `len` bytes, cut before a tag.
fn prefix_of(html: &str, len: usize) -> &str {
    let mut end = len.min(html.len());
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    match html[..end].rfind('<') {
        Some(at) if at > len / 2 => &html[..at],
        _ => &html[..end],
    }
}

/// The tallest picture [`render_once`] draws (CSS pixels).
pub const MAX_PICTURE_HEIGHT: u32 = 30_000;

/// The widest (CSS pixels): wider windows centre a sheet this wide.
pub const MAX_WIDTH: u32 = 4_000;

/// How the reader looks, for mail that has no colours of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// The theme is dark.
    pub dark: bool,
    /// The reader's background, text and link colours (`#rrggbb`).
    pub background: [u8; 3],
    pub text: [u8; 3],
    pub link: [u8; 3],
}

impl Default for Look {
    fn default() -> Self {
        Look {
            dark: false,
            background: [255, 255, 255],
            text: [0x1a, 0x1a, 0x1a],
            link: [0x1a, 0x5f, 0xb4],
        }
    }
}

/// A laid-out message.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Tiles asked for must name it (a new width makes a new layout).
    pub generation: u64,
    /// CSS pixels.
    pub width: u32,
    pub height: u32,
    /// The device pixels per CSS pixel the tiles are drawn at.
    pub scale: f32,
    /// How much the mail was shrunk to fit the width (1: not at all). Sizes and positions
    /// here are the reader's pixels, shrinking included.
    pub zoom: f32,
    pub links: Vec<LinkArea>,
    /// Remote pictures not loaded (the reader offers to show them), trackers left out.
    pub blocked: Vec<String>,
    /// Tracking pictures, never loaded.
    pub trackers: usize,
    /// The sheet's own background (the mail's, or the theme's for mail without colours).
    pub background: [u8; 4],
    /// The mail was drawn in the theme's dark colours (it has none of its own).
    pub themed_dark: bool,
    /// Only the beginning of a large message is laid out: ask again for the whole.
    pub partial: bool,
}

impl Layout {
    /// How many tiles make the whole message.
    pub fn tiles(&self) -> usize {
        self.height.div_ceil(TILE_HEIGHT).max(1) as usize
    }

    /// The link under a point of the sheet (CSS pixels from its top left corner).
    pub fn link_at(&self, x: f32, y: f32) -> Option<&LinkArea> {
        self.links
            .iter()
            .find(|l| x >= l.x && x < l.x + l.width && y >= l.y && y < l.y + l.height)
    }
}

/// Where a link is on the sheet (CSS pixels), and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// The target as the sender wrote it.
    pub href: String,
    /// The link's text reads as an address on this other host (a phishing tell).
    pub disguised: Option<String>,
}

/// One band of the message, drawn.
#[derive(Clone, PartialEq)]
pub struct Tile {
    pub generation: u64,
    pub index: usize,
    /// Device pixels.
    pub width: u32,
    pub height: u32,
    /// `width × height` RGBA, premultiplied as `vello_cpu` draws it.
    pub rgba: Bytes,
}

impl std::fmt::Debug for Tile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tile")
            .field("generation", &self.generation)
            .field("index", &self.index)
            .field("size", &(self.width, self.height))
            .finish()
    }
}

/// Why a sheet gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// The engine failed (a panic, caught); the text says where.
    #[error("the layout engine failed: {0}")]
    Failed(String),
    /// A newer layout replaced the one this answer was for.
    #[error("replaced by a newer layout")]
    Superseded,
    /// The sheet's thread is gone.
    #[error("the layout thread ended")]
    Gone,
}

enum Job {
    Layout {
        width: u32,
        scale: f32,
        /// Lay out the whole of a long message, not only its beginning.
        whole: bool,
        reply: oneshot::Sender<Result<Layout, SheetError>>,
    },
    Tile {
        generation: u64,
        index: usize,
        reply: oneshot::Sender<Result<Tile, SheetError>>,
    },
    /// Select the text from `anchor` to `focus` (the reader's pixels); `None`: unselect.
    Select {
        span: Option<((f32, f32), (f32, f32))>,
        reply: oneshot::Sender<bool>,
    },
    SelectedText {
        reply: oneshot::Sender<Option<String>>,
    },
}

/// The handle of one message's layout thread; dropping every clone ends the thread.
#[derive(Clone)]
pub struct Sheet {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sheet")
    }
}

impl Sheet {
    /// Starts the thread for one message: its HTML, the remote pictures the user allowed
    /// (already downloaded), and the reader's look.
    pub fn open(
        source: Source,
        allowed: Vec<(String, Bytes)>,
        look: Look,
    ) -> Result<Sheet, SheetError> {
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("facteur-html".into())
            // Stylo and Taffy recurse per nesting level; `too_complex` keeps the depth bounded.
            .stack_size(64 << 20)
            .spawn(move || work(source, allowed, look, queue))
            .map_err(|e| SheetError::Failed(e.to_string()))?;
        Ok(Sheet { jobs })
    }

    /// A sheet with no thread: every question is answered [`SheetError::Gone`].
    pub fn closed() -> Sheet {
        let (jobs, _) = mpsc::channel();
        Sheet { jobs }
    }

    /// Lays the message out at `width` CSS pixels, drawn at `scale` device pixels per CSS
    /// pixel. A message over [`PREFIX`] bytes of HTML is laid out from its beginning
    /// ([`Layout::partial`]) until [`Sheet::layout_whole`] is asked.
    pub fn layout(
        &self,
        width: u32,
        scale: f32,
    ) -> impl Future<Output = Result<Layout, SheetError>> + Send + 'static {
        self.layout_job(width, scale, false)
    }

    /// [`Sheet::layout`] of the whole message, however long.
    pub fn layout_whole(
        &self,
        width: u32,
        scale: f32,
    ) -> impl Future<Output = Result<Layout, SheetError>> + Send + 'static {
        self.layout_job(width, scale, true)
    }

    fn layout_job(
        &self,
        width: u32,
        scale: f32,
        whole: bool,
    ) -> impl Future<Output = Result<Layout, SheetError>> + Send + 'static {
        let answer = self.ask(move |reply| Job::Layout {
            width,
            scale,
            whole,
            reply,
        });
        async move { answer.await.ok_or(SheetError::Gone)? }
    }

    /// Sends the job that `job` makes with a reply channel; its answer, or `None` when the
    /// thread is gone.
    fn ask<T: Send + 'static>(
        &self,
        job: impl FnOnce(oneshot::Sender<T>) -> Job + 'static,
    ) -> impl Future<Output = Option<T>> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(job(reply)).is_ok();
        async move {
            if !sent {
                return None;
            }
            answer.await.ok()
        }
    }

    /// Selects the text between two points of the sheet (the reader's pixels, from its top
    /// left corner), or nothing; true when some text is selected now (the tiles in view are
    /// to be drawn again).
    pub fn select(
        &self,
        span: Option<(crate::mime::html::Point, crate::mime::html::Point)>,
    ) -> impl Future<Output = bool> + Send + 'static {
        let answer = self.ask(move |reply| Job::Select {
            span: span.map(|(a, b)| ((a.x, a.y), (b.x, b.y))),
            reply,
        });
        async move { answer.await.unwrap_or(false) }
    }

    /// The selected text, if any.
    pub fn selected_text(&self) -> impl Future<Output = Option<String>> + Send + 'static {
        let answer = self.ask(move |reply| Job::SelectedText { reply });
        async move { answer.await.flatten() }
    }

    /// Draws tile `index` of layout `generation`.
    pub fn tile(
        &self,
        generation: u64,
        index: usize,
    ) -> impl Future<Output = Result<Tile, SheetError>> + Send + 'static {
        let answer = self.ask(move |reply| Job::Tile {
            generation,
            index,
            reply,
        });
        async move { answer.await.ok_or(SheetError::Gone)? }
    }
}

/// Lays out and draws in one call (the command-line renderer, benchmarks, tests): the whole
/// message at `width`, as one RGBA picture.
pub fn render_once(
    source: Source,
    allowed: Vec<(String, Bytes)>,
    look: Look,
    width: u32,
    scale: f32,
) -> Result<(Layout, Vec<u8>), SheetError> {
    caught(|| {
        let mut doc = Laid::new(source, allowed, look);
        let mut layout = doc.layout(width, scale, 0);
        // One picture: a gigantic message is cut rather than drawn into gigabytes.
        layout.height = layout.height.min(MAX_PICTURE_HEIGHT);
        let height = (layout.height as f32 * scale).ceil().max(1.0) as u32;
        let mut rgba =
            Vec::with_capacity((layout.width as f32 * scale) as usize * height as usize * 4);
        let mut y = 0;
        while y < layout.height.max(1) {
            let band = (layout.height - y).clamp(1, TILE_HEIGHT * 8);
            rgba.extend_from_slice(&doc.draw(y, band, &layout).rgba);
            y += band;
        }
        (layout, rgba)
    })
}

fn caught<T>(f: impl FnOnce() -> T) -> Result<T, SheetError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let said = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        SheetError::Failed(said)
    })
}

fn work(source: Source, allowed: Vec<(String, Bytes)>, look: Look, queue: mpsc::Receiver<Job>) {
    let mut doc: Option<Laid> = None;
    let mut source = Some((source, allowed));
    let mut current: Option<Layout> = None;
    let mut generation = 0;
    while let Ok(mut job) = queue.recv() {
        // Only the newest layout matters: older ones waiting are answered as replaced.
        while let Ok(next) = queue.try_recv() {
            match (job, next) {
                (Job::Layout { reply, .. }, next @ Job::Layout { .. }) => {
                    let _ = reply.send(Err(SheetError::Superseded));
                    job = next;
                }
                (first, next) => {
                    run(
                        first,
                        &mut doc,
                        &mut source,
                        &mut current,
                        &mut generation,
                        look,
                    );
                    job = next;
                }
            }
        }
        if !run(
            job,
            &mut doc,
            &mut source,
            &mut current,
            &mut generation,
            look,
        ) {
            return;
        }
    }
}

/// Does one job; false when the engine failed (the thread ends).
fn run(
    job: Job,
    doc: &mut Option<Laid>,
    source: &mut Option<(Source, Vec<(String, Bytes)>)>,
    current: &mut Option<Layout>,
    generation: &mut u64,
    look: Look,
) -> bool {
    match job {
        Job::Layout {
            width,
            scale,
            whole,
            reply,
        } => {
            *generation += 1;
            let g = *generation;
            let result = caught(|| {
                // A large message is first laid out from its beginning, so that its first
                // screen shows at once (and a very long one uses the memory of an ordinary
                // one); the whole of it when asked.
                let partial = match (doc.as_ref(), source.as_ref()) {
                    (_, Some((s, allowed))) if s.html.len() > PREFIX && !whole => {
                        if doc.is_none() {
                            let prefix = Source {
                                html: prefix_of(&s.html, PREFIX).to_string(),
                                inline: s.inline.clone(),
                            };
                            *doc = Some(Laid::new(prefix, allowed.clone(), look));
                        }
                        true
                    }
                    (_, Some(_)) => {
                        let (s, allowed) = source.take().unwrap_or_default();
                        // The beginning goes before the whole is built (memory).
                        drop(doc.take());
                        *doc = Some(Laid::new(s, allowed, look));
                        false
                    }
                    _ => false,
                };
                let laid =
                    doc.get_or_insert_with(|| Laid::new(Source::default(), Vec::new(), look));
                let mut layout = laid.layout(width, scale, g);
                layout.partial = partial;
                layout
            });
            let ok = result.is_ok();
            *current = result.as_ref().ok().cloned();
            let _ = reply.send(result);
            ok
        }
        Job::Select { span, reply } => {
            let (Some(laid), Some(layout)) = (doc.as_mut(), current.as_ref()) else {
                let _ = reply.send(false);
                return true;
            };
            let result = caught(|| laid.select(span, layout.zoom));
            let ok = result.is_ok();
            let _ = reply.send(result.unwrap_or(false));
            ok
        }
        Job::SelectedText { reply } => {
            let text = doc
                .as_ref()
                .and_then(|laid| caught(|| laid.selected_text()).ok().flatten());
            let _ = reply.send(text);
            true
        }
        Job::Tile {
            generation: g,
            index,
            reply,
        } => {
            let (Some(laid), Some(layout)) = (doc.as_mut(), current.as_ref()) else {
                let _ = reply.send(Err(SheetError::Superseded));
                return true;
            };
            if layout.generation != g || index >= layout.tiles() {
                let _ = reply.send(Err(SheetError::Superseded));
                return true;
            }
            let y = index as u32 * TILE_HEIGHT;
            let band = (layout.height.saturating_sub(y)).clamp(1, TILE_HEIGHT);
            let result = caught(|| {
                let mut tile = laid.draw(y, band, layout);
                tile.generation = g;
                tile.index = index;
                tile
            });
            let ok = result.is_ok();
            let _ = reply.send(result);
            ok
        }
    }
}
