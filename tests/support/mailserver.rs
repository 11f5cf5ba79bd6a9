//! The harness's Dovecot and Postfix, as the tests see them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// A running test server instance: its ports and files.
#[derive(Debug, Clone)]
pub struct MailServer {
    pub dir: PathBuf,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub pop3_port: u16,
    pub pop3s_port: u16,
    pub submission_port: u16,
    pub submissions_port: u16,
    pub lmtp_port: u16,
    pub ca_file: PathBuf,
    pub oauth2_key: Vec<u8>,
    /// Whether Postfix runs, so that submission can relay (root only).
    pub relays: bool,
}

/// A user that exists only for one test.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub email: String,
    pub password: String,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared server instance, started on first use.
pub fn mailserver() -> &'static MailServer {
    static SERVER: OnceLock<MailServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = match std::env::var_os("FACTEUR_TEST_MAILSERVER") {
            Some(dir) => PathBuf::from(dir),
            None => start_shared_instance(),
        };
        MailServer::read(&dir)
    })
}

fn start_shared_instance() -> PathBuf {
    let uid = Command::new("id").arg("-u").output().expect("id -u runs");
    let uid = String::from_utf8_lossy(&uid.stdout).trim().to_string();
    let dir = std::env::temp_dir().join(format!("facteur-mailserver-{uid}"));
    let lock_path = std::env::temp_dir().join(format!("facteur-mailserver-{uid}.lock"));
    let lock = std::fs::File::create(&lock_path).expect("lock file");
    lock.lock().expect("lock the shared test server");
    let out = Command::new(repo_root().join("scripts/mailserver"))
        .arg("start")
        .arg(&dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("scripts/mailserver runs");
    assert!(
        out.status.success(),
        "scripts/mailserver start failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    drop(lock);
    dir
}

impl MailServer {
    fn read(dir: &Path) -> MailServer {
        let text = std::fs::read_to_string(dir.join("env"))
            .unwrap_or_else(|e| panic!("no test mail server in {}: {e}", dir.display()));
        let env: HashMap<&str, &str> = text.lines().filter_map(|l| l.split_once('=')).collect();
        let port = |k: &str| -> u16 { env[k].parse().expect("a port number") };
        let key = std::fs::read_to_string(env["OAUTH2_KEY_FILE"]).expect("the OAuth2 key");
        MailServer {
            dir: dir.to_path_buf(),
            imap_port: port("IMAP_PORT"),
            imaps_port: port("IMAPS_PORT"),
            pop3_port: port("POP3_PORT"),
            pop3s_port: port("POP3S_PORT"),
            submission_port: port("SUBMISSION_PORT"),
            submissions_port: port("SUBMISSIONS_PORT"),
            lmtp_port: port("LMTP_PORT"),
            ca_file: PathBuf::from(env["CA_FILE"]),
            oauth2_key: base64::engine::general_purpose::STANDARD
                .decode(key.trim())
                .expect("a base64 key"),
            relays: env.get("POSTFIX") == Some(&"yes"),
        }
    }

    /// Creates a user with a random address and password.
    pub fn new_user(&self) -> TestUser {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let email = format!(
            "u{}-{n}-{}@example.test",
            std::process::id(),
            &super::random_token()[..8]
        );
        let password = format!("pw-{}", super::random_token());
        self.add_user(&email, &password);
        TestUser { email, password }
    }

    /// Creates a user with the given address and password.
    pub fn add_user(&self, email: &str, password: &str) {
        let out = Command::new(repo_root().join("scripts/mailserver"))
            .args(["adduser", email, password])
            .arg(&self.dir)
            .output()
            .expect("scripts/mailserver adduser runs");
        assert!(
            out.status.success(),
            "adduser failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Delivers a raw message to `to` through Dovecot's LMTP, as the mail system would.
    pub async fn deliver(&self, to: &str, raw: &[u8]) {
        let stream = TcpStream::connect(("127.0.0.1", self.lmtp_port))
            .await
            .expect("LMTP connects");
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        let reply = async |lines: &mut BufReader<_>| -> String {
            let mut all = String::new();
            loop {
                let mut line = String::new();
                lines.read_line(&mut line).await.expect("LMTP reply");
                all.push_str(&line);
                if line.len() < 4 || line.as_bytes()[3] != b'-' {
                    return all;
                }
            }
        };
        let expect = |reply: String, code: &str| {
            assert!(
                reply.starts_with(code),
                "LMTP said {reply:?}, expected {code}"
            );
        };
        expect(reply(&mut lines).await, "220");
        for (command, code) in [
            ("LHLO localhost\r\n".to_string(), "250"),
            ("MAIL FROM:<harness@example.test>\r\n".to_string(), "250"),
            (format!("RCPT TO:<{to}>\r\n"), "250"),
            ("DATA\r\n".to_string(), "354"),
        ] {
            write.write_all(command.as_bytes()).await.unwrap();
            expect(reply(&mut lines).await, code);
        }
        let mut data = Vec::with_capacity(raw.len() + 16);
        for line in raw.split_inclusive(|&b| b == b'\n') {
            if line.starts_with(b".") {
                data.push(b'.');
            }
            data.extend_from_slice(line);
        }
        if !data.ends_with(b"\r\n") {
            data.extend_from_slice(b"\r\n");
        }
        data.extend_from_slice(b".\r\n");
        write.write_all(&data).await.unwrap();
        expect(reply(&mut lines).await, "250");
        write.write_all(b"QUIT\r\n").await.unwrap();
    }

    /// An OAuth2 access token (an HS256 JWT) that Dovecot accepts for `email`, valid for
    /// `ttl_seconds` (negative: already expired).
    pub fn oauth2_token(&self, email: &str, ttl_seconds: i64) -> String {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let header = b64(br#"{"alg":"HS256","typ":"JWT","kid":"default"}"#);
        let claims = serde_json::json!({
            "sub": email, "iat": now, "nbf": now - 5, "exp": now + ttl_seconds,
        });
        let payload = b64(claims.to_string().as_bytes());
        let signing_input = format!("{header}.{payload}");
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.oauth2_key);
        let signature = ring::hmac::sign(&key, signing_input.as_bytes());
        format!("{signing_input}.{}", b64(signature.as_ref()))
    }
}

/// A Dovecot of one test's own (no Postfix), for tests that stop or restart the server.
/// Stopped when dropped.
pub struct PrivateServer {
    pub server: MailServer,
    _dir: tempfile::TempDir,
}

impl MailServer {
    /// Starts a private Dovecot on a free block of ports.
    pub fn start_private() -> PrivateServer {
        let dir = tempfile::Builder::new()
            .prefix("facteur-private-server-")
            .tempdir()
            .expect("a temporary folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut last = String::new();
        for attempt in 0..20u32 {
            // Below Linux's ephemeral range (32768–60999), so that no outgoing connection can
            // take one of these ports while the server is stopped and restarted.
            let base = 20000 + ((std::process::id() * 7 + attempt * 131) % 1200) * 10;
            let out = Command::new(repo_root().join("scripts/mailserver"))
                .arg("start")
                .arg(dir.path())
                .env("FACTEUR_PORT_BASE", base.to_string())
                .env("FACTEUR_NO_POSTFIX", "1")
                .stdin(std::process::Stdio::null())
                .output()
                .expect("scripts/mailserver runs");
            if out.status.success() {
                let server = MailServer::read(dir.path());
                return PrivateServer { server, _dir: dir };
            }
            last = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if !last.contains("already in use") {
                break;
            }
        }
        panic!("a private mail server did not start: {last}");
    }
}

impl PrivateServer {
    fn script(&self, command: &str) {
        let out = Command::new(repo_root().join("scripts/mailserver"))
            .arg(command)
            .arg(&self.server.dir)
            .env("FACTEUR_PORT_BASE", (self.server.imap_port).to_string())
            .env("FACTEUR_NO_POSTFIX", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("scripts/mailserver runs");
        assert!(
            out.status.success(),
            "mailserver {command}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops Dovecot: every connection drops and new ones are refused.
    pub fn stop(&self) {
        self.script("stop");
    }

    pub fn start(&self) {
        self.script("start");
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = Command::new(repo_root().join("scripts/mailserver"))
            .arg("stop")
            .arg(&self.server.dir)
            .stdin(std::process::Stdio::null())
            .output();
    }
}
