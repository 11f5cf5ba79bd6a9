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

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use facteur::account::{AuthMethod, Security, Server};
use facteur::engine::StoreHandle;
use facteur::engine::imap::{Credentials, connect_and_login, sync};
use facteur::store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const PASSWORD: &str = "bench-password";
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

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        dir_size(&path)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// What a child process measured.
#[derive(Debug, Default)]
struct Figures {
    total: f64,
    resync: f64,
    first50: f64,
    rss_mb: f64,
    rows: usize,
    hits: usize,
}

struct BenchServer {
    dir: tempfile::TempDir,
    env: std::collections::HashMap<String, String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl BenchServer {
    fn start() -> BenchServer {
        let dir = tempfile::Builder::new()
            .prefix("facteur-bench-")
            .tempdir()
            .expect("a temporary folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        // The bench writes the maildir once, before Dovecot indexes it; from then on Dovecot is
        // its only writer, which is the case this setting is made for. Without it, every SELECT
        // rescans the 100k-file `cur/` folder while its mtime is recent, which measures the
        // file system rather than the client.
        std::fs::write(
            dir.path().join("dovecot-local.conf"),
            "maildir_very_dirty_syncs = yes\n",
        )
        .unwrap();
        let base = std::env::var("FACTEUR_BENCH_PORT_BASE").unwrap_or_else(|_| "15500".into());
        let out = Command::new(repo().join("scripts/mailserver"))
            .arg("start")
            .arg(dir.path())
            .env("FACTEUR_PORT_BASE", &base)
            .env("FACTEUR_NO_POSTFIX", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("scripts/mailserver runs");
        assert!(
            out.status.success(),
            "the benchmark's mail server did not start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(dir.path().join("env"))
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        BenchServer { dir, env }
    }

    fn maildir(&self, user: &str) -> PathBuf {
        let (local, domain) = user.split_once('@').unwrap();
        PathBuf::from(&self.env["MAIL_DIR"])
            .join(domain)
            .join(local)
            .join("Maildir")
    }

    fn doveadm(&self, args: &[&str]) {
        let out = Command::new("doveadm")
            .arg("-c")
            .arg(&self.env["DOVECOT_CONF"])
            .args(args)
            .output()
            .expect("doveadm runs");
        assert!(
            out.status.success(),
            "doveadm {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Creates `user` with `count` messages in the inbox, written as maildir files.
    fn fill(&self, user: &str, count: usize) {
        let out = Command::new(repo().join("scripts/mailserver"))
            .args(["adduser", user, PASSWORD])
            .arg(self.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let cur = self.maildir(user).join("cur");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(self.maildir(user).join(sub)).unwrap();
        }
        let mut generator = MailGenerator::new(count as u64);
        let start = 1_750_000_000i64;
        for n in 0..count {
            let date = start + n as i64 * 600;
            let (raw, seen, flagged) = generator.message(n, date);
            let flags = format!(
                "{}{}",
                if flagged { "F" } else { "" },
                if seen { "S" } else { "" }
            );
            let name = format!(
                "{date}.M{n}P1.bench,S={},W={}:2,{flags}",
                raw.len(),
                raw.len() + raw.iter().filter(|&&b| b == b'\n').count()
            );
            let path = cur.join(name);
            let mut file = std::fs::File::create(&path).unwrap();
            file.write_all(&raw).unwrap();
            let mtime = SystemTime::UNIX_EPOCH + Duration::from_secs(date as u64);
            file.set_modified(mtime).unwrap();
        }
        // Dovecot's mail user must own the files it indexes.
        let owner = std::fs::metadata(PathBuf::from(&self.env["MAIL_DIR"]))
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                format!("{}:{}", m.uid(), m.gid())
            })
            .unwrap();
        Command::new("chown")
            .args(["-R", &owner])
            .arg(PathBuf::from(&self.env["MAIL_DIR"]))
            .status()
            .unwrap();
        self.doveadm(&["force-resync", "-u", user, "INBOX"]);
        self.doveadm(&["index", "-u", user, "INBOX"]);
    }

    /// Lets Dovecot finish the housekeeping the previous run caused (its cache file grows by
    /// the fields a client fetched and is rewritten lazily, at the next session's first access),
    /// so that no run pays for the one before it.
    fn settle(&self, user: &str) {
        self.doveadm(&["mailbox", "cache", "purge", "-u", user, "INBOX"]);
        self.doveadm(&["index", "-u", user, "INBOX"]);
    }

    fn run_child(&self, role: &str, user: &str, store: &Path) -> Figures {
        let out = Command::new(std::env::current_exe().unwrap())
            .env("FACTEUR_BENCH_STORE", store)
            .env("FACTEUR_BENCH_CHILD", role)
            .env("FACTEUR_BENCH_USER", user)
            .env("FACTEUR_BENCH_PORT", &self.env["IMAPS_PORT"])
            .env("FACTEUR_BENCH_CA", &self.env["CA_FILE"])
            .output()
            .expect("the benchmark child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{role} failed: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut f = Figures::default();
        for (key, value) in text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim(), v.trim()))
        {
            let v: f64 = value.parse().unwrap_or(0.0);
            match key {
                "total_ms" => f.total = v,
                "resync_ms" => f.resync = v,
                "first50_ms" => f.first50 = v,
                "rss_mb" => f.rss_mb = v,
                "rows" => f.rows = v as usize,
                "hits" => f.hits = v as usize,
                _ => {}
            }
        }
        f
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/mailserver"))
            .arg("stop")
            .arg(self.dir.path())
            .output();
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
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
    let config = facteur::engine::tls::client_config(Some(ca)).unwrap();
    let tls = facteur::engine::tls::connect(tcp, "localhost", config)
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
    let folder = store.upsert_folder(account, "INBOX", "/", "inbox").unwrap();
    (StoreHandle::new(store), folder)
}

/// Connects and logs in as the engine does, with QRESYNC enabled where offered.
async fn login(user: &str, port: u16, ca: &Path) -> facteur::engine::imap::client::Connection {
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
        facteur::engine::imap::client::run(&mut conn.session, "ENABLE QRESYNC", |_| Ok(()))
            .await
            .unwrap();
    }
    conn
}

/// Deterministic, varied mail.
struct MailGenerator {
    state: u64,
}

const FIRST: &[&str] = &[
    "Amélie",
    "François",
    "Hélène",
    "Jérôme",
    "Noël",
    "Zoé",
    "Jürgen",
    "Müller",
    "Björn",
    "Käthe",
    "Sören",
    "Günther",
    "Marie",
    "Paul",
    "Anna",
    "Lukas",
];
const LAST: &[&str] = &[
    "Dupont",
    "Lefèvre",
    "Gérard",
    "Moreau",
    "Schröder",
    "Weiß",
    "Groß",
    "Fischer",
    "Bauer",
    "Martin",
    "Smith",
    "Jones",
];
const SUBJECTS: &[&str] = &[
    "Réunion de l'équipe à 14 h",
    "Facture n° {} — échéance",
    "Besprechung am Donnerstag",
    "Grüße aus München",
    "Compte rendu du comité",
    "Änderungen am Vertrag {}",
    "Weekly report #{}",
    "Déjeuner vendredi ?",
    "Urlaubsplanung für Müller",
    "Your order {} has shipped",
];
const WORDS: &[&str] = &[
    "le", "projet", "avance", "bien", "nous", "devons", "parler", "budget", "die", "Arbeit", "ist",
    "fertig", "bitte", "prüfen", "the", "meeting", "is", "moved", "to", "Thursday", "café",
    "équipe", "Straße", "Größe", "déjà", "über", "naïve", "schön",
];

impl MailGenerator {
    fn new(seed: u64) -> MailGenerator {
        MailGenerator {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }

    fn encoded_word(text: &str) -> String {
        if text.is_ascii() {
            return text.to_string();
        }
        let mut out = String::from("=?UTF-8?Q?");
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b as char);
            } else if b == b' ' {
                out.push('_');
            } else {
                out.push_str(&format!("={b:02X}"));
            }
        }
        out.push_str("?=");
        out
    }

    /// A message, whether it is read, whether it is flagged.
    fn message(&mut self, n: usize, date: i64) -> (Vec<u8>, bool, bool) {
        let name = format!("{} {}", self.pick(FIRST), self.pick(LAST));
        let subject = self.pick(SUBJECTS).replace("{}", &n.to_string());
        let thread = n > 10 && self.next().is_multiple_of(3);
        let parent = if thread {
            n - 1 - (self.next() % 10) as usize
        } else {
            0
        };
        let subject = if thread {
            format!("Re: {subject}")
        } else {
            subject
        };
        // 2–100 KB, most of them small.
        let size = match self.next() % 100 {
            0..70 => 2_000 + (self.next() % 6_000) as usize,
            70..95 => 8_000 + (self.next() % 32_000) as usize,
            _ => 40_000 + (self.next() % 60_000) as usize,
        };
        let attachment = self.next() % 10 < 3;
        let mut raw = String::with_capacity(size + 1024);
        raw.push_str(&format!(
            "From: {} <{}@example.org>\r\nTo: bench@example.test\r\nSubject: {}\r\n\
             Date: {}\r\nMessage-ID: <bench-{n}@example.org>\r\nMIME-Version: 1.0\r\n",
            Self::encoded_word(&name),
            name.to_lowercase()
                .replace(' ', ".")
                .replace(|c: char| !c.is_ascii(), "x"),
            Self::encoded_word(&subject),
            rfc2822(date),
        ));
        if thread {
            raw.push_str(&format!(
                "In-Reply-To: <bench-{parent}@example.org>\r\nReferences: <bench-{parent}@example.org>\r\n"
            ));
        }
        let mut text = String::new();
        while text.len() < size.min(6_000) {
            text.push_str(self.pick(WORDS));
            text.push(if self.next().is_multiple_of(12) {
                '\n'
            } else {
                ' '
            });
        }
        let text = text.replace('\n', "\r\n");
        if attachment || size > text.len() + 500 {
            raw.push_str("Content-Type: multipart/mixed; boundary=\"b0undary\"\r\n\r\n");
            raw.push_str("--b0undary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            raw.push_str(&text);
            raw.push_str("\r\n--b0undary\r\nContent-Type: application/pdf; name=\"rapport.pdf\"\r\n\
                          Content-Disposition: attachment; filename*=UTF-8''rapport%20d%C3%A9taill%C3%A9.pdf\r\n\
                          Content-Transfer-Encoding: base64\r\n\r\n");
            let remaining = size.saturating_sub(raw.len() + 20).max(100);
            const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut col = 0;
            for _ in 0..remaining {
                raw.push(B64[(self.next() % 64) as usize] as char);
                col += 1;
                if col == 76 {
                    raw.push_str("\r\n");
                    col = 0;
                }
            }
            raw.push_str("\r\n--b0undary--\r\n");
        } else {
            raw.push_str("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            raw.push_str(&text);
            raw.push_str("\r\n");
        }
        let seen = self.next() % 10 < 8;
        let flagged = self.next().is_multiple_of(20);
        (raw.into_bytes(), seen, flagged)
    }
}

fn rfc2822(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day} {} {year} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
