//! `mailto:` links (RFC 6068): what a browser or another app hands Facteur when the user clicks
//! an address, turned into the fields of a new message.
//!
//! Hand-written: the `url` crate parses the scheme but decodes its query as a web form (`+` as
//! a space, which breaks `paul+news@example.org`), and no crate applies RFC 6068's rules on
//! which fields a link may set. The parser never fails on what follows `mailto:`: it keeps
//! what it could read and lists what it could not, so the composer opens with the rest and a
//! sentence.
//!
//! Safety: a link is written by a stranger (a web page). It may only fill the recipients (to,
//! cc, bcc), the subject, the text and the message it answers; any other field (`From`,
//! `Reply-To`, `X-…`, `Content-Type`…) is ignored and said. Line breaks in one-line fields are
//! taken out, so `%0D%0A` cannot add a header. A huge text is cut at [`BODY_LIMIT`], and the
//! user sees everything before anything is sent: a link never sends by itself.

use percent_encoding::percent_decode;

/// The longest text a link may fill in (in bytes, decoded); what is beyond is dropped.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The longest subject kept (in bytes).
const SUBJECT_LIMIT: usize = 2 * 1024;

/// The most recipients a link may add (to, cc and bcc together).
const RECIPIENT_LIMIT: usize = 100;

/// The fields a `mailto:` link fills in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailto {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: String,
    /// The Message-ID the message answers (without angle brackets).
    pub in_reply_to: Option<String>,
    /// What of the link could not be used.
    pub problems: Vec<Problem>,
}

/// A part of a link that was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a `mailto:` link at all.
    NotMailto,
    /// A field a link may not set (`From`, `X-Mailer`, …), or an unknown one: its name.
    Ignored(String),
    /// Bytes that are not UTF-8 after decoding (shown as �).
    BadText,
    /// A `%` not followed by two hexadecimal digits (kept as written).
    BadEscape,
    /// The text was longer than [`BODY_LIMIT`] and was cut.
    BodyCut,
    /// More recipients than a link may add: how many were dropped.
    TooManyRecipients(usize),
}

impl Mailto {
    /// Reads a link. Anything is accepted; what could not be used is in `problems`.
    pub fn parse(link: &str) -> Mailto {
        let mut m = Mailto::default();
        let link = link.trim();
        let Some(rest) = strip_scheme(link) else {
            m.problems.push(Problem::NotMailto);
            return m;
        };
        // A fragment is not part of a mailto: URL (RFC 6068 § 2); browsers drop it too.
        let rest = rest.split('#').next().unwrap_or("");
        let (to, query) = match rest.split_once('?') {
            Some((to, query)) => (to, Some(query)),
            None => (rest, None),
        };
        let to = m.decode(to);
        m.add_addresses(Field::To, &to);
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = m.decode(name).trim().to_ascii_lowercase();
            let value = m.decode(value);
            match name.as_str() {
                "to" => m.add_addresses(Field::To, &value),
                "cc" => m.add_addresses(Field::Cc, &value),
                "bcc" => m.add_addresses(Field::Bcc, &value),
                // The first subject and text count, as most mail apps do.
                "subject" if m.subject.is_empty() => {
                    let subject = decode_words(&one_line(&value));
                    m.subject = truncate(&one_line(&subject), SUBJECT_LIMIT).to_string();
                }
                "body" if m.body.is_empty() => m.set_body(&value),
                "in-reply-to" if m.in_reply_to.is_none() => {
                    let id = one_line(&value);
                    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
                    if !id.is_empty() && id.contains('@') {
                        m.in_reply_to = Some(id.to_string());
                    }
                }
                "subject" | "body" | "in-reply-to" => {}
                _ => {
                    let shown = truncate(&one_line(&name), 64).to_string();
                    if !m.problems.contains(&Problem::Ignored(shown.clone())) {
                        m.problems.push(Problem::Ignored(shown));
                    }
                }
            }
        }
        m
    }

    /// Whether the link gave no field at all.
    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
            && self.cc.is_empty()
            && self.bcc.is_empty()
            && self.subject.is_empty()
            && self.body.is_empty()
    }

    fn decode(&mut self, raw: &str) -> String {
        if has_bad_escape(raw) && !self.problems.contains(&Problem::BadEscape) {
            self.problems.push(Problem::BadEscape);
        }
        let bytes: Vec<u8> = percent_decode(raw.as_bytes()).collect();
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                if !self.problems.contains(&Problem::BadText) {
                    self.problems.push(Problem::BadText);
                }
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        }
    }

    fn add_addresses(&mut self, field: Field, value: &str) {
        // Split as the composer splits what the user types (quotes, angle brackets, an
        // unquoted "Dupont, Marie <…>").
        for address in crate::mime::compose::split_addresses(&one_line(value)) {
            let count = self.to.len() + self.cc.len() + self.bcc.len();
            if count >= RECIPIENT_LIMIT {
                match self.problems.iter_mut().find_map(|p| match p {
                    Problem::TooManyRecipients(n) => Some(n),
                    _ => None,
                }) {
                    Some(n) => *n += 1,
                    None => self.problems.push(Problem::TooManyRecipients(1)),
                }
                continue;
            }
            let list = match field {
                Field::To => &mut self.to,
                Field::Cc => &mut self.cc,
                Field::Bcc => &mut self.bcc,
            };
            if !list.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
                list.push(address);
            }
        }
    }

    fn set_body(&mut self, value: &str) {
        // Line breaks are CRLF in the link (RFC 6068 § 5); the composer edits LF lines.
        let text = value.replace("\r\n", "\n").replace('\r', "\n");
        if text.len() > BODY_LIMIT {
            self.body = truncate(&text, BODY_LIMIT).to_string();
            self.problems.push(Problem::BodyCut);
        } else {
            self.body = text;
        }
    }
}

#[derive(Clone, Copy)]
enum Field {
    To,
    Cc,
    Bcc,
}

/// The part after `mailto:` (the scheme in any case), or `None`.
fn strip_scheme(link: &str) -> Option<&str> {
    let (scheme, rest) = link.split_once(':')?;
    scheme.eq_ignore_ascii_case("mailto").then_some(rest)
}

/// A subject with RFC 2047 encoded words (`=?utf-8?Q?caf=C3=A9?=`, which RFC 6068 § 6.2
/// allows) decoded, by the same parser as received mail.
fn decode_words(subject: &str) -> String {
    if !subject.contains("=?") {
        return subject.to_string();
    }
    let header = format!("Subject: {subject}\r\n\r\n");
    mail_parser::MessageParser::new()
        .parse_headers(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_else(|| subject.to_string())
}

/// Whether `raw` holds a `%` that does not start an escape.
fn has_bad_escape(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// One line: control characters (line breaks, tabs, NUL) become spaces, runs of them one.
fn one_line(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut space = false;
    for c in value.chars() {
        if c.is_control() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
    out.trim().to_string()
}

/// At most `limit` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, limit: usize) -> &str {
    if s.len() <= limit {
        return s;
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests;
