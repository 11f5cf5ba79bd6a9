//! Repairs applied to a raw message before it is parsed, for mail that real senders break in
//! ways mail-parser does not forgive:
//! - line ends of a lone CR (old Macintosh software, some gateways): without it every header
//!   is lost, the whole message read as one line;
//! - a top-level `multipart/*` without a usable boundary (missing or empty): without it the
//!   text vanishes into an unnamed attachment; it is read as the plain text it is.
//!
//! A message needing neither is passed through untouched, without a copy.

use std::borrow::Cow;

/// The message as the parser should see it.
pub fn prepare(raw: &[u8]) -> Cow<'_, [u8]> {
    let mut out = Cow::Borrowed(raw);
    if has_lone_cr(raw) {
        out = Cow::Owned(crlf(raw));
    }
    if let Some(fixed) = without_broken_multipart(&out) {
        out = Cow::Owned(fixed);
    }
    out
}

fn has_lone_cr(raw: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', raw).any(|i| raw.get(i + 1) != Some(&b'\n'))
}

/// Every lone CR as CRLF.
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    for (i, &b) in raw.iter().enumerate() {
        out.push(b);
        if b == b'\r' && raw.get(i + 1) != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    out
}

/// Where the header block ends (the offset of its blank line), if it has one.
fn header_len(raw: &[u8]) -> Option<usize> {
    memchr::memmem::find(raw, b"\r\n\r\n")
        .map(|i| i + 2)
        .or_else(|| memchr::memmem::find(raw, b"\n\n").map(|i| i + 1))
}

/// The message with its top-level Content-Type fields made `text/plain` where they say
/// multipart but name no boundary (or an empty one); `None` when it needs no change. Works
/// on bytes (a header may hold any byte), every such field of the header block.
fn without_broken_multipart(raw: &[u8]) -> Option<Vec<u8>> {
    let end = header_len(raw)?;
    let lower = raw[..end].to_ascii_lowercase();
    let mut fields = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&lower[at..], b"content-type:") {
        let start = at + found;
        at = start + 1;
        if start != 0 && lower[start - 1] != b'\n' {
            continue;
        }
        // The field with its folded lines.
        let mut stop = start;
        loop {
            stop = memchr::memchr(b'\n', &lower[stop..]).map_or(lower.len(), |n| stop + n + 1);
            if stop >= lower.len() || !matches!(lower[stop], b' ' | b'\t') {
                break;
            }
        }
        let value = String::from_utf8_lossy(&lower[start + b"content-type:".len()..stop]);
        let value = value.trim();
        if !value.starts_with("multipart/") {
            continue;
        }
        let boundary = value.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            (k.trim() == "boundary").then(|| v.trim().trim_matches('"').to_string())
        });
        if boundary.is_none_or(|b| b.is_empty()) {
            fields.push(start..stop);
        }
    }
    if fields.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut copied = 0;
    for field in fields {
        out.extend_from_slice(&raw[copied..field.start]);
        out.extend_from_slice(b"Content-Type: text/plain\r\n");
        copied = field.end;
    }
    out.extend_from_slice(&raw[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sound_mail_is_not_copied() {
        let raw = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n";
        assert!(matches!(prepare(raw), Cow::Borrowed(_)));
        assert!(matches!(prepare(b"a\nb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn lone_carriage_returns_become_line_ends() {
        assert_eq!(
            &*prepare(b"From: a@b.c\rSubject: cr\r\rbody\r"),
            b"From: a@b.c\r\nSubject: cr\r\n\r\nbody\r\n"
        );
    }

    #[test]
    fn a_multipart_without_boundary_is_read_as_text() {
        for ct in [
            "Content-Type: multipart/mixed",
            "Content-Type: multipart/mixed; boundary=\"\"",
            "content-type: Multipart/Alternative;\r\n\tcharset=x",
        ] {
            let raw = format!("From: a@b.c\r\n{ct}\r\nSubject: s\r\n\r\nThe text\r\n");
            let fixed = prepare(raw.as_bytes());
            let fixed = String::from_utf8_lossy(&fixed);
            assert!(
                fixed.contains("Content-Type: text/plain\r\nSubject: s\r\n"),
                "{fixed}"
            );
            assert!(fixed.ends_with("\r\n\r\nThe text\r\n"));
        }
    }
}

/// The text of a text part, decoded again when the parser could not read it (it became
/// U+FFFD) because its charset was missing or unknown: the bytes' encoding is detected
/// (chardetng, Firefox's detector) and decoded with encoding_rs, the transfer encoding undone
/// leniently (a broken `=ZZ` stays as it is, the rest decodes). A part in a charset the
/// parser knows keeps the parser's text.
pub fn part_text<'a>(
    raw: &[u8],
    part: &mail_parser::MessagePart<'_>,
    text: &'a str,
) -> Cow<'a, str> {
    use mail_parser::MimeHeaders;
    if !text.contains('\u{fffd}') {
        return Cow::Borrowed(text);
    }
    let declared = part.content_type().and_then(|ct| ct.attribute("charset"));
    if declared.is_some_and(|c| {
        mail_parser::decoders::charsets::map::charset_decoder(c.as_bytes()).is_some()
            || c.eq_ignore_ascii_case("utf-8")
            || c.eq_ignore_ascii_case("us-ascii")
    }) {
        return Cow::Borrowed(text);
    }
    let Some(body) = raw.get(part.offset_body as usize..part.offset_end as usize) else {
        return Cow::Borrowed(text);
    };
    let bytes = match part.encoding {
        mail_parser::Encoding::QuotedPrintable => lenient_quoted_printable(body),
        mail_parser::Encoding::Base64 => match mail_parser::decoders::base64::base64_decode(body) {
            Some(b) => b,
            None => return Cow::Borrowed(text),
        },
        _ => body.to_vec(),
    };
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes, true);
    let encoding = detector.guess(None, true);
    let (decoded, _, _) = encoding.decode(&bytes);
    Cow::Owned(decoded.trim_end_matches(['\r', '\n']).to_string())
}

/// Quoted-printable decoded as far as it is valid: `=XX` and soft line breaks, anything else
/// kept as it is.
fn lenient_quoted_printable(body: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i += 2;
                    continue;
                }
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    out.push(hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0));
                    i += 3;
                    continue;
                }
                _ => {}
            }
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod charset_tests {
    fn text_of(raw: &[u8]) -> String {
        crate::mime::display::Display::parse(raw).text()
    }

    #[test]
    fn undeclared_and_unknown_charsets_are_detected() {
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Type: text/plain\r\n\r\nCaf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 servie\r\n"),
            "Café crème brûlée, déjà servie"
        );
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nGr\xfc\xdfe aus K\xf6ln und M\xfcnchen\r\n"),
            "Grüße aus Köln und München"
        );
        // Broken quoted-printable: what is valid decodes, the rest stays.
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 =ZZ cr=E8me\r\n"),
            "Café =ZZ crème"
        );
        // Sound mail is left as the parser read it.
        assert_eq!(
            text_of(
                "Subject: a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nÉté à Köln\r\n"
                    .as_bytes()
            ),
            "Été à Köln"
        );
    }
}
