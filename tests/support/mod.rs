//! Test support: the project's real mail servers, fresh users, delivery and OAuth2 tokens.
//!
//! One server instance serves the whole test run. `scripts/test` starts it and names its
//! folder in `FACTEUR_TEST_MAILSERVER`; without that variable the first test process to need
//! it starts a shared instance in `$TMPDIR/facteur-test-mailserver-$UID` (under a lock, so
//! parallel test processes agree) and leaves it running for the next run
//! (`scripts/mailserver stop DIR` ends it). Every test creates its own users, so tests are
//! independent and can run in parallel.
#![allow(dead_code, unused_imports)]

pub mod engine;
pub mod http;
pub mod imap;
pub mod mailserver;
pub mod pop3;
pub mod relay;
pub mod session;
pub mod throttle;
pub mod tls;

pub use mailserver::{MailServer, TestUser, mailserver};

/// A random hexadecimal token, for unique names and passwords.
pub fn random_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}
