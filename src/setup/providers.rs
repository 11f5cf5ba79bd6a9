//! The bundled provider data (`resources/providers.toml`, embedded at build time): the first
//! and most trusted source of discovery, and the notes the wizard shows (app passwords,
//! OAuth2-only providers, IMAP to enable first).

use std::sync::OnceLock;

use serde::Deserialize;

use super::{
    Address, Candidate, Pop3Hints, Protocol, ProviderInfo, ProviderNote, ServerSetting, Source,
};
use crate::account::{AuthMethod, Security};

const DATA: &str = include_str!("../../resources/providers.toml");

/// How a provider wants the user name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsernameForm {
    /// The whole address.
    #[default]
    Address,
    /// The part before the `@`.
    LocalPart,
}

impl UsernameForm {
    pub fn apply(self, address: &Address) -> String {
        match self {
            UsernameForm::Address => address.full.clone(),
            UsernameForm::LocalPart => address.local.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<UsernameForm>,
}

/// One provider of the bundled data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub domains: Vec<String>,
    #[serde(default)]
    pub mx: Vec<String>,
    #[serde(default)]
    pub username: UsernameForm,
    #[serde(default)]
    pub imap: Vec<Endpoint>,
    #[serde(default)]
    pub pop3: Vec<Endpoint>,
    #[serde(default)]
    pub smtp: Vec<Endpoint>,
    #[serde(default)]
    pub notes: Vec<ProviderNote>,
    pub help_url: Option<String>,
    #[serde(default)]
    pub sent_saved_by_server: bool,
    pub oauth2: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    provider: Vec<Provider>,
}

/// Every bundled provider.
pub fn all() -> &'static [Provider] {
    static PROVIDERS: OnceLock<Vec<Provider>> = OnceLock::new();
    PROVIDERS.get_or_init(|| match toml::from_str::<Data>(DATA) {
        Ok(data) => data.provider,
        // The file is checked by a test; a broken build must not stop the wizard.
        Err(e) => {
            tracing::error!("bundled provider data: {e}");
            Vec::new()
        }
    })
}

/// The provider serving addresses at `domain` (an alias counts).
pub fn by_domain(domain: &str) -> Option<&'static Provider> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    all().iter().find(|p| p.domains.contains(&domain))
}

/// The provider whose MX hosts include `mx_host` (e.g. `alt1.aspmx.l.google.com`).
pub fn by_mx_host(mx_host: &str) -> Option<&'static Provider> {
    let host = mx_host.trim_end_matches('.').to_ascii_lowercase();
    all().iter().find(|p| {
        p.mx.iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    })
}

impl Provider {
    pub fn info(&self) -> ProviderInfo {
        ProviderInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            notes: self.notes.clone(),
            help_url: self.help_url.clone(),
            sent_saved_by_server: self.sent_saved_by_server,
            oauth2: self.oauth2.clone(),
        }
    }

    /// The provider's servers for `address`, IMAP before POP3.
    pub fn candidate(&self, address: &Address, source: Source) -> Candidate {
        let auth = if self.notes.contains(&ProviderNote::Oauth2Only) {
            AuthMethod::OAuth2
        } else {
            AuthMethod::Password
        };
        let settings = |protocol: Protocol, list: &[Endpoint]| -> Vec<ServerSetting> {
            list.iter()
                .map(|e| ServerSetting {
                    protocol,
                    host: e.host.clone(),
                    port: e.port,
                    security: e.security,
                    username: e.username.unwrap_or(self.username).apply(address),
                    auth,
                })
                .collect()
        };
        let mut incoming = settings(Protocol::Imap, &self.imap);
        incoming.extend(settings(Protocol::Pop3, &self.pop3));
        Candidate {
            source,
            provider: Some(self.info()),
            incoming,
            outgoing: settings(Protocol::Smtp, &self.smtp),
            pop3: Pop3Hints::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_data_is_complete_and_consistent() {
        let providers = all();
        assert!(providers.len() >= 18, "{} providers", providers.len());
        let mut seen = std::collections::HashSet::new();
        for p in providers {
            assert!(seen.insert(p.id.clone()), "{} twice", p.id);
            assert!(
                !p.imap.is_empty() || !p.pop3.is_empty(),
                "{}: no incoming",
                p.id
            );
            assert!(!p.smtp.is_empty(), "{}: no outgoing", p.id);
            for e in p.imap.iter().chain(&p.pop3).chain(&p.smtp) {
                assert_ne!(e.security, Security::None, "{}: plaintext {}", p.id, e.host);
            }
            if p.notes.contains(&ProviderNote::AppPassword) {
                assert!(
                    p.help_url.is_some(),
                    "{}: where is the app password made?",
                    p.id
                );
            }
            for d in &p.domains {
                assert_eq!(
                    by_domain(d).map(|q| &q.id),
                    Some(&p.id),
                    "{d} belongs to one provider"
                );
            }
        }
        for (domain, id) in [
            ("gmail.com", "gmail"),
            ("googlemail.com", "gmail"),
            ("hotmail.fr", "outlook"),
            ("live.de", "outlook"),
            ("wanadoo.fr", "orange"),
            ("neuf.fr", "sfr"),
            ("gmx.at", "gmx"),
            ("gmx.ch", "gmx"),
            ("gmx.fr", "gmx-com"),
            ("web.de", "webde"),
            ("t-online.de", "t-online"),
            ("laposte.net", "laposte"),
            ("free.fr", "free"),
            ("icloud.com", "icloud"),
            ("posteo.de", "posteo"),
            ("mailbox.org", "mailbox-org"),
            ("Yahoo.FR", "yahoo"),
        ] {
            assert_eq!(
                by_domain(domain).map(|p| p.id.as_str()),
                Some(id),
                "{domain}"
            );
        }
        assert!(by_domain("example.org").is_none());
    }

    #[test]
    fn mx_hosts_name_their_provider_but_lookalikes_do_not() {
        assert_eq!(by_mx_host("alt1.aspmx.l.google.com.").unwrap().id, "gmail");
        assert_eq!(
            by_mx_host("contoso-com.mail.protection.outlook.com")
                .unwrap()
                .id,
            "outlook"
        );
        assert!(by_mx_host("mx.notgoogle.com").is_none());
        assert!(by_mx_host("google.com.evil.example").is_none());
    }

    #[test]
    fn candidates_carry_user_names_notes_and_ranked_servers() {
        let marie = Address::parse("marie@free.fr").unwrap();
        let c = by_domain("free.fr")
            .unwrap()
            .candidate(&marie, Source::Bundled);
        assert_eq!(c.incoming[0].protocol, Protocol::Imap);
        assert_eq!(c.incoming[0].username, "marie", "Free wants the local part");
        assert_eq!(c.incoming[1].protocol, Protocol::Pop3);
        let me = Address::parse("tim@icloud.com").unwrap();
        let c = by_domain("icloud.com")
            .unwrap()
            .candidate(&me, Source::Bundled);
        assert_eq!(c.incoming[0].username, "tim", "iCloud IMAP: the local part");
        assert_eq!(
            c.outgoing[0].username, "tim@icloud.com",
            "iCloud SMTP: the address"
        );
        let info = c.provider.unwrap();
        assert!(info.notes.contains(&ProviderNote::AppPassword));
        assert!(info.sent_saved_by_server);
        let o = Address::parse("jo@outlook.fr").unwrap();
        let c = by_domain("outlook.fr")
            .unwrap()
            .candidate(&o, Source::Bundled);
        assert!(c.incoming.iter().all(|s| s.auth == AuthMethod::OAuth2));
    }
}
