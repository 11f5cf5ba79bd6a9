//! The POP3 half of the engine: a small client and the poller that downloads mail into the
//! store.
//!
//! The client is written by hand on tokio-rustls. The POP3 crates on crates.io fall short of
//! what Facteur needs: none does STLS (RFC 2595) with a current rustls, none bounds every read
//! with a timeout, and none reports a certificate failure with its details. POP3 is small
//! (RFC 1939, CAPA of RFC 2449, SASL of RFC 5034), so a few hundred lines that share the IMAP
//! side's TCP, TLS and error code are safer than patching one of them.
//!
//! The poller never deletes on the server before the message and its UIDL are committed to the
//! store (SQLite `synchronous = FULL`: the commit is on disk when it returns), and deletions take
//! effect only at a clean QUIT, so a dropped connection deletes nothing.

pub mod poll;
pub mod worker;

pub use poll::{CheckReport, check};
