//! IMAP, on async-imap over tokio + rustls.
//!
//! - [`client`]: connecting (implicit TLS, STARTTLS with no downgrade, plaintext only when the
//!   account says so), logging in, and running commands while seeing every response;
//! - [`folders`]: LIST with SPECIAL-USE and the fallbacks on well-known names;
//! - [`sync`]: headers newest first into the store, then resync by CONDSTORE/QRESYNC or by
//!   comparing UIDs and flags;
//! - [`envelope`]: what a message's own text says (envelope, search text), for sync and for
//!   local copies;
//! - [`actions`]: flags, moves and deletions, applied to the store at once and replayed on the
//!   server (queued while offline);
//! - [`idle`]: push on a dedicated connection;
//! - [`worker`]: the account task tying them together.

pub mod actions;
pub mod client;
pub mod envelope;
pub mod folders;
pub mod idle;
pub mod sync;
pub mod worker;

pub use client::{Credentials, ImapSession, connect_and_login};
