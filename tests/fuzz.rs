//! Random and hostile inputs for the code that reads what strangers send: MIME parsing and
//! display (with the repairs and the text made safe), the envelope of a local copy, the
//! autoconfig parser, and the IMAP and POP3 response readers (a scripted server on loopback
//! answers every command with the case's bytes: the folder sync and the POP3 commands must
//! end, with a result or an error, without panicking). Inputs are built from the pieces mail is made of (headers, boundaries,
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

/// Pieces of IMAP server answers; `TAG` becomes the tag of the command being answered.
fn imap_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\r\n".to_vec()),
        Just(b"TAG OK done\r\n".to_vec()),
        Just(b"TAG NO [TRYCREATE] nope\r\n".to_vec()),
        Just(b"TAG BAD what\r\n".to_vec()),
        Just(b"* 3 EXISTS\r\n".to_vec()),
        Just(b"* 4294967295 EXISTS\r\n".to_vec()),
        Just(b"* 0 RECENT\r\n* 2 EXPUNGE\r\n".to_vec()),
        Just(b"* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 4294967295] n\r\n".to_vec()),
        Just(b"* OK [HIGHESTMODSEQ 18446744073709551615] m\r\n".to_vec()),
        Just(b"* FLAGS (\\Seen \\Deleted $Junk)\r\n".to_vec()),
        Just(b"* 1 FETCH (UID 5 FLAGS (\\Seen) RFC822.SIZE 12 INTERNALDATE \"01-Dec-2026 10:00:00 +0100\" BODY[HEADER.FIELDS (SUBJECT)] {13}\r\nSubject: a\r\n\r\n)\r\n".to_vec()),
        Just(b"* 2 FETCH (UID 0 BODY[] {5}\r\nhello)\r\n".to_vec()),
        Just(b"* 2 FETCH (UID 9 BODY[] {500000000}\r\n".to_vec()),
        Just(b"{3}\r\n".to_vec()),
        Just(b"* SEARCH 1 2 4294967295\r\n".to_vec()),
        Just(b"* VANISHED (EARLIER) 1:4294967295\r\n".to_vec()),
        Just(b"* LIST (\\HasNoChildren \\Trash) \"/\" {7}\r\nINBOX/x\r\n".to_vec()),
        Just(b"+ go on\r\n".to_vec()),
        Just(b"* BYE going\r\n".to_vec()),
        Just(b"(((((\"unterminated".to_vec()),
        Just("\u{1b}]52;c;eA==\u{7}\u{202e}".as_bytes().to_vec()),
        "[ -~]{0,40}".prop_map(|s| s.into_bytes()),
        prop::collection::vec(any::<u8>(), 0..24),
    ]
}

/// Pieces of POP3 server answers.
fn pop3_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"+OK\r\n".to_vec()),
        Just(b"+OK 120 octets\r\n".to_vec()),
        Just(b"-ERR [IN-USE] locked\r\n".to_vec()),
        Just(b"-ERR [SYS/TEMP] later\r\n".to_vec()),
        Just(b".\r\n".to_vec()),
        Just(b"..stuffed line\r\n".to_vec()),
        Just(b"1 120\r\n2 99999999999999999999\r\n".to_vec()),
        Just(b"1 uid-a\r\n1 uid-a\r\n0 \r\n".to_vec()),
        Just(b"USER\r\nUIDL\r\nSASL PLAIN\r\nPIPELINING\r\n".to_vec()),
        Just(b"Subject: a\r\n\r\nbody\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        "[ -~]{0,40}".prop_map(|s| s.into_bytes()),
        prop::collection::vec(any::<u8>(), 0..24),
    ]
}

