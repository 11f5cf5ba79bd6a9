//! A POP3 client: implicit TLS or STLS, USER/PASS, AUTH PLAIN and XOAUTH2, CAPA, UIDL, LIST,
//! TOP, RETR, DELE, QUIT. Every read and write has a deadline (the stream's timeout).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::account::{Security, Server};
use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError, classify_login_refusal};
use crate::proto::net::{self, NetStream, TimedStream};

/// The longest status or listing line accepted from a server (RFC 2449 allows 512 for
/// responses): it only stops a hostile server from filling memory with one line. Lines of a
/// message are data and have no limit of their own: a base64 part without line breaks or a
/// 5 MB text line is ordinary mail; the message's size bounds them ([`MAX_MESSAGE`]).
const MAX_LINE: usize = 1 << 20;

/// The largest multi-line listing (UIDL, LIST, CAPA) accepted: about a million messages.
const MAX_LISTING: usize = 64 << 20;

/// Before login (in STARTTLS mode: before encryption, from anyone on the path), lines and
/// listings are held to this: a greeting and a CAPA list are a few hundred bytes.
const BEFORE_LOGIN: usize = 64 << 10;

pub use crate::proto::net::MAX_MESSAGE;

/// The read buffer: large enough that a typical message arrives in a few reads.
const READ_BUFFER: usize = 64 * 1024;

/// A connected (and, after [`Pop3::login`], authenticated) POP3 session.
pub struct Pop3 {
    stream: BufReader<TimedStream>,
    capabilities: HashSet<String>,
    /// The SASL mechanisms offered (upper case).
    sasl: HashSet<String>,
    /// RETR commands sent whose answers are not read yet (pipelining).
    in_flight: usize,
    /// Whether the server answered CAPA (without it, nothing is known of USER).
    capa_answered: bool,
    /// Whether the connection is encrypted.
    encrypted: bool,
    /// Whether the server accepted the login (and so may send long lines and listings).
    logged_in: bool,
    /// Messages asked for with [`Pop3::request`] whose RETR is not sent yet (no pipelining).
    queued: VecDeque<u32>,
}

impl std::fmt::Debug for Pop3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pop3")
            .field("capabilities", &self.capabilities)
            .finish_non_exhaustive()
    }
}

/// A "-ERR" answer: its text, read for RFC 2449/3206 response codes.
fn refusal(text: &str) -> MailError {
    let upper = text.to_ascii_uppercase();
    let kind = if upper.starts_with("[SYS/TEMP]") || upper.starts_with("[LOGIN-DELAY]") {
        ErrorKind::Temporary
    } else if upper.starts_with("[IN-USE]") {
        ErrorKind::TooManyConnections
    } else if upper.starts_with("[AUTH]") {
        match classify_login_refusal(text) {
            ErrorKind::Temporary => ErrorKind::WrongCredentials,
            other => other,
        }
    } else {
        classify_login_refusal(text)
    };
    MailError::new(kind, text.to_string())
}

