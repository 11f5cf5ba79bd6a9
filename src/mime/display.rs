//! A received message as the reader shows it: headers, the body as safe rich text, the
//! attachments.
//!
//! HTML is never rendered as HTML: it is converted to text lines with spans (bold, italic,
//! code, links) by html2text, so no script, style or remote resource can run or load. Images
//! become their alternative text; remote ones are counted, never fetched.

use mail_parser::{MimeHeaders, PartType};

use crate::mime::addresses;

/// One run of text with its look and, for a link, where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub link: Option<String>,
    pub strong: bool,
    pub emphasis: bool,
    pub code: bool,
}

/// A line of the body.
pub type Line = Vec<Span>;

/// An attachment, as listed under the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the sender gave (not yet made safe for saving).
    pub name: String,
    pub mime_type: String,
    pub size: usize,
    /// The part's index in the message.
    pub part: usize,
}

/// A parsed message for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Display {
    pub subject: String,
    pub from: String,
    pub to: String,
    pub cc: String,
    pub date: i64,
    pub lines: Vec<Line>,
    pub attachments: Vec<Attachment>,
    /// Remote images that were not loaded.
    pub blocked_images: usize,
    /// Their addresses, for when the user asks to see them.
    pub remote_images: Vec<String>,
    /// The body came from HTML.
    pub from_html: bool,
    /// `lines` are still to be made from the HTML ([`Display::parse_for_layout`]): the reader
    /// converts them off its thread when it needs the text.
    pub text_pending: bool,
    /// The HTML part, to lay out as its sender meant it (with its inline pictures); `lines`
    /// stay the text to fall back on (the text part, or the HTML converted).
    pub html: Option<std::sync::Arc<super::html::Source>>,
}

/// How deep attached messages are shown in the body (each level is parsed again).
const MAX_ATTACHED_DEPTH: usize = 3;

/// Wide enough that html2text never wraps ordinary paragraphs (the window wraps them).
const WIDTH: usize = 400;

impl Display {
    /// Parses a raw message; a malformed one still shows what could be read.
    pub fn parse(raw: &[u8]) -> Display {
        Display::parse_nested(raw, 0, true)
    }

    /// [`Display::parse`] for a reader that lays the HTML out: HTML-only mail is not converted
    /// to text now (for a 2 MB mail that costs more than its layout), `text_pending` says so.
    pub fn parse_for_layout(raw: &[u8]) -> Display {
        Display::parse_nested(raw, 0, false)
    }

    /// [`Display::parse`] of a message attached `depth` levels deep.
    fn parse_nested(raw: &[u8], depth: usize, convert: bool) -> Display {
        let raw = &*super::repair::prepare(raw);
        let Some(m) = super::parse(raw) else {
            return Display {
                lines: text_lines(&String::from_utf8_lossy(raw)),
                ..Display::default()
            };
        };
        let mut d = Display {
            subject: m.subject().unwrap_or("").to_string(),
            from: addresses(m.from()),
            to: addresses(m.to()),
            cc: addresses(m.cc()),
            date: m.date().map(|d| d.to_timestamp()).unwrap_or(0),
            ..Display::default()
        };
        // The text part is what "Plain text" shows; the HTML part (if any) is laid out, and
        // converted to text where there is no text part.
        let plain = m
            .text_body
            .iter()
            .filter_map(|&i| m.parts.get(i as usize))
            .find(|p| matches!(p.body, PartType::Text(_)));
        let html = m
            .html_body
            .iter()
            .filter_map(|&i| m.parts.get(i as usize))
            .find_map(|part| match &part.body {
                PartType::Html(t) => Some(super::repair::part_text(raw, part, t).into_owned()),
                _ => None,
            });
        if let Some(part) = plain
            && let PartType::Text(t) = &part.body
        {
            d.lines = text_lines(&super::repair::part_text(raw, part, t));
            if let Some(html) = &html {
                d.remote_images = remote_images(html);
                d.blocked_images = d.remote_images.len();
            }
        } else if let Some(html) = html
            .as_ref()
            .filter(|h| !convert && !super::html::too_complex(h))
        {
            d.from_html = true;
            d.text_pending = true;
            d.remote_images = remote_images(html);
            d.blocked_images = d.remote_images.len();
        } else if let Some(html) = &html {
            d.from_html = true;
            let (lines, blocked) = html_lines(html);
            d.lines = lines;
            d.blocked_images = blocked.len();
            d.remote_images = blocked;
        }
        if let Some(html) = html {
            d.html = Some(std::sync::Arc::new(super::html::Source {
                html,
                inline: inline_parts(&m),
            }));
        }
        for (i, part) in m.parts.iter().enumerate() {
            let is_body = m.text_body.contains(&(i as u32)) || m.html_body.contains(&(i as u32));
            if is_body || matches!(part.body, PartType::Multipart(_)) {
                continue;
            }
            if matches!(part.body, PartType::Message(_)) {
                d.attach_message(part, i, depth);
                continue;
            }
            let Some(name) = part.attachment_name() else {
                // A picture the HTML shows in place is not listed again; any other part
                // without a name still is (a photo sent without a file name).
                let shown_in_place = is_image(part)
                    && d.html.as_ref().is_some_and(|h| {
                        part.content_id()
                            .map(|id| id.trim().trim_matches(['<', '>']))
                            .is_some_and(|id| !id.is_empty() && h.html.contains(id))
                    });
                if matches!(part.body, PartType::Binary(_) | PartType::InlineBinary(_))
                    && !shown_in_place
                {
                    d.attachments.push(Attachment {
                        name: String::new(),
                        mime_type: mime_type(part),
                        size: part.len(),
                        part: i,
                    });
                }
                continue;
            };
            d.attachments.push(Attachment {
                name: name.to_string(),
                mime_type: mime_type(part),
                size: part.len(),
                part: i,
            });
        }
        if d.lines.is_empty() && d.attachments.is_empty() && !d.text_pending {
            // Nothing recognisable as a body: show the text as it is rather than nothing.
            let text = String::from_utf8_lossy(raw);
            let body = text
                .split_once("\r\n\r\n")
                .or_else(|| text.split_once("\n\n"))
                .map_or(text.as_ref(), |(_, b)| b);
            d.lines = text_lines(body);
        }
        d
    }