/// Pieces of HTML and CSS, good and hostile.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table><tr><td>".to_string()),
        Just("</td></tr></table>".to_string()),
        Just("<table border=1 cellpadding=99999 width=100000>".to_string()),
        Just("<div style=\"position:fixed;inset:0;z-index:999999;background:red\">".to_string()),
        Just("<div style=\"display:flex;flex-wrap:wrap\">".to_string()),
        Just("<div style=\"display:grid;grid-template-columns:repeat(999,1fr)\">".to_string()),
        Just("</div>".to_string()),
        Just("<p style=\"font-size:0;color:transparent\">hidden</p>".to_string()),
        Just("<img src=cid:a width=1 height=1>".to_string()),
        Just("<img src=\"https://t.example/p.gif\" width=99999999 height=99999999>".to_string()),
        Just("<img src=\"data:image/png;base64,iVBORw0KGgo=\">".to_string()),
        Just("<img src=\"http://[::1\">".to_string()),
        Just("<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>".to_string()),
        Just("<a href=\"  JaVa\tScRiPt:alert(1)\">y</a>".to_string()),
        Just("<a href=\"https://bank.example/\">https://other.example/</a>".to_string()),
        Just("<script>document.write('x')</script>".to_string()),
        Just("<iframe src=\"https://x.example\"></iframe><object data=x></object>".to_string()),
        Just("<form action=\"https://x.example\"><input name=a><button>Go</button></form>".to_string()),
        Just("<meta http-equiv=refresh content=\"0;url=https://x.example\"><base href=\"https://x.example/\">".to_string()),
        Just("<link rel=stylesheet href=\"https://x.example/s.css\">".to_string()),
        Just("<style>@import url(https://x.example/a.css); body{background:url(https://x.example/b.png)}</style>".to_string()),
        Just("<style>*{width:1e30px;height:-1e30px;margin:calc(1e308px * 10)}</style>".to_string()),
        Just("<svg width=100000 height=100000><circle r=1e9 /></svg>".to_string()),
        Just("<ul><li><ol start=-99999><li>".to_string()),
        Just("<pre>\t\t\t\u{202e}\u{200b}</pre>".to_string()),
        Just("&#x202e;&#0;&#99999999;&amp;&lt;&".to_string()),
        Just("<h1><b><i><u><s><sub><sup>".to_string()),
        Just("<td colspan=1000 rowspan=65535>".to_string()),
        Just("<!-- <!-- --> <![CDATA[ x ]]> <?xml ?>".to_string()),
        "[ -~]{0,30}",
        "\\PC{0,10}",
    ]
}

static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
    std::sync::LazyLock::new(|| tokio::runtime::Runtime::new().unwrap());

/// A server on loopback that sends `greeting`, answers the first `scripted_after` lines as
/// `fixed` says, and every later line with `answer` (its `TAG` replaced), up to 20 lines.
async fn fuzz_server(
    greeting: &'static [u8],
    fixed: fn(&str, &str) -> Option<String>,
    answer: Vec<u8>,
) -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let Ok((tcp, _)) = listener.accept().await else {
            return;
        };
        let (read, mut write) = tcp.into_split();
        let mut lines = tokio::io::BufReader::new(read).lines();
        let _ = write.write_all(greeting).await;
        for _ in 0..20 {
            let Ok(Some(line)) = lines.next_line().await else {
                return;
            };
            let (tag, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
            let reply = match fixed(tag, rest) {
                Some(fixed) => fixed.into_bytes(),
                None => {
                    let text = String::from_utf8_lossy(&answer).replace("TAG", tag);
                    if text.len() == answer.len() && !answer.windows(3).any(|w| w == b"TAG") {
                        answer.clone()
                    } else {
                        text.into_bytes()
                    }
                }
            };
            if write.write_all(&reply).await.is_err() {
                return;
            }
        }
    });
    port
}

fn loopback(port: u16) -> facteur::account::Server {
    facteur::account::Server {
        host: "127.0.0.1".into(),
        port,
        security: facteur::account::Security::None,
        username: "u".into(),
        auth: facteur::account::AuthMethod::Password,
        ca_file: None,
    }
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
        let row = facteur::store::envelope::whole_envelope(&raw, 1_780_000_000);
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

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case is a connection and a store: a tenth of the cases of the pure parsers.
        cases: (cases() / 10).max(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A folder sync against any answers ends (with its report or an error) in bounded time.
    #[test]
    fn any_imap_answer_ends_a_sync(pieces in prop::collection::vec(imap_piece(), 0..24)) {
        let answer = pieces.concat();
        let outcome = RUNTIME.block_on(async move {
            let port = fuzz_server(b"* OK ready\r\n", |tag, rest| {
                let verb = rest.split(' ').next().unwrap_or("").to_ascii_uppercase();
                match verb.as_str() {
                    "CAPABILITY" => Some(format!("* CAPABILITY IMAP4rev1\r\n{tag} OK c\r\n")),
                    "LOGIN" => Some(format!("{tag} OK in\r\n")),
                    _ => None,
                }
            }, answer).await;
            let work = async {
                let mut conn = facteur::proto::imap::connect_and_login(
                    &loopback(port),
                    &facteur::proto::Credentials::Password("pw".into()),
                    std::time::Duration::from_secs(2),
                )
                .await?;
                let home = tempfile::tempdir().unwrap();
                let store = facteur::store::Store::open(&home.path().join("s.sqlite3")).unwrap();
                let account = store.ensure_account("u@example.test").unwrap();
                let folder = store.upsert_folder(account, "INBOX", "/", Some(facteur::store::SpecialUse::Inbox)).unwrap();
                let store = facteur::engine::StoreHandle::new(store);
                facteur::engine::imap::sync::sync_folder(&mut conn, &store, folder, "INBOX", |_, _| {})
                    .await
                    .map(|_| ())
            };
            tokio::time::timeout(std::time::Duration::from_secs(30), work).await
        });
        prop_assert!(outcome.is_ok(), "the sync did not end");
    }

    /// The POP3 commands a check sends end, with their answer or an error, whatever comes.
    #[test]
    fn any_pop3_answer_ends_a_check(pieces in prop::collection::vec(pop3_piece(), 0..24)) {
        let answer = pieces.concat();
        let outcome = RUNTIME.block_on(async move {
            let port = fuzz_server(b"+OK ready\r\n", |_, _| None, answer).await;
            let work = async {
                let mut pop = facteur::proto::pop3::Pop3::connect(
                    &loopback(port),
                    std::time::Duration::from_secs(2),
                )
                .await?;
                pop.login("u", &facteur::proto::Credentials::Password("pw".into()))
                    .await?;
                pop.uidl().await?;
                pop.list().await?;
                pop.request(&[1, 2]).await?;
                pop.retrieved().await?;
                pop.retrieved().await?;
                pop.dele(1).await?;
                pop.quit().await
            };
            tokio::time::timeout(std::time::Duration::from_secs(30), work).await
        });
        prop_assert!(outcome.is_ok(), "the check did not end");
    }
}

// HTML: the cleaner, and the layout engine behind it.
proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The cleaner leaves nothing that could run, load or submit, whatever the HTML.
    #[test]
    fn cleaned_html_keeps_nothing_dangerous(pieces in prop::collection::vec(html_piece(), 0..30)) {
        let html = pieces.concat();
        let (doc, _) = facteur::mime::html::clean::parse_and_clean(&html);
        let left = facteur::mime::html::clean::leftovers(&doc);
        prop_assert!(left.is_empty(), "{left:?} left in {html:?}");
    }

}

