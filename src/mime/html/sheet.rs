//! One HTML message laid out on a thread of its own: the reader asks for a layout at its
//! width and scale, then for the tiles (bands of [`TILE_HEIGHT`] pixels) that come into
//! view, and never waits on the UI thread. A layout that takes too long is given up by the
//! caller (the reader shows the text instead); the thread then ends by itself as soon as the
//! engine returns, since nobody listens any more. A panic inside the engine is caught and
//! becomes [`SheetError::Failed`].

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use blitz_dom::{BaseDocument, DocumentConfig, UserAgentStylesheet};
use blitz_html::HtmlDocument;
use blitz_traits::net::{Bytes, NetHandler, NetProvider, Request};
use blitz_traits::shell::{ColorScheme, Viewport};
use futures::channel::oneshot;

use super::{Source, clean, privacy};

/// The base of relative addresses: a mail has no address of its own, so they point nowhere
/// (and are never asked for).
const NOWHERE: &str = "message.invalid";

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

/// The most a mail is shrunk to fit the reader's width: narrower than that, it is cut.
const MIN_ZOOM: f32 = 0.4;

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
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::Layout {
            width,
            scale,
            whole,
            reply,
        });
        async move {
            sent.map_err(|_| SheetError::Gone)?;
            answer.await.map_err(|_| SheetError::Gone)?
        }
    }

    /// Selects the text between two points of the sheet (the reader's pixels, from its top
    /// left corner), or nothing; true when some text is selected now (the tiles in view are
    /// to be drawn again).
    pub fn select(
        &self,
        span: Option<(crate::mime::html::Point, crate::mime::html::Point)>,
    ) -> impl Future<Output = bool> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::Select {
            span: span.map(|(a, b)| ((a.x, a.y), (b.x, b.y))),
            reply,
        });
        async move { sent.is_ok() && answer.await.unwrap_or(false) }
    }

    /// The selected text, if any.
    pub fn selected_text(&self) -> impl Future<Output = Option<String>> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::SelectedText { reply });
        async move {
            if sent.is_err() {
                return None;
            }
            answer.await.ok().flatten()
        }
    }

    /// Draws tile `index` of layout `generation`.
    pub fn tile(
        &self,
        generation: u64,
        index: usize,
    ) -> impl Future<Output = Result<Tile, SheetError>> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::Tile {
            generation,
            index,
            reply,
        });
        async move {
            sent.map_err(|_| SheetError::Gone)?;
            answer.await.map_err(|_| SheetError::Gone)?
        }
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
                .and_then(|laid| caught(|| laid.doc.get_selected_text()).ok().flatten());
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

/// Answers the document's requests without any network: the message's parts, `data:`
/// pictures and the remote pictures already downloaded; records the rest as blocked.
pub struct Provider {
    /// Requests waiting for the document to be cleaned (the trackers known).
    waiting: Mutex<Vec<(String, Box<dyn NetHandler>)>>,
}

impl NetProvider for Provider {
    fn fetch(&self, _doc_id: usize, request: Request, handler: Box<dyn NetHandler>) {
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.push((request.url.to_string(), handler));
        }
    }

    /// Nothing is awaited before painting: what is not here now never comes.
    fn is_noop(&self) -> bool {
        true
    }
}

/// A parsed, cleaned document and what it may show.
struct Laid {
    doc: HtmlDocument,
    provider: Arc<Provider>,
    inline: HashMap<String, Bytes>,
    allowed: HashMap<String, Bytes>,
    trackers: std::collections::HashSet<String>,
    blocked: Vec<String>,
    tracker_count: usize,
    themed_dark: bool,
    look: Look,
}

impl Laid {
    fn new(source: Source, allowed: Vec<(String, Bytes)>, look: Look) -> Laid {
        let themed_dark = look.dark && !has_own_colours(&source.html);
        let provider = Arc::new(Provider {
            waiting: Mutex::new(Vec::new()),
        });
        let config = DocumentConfig {
            viewport: Some(Viewport::new(800, 800, 1.0, scheme(themed_dark))),
            base_url: Some(format!("https://{NOWHERE}/")),
            ua_stylesheets: vec![
                UserAgentStylesheet::default_sheet(),
                UserAgentStylesheet::parse(&reader_sheet(look, themed_dark)),
            ],
            net_provider: Some(provider.clone()),
            ..DocumentConfig::default()
        };
        let html = clean::unresolvable_addresses_removed(&source.html);
        let mut doc = HtmlDocument::from_html(&html, config);
        let cleaned = clean::clean(&mut doc);
        let allowed: HashMap<String, Bytes> = allowed.into_iter().collect();
        clean::frame_blocked_pictures(&mut doc, |url| {
            allowed.contains_key(url) && !cleaned.trackers.contains(url)
        });
        let inline = source
            .inline
            .into_iter()
            .map(|i| (i.content_id, Bytes::from(i.data.to_vec())))
            .collect();
        let mut laid = Laid {
            doc,
            provider,
            inline,
            allowed,
            tracker_count: cleaned.trackers.len(),
            trackers: cleaned.trackers,
            blocked: Vec::new(),
            themed_dark,
            look,
        };
        laid.answer();
        laid
    }

