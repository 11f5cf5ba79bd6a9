//! The protocol core: what it takes to talk to a mail server, with no knowledge of accounts,
//! their tasks, the store or the window. Connections with deadlines and guards ([`net`]), TLS with
//! certificate checks ([`tls`]), the IMAP, POP3 and SMTP clients, the credentials they log in
//! with, the retry backoff, and the error taxonomy every layer above reports ([`error`]).
//!
//! The layers run one way: ui/cli → engine → setup → proto → mime/store/account. Nothing here
//! names the engine or setup (`scripts/check-layers` keeps it so).

pub mod backoff;
pub mod error;
pub mod imap;
pub mod net;
pub mod pop3;
pub mod smtp;
pub mod tls;

pub use backoff::Backoff;
pub use error::{ErrorKind, MailError};

/// How to prove who the user is.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    Password(String),
    /// An OAuth2 access token.
    OAuth2(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credentials::Password(_) => "Password(…)",
            Credentials::OAuth2(_) => "OAuth2(…)",
        })
    }
}