    /// An attached message (a forward as attachment, a part of a `multipart/digest`, whose
    /// parts are messages by default): shown after the body as Thunderbird does, under a
    /// rule and a line with its sender and subject, and listed as a `.eml` file to save.
    /// Messages attached deeper than [`MAX_ATTACHED_DEPTH`] are only listed.
    fn attach_message(&mut self, part: &mail_parser::MessagePart<'_>, index: usize, depth: usize) {
        let PartType::Message(message) = &part.body else {
            return;
        };
        let raw = part.contents();
        let subject = message.subject().unwrap_or("").trim();
        let name = match part.attachment_name() {
            Some(name) => name.to_string(),
            None if !subject.is_empty() => format!("{subject}.eml"),
            None => String::new(),
        };
        if depth < MAX_ATTACHED_DEPTH {
            let inner = Display::parse_nested(raw, depth + 1, true);
            let heading = [inner.from.as_str(), inner.subject.as_str()]
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" — ");
            if !self.lines.is_empty() {
                self.lines.push(Vec::new());
            }
            self.lines.push(vec![Span {
                text: "─".repeat(24),
                ..Span::default()
            }]);
            if !heading.is_empty() {
                self.lines.push(vec![Span {
                    text: heading,
                    strong: true,
                    ..Span::default()
                }]);
            }
            self.lines.push(Vec::new());
            self.lines.extend(inner.lines);
            self.blocked_images += inner.blocked_images;
            self.remote_images.extend(inner.remote_images);
        }
        self.attachments.push(Attachment {
            name,
            mime_type: "message/rfc822".into(),
            size: raw.len(),
            part: index,
        });
    }

    /// The body as plain text (for tests, copying and search checks).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The pictures a message's HTML can show with `cid:`: its image parts with a Content-ID.
fn inline_parts(m: &mail_parser::Message<'_>) -> Vec<super::html::Inline> {
    m.parts
        .iter()
        .filter(|p| is_image(p))
        .filter_map(|p| {
            let id = p.content_id()?.trim().trim_matches(['<', '>']).to_string();
            (!id.is_empty()).then(|| super::html::Inline {
                content_id: id,
                data: std::sync::Arc::from(p.contents()),
            })
        })
        .collect()
}

fn is_image(part: &mail_parser::MessagePart<'_>) -> bool {
    part.content_type()
        .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("image"))
}

fn mime_type(part: &mail_parser::MessagePart<'_>) -> String {
    part.content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_string(),
        })
        .unwrap_or_else(|| "application/octet-stream".into())
        .to_ascii_lowercase()
}

/// Plain text lines, with web addresses made into links.
fn text_lines(text: &str) -> Vec<Line> {
    text.lines().map(linkify).collect()
}

