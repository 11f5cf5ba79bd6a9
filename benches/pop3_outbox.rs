//! POP3 download and outbox benchmark: prints figures, asserts nothing.
//!
//! `cargo bench --bench pop3_outbox [-- COUNT]` (default 10000). A private Dovecot (and
//! Postfix, as root, for delivery) from `scripts/mailserver`; the mailbox is written straight
//! into its maildir. Each run is a fresh process:
//!
//! - (a) the floor: a minimal POP3 client over TLS doing `UIDL` and pipelined `RETR` of every
//!   message, reading every byte, storing nothing;
//! - (b) Facteur's POP3 check into a new store: every message parsed and committed to disk
//!   (fsync) with its UIDL, the point from which the server may delete it (leave-on-server
//!   here, so every run downloads the same mailbox); then (b') the search index brought up to
//!   date, as the account's task does right after a check;
//! - (c) the outbox sending 200 messages through submission (TLS, login, Postfix relay to
//!   Dovecot) and copying each to Sent over IMAP, from the first `Send` to the last `Done`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{BenchServer, PASSWORD, median, peak_rss_mb};
use facteur::account::{Account, AuthMethod, Incoming, Pop3Policy, Security, Server};
use facteur::engine::smtp::{OutboxStatus, Outgoing};
use facteur::engine::{Command as EngineCommand, Engine, EngineOptions, Event, StoreHandle};
use facteur::proto::Credentials;
use facteur::store::Store;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const RUNS: usize = 5;
const OUTBOX: usize = 200;

