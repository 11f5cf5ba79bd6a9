//! Random and hostile inputs for the code that reads what strangers send: MIME parsing and
//! display (with the repairs and the text made safe), the envelope of a local copy, and the
//! autoconfig parser. Inputs are built from the pieces mail is made of (headers, boundaries,
//! encoded words, transfer encodings, HTML, controls, bidi characters, charsets), so that the
//! cases reach deep paths rather than stopping at the first byte.
//!
//! `cargo test --test fuzz` runs 256 cases per property (CI); `FACTEUR_FUZZ_CASES=1000000
//! cargo test --release --test fuzz` runs a million outside CI. A case that fails is shrunk by
//! proptest and printed; keep it as a test in `tests/mime.rs`.

use facteur::mime::display::Display;
use facteur::mime::{repair, safe};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("FACTEUR_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Pieces of mail, good and bad.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n\r\n".to_vec()),
        Just(b"From: A <a@b.c>\r\n".to_vec()),
        Just(b"Subject: =?UTF-8?B?RmFjdHVyZQ0KQmNjOiB4AAc=?=\r\n".to_vec()),
        Just(b"Subject: =?iso-8859-1?Q?caf=E9?= =?x-unknown?q?=FF?=\r\n".to_vec()),
        Just(b"Date: Fri, 31 Dec 9999 23:59:59 +0000\r\n".to_vec()),
        Just(b"Date: garbage\r\n".to_vec()),
        Just(b"Content-Type: multipart/mixed; boundary=\"B\"\r\n".to_vec()),
        Just(b"Content-Type: multipart/alternative\r\n".to_vec()),
        Just(b"Content-Type: multipart/digest; boundary=\"\"\r\n".to_vec()),
        Just(b"Content-Type: text/html; charset=utf-7\r\n".to_vec()),
        Just(b"Content-Type: text/plain; charset=x-nothing\r\n".to_vec()),
        Just(b"Content-Type: message/rfc822\r\n".to_vec()),
        Just(b"Content-Transfer-Encoding: base64\r\n".to_vec()),
        Just(b"Content-Transfer-Encoding: quoted-printable\r\n".to_vec()),
        Just(b"Content-Disposition: attachment; filename*=UTF-8''a%E2%80%AE%00b.exe\r\n".to_vec()),
        Just(b"--B\r\n".to_vec()),
        Just(b"--B--\r\n".to_vec()),
        Just(b"SGVsbG8gd29ybGQ*!=".to_vec()),
        Just(b"Caf=E9 =ZZ=\r\n".to_vec()),
        Just(b"<div><table><tr><td><p>".to_vec()),
        Just(b"</div></td>".to_vec()),
        Just(b"<script>alert(1)</script><style>x{}</style>".to_vec()),
        Just(b"<a href=\"javascript:x\">l</a><img src=//t.example/p.gif>".to_vec()),
        Just(b"&amp;&#x202e;&#0;&#99999999;&".to_vec()),
        Just(
            "\u{1b}]52;c;eA==\u{7}\u{9b}2J\u{202e}\u{200b}"
                .as_bytes()
                .to_vec()
        ),
        Just(b"\xe9\xe8\xff\xfe\x00\xc3".to_vec()),
        "[ -~]{0,40}".prop_map(|s| s.into_bytes()),
        prop::collection::vec(any::<u8>(), 0..24),
    ]
}

