//! Accounts: what the user set up (servers, identity, POP3 policy) and their secrets.
//!
//! The configuration is a TOML file ([`config`]); passwords and OAuth2 tokens never go there,
//! only into the operating system's secret store ([`secrets`]).

pub mod config;
pub mod id;
pub mod secrets;

pub use config::{
    Account, AuthMethod, Config, ConfigError, Incoming, OAuthClient, Pop3Policy, Pop3Retention,
    Preferences, Security, Server,
};
pub use id::AccountId;
pub use secrets::{SecretError, SecretKey, SecretRole, Secrets};
