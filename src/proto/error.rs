//! What can go wrong talking to a mail server, as kinds a person can act on.
//!
//! Every error keeps the server's own words (`server_text`) where there are any, so the GUI can
//! show a translated sentence for the kind and the exact reply under "details". Errors never
//! contain passwords or tokens.

use std::fmt;

/// A failure reaching or using a mail server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MailError {
    pub kind: ErrorKind,
    /// The server's reply, or the system's description of the failure.
    pub server_text: String,
}

/// The closed set of things a user can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The host name does not resolve.
    HostNotFound { host: String },
    /// Nothing listens on that port.
    ConnectionRefused { host: String, port: u16 },
    /// The server did not answer in time.
    Timeout { host: String, port: u16 },
    /// The network went away during the exchange.
    ConnectionLost,
    /// The server's certificate is not valid for it.
    Certificate(Box<CertificateProblem>),
    /// Encryption was required and the server does not offer it (or the upgrade failed).
    EncryptionNotOffered,
    /// Another TLS failure (protocol versions, handshake).
    Tls,
    /// User name or password refused.
    WrongCredentials,
    /// The provider wants an app password rather than the account password.
    AppPasswordRequired,
    /// The provider only accepts OAuth2.
    OAuth2Required,
    /// IMAP or POP access is turned off at the provider.
    ProtocolDisabled,
    /// The server refuses more connections from this account for now.
    TooManyConnections,
    /// A temporary failure at the server; trying again later may work.
    Temporary,
    /// The server answered something this client does not understand.
    Protocol,
    /// The server refused a command (a tagged NO or BAD), for example a move to a folder
    /// that no longer exists.
    Refused,
    /// A POP3 server would not send a message ("-ERR" to RETR): it stays on the server and
    /// the next check asks for it again; the other messages were downloaded.
    MessageWithheld,
    /// A secret (password, token) is missing from the secret store.
    MissingSecret,
    /// The local mail cache could not be read or written (a full disk, a read-only file).
    LocalStore,
    /// The message, folder or account asked about no longer exists.
    NotFound,
}

/// Details of a certificate failure, for the "details" area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateProblem {
    pub reason: CertificateReason,
    pub subject: String,
    pub issuer: String,
    pub not_after: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateReason {
    Expired,
    NotYetValid,
    WrongName,
    UnknownIssuer,
    SelfSigned,
    Revoked,
    Other,
}

impl MailError {
    pub fn new(kind: ErrorKind, server_text: impl Into<String>) -> MailError {
        MailError {
            kind,
            server_text: server_text.into(),
        }
    }

