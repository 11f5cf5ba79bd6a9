//! Thunderbird's autoconfig format (`config-v1.1.xml`), as served by providers
//! (`autoconfig.DOMAIN`, `.well-known`) and by the ISPDB.
//!
//! The file comes from the network, so it is treated as hostile: at most [`MAX_SIZE`] bytes,
//! no DTD (so no entity expansion, internal or external), UTF-8 only; servers with an invalid
//! host name or port or an authentication Facteur cannot do are left out rather than trusted.

use roxmltree::{Document, Node, ParsingOptions};

use super::{Address, Pop3Hints, ServerSetting, ServerTemplate, Servers};
use crate::account::{AuthMethod, Security};

/// The largest configuration file accepted (real ones are a few kilobytes).
pub const MAX_SIZE: usize = 256 * 1024;

/// Why a configuration file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutoconfigError {
    #[error("the configuration file is too large ({0} bytes)")]
    TooLarge(usize),
    #[error("the configuration file declares a DTD or entities, which are refused")]
    Dtd,
    #[error("the configuration file is not valid XML: {0}")]
    Malformed(String),
    #[error("the file is not a mail configuration (no clientConfig/emailProvider)")]
    NotAutoconfig,
    #[error("the configuration names no usable server")]
    NoServer,
}

/// What a configuration file says, for any address of its domains (placeholders kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The `id` of `emailProvider` (its main domain).
    pub provider_id: String,
    pub display_name: String,
    /// Lower case, without duplicates, in the file's order.
    pub domains: Vec<String>,
    /// The servers Facteur can use, in the file's order.
    pub servers: Servers,
    pub pop3: Pop3Hints,
}

/// What a configuration file says for one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The `id` of `emailProvider` (its main domain).
    pub provider_id: String,
    pub display_name: String,
    pub domains: Vec<String>,
    /// IMAP before POP3, encrypted before plaintext, TLS before STARTTLS, otherwise in the
    /// file's order.
    pub incoming: Vec<ServerSetting>,
    pub outgoing: Vec<ServerSetting>,
    pub pop3: Pop3Hints,
}

/// Parses a configuration file for `address`, replacing the placeholders.
pub fn parse(bytes: &[u8], address: &Address) -> Result<Parsed, AutoconfigError> {
    let t = parse_template(bytes)?;
    let parsed = Parsed {
        incoming: t.servers.incoming(address),
        outgoing: t.servers.outgoing(address),
        provider_id: t.provider_id,
        display_name: t.display_name,
        domains: t.domains,
        pop3: t.pop3,
    };
    if parsed.incoming.is_empty() && parsed.outgoing.is_empty() {
        return Err(AutoconfigError::NoServer);
    }
    Ok(parsed)
}

