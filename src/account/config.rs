//! The accounts file (`facteur.toml`): serde + toml, saved atomically.
//!
//! The file carries `schema_version`; a file written by a newer Facteur is refused rather than
//! misread. A malformed file gives an error naming its line and column. Saving writes a
//! temporary file beside the real one, fsyncs it, renames it over the old one and fsyncs the
//! folder, so a crash or a full disk leaves either the old file or the new one, never half.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The version of the file format this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything in `facteur.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub schema_version: u32,
    #[serde(default, rename = "account", skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    /// The OAuth2 client registrations to sign in with, by provider (`google`, `microsoft`).
    /// Facteur ships none: an application must be registered with each provider.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub oauth2: std::collections::BTreeMap<String, OAuthClient>,
    /// How the window behaves.
    #[serde(default, skip_serializing_if = "Preferences::is_default")]
    pub preferences: Preferences,
}

/// The user's choices in the preferences panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Preferences {
    /// `en`, `fr` or `de`; none: follow the system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Opening a message marks it read.
    pub mark_read_on_open: bool,
    /// New mail is announced by a desktop notification.
    pub notifications: bool,
    /// `light` or `dark`; none: follow the system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The reader offers to load a message's remote images when the user asks (they are
    /// never loaded without that click); off: never loaded at all.
    pub offer_remote_images: bool,
    /// Closing the window leaves Facteur checking for mail (notifications still arrive);
    /// none: yes where the desktop shows notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_running: Option<bool>,
    /// Senders whose HTML mail the user reads as plain text (addresses, lower case).
    #[serde(skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub plain_text_senders: std::collections::BTreeSet<String>,
    /// Senders whose remote pictures are shown without asking each time (lower case).
    #[serde(skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub picture_senders: std::collections::BTreeSet<String>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            language: None,
            mark_read_on_open: true,
            notifications: true,
            theme: None,
            offer_remote_images: true,
            keep_running: None,
            plain_text_senders: Default::default(),
            picture_senders: Default::default(),
        }
    }
}

impl Preferences {
    fn is_default(&self) -> bool {
        *self == Preferences::default()
    }
}

/// An application registered with an OAuth2 provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClient {
    pub client_id: String,
    /// Google gives "desktop" clients a secret that is not secret; others have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema_version: SCHEMA_VERSION,
            accounts: Vec::new(),
            oauth2: Default::default(),
            preferences: Preferences::default(),
        }
    }
}

impl Account {
    /// The key this account is known by.
    pub fn id(&self) -> super::AccountId {
        super::AccountId::of(&self.email)
    }
}

/// One mail account: who the user is and where the mail is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The name shown to recipients ("Marie Dupont").
    #[serde(default)]
    pub name: String,
    /// The address; also the account's identity in Facteur.
    pub email: String,
    pub incoming: Incoming,
    pub outgoing: Server,
    /// Only meaningful for POP3 accounts.
    #[serde(default, skip_serializing_if = "Pop3Policy::is_default")]
    pub pop3: Pop3Policy,
    /// IMAP: download every message's full text in the background, so all mail can be read
    /// and searched offline (otherwise a message's text is fetched when it is opened).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_offline: bool,
    /// The provider files sent mail in the Sent folder by itself (Gmail does), so Facteur must
    /// not append a second copy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sent_saved_by_server: bool,
}

/// The incoming server, IMAP or POP3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "IncomingTable", into = "IncomingTable")]
pub enum Incoming {
    Imap(Server),
    Pop3(Server),
}

/// How [`Incoming`] is written: a plain table with a `protocol` key. (An internally tagged
/// enum would buffer the table and lose the line numbers of errors inside it.)
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncomingTable {
    protocol: IncomingProtocol,
    host: String,
    port: u16,
    security: Security,
    username: String,
    #[serde(default)]
    auth: AuthMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum IncomingProtocol {
    Imap,
    Pop3,
}

impl From<IncomingTable> for Incoming {
    fn from(t: IncomingTable) -> Incoming {
        let server = Server {
            host: t.host,
            port: t.port,
            security: t.security,
            username: t.username,
            auth: t.auth,
            ca_file: t.ca_file,
        };
        match t.protocol {
            IncomingProtocol::Imap => Incoming::Imap(server),
            IncomingProtocol::Pop3 => Incoming::Pop3(server),
        }
    }
}

impl From<Incoming> for IncomingTable {
    fn from(incoming: Incoming) -> IncomingTable {
        let (protocol, s) = match incoming {
            Incoming::Imap(s) => (IncomingProtocol::Imap, s),
            Incoming::Pop3(s) => (IncomingProtocol::Pop3, s),
        };
        IncomingTable {
            protocol,
            host: s.host,
            port: s.port,
            security: s.security,
            username: s.username,
            auth: s.auth,
            ca_file: s.ca_file,
        }
    }
}

impl Incoming {
    pub fn server(&self) -> &Server {
        match self {
            Incoming::Imap(s) | Incoming::Pop3(s) => s,
        }
    }

    pub fn protocol_name(&self) -> &'static str {
        match self {
            Incoming::Imap(_) => "imap",
            Incoming::Pop3(_) => "pop3",
        }
    }
}