    /// Whether trying again later may succeed without the user changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Timeout { .. }
                | ErrorKind::ConnectionLost
                | ErrorKind::ConnectionRefused { .. }
                | ErrorKind::HostNotFound { .. }
                | ErrorKind::TooManyConnections
                | ErrorKind::Temporary
        )
    }

    /// Whether the user must act (password, settings, provider) before retrying makes sense.
    pub fn needs_user(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::WrongCredentials
                | ErrorKind::AppPasswordRequired
                | ErrorKind::OAuth2Required
                | ErrorKind::ProtocolDisabled
                | ErrorKind::Certificate(_)
                | ErrorKind::EncryptionNotOffered
                | ErrorKind::Tls
                | ErrorKind::MissingSecret
        )
    }

    /// A failure of the connection in the middle of an exchange. A limit the server broke
    /// ([`StreamFault`]) becomes its own kind; an answer async-imap could not parse becomes a
    /// protocol error with the start of what was sent, never the whole of it.
    pub fn lost<E: fmt::Display + 'static>(e: E) -> MailError {
        let any = &e as &dyn std::any::Any;
        let io = any.downcast_ref::<std::io::Error>().or_else(|| {
            match any.downcast_ref::<async_imap::error::Error>() {
                Some(async_imap::error::Error::Io(io)) => Some(io),
                _ => None,
            }
        });
        if let Some(fault) = io
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<StreamFault>())
        {
            return fault.to_mail_error();
        }
        let text = e.to_string();
        // async-imap's parse failures are "{nom error:?} during parsing of {input:?}": only
        // the start of the input is worth showing.
        if let Some((_, input)) = text.split_once(" during parsing of ") {
            return MailError::protocol(format!(
                "the server sent something that is not IMAP: {}",
                crate::mime::safe::line(&shorten(input, 200))
            ));
        }
        MailError::new(ErrorKind::ConnectionLost, shorten(&text, 1000))
    }

    pub fn protocol(text: impl Into<String>) -> MailError {
        MailError::new(ErrorKind::Protocol, text)
    }

    pub fn refused(text: impl Into<String>) -> MailError {
        MailError::new(ErrorKind::Refused, text)
    }

    /// The local mail cache failed (its error's text as details).
    pub fn local_store(e: impl fmt::Display) -> MailError {
        MailError::new(ErrorKind::LocalStore, e.to_string())
    }

    pub fn not_found(what: impl Into<String>) -> MailError {
        MailError::new(ErrorKind::NotFound, what)
    }
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            ErrorKind::HostNotFound { host } => format!("the server {host} was not found"),
            ErrorKind::ConnectionRefused { host, port } => {
                format!("{host} refused the connection on port {port}")
            }
            ErrorKind::Timeout { host, port } => format!("{host}:{port} did not answer in time"),
            ErrorKind::ConnectionLost => "the connection was lost".into(),
            ErrorKind::Certificate(c) => format!(
                "the server's certificate is not valid ({:?}; subject {}, issuer {})",
                c.reason, c.subject, c.issuer
            ),
            ErrorKind::EncryptionNotOffered => "the server does not offer encryption".into(),
            ErrorKind::Tls => "the encrypted connection failed".into(),
            ErrorKind::WrongCredentials => "wrong user name or password".into(),
            ErrorKind::AppPasswordRequired => "the provider requires an app password".into(),
            ErrorKind::OAuth2Required => "the provider requires signing in with OAuth2".into(),
            ErrorKind::ProtocolDisabled => "access is disabled in the provider's settings".into(),
            ErrorKind::TooManyConnections => "too many connections to the server".into(),
            ErrorKind::Temporary => "the server has a temporary problem".into(),
            ErrorKind::Protocol => "the server gave an unexpected answer".into(),
            ErrorKind::Refused => "the server refused the request".into(),
            ErrorKind::MessageWithheld => "the server would not send a message".into(),
            ErrorKind::MissingSecret => "no password is stored for this account".into(),
            ErrorKind::LocalStore => "the local mail cache could not be written".into(),
            ErrorKind::NotFound => "it no longer exists".into(),
        };
        if self.server_text.is_empty() {
            f.write_str(&what)
        } else {
            write!(f, "{what}: {}", self.server_text)
        }
    }
}

/// A limit a server broke, found by the connection's guard as the bytes arrived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamFault {
    /// The server kept a command waiting past its allowance (see `net::guard`).
    #[error("{host}:{port} sent {received} bytes in {waited_secs} s of waiting")]
    TooSlow {
        host: String,
        port: u16,
        waited_secs: u64,
        received: u64,
    },
    #[error("the server sent a line longer than {}", in_units(*limit))]
    LineTooLong { limit: usize },
    #[error("the server announced {size} bytes of data; the limit is {}", in_units(*limit))]
    LiteralTooLarge { size: u64, limit: usize },
}

impl StreamFault {
    pub fn to_mail_error(&self) -> MailError {
        match self {
            StreamFault::TooSlow { host, port, .. } => MailError::new(
                ErrorKind::Timeout {
                    host: host.clone(),
                    port: *port,
                },
                self.to_string(),
            ),
            _ => MailError::protocol(self.to_string()),
        }
    }
}

