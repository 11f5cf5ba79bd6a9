//! IMAP sync benchmark: prints figures, asserts nothing.
//!
//! `cargo bench --bench imap_sync [-- SIZES…]` (default 10000 100000). For each size it writes a
//! mailbox of that many messages straight into a private Dovecot's maildir (2–100 KB, some
//! multipart with attachments, RFC 2047 French and German headers, threads), runs
//! `doveadm force-resync` and `doveadm index`, then measures, each in a fresh process and on a
//! settled server (`doveadm mailbox cache purge` + `doveadm index` before every run):
//!
//! - (a) the floor: a minimal client over TLS doing `UID FETCH 1:* (UID FLAGS RFC822.SIZE
//!   ENVELOPE)` and reading every byte, no parsing, no storing;
//! - (b) Facteur's full header sync into a new store (searchable when it ends);
//! - (c) a resync with no change, as at the next start: the store (b) left, a new connection,
//!   timed from the SELECT on;
//! - (d) the time from start (connect) to the 50 newest rows being in the store;
//! - (e) the peak resident memory of each process.
//!
//! Needs Dovecot (scripts/install-deps) and, for the maildir ownership, root or the same user
//! as Dovecot's mail user. Runs take a few minutes at 100k.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use facteur::account::{AuthMethod, Security, Server};
use facteur::engine::StoreHandle;
use facteur::engine::imap::sync;
use facteur::proto::Credentials;
use facteur::proto::imap::connect_and_login;
use facteur::store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

mod common;

use common::{BenchServer, PASSWORD, dir_size, median, peak_rss_mb};
const RUNS: usize = 3;

fn main() {
    if let Ok(role) = std::env::var("FACTEUR_BENCH_CHILD") {
        child(&role);
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let server = BenchServer::start();
    println!("IMAP sync benchmark (Dovecot on loopback, TLS; median of {RUNS} runs, min–max)");
    for size in sizes {
        let user = format!("bench{size}@example.test");
        let started = Instant::now();
        server.fill(&user, size);
        println!(
            "\n{size} messages ({:.0} MB on disk, made and indexed in {:.0} s)",
            dir_size(&server.maildir(&user)) as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        let (mut floor, mut facteur, mut resync) = (Vec::new(), Vec::new(), Vec::new());
        for run in 0..RUNS {
            // Interleaved, each on a settled server (see `settle`).
            let store = server
                .dir
                .path()
                .join(format!("store-{size}-{run}.sqlite3"));
            server.settle(&user);
            floor.push(server.run_child("floor", &user, &store));
            server.settle(&user);
            facteur.push(server.run_child("facteur", &user, &store));
            server.settle(&user);
            resync.push(server.run_child("resync", &user, &store));
        }
        let a = median(floor.iter().map(|f| f.total));
        let b = median(facteur.iter().map(|f| f.total));
        let c = median(resync.iter().map(|f| f.resync));
        let d = median(facteur.iter().map(|f| f.first50));
        let range = |v: Vec<f64>| {
            format!(
                "{:.0}–{:.0}",
                v.iter().cloned().fold(f64::MAX, f64::min),
                v.iter().cloned().fold(0.0, f64::max)
            )
        };
        let range1 = |v: Vec<f64>| {
            format!(
                "{:.1}–{:.1}",
                v.iter().cloned().fold(f64::MAX, f64::min),
                v.iter().cloned().fold(0.0, f64::max)
            )
        };
        println!(
            "  (a) floor, raw UID FETCH ENVELOPE    {:>8.0} ms  ({} ms)   peak RSS {:.0} MB",
            a,
            range(floor.iter().map(|f| f.total).collect()),
            median(floor.iter().map(|f| f.rss_mb))
        );
        println!(
            "  (b) Facteur full header sync         {:>8.0} ms  ({} ms)   = {:.2} × floor (target ≤ 2)",
            b,
            range(facteur.iter().map(|f| f.total).collect()),
            b / a
        );
        println!(
            "  (c) no-change resync                 {:>8.1} ms  ({} ms)   target ≤ 50",
            c,
            range1(resync.iter().map(|f| f.resync).collect())
        );
        println!(
            "  (d) start to 50 newest in the store  {:>8.1} ms  ({} ms)   target ≤ 150",
            d,
            range1(facteur.iter().map(|f| f.first50).collect())
        );
        println!(
            "  (e) Facteur peak RSS                 {:>8.0} MB  (target ≤ 150 at 100k)",
            median(facteur.iter().map(|f| f.rss_mb))
        );
        println!(
            "      rows stored {}, search hits for a subject word {}",
            facteur[0].rows, facteur[0].hits
        );
    }
}

fn child(role: &str) {
    let user = std::env::var("FACTEUR_BENCH_USER").unwrap();
    let port: u16 = std::env::var("FACTEUR_BENCH_PORT")
        .unwrap()
        .parse()
        .unwrap();
    let ca = PathBuf::from(std::env::var("FACTEUR_BENCH_CA").unwrap());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        match role {
            "floor" => floor(&user, port, &ca).await,
            "resync" => facteur_resync(&user, port, &ca).await,
            _ => facteur_sync(&user, port, &ca).await,
        }
    });
    println!("rss_mb={:.1}", peak_rss_mb());
}

