//! HTML mail laid out as its sender meant it: tables, CSS, fonts, colours and inline
//! pictures, drawn into pixels the reader shows; safely, privately and off the UI thread.
//!
//! **Why Blitz.** Bills, receipts and newsletters are laid out with tables and CSS; a text
//! conversion (html2text, kept as the fallback in [`super::display`]) cannot line their cells
//! up. Blitz is a Rust HTML/CSS engine built from Servo's and Firefox's parts: html5ever
//! parses, Stylo computes the styles (the cascade and selectors of a real browser), Taffy lays
//! out block, flex, grid and tables, Parley shapes text with the system's fonts, and
//! `blitz-paint` draws into a `vello_cpu` scene rasterised on the CPU, so the result is plain
//! RGBA that iced's software renderer shows as it is, under Xvfb too. The alternatives tried
//! or weighed: a web view (WebKitGTK) needs GTK and a second process and runs JavaScript
//! unless carefully disabled; litehtml is C++ with its own painter to write; html2text (today's
//! fallback) has no layout at all. Blitz has no JavaScript engine, so no script can ever run.
//!
//! **Safety.** Nothing in a message makes a network request by itself: the document's
//! [`NetProvider`](blitz_traits::net::NetProvider) is [`document::Provider`], which never touches
//! the network. It answers `cid:` parts of the message, `data:` images of the allowed types,
//! and remote images only once the engine has downloaded them on the user's request (passed in
//! as bytes); every other request is dropped. Before layout, [`clean`] removes what has no
//! place in mail (scripts, frames, objects, forms, `meta`, `base`, `link`), event handler
//! attributes and links to `javascript:`, `file:` or `data:`. A user-agent sheet with
//! `!important` rules (which outrank the mail's own) keeps `position: fixed` overlays and huge
//! declared image sizes from covering the reader.
//!
//! **Privacy.** [`privacy`] finds tracking pixels (1×1 or hidden images, known tracker hosts),
//! which are never loaded even when pictures are allowed, and strips click-tracking parameters
//! from links before they are opened.

pub mod clean;
mod document;
pub mod privacy;
pub mod sheet;
#[cfg(test)]
mod tests;

pub use blitz_traits::net::Bytes;

/// A point on a sheet, in the reader's pixels from its top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}
pub use sheet::{Layout, LinkArea, Look, Sheet, SheetError, Tile};

/// A message's HTML part with what it may show: its own pictures (`cid:` parts) and the remote
/// pictures the user allowed (downloaded by the engine, never by the layout).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The decoded HTML text.
    pub html: String,
    /// The message's inline parts, by Content-ID (without `<>`).
    pub inline: Vec<Inline>,
}

/// A part of the message that its HTML shows with `cid:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub content_id: String,
    pub data: std::sync::Arc<[u8]>,
}

/// HTML larger or deeper than a layout engine should be given: such mail is read as text
/// (the same bounds as the text conversion's own).
pub fn too_complex(html: &str) -> bool {
    html.len() > super::display::MAX_LAID_OUT || super::display::nesting_depth(html) > MAX_DEPTH
}

/// Deeper nesting than this is not laid out (Stylo and Taffy recurse per level); real
/// newsletters nest tables a few dozen levels deep.
pub const MAX_DEPTH: usize = 200;