fn linkify(line: &str) -> Line {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(start) = ["https://", "http://", "mailto:"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        if start > 0 {
            spans.push(Span {
                text: rest[..start].to_string(),
                ..Span::default()
            });
        }
        let after = &rest[start..];
        let end = after
            .find(|c: char| c.is_whitespace() || "<>\"".contains(c))
            .unwrap_or(after.len());
        let mut url = &after[..end];
        url = url.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
        spans.push(Span {
            text: url.to_string(),
            link: Some(url.to_string()),
            ..Span::default()
        });
        rest = &after[url.len()..];
    }
    if !rest.is_empty() || spans.is_empty() {
        spans.push(Span {
            text: rest.to_string(),
            ..Span::default()
        });
    }
    spans
}

/// HTML as the reader's text lines (for [`Display::text_pending`]).
pub fn html_text(html: &str) -> Vec<Line> {
    html_lines(html).0
}

/// HTML as lines of spans, and the remote images that were left out.
fn html_lines(html: &str) -> (Vec<Line>, Vec<String>) {
    use html2text::render::RichAnnotation as A;
    // html2text's cost grows with the square of the nesting (200,000 nested <div> kept it
    // busy for minutes): past a depth no real mail reaches, or a size, the text is read flat,
    // in one pass.
    if html.len() > MAX_LAID_OUT || nesting_depth(html) > MAX_DEPTH {
        return (text_lines(&flat_text(html)), remote_images(html));
    }
    let Ok(lines) = html2text::from_read_rich(html.as_bytes(), WIDTH) else {
        return (text_lines(&flat_text(html)), remote_images(html));
    };
    let blocked = remote_images(html);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut spans = Vec::new();
        for piece in line.tagged_strings() {
            let mut span = Span {
                text: piece.s.clone(),
                ..Span::default()
            };
            for tag in &piece.tag {
                match tag {
                    A::Link(url) if is_openable(url) => span.link = Some(url.clone()),
                    A::Strong => span.strong = true,
                    A::Emphasis => span.emphasis = true,
                    A::Code | A::Preformat(_) => span.code = true,
                    _ => {}
                }
            }
            spans.push(span);
        }
        // html2text marks headings with "# "; show them bold instead.
        if let Some(first) = spans.first_mut() {
            let hashes = first.text.len() - first.text.trim_start_matches('#').len();
            if hashes > 0 && first.text[hashes..].starts_with(' ') {
                first.text = first.text[hashes + 1..].to_string();
                for s in &mut spans {
                    s.strong = true;
                }
            }
        }
        out.push(spans);
    }
    (out, blocked)
}

/// The addresses of the `<img>` elements that point at a remote address (protocol-relative
/// ones as `https:`), in order, without repeats.
fn remote_images(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    for (at, _) in lower.match_indices("<img") {
        let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        let tag = &lower[at..end];
        let Some(i) = tag.find("src=") else {
            continue;
        };
        // The same bytes in the original, where the address keeps its case.
        let value = &html[at + i + 4..end];
        let value = value.trim_start_matches(' ');
        let url = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            // Unquoted: up to the next space (a trailing `/` is the tag's own `/>`).
            _ => value
                .split([' ', '\t', '\r', '\n'])
                .next()
                .unwrap_or("")
                .trim_end_matches('/'),
        };
        let url = url.trim().replace("&amp;", "&");
        let lower_url = url.to_ascii_lowercase();
        let url = if lower_url.starts_with("//") {
            format!("https:{url}")
        } else if lower_url.starts_with("http:") || lower_url.starts_with("https:") {
            url
        } else {
            continue;
        };
        if !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

/// Links the reader offers to open: web pages and mail addresses only (no `javascript:`,
/// `file:` or `data:`).
fn is_openable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Deeper element nesting than this is read flat ([`flat_text`]): newsletters nest tables a
/// few dozen levels deep.
const MAX_DEPTH: usize = 400;

/// Larger HTML than this is read flat.
pub(crate) const MAX_LAID_OUT: usize = 4 << 20;

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest element nesting of `html`, counted in one pass over its tags.
pub(crate) fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + at + 1;
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        if let Some(rest) = tag.strip_prefix('/') {
            if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                depth = depth.saturating_sub(1);
            }
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) && !tag.ends_with('/') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if !VOID.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        i = end.min(bytes.len());
        if i >= bytes.len() {
            break;
        }
    }
    deepest
}