/// How to reach and log into one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    #[serde(default)]
    pub auth: AuthMethod,
    /// An extra certificate authority (PEM) trusted for this server, for self-hosted servers
    /// with a private CA. The platform's roots stay trusted too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, POP3S 995, submissions 465).
    Tls,
    /// A plain connection upgraded with STARTTLS/STLS, which is then required.
    Starttls,
    /// No encryption at all: only when the user explicitly accepted it.
    None,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s.to_ascii_lowercase().as_str() {
            "tls" | "ssl" | "ssl/tls" => Some(Security::Tls),
            "starttls" | "stls" => Some(Security::Starttls),
            "none" | "plain" => Some(Security::None),
            _ => None,
        }
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        })
    }
}

/// How Facteur proves who the user is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    #[default]
    Password,
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// What a POP3 account does with mail on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pop3Policy {
    pub retention: Pop3Retention,
    /// With [`Pop3Retention::LeaveOnServer`]: delete from the server this many days after
    /// download (`None`: never; written as 0).
    #[serde(with = "zero_is_none")]
    pub delete_after_days: Option<u32>,
    /// Minutes between two automatic checks.
    pub check_interval_minutes: u32,
    /// Deleting a message in Facteur also deletes it on the server.
    pub delete_on_server_when_deleted_here: bool,
}

impl Default for Pop3Policy {
    fn default() -> Self {
        Pop3Policy {
            retention: Pop3Retention::LeaveOnServer,
            delete_after_days: Some(14),
            check_interval_minutes: 10,
            delete_on_server_when_deleted_here: false,
        }
    }
}

impl Pop3Policy {
    fn is_default(&self) -> bool {
        *self == Pop3Policy::default()
    }
}

/// TOML has no null: an absent number of days is written as 0.
mod zero_is_none {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(days: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(days.unwrap_or(0))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Ok(Some(u32::deserialize(d)?).filter(|&days| days > 0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pop3Retention {
    LeaveOnServer,
    DeleteAfterDownload,
}

/// Why the accounts file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}, column {column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} was written by a newer Facteur (format {found}; this one reads up to {SCHEMA_VERSION})"
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot save {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Config {
    /// Reads the file; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.into(),
                    source,
                });
            }
        };
        Config::parse(&text, path)
    }

    /// Parses the text of a configuration file; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((0, 0));
            ConfigError::Syntax {
                path: path.into(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        if config.schema_version > SCHEMA_VERSION {
            return Err(ConfigError::TooNew {
                path: path.into(),
                found: config.schema_version,
            });
        }
        config.validate().map_err(|message| ConfigError::Invalid {
            path: path.into(),
            message,
        })?;
        Ok(config)
    }

    /// Checks what the types alone cannot: addresses, hosts, ports, duplicates.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for account in &self.accounts {
            if !is_plausible_address(&account.email) {
                return Err(format!("“{}” is not an e-mail address", account.email));
            }
            if !seen.insert(account.email.to_lowercase()) {
                return Err(format!("the account {} appears twice", account.email));
            }
            for (role, server) in [
                ("incoming", account.incoming.server()),
                ("outgoing", &account.outgoing),
            ] {
                if server.host.trim().is_empty() || server.host.contains(char::is_whitespace) {
                    return Err(format!(
                        "account {}: the {role} server's host “{}” is not valid",
                        account.email, server.host
                    ));
                }
                if server.port == 0 {
                    return Err(format!(
                        "account {}: the {role} server's port cannot be 0",
                        account.email
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn account(&self, email: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email))
    }

    /// Serialises and replaces the file atomically (temp file, fsync, rename, fsync folder).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let write_err = |source| ConfigError::Write {
            path: path.into(),
            source,
        };
        self.validate().map_err(|message| ConfigError::Invalid {
            path: path.into(),
            message,
        })?;
        let text = toml::to_string_pretty(self)
            .map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(write_err)?;
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("facteur.toml");
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(
                b"# Facteur accounts. Passwords are kept in the system's secret store, not here.\n",
            )?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&tmp, path)?;
            std::fs::File::open(dir)?.sync_all()
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(write_err)
    }
}