/// The least a client can do: one command, every byte read, nothing kept.
async fn floor(user: &str, port: u16, ca: &Path) {
    let started = Instant::now();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let config = facteur::proto::tls::client_config(Some(ca)).unwrap();
    let tls = facteur::proto::tls::connect(tcp, "localhost", config)
        .await
        .unwrap();
    let mut stream = BufReader::with_capacity(256 * 1024, tls);
    let mut line = Vec::new();
    async fn until_tag<S: tokio::io::AsyncRead + Unpin>(
        stream: &mut BufReader<S>,
        line: &mut Vec<u8>,
        tag: &[u8],
    ) -> usize {
        let mut responses = 0;
        loop {
            line.clear();
            stream.read_until(b'\n', line).await.unwrap();
            assert!(!line.is_empty(), "the server closed the connection");
            // A literal {n}: skip n bytes, then the rest of the line.
            while let Some(n) = literal_len(line) {
                let mut skip = vec![0u8; n];
                stream.read_exact(&mut skip).await.unwrap();
                line.clear();
                stream.read_until(b'\n', line).await.unwrap();
            }
            if line.starts_with(tag) {
                assert!(
                    line[tag.len()..].starts_with(b" OK"),
                    "{}",
                    String::from_utf8_lossy(line)
                );
                return responses;
            }
            responses += 1;
        }
    }
    until_tag(&mut stream, &mut line, b"*").await;
    let login = format!("a LOGIN \"{user}\" \"{PASSWORD}\"\r\nb SELECT INBOX\r\n");
    stream.get_mut().write_all(login.as_bytes()).await.unwrap();
    until_tag(&mut stream, &mut line, b"a").await;
    until_tag(&mut stream, &mut line, b"b").await;
    stream
        .get_mut()
        .write_all(b"c UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE)\r\n")
        .await
        .unwrap();
    let fetched = until_tag(&mut stream, &mut line, b"c").await;
    let total = started.elapsed();
    println!("total_ms={:.1}", total.as_secs_f64() * 1000.0);
    println!("rows={fetched}");
}

fn literal_len(line: &[u8]) -> Option<usize> {
    let trimmed = line.strip_suffix(b"\r\n")?;
    let trimmed = trimmed.strip_suffix(b"}")?;
    let open = trimmed.iter().rposition(|&b| b == b'{')?;
    std::str::from_utf8(&trimmed[open + 1..]).ok()?.parse().ok()
}

/// Facteur's own sync, as the engine runs it, into a new store.
async fn facteur_sync(user: &str, port: u16, ca: &Path) {
    let (store, folder) = bench_store(user);
    let started = Instant::now();
    let first50 = Arc::new(std::sync::Mutex::new(None::<Duration>));
    let mut conn = login(user, port, ca).await;
    let seen = first50.clone();
    let report = sync::sync_folder(&mut conn, &store, folder, "INBOX", move |done, _| {
        let mut first = seen.lock().unwrap();
        if first.is_none() && done >= 50 {
            *first = Some(started.elapsed());
        }
    })
    .await
    .unwrap();
    let total = started.elapsed();
    let (rows, hits) = store
        .with(move |s| {
            let rows = s.folder_state(folder).unwrap().count as usize;
            let hits = s.search("Besprechung", 1_000_000).unwrap().len();
            (rows, hits)
        })
        .await;
    assert_eq!(rows, report.new);
    let first50 = first50.lock().unwrap().unwrap_or(total);
    println!("total_ms={:.1}", total.as_secs_f64() * 1000.0);
    println!("first50_ms={:.2}", first50.as_secs_f64() * 1000.0);
    println!("rows={rows}");
    println!("hits={hits}");
}

/// A no-change resync, as at the next start: the store `facteur_sync` left, a new connection.
async fn facteur_resync(user: &str, port: u16, ca: &Path) {
    let (store, folder) = bench_store(user);
    let mut conn = login(user, port, ca).await;
    let started = Instant::now();
    let again = sync::sync_folder(&mut conn, &store, folder, "INBOX", |_, _| {})
        .await
        .unwrap();
    let resync = started.elapsed();
    assert_eq!(again.new + again.flags_changed + again.removed, 0);
    println!("resync_ms={:.2}", resync.as_secs_f64() * 1000.0);
}

/// The store named by the parent, with the account and its inbox.
fn bench_store(user: &str) -> (StoreHandle, i64) {
    let path = PathBuf::from(std::env::var("FACTEUR_BENCH_STORE").unwrap());
    let store = Store::open(&path).unwrap();
    let account = store.ensure_account(user).unwrap();
    let folder = store
        .upsert_folder(
            account,
            "INBOX",
            "/",
            Some(facteur::store::SpecialUse::Inbox),
        )
        .unwrap();
    (StoreHandle::new(store), folder)
}

/// Connects and logs in as the engine does, with QRESYNC enabled where offered.
async fn login(user: &str, port: u16, ca: &Path) -> facteur::proto::imap::Connection {
    let server = Server {
        host: "localhost".into(),
        port,
        security: Security::Tls,
        username: user.into(),
        auth: AuthMethod::Password,
        ca_file: Some(ca.to_path_buf()),
    };
    let mut conn = connect_and_login(
        &server,
        &Credentials::Password(PASSWORD.into()),
        Duration::from_secs(300),
    )
    .await
    .unwrap();
    if conn.has("QRESYNC") {
        facteur::proto::imap::run(&mut conn.session, "ENABLE QRESYNC", |_| Ok(()))
            .await
            .unwrap();
    }
    conn
}