fn main() {
    if let Ok(role) = std::env::var("FACTEUR_BENCH_CHILD") {
        child(&role);
        return;
    }
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let relay = is_root();
    let server = BenchServer::start_with(relay);
    let user = format!("pop{count}@example.test");
    server.fill(&user, count);
    println!(
        "POP3 and outbox benchmark (Dovecot on loopback, TLS; median of {RUNS} runs, min–max)"
    );
    println!("\n{count} messages");
    let (mut floor, mut facteur, mut searchable) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let store = server.dir.path().join(format!("pop-{run}.sqlite3"));
        server.settle(&user);
        let figures = run_child(&server, "floor", &user, &store);
        floor.push((figures.0, figures.1, figures.2));
        server.settle(&user);
        let figures = run_child(&server, "facteur", &user, &store);
        facteur.push((figures.3, figures.1, figures.2));
        searchable.push(figures);
    }
    let a = median(floor.iter().map(|f| f.0));
    let b = median(facteur.iter().map(|f| f.0));
    let b2 = median(searchable.iter().map(|f| f.0));
    let range = |v: &[(f64, f64, f64)]| {
        let mut t: Vec<f64> = v.iter().map(|f| f.0).collect();
        t.sort_by(f64::total_cmp);
        format!("{:.0}–{:.0}", t[0], t[t.len() - 1])
    };
    println!(
        "  (a) floor: UIDL + pipelined RETR      {a:>8.0} ms  ({} ms)  {:.0} msg/s",
        range(&floor),
        count as f64 / a * 1000.0
    );
    // Each Facteur run follows a floor run: their ratio is taken against the floor measured
    // moments before, which a virtual machine's drifting speed affects the least.
    let paired = |v: &[(f64, f64, f64)]| -> Vec<f64> {
        v.iter().zip(&floor).map(|(f, a)| f.0 / a.0).collect()
    };
    let ratios = |r: Vec<f64>, of_medians: f64| {
        let mut sorted = r.clone();
        sorted.sort_by(f64::total_cmp);
        format!(
            "{:.2}× the floor (run by run {:.2}–{:.2}×; median over median {of_medians:.2}×)",
            median(r.into_iter()),
            sorted[0],
            sorted[sorted.len() - 1],
        )
    };
    println!(
        "  (b) Facteur: download, parse, commit (safe) {b:>6.0} ms  ({} ms)  = {}   target ≤ 1.5×",
        range(&facteur),
        ratios(paired(&facteur), b / a)
    );
    let searchable_only: Vec<(f64, f64, f64)> =
        searchable.iter().map(|f| (f.0, f.1, f.2)).collect();
    println!(
        "  (b') … and searchable (index caught up)    {b2:>6.0} ms  ({} ms)  = {}",
        range(&searchable_only),
        ratios(paired(&searchable_only), b2 / a)
    );
    println!(
        "      peak RSS: floor {:.0} MB, Facteur {:.0} MB; messages stored {:.0}",
        median(floor.iter().map(|f| f.1)),
        median(facteur.iter().map(|f| f.1)),
        facteur[0].2
    );
    if relay {
        let sender = format!("sender{count}@example.test");
        server.fill(&sender, 0);
        let store = server.dir.path().join("outbox.sqlite3");
        let (ms, _, sent, _) = run_child(&server, "outbox", &sender, &store);
        println!(
            "\n  (c) outbox: {sent:.0} messages sent and saved to Sent in {ms:.0} ms = {:.1} msg/s",
            sent / ms * 1000.0
        );
    } else {
        println!("\n  (c) outbox: skipped (delivery needs Postfix, which needs root)");
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// (milliseconds, peak RSS in MB, messages, milliseconds to the safe point) as the child
/// printed them.
fn run_child(server: &BenchServer, role: &str, user: &str, store: &Path) -> (f64, f64, f64, f64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("FACTEUR_BENCH_CHILD", role)
        .env("FACTEUR_BENCH_USER", user)
        .env("FACTEUR_BENCH_STORE", store)
        .env("FACTEUR_BENCH_POP3S", &server.env["POP3S_PORT"])
        .env("FACTEUR_BENCH_IMAPS", &server.env["IMAPS_PORT"])
        .env("FACTEUR_BENCH_SUBMISSIONS", &server.env["SUBMISSIONS_PORT"])
        .env("FACTEUR_BENCH_CA", &server.env["CA_FILE"])
        .output()
        .expect("the benchmark child runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // What the child says besides its figures (warnings, diagnostics).
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "{role} failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    (
        value("total_ms"),
        value("rss_mb"),
        value("messages"),
        value("safe_ms"),
    )
}

fn env(key: &str) -> String {
    std::env::var(key).unwrap()
}

fn server(port_var: &str, user: &str) -> Server {
    Server {
        host: "localhost".into(),
        port: env(port_var).parse().unwrap(),
        security: Security::Tls,
        username: user.into(),
        auth: AuthMethod::Password,
        ca_file: Some(PathBuf::from(env("FACTEUR_BENCH_CA"))),
    }
}

fn child(role: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let user = env("FACTEUR_BENCH_USER");
    let start = Instant::now();
    let messages = runtime.block_on(async {
        match role {
            "floor" => floor(&user).await,
            "facteur" => facteur_check(&user, start).await,
            _ => outbox(&user).await,
        }
    });
    println!("total_ms={}", start.elapsed().as_secs_f64() * 1000.0);
    println!("rss_mb={}", peak_rss_mb());
    println!("messages={messages}");
}

/// The minimal client: TLS, USER/PASS, UIDL, then RETR pipelined 64 at a time.
async fn floor(user: &str) -> usize {
    let ca = PathBuf::from(env("FACTEUR_BENCH_CA"));
    let port: u16 = env("FACTEUR_BENCH_POP3S").parse().unwrap();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let config = facteur::proto::tls::client_config(Some(&ca)).unwrap();
    let tls = facteur::proto::tls::connect(tcp, "localhost", config)
        .await
        .unwrap();
    let (read, mut write) = tokio::io::split(tls);
    let mut lines = BufReader::with_capacity(256 * 1024, read);
    let mut line = Vec::new();
    let next = async |lines: &mut BufReader<_>, line: &mut Vec<u8>| {
        line.clear();
        lines.read_until(b'\n', line).await.unwrap();
    };
    next(&mut lines, &mut line).await;
    for command in [format!("USER {user}\r\n"), format!("PASS {PASSWORD}\r\n")] {
        write.write_all(command.as_bytes()).await.unwrap();
        write.flush().await.unwrap();
        next(&mut lines, &mut line).await;
        assert!(
            line.starts_with(b"+OK"),
            "{}",
            String::from_utf8_lossy(&line)
        );
    }
    write.write_all(b"UIDL\r\n").await.unwrap();
    write.flush().await.unwrap();
    next(&mut lines, &mut line).await;
    let mut count = 0usize;
    loop {
        next(&mut lines, &mut line).await;
        if line == b".\r\n" {
            break;
        }
        count += 1;
    }
    let mut bytes = 0usize;
    let mut n = 1;
    while n <= count {
        let batch = (count + 1 - n).min(64);
        let mut commands = String::new();
        for i in n..n + batch {
            commands.push_str(&format!("RETR {i}\r\n"));
        }
        write.write_all(commands.as_bytes()).await.unwrap();
        write.flush().await.unwrap();
        for _ in 0..batch {
            next(&mut lines, &mut line).await;
            assert!(line.starts_with(b"+OK"));
            loop {
                next(&mut lines, &mut line).await;
                if line == b".\r\n" {
                    break;
                }
                bytes += line.len();
            }
        }
        n += batch;
    }
    write.write_all(b"QUIT\r\n").await.unwrap();
    write.flush().await.unwrap();
    next(&mut lines, &mut line).await;
    assert!(bytes > 0);
    count
}

async fn facteur_check(user: &str, started: Instant) -> usize {
    let path = PathBuf::from(env("FACTEUR_BENCH_STORE"));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path).unwrap();
    let account_id = store.ensure_account(user).unwrap();
    let inbox = store
        .upsert_folder(
            account_id,
            "INBOX",
            "/",
            Some(facteur::store::SpecialUse::Inbox),
        )
        .unwrap();
    let store = StoreHandle::new(store);
    let pop3 = server("FACTEUR_BENCH_POP3S", user);
    let account = Account {
        name: String::new(),
        email: user.into(),
        incoming: Incoming::Pop3(pop3.clone()),
        outgoing: pop3.clone(),
        pop3: Pop3Policy {
            delete_after_days: None,
            ..Pop3Policy::default()
        },
        keep_offline: false,
        sent_saved_by_server: false,
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let report = facteur::engine::pop3::check(
        &account,
        &pop3,
        &Credentials::Password(PASSWORD.into()),
        &store,
        account_id,
        inbox,
        now,
        |_, _| {},
    )
    .await
    .unwrap();
    println!("safe_ms={}", started.elapsed().as_secs_f64() * 1000.0);
    let indexed = facteur::engine::search::catch_up(&store).await.unwrap();
    assert_eq!(indexed, report.downloaded.len());
    report.downloaded.len()
}

async fn outbox(user: &str) -> usize {
    let imap = server("FACTEUR_BENCH_IMAPS", user);
    let account = Account {
        name: "Bench".into(),
        email: user.into(),
        incoming: Incoming::Imap(imap.clone()),
        outgoing: server("FACTEUR_BENCH_SUBMISSIONS", user),
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    };
    let secrets = facteur::account::Secrets::with_store(keyring_core::mock::Store::new().unwrap());
    secrets
        .set(
            &facteur::account::SecretKey::new(user, facteur::account::SecretRole::Incoming),
            PASSWORD,
        )
        .unwrap();
    let path = PathBuf::from(env("FACTEUR_BENCH_STORE"));
    let config = facteur::account::Config {
        accounts: vec![account],
        ..Default::default()
    };
    let mut engine = Engine::start_with(
        &config,
        Store::open(&path).unwrap(),
        EngineOptions {
            secrets: Some(secrets),
            ..EngineOptions::default()
        },
    );
    let start = Instant::now();
    for n in 0..OUTBOX {
        let composed = facteur::mime::compose::compose(&facteur::mime::Draft {
            from: user.into(),
            to: vec![user.into()],
            subject: format!("Message {n} du banc d'essai"),
            body: "Bonjour,\nceci est un message de test.\n".repeat(20),
            ..Default::default()
        })
        .unwrap();
        engine
            .handle
            .send(EngineCommand::send(
                facteur::engine::RequestId::new(),
                Outgoing::new(user, composed, None),
            ))
            .unwrap();
    }
    let mut done = 0;
    while done < OUTBOX {
        match tokio::time::timeout(Duration::from_secs(120), engine.events.recv()).await {
            Ok(Some(Event::Outbox {
                status: OutboxStatus::Done,
                ..
            })) => done += 1,
            Ok(Some(Event::Outbox {
                status: OutboxStatus::Failed { error },
                ..
            })) => panic!("refused: {error:?}"),
            Ok(Some(_)) => {}
            _ => panic!("the outbox stalled after {done} messages"),
        }
    }
    let elapsed = start.elapsed();
    println!("outbox_ms={}", elapsed.as_secs_f64() * 1000.0);
    engine.shutdown().await;
    done
}