impl Pop3 {
    /// Connects, secures the connection as configured and reads the greeting and capabilities.
    /// With STLS configured, a server that does not offer or complete it gets nothing more.
    pub async fn connect(server: &Server, io_timeout: Duration) -> Result<Pop3, MailError> {
        let tcp = net::tcp(&server.host, server.port, net::CONNECT_TIMEOUT).await?;
        let ca = server.ca_file.as_deref();
        let mut pop = match server.security {
            Security::Tls => {
                let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT).await?;
                let mut pop = Pop3::over(NetStream::Tls(Box::new(tls)), &server.host, io_timeout);
                pop.greeting().await?;
                pop
            }
            Security::Starttls => {
                let mut plain =
                    Pop3::over(NetStream::Plain(tcp), &server.host, net::CONNECT_TIMEOUT);
                plain.greeting().await?;
                plain.capa().await?;
                if !plain.capabilities.contains("STLS") {
                    return Err(MailError::new(
                        ErrorKind::EncryptionNotOffered,
                        "the server does not offer STLS",
                    ));
                }
                plain.send("STLS").await?;
                if let Err(e) = plain.ok_line().await {
                    return Err(MailError::new(
                        ErrorKind::EncryptionNotOffered,
                        e.server_text,
                    ));
                }
                // Whatever the server sent before the handshake stays in the old buffer.
                let mut stream = plain.stream.into_inner();
                let tcp = net::take_plain(&mut stream)
                    .ok_or_else(|| MailError::protocol("the stream was not plain"))?;
                let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT)
                    .await
                    .map_err(net::upgrade_failed)?;
                Pop3::over(NetStream::Tls(Box::new(tls)), &server.host, io_timeout)
            }
            Security::None => {
                let mut pop = Pop3::over(NetStream::Plain(tcp), &server.host, io_timeout);
                pop.greeting().await?;
                pop
            }
        };
        pop.capa().await?;
        Ok(pop)
    }

    fn over(stream: NetStream, host: &str, timeout: Duration) -> Pop3 {
        let encrypted = stream.is_encrypted();
        Pop3 {
            stream: BufReader::with_capacity(READ_BUFFER, net::timed(stream, host, timeout)),
            capabilities: HashSet::new(),
            sasl: HashSet::new(),
            capa_answered: false,
            encrypted,
            logged_in: false,
            in_flight: 0,
            queued: VecDeque::new(),
        }
    }

    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.contains(&capability.to_ascii_uppercase())
    }

    async fn greeting(&mut self) -> Result<(), MailError> {
        self.ok_line().await.map(|_| ()).map_err(|e| {
            // A greeting "-ERR" means the server will not talk now (busy, blocked).
            match e.kind {
                ErrorKind::WrongCredentials => MailError::new(ErrorKind::Temporary, e.server_text),
                _ => e,
            }
        })
    }

    /// CAPA (RFC 2449). A server without it simply has no extensions.
    async fn capa(&mut self) -> Result<(), MailError> {
        self.send("CAPA").await?;
        self.capabilities.clear();
        self.sasl.clear();
        self.capa_answered = false;
        if self.ok_line().await.is_err() {
            return Ok(());
        }
        self.capa_answered = true;
        for line in self.multiline().await? {
            let line = String::from_utf8_lossy(&line).to_ascii_uppercase();
            let mut words = line.split_whitespace();
            let Some(name) = words.next() else { continue };
            if name == "SASL" {
                self.sasl.extend(words.map(str::to_string));
            }
            self.capabilities.insert(name.to_string());
        }
        Ok(())
    }

    /// Logs in: AUTH PLAIN where offered, else USER/PASS; OAuth2 with XOAUTH2 (or OAUTHBEARER).
    pub async fn login(&mut self, user: &str, credentials: &Credentials) -> Result<(), MailError> {
        self.authenticate(user, credentials).await?;
        self.logged_in = true;
        Ok(())
    }

    async fn authenticate(
        &mut self,
        user: &str,
        credentials: &Credentials,
    ) -> Result<(), MailError> {
        match credentials {
            Credentials::Password(password) if self.sasl.contains("PLAIN") => {
                self.sasl_auth("PLAIN", format!("\0{user}\0{password}").as_bytes())
                    .await
            }
            Credentials::Password(_)
                if (self.capa_answered && !self.capabilities.contains("USER"))
                    || (!self.capa_answered && !self.encrypted) =>
            {
                // A server that lists its capabilities without USER (Cyrus before TLS) takes
                // no name and password here: sending them would put the name in clear and
                // blame the password. Without CAPA, USER goes only over an encrypted link.
                Err(MailError::new(
                    ErrorKind::EncryptionNotOffered,
                    "the server does not accept a user name and password on this connection \
                     (no USER in its capabilities)",
                ))
            }
            Credentials::Password(password) => {
                self.send(&format!("USER {user}")).await?;
                self.ok_line().await.map_err(|e| refusal(&e.server_text))?;
                self.send(&format!("PASS {password}")).await?;
                self.ok_line()
                    .await
                    .map(|_| ())
                    .map_err(|e| refusal(&e.server_text))
            }
            Credentials::OAuth2(token) => {
                if self.sasl.contains("XOAUTH2") {
                    let response = format!("user={user}\x01auth=Bearer {token}\x01\x01");
                    self.sasl_auth("XOAUTH2", response.as_bytes()).await
                } else if self.sasl.contains("OAUTHBEARER") {
                    let response = format!("n,a={user},\x01auth=Bearer {token}\x01\x01");
                    self.sasl_auth("OAUTHBEARER", response.as_bytes()).await
                } else {
                    Err(MailError::protocol("the server offers no OAuth2 login"))
                }
            }
        }
    }

    /// AUTH with an initial response (RFC 5034). An error challenge ("+ base64") is answered
    /// with an empty line to get the final "-ERR", whose text is kept (decoded when it is
    /// base64 JSON, as XOAUTH2 servers send).
    async fn sasl_auth(&mut self, mechanism: &str, initial: &[u8]) -> Result<(), MailError> {
        let b64 = base64::engine::general_purpose::STANDARD;
        self.send(&format!("AUTH {mechanism} {}", b64.encode(initial)))
            .await?;
        let mut challenge_text = String::new();
        loop {
            let line = self.line().await?;
            let text = String::from_utf8_lossy(&line).to_string();
            if let Some(rest) = text.strip_prefix("+OK") {
                let _ = rest;
                return Ok(());
            } else if let Some(rest) = text.strip_prefix("-ERR") {
                let rest = rest.trim();
                let full = if challenge_text.is_empty() {
                    rest.to_string()
                } else {
                    format!("{rest} {challenge_text}")
                };
                return Err(refusal(&full));
            } else if let Some(rest) = text.strip_prefix('+') {
                challenge_text = b64
                    .decode(rest.trim())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_default();
                self.send("").await?;
            } else {
                return Err(MailError::protocol(format!(
                    "unexpected answer to AUTH: {text}"
                )));
            }
        }
    }

    /// Message numbers and unique ids (UIDL). `None` when the server has no UIDL.
    pub async fn uidl(&mut self) -> Result<Option<Vec<(u32, String)>>, MailError> {
        self.send("UIDL").await?;
        if self.ok_line().await.is_err() {
            return Ok(None);
        }
        let mut list = Vec::new();
        for line in self.multiline().await? {
            let line = String::from_utf8_lossy(&line);
            let mut words = line.split_whitespace();
            if let (Some(n), Some(uid)) = (words.next(), words.next())
                && let Ok(n) = n.parse()
            {
                list.push((n, uid.to_string()));
            }
        }
        Ok(Some(list))
    }

    /// Message numbers and sizes (LIST).
    pub async fn list(&mut self) -> Result<Vec<(u32, u64)>, MailError> {
        self.send("LIST").await?;
        self.ok_line().await?;
        let mut list = Vec::new();
        for line in self.multiline().await? {
            let line = String::from_utf8_lossy(&line);
            let mut words = line.split_whitespace();
            if let (Some(Ok(n)), Some(Ok(size))) = (
                words.next().map(str::parse),
                words.next().map(str::parse::<u64>),
            ) {
                list.push((n, size));
            }
        }
        Ok(list)
    }

    /// Asks for messages, whose texts [`Pop3::retrieved`] then returns in the same order. With
    /// the server's PIPELINING (RFC 2449) the RETR commands go out now, so the server works
    /// on them while earlier answers are still being read: asking for the next group before
    /// reading the current one keeps it busy all along. Without PIPELINING each RETR is sent
    /// when its answer is wanted. No other command may be sent until every answer is read.
    pub async fn request(&mut self, numbers: &[u32]) -> Result<(), MailError> {
        if !self.has("PIPELINING") {
            self.queued.extend(numbers);
            return Ok(());
        }
        let commands: String = numbers.iter().map(|n| format!("RETR {n}\r\n")).collect();
        self.write(commands.as_bytes()).await?;
        self.in_flight += numbers.len();
        Ok(())
    }

    /// The next message asked for with [`Pop3::request`], dot-unstuffed, lines ending in CRLF.
    pub async fn retrieved(&mut self) -> Result<Vec<u8>, MailError> {
        if self.in_flight == 0 {
            let Some(n) = self.queued.pop_front() else {
                return Err(MailError::protocol("no message was asked for"));
            };
            self.write(format!("RETR {n}\r\n").as_bytes()).await?;
        } else {
            self.in_flight -= 1;
        }
        self.ok_line().await?;
        self.message().await
    }

    /// The header of message `n` and its first `lines` body lines.
    pub async fn top(&mut self, n: u32, lines: u32) -> Result<Vec<u8>, MailError> {
        self.send(&format!("TOP {n} {lines}")).await?;
        self.ok_line().await?;
        self.message().await
    }

    /// Marks message `n` for deletion; it is removed only at a successful [`Pop3::quit`].
    pub async fn dele(&mut self, n: u32) -> Result<(), MailError> {
        self.send(&format!("DELE {n}")).await?;
        self.ok_line().await.map(|_| ())
    }

    pub async fn noop(&mut self) -> Result<(), MailError> {
        self.send("NOOP").await?;
        self.ok_line().await.map(|_| ())
    }

    /// Ends the session; the server applies the deletions now (the UPDATE state).
    pub async fn quit(mut self) -> Result<(), MailError> {
        self.send("QUIT").await?;
        self.ok_line().await.map(|_| ())
    }

    async fn send(&mut self, command: &str) -> Result<(), MailError> {
        if self.in_flight > 0 || !self.queued.is_empty() {
            return Err(MailError::protocol(
                "a command was sent before the messages asked for were read",
            ));
        }
        self.write(format!("{command}\r\n").as_bytes()).await
    }

    /// Writes command lines out now (line ends included).
    async fn write(&mut self, lines: &[u8]) -> Result<(), MailError> {
        let stream = self.stream.get_mut();
        stream.write_all(lines).await.map_err(MailError::lost)?;
        stream.flush().await.map_err(MailError::lost)
    }

    /// One line without its CRLF.
    async fn line(&mut self) -> Result<Vec<u8>, MailError> {
        let mut line = Vec::new();
        self.append_line(&mut line).await?;
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(line)
    }

    /// Reads one line, with its line end, onto the end of `buffer`.
    async fn append_line(&mut self, buffer: &mut Vec<u8>) -> Result<(), MailError> {
        let limit = if self.logged_in {
            MAX_LINE
        } else {
            BEFORE_LOGIN
        };
        let read = (&mut self.stream)
            .take(limit as u64)
            .read_until(b'\n', buffer)
            .await
            .map_err(MailError::lost)?;
        if read == 0 {
            return Err(MailError::lost("the server closed the connection"));
        }
        if buffer.last() != Some(&b'\n') {
            return Err(MailError::protocol("a line from the server is too long"));
        }
        Ok(())
    }

    /// A status line: the text after "+OK", or the "-ERR" text as a refusal.
    async fn ok_line(&mut self) -> Result<String, MailError> {
        let line = self.line().await?;
        let text = String::from_utf8_lossy(&line);
        if let Some(rest) = text.strip_prefix("+OK") {
            Ok(rest.trim().to_string())
        } else if let Some(rest) = text.strip_prefix("-ERR") {
            Err(MailError::refused(rest.trim().to_string()))
        } else {
            Err(MailError::protocol(format!("unexpected answer: {text}")))
        }
    }

    /// A message (the multi-line answer to RETR or TOP) up to the lone ".", dot-unstuffed,
    /// with CRLF line ends (a bare LF gets its CR). It is copied from the read buffer a run
    /// of lines at a time rather than line by line: only the first bytes of each line need a
    /// look (the dot), the rest is found with `memchr`.
    async fn message(&mut self) -> Result<Vec<u8>, MailError> {
        /// Where the reader stands in the current line.
        #[derive(Clone, Copy)]
        enum At {
            LineStart,
            /// After a line's leading ".": stuffing, or the end if the line ends here.
            Dot,
            /// After ".\r" at a line's start.
            DotCr,
            /// Inside a line, `usize` bytes into it.
            Line(usize),
        }
        let mut out = Vec::with_capacity(16 * 1024);
        let mut at = At::LineStart;
        loop {
            let buf = self.stream.fill_buf().await.map_err(MailError::lost)?;
            if buf.is_empty() {
                return Err(MailError::lost("the server closed the connection"));
            }
            let mut i = 0;
            while i < buf.len() {
                match at {
                    At::LineStart if buf[i] == b'.' => {
                        at = At::Dot;
                        i += 1;
                    }
                    At::LineStart => at = At::Line(0),
                    At::Dot | At::DotCr if buf[i] == b'\n' => {
                        self.stream.consume(i + 1);
                        return Ok(out);
                    }
                    At::Dot if buf[i] == b'\r' => {
                        at = At::DotCr;
                        i += 1;
                    }
                    // The leading dot was stuffing: dropped.
                    At::Dot => at = At::Line(0),
                    At::DotCr => {
                        out.push(b'\r');
                        at = At::Line(1);
                    }
                    At::Line(length) => match memchr::memchr(b'\n', &buf[i..]) {
                        Some(end) => {
                            out.extend_from_slice(&buf[i..i + end]);
                            if out.last() != Some(&b'\r') {
                                out.push(b'\r');
                            }
                            out.push(b'\n');
                            i += end + 1;
                            at = At::LineStart;
                        }
                        None => {
                            let rest = buf.len() - i;
                            out.extend_from_slice(&buf[i..]);
                            i = buf.len();
                            at = At::Line(length + rest);
                        }
                    },
                }
            }
            let used = buf.len();
            self.stream.consume(used);
            if out.len() > MAX_MESSAGE {
                // The server announced a smaller size, or none: the session cannot be kept in
                // step without reading the rest, which is no longer bounded.
                return Err(MailError::protocol(format!(
                    "a message from the server is larger than {} MB",
                    MAX_MESSAGE >> 20
                )));
            }
        }
    }

    /// The lines of a multi-line answer up to the lone ".", dot-unstuffed.
    async fn multiline(&mut self) -> Result<Vec<Vec<u8>>, MailError> {
        let mut lines = Vec::new();
        let mut total = 0;
        loop {
            let mut line = self.line().await?;
            if line == b"." {
                return Ok(lines);
            }
            total += line.len() + 2;
            if total
                > if self.logged_in {
                    MAX_LISTING
                } else {
                    BEFORE_LOGIN
                }
            {
                return Err(MailError::protocol("a listing from the server is too long"));
            }
            if line.first() == Some(&b'.') {
                line.remove(0);
            }
            lines.push(line);
        }
    }
}