/// Parses a configuration file, keeping the placeholders: what a provider's file says for
/// every address (the ISPDB's files, read when the bundled data is made).
pub fn parse_template(bytes: &[u8]) -> Result<Template, AutoconfigError> {
    if bytes.len() > MAX_SIZE {
        return Err(AutoconfigError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| AutoconfigError::Malformed(format!("not UTF-8: {e}")))?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 20_000,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => AutoconfigError::Dtd,
        other => AutoconfigError::Malformed(other.to_string()),
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "clientConfig" {
        return Err(AutoconfigError::NotAutoconfig);
    }
    let provider = child(root, "emailProvider").ok_or(AutoconfigError::NotAutoconfig)?;
    let mut domains: Vec<String> = Vec::new();
    for d in children(provider, "domain").filter_map(|d| d.text()) {
        let d = d.trim().trim_end_matches('.').to_lowercase();
        if !d.is_empty() && !domains.contains(&d) {
            domains.push(d);
        }
    }
    let mut t = Template {
        provider_id: provider.attribute("id").unwrap_or("").to_string(),
        display_name: text_of(provider, "displayName").unwrap_or_default(),
        domains,
        servers: Servers::default(),
        pop3: Pop3Hints::default(),
    };
    for server in children(provider, "incomingServer") {
        let list = match server.attribute("type") {
            Some("imap") => &mut t.servers.imap,
            Some("pop3") => &mut t.servers.pop3,
            _ => continue,
        };
        if let Some(s) = template(server) {
            list.push(s);
        }
        if server.attribute("type") == Some("pop3")
            && let Some(pop3) = child(server, "pop3")
            && t.pop3.is_empty()
        {
            t.pop3 = Pop3Hints {
                leave_on_server: text_of(pop3, "leaveMessagesOnServer")
                    .and_then(|t| t.parse().ok()),
                days_to_leave: text_of(pop3, "daysToLeaveMessagesOnServer")
                    .and_then(|t| t.parse().ok()),
            };
        }
    }
    for server in children(provider, "outgoingServer") {
        if server.attribute("type") == Some("smtp")
            && let Some(s) = template(server)
        {
            t.servers.smtp.push(s);
        }
    }
    if t.servers.is_empty() {
        return Err(AutoconfigError::NoServer);
    }
    Ok(t)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

fn text_of(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    child(node, name)
        .and_then(|c| c.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// One server of the file, or `None` for one Facteur cannot use (an invalid host or port, an
/// unknown security, an authentication it cannot do).
fn template(server: Node<'_, '_>) -> Option<ServerTemplate> {
    let port: u16 = text_of(server, "port")?.parse().ok().filter(|p| *p > 0)?;
    let security = match text_of(server, "socketType")?.to_ascii_uppercase().as_str() {
        "SSL" | "TLS" => Security::Tls,
        "STARTTLS" => Security::Starttls,
        "PLAIN" => Security::None,
        _ => return None,
    };
    let methods: Vec<String> = children(server, "authentication")
        .filter_map(|a| a.text())
        .map(|t| t.trim().to_ascii_lowercase())
        .collect();
    let password = methods.is_empty()
        || methods
            .iter()
            .any(|m| m == "password-cleartext" || m == "password-encrypted" || m == "plain");
    let auth = if password {
        AuthMethod::Password
    } else if methods.iter().any(|m| m == "oauth2") {
        AuthMethod::OAuth2
    } else {
        // NTLM, GSSAPI, client certificates, "none": not something Facteur can do.
        return None;
    };
    let t = ServerTemplate {
        host: text_of(server, "hostname")?,
        port,
        security,
        username: text_of(server, "username")
            .unwrap_or_else(|| ServerTemplate::WHOLE_ADDRESS.to_string()),
        auth,
    };
    t.is_valid().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::Protocol;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/autoconfig/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn marie() -> Address {
        Address::parse("marie.dupont@example.fr").unwrap()
    }

    #[test]
    fn an_ispdb_file_with_alternatives_and_placeholders() {
        let p = parse(&fixture("ispdb-gmx.xml"), &marie()).unwrap();
        assert_eq!(p.provider_id, "gmx.net");
        assert!(p.domains.contains(&"gmx.de".to_string()));
        let incoming: Vec<_> = p
            .incoming
            .iter()
            .map(|s| (s.protocol, s.host.as_str(), s.port, s.security))
            .collect();
        assert_eq!(
            incoming,
            vec![
                (Protocol::Imap, "imap.gmx.net", 993, Security::Tls),
                (Protocol::Imap, "imap.gmx.net", 143, Security::Starttls),
                (Protocol::Pop3, "pop.gmx.net", 995, Security::Tls),
                (Protocol::Pop3, "pop.gmx.net", 110, Security::Starttls),
            ]
        );
        assert!(
            p.incoming
                .iter()
                .all(|s| s.username == "marie.dupont@example.fr")
        );
        assert_eq!(p.outgoing.len(), 2);
        assert_eq!(p.outgoing[0].port, 465);
        assert_eq!(
            p.pop3,
            Pop3Hints {
                leave_on_server: Some(true),
                days_to_leave: Some(7)
            }
        );
    }

    #[test]
    fn local_part_user_names_domain_hosts_and_plaintext_last() {
        let p = parse(&fixture("provider-localpart.xml"), &marie()).unwrap();
        assert_eq!(
            p.incoming[0].host, "mail.example.fr",
            "%EMAILDOMAIN% in the host"
        );
        assert_eq!(p.incoming[0].username, "marie.dupont");
        assert_eq!(p.incoming[0].security, Security::Tls);
        assert!(
            p.incoming.last().unwrap().is_plaintext(),
            "plaintext ranks last"
        );
        assert_eq!(p.outgoing[0].auth, AuthMethod::Password);
        // The NTLM-only server and the one with a hostile host name were left out.
        assert!(p.incoming.iter().all(|s| s.host != "exchange.example.fr"));
        assert!(p.incoming.iter().all(|s| !s.host.contains('/')));
    }

    #[test]
    fn oauth2_only_servers_say_so() {
        let p = parse(&fixture("oauth2-only.xml"), &marie()).unwrap();
        assert!(p.incoming.iter().all(|s| s.auth == AuthMethod::OAuth2));
    }

    #[test]
    fn hostile_and_broken_files_are_refused_with_a_reason() {
        assert_eq!(
            parse(&fixture("entities.xml"), &marie()),
            Err(AutoconfigError::Dtd)
        );
        assert_eq!(
            parse(&fixture("external-entity.xml"), &marie()),
            Err(AutoconfigError::Dtd)
        );
        assert!(matches!(
            parse(&fixture("truncated.xml"), &marie()),
            Err(AutoconfigError::Malformed(_))
        ));
        assert_eq!(
            parse(b"<html><body>Not here</body></html>", &marie()),
            Err(AutoconfigError::NotAutoconfig)
        );
        assert_eq!(
            parse(
                b"<clientConfig version=\"1.1\"><emailProvider id=\"x\"/></clientConfig>",
                &marie()
            ),
            Err(AutoconfigError::NoServer)
        );
        let mut huge = b"<clientConfig><emailProvider id=\"x\">".to_vec();
        huge.extend(std::iter::repeat_n(b' ', MAX_SIZE));
        huge.extend(b"</emailProvider></clientConfig>");
        assert!(matches!(
            parse(&huge, &marie()),
            Err(AutoconfigError::TooLarge(_))
        ));
        assert!(matches!(
            parse(b"<clientConfig>\xff\xfe</clientConfig>", &marie()),
            Err(AutoconfigError::Malformed(_))
        ));
    }
}
