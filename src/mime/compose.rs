//! Composing: a [`Draft`] (what the composer holds) becomes the RFC 5322 text and the SMTP
//! envelope. lettre does the encoding: RFC 2047 for UTF-8 names and subjects, quoted-printable
//! or base64 for bodies as needed, RFC 2231 for attachment file names; Bcc recipients go into
//! the envelope only, never into the headers.

use std::path::Path;

use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart, SinglePart};

/// A file attached to a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    /// A MIME type such as `application/pdf`.
    pub content_type: String,
    pub data: Vec<u8>,
}

impl Attachment {
    /// Reads a file, with its MIME type guessed from its name.
    pub fn from_file(path: &Path) -> std::io::Result<Attachment> {
        let data = std::fs::read(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "attachment".into());
        Ok(Attachment {
            content_type: mime_type(&name),
            name,
            data,
        })
    }
}

/// The MIME type of a file name, by its extension.
pub fn mime_type(name: &str) -> String {
    mime_guess::from_path(name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

/// A message being written. Its fields serialise (for the drafts table) without the
/// attachments, which the store keeps as blobs of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Draft {
    pub from_name: String,
    pub from: String,
    /// Each "Name <address>" or "address".
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: String,
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    /// Whole messages forwarded as attachments (message/rfc822).
    #[serde(skip)]
    pub forwarded: Vec<Vec<u8>>,
    /// The Message-ID replied to, with angle brackets.
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first, with angle brackets.
    pub references: Vec<String>,
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub raw: Vec<u8>,
    /// Without angle brackets.
    pub message_id: String,
    pub envelope_from: String,
    /// To, Cc and Bcc addresses.
    pub envelope_to: Vec<String>,
}

/// Why a draft cannot be sent as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("not a valid address: {0}")]
    BadAddress(String),
    #[error("the message has no recipient")]
    NoRecipient,
    #[error("the message could not be built: {0}")]
    Build(String),
}

fn mailbox(text: &str) -> Result<Mailbox, ComposeError> {
    text.trim()
        .parse::<Mailbox>()
        .map_err(|_| ComposeError::BadAddress(text.trim().to_string()))
}