/// HTML read as flat text in one pass, for HTML too deep, too large or too broken to lay
/// out: no tags, no script or style contents, line breaks where blocks end, the common
/// entities decoded.
fn flat_text(html: &str) -> String {
    const BLOCKS: [&str; 16] = [
        "p",
        "div",
        "br",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "blockquote",
        "hr",
    ];
    let mut out = String::with_capacity(html.len().min(1 << 20));
    let mut rest = html;
    let mut hidden: Option<&str> = None;
    while let Some(at) = rest.find('<') {
        if hidden.is_none() {
            out.push_str(&decode_entities(&rest[..at]));
        }
        let after = &rest[at + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match hidden {
            Some(h) if closing && name == h => hidden = None,
            Some(_) => {}
            None if !closing && (name == "script" || name == "style" || name == "head") => {
                hidden = Some(match name.as_str() {
                    "script" => "script",
                    "style" => "style",
                    _ => "head",
                });
            }
            None if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') => out.push('\n'),
            None => {}
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    if hidden.is_none() {
        out.push_str(&decode_entities(rest));
    }
    out
}

/// The entities mail writers use most, and numeric ones.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }
            .map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_too_deep_for_layout_is_read_flat_and_whole() {
        let depth = 50_000;
        let html = format!(
            "<html><head><style>p{{}}</style><script>alert(1)</script></head><body>{}<p>Votre \
             facture &amp; le reçu&#160;: 42&nbsp;€</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert!(nesting_depth(&html) > MAX_DEPTH);
        let raw = format!(
            "From: a@example.org\r\nSubject: Profond\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}"
        );
        let d = Display::parse(raw.as_bytes());
        let text = d.text();
        assert!(
            text.contains("Votre facture & le reçu\u{a0}: 42\u{a0}€"),
            "{text}"
        );
        assert!(!text.contains("alert") && !text.contains("p{}"), "{text}");
        // Ordinary nesting is laid out as before.
        assert_eq!(
            nesting_depth("<table><tr><td><b>x</b><br><img src=a></td></tr></table>"),
            4
        );
    }

    #[test]
    fn html_mail_becomes_safe_text_with_links() {
        let raw = b"From: News <news@example.org>\r\nTo: marie@example.fr\r\nSubject: Lettre\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>\
<h1>Nouvelles</h1><p>Bonjour <b>Marie</b>, lisez <a href=\"https://example.org/a\">notre article</a>.</p>\
<img src=\"https://tracker.example.org/pixel.gif\" alt=\"\"><a href=\"javascript:alert(2)\">x</a></body></html>";
        let d = Display::parse(raw);
        let text = d.text();
        assert!(
            text.contains("Bonjour Marie, lisez notre article."),
            "{text}"
        );
        assert!(!text.contains("alert"), "{text}");
        assert!(text.starts_with("Nouvelles\n"), "{text}");
        assert!(d.lines[0].iter().all(|s| s.strong));
        assert!(!text.contains("color:red"), "{text}");
        let spans: Vec<&Span> = d.lines.iter().flatten().collect();
        assert!(spans.iter().any(|s| s.strong && s.text == "Marie"));
        assert!(
            spans
                .iter()
                .any(|s| s.link.as_deref() == Some("https://example.org/a"))
        );
        assert!(spans.iter().all(|s| {
            !s.link
                .as_deref()
                .is_some_and(|l| l.starts_with("javascript"))
        }));
        assert_eq!(d.blocked_images, 1);
        assert_eq!(d.remote_images, ["https://tracker.example.org/pixel.gif"]);
        assert!(d.from_html);
    }

    #[test]
    fn remote_image_addresses_are_read_in_every_spelling() {
        let html = "<IMG SRC=\"https://a.example/X.png?u=1&amp;v=2\"><img alt=x src='//cdn.example/y.jpg'>\
<img src=http://b.example/z.gif width=1><img src=\"cid:part1\"><img src=\"data:image/png;base64,AA\">\
<img src=\"https://a.example/X.png?u=1&amp;v=2\">";
        assert_eq!(
            remote_images(html),
            [
                "https://a.example/X.png?u=1&v=2",
                "https://cdn.example/y.jpg",
                "http://b.example/z.gif"
            ]
        );
    }

    #[test]
    fn attachments_are_listed_with_their_sizes_and_text_links_work() {
        let raw = b"From: a@example.org\r\nSubject: Devis\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Voir https://example.org/devis.\r\n--XX\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"devis.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQK\r\n--XX--\r\n";
        let d = Display::parse(raw);
        assert_eq!(d.attachments.len(), 1);
        assert_eq!(d.attachments[0].name, "devis.pdf");
        assert_eq!(d.attachments[0].mime_type, "application/pdf");
        assert_eq!(d.attachments[0].size, 9);
        let link = d.lines[0].iter().find(|s| s.link.is_some()).unwrap();
        assert_eq!(link.text, "https://example.org/devis");
        assert_eq!(d.text(), "Voir https://example.org/devis.");
    }

    #[test]
    fn garbage_still_shows_something() {
        let d = Display::parse(b"\xff\xfe not a mail at all");
        assert!(!d.text().is_empty());
    }
}
