//! Account setup: from an address to servers, ports, security and user name.
//!
//! Discovery asks its sources in order and stops at the first trustworthy answer (GUIDE §6):
//! the bundled provider data ([`providers`]), the provider's autoconfig file and the ISPDB
//! (parsed by [`autoconfig`]), the MX host's provider, RFC 6186 SRV records, then guessing.
//! Every answer is a [`Candidate`] saying where it came from.

pub mod autoconfig;
pub mod discover;
pub mod oauth2;
pub mod probe;
pub mod providers;

use serde::Serialize;

use crate::account::{AuthMethod, Security};

/// A mail protocol a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Imap,
    Pop3,
    Smtp,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
            Protocol::Smtp => "SMTP",
        }
    }
}

/// One server setting, ready to try with the user's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerSetting {
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The user name to log in with (placeholders already replaced).
    pub username: String,
    /// How to log in; the first that Facteur supports is used.
    pub auth: AuthMethod,
}

impl ServerSetting {
    /// Whether the password would cross the network unencrypted (only with the user's
    /// explicit consent).
    pub fn is_plaintext(&self) -> bool {
        self.security == Security::None
    }

    /// The server as an account keeps it, trusting `ca_file` besides the system's roots.
    pub fn server(&self, ca_file: Option<std::path::PathBuf>) -> crate::account::Server {
        crate::account::Server {
            host: self.host.clone(),
            port: self.port,
            security: self.security,
            username: self.username.clone(),
            auth: self.auth,
            ca_file,
        }
    }
}

/// A server as provider data gives it, for any address: its host and user name may hold the
/// placeholders of the autoconfig format (`%EMAILADDRESS%`, `%EMAILLOCALPART%`,
/// `%EMAILDOMAIN%`), filled in by [`ServerTemplate::for_address`]. The bundled provider data
/// and the autoconfig files share it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerTemplate {
    pub host: String,
    pub port: u16,
    pub security: Security,
    #[serde(
        default = "ServerTemplate::whole_address",
        skip_serializing_if = "ServerTemplate::is_whole_address"
    )]
    pub username: String,
    #[serde(default, skip_serializing_if = "ServerTemplate::is_password")]
    pub auth: AuthMethod,
}

impl ServerTemplate {
    /// The user name most providers want: the whole address.
    pub const WHOLE_ADDRESS: &'static str = "%EMAILADDRESS%";

    fn whole_address() -> String {
        Self::WHOLE_ADDRESS.to_string()
    }

    fn is_whole_address(u: &str) -> bool {
        u == Self::WHOLE_ADDRESS
    }

    fn is_password(a: &AuthMethod) -> bool {
        *a == AuthMethod::Password
    }

    /// The setting for `address`, or `None` when the filled-in host is not a valid host name.
    pub fn for_address(&self, protocol: Protocol, address: &Address) -> Option<ServerSetting> {
        let host = fill(&self.host, address).to_ascii_lowercase();
        valid_host(&host).then(|| ServerSetting {
            protocol,
            host,
            port: self.port,
            security: self.security,
            username: fill(&self.username, address),
            auth: self.auth,
        })
    }

    /// Whether the template makes a valid host for an ordinary address.
    pub fn is_valid(&self) -> bool {
        self.port > 0 && valid_host(&fill(&self.host, &Address::example()).to_ascii_lowercase())
    }
}

/// A provider's servers by protocol, each list in the provider's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Servers {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imap: Vec<ServerTemplate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pop3: Vec<ServerTemplate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub smtp: Vec<ServerTemplate>,
}

impl Servers {
    pub fn is_empty(&self) -> bool {
        self.imap.is_empty() && self.pop3.is_empty() && self.smtp.is_empty()
    }

    /// The incoming servers for `address`, ranked: IMAP before POP3, and on each protocol
    /// implicit TLS before STARTTLS before no encryption (which comes after every encrypted
    /// server); otherwise in the provider's order.
    pub fn incoming(&self, address: &Address) -> Vec<ServerSetting> {
        let mut list: Vec<ServerSetting> = (self.imap.iter().map(|t| (Protocol::Imap, t)))
            .chain(self.pop3.iter().map(|t| (Protocol::Pop3, t)))
            .filter_map(|(p, t)| t.for_address(p, address))
            .collect();
        list.sort_by_key(|s| {
            (
                s.is_plaintext(),
                s.protocol == Protocol::Pop3,
                s.security == Security::Starttls,
            )
        });
        list
    }

    /// The outgoing servers for `address`, ranked as [`Servers::incoming`] does.
    pub fn outgoing(&self, address: &Address) -> Vec<ServerSetting> {
        let mut list: Vec<ServerSetting> = self
            .smtp
            .iter()
            .filter_map(|t| t.for_address(Protocol::Smtp, address))
            .collect();
        list.sort_by_key(|s| (s.is_plaintext(), s.security == Security::Starttls));
        list
    }
}

/// Replaces the autoconfig placeholders with the parts of `address`.
pub fn fill(text: &str, address: &Address) -> String {
    text.replace("%EMAILADDRESS%", &address.full)
        .replace("%EMAILLOCALPART%", &address.local)
        .replace("%EMAILDOMAIN%", &address.domain)
}