fn message() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(piece(), 0..48).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // A failure is printed, shrunk; nothing is written beside the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any message shows something without panicking, its names and subject are safe to
    /// print, and what it holds is made safe for a terminal.
    #[test]
    fn any_message_is_shown_safely(raw in message()) {
        let d = Display::parse(&raw);
        let text = d.text();
        prop_assert!(safe::is_safe(&safe::text(&text)));
        for a in &d.attachments {
            let name = facteur::mime::save::safe_file_name(&a.name);
            prop_assert!(!name.contains(['/', '\\']) && !name.starts_with('.'), "{name:?}");
            prop_assert!(name.chars().all(|c| !c.is_control() && !safe::is_invisible(c)), "{name:?}");
        }
        let row = facteur::engine::imap::sync::whole_envelope(&raw, 1_780_000_000);
        for field in [&row.subject, &row.from_name, &row.from_addr, &row.to, &row.cc, &row.preview] {
            prop_assert!(safe::is_safe(field) && !field.contains(['\n', '\r', '\t']), "{field:?}");
        }
        prop_assert!(row.date > 0 && row.date <= 1_780_000_000 + 2 * 86_400);
    }

    /// The repairs never lose a byte of text and are stable: repairing twice is repairing once.
    #[test]
    fn repairs_are_stable(raw in message()) {
        let once = repair::prepare(&raw).into_owned();
        let twice = repair::prepare(&once).into_owned();
        prop_assert_eq!(&once, &twice);
    }

    /// Made-safe text holds nothing a terminal obeys, whatever went in.
    #[test]
    fn safe_text_is_safe(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069} a]{0,64}") {
        let line = safe::line(&s);
        prop_assert!(safe::is_safe(&line) && !line.contains(['\n', '\r']));
        prop_assert!(safe::is_safe(&safe::text(&s)));
    }

    /// The autoconfig parser refuses or accepts any file, never panics, and what it accepts
    /// holds only valid servers.
    #[test]
    fn any_autoconfig_file_is_read_or_refused(body in prop::collection::vec(prop_oneof![
        Just("<clientConfig version=\"1.1\"><emailProvider id=\"x\">".to_string()),
        Just("<incomingServer type=\"imap\">".to_string()),
        Just("<outgoingServer type=\"smtp\">".to_string()),
        Just("<hostname>%EMAILDOMAIN%</hostname>".to_string()),
        Just("<hostname>a/b</hostname>".to_string()),
        Just("<port>993</port><port>0</port><port>99999</port>".to_string()),
        Just("<socketType>SSL</socketType><socketType>plain</socketType>".to_string()),
        Just("<authentication>OAuth2</authentication>".to_string()),
        Just("<username>%EMAILLOCALPART%</username>".to_string()),
        Just("</incomingServer></outgoingServer>".to_string()),
        Just("</emailProvider></clientConfig>".to_string()),
        Just("<!DOCTYPE x [<!ENTITY a \"b\">]>".to_string()),
        "[<>/a-z\"= ]{0,20}",
    ], 0..40)) {
        let text = body.concat();
        if let Ok(t) = facteur::setup::autoconfig::parse_template(text.as_bytes()) {
            for s in t.servers.imap.iter().chain(&t.servers.pop3).chain(&t.servers.smtp) {
                prop_assert!(s.is_valid(), "{s:?}");
            }
        }
    }
}

/// Cases the fuzzing found, kept.
#[test]
fn kept_cases_still_pass() {
    // Bytes that are not UTF-8 before a multipart field without boundary: the repair once
    // counted offsets in the lossy text, not the bytes, and cut the header in the wrong place.
    let raw = b"\xe9\xe8\xff\xfe\x00\xc3From: A <a@b.c>\r\nContent-Type: multipart/alternative\r\n\r\ntext\r\n";
    let once = repair::prepare(raw).into_owned();
    assert_eq!(repair::prepare(&once).into_owned(), once);
    assert!(
        once.starts_with(
            b"\xe9\xe8\xff\xfe\x00\xc3From: A <a@b.c>\r\nContent-Type: text/plain\r\n"
        )
    );
    let _ = Display::parse(b"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n");
    // mail-parser 0.11.9 panics on this one ("Invalid part ID, could not find multipart"):
    // the reader shows it as unreadable text, the envelope and the index go on.
    let crash: &[u8] = b"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n\
Content-Disposition: attachment; filename*=UTF-8''a%E2%80%AE%00b.exe\r\nCaf=E9 =ZZ=\r\n\
Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\nCaf=E9 =ZZ=\r\n\r\n--B--\r\n";
    assert!(facteur::mime::parse(crash).is_none());
    let shown = Display::parse(crash);
    assert!(shown.text().contains("Caf=E9"), "{}", shown.text());
    let _ = facteur::engine::imap::sync::whole_envelope(crash, 1_780_000_000);
    let _ = facteur::engine::imap::sync::body_text(crash);
    let _ = facteur::mime::draft_from_message(crash);
}
