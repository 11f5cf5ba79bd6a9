//! Network plumbing shared by IMAP, POP3 and the setup probes: TCP with timeouts, TLS with
//! certificate checks that report what was wrong, and a stream type whose every read and
//! write has a deadline.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::error::{CertificateProblem, CertificateReason, ErrorKind, MailError};
use super::tls;

pub mod guard;

pub use guard::{GuardedStream, ImapLimits};

/// How long to wait for a TCP connection or a TLS handshake.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a command may wait for the server on an active connection (plus what the
/// server's throughput earns, see [`guard`]), and how long any write may take.
pub const IO_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest message downloaded (IMAP or POP3); a larger one is left on the server and
/// named to the user.
pub const MAX_MESSAGE: usize = 100 << 20;

/// A connection, plain or encrypted.
#[derive(Debug)]
pub enum NetStream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// What is left after the plain stream was taken out for a TLS upgrade.
    Closed,
}

impl NetStream {
    pub fn is_encrypted(&self) -> bool {
        matches!(self, NetStream::Tls(_))
    }
}

impl AsyncRead for NetStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            NetStream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            NetStream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            NetStream::Closed => Poll::Ready(Err(closed())),
        }
    }
}

impl AsyncWrite for NetStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            NetStream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            NetStream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
            NetStream::Closed => Poll::Ready(Err(closed())),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            NetStream::Plain(s) => Pin::new(s).poll_flush(cx),
            NetStream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            NetStream::Closed => Poll::Ready(Ok(())),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            NetStream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            NetStream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            NetStream::Closed => Poll::Ready(Ok(())),
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotConnected,
        "the connection was handed over to TLS",
    )
}

/// Takes the plain TCP stream out of a timed stream (for a STARTTLS upgrade). Whatever the
/// reader had buffered stays behind and is dropped.
pub fn take_plain(stream: &mut TimedStream) -> Option<TcpStream> {
    let inner = &mut stream.as_mut().get_mut().inner;
    match std::mem::replace(inner, NetStream::Closed) {
        NetStream::Plain(tcp) => Some(tcp),
        other => {
            *inner = other;
            None
        }
    }
}

/// A connection with deadlines a trickling server cannot stretch (see [`guard`]).
pub type TimedStream = Pin<Box<GuardedStream>>;

/// Wraps a connection to `host` with a command allowance of `timeout` and write deadlines.
pub fn timed(stream: NetStream, host: &str, timeout: Duration) -> TimedStream {
    Box::pin(GuardedStream::new(stream, host, timeout))
}

/// Names (a domain and everything under it) resolved to a fixed address instead of by DNS.
static NAME_OVERRIDES: LazyLock<Mutex<Vec<(String, std::net::IpAddr)>>> =
    LazyLock::new(|| Mutex::new(Vec::new()));

/// Makes `domain` and every name under it resolve to `address` for this process: how tests
/// and the demo let discovery guess `imap.DOMAIN` against servers on loopback. Certificates
/// are still checked against the name.
pub fn resolve_domain_to(domain: &str, address: std::net::IpAddr) {
    let mut list = NAME_OVERRIDES.lock().unwrap_or_else(|p| p.into_inner());
    list.retain(|(d, _)| d != domain);
    list.push((domain.to_ascii_lowercase(), address));
}

fn overridden(host: &str) -> Option<std::net::IpAddr> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    NAME_OVERRIDES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .find(|(d, _)| host == *d || host.ends_with(&format!(".{d}")))
        .map(|(_, a)| *a)
}

