//! Drafts as messages: the text saved to the Drafts folder (IMAP) or the local Drafts folder
//! (POP3), and the way back from such a message to a [`Draft`] the composer can resume,
//! whichever client saved it.
//!
//! Every saved version of one draft carries the same Message-ID (`draft.KEY@DOMAIN`), so the
//! server's copies of a draft can be found by a header search even on servers without UIDPLUS,
//! and older versions left behind by an interrupted replacement are recognised and removed.
//! The message actually sent gets a new Message-ID of its own.

use mail_parser::{MimeHeaders, PartType};

use super::compose::{self, Attachment, ComposeError, Draft};

/// The Message-ID (without angle brackets) of every saved version of the draft `key`.
pub fn draft_message_id(key: &str, from: &str) -> String {
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>'))
        .filter(|d| !d.is_empty())
        .unwrap_or("localhost");
    let key: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    format!("draft.{key}@{domain}")
}

/// The text of a draft as saved to a Drafts folder: Bcc kept, recipients still being typed
/// (not yet valid addresses) left out of the headers (the store keeps them as typed), no
/// recipient needed. Only an invalid From is refused.
pub fn draft_message(draft: &Draft, message_id: &str) -> Result<Vec<u8>, ComposeError> {
    let (message, _) = compose::build(draft, message_id, true)?;
    Ok(message.formatted())
}

/// A draft to resume from a saved message (ours or another client's): sender, recipients
/// (Bcc included), subject, text, attachments, forwarded messages and thread headers.
pub fn draft_from_message(raw: &[u8]) -> Draft {
    let Some(m) = super::parse(raw) else {
        return Draft {
            body: String::from_utf8_lossy(raw).into_owned(),
            ..Draft::default()
        };
    };
    let (from_name, from) = m
        .from()
        .and_then(|a| a.first())
        .map(|a| {
            (
                a.name().unwrap_or("").to_string(),
                a.address().unwrap_or("").to_string(),
            )
        })
        .unwrap_or_default();
    let mut attachments = Vec::new();
    let mut forwarded = Vec::new();
    for part in m.attachments() {
        match &part.body {
            PartType::Message(inner) => forwarded.push(inner.raw_message().to_vec()),
            _ => {
                let name = part
                    .attachment_name()
                    .map(compose::safe_name)
                    .unwrap_or_else(|| "attachment".into());
                let content_type = part
                    .content_type()
                    .map(|ct| match ct.subtype() {
                        Some(sub) => format!("{}/{sub}", ct.ctype()),
                        None => ct.ctype().to_string(),
                    })
                    .unwrap_or_else(|| compose::mime_type(&name));
                attachments.push(Attachment {
                    name,
                    content_type,
                    data: part.contents().to_vec(),
                });
            }
        }
    }
    let ids = |v: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        match v {
            mail_parser::HeaderValue::Text(t) => vec![format!("<{t}>")],
            mail_parser::HeaderValue::TextList(l) => l.iter().map(|t| format!("<{t}>")).collect(),
            _ => Vec::new(),
        }
    };
    Draft {
        from_name,
        from,
        to: compose::addresses(m.to()),
        cc: compose::addresses(m.cc()),
        bcc: compose::addresses(m.bcc()),
        subject: m.subject().unwrap_or("").to_string(),
        body: m
            .body_text(0)
            .map(|t| t.replace("\r\n", "\n"))
            .unwrap_or_default(),
        attachments,
        forwarded,
        in_reply_to: ids(m.in_reply_to()).into_iter().next(),
        references: ids(m.references()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Draft {
        Draft {
            from_name: "Zoé Müller".into(),
            from: "zoe@example.fr".into(),
            to: vec!["Jürgen <juergen@example.de>".into(), "anne@exam".into()],
            cc: vec![],
            bcc: vec!["secret@example.org".into()],
            subject: "Brouillon — à finir".into(),
            body: "Première ligne\nDeuxième ligne".into(),
            attachments: vec![Attachment {
                name: "plan.pdf".into(),
                content_type: "application/pdf".into(),
                data: vec![0, 159, 146, 150, 255],
            }],
            forwarded: vec![],
            in_reply_to: Some("<orig@example.fr>".into()),
            references: vec!["<root@example.fr>".into(), "<orig@example.fr>".into()],
        }
    }

    #[test]
    fn a_saved_draft_keeps_bcc_and_comes_back_whole() {
        let draft = sample();
        let id = draft_message_id("0123abcd", &draft.from);
        assert_eq!(id, "draft.0123abcd@example.fr");
        let raw = draft_message(&draft, &id).unwrap();
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(m.message_id(), Some(id.as_str()));
        let back = draft_from_message(&raw);
        assert_eq!(back.bcc, vec!["secret@example.org"]);
        // "anne@exam" is a valid address; a half-typed one is not carried.
        assert_eq!(back.to, vec!["Jürgen <juergen@example.de>", "anne@exam"]);
        assert_eq!(back.subject, draft.subject);
        assert_eq!(back.body, draft.body);
        assert_eq!(back.attachments, draft.attachments);
        assert_eq!(back.in_reply_to, draft.in_reply_to);
        assert_eq!(back.references, draft.references);
        assert_eq!(
            (back.from_name.as_str(), back.from.as_str()),
            ("Zoé Müller", "zoe@example.fr")
        );
    }

    #[test]
    fn a_draft_needs_no_recipient_and_skips_half_typed_ones() {
        let draft = Draft {
            from: "zoe@example.fr".into(),
            to: vec!["jean@".into(), "marc".into()],
            subject: "idée".into(),
            ..Draft::default()
        };
        let raw = draft_message(&draft, "draft.k@example.fr").unwrap();
        let back = draft_from_message(&raw);
        assert!(back.to.is_empty());
        assert_eq!(back.subject, "idée");
        let no_from = Draft::default();
        assert!(matches!(
            draft_message(&no_from, "x@y"),
            Err(ComposeError::BadAddress(_))
        ));
    }

    #[test]
    fn hostile_keys_and_senders_make_a_valid_message_id() {
        assert_eq!(
            draft_message_id("a b<c>\r\n", "broken"),
            "draft.abc@localhost"
        );
    }

    #[test]
    fn garbage_is_resumed_as_text() {
        let d = draft_from_message(b"\xff\xfe not a message");
        assert!(d.body.contains("not a message") || d.subject.is_empty());
    }
}