/// A host name of letters, digits and hyphens in dot-separated labels.
pub fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The account that setup settled on: the verified servers, with what the provider says
/// (Sent filed by the server, POP3 retention) applied.
pub fn account(
    name: &str,
    email: &str,
    incoming: &ServerSetting,
    outgoing: &ServerSetting,
    found: Option<&Candidate>,
    ca_file: Option<std::path::PathBuf>,
) -> crate::account::Account {
    use crate::account::{Account, Incoming, Pop3Policy, Pop3Retention};
    let mut pop3 = Pop3Policy::default();
    if let Some(c) = found {
        if c.pop3.leave_on_server == Some(false) {
            pop3.retention = Pop3Retention::DeleteAfterDownload;
        }
        if let Some(days) = c.pop3.days_to_leave {
            pop3.delete_after_days = Some(days);
        }
    }
    let server = incoming.server(ca_file.clone());
    Account {
        name: name.trim().to_string(),
        email: email.trim().to_string(),
        incoming: match incoming.protocol {
            Protocol::Pop3 => Incoming::Pop3(server),
            _ => Incoming::Imap(server),
        },
        outgoing: outgoing.server(ca_file),
        pop3,
        keep_offline: false,
        sent_saved_by_server: found
            .and_then(|c| c.provider.as_ref())
            .is_some_and(|p| p.sent_saved_by_server),
    }
}

/// What the user must know or do about a provider, translated by the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderNote {
    /// The account password is refused: an app password must be made.
    AppPassword,
    /// Only a browser sign-in (OAuth2) works.
    Oauth2Only,
    /// IMAP/POP access must first be turned on in the provider's web settings.
    EnableImap,
    /// Mail apps are only for paying customers.
    PaidPlan,
}

/// Why a provider cannot work with a mail app, translated by the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unsupported {
    /// The provider offers no IMAP or POP3 to mail apps at all.
    NoMailApps,
    /// Only through the provider's own bridge program, run beside the mail app (Proton).
    Bridge,
    /// The servers are reachable only through Tor.
    Tor,
    /// A domain reserved for examples (RFC 2606): it has no mailboxes.
    Reserved,
}

/// A known provider, as the wizard presents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderInfo {
    pub id: String,
    pub name: String,
    pub notes: Vec<ProviderNote>,
    /// The page where the note's step is done (app passwords, settings).
    pub help_url: Option<String>,
    /// The server files sent mail in Sent itself.
    pub sent_saved_by_server: bool,
    /// The OAuth2 endpoints it supports ("google", "microsoft").
    pub oauth2: Option<String>,
    /// Set when the provider cannot work with a mail app: discovery says so instead of
    /// offering servers.
    pub unsupported: Option<Unsupported>,
}

/// Where a candidate came from, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// Facteur's own provider data.
    Bundled,
    /// The provider's own autoconfig file. `insecure`: fetched over plain HTTP, so it may have
    /// been tampered with; the user must confirm it.
    Autoconfig { url: String, insecure: bool },
    /// Thunderbird's ISPDB.
    Ispdb { url: String },
    /// The domain's mail is handled by a known provider (found through its MX host).
    Mx { mx_host: String },
    /// RFC 6186 SRV records.
    Srv,
    /// A server that answered on a guessed name.
    Guess,
}

/// What a provider says about leaving POP3 mail on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pop3Hints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_on_server: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_leave: Option<u32>,
}

impl Pop3Hints {
    pub fn is_empty(&self) -> bool {
        *self == Pop3Hints::default()
    }
}

/// One answer of discovery: incoming servers (IMAP first) and outgoing servers, ranked, as
/// alternatives to try in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub source: Source,
    pub provider: Option<ProviderInfo>,
    pub incoming: Vec<ServerSetting>,
    pub outgoing: Vec<ServerSetting>,
    pub pop3: Pop3Hints,
}

/// An HTTPS client with certificate checks (plus `extra_ca`) that never follows a redirect
/// from HTTPS to plain HTTP, for configuration files and token services.
pub(crate) fn https_client(
    extra_ca: Option<&std::path::Path>,
    timeout: std::time::Duration,
) -> Option<reqwest::Client> {
    let tls = crate::proto::tls::client_config(extra_ca).ok()?;
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let from_https = attempt
            .previous()
            .first()
            .is_some_and(|u| u.scheme() == "https");
        if attempt.previous().len() > 3 || (from_https && attempt.url().scheme() != "https") {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .tls_backend_preconfigured((*tls).clone())
        .redirect(policy)
        .connect_timeout(timeout)
        .timeout(timeout)
        .user_agent(concat!("Facteur/", env!("CARGO_PKG_VERSION")))
        .build()
        .ok()
}

/// An address split into its parts, checked for the shape `local@domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub full: String,
    pub local: String,
    /// Lower case, without a trailing dot.
    pub domain: String,
}

impl Address {
    pub fn parse(text: &str) -> Option<Address> {
        let full = text.trim();
        let (local, domain) = full.rsplit_once('@')?;
        let domain = domain.trim_end_matches('.').to_lowercase();
        let valid_domain = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let valid_local = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c));
        (valid_domain && valid_local).then(|| Address {
            full: full.to_string(),
            local: local.to_string(),
            domain,
        })
    }

    /// An ordinary address, to check templates with.
    pub fn example() -> Address {
        Address {
            full: "someone@example.org".into(),
            local: "someone".into(),
            domain: "example.org".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_split() {
        let a = Address::parse(" Marie.Dupont@Orange.FR. ").unwrap();
        assert_eq!(
            (a.local.as_str(), a.domain.as_str(), a.full.as_str()),
            ("Marie.Dupont", "orange.fr", "Marie.Dupont@Orange.FR.")
        );
        assert!(Address::parse("jürgen@gmx.de").is_some());
        assert!(Address::parse("jean@müller.de").is_some(), "IDN domains");
        for bad in [
            "",
            "marie",
            "marie@",
            "@orange.fr",
            "marie@orange",
            "ma rie@orange.fr",
            "m@-x.fr",
            "m@x..fr",
        ] {
            assert!(Address::parse(bad).is_none(), "{bad:?}");
        }
    }
}