proptest! {
    // A quarter of the cases: each is a real layout.
    #![proptest_config(ProptestConfig {
        cases: (cases() / 4).max(1),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any HTML is laid out and its first and last tiles drawn (what the reader does), at any
    /// width, without the engine failing.
    #[test]
    fn any_html_is_laid_out_and_drawn(
        pieces in prop::collection::vec(html_piece(), 0..20),
        width in 1u32..1200,
    ) {
        let html = pieces.concat();
        let source = facteur::mime::html::Source { html: html.clone(), inline: Vec::new() };
        let sheet = facteur::mime::html::Sheet::open(
            source,
            Vec::new(),
            facteur::mime::html::Look::default(),
        )
        .unwrap();
        let layout = futures::executor::block_on(sheet.layout(width, 1.0));
        prop_assert!(layout.is_ok(), "{layout:?} for {html:?} at {width}");
        let layout = layout.unwrap();
        for index in [0, layout.tiles() - 1] {
            let tile = futures::executor::block_on(sheet.tile(layout.generation, index));
            prop_assert!(tile.is_ok(), "{tile:?} for {html:?} at {width}");
        }
    }
}

/// Cases the fuzzing found, kept.
#[test]
fn kept_imap_cases_still_pass() {
    // A VANISHED range the width of the UID space was expanded UID by UID (4 billion of
    // them, 16 GB) before the store was told.
    RUNTIME.block_on(async {
        let port = fuzz_server(
            b"* OK ready\r\n",
            |tag, rest| match rest.to_ascii_uppercase().as_str() {
                "CAPABILITY" => Some(format!("* CAPABILITY IMAP4rev1\r\n{tag} OK c\r\n")),
                r if r.starts_with("LOGIN") => Some(format!("{tag} OK in\r\n")),
                _ => None,
            },
            b"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* VANISHED (EARLIER) 1:4294967295\r\nTAG OK done\r\n"
                .to_vec(),
        )
        .await;
        let mut conn = facteur::proto::imap::connect_and_login(
            &loopback(port),
            &facteur::proto::Credentials::Password("pw".into()),
            std::time::Duration::from_secs(2),
        )
        .await
        .unwrap();
        let home = tempfile::tempdir().unwrap();
        let store = facteur::store::Store::open(&home.path().join("s.sqlite3")).unwrap();
        let account = store.ensure_account("u@example.test").unwrap();
        let folder = store.upsert_folder(account, "INBOX", "/", Some(facteur::store::SpecialUse::Inbox)).unwrap();
        let store = facteur::engine::StoreHandle::new(store);
        let started = std::time::Instant::now();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            facteur::engine::imap::sync::sync_folder(&mut conn, &store, folder, "INBOX", |_, _| {}),
        )
        .await
        .expect("the sync ends");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    });
}

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
    let _ = facteur::store::envelope::whole_envelope(crash, 1_780_000_000);
    let _ = facteur::store::envelope::body_text(crash);
    let _ = facteur::mime::draft_from_message(crash);
}
