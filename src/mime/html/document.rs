//! A message's HTML as a document: parsed, cleaned, its requests answered without any
//! network ([`Provider`]), laid out at a width (shrunk to fit when wider) and drawn band by
//! band. Used on the message's own thread ([`super::sheet`]).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use blitz_dom::{BaseDocument, DocumentConfig, UserAgentStylesheet};
use blitz_html::HtmlDocument;
use blitz_traits::net::{Bytes, NetHandler, NetProvider, Request};
use blitz_traits::shell::{ColorScheme, Viewport};

use super::sheet::{Layout, LinkArea, Look, MAX_HEIGHT, MAX_WIDTH, Tile};
use super::{Source, clean, privacy};

/// The most a mail is shrunk to fit the reader's width: narrower than that, it is cut.
const MIN_ZOOM: f32 = 0.4;

/// The base of relative addresses: a mail has no address of its own, so they point nowhere
/// (and are never asked for).
const NOWHERE: &str = "message.invalid";

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
pub(super) struct Laid {
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
    pub(super) fn new(source: Source, allowed: Vec<(String, Bytes)>, look: Look) -> Laid {
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
            font_ctx: Some(fonts()),
            ..DocumentConfig::default()
        };
        let html = clean::unresolvable_addresses_removed(&source.html);
        let mut doc = HtmlDocument::from_html(&html, config);
        let cleaned = clean::clean(&mut doc);
        let allowed: HashMap<String, Bytes> = allowed.into_iter().collect();
        clean::frame_blocked_pictures(&mut doc, |url| {
            !allowed.contains_key(url)
                && !cleaned.trackers.contains(url)
                && !privacy::is_tracker(url)
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

    pub(super) fn layout(&mut self, width: u32, scale: f32, generation: u64) -> Layout {
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
    /// The selected text, if any.
    pub(super) fn selected_text(&self) -> Option<String> {
        self.doc.get_selected_text()
    }

    pub(super) fn select(&mut self, span: Option<((f32, f32), (f32, f32))>, zoom: f32) -> bool {
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
    pub(super) fn draw(&mut self, y: u32, height: u32, layout: &Layout) -> Tile {
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

/// The system's fonts, found once per process and shared by every message's document (a
/// scan for each message would cost milliseconds), with Blitz's list-bullet font.
pub(super) fn fonts() -> blitz_dom::FontContext {
    use parley::fontique::{Blob, Collection, CollectionOptions, SourceCache};
    static FONTS: LazyLock<blitz_dom::FontContext> = LazyLock::new(|| {
        let mut fonts = blitz_dom::FontContext {
            source_cache: SourceCache::new_shared(),
            collection: Collection::new(CollectionOptions {
                shared: true,
                system_fonts: true,
            }),
        };
        fonts
            .collection
            .register_fonts(Blob::new(Arc::new(blitz_dom::BULLET_FONT) as _), None);
        fonts
    });
    FONTS.clone()
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
