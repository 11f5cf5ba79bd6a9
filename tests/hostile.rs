//! Hostile servers, scripted on loopback: what no real server will do on request. Each case
//! ends within its deadline with the error a user can be told, and the memory it made
//! Facteur take is bounded (the process's peak resident set, read from /proc, after
//! resetting it: nextest runs every test in a process of its own).

use std::time::{Duration, Instant};

use facteur::account::{AuthMethod, Security, Server};
use facteur::proto::Credentials;
use facteur::proto::error::{ErrorKind, MailError};
use facteur::proto::imap;
use facteur::proto::pop3::Pop3;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// What the scripted server does after a line from the client.
enum Then {
    /// Sends this and waits for the next line.
    Say(String),
    /// Sends this, then `fill` for ever (until the client hangs up).
    Endless(String, &'static [u8]),
    /// Sends this, then one byte of `fill` every `every`.
    Trickle(String, u8, Duration),
}

/// A plain-text server on 127.0.0.1: sends `greeting`, then answers each line with
/// `script(tag, verb, line)`. It allocates nothing that grows, so the peak memory of the
/// process is Facteur's.
async fn scripted(greeting: &'static str, script: fn(&str, &str) -> Then) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = tcp.into_split();
                let mut lines = BufReader::new(read).lines();
                if write.write_all(greeting.as_bytes()).await.is_err() {
                    return;
                }
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut words = line.splitn(3, ' ');
                    let first = words.next().unwrap_or("").to_string();
                    let second = words.next().unwrap_or("").to_ascii_uppercase();
                    // IMAP lines start with a tag, POP3 lines with the verb.
                    let (tag, verb) = if first.chars().all(|c| c.is_ascii_uppercase()) {
                        (String::new(), first.to_ascii_uppercase())
                    } else {
                        (first, second)
                    };
                    match script(&tag, &verb) {
                        Then::Say(text) => {
                            if write.write_all(text.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                        Then::Endless(start, fill) => {
                            let _ = write.write_all(start.as_bytes()).await;
                            let block = fill.repeat(65536 / fill.len());
                            while write.write_all(&block).await.is_ok() {}
                            return;
                        }
                        Then::Trickle(start, byte, every) => {
                            let _ = write.write_all(start.as_bytes()).await;
                            loop {
                                tokio::time::sleep(every).await;
                                if write.write_all(&[byte]).await.is_err() {
                                    return;
                                }
                            }
                        }
                    }
                }
            });
        }
    });
    port
}

fn server(port: u16, security: Security) -> Server {
    Server {
        host: "127.0.0.1".into(),
        port,
        security,
        username: "u".into(),
        auth: AuthMethod::Password,
        ca_file: None,
    }
}

fn password() -> Credentials {
    Credentials::Password("pw".into())
}

/// Resets the process's peak resident set (Linux `clear_refs` 5).
fn reset_peak_memory() {
    std::fs::write("/proc/self/clear_refs", "5").expect("Linux clear_refs");
}

/// The process's peak resident set since the last reset, in MiB.
fn peak_memory_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM in /proc/self/status");
    kib / 1024
}

/// The peak resident set is the process's: under `cargo test` (threads, one process) the
/// measuring tests take turns.
static MEASURING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `work`, which must fail within `deadline`; returns its error, the time it took and
/// the peak memory it added (MiB).
async fn bounded<T>(
    deadline: Duration,
    work: impl std::future::Future<Output = Result<T, MailError>>,
) -> (MailError, Duration, u64) {
    let _turn = MEASURING.lock().await;
    reset_peak_memory();
    let before = peak_memory_mib();
    let started = Instant::now();
    let outcome = tokio::time::timeout(deadline, work)
        .await
        .expect("ends within the deadline");
    let Err(error) = outcome else {
        panic!("the server's trick was not refused");
    };
    (error, started.elapsed(), peak_memory_mib() - before)
}

fn imap_logged_in(tag: &str, verb: &str) -> Option<Then> {
    match verb {
        "CAPABILITY" => Some(Then::Say(format!(
            "* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n"
        ))),
        "LOGIN" => Some(Then::Say(format!("{tag} OK welcome\r\n"))),
        "LOGOUT" => Some(Then::Say(format!("* BYE\r\n{tag} OK bye\r\n"))),
        _ => None,
    }
}

