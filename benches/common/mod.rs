//! What the benchmarks share: a private Dovecot (and Postfix when asked) started by
//! `scripts/mailserver`, mailboxes written straight into its maildir, deterministic varied
//! mail, medians and peak memory.
#![allow(dead_code)]

pub mod html_mail;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

pub const PASSWORD: &str = "bench-password";

pub fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn dir_size(dir: &Path) -> u64 {
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
pub struct Figures {
    pub total: f64,
    pub resync: f64,
    pub first50: f64,
    pub rss_mb: f64,
    pub rows: usize,
    pub hits: usize,
}

pub struct BenchServer {
    pub dir: tempfile::TempDir,
    pub env: std::collections::HashMap<String, String>,
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl BenchServer {
    pub fn start() -> BenchServer {
        BenchServer::start_with(false)
    }

    /// With `relay`, Postfix runs too, so that submission delivers (needs root).
    pub fn start_with(relay: bool) -> BenchServer {
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
        let mut start = Command::new(repo().join("scripts/mailserver"));
        start
            .arg("start")
            .arg(dir.path())
            .env("FACTEUR_PORT_BASE", &base)
            .stdin(std::process::Stdio::null());
        if !relay {
            start.env("FACTEUR_NO_POSTFIX", "1");
        }
        let out = start.output().expect("scripts/mailserver runs");
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

    pub fn maildir(&self, user: &str) -> PathBuf {
        let (local, domain) = user.split_once('@').unwrap();
        PathBuf::from(&self.env["MAIL_DIR"])
            .join(domain)
            .join(local)
            .join("Maildir")
    }

    pub fn doveadm(&self, args: &[&str]) {
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
    pub fn fill(&self, user: &str, count: usize) {
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
    pub fn settle(&self, user: &str) {
        self.doveadm(&["mailbox", "cache", "purge", "-u", user, "INBOX"]);
        self.doveadm(&["index", "-u", user, "INBOX"]);
    }

    pub fn run_child(&self, role: &str, user: &str, store: &Path) -> Figures {
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

pub fn peak_rss_mb() -> f64 {
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

/// Deterministic, varied mail.
pub struct MailGenerator {
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
    pub fn new(seed: u64) -> MailGenerator {
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
    pub fn message(&mut self, n: usize, date: i64) -> (Vec<u8>, bool, bool) {
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

pub fn rfc2822(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc2822()
}

/// A store with `count` messages in marie@example.fr's inbox (the list and start-up benches),
/// in conversations of three or four (30,000 for 100,000 messages), and one of 50.
pub fn fill_inbox(path: &std::path::Path, count: usize) {
    let mut store = facteur::store::Store::open(path).unwrap();
    let account = store.ensure_account("marie@example.fr").unwrap();
    let inbox = store
        .upsert_folder(
            account,
            "INBOX",
            "/",
            Some(facteur::store::SpecialUse::Inbox),
        )
        .unwrap();
    let messages: Vec<facteur::store::NewMessage> = (0..count)
        .map(|i| {
            let (message_id, references) = thread_of(i, count);
            let reply = if references.is_empty() { "" } else { "Re: " };
            facteur::store::NewMessage {
                uid: i as u32 + 1,
                subject: format!(
                    "{reply}Message numéro {} — compte rendu de réunion",
                    i * 3 / 10
                ),
                from_name: "Jeanne Martin".into(),
                from_addr: "jeanne@example.org".into(),
                to: "marie@example.fr".into(),
                date: 1_700_000_000 + i as i64 * 60,
                internal_date: 1_700_000_000 + i as i64 * 60,
                size: 4000,
                has_attachments: i % 7 == 0,
                preview: "Bonjour Marie, voici le compte rendu.".into(),
                message_id,
                references,
                ..facteur::store::NewMessage::default()
            }
        })
        .collect();
    for chunk in messages.chunks(10_000) {
        store.insert_messages(inbox, chunk).unwrap();
    }
    store.refresh_counts(inbox).unwrap();
}

/// The Message-ID of message `i` of [`fill_inbox`] and the ids it references: every
/// `count / 50`th message is in one long conversation, the others in conversations of three
/// or four (message `i` in the `i * 3 / 10`th).
pub fn thread_of(i: usize, count: usize) -> (String, String) {
    if count >= 100 && i.is_multiple_of(count / 50) {
        if i == 0 {
            return ("<long@example.org>".into(), String::new());
        }
        return (format!("<{i}@example.org>"), "<long@example.org>".into());
    }
    let thread = i * 3 / 10;
    let first = (thread * 10).div_ceil(3);
    if i == first {
        (format!("<t{thread}@example.org>"), String::new())
    } else {
        (
            format!("<{i}@example.org>"),
            format!("<t{thread}@example.org>"),
        )
    }
}
