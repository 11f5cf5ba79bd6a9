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

    pub fn lost(e: impl fmt::Display) -> MailError {
        MailError::new(ErrorKind::ConnectionLost, e.to_string())
    }

    pub fn protocol(text: impl Into<String>) -> MailError {
        MailError::new(ErrorKind::Protocol, text)
    }

    pub fn refused(text: impl Into<String>) -> MailError {
        MailError::new(ErrorKind::Refused, text)
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
        };
        if self.server_text.is_empty() {
            f.write_str(&what)
        } else {
            write!(f, "{what}: {}", self.server_text)
        }
    }
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