    /// Answers the requests made so far (pictures are asked for while the document is built
    /// and when styles name a `url()`).
    fn answer(&mut self) {
        let waiting = match self.provider.waiting.lock() {
            Ok(mut w) => std::mem::take(&mut *w),
            Err(_) => return,
        };
        for (url, handler) in waiting {
            match clean::scheme(&url) {
                clean::Scheme::Part => {
                    let id = percent_encoding::percent_decode_str(&url[4..])
                        .decode_utf8_lossy()
                        .trim_matches(['<', '>'])
                        .to_string();
                    if let Some(data) = self.inline.get(&id) {
                        handler.bytes(url, data.clone());
                    }
                }
                clean::Scheme::DataImage => {
                    if let Some(data) = data_url(&url) {
                        handler.bytes(url, data);
                    }
                }
                clean::Scheme::Web if privacy::host(&url).as_deref() == Some(NOWHERE) => {}
                clean::Scheme::Web => {
                    if self.trackers.contains(&url) || privacy::is_tracker(&url) {
                        if self.trackers.insert(url.clone()) {
                            self.tracker_count += 1;
                        }
                    } else if let Some(data) = self.allowed.get(&url) {
                        handler.bytes(url, data.clone());
                    } else if !self.blocked.contains(&url) {
                        self.blocked.push(url);
                    }
                }
                _ => {}
            }
        }
        self.doc.handle_messages();
    }

    fn layout(&mut self, width: u32, scale: f32, generation: u64) -> Layout {
        let width = width.clamp(1, MAX_WIDTH);
        let scale = if scale.is_finite() {
            scale.clamp(0.5, 4.0)
        } else {
            1.0
        };
        let device = (width as f32 * scale).round() as u32;
        let mut zoom = 1.0;
        self.resolve_at(device, scale, zoom);
        // Mail laid out wider than the reader (a 600-pixel table in a 420-pixel pane) is
        // shrunk to fit, as phone mail apps do, rather than cut at the right.
        let content = content_width(&self.doc);
        if content > width as f32 + 1.0 {
            zoom = (width as f32 / content).max(MIN_ZOOM);
            self.resolve_at(device, scale, zoom);
        }
        let root = self.doc.root_element();
        let size = root.final_layout().size;
        let height = ((size.height * zoom).ceil() as u32).clamp(1, MAX_HEIGHT);
        let links = links(&self.doc, zoom);
        Layout {
            generation,
            width,
            height,
            scale,
            zoom,
            links,
            blocked: self.blocked.clone(),
            trackers: self.tracker_count,
            background: background(self.look, self.themed_dark),
            themed_dark: self.themed_dark,
            partial: false,
        }
    }

    /// Styles and lays out for a sheet `device` pixels wide.
    fn resolve_at(&mut self, device: u32, scale: f32, zoom: f32) {
        let mut viewport = Viewport::new(
            device,
            (800.0 * scale) as u32,
            scale,
            scheme(self.themed_dark),
        );
        viewport.zoom = zoom;
        self.doc.set_viewport(viewport);
        self.doc
            .set_viewport_scroll(blitz_dom::Point { x: 0.0, y: 0.0 });
        self.doc.resolve(0.0);
        // Styles may have asked for pictures (`url()`): answer, and lay out with them.
        if self.provider.waiting.lock().is_ok_and(|w| !w.is_empty()) {
            self.answer();
            self.doc.resolve(0.0);
        }
    }

    /// Selects the text between two points (the reader's pixels), or clears the selection.
    fn select(&mut self, span: Option<((f32, f32), (f32, f32))>, zoom: f32) -> bool {
        let Some((anchor, focus)) = span else {
            self.doc.clear_text_selection();
            return false;
        };
        let anchor = self.text_position(anchor, zoom);
        let focus = self.text_position(focus, zoom);
        match (anchor, focus) {
            (Some((an, ao)), Some((fnode, fo))) => self.doc.set_text_selection(an, ao, fnode, fo),
            // A drag that ends between paragraphs keeps its anchor.
            (Some((an, ao)), None) if !self.doc.has_text_selection() => {
                self.doc.set_text_selection(an, ao, an, ao)
            }
            _ => {}
        }
        self.doc.has_text_selection()
    }

    /// The text position under a point of the sheet (the reader's pixels).
    fn text_position(&self, (x, y): (f32, f32), zoom: f32) -> Option<(blitz_dom::NodeId, usize)> {
        self.doc.find_text_position(x / zoom, y / zoom)
    }

