//! IMAP, on async-imap over tokio + rustls.
//!
//! - [`folders`]: LIST with SPECIAL-USE and the fallbacks on well-known names;
//! - [`sync`]: headers newest first into the store, then resync by CONDSTORE/QRESYNC or by
//!   comparing UIDs and flags;
//! - [`actions`]: flags, moves and deletions, applied to the store at once and replayed on the
//!   server (queued while offline);
//! - [`idle`]: push on a dedicated connection;
//! - [`worker`]: the account task tying them together.

pub mod actions;
pub mod folders;
pub mod idle;
pub mod sync;
pub mod worker;