fn random_hex(bytes: usize) -> String {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; bytes];
    let _ = ring::rand::SystemRandom::new().fill(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the message. A new Message-ID (at the sender's domain) and the Date are set here.
pub fn compose(draft: &Draft) -> Result<Composed, ComposeError> {
    let from = from_mailbox(draft)?;
    let message_id = format!("{}@{}", random_hex(16), from.email.domain());
    let (message, envelope_to) = build(draft, &message_id, false)?;
    // lettre removed Bcc from the headers when it built the envelope.
    Ok(Composed {
        raw: message.formatted(),
        message_id,
        envelope_from: from.email.to_string(),
        envelope_to,
    })
}

/// The addresses in a field as typed ("Marie <m@x.fr>, \"Dupont, Jean\" <j@y.de>; z@w.org"):
/// split on commas and semicolons outside quotes and angle brackets. A piece without `@`
/// (the first half of an unquoted name that holds a comma) joins the next one.
pub fn split_addresses(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let (mut current, mut quoted, mut angle) = (String::new(), false, false);
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                pieces.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    pieces.push(current);
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for piece in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if !pending.is_empty() {
            pending.push_str(", ");
        }
        pending.push_str(piece);
        if piece.contains('@') {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// A new random key for a draft, chosen by the composer when it opens.
pub fn new_draft_key() -> String {
    random_hex(16)
}

pub(crate) fn from_mailbox(draft: &Draft) -> Result<Mailbox, ComposeError> {
    Ok(Mailbox::new(
        (!draft.from_name.trim().is_empty()).then(|| draft.from_name.trim().to_string()),
        draft
            .from
            .trim()
            .parse()
            .map_err(|_| ComposeError::BadAddress(draft.from.clone()))?,
    ))
}

/// Builds the message with `message_id` and the current date, and returns it with its
/// envelope recipients. To send (`for_draft` false) every address must be valid and there
/// must be a recipient, and Bcc stays out of the headers. A draft (`for_draft` true) may have
/// no recipient yet, keeps its Bcc header and leaves out addresses still being typed.
pub(crate) fn build(
    draft: &Draft,
    message_id: &str,
    for_draft: bool,
) -> Result<(lettre::Message, Vec<String>), ComposeError> {
    let from = from_mailbox(draft)?;
    let from_address = from.email.clone();
    let mut builder = lettre::Message::builder()
        .from(from)
        .subject(draft.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date_now()
        .user_agent(format!("Facteur {}", env!("CARGO_PKG_VERSION")));
    if for_draft {
        // A draft is never sent as it is: an envelope of its own lets it have no recipient.
        let envelope =
            lettre::address::Envelope::new(Some(from_address.clone()), vec![from_address.clone()])
                .map_err(|e| ComposeError::Build(e.to_string()))?;
        builder = builder.keep_bcc().envelope(envelope);
    }
    let mut envelope_to = Vec::new();
    let clean = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    for (kind, list) in [(0, &draft.to), (1, &draft.cc), (2, &draft.bcc)] {
        for text in clean(list) {
            let m = match mailbox(&text) {
                Ok(m) => m,
                Err(_) if for_draft => continue,
                Err(e) => return Err(e),
            };
            envelope_to.push(m.email.to_string());
            builder = match kind {
                0 => builder.to(m),
                1 => builder.cc(m),
                _ => builder.bcc(m),
            };
        }
    }
    if envelope_to.is_empty() && !for_draft {
        return Err(ComposeError::NoRecipient);
    }
    let mut seen = std::collections::HashSet::new();
    envelope_to.retain(|a| seen.insert(a.to_ascii_lowercase()));
    if let Some(id) = &draft.in_reply_to {
        builder = builder.in_reply_to(id.clone());
    }
    if !draft.references.is_empty() {
        builder = builder.references(draft.references.join(" "));
    }
    let text = SinglePart::plain(draft.body.replace("\r\n", "\n"));
    let message = if draft.attachments.is_empty() && draft.forwarded.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for a in &draft.attachments {
            let content_type = ContentType::parse(&a.content_type)
                .unwrap_or_else(|_| ContentType::parse("application/octet-stream").unwrap());
            parts = parts.singlepart(
                LettreAttachment::new(safe_name(&a.name)).body(a.data.clone(), content_type),
            );
        }
        for original in &draft.forwarded {
            let part = SinglePart::builder()
                .header(ContentType::parse("message/rfc822").unwrap())
                .header(ContentDisposition::attachment("forwarded.eml"))
                .body(original.clone());
            parts = parts.singlepart(part);
        }
        builder.multipart(parts)
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;
    Ok((message, envelope_to))
}

/// A file name as sent: no directories, no control characters.
pub(crate) fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    if cleaned.trim().is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

/// Subject prefixes meaning "reply" in common languages, so none is doubled.
const REPLY_PREFIXES: [&str; 6] = ["re:", "aw:", "sv:", "antw:", "réf:", "ref:"];

fn prefixed(prefix: &str, subject: &str, known: &[&str]) -> String {
    let lower = subject.trim_start().to_lowercase();
    if known.iter().any(|p| lower.starts_with(p)) {
        subject.trim().to_string()
    } else {
        format!("{prefix} {}", subject.trim())
    }
}

/// What a reply or a forward takes from the original.
struct Original {
    message_id: Option<String>,
    references: Vec<String>,
    subject: String,
    from: Option<String>,
    reply_to: Vec<String>,
    to: Vec<String>,
    cc: Vec<String>,
    date: String,
    text: String,
}

pub(crate) fn addresses(list: Option<&mail_parser::Address<'_>>) -> Vec<String> {
    list.map(|l| {
        l.iter()
            .filter_map(|a| {
                let addr = a.address()?;
                Some(match a.name() {
                    Some(n) if !n.is_empty() => format!("{} <{addr}>", quote_name(n)),
                    _ => addr.to_string(),
                })
            })
            .collect()
    })
    .unwrap_or_default()
}

fn quote_name(name: &str) -> String {
    if name
        .chars()
        .any(|c| matches!(c, ',' | ';' | '<' | '>' | '@' | '"' | '(' | ')' | ':' | '.'))
    {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        name.to_string()
    }
}

fn original(raw: &[u8]) -> Original {
    let raw = &*super::repair::prepare(raw);
    let parsed = super::parse(raw);
    let Some(m) = parsed else {
        return Original {
            message_id: None,
            references: Vec::new(),
            subject: String::new(),
            from: None,
            reply_to: Vec::new(),
            to: Vec::new(),
            cc: Vec::new(),
            date: String::new(),
            text: String::from_utf8_lossy(raw).to_string(),
        };
    };
    let ids = |v: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        match v {
            mail_parser::HeaderValue::Text(t) => vec![format!("<{t}>")],
            mail_parser::HeaderValue::TextList(l) => l.iter().map(|t| format!("<{t}>")).collect(),
            _ => Vec::new(),
        }
    };
    Original {
        message_id: m.message_id().map(|id| format!("<{id}>")),
        references: ids(m.references()),
        subject: m.subject().unwrap_or("").to_string(),
        from: addresses(m.from()).into_iter().next(),
        reply_to: addresses(m.reply_to()),
        to: addresses(m.to()),
        cc: addresses(m.cc()),
        date: m.date().map(|d| d.to_rfc822()).unwrap_or_default(),
        text: m.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
    }
}

/// An address field's entry split into its name (without quotes; empty when there is none)
/// and its address: `"Dupont, Marie" <m@x.fr>` → (`Dupont, Marie`, `m@x.fr`).
pub fn split_entry(entry: &str) -> (String, String) {
    match entry.rsplit_once('<') {
        Some((name, rest)) => (
            name.trim().trim_matches('"').trim().to_string(),
            rest.trim_end_matches('>').trim().to_string(),
        ),
        None => (String::new(), entry.trim().to_string()),
    }
}

/// An entry's address in lower case, for comparing.
pub fn address_of(entry: &str) -> String {
    split_entry(entry).1.to_ascii_lowercase()
}

/// `template` with each `{name}` of `values` replaced, in one pass: a value that itself holds
/// `{…}` (a subject, a name) is copied as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| {
            values
                .iter()
                .find(|(k, _)| *k == &after[..end])
                .map(|v| (end, v.1))
        }) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A reply (to the sender, or with `all` to everyone but `me`), quoting the original under
/// `attribution` (e.g. "On …, Marie wrote:" in the user's language: `{date}` and `{name}` are
/// replaced).
pub fn reply(raw: &[u8], me: &str, all: bool, attribution: &str) -> Draft {
    let o = original(raw);
    let me = me.to_ascii_lowercase();
    let to: Vec<String> = if !o.reply_to.is_empty() {
        o.reply_to.clone()
    } else {
        o.from.clone().into_iter().collect()
    };
    let mut cc = Vec::new();
    if all {
        let mut seen: std::collections::HashSet<String> =
            to.iter().map(|a| address_of(a)).collect();
        seen.insert(me.clone());
        for a in o.to.iter().chain(o.cc.iter()) {
            if seen.insert(address_of(a)) {
                cc.push(a.clone());
            }
        }
    }
    // Replying to one's own message: write to its recipients instead.
    let to = if to.iter().all(|a| address_of(a) == me) && !o.to.is_empty() {
        o.to.clone()
    } else {
        to
    };
    let name = o.from.clone().unwrap_or_default();
    let head = fill(attribution, &[("date", &o.date), ("name", &name)]);
    let quoted: String = o
        .text
        .lines()
        .map(|l| {
            if l.starts_with('>') {
                format!(">{l}\n")
            } else {
                format!("> {l}\n")
            }
        })
        .collect();
    let mut references = o.references.clone();
    if let Some(id) = &o.message_id
        && !references.contains(id)
    {
        references.push(id.clone());
    }
    Draft {
        to,
        cc,
        subject: prefixed("Re:", &o.subject, &REPLY_PREFIXES),
        body: format!("\n\n{head}\n{quoted}"),
        in_reply_to: o.message_id,
        references,
        ..Draft::default()
    }
}

/// A forward with the original's text in the body, under `header` (e.g. "Forwarded message").
/// A forward with the original's text inline under `block`, its header block in the user's
/// language (`{from}`, `{date}`, `{subject}` and `{to}` are replaced; `date` is the original's
/// date as the user's locale writes it, else its own header's).
pub fn forward_inline(raw: &[u8], block: &str, date: &str) -> Draft {
    let o = original(raw);
    let date = if date.is_empty() { &o.date } else { date };
    let to = o.to.join(", ");
    let head = fill(
        block,
        &[
            ("from", o.from.as_deref().unwrap_or_default()),
            ("date", date),
            ("subject", &o.subject),
            ("to", &to),
        ],
    );
    let body = format!("\n\n{}\n\n{}", head.trim_end(), o.text);
    Draft {
        subject: prefixed("Fwd:", &o.subject, &["fwd:", "fw:", "tr:", "wg:"]),
        body,
        ..Draft::default()
    }
}

/// A forward with the whole original attached (message/rfc822).
pub fn forward_as_attachment(raw: &[u8]) -> Draft {
    let o = original(raw);
    Draft {
        subject: prefixed("Fwd:", &o.subject, &["fwd:", "fw:", "tr:", "wg:"]),
        forwarded: vec![raw.to_vec()],
        ..Draft::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MimeHeaders;

    fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default().parse(raw).unwrap()
    }

    #[test]
    fn address_fields_split_outside_quotes_and_brackets() {
        assert_eq!(
            split_addresses("Marie <m@x.fr>, \"Dupont, Jean\" <j@y.de>; z@w.org,,"),
            vec!["Marie <m@x.fr>", "\"Dupont, Jean\" <j@y.de>", "z@w.org"]
        );
        assert_eq!(
            split_addresses("Dupont, Jean <j@y.de>, a@b.c"),
            vec!["Dupont, Jean <j@y.de>", "a@b.c"]
        );
        assert_eq!(split_addresses("  "), Vec::<String>::new());
        assert_eq!(split_addresses("mari"), vec!["mari"]);
    }

    fn headers_of(raw: &[u8]) -> String {
        let text = String::from_utf8_lossy(raw);
        text.split("\r\n\r\n").next().unwrap().to_string()
    }

    #[test]
    fn bcc_is_in_the_envelope_only_and_utf8_is_encoded() {
        let draft = Draft {
            from_name: "Zoé Müller".into(),
            from: "zoe@example.fr".into(),
            to: vec!["Jürgen <juergen@example.de>".into()],
            cc: vec!["anne@example.fr".into()],
            bcc: vec!["secret@example.org".into()],
            subject: "Réunion à Köln — ordre du jour".into(),
            body: "Voilà l'ordre du jour.\nÀ bientôt,\nZoé".into(),
            ..Draft::default()
        };
        let c = compose(&draft).unwrap();
        let headers = headers_of(&c.raw);
        assert!(
            !headers
                .lines()
                .any(|line| line.to_ascii_lowercase().starts_with("bcc:")),
            "{headers}"
        );
        assert!(!String::from_utf8_lossy(&c.raw).contains("secret@example.org"));
        assert_eq!(
            c.envelope_to,
            vec![
                "juergen@example.de",
                "anne@example.fr",
                "secret@example.org"
            ]
        );
        assert!(
            c.raw.is_ascii(),
            "everything is encoded for 7-bit transport"
        );
        let m = parse(&c.raw);
        assert_eq!(m.subject(), Some("Réunion à Köln — ordre du jour"));
        assert_eq!(
            m.from().unwrap().first().unwrap().name(),
            Some("Zoé Müller")
        );
        assert!(m.body_text(0).unwrap().contains("À bientôt"));
        assert_eq!(m.message_id(), Some(c.message_id.as_str()));
        assert!(c.message_id.ends_with("@example.fr"));
        assert!(m.date().is_some());
    }

    #[test]
    fn attachments_keep_their_names_and_types() {
        let draft = Draft {
            from: "zoe@example.fr".into(),
            to: vec!["a@example.org".into()],
            subject: "Pièces".into(),
            body: "ci-joint".into(),
            attachments: vec![
                Attachment {
                    name: "compte rendu réunion.pdf".into(),
                    content_type: mime_type("compte rendu réunion.pdf"),
                    data: vec![0, 1, 2, 255],
                },
                Attachment {
                    name: "../../etc/passwd".into(),
                    content_type: "text/plain".into(),
                    data: b"x".to_vec(),
                },
            ],
            ..Draft::default()
        };
        let c = compose(&draft).unwrap();
        let m = parse(&c.raw);
        let names: Vec<_> = m
            .attachments()
            .map(|a| a.attachment_name().unwrap().to_string())
            .collect();
        assert_eq!(names, vec!["compte rendu réunion.pdf", "passwd"]);
        let pdf = m.attachments().next().unwrap();
        assert_eq!(pdf.contents(), &[0, 1, 2, 255]);
        assert_eq!(pdf.content_type().unwrap().subtype(), Some("pdf"));
        assert!(
            String::from_utf8_lossy(&c.raw).contains("filename*"),
            "RFC 2231"
        );
    }

    #[test]
    fn a_draft_without_recipient_or_with_a_bad_address_is_refused() {
        let mut draft = Draft {
            from: "zoe@example.fr".into(),
            ..Draft::default()
        };
        assert_eq!(compose(&draft), Err(ComposeError::NoRecipient));
        draft.to = vec!["not an address".into()];
        assert!(matches!(compose(&draft), Err(ComposeError::BadAddress(_))));
    }

    const ORIGINAL: &[u8] = b"From: Marie <marie@example.fr>\r\nTo: me@example.org, Paul <paul@example.fr>\r\nCc: Anne <anne@example.fr>, ME@example.org\r\nSubject: Pique-nique\r\nDate: Sat, 20 Jun 2026 10:00:00 +0200\r\nMessage-ID: <orig@example.fr>\r\nReferences: <root@example.fr>\r\n\r\nOn y va samedi ?\r\n> ancienne citation\r\n";

    #[test]
    fn reply_all_writes_to_everyone_but_me_and_quotes() {
        let r = reply(
            ORIGINAL,
            "me@example.org",
            true,
            "Le {date}, {name} a écrit :",
        );
        assert_eq!(r.to, vec!["Marie <marie@example.fr>"]);
        assert_eq!(
            r.cc,
            vec!["Paul <paul@example.fr>", "Anne <anne@example.fr>"]
        );
        assert_eq!(r.subject, "Re: Pique-nique");
        assert_eq!(r.in_reply_to.as_deref(), Some("<orig@example.fr>"));
        assert_eq!(r.references, vec!["<root@example.fr>", "<orig@example.fr>"]);
        assert!(r.body.contains("Marie <marie@example.fr> a écrit :"));
        assert!(r.body.contains("> On y va samedi ?\n>> ancienne citation"));
        let only = reply(ORIGINAL, "me@example.org", false, "{name}:");
        assert!(only.cc.is_empty());
        let again = reply(
            b"From: a@x.org\r\nSubject: RE: Pique-nique\r\n\r\nx",
            "me@example.org",
            false,
            "",
        );
        assert_eq!(again.subject, "RE: Pique-nique", "no Re: Re:");
    }

    #[test]
    fn a_reply_has_the_thread_headers_once_sent() {
        let mut r = reply(ORIGINAL, "me@example.org", false, "{name}:");
        r.from = "me@example.org".into();
        let c = compose(&r).unwrap();
        let m = parse(&c.raw);
        assert_eq!(m.in_reply_to().as_text(), Some("orig@example.fr"));
        let refs: Vec<String> = match m.references() {
            mail_parser::HeaderValue::TextList(l) => l.iter().map(|s| s.to_string()).collect(),
            mail_parser::HeaderValue::Text(t) => vec![t.to_string()],
            _ => vec![],
        };
        assert_eq!(refs, vec!["root@example.fr", "orig@example.fr"]);
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill(
                "On {date}, {name} wrote:",
                &[("date", "{name}"), ("name", "Zoé {x}")]
            ),
            "On {name}, Zoé {x} wrote:"
        );
        assert_eq!(fill("{unknown} {", &[("date", "x")]), "{unknown} {");
    }

    #[test]
    fn forwards_inline_and_as_attachment() {
        let block = "-------- Message transféré --------\nDe\u{a0}: {from}\nDate\u{a0}: {date}\nObjet\u{a0}: {subject}\nÀ\u{a0}: {to}";
        let inline = forward_inline(ORIGINAL, block, "samedi 6 juin 2026 à 10:00");
        assert_eq!(inline.subject, "Fwd: Pique-nique");
        assert!(
            inline
                .body
                .contains("-------- Message transféré --------\nDe\u{a0}: ")
        );
        assert!(
            inline
                .body
                .contains("Date\u{a0}: samedi 6 juin 2026 à 10:00\n")
        );
        assert!(inline.body.contains("Objet\u{a0}: Pique-nique\n"));
        assert!(!inline.body.contains("{to}"));
        assert!(inline.body.contains("On y va samedi ?"));
        let mut attached = forward_as_attachment(ORIGINAL);
        attached.from = "me@example.org".into();
        attached.to = vec!["x@example.org".into()];
        let c = compose(&attached).unwrap();
        let m = parse(&c.raw);
        let part = m.attachments().next().expect("the original is attached");
        let inner = part.message().expect("as message/rfc822");
        assert_eq!(inner.subject(), Some("Pique-nique"));
    }
}
