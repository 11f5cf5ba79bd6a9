//! One SMTP submission session with lettre's connection, on Facteur's own TCP and TLS.
//!
//! Facteur opens the connection itself (the same TCP, TLS, certificate details and per-read
//! timeouts as IMAP and POP3) and hands the secured stream to lettre, which speaks SMTP from
//! EHLO on. For STARTTLS, the short plain-text part (greeting, EHLO, STARTTLS) is done here so
//! that a server that does not offer or complete it never sees the credentials; lettre then
//! starts on the encrypted stream with the greeting it expects already given.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials as SmtpCredentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf,
};

use crate::account::{Security, Server};
use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError, classify_login_refusal};
use crate::proto::net::{self, NetStream, TimedStream};

/// An open, authenticated submission session.
pub struct Submission {
    conn: AsyncSmtpConnection,
}

impl std::fmt::Debug for Submission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Submission")
    }
}

/// The stream lettre reads and writes: Facteur's timed stream, after `prefix` (a greeting
/// already consumed during STARTTLS). The mutex is never contended; it makes the stream `Sync`
/// as lettre requires.
struct LettreStream {
    prefix: Vec<u8>,
    inner: std::sync::Mutex<TimedStream>,
    peer: SocketAddr,
}

impl std::fmt::Debug for LettreStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LettreStream({})", self.peer)
    }
}

impl LettreStream {
    fn inner(&mut self) -> Pin<&mut TimedStream> {
        Pin::new(
            self.inner
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

impl AsyncRead for LettreStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.prefix.is_empty() {
            let n = this.prefix.len().min(buf.remaining());
            buf.put_slice(&this.prefix[..n]);
            this.prefix.drain(..n);
            return Poll::Ready(Ok(()));
        }
        this.inner().poll_read(cx, buf)
    }
}

impl AsyncWrite for LettreStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().inner().poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().inner().poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().inner().poll_shutdown(cx)
    }
}

impl AsyncTokioStream for LettreStream {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}

/// Turns a lettre error into Facteur's kinds, keeping the server's reply (code, enhanced
/// status code and text).
pub fn smtp_error(e: lettre::transport::smtp::Error, during_auth: bool) -> MailError {
    let text = e.to_string();
    // "permanent error (550): 5.1.1 <x>: Recipient address rejected" → keep the reply part.
    let reply = text
        .split_once("): ")
        .map(|(code, rest)| {
            let code = code.rsplit('(').next().unwrap_or("");
            format!("{code} {rest}")
        })
        .unwrap_or_else(|| text.clone());
    if during_auth && (e.is_permanent() || e.is_transient()) {
        let kind = if e.is_transient() {
            ErrorKind::Temporary
        } else {
            classify_login_refusal(&reply)
        };
        return MailError::new(kind, reply);
    }
    let kind = if e.is_permanent() {
        ErrorKind::Refused
    } else if e.is_transient() {
        ErrorKind::Temporary
    } else if e.is_tls() {
        ErrorKind::Tls
    } else if e.is_response() || e.is_client() {
        ErrorKind::Protocol
    } else {
        ErrorKind::ConnectionLost
    };
    MailError::new(kind, reply)
}

impl Submission {
    /// Connects, secures the connection as configured, and logs in.
    pub async fn open(server: &Server, credentials: &Credentials) -> Result<Submission, MailError> {
        let mut conn = Submission::greet(server).await?;
        Submission::log_in(&mut conn, server, credentials).await?;
        Ok(Submission { conn })
    }

    /// Connects, secures the connection and says EHLO, without logging in (the setup
    /// wizard's probe); the server's greeting and EHLO answered.
    pub async fn probe(server: &Server) -> Result<(), MailError> {
        let mut conn = Submission::greet(server).await?;
        let _ = conn.quit().await;
        Ok(())
    }

