//! The manual server form ("Edit settings"): incoming and outgoing servers, where choosing a
//! security fills in the usual port and choosing none needs the user's informed consent.

use crate::account::{AuthMethod, Security};
use crate::setup::{Protocol, ServerSetting};

/// Which of the two servers a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Incoming,
    Outgoing,
}

/// One server's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerForm {
    pub protocol: Protocol,
    pub host: String,
    pub port: String,
    pub security: Security,
    pub username: String,
    pub auth: AuthMethod,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub incoming: ServerForm,
    pub outgoing: ServerForm,
    /// "I understand the risks" for a server without encryption.
    pub consent: bool,
}

/// A change to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Protocol(Protocol),
    Host(Role, String),
    Port(Role, String),
    Security(Role, Security),
    Username(Role, String),
    Auth(Role, AuthMethod),
    Consent(bool),
}

/// Why the form cannot be checked yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    MissingHost(Role),
    BadPort(Role),
    MissingUsername(Role),
    /// A server without encryption and no consent given.
    NeedsConsent,
}

/// The port a protocol usually has with a security.
pub fn usual_port(protocol: Protocol, security: Security) -> u16 {
    match (protocol, security) {
        (Protocol::Imap, Security::Tls) => 993,
        (Protocol::Imap, _) => 143,
        (Protocol::Pop3, Security::Tls) => 995,
        (Protocol::Pop3, _) => 110,
        (Protocol::Smtp, Security::Tls) => 465,
        (Protocol::Smtp, _) => 587,
    }
}

impl ServerForm {
    pub fn from_setting(s: &ServerSetting) -> ServerForm {
        ServerForm {
            protocol: s.protocol,
            host: s.host.clone(),
            port: s.port.to_string(),
            security: s.security,
            username: s.username.clone(),
            auth: s.auth,
        }
    }

    /// The form for a configured server.
    pub fn from_server(protocol: Protocol, s: &crate::account::Server) -> ServerForm {
        ServerForm {
            protocol,
            host: s.host.clone(),
            port: s.port.to_string(),
            security: s.security,
            username: s.username.clone(),
            auth: s.auth,
        }
    }

    /// An empty form for a protocol, with the address as user name.
    pub fn blank(protocol: Protocol, email: &str) -> ServerForm {
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        let prefix = match protocol {
            Protocol::Imap => "imap.",
            Protocol::Pop3 => "pop.",
            Protocol::Smtp => "smtp.",
        };
        ServerForm {
            protocol,
            host: if domain.is_empty() {
                String::new()
            } else {
                format!("{prefix}{domain}")
            },
            port: usual_port(protocol, Security::Tls).to_string(),
            security: Security::Tls,
            username: email.trim().to_string(),
            auth: AuthMethod::Password,
        }
    }

    pub fn setting(&self) -> Option<ServerSetting> {
        Some(ServerSetting {
            protocol: self.protocol,
            host: self.host.trim().trim_end_matches('.').to_string(),
            port: self.port.trim().parse().ok().filter(|p| *p > 0)?,
            security: self.security,
            username: self.username.trim().to_string(),
            auth: self.auth,
        })
    }
}

impl Form {
    pub fn new(incoming: ServerForm, outgoing: ServerForm) -> Form {
        Form {
            incoming,
            outgoing,
            consent: false,
        }
    }

    pub fn server(&self, role: Role) -> &ServerForm {
        match role {
            Role::Incoming => &self.incoming,
            Role::Outgoing => &self.outgoing,
        }
    }