async fn imap_select(port: u16, io_timeout: Duration) -> Result<(), MailError> {
    let mut conn =
        imap::connect_and_login(&server(port, Security::None), &password(), io_timeout).await?;
    imap::run(&mut conn.session, "SELECT INBOX", |_| Ok(())).await
}

#[tokio::test]
async fn an_imap_literal_announcing_500_mb_is_refused_before_any_memory_is_taken() {
    let port = scripted("* OK ready\r\n", |tag, verb| {
        imap_logged_in(tag, verb).unwrap_or_else(|| {
            // Announced, then nothing: the client must not wait for it nor reserve it.
            Then::Trickle(
                "* 1 FETCH (BODY[] {500000000}\r\n".into(),
                b'x',
                Duration::from_secs(5),
            )
        })
    })
    .await;
    let (error, took, memory) = bounded(
        Duration::from_secs(20),
        imap_select(port, Duration::from_secs(10)),
    )
    .await;
    assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
    assert!(error.server_text.contains("500000000"), "{error}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(memory < 32, "{memory} MiB for an announced literal");
}

#[tokio::test]
async fn an_endless_imap_line_ends_with_an_error_in_bounded_memory() {
    let port = scripted("* OK ready\r\n", |tag, verb| {
        imap_logged_in(tag, verb)
            .unwrap_or_else(|| Then::Endless("* OK [ALERT] ".into(), b"endless "))
    })
    .await;
    let (error, took, memory) = bounded(
        Duration::from_secs(60),
        imap_select(port, Duration::from_secs(10)),
    )
    .await;
    assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
    assert!(error.server_text.contains("line longer than"), "{error}");
    assert!(memory < 96, "{memory} MiB for an endless line");
    eprintln!("endless IMAP line refused after {took:?}, {memory} MiB");
}

#[tokio::test]
async fn before_encryption_a_server_can_force_only_a_little_memory() {
    // In STARTTLS mode the greeting and CAPABILITY come in plain text, from anyone on the
    // path: a long line or a literal there is refused at 64 KiB.
    let literal = scripted("* OK ready\r\n", |tag, _| {
        Then::Say(format!(
            "* CAPABILITY IMAP4rev1 STARTTLS {{300000}}\r\n{}\r\n{tag} OK done\r\n",
            "x".repeat(300_000)
        ))
    })
    .await;
    let endless_greeting = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut tcp, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let _ = tcp.write_all(b"* OK [ALERT] ").await;
                    let block = b"greeting ".repeat(7000);
                    while tcp.write_all(&block).await.is_ok() {}
                });
            }
        });
        port
    };
    for port in [literal, endless_greeting] {
        let (error, took, memory) = bounded(
            Duration::from_secs(20),
            imap::connect_and_login(
                &server(port, Security::Starttls),
                &password(),
                Duration::from_secs(10),
            ),
        )
        .await;
        assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
        assert!(error.server_text.contains("64 KiB"), "{error}");
        assert!(took < Duration::from_secs(5), "{took:?}");
        assert!(memory < 16, "{memory} MiB before encryption");
    }
}

#[tokio::test]
async fn a_trickling_imap_server_cannot_stretch_a_command() {
    // One byte every 300 ms restarts an ordinary read timeout for ever.
    let port = scripted("* OK ready\r\n", |tag, verb| {
        imap_logged_in(tag, verb)
            .unwrap_or_else(|| Then::Trickle("* OK ".into(), b'z', Duration::from_millis(300)))
    })
    .await;
    let (error, took, _) = bounded(
        Duration::from_secs(30),
        imap_select(port, Duration::from_secs(2)),
    )
    .await;
    assert!(
        matches!(error.kind, ErrorKind::Timeout { ref host, port: p } if host == "127.0.0.1" && p == port),
        "{error:?}"
    );
    assert!(took >= Duration::from_secs(2), "{took:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
}

#[tokio::test]
async fn a_slow_but_steady_imap_answer_is_not_cut_off() {
    // 4 KiB every 250 ms (16 KiB/s) for 4 s, twice the allowance of 2 s: the data earns its
    // time, so a slow link still works.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let (read, mut write) = tcp.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"* OK ready\r\n").await.unwrap();
        while let Ok(Some(line)) = lines.next_line().await {
            let (tag, rest) = line.split_once(' ').unwrap();
            let verb = rest.split(' ').next().unwrap().to_ascii_uppercase();
            if let Some(Then::Say(text)) = imap_logged_in(tag, &verb) {
                write.write_all(text.as_bytes()).await.unwrap();
                continue;
            }
            write
                .write_all(b"* 1 FETCH (UID 1 BODY[] {65536}\r\n")
                .await
                .unwrap();
            for _ in 0..16 {
                tokio::time::sleep(Duration::from_millis(250)).await;
                write.write_all(&[b'k'; 4096]).await.unwrap();
            }
            write
                .write_all(format!(")\r\n{tag} OK [READ-WRITE] done\r\n").as_bytes())
                .await
                .unwrap();
        }
    });
    let started = Instant::now();
    imap_select(port, Duration::from_secs(2))
        .await
        .expect("a steady answer completes");
    assert!(started.elapsed() > Duration::from_secs(3));
}

