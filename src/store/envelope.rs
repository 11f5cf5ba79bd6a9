//! What a message's own text says, for the list and the search index: its envelope (subject,
//! people, date, thread headers, preview) from a header block or a whole message, and its
//! searchable text. Used by the IMAP sync and by every local copy (POP3 downloads, sent
//! copies, drafts), on mail repaired first ([`crate::mime::repair`]) and made safe to show
//! ([`crate::mime::safe`]).

use mail_parser::MimeHeaders as _;

use super::NewMessage;
use crate::mime::addresses;

/// How much of a message's text the list's preview is made from (the IMAP sync fetches
/// this much of each new message's text with its headers).
pub const PREVIEW_BYTES: u32 = 2048;

/// A message's own date, unless it is missing or impossible (before 1970, or days after the
/// server received it: a garbage `Date` parsed as the year 9999 would keep it at the top of
/// every list): then when it arrived.
pub(crate) fn plausible_date(date: i64, arrived: i64) -> i64 {
    const SLACK: i64 = 2 * 24 * 3600;
    if arrived > 0 && (date <= 0 || date > arrived + SLACK) {
        arrived
    } else {
        date
    }
}

/// Fills the envelope fields from raw header lines (and the start of the body, for the
/// preview).
pub fn fill_from_headers(m: &mut NewMessage, header: &[u8], text: &[u8]) {
    let mut raw = Vec::with_capacity(header.len() + text.len() + 4);
    raw.extend_from_slice(header);
    if !header.ends_with(b"\r\n\r\n") && !header.ends_with(b"\n\n") {
        raw.extend_from_slice(b"\r\n");
    }
    let with_text = !text.is_empty();
    raw.extend_from_slice(text);
    let raw = crate::mime::repair::prepare(&raw);
    let parsed = if with_text {
        crate::mime::parse(&raw)
    } else {
        crate::mime::parse_headers(&raw)
    };
    let Some(parsed) = parsed else { return };
    fill_from_parsed(m, &parsed, with_text);
}

/// Fills the envelope fields from a parsed message; the preview too when `with_text`.
fn fill_from_parsed(m: &mut NewMessage, parsed: &mail_parser::Message<'_>, with_text: bool) {
    // What is shown of a message is made safe once, here: no control character decoded from
    // an encoded word, no invisible reordering (crate::mime::safe).
    use crate::mime::safe::line;
    m.subject = line(parsed.subject().unwrap_or("")).trim().to_string();
    if let Some(from) = parsed.from().and_then(|a| a.first()) {
        m.from_name = line(from.name().unwrap_or("")).trim().to_string();
        m.from_addr = line(from.address().unwrap_or(""));
    }
    m.to = line(&addresses(parsed.to()));
    m.cc = line(&addresses(parsed.cc()));
    m.date = parsed.date().map(|d| d.to_timestamp()).unwrap_or(0);
    m.message_id = parsed
        .message_id()
        .map(|id| format!("<{id}>"))
        .unwrap_or_default();
    m.in_reply_to = ids(parsed.in_reply_to());
    m.references = ids(parsed.references());
    if let Some(ct) = parsed.content_type() {
        let kind = ct.ctype().to_ascii_lowercase();
        let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
        m.has_attachments = (kind == "multipart" && sub == "mixed") || kind == "application";
    }
    if with_text {
        m.preview = preview(parsed);
    }
}

