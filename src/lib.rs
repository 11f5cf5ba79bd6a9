//! Facteur: a desktop mail client.
//!
//! The crate is one package with a library and a binary. The library holds everything the
//! binary, the tests and the benchmarks share:
//! - [`account`]: the accounts' configuration (TOML) and their secrets (the OS secret store);
//! - [`store`]: the local SQLite cache, which the engine alone writes;
//! - [`proto`]: the protocol core (connections, TLS, the IMAP, POP3 and SMTP clients, the
//!   error taxonomy);
//! - [`engine`]: the tokio side that owns every network connection, driven by
//!   [`engine::Command`]s and reporting [`engine::Event`]s;
//! - [`i18n`]: Fluent translations (English, French, German);
//! - [`ui`]: the iced desktop interface.

pub mod account;
pub mod desktop;
pub mod engine;
pub mod i18n;
pub mod mime;
pub mod paths;
pub mod proto;
pub mod setup;
pub mod store;
pub mod ui;