    pub(crate) async fn greet(server: &Server) -> Result<AsyncSmtpConnection, MailError> {
        let tcp = net::tcp(&server.host, server.port, net::CONNECT_TIMEOUT).await?;
        let peer = tcp.peer_addr().map_err(MailError::lost)?;
        let ca = server.ca_file.as_deref();
        let (stream, prefix) = match server.security {
            Security::Tls => {
                let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT).await?;
                (NetStream::Tls(Box::new(tls)), Vec::new())
            }
            Security::Starttls => {
                let tcp = starttls_preamble(tcp, &server.host).await?;
                let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT)
                    .await
                    .map_err(net::upgrade_failed)?;
                (NetStream::Tls(Box::new(tls)), b"220 encrypted\r\n".to_vec())
            }
            Security::None => (NetStream::Plain(tcp), Vec::new()),
        };
        let stream = LettreStream {
            prefix,
            inner: std::sync::Mutex::new(net::timed(stream, &server.host, net::IO_TIMEOUT)),
            peer,
        };
        let conn = AsyncSmtpConnection::connect_with_transport(
            Box::new(stream),
            &ClientId::Domain("localhost".into()),
        )
        .await
        .map_err(|e| smtp_error(e, false))?;
        Ok(conn)
    }

    pub(crate) async fn log_in(
        conn: &mut AsyncSmtpConnection,
        server: &Server,
        credentials: &Credentials,
    ) -> Result<(), MailError> {
        let info = conn.server_info();
        let offers_auth = [Mechanism::Plain, Mechanism::Login, Mechanism::Xoauth2]
            .into_iter()
            .any(|m| info.supports_auth_mechanism(m));
        if offers_auth {
            let (mechanisms, creds): (&[Mechanism], _) = match credentials {
                Credentials::Password(p) => (
                    &[Mechanism::Plain, Mechanism::Login],
                    SmtpCredentials::new(server.username.clone(), p.clone()),
                ),
                Credentials::OAuth2(t) => (
                    &[Mechanism::Xoauth2],
                    SmtpCredentials::new(server.username.clone(), t.clone()),
                ),
            };
            if !mechanisms.iter().any(|m| info.supports_auth_mechanism(*m)) {
                return Err(MailError::protocol(
                    "the server offers no login method Facteur can use",
                ));
            }
            conn.auth(mechanisms, &creds)
                .await
                .map_err(|e| smtp_error(e, true))?;
        }
        Ok(())
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA. After this, the message text is next.
    pub async fn envelope(
        &mut self,
        from: &str,
        to: &[String],
        raw: &[u8],
    ) -> Result<(), MailError> {
        let parse = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| MailError::refused(format!("{a}: {e}")))
        };
        let from = parse(from)?;
        let to: Vec<Address> = to.iter().map(|a| parse(a)).collect::<Result<_, _>>()?;
        let info = self.conn.server_info();
        let mut options = Vec::new();
        let ascii = |a: &Address| -> bool {
            let s: &str = a.as_ref();
            s.is_ascii()
        };
        let non_ascii = !ascii(&from) || !to.iter().all(ascii);
        if non_ascii {
            if !info.supports_feature(Extension::SmtpUtfEight) {
                return Err(MailError::refused(
                    "an address is not ASCII and the server does not accept SMTPUTF8",
                ));
            }
            options.push(MailParameter::SmtpUtfEight);
        }
        if !raw.is_ascii() && info.supports_feature(Extension::EightBitMime) {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        self.conn
            .command(Mail::new(Some(from), options))
            .await
            .map_err(|e| smtp_error(e, false))?;
        for rcpt in to {
            self.conn
                .command(Rcpt::new(rcpt, vec![]))
                .await
                .map_err(|e| smtp_error(e, false))?;
        }
        self.conn
            .command(Data)
            .await
            .map_err(|e| smtp_error(e, false))?;
        Ok(())
    }

    /// The message text and the final dot; returns the server's acceptance text.
    pub async fn data(&mut self, raw: &[u8]) -> Result<String, MailError> {
        let response = self
            .conn
            .message(raw)
            .await
            .map_err(|e| smtp_error(e, false))?;
        Ok(response.message().collect::<Vec<_>>().join(" "))
    }

    pub async fn quit(mut self) {
        let _ = self.conn.quit().await;
    }
}

/// The plain-text start of a STARTTLS session: greeting, EHLO, STARTTLS. Returns the TCP
/// stream ready for the TLS handshake, or stops if the server does not offer encryption.
async fn starttls_preamble(
    tcp: tokio::net::TcpStream,
    host: &str,
) -> Result<tokio::net::TcpStream, MailError> {
    let mut timed = net::timed(NetStream::Plain(tcp), host, net::CONNECT_TIMEOUT);
    let (greeting, _) = reply(&mut timed).await?;
    if !greeting.starts_with('2') {
        return Err(MailError::new(ErrorKind::Temporary, greeting));
    }
    send(&mut timed, "EHLO localhost").await?;
    let (ehlo, lines) = reply(&mut timed).await?;
    if !ehlo.starts_with('2') {
        return Err(MailError::protocol(ehlo));
    }
    let offers = lines.iter().any(|l| {
        l.get(4..)
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("STARTTLS"))
    });
    if !offers {
        return Err(MailError::new(
            ErrorKind::EncryptionNotOffered,
            "the server does not offer STARTTLS",
        ));
    }
    send(&mut timed, "STARTTLS").await?;
    let (answer, _) = reply(&mut timed).await?;
    if !answer.starts_with("220") {
        return Err(MailError::new(ErrorKind::EncryptionNotOffered, answer));
    }
    net::take_plain(&mut timed).ok_or_else(|| MailError::protocol("the stream was not plain"))
}

async fn send(stream: &mut TimedStream, line: &str) -> Result<(), MailError> {
    stream
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(MailError::lost)?;
    stream.flush().await.map_err(MailError::lost)
}

/// One (possibly multi-line) reply, read byte by byte so that nothing after it is buffered
/// (what follows STARTTLS must be the TLS handshake, untouched).
async fn reply(stream: &mut TimedStream) -> Result<(String, Vec<String>), MailError> {
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        // At most one byte past the limit is read, so an endless line cannot fill memory.
        let mut reader = BufReader::with_capacity(1, &mut *stream).take(4097);
        reader
            .read_until(b'\n', &mut line)
            .await
            .map_err(MailError::lost)?;
        if line.is_empty() {
            return Err(MailError::lost("the server closed the connection"));
        }
        if line.len() > 4096 || lines.len() > 100 {
            return Err(MailError::protocol("an overlong reply"));
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        let last = text.as_bytes().get(3) != Some(&b'-');
        lines.push(text);
        if last {
            let summary = lines.join(" ");
            return Ok((summary, lines));
        }
    }
}