fn preview(parsed: &mail_parser::Message<'_>) -> String {
    parsed
        .body_preview(200)
        .map(|p| crate::mime::safe::line(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
        .unwrap_or_default()
}

/// A whole message (local copy: POP3 download, sent copy, draft) parsed once: its envelope,
/// unread and arrived at `arrived` (also its date when it has none), and its searchable text.
pub fn whole_message(raw: &[u8], arrived: i64) -> (NewMessage, String) {
    let fixed = crate::mime::repair::prepare(raw);
    let parsed = crate::mime::parse(&fixed);
    let text = parsed
        .as_ref()
        .map(|p| searchable_text(&fixed, p))
        .unwrap_or_default();
    (envelope_of_parsed(parsed.as_ref(), raw, arrived), text)
}

/// The envelope of a whole message, from its header and the start of its body, as an IMAP
/// sync makes it from `BODY.PEEK[TEXT]<0.2048>`: what a download needs before its commit, at
/// a fraction of the cost of a full parse (which decodes every attachment). The search text
/// comes later, from [`body_text`].
pub fn whole_envelope(raw: &[u8], arrived: i64) -> NewMessage {
    let fixed = crate::mime::repair::prepare(raw);
    let (header, body) = fixed.split_at(header_end(&fixed));
    local_envelope(raw, arrived, |m| {
        fill_from_headers(m, header, &body[..body.len().min(PREVIEW_BYTES as usize)]);
    })
}

/// Where a message's header block ends (after its blank line; the whole message if none).
pub(crate) fn header_end(raw: &[u8]) -> usize {
    if raw.starts_with(b"\r\n") {
        return 2;
    }
    if raw.starts_with(b"\n") {
        return 1;
    }
    let mut at = 0;
    while let Some(nl) = raw[at..].iter().position(|&b| b == b'\n') {
        let line_end = at + nl + 1;
        match raw.get(line_end) {
            Some(b'\n') => return line_end + 1,
            Some(b'\r') if raw.get(line_end + 1) == Some(&b'\n') => return line_end + 2,
            _ => at = line_end,
        }
    }
    raw.len()
}

fn envelope_of_parsed(
    parsed: Option<&mail_parser::Message<'_>>,
    raw: &[u8],
    arrived: i64,
) -> NewMessage {
    local_envelope(raw, arrived, |m| {
        if let Some(parsed) = parsed {
            fill_from_parsed(m, parsed, true);
        }
    })
}

/// A local copy's envelope: its size, arrived at `arrived` (also its date when it has none),
/// the rest from `fill`.
fn local_envelope(raw: &[u8], arrived: i64, fill: impl FnOnce(&mut NewMessage)) -> NewMessage {
    let mut m = NewMessage {
        internal_date: arrived,
        size: raw.len() as i64,
        ..NewMessage::default()
    };
    fill(&mut m);
    m.date = plausible_date(m.date, arrived);
    m
}

fn ids(value: &mail_parser::HeaderValue<'_>) -> String {
    match value {
        mail_parser::HeaderValue::Text(t) => format!("<{t}>"),
        mail_parser::HeaderValue::TextList(list) => list
            .iter()
            .map(|t| format!("<{t}>"))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// Everything a message's text contributes to search, and its preview.
pub fn body_text(raw: &[u8]) -> (String, String) {
    let raw = crate::mime::repair::prepare(raw);
    let Some(parsed) = crate::mime::parse(&raw) else {
        return (String::new(), String::new());
    };
    (searchable_text(&raw, &parsed), preview(&parsed))
}

/// The text parts and attachment names of a message, as indexed for search.
fn searchable_text(raw: &[u8], parsed: &mail_parser::Message<'_>) -> String {
    let mut text = String::new();
    for (i, &part) in parsed.text_body.iter().enumerate() {
        let part = parsed.parts.get(part as usize);
        let found = match part.map(|p| (p, &p.body)) {
            // Mis-declared charsets are read as the reader reads them (mime::repair).
            Some((p, mail_parser::PartType::Text(t))) => {
                Some(crate::mime::repair::part_text(raw, p, t).into_owned())
            }
            _ => parsed.body_text(i).map(|t| t.into_owned()),
        };
        if let Some(t) = found {
            text.push_str(&t);
            text.push('\n');
        }
    }
    // The words of an HTML alternative that its text part lacks (a newsletter's text part is
    // often one line: "view this mail in your browser").
    let mut known: Option<std::collections::HashSet<String>> = None;
    for &part in &parsed.html_body {
        if parsed.text_body.contains(&part) {
            continue;
        }
        let Some(p) = parsed.parts.get(part as usize) else {
            continue;
        };
        let mail_parser::PartType::Html(h) = &p.body else {
            continue;
        };
        let html = crate::mime::repair::part_text(raw, p, h);
        let words = mail_parser::decoders::html::html_to_text(&html);
        let known = known.get_or_insert_with(|| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        });
        for word in words.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() && known.insert(word.to_lowercase()) {
                text.push_str(word);
                text.push(' ');
            }
        }
        text.push('\n');
    }
    for attachment in parsed.attachments() {
        if let Some(name) = attachment.attachment_name() {
            text.push_str(name);
            text.push('\n');
        }
    }
    text
}
