//! The parsed document made fit for a mail reader, before any style or layout: what has no
//! place in mail is removed, and every picture is sorted into the message's own, remote, or
//! tracker (see [`super::privacy`]).
//!
//! Removed: `script`, `iframe`, `frame`, `frameset`, `object`, `embed`, `applet`, `meta`
//! (refresh), `base` (which would re-root relative addresses), `link` (remote style sheets),
//! `form` (its fields stay, inert: nothing is ever submitted); every `on…` attribute; `href`s
//! and `src`s whose scheme is not allowed (`javascript:`, `vbscript:`, `file:`, and `data:`
//! except images of the types the reader decodes); `srcset` (the picture is chosen by `src`).
//! `noscript` is kept: no script ever runs, so its text is what the reader should show.

use std::collections::HashSet;

use blitz_dom::{BaseDocument, LocalName, QualName};

use super::privacy;

/// Elements removed with their contents.
const REMOVED: [&str; 10] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "link",
];

/// What cleaning found.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// Pictures that would tell the sender the mail was read (never loaded).
    pub trackers: HashSet<String>,
    /// Elements and attributes taken out.
    pub removed: usize,
}

/// Where a link or picture address may point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `http:`, `https:` (a remote address).
    Web,
    /// `mailto:`.
    Mail,
    /// `cid:`: a part of the message.
    Part,
    /// `data:` with a picture type the reader decodes.
    DataImage,
    /// A fragment of the document itself (`#top`).
    Fragment,
    /// Anything else (`javascript:`, `file:`, other `data:`, unknown schemes).
    Refused,
}

/// The kind of an address, by its scheme (case and leading blanks ignored, as browsers do).
pub fn scheme(url: &str) -> Scheme {
    let url: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(24)
        .collect::<String>()
        .to_ascii_lowercase();
    if url.starts_with("https:") || url.starts_with("http:") || url.starts_with("//") {
        Scheme::Web
    } else if url.starts_with("mailto:") {
        Scheme::Mail
    } else if url.starts_with("cid:") {
        Scheme::Part
    } else if ["png", "jpeg", "jpg", "gif", "webp"]
        .iter()
        .any(|t| url.starts_with(&format!("data:image/{t}")))
    {
        Scheme::DataImage
    } else if url.starts_with('#') {
        Scheme::Fragment
    } else {
        Scheme::Refused
    }
}

/// The document's nodes, depth first in document order.
pub fn nodes(doc: &BaseDocument) -> impl Iterator<Item = &blitz_dom::Node> + '_ {
    let mut stack = vec![doc.root_node().id];
    std::iter::from_fn(move || {
        loop {
            let id = stack.pop()?;
            if let Some(node) = doc.get_node(id) {
                stack.extend(node.children.iter().rev().copied());
                return Some(node);
            }
        }
    })
}

/// Cleans the document in place (see the module's doc).
pub fn clean(doc: &mut BaseDocument) -> Cleaned {
    let mut found = Cleaned::default();
    let mut remove = Vec::new();
    let mut clear: Vec<(blitz_dom::NodeId, QualName)> = Vec::new();
    let mut unwrap = Vec::new();
    // Depth-first, carrying whether an ancestor is hidden (its pictures are trackers).
    let mut stack = vec![(doc.root_node().id, false)];
    while let Some((id, hidden_above)) = stack.pop() {
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        let mut hidden = hidden_above;
        if let Some(element) = node.element_data() {
            let name = element.name.local.to_string().to_ascii_lowercase();
            if REMOVED.contains(&name.as_str()) {
                remove.push(id);
                continue;
            }
            if name == "form" {
                unwrap.push(id);
            }
            let style = node.attr(blitz_dom::local_name!("style")).unwrap_or("");
            hidden |= privacy::hides(style);
            for attr in element.attrs.iter() {
                let attr_name = attr.name.local.to_string().to_ascii_lowercase();
                let refused = match attr_name.as_str() {
                    n if n.starts_with("on") => true,
                    "srcset" | "formaction" | "action" | "ping" | "background" => true,
                    "href" | "xlink:href" => !matches!(
                        scheme(&attr.value),
                        Scheme::Web | Scheme::Mail | Scheme::Fragment
                    ),
                    "src" | "poster" => !matches!(
                        scheme(&attr.value),
                        Scheme::Web | Scheme::Part | Scheme::DataImage
                    ),
                    _ => false,
                };
                if refused {
                    clear.push((id, attr.name.clone()));
                }
            }
            if name == "img"
                && let Some(src) = node.attr(blitz_dom::local_name!("src"))
                && scheme(src) == Scheme::Web
            {
                let size = |n: LocalName| node.attr(n).and_then(privacy::pixels);
                let width = size(blitz_dom::local_name!("width"));
                let height = size(blitz_dom::local_name!("height"));
                if hidden || privacy::is_pixel(width, height, style) || privacy::is_tracker(src) {
                    found.trackers.insert(privacy::absolute(src));
                }
            }
        }
        for child in node.children.iter().rev() {
            stack.push((*child, hidden));
        }
    }
    found.removed = remove.len() + clear.len() + unwrap.len();
    let mut m = doc.mutate();
    for (id, name) in clear {
        m.clear_attribute(id, name);
    }
    for id in unwrap {
        if m.parent_id(id).is_none() {
            continue;
        }
        let children = m.child_ids(id);
        m.insert_nodes_before(id, &children);
        m.remove_and_drop_node(id);
    }
    for id in remove {
        m.remove_and_drop_node(id);
    }
    drop(m);
    found
}