/// A limit for the details line: "64 KiB", "100 MB" (MB of 2^20 bytes, as elsewhere).
fn in_units(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

/// At most `max` bytes of `text` (cut at a character boundary), with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Reads the kind of a login refusal from the server's words (IMAP response codes of RFC 5530,
/// and the phrases big providers use).
pub fn classify_login_refusal(text: &str) -> ErrorKind {
    let t = text.to_ascii_lowercase();
    let has = |needle: &str| t.contains(needle);
    if has("application-specific password")
        || has("app password")
        || has("apppassword")
        || has("[alert] please log in via your web browser")
        || has("web login required")
    {
        ErrorKind::AppPasswordRequired
    } else if has("oauth") || has("basicauthblocked") || has("basic authentication is disabled") {
        ErrorKind::OAuth2Required
    } else if has("imap access is disabled")
        || has("imap is disabled")
        || has("pop access is disabled")
        || has("pop3 is disabled")
        || has("not enabled for imap")
        || has("enable imap")
        || has("[noperm]")
    {
        ErrorKind::ProtocolDisabled
    } else if has("[limit]") || has("too many") || has("maximum number of connections") {
        ErrorKind::TooManyConnections
    } else if has("[unavailable]")
        || has("[inuse]")
        || has("temporar")
        || has("try again later")
        || has("[sys/temp]")
    {
        ErrorKind::Temporary
    } else {
        ErrorKind::WrongCredentials
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_faults_and_parser_dumps_become_short_sentences() {
        let fault = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            StreamFault::LiteralTooLarge {
                size: 500_000_000,
                limit: 100 << 20,
            },
        );
        let e = MailError::lost(async_imap::error::Error::Io(fault));
        assert_eq!(e.kind, ErrorKind::Protocol);
        assert_eq!(
            e.server_text,
            "the server announced 500000000 bytes of data; the limit is 100 MB"
        );
        let slow = std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            StreamFault::TooSlow {
                host: "imap.example.org".into(),
                port: 993,
                waited_secs: 60,
                received: 12,
            },
        );
        assert_eq!(
            MailError::lost(slow).kind,
            ErrorKind::Timeout {
                host: "imap.example.org".into(),
                port: 993
            }
        );
        // async-imap's parse failure carries the whole input (megabytes, control bytes).
        let dump = format!(
            "Error(Error {{ input: [1, 2, 3], code: Tag }}) during parsing of \"* \x1b[2J{}\"",
            "x".repeat(5_000_000)
        );
        let e = MailError::lost(std::io::Error::other(dump));
        assert_eq!(e.kind, ErrorKind::Protocol);
        assert!(e.server_text.len() < 400, "{}", e.server_text.len());
        assert!(!e.server_text.contains('\x1b'));
        assert!(!e.server_text.contains("input: ["));
    }

    #[test]
    fn login_refusals_are_read_as_what_the_user_must_do() {
        let cases = [
            (
                "[ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)",
                ErrorKind::AppPasswordRequired,
            ),
            (
                "[AUTHENTICATIONFAILED] Invalid credentials (Failure)",
                ErrorKind::WrongCredentials,
            ),
            (
                "[AUTHENTICATIONFAILED] Authentication failed.",
                ErrorKind::WrongCredentials,
            ),
            (
                "[UNAVAILABLE] Temporary authentication failure.",
                ErrorKind::Temporary,
            ),
            (
                "[LIMIT] Too many simultaneous connections",
                ErrorKind::TooManyConnections,
            ),
            (
                "[ALERT] Your account is not enabled for IMAP use.",
                ErrorKind::ProtocolDisabled,
            ),
            (
                "AUTHENTICATE failed: BasicAuthBlocked",
                ErrorKind::OAuth2Required,
            ),
        ];
        for (text, kind) in cases {
            assert_eq!(classify_login_refusal(text), kind, "{text}");
        }
    }
}