fn pop3_logged_in(verb: &str) -> Option<Then> {
    match verb {
        "CAPA" => Some(Then::Say("+OK\r\nUSER\r\nUIDL\r\n.\r\n".into())),
        "USER" | "PASS" | "NOOP" | "QUIT" => Some(Then::Say("+OK\r\n".into())),
        "LIST" => Some(Then::Say("+OK\r\n1 1000\r\n.\r\n".into())),
        _ => None,
    }
}

async fn pop3_retr(port: u16, io_timeout: Duration) -> Result<Vec<u8>, MailError> {
    let mut pop = Pop3::connect(&server(port, Security::None), io_timeout).await?;
    pop.login("u", &password()).await?;
    pop.request(&[1]).await?;
    pop.retrieved().await
}

#[tokio::test]
async fn an_endless_pop3_message_stops_at_the_size_limit() {
    let port = scripted("+OK ready\r\n", |_, verb| {
        pop3_logged_in(verb)
            .unwrap_or_else(|| Then::Endless("+OK 1000 octets\r\n".into(), b"more text\r\n"))
    })
    .await;
    let (error, took, memory) = bounded(
        Duration::from_secs(60),
        pop3_retr(port, Duration::from_secs(10)),
    )
    .await;
    assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
    assert!(error.server_text.contains("larger than 100 MB"), "{error}");
    // The message is held until the limit (100 MB, in a growing buffer), never more.
    assert!(memory < 320, "{memory} MiB for an endless message");
    eprintln!("endless RETR refused after {took:?}, {memory} MiB");
}

#[tokio::test]
async fn before_encryption_a_pop3_server_can_force_only_a_little_memory() {
    // The plaintext CAPA of STARTTLS mode: 200 KB of capabilities, or one endless line.
    let listing = scripted("+OK ready\r\n", |_, _| {
        Then::Say(format!(
            "+OK\r\n{}STLS\r\n.\r\n",
            "X-PADDING\r\n".repeat(20_000)
        ))
    })
    .await;
    let endless = scripted("+OK ready\r\n", |_, _| {
        Then::Endless("+OK\r\nX-".into(), b"endless ")
    })
    .await;
    for port in [listing, endless] {
        let (error, took, memory) = bounded(
            Duration::from_secs(20),
            Pop3::connect(&server(port, Security::Starttls), Duration::from_secs(10)),
        )
        .await;
        assert_eq!(error.kind, ErrorKind::Protocol, "{error}");
        assert!(error.server_text.contains("too long"), "{error}");
        assert!(took < Duration::from_secs(5), "{took:?}");
        assert!(memory < 16, "{memory} MiB before encryption");
    }
}

#[tokio::test]
async fn a_trickling_pop3_server_cannot_stretch_a_download() {
    let port = scripted("+OK ready\r\n", |_, verb| {
        pop3_logged_in(verb).unwrap_or_else(|| {
            Then::Trickle(
                "+OK 1000 octets\r\n".into(),
                b'.',
                Duration::from_millis(300),
            )
        })
    })
    .await;
    let (error, took, _) = bounded(
        Duration::from_secs(30),
        pop3_retr(port, Duration::from_secs(2)),
    )
    .await;
    assert!(matches!(error.kind, ErrorKind::Timeout { .. }), "{error:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
}