/// What is left in a cleaned document that cleaning should have taken out (for the fuzz
/// harness and tests: always empty).
pub fn leftovers(doc: &BaseDocument) -> Vec<String> {
    let mut found = Vec::new();
    for element in nodes(doc).filter_map(|n| n.element_data()) {
        let name = element.name.local.to_string().to_ascii_lowercase();
        if REMOVED.contains(&name.as_str()) || name == "form" {
            found.push(format!("<{name}>"));
        }
        for attr in element.attrs.iter() {
            let attr_name = attr.name.local.to_string().to_ascii_lowercase();
            let bad = attr_name.starts_with("on")
                || (matches!(attr_name.as_str(), "href" | "src")
                    && scheme(&attr.value) == Scheme::Refused);
            if bad {
                found.push(format!("{name} {attr_name}={:?}", attr.value));
            }
        }
    }
    found
}

/// Parses `html` and cleans it, without laying it out: what the fuzz harness checks.
pub fn parse_and_clean(html: &str) -> (blitz_html::HtmlDocument, Cleaned) {
    let config = blitz_dom::DocumentConfig {
        base_url: Some("https://message.invalid/".into()),
        font_ctx: Some(super::document::fonts()),
        ..blitz_dom::DocumentConfig::default()
    };
    let html = unresolvable_addresses_removed(html);
    let mut doc = blitz_html::HtmlDocument::from_html(&html, config);
    let cleaned = clean(&mut doc);
    (doc, cleaned)
}

/// Attributes whose value Blitz resolves as an address while it parses.
const ADDRESS_ATTRIBUTES: [&str; 6] = ["src", "href", "background", "poster", "data", "action"];

/// The HTML with every address attribute that cannot be resolved (`http://[::1`) replaced
/// by `#`: Blitz resolves addresses while it parses and panics on one it cannot. Read at the
/// byte level before parsing, so the parser never sees such a value.
pub fn unresolvable_addresses_removed(html: &str) -> std::borrow::Cow<'_, str> {
    let base = url::Url::parse("https://message.invalid/").expect("a valid base");
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(eq) = memchr::memchr(b'=', &bytes[at..]).map(|i| at + i) {
        at = eq + 1;
        // The attribute's name, just before the `=` (blanks allowed).
        let before = html[..eq].trim_end_matches([' ', '\t', '\n', '\r']);
        let name_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let name = &before[name_start..];
        if !ADDRESS_ATTRIBUTES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let rest = &html[eq + 1..];
        let lead = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
        let value_start = eq + 1 + lead;
        let (start, end) = match bytes.get(value_start) {
            Some(q @ (b'"' | b'\'')) => {
                let close = memchr::memchr(*q, &bytes[value_start + 1..])
                    .map_or(bytes.len(), |i| value_start + 1 + i);
                (value_start + 1, close)
            }
            Some(_) => {
                let close = bytes[value_start..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .map_or(bytes.len(), |i| value_start + i);
                (value_start, close)
            }
            None => break,
        };
        let value = html[start..end].replace("&amp;", "&");
        if base.join(value.trim()).is_err() {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            out.push('#');
            copied = end;
        }
        at = end.max(at);
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Remote pictures that stay blocked keep a visible box where they would be: a dashed frame
/// at their declared size, or a small square when they declare none, so the layout does not
/// collapse and the reader sees that something is missing. `blocked` tells the remote
/// pictures that will not be drawn and are to be seen as missing (not those allowed, nor
/// trackers, which stay invisible).
pub fn frame_blocked_pictures(doc: &mut BaseDocument, blocked: impl Fn(&str) -> bool) {
    let mut framed = Vec::new();
    for node in nodes(doc) {
        if node
            .data
            .is_element_with_tag_name(&blitz_dom::local_name!("img"))
            && let Some(src) = node.attr(blitz_dom::local_name!("src"))
            && scheme(src) == Scheme::Web
            && blocked(&privacy::absolute(src))
        {
            let number = |n| node.attr(n).and_then(privacy::pixels).filter(|v| *v > 0);
            let width = number(blitz_dom::local_name!("width"));
            let height = number(blitz_dom::local_name!("height"));
            // What is not declared gets a small minimum, so the box is seen.
            let minimum = match (width, height) {
                (None, None) => "min-width: 24px; min-height: 24px;",
                (Some(_), None) => "min-height: 24px;",
                (None, Some(_)) => "min-width: 24px;",
                (Some(_), Some(_)) => "",
            };
            // A picture sized by its style (`height: auto`) has no height until it loads:
            // its declared proportions keep its box.
            let ratio = width
                .zip(height)
                .map(|(w, h)| format!("aspect-ratio: {w} / {h};"))
                .unwrap_or_default();
            let style = node
                .attr(blitz_dom::local_name!("style"))
                .unwrap_or("")
                .to_string();
            framed.push((node.id, style, minimum, ratio));
        }
    }
    let mut m = doc.mutate();
    for (id, style, minimum, ratio) in framed {
        let style = format!(
            "{style}; border: 1px dashed #9aa0a6; box-sizing: border-box; {minimum} {ratio} \
             background: rgba(154, 160, 166, 0.12);"
        );
        m.set_attribute(
            id,
            QualName::new(None, blitz_dom::ns!(), blitz_dom::local_name!("style")),
            &style,
        );
    }
}