/// A deliberately loose check (local@domain.tld, no spaces): the server has the last word.
pub fn is_plausible_address(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Config {
        let server = |host: &str, port, security| Server {
            host: host.into(),
            port,
            security,
            username: "marie@orange.fr".into(),
            auth: AuthMethod::Password,
            ca_file: None,
        };
        Config {
            schema_version: SCHEMA_VERSION,
            preferences: Preferences {
                language: Some("fr".into()),
                mark_read_on_open: false,
                notifications: false,
                theme: Some("dark".into()),
                offer_remote_images: false,
                keep_running: Some(false),
                plain_text_senders: Default::default(),
                picture_senders: Default::default(),
            },
            oauth2: [(
                "google".to_string(),
                OAuthClient {
                    client_id: "123-abc.apps.googleusercontent.com".into(),
                    client_secret: Some("not-secret".into()),
                },
            )]
            .into(),
            accounts: vec![
                Account {
                    name: "Marie Dupont".into(),
                    email: "marie@orange.fr".into(),
                    incoming: Incoming::Imap(server("imap.orange.fr", 993, Security::Tls)),
                    outgoing: server("smtp.orange.fr", 465, Security::Tls),
                    pop3: Pop3Policy::default(),
                    keep_offline: false,
                    sent_saved_by_server: false,
                },
                Account {
                    name: "Jörg Müller".into(),
                    email: "joerg@gmx.de".into(),
                    incoming: Incoming::Pop3(Server {
                        ca_file: Some("/etc/ssl/private-ca.pem".into()),
                        ..server("pop.gmx.net", 995, Security::Tls)
                    }),
                    outgoing: Server {
                        auth: AuthMethod::OAuth2,
                        ..server("mail.gmx.net", 587, Security::Starttls)
                    },
                    pop3: Pop3Policy {
                        retention: Pop3Retention::DeleteAfterDownload,
                        delete_after_days: None,
                        check_interval_minutes: 5,
                        delete_on_server_when_deleted_here: true,
                    },
                    keep_offline: true,
                    sent_saved_by_server: true,
                },
            ],
        }
    }

    #[test]
    fn a_saved_config_reads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facteur.toml");
        let config = sample();
        config.save(&path).unwrap();
        assert_eq!(Config::load(&path).unwrap(), config);
        // no temporary file is left behind
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("facteur.toml")]);
    }

    #[test]
    fn a_missing_file_is_an_empty_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(&dir.path().join("nothing.toml")).unwrap();
        assert!(config.accounts.is_empty());
        assert_eq!(config.schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let text = "schema_version = 1\n\n[[account]]\nemail = \"a@b.fr\"\nname = \"unterminated\n";
        let err = Config::parse(text, Path::new("f.toml")).unwrap_err();
        match &err {
            ConfigError::Syntax { line, .. } => assert_eq!(*line, 5, "{err}"),
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(err.to_string().contains("line 5"), "{err}");
    }

    #[test]
    fn a_wrong_value_names_its_line_and_the_problem() {
        let mut text = toml::to_string_pretty(&sample()).unwrap();
        text = text.replacen("security = \"tls\"", "security = \"maybe\"", 1);
        let bad_line = text.lines().position(|l| l.contains("maybe")).unwrap() + 1;
        let err = Config::parse(&text, Path::new("f.toml")).unwrap_err();
        let ConfigError::Syntax { line, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*line, bad_line, "{err}");
        assert!(
            message.contains("maybe") || message.contains("variant"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let text = "schema_version = 1\ncolour = \"blue\"\n";
        let err = Config::parse(text, Path::new("f.toml")).unwrap_err();
        let ConfigError::Syntax { line, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*line, 2);
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn a_newer_format_is_refused() {
        let err = Config::parse("schema_version = 99\n", Path::new("f.toml")).unwrap_err();
        assert!(
            matches!(err, ConfigError::TooNew { found: 99, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn invalid_values_are_refused_on_load_and_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facteur.toml");
        let good = sample();
        good.save(&path).unwrap();
        let before = std::fs::read(&path).unwrap();

        let mut bad = sample();
        bad.accounts[0].outgoing.port = 0;
        assert!(matches!(bad.save(&path), Err(ConfigError::Invalid { .. })));
        let mut twice = sample();
        twice.accounts[1].email = "MARIE@orange.fr".into();
        assert!(matches!(
            twice.save(&path),
            Err(ConfigError::Invalid { .. })
        ));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "a refused save left the file alone"
        );
    }

    #[test]
    fn a_save_that_cannot_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facteur.toml");
        sample().save(&path).unwrap();
        let before = std::fs::read(&path).unwrap();
        // Turn the target into something rename cannot replace: a non-empty folder.
        let blocked = dir.path().join("blocked.toml");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"x").unwrap();
        assert!(matches!(
            sample().save(&blocked),
            Err(ConfigError::Write { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file remains");
    }

    #[test]
    fn addresses_are_checked_loosely() {
        assert!(is_plausible_address("marie@orange.fr"));
        assert!(is_plausible_address("jörg.müller@gmx.de"));
        assert!(!is_plausible_address("marie"));
        assert!(!is_plausible_address("marie@localhost"));
        assert!(!is_plausible_address("ma rie@orange.fr"));
        assert!(!is_plausible_address("@orange.fr"));
    }
}