/// Opens a TCP connection, trying each address of `host` in turn.
pub async fn tcp(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, MailError> {
    if let Some(address) = overridden(host) {
        return connect_one(host, std::net::SocketAddr::new(address, port), timeout).await;
    }
    let addresses = tokio::time::timeout(timeout, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| {
            MailError::new(
                ErrorKind::Timeout {
                    host: host.into(),
                    port,
                },
                "name lookup",
            )
        })?
        .map_err(|e| MailError::new(ErrorKind::HostNotFound { host: host.into() }, e.to_string()))?
        .collect::<Vec<_>>();
    if addresses.is_empty() {
        return Err(MailError::new(
            ErrorKind::HostNotFound { host: host.into() },
            "",
        ));
    }
    let mut last = None;
    for address in addresses {
        match connect_one(host, address, timeout).await {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| MailError::new(ErrorKind::HostNotFound { host: host.into() }, "")))
}

async fn connect_one(
    host: &str,
    address: std::net::SocketAddr,
    timeout: Duration,
) -> Result<TcpStream, MailError> {
    let port = address.port();
    match tokio::time::timeout(timeout, TcpStream::connect(address)).await {
        Ok(Ok(stream)) => {
            let _ = stream.set_nodelay(true);
            Ok(stream)
        }
        Ok(Err(e)) if e.kind() == io::ErrorKind::ConnectionRefused => Err(MailError::new(
            ErrorKind::ConnectionRefused {
                host: host.into(),
                port,
            },
            e.to_string(),
        )),
        Ok(Err(e)) => Err(MailError::new(ErrorKind::ConnectionLost, e.to_string())),
        Err(_) => Err(MailError::new(
            ErrorKind::Timeout {
                host: host.into(),
                port,
            },
            "connect",
        )),
    }
}

/// The platform verifier (plus an extra CA), built once per CA file.
fn base_verifier(ca_file: Option<&Path>) -> Result<Arc<dyn ServerCertVerifier>, MailError> {
    type Verifiers = HashMap<Option<PathBuf>, Arc<dyn ServerCertVerifier>>;
    static CACHE: LazyLock<Mutex<Verifiers>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let key = ca_file.map(Path::to_path_buf);
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(v) = cache.get(&key) {
        return Ok(v.clone());
    }
    let verifier: Arc<dyn ServerCertVerifier> =
        tls::verifier(ca_file).map_err(|e| MailError::new(ErrorKind::Tls, e.to_string()))?;
    cache.insert(key, verifier.clone());
    Ok(verifier)
}

/// Delegates to the real verifier and remembers the certificate it was shown, so a failure
/// can say whose certificate it was.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    seen: Mutex<Option<CertificateDer<'static>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(end_entity.clone().into_owned());
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Secures `stream` for `host`, checking its certificate against the platform's roots plus
/// `ca_file`. A refused certificate becomes [`ErrorKind::Certificate`] with its details.
pub async fn tls(
    stream: TcpStream,
    host: &str,
    ca_file: Option<&Path>,
    timeout: Duration,
) -> Result<TlsStream<TcpStream>, MailError> {
    tls::install_crypto_provider();
    let verifier = Arc::new(RecordingVerifier {
        inner: base_verifier(ca_file)?,
        seen: Mutex::new(None),
    });
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| MailError::new(ErrorKind::Tls, e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(verifier.clone())
            .with_no_client_auth();
    let port = stream.peer_addr().map(|a| a.port()).unwrap_or(0);
    let handshake = tls::connect(stream, host, Arc::new(config));
    let result = tokio::time::timeout(timeout, handshake)
        .await
        .map_err(|_| {
            MailError::new(
                ErrorKind::Timeout {
                    host: host.into(),
                    port,
                },
                "TLS handshake",
            )
        })?;
    result.map_err(|e| {
        let seen = verifier
            .seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        tls_error(e, seen)
    })
}

/// A failed STARTTLS (or STLS) upgrade: the server agreed to encrypt and then did not. Never
/// retried silently and never followed by a login; certificate problems keep their details.
pub fn upgrade_failed(error: MailError) -> MailError {
    match error.kind {
        ErrorKind::Certificate(_) | ErrorKind::Timeout { .. } => error,
        _ => MailError::new(
            ErrorKind::EncryptionNotOffered,
            format!("the encryption upgrade failed: {}", error.server_text),
        ),
    }
}

fn tls_error(e: io::Error, certificate: Option<CertificateDer<'static>>) -> MailError {
    let text = e.to_string();
    let rustls_error = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .cloned();
    match rustls_error {
        Some(rustls::Error::InvalidCertificate(reason)) => {
            let mut problem = describe_certificate(certificate.as_ref());
            problem.reason = match reason {
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    CertificateReason::Expired
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    CertificateReason::NotYetValid
                }
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => CertificateReason::WrongName,
                CertificateError::Revoked => CertificateReason::Revoked,
                CertificateError::UnknownIssuer
                    if !problem.subject.is_empty() && problem.subject == problem.issuer =>
                {
                    CertificateReason::SelfSigned
                }
                CertificateError::UnknownIssuer => CertificateReason::UnknownIssuer,
                _ => CertificateReason::Other,
            };
            problem.detail = text.clone();
            MailError::new(ErrorKind::Certificate(Box::new(problem)), text)
        }
        Some(_) => MailError::new(ErrorKind::Tls, text),
        None if e.kind() == io::ErrorKind::UnexpectedEof
            || e.kind() == io::ErrorKind::ConnectionReset =>
        {
            // The link dropped during the handshake: a network failure, worth retrying.
            MailError::new(ErrorKind::ConnectionLost, text)
        }
        None => MailError::new(ErrorKind::Tls, text),
    }
}

fn describe_certificate(der: Option<&CertificateDer<'_>>) -> CertificateProblem {
    let mut problem = CertificateProblem {
        reason: CertificateReason::Other,
        subject: String::new(),
        issuer: String::new(),
        not_after: String::new(),
        detail: String::new(),
    };
    if let Some(der) = der
        && let Ok((_, cert)) = x509_parser::parse_x509_certificate(der.as_ref())
    {
        problem.subject = cert.subject().to_string();
        problem.issuer = cert.issuer().to_string();
        problem.not_after = cert.validity().not_after.to_string();
    }
    problem
}