use tokio::io::AsyncReadExt as _;

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers to RETR 1 and RETR 2, with dot-stuffed lines, a stuffed ".\r", bare LFs,
    /// empty lines and a bare-LF terminator; and what each message must read as.
    const ANSWERS: [&[u8]; 2] = [
        b"+OK 1\r\nSubject: a\r\n\r\n..dotted\r\n.\rodd\r\nbare\n\n...\r\nend\r\n.\r\n",
        b"+OK 2\r\nx\n.\n",
    ];
    const FIRST: &[u8] = b"Subject: a\r\n\r\n.dotted\r\n\rodd\r\nbare\r\n\r\n..\r\nend\r\n";
    const SECOND: &[u8] = b"x\r\n";

    /// A client connected to a loopback peer that reads the two RETR commands, then sends
    /// [`ANSWERS`] at once or one byte at a time (so every line and the final "." arrive
    /// split across reads).
    async fn retrieving(
        byte_by_byte: bool,
        pipelining: bool,
    ) -> (Pop3, tokio::task::JoinHandle<Vec<u8>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let peer = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut asked = Vec::new();
            let mut byte = [0u8; 1];
            // One answer per RETR line, in order, as soon as its command is in.
            let mut sent = 0;
            while sent < 2 {
                stream.read_exact(&mut byte).await.unwrap();
                asked.push(byte[0]);
                if byte[0] != b'\n' {
                    continue;
                }
                let answer = ANSWERS[sent];
                sent += 1;
                if byte_by_byte {
                    for b in answer {
                        stream.write_all(&[*b]).await.unwrap();
                        stream.flush().await.unwrap();
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                } else {
                    stream.write_all(answer).await.unwrap();
                }
            }
            asked
        });
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let mut pop = Pop3::over(NetStream::Plain(tcp), "127.0.0.1", Duration::from_secs(10));
        pop.logged_in = true;
        if pipelining {
            pop.capabilities.insert("PIPELINING".into());
        }
        (pop, peer)
    }

    #[tokio::test]
    async fn messages_are_unstuffed_and_get_crlf_whatever_the_reads() {
        for byte_by_byte in [false, true] {
            for pipelining in [true, false] {
                let (mut pop, peer) = retrieving(byte_by_byte, pipelining).await;
                pop.request(&[1, 2]).await.unwrap();
                assert!(
                    pop.noop().await.is_err(),
                    "no other command while answers are due"
                );
                assert_eq!(pop.retrieved().await.unwrap(), FIRST);
                assert_eq!(pop.retrieved().await.unwrap(), SECOND);
                assert!(pop.retrieved().await.is_err(), "nothing more was asked for");
                assert_eq!(peer.await.unwrap(), b"RETR 1\r\nRETR 2\r\n");
            }
        }
    }

    #[test]
    fn refusals_read_rfc_3206_codes() {
        assert_eq!(
            refusal("[AUTH] Authentication failed.").kind,
            ErrorKind::WrongCredentials
        );
        assert_eq!(
            refusal("[SYS/TEMP] Try again later").kind,
            ErrorKind::Temporary
        );
        assert_eq!(
            refusal("[IN-USE] Mailbox is locked by another session").kind,
            ErrorKind::TooManyConnections
        );
        assert_eq!(
            refusal("[AUTH] Application-specific password required").kind,
            ErrorKind::AppPasswordRequired
        );
        assert_eq!(
            refusal("Your account is not enabled for POP access; pop access is disabled").kind,
            ErrorKind::ProtocolDisabled
        );
    }
}
