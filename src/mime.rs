//! Mail as people write it: composing new messages, replies and forwards (with lettre's
//! builder), ready for the outbox.

pub mod compose;
pub mod display;
pub mod draft;
pub mod html;
pub mod repair;
pub mod safe;
pub mod save;

pub use compose::{Attachment, ComposeError, Composed, Draft};

/// A message parsed by mail-parser, or `None` when it cannot be. The parser panics on some
/// crafted messages (the fuzz harness found one: nested `message/rfc822` parts in a
/// multipart, 221 bytes, `tests/fuzz.rs`); the panic is caught here, once, so that such a
/// message shows as unreadable instead of taking the reader, the search index or a sync
/// down. Every parse of a message goes through here.
pub fn parse(raw: &[u8]) -> Option<mail_parser::Message<'_>> {
    std::panic::catch_unwind(|| mail_parser::MessageParser::default().parse(raw))
        .ok()
        .flatten()
}

/// [`parse`] for a header block alone.
pub fn parse_headers(raw: &[u8]) -> Option<mail_parser::Message<'_>> {
    std::panic::catch_unwind(|| mail_parser::MessageParser::default().parse_headers(raw))
        .ok()
        .flatten()
}
pub use draft::{draft_from_message, draft_message, draft_message_id};

/// A header's addresses as one line: `Name <addr>, addr`.
pub fn addresses(list: Option<&mail_parser::Address<'_>>) -> String {
    let Some(list) = list else {
        return String::new();
    };
    list.iter()
        .map(|a| match (a.name(), a.address()) {
            (Some(n), Some(addr)) if !n.is_empty() => format!("{n} <{addr}>"),
            (_, Some(addr)) => addr.to_string(),
            (Some(n), None) => n.to_string(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
