//! A POP3 client: implicit TLS or STLS, USER/PASS, AUTH PLAIN and XOAUTH2, CAPA, UIDL, LIST,
//! TOP, RETR, DELE, QUIT. Every read and write has a deadline (the stream's timeout).

use std::collections::HashSet;
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::account::{Security, Server};
use crate::engine::error::{ErrorKind, MailError, classify_login_refusal};
use crate::engine::imap::Credentials;
use crate::engine::net::{self, NetStream, TimedStream};

/// The longest line accepted from a server (RFC 2449 allows 512 for responses; message lines
/// can be longer, so this only stops a hostile server from filling memory with one line).
const MAX_LINE: usize = 1 << 20;

/// A connected (and, after [`Pop3::login`], authenticated) POP3 session.
pub struct Pop3 {
    stream: BufReader<TimedStream>,
    capabilities: HashSet<String>,
    /// The SASL mechanisms offered (upper case).
    sasl: HashSet<String>,
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
                let mut pop = Pop3::over(NetStream::Tls(Box::new(tls)), io_timeout);
                pop.greeting().await?;
                pop
            }
            Security::Starttls => {
                let mut plain = Pop3::over(NetStream::Plain(tcp), net::CONNECT_TIMEOUT);
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
                Pop3::over(NetStream::Tls(Box::new(tls)), io_timeout)
            }
            Security::None => {
                let mut pop = Pop3::over(NetStream::Plain(tcp), io_timeout);
                pop.greeting().await?;
                pop
            }
        };
        pop.capa().await?;
        Ok(pop)
    }

    fn over(stream: NetStream, timeout: Duration) -> Pop3 {
        Pop3 {
            stream: BufReader::new(net::timed(stream, timeout)),
            capabilities: HashSet::new(),
            sasl: HashSet::new(),
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
        if self.ok_line().await.is_err() {
            return Ok(());
        }
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
        match credentials {
            Credentials::Password(password) if self.sasl.contains("PLAIN") => {
                self.sasl_auth("PLAIN", format!("\0{user}\0{password}").as_bytes())
                    .await
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

    /// The whole message `n`, dot-unstuffed, lines ending in CRLF.
    pub async fn retr(&mut self, n: u32) -> Result<Vec<u8>, MailError> {
        self.send(&format!("RETR {n}")).await?;
        self.ok_line().await?;
        self.message().await
    }

    /// Several whole messages, in order: with the server's PIPELINING (RFC 2449) the commands
    /// go out together and the answers are read back to back, which saves a round trip per
    /// message; otherwise one after the other.
    pub async fn retr_many(&mut self, numbers: &[u32]) -> Result<Vec<Vec<u8>>, MailError> {
        if !self.has("PIPELINING") {
            let mut all = Vec::with_capacity(numbers.len());
            for n in numbers {
                all.push(self.retr(*n).await?);
            }
            return Ok(all);
        }
        let commands: String = numbers.iter().map(|n| format!("RETR {n}\r\n")).collect();
        let stream = self.stream.get_mut();
        stream
            .write_all(commands.as_bytes())
            .await
            .map_err(MailError::lost)?;
        stream.flush().await.map_err(MailError::lost)?;
        let mut all = Vec::with_capacity(numbers.len());
        for _ in numbers {
            self.ok_line().await?;
            all.push(self.message().await?);
        }
        Ok(all)
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
        let stream = self.stream.get_mut();
        stream
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .map_err(MailError::lost)?;
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
        let read = (&mut self.stream)
            .take(MAX_LINE as u64)
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
    /// with CRLF line ends, read straight into one buffer.
    async fn message(&mut self) -> Result<Vec<u8>, MailError> {
        let mut out = Vec::with_capacity(16 * 1024);
        loop {
            let start = out.len();
            self.append_line(&mut out).await?;
            let has_cr = out.len() - start >= 2 && out[out.len() - 2] == b'\r';
            let content_end = out.len() - if has_cr { 2 } else { 1 };
            if out[start..content_end] == *b"." {
                out.truncate(start);
                return Ok(out);
            }
            if out[start] == b'.' {
                out.remove(start);
            }
            if !has_cr {
                let at = out.len() - 1;
                out.insert(at, b'\r');
            }
        }
    }

    /// The lines of a multi-line answer up to the lone ".", dot-unstuffed.
    async fn multiline(&mut self) -> Result<Vec<Vec<u8>>, MailError> {
        let mut lines = Vec::new();
        loop {
            let mut line = self.line().await?;
            if line == b"." {
                return Ok(lines);
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
