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

/// The text of a text part, decoded again when the parser could not read it:
///
/// - its charset was missing or unknown (the text became U+FFFD): the bytes' encoding is
///   detected (chardetng, Firefox's detector) and decoded with encoding_rs;
/// - its base64 is broken (the parser then keeps the whole part encoded): what is valid
///   decodes, stray characters are skipped;
/// - it is UTF-7 (RFC 2152), which the parser decodes wrongly (it drops the character that
///   ends a base64 run, often a space or a full stop) and encoding_rs does not offer at all
///   (on purpose: it is a web-security hazard there). It is decoded here, by [`utf7`].
///
/// The transfer encoding is undone leniently (a broken `=ZZ` stays as it is, the rest
/// decodes). A sound part keeps the parser's text.
pub fn part_text<'a>(
    raw: &[u8],
    part: &mail_parser::MessagePart<'_>,
    text: &'a str,
) -> Cow<'a, str> {
    use mail_parser::MimeHeaders;
    let Some(body) = raw.get(part.offset_body as usize..part.offset_end as usize) else {
        return Cow::Borrowed(text);
    };
    let declared = part.content_type().and_then(|ct| ct.attribute("charset"));
    let is_utf7 = declared.is_some_and(|c| {
        ["utf-7", "unicode-1-1-utf-7", "x-unicode20utf7"]
            .iter()
            .any(|name| c.trim().eq_ignore_ascii_case(name))
    });
    // Where base64 does not decode, the parser keeps the part as it came (and marks it as
    // not encoded): the text is then the body itself.
    let says_base64 = part
        .content_transfer_encoding()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
    let broken_base64 = says_base64
        && text.len() >= 4
        && body.trim_ascii_start().starts_with(&text.as_bytes()[..4]);
    let known = declared.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    if !is_utf7 && !broken_base64 && (!text.contains('\u{fffd}') || known.is_some()) {
        return Cow::Borrowed(text);
    }
    let bytes = match part.encoding {
        _ if broken_base64 => lenient_base64(body),
        mail_parser::Encoding::QuotedPrintable => lenient_quoted_printable(body),
        mail_parser::Encoding::Base64 => lenient_base64(body),
        _ => body.to_vec(),
    };
    let decoded = if is_utf7 {
        utf7(&bytes)
    } else {
        let encoding = known.unwrap_or_else(|| {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(&bytes, true);
            detector.guess(None, true)
        });
        encoding.decode(&bytes).0.into_owned()
    };
    Cow::Owned(
        decoded
            .replace("\r\n", "\n")
            .trim_end_matches(['\r', '\n'])
            .to_string(),
    )
}

/// Base64 decoded as far as it is valid: characters outside the alphabet are skipped, the
/// text ends at padding, a last incomplete group gives the bytes it holds.
fn lenient_base64(body: &[u8]) -> Vec<u8> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let mut clean: Vec<u8> = body
        .iter()
        .copied()
        .take_while(|&b| b != b'=')
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        .collect();
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );
    engine.decode(&clean).unwrap_or_default()
}

/// UTF-7 (RFC 2152): `+` starts a run of modified base64 holding UTF-16, which ends at the
/// first character outside the alphabet (a `-` there is absorbed, anything else is text);
/// `+-` is a plus sign. Bytes outside ASCII are not UTF-7 and become U+FFFD.
pub fn utf7(bytes: &[u8]) -> String {
    fn sextet(b: u8) -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b != b'+' {
            out.push(if b.is_ascii() { b as char } else { '\u{fffd}' });
            continue;
        }
        if bytes.get(i) == Some(&b'-') {
            out.push('+');
            i += 1;
            continue;
        }
        let (mut bits, mut count, mut units) = (0u32, 0u32, Vec::new());
        while let Some(value) = bytes.get(i).and_then(|&b| sextet(b)) {
            bits = ((bits << 6) | value) & 0x3f_ffff;
            count += 6;
            if count >= 16 {
                count -= 16;
                units.push((bits >> count) as u16);
            }
            i += 1;
        }
        out.push_str(&String::from_utf16_lossy(&units));
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    out
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
        // Broken base64: stray characters are skipped, a last short group keeps its bytes.
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nQ2Fmw6kgY3LDqG1l!!IGJyw7tsw6ll\r\nIGTDqWrDoA\r\n"),
            "Café crème brûlée déjà"
        );
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\nR3L832U*\r\n"),
            "Grüße"
        );
        // UTF-7: the character that ends a run stays (a space, a full stop).
        assert_eq!(
            text_of(b"Subject: a\r\nContent-Type: text/plain; charset=UTF-7\r\n\r\nHi Mom -+Jjo--! A+ImIDkQ. Caf+AOk au lait, 1 +- 1\r\n"),
            "Hi Mom -\u{263a}-! A\u{2262}\u{391}. Café au lait, 1 + 1"
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