    fn server_mut(&mut self, role: Role) -> &mut ServerForm {
        match role {
            Role::Incoming => &mut self.incoming,
            Role::Outgoing => &mut self.outgoing,
        }
    }

    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::Protocol(p) => {
                let s = &mut self.incoming;
                if s.protocol != p {
                    s.protocol = p;
                    s.port = usual_port(p, s.security).to_string();
                    // imap.example.org ↔ pop.example.org when the name follows the usual form.
                    for (from, to) in [("imap.", "pop."), ("pop.", "imap."), ("pop3.", "imap.")] {
                        if let Some(rest) = s.host.strip_prefix(from) {
                            if (p == Protocol::Pop3) == (to == "pop.") {
                                s.host = format!("{to}{rest}");
                            }
                            break;
                        }
                    }
                }
            }
            Edit::Host(role, host) => self.server_mut(role).host = host,
            Edit::Port(role, port) => {
                self.server_mut(role).port = port.chars().filter(char::is_ascii_digit).collect()
            }
            Edit::Security(role, security) => {
                let s = self.server_mut(role);
                s.security = security;
                s.port = usual_port(s.protocol, security).to_string();
                if security != Security::None
                    && self.incoming.security != Security::None
                    && self.outgoing.security != Security::None
                {
                    self.consent = false;
                }
            }
            Edit::Username(role, name) => self.server_mut(role).username = name,
            Edit::Auth(role, auth) => self.server_mut(role).auth = auth,
            Edit::Consent(on) => self.consent = on,
        }
    }

    /// Whether a server would send the password unencrypted.
    pub fn is_plaintext(&self) -> bool {
        self.incoming.security == Security::None || self.outgoing.security == Security::None
    }

    /// The first thing that stops a check, if any.
    pub fn problem(&self) -> Option<Problem> {
        for role in [Role::Incoming, Role::Outgoing] {
            let s = self.server(role);
            if s.host.trim().is_empty() || s.host.trim().contains(char::is_whitespace) {
                return Some(Problem::MissingHost(role));
            }
            if s.setting().is_none() {
                return Some(Problem::BadPort(role));
            }
            if s.username.trim().is_empty() {
                return Some(Problem::MissingUsername(role));
            }
        }
        if self.is_plaintext() && !self.consent {
            return Some(Problem::NeedsConsent);
        }
        None
    }

    /// Both servers, when the form is complete.
    pub fn settings(&self) -> Option<(ServerSetting, ServerSetting)> {
        if self.problem().is_some() {
            return None;
        }
        Some((self.incoming.setting()?, self.outgoing.setting()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            ServerForm::blank(Protocol::Imap, "marie@example.fr"),
            ServerForm::blank(Protocol::Smtp, "marie@example.fr"),
        )
    }

    #[test]
    fn choosing_a_security_fills_in_the_usual_port() {
        let mut f = form();
        assert_eq!(f.incoming.port, "993");
        f.apply(Edit::Security(Role::Incoming, Security::Starttls));
        assert_eq!(f.incoming.port, "143");
        f.apply(Edit::Security(Role::Outgoing, Security::Starttls));
        assert_eq!(f.outgoing.port, "587");
        f.apply(Edit::Security(Role::Outgoing, Security::Tls));
        assert_eq!(f.outgoing.port, "465");
        f.apply(Edit::Protocol(Protocol::Pop3));
        assert_eq!(
            (f.incoming.port.as_str(), f.incoming.host.as_str()),
            ("110", "pop.example.fr")
        );
        f.apply(Edit::Security(Role::Incoming, Security::Tls));
        assert_eq!(f.incoming.port, "995");
    }

    #[test]
    fn no_encryption_needs_consent_and_typos_are_caught() {
        let mut f = form();
        assert_eq!(f.problem(), None);
        f.apply(Edit::Security(Role::Incoming, Security::None));
        assert_eq!(f.problem(), Some(Problem::NeedsConsent));
        assert!(f.settings().is_none());
        f.apply(Edit::Consent(true));
        assert_eq!(f.problem(), None);
        f.apply(Edit::Security(Role::Incoming, Security::Tls));
        assert!(!f.consent, "consent is asked again next time");
        f.apply(Edit::Port(Role::Outgoing, "".into()));
        assert_eq!(f.problem(), Some(Problem::BadPort(Role::Outgoing)));
        f.apply(Edit::Port(Role::Outgoing, "58a7".into()));
        assert_eq!(f.outgoing.port, "587");
        f.apply(Edit::Host(Role::Incoming, " ".into()));
        assert_eq!(f.problem(), Some(Problem::MissingHost(Role::Incoming)));
    }
}