    /// Draws `height` CSS pixels from `y` down.
    fn draw(&mut self, y: u32, height: u32, layout: &Layout) -> Tile {
        let scale = layout.scale;
        let w = ((layout.width as f32 * scale).round() as u32).max(1);
        let h = ((height as f32 * scale).round() as u32).clamp(1, u16::MAX as u32);
        let zoom = layout.zoom as f64;
        self.doc.set_viewport_scroll(blitz_dom::Point {
            x: 0.0,
            y: y as f64 / zoom,
        });
        let doc: &mut BaseDocument = &mut self.doc;
        let painted = scale as f64 * zoom;
        let rgba = anyrender::render_to_buffer::<anyrender_vello_cpu::VelloCpuImageRenderer, _>(
            |scene| blitz_paint::paint_scene(scene, doc, painted, w, h, 0, 0),
            w,
            h,
        );
        Tile {
            generation: layout.generation,
            index: 0,
            width: w,
            height: h,
            rgba: Bytes::from(rgba),
        }
    }
}

fn scheme(dark: bool) -> ColorScheme {
    if dark {
        ColorScheme::Dark
    } else {
        ColorScheme::Light
    }
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The reader's own rules, after the default sheet. `!important` in a user-agent sheet
/// outranks the mail's own rules, even its `!important` ones.
fn reader_sheet(look: Look, themed_dark: bool) -> String {
    let colours = if themed_dark {
        format!(
            "html {{ background: {bg}; color: {fg}; }} a:link, a:visited {{ color: {link}; }}",
            bg = hex(look.background),
            fg = hex(look.text),
            link = hex(look.link),
        )
    } else {
        // A light sheet: the mail's own colours, on white where it sets none.
        "html { background: #ffffff; color: #1a1a1a; }".to_string()
    };
    format!(
        "{colours}
        body {{ margin: 12px 16px; font-family: sans-serif; overflow-wrap: anywhere; }}
        * {{ position: static !important; }}
        img {{ max-width: 100% !important; max-height: 8000px !important; }}
        table {{ max-width: 100% !important; }}
        pre {{ white-space: pre-wrap !important; }}
        td[valign=top], th[valign=top], tr[valign=top] > td {{ vertical-align: top; }}
        td[valign=middle], th[valign=middle], tr[valign=middle] > td {{ vertical-align: middle; }}
        td[valign=bottom], th[valign=bottom], tr[valign=bottom] > td {{ vertical-align: bottom; }}
        table[align=center] {{ margin-left: auto; margin-right: auto; }}"
    )
}

/// The mail sets colours of its own (text or background): it keeps them, on a light sheet.
fn has_own_colours(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    ["color", "background", "bgcolor"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The sheet's background where the mail paints none: the theme's for mail drawn in the
/// theme's colours, white for the light sheet.
fn background(look: Look, themed_dark: bool) -> [u8; 4] {
    if themed_dark {
        [
            look.background[0],
            look.background[1],
            look.background[2],
            255,
        ]
    } else {
        [255, 255, 255, 255]
    }
}

/// How wide the document's content is (CSS pixels): the right edge of its widest box.
fn content_width(doc: &BaseDocument) -> f32 {
    let mut widest: f32 = 0.0;
    let mut stack = vec![(doc.root_element().id, 0.0f32)];
    while let Some((id, parent_x)) = stack.pop() {
        let Some(node) = doc
            .get_node(id)
            .filter(|n| n.is_element() || n.is_anonymous())
        else {
            continue;
        };
        let layout = node.final_layout();
        let x = parent_x + layout.location.x;
        widest = widest.max(x + layout.size.width);
        // Positions are relative to the layout parent, which may be an anonymous box.
        if let Ok(children) = node.layout_children.try_borrow()
            && let Some(children) = children.as_ref()
        {
            stack.extend(children.iter().map(|c| (*c, x)));
        }
    }
    widest
}

/// The document's links, with where they are (the reader's pixels, the sheet unscrolled and
/// shrunk by `zoom`).
fn links(doc: &BaseDocument, zoom: f32) -> Vec<LinkArea> {
    let mut out = Vec::new();
    for node in clean::nodes(doc) {
        if node
            .data
            .is_element_with_tag_name(&blitz_dom::local_name!("a"))
            && let Some(href) = node.attr(blitz_dom::local_name!("href"))
            && matches!(
                clean::scheme(href),
                clean::Scheme::Web | clean::Scheme::Mail
            )
        {
            let href = privacy::absolute(href);
            let disguised = privacy::disguised(&node.text_content(), &href);
            for r in doc.node_client_rects(node.id) {
                if r.width > 0.0 && r.height > 0.0 {
                    out.push(LinkArea {
                        x: r.x as f32 * zoom,
                        y: r.y as f32 * zoom,
                        width: r.width as f32 * zoom,
                        height: r.height as f32 * zoom,
                        href: href.clone(),
                        disguised: disguised.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The bytes of a `data:` address (base64 or percent-encoded).
fn data_url(url: &str) -> Option<Bytes> {
    use base64::Engine as _;
    let (head, body) = url.split_once(',')?;
    if head.to_ascii_lowercase().ends_with(";base64") {
        let body: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(body.trim_end_matches('='))
            .ok()
            .map(Bytes::from)
    } else {
        Some(Bytes::from(
            percent_encoding::percent_decode_str(body).collect::<Vec<u8>>(),
        ))
    }
}
