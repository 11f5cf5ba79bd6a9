//! Discovery: from an address to ranked server candidates, each saying where it came from.
//!
//! Order (GUIDE §6, as Thunderbird, with Delta Chat's caution): the bundled provider data →
//! the provider's autoconfig over HTTPS → Thunderbird's ISPDB → the provider of the domain's
//! MX host (bundled data, then the ISPDB for the MX host's domain) → RFC 6186 SRV records →
//! guessing. The network lookups run side by side, each with its own timeout, and are taken
//! in that order: the first that answers wins and the rest are dropped. Guessing, only when
//! none answered, probes likely names in parallel, started 100 ms apart: implicit TLS before
//! STARTTLS, never plaintext, the bare domain last. An autoconfig file fetched over plain
//! HTTP is offered last, marked insecure for the user to confirm. Everything is bounded by
//! [`Settings::total`]; dropping the future cancels it.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::task::JoinHandle;

use super::{
    Address, Candidate, Pop3Hints, Protocol, ServerSetting, Source, Unsupported, autoconfig,
    providers,
};
use crate::account::{AuthMethod, Security, Server};

/// Why discovery found nothing to offer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("not a valid email address: {0}")]
    InvalidAddress(String),
    #[error("the domain {0} does not exist")]
    DomainNotFound(String),
    #[error("no mail server was found for {0}")]
    NoServerFound(String),
    /// The provider is known, and no mail app can read its mail.
    #[error("{provider} does not let mail apps read its mail ({reason:?})")]
    Unsupported {
        provider: String,
        reason: Unsupported,
        /// Where the provider says what it offers instead.
        help_url: Option<String>,
    },
    /// Nothing on the network answered (no DNS answer, no HTTPS answer, no server): offline,
    /// a captive portal, DNS failing.
    #[error("no answer from the network while looking for the servers of {0}")]
    NoConnection(String),
}

/// An SRV record (RFC 2782).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: String,
}

/// Why a DNS question got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsError {
    /// The name does not exist (NXDOMAIN).
    NoSuchDomain,
    /// It exists but has no record of that type.
    NoRecords,
    Failed(String),
}

pub type DnsFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, DnsError>> + Send + 'a>>;

/// The DNS questions discovery asks; injectable so tests give fixed answers.
pub trait Dns: Send + Sync {
    /// MX hosts, most preferred first.
    fn mx<'a>(&'a self, domain: &'a str) -> DnsFuture<'a, Vec<String>>;
    fn srv<'a>(&'a self, name: &'a str) -> DnsFuture<'a, Vec<SrvRecord>>;
}

/// The system's resolver (hickory, configured from `/etc/resolv.conf`).
pub struct SystemDns {
    resolver: hickory_resolver::TokioResolver,
}

impl SystemDns {
    pub fn new() -> Result<SystemDns, DnsError> {
        let resolver = hickory_resolver::TokioResolver::builder_tokio()
            .map_err(|e| DnsError::Failed(e.to_string()))?
            .build()
            .map_err(|e| DnsError::Failed(e.to_string()))?;
        Ok(SystemDns { resolver })
    }
}

fn dns_error(e: hickory_resolver::net::NetError) -> DnsError {
    if e.is_nx_domain() {
        DnsError::NoSuchDomain
    } else if e.is_no_records_found() {
        DnsError::NoRecords
    } else {
        DnsError::Failed(e.to_string())
    }
}

impl Dns for SystemDns {
    fn mx<'a>(&'a self, domain: &'a str) -> DnsFuture<'a, Vec<String>> {
        Box::pin(async move {
            let answer = self
                .resolver
                .mx_lookup(format!("{domain}."))
                .await
                .map_err(dns_error)?;
            let mut hosts: Vec<(u16, String)> = answer
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    hickory_resolver::proto::rr::RData::MX(mx) => Some((
                        mx.preference,
                        mx.exchange.to_ascii().trim_end_matches('.').to_string(),
                    )),
                    _ => None,
                })
                .collect();
            hosts.sort();
            Ok(hosts.into_iter().map(|(_, h)| h).collect())
        })
    }

    fn srv<'a>(&'a self, name: &'a str) -> DnsFuture<'a, Vec<SrvRecord>> {
        Box::pin(async move {
            let answer = self
                .resolver
                .srv_lookup(format!("{name}."))
                .await
                .map_err(dns_error)?;
            Ok(answer
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    hickory_resolver::proto::rr::RData::SRV(srv) => Some(SrvRecord {
                        priority: srv.priority,
                        weight: srv.weight,
                        port: srv.port,
                        target: srv.target.to_ascii().trim_end_matches('.').to_string(),
                    }),
                    _ => None,
                })
                .collect())
        })
    }
}

/// Fixed DNS answers (tests, demos, and `--offline`).
#[derive(Debug, Clone, Default)]
pub struct FixedDns {
    pub mx: std::collections::HashMap<String, Vec<String>>,
    pub srv: std::collections::HashMap<String, Vec<SrvRecord>>,
    /// Domains that do not exist; any other unknown name "exists without records".
    pub missing: Vec<String>,
    /// How long each answer takes.
    pub delay: Duration,
    /// No answer at all, as without a network: every question fails.
    pub unreachable: bool,
}

impl FixedDns {
    fn answer<T: Clone>(
        &self,
        map: &std::collections::HashMap<String, T>,
        name: &str,
    ) -> Result<T, DnsError> {
        if self.unreachable {
            return Err(DnsError::Failed("no route to the name servers".into()));
        }
        if let Some(v) = map.get(name) {
            return Ok(v.clone());
        }
        if self
            .missing
            .iter()
            .any(|d| name == d || name.ends_with(&format!(".{d}")))
        {
            Err(DnsError::NoSuchDomain)
        } else {
            Err(DnsError::NoRecords)
        }
    }
}

impl Dns for FixedDns {
    fn mx<'a>(&'a self, domain: &'a str) -> DnsFuture<'a, Vec<String>> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            self.answer(&self.mx, domain)
        })
    }
    fn srv<'a>(&'a self, name: &'a str) -> DnsFuture<'a, Vec<SrvRecord>> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            self.answer(&self.srv, name)
        })
    }
}

/// The ports guessing tries (changed by tests to reach the harness's servers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuessPorts {
    pub imap_tls: u16,
    pub imap_starttls: u16,
    pub pop3_tls: u16,
    pub pop3_starttls: u16,
    pub smtp_tls: u16,
    pub smtp_starttls: u16,
}

impl Default for GuessPorts {
    fn default() -> Self {
        GuessPorts {
            imap_tls: 993,
            imap_starttls: 143,
            pop3_tls: 995,
            pop3_starttls: 110,
            smtp_tls: 465,
            smtp_starttls: 587,
        }
    }
}

/// Where discovery looks, and how long it may take. `{domain}` and `{email}` in URLs are
/// replaced (the address URL-encoded).
#[derive(Debug, Clone)]
pub struct Settings {
    pub autoconfig_urls: Vec<String>,
    /// Tried too, but a file fetched over plain HTTP is offered last and marked insecure.
    pub insecure_autoconfig_urls: Vec<String>,
    pub ispdb_url: String,
    /// An extra trusted CA for HTTPS and probes (self-hosted servers, tests).
    pub extra_ca: Option<PathBuf>,
    pub guess_ports: GuessPorts,
    /// Each HTTP or DNS lookup.
    pub lookup_timeout: Duration,
    /// Each guessing probe.
    pub probe_timeout: Duration,
    /// Between two probes' starts.
    pub stagger: Duration,
    /// The whole discovery.
    pub total: Duration,
    /// Bundled data only: no network at all.
    pub offline: bool,
}

impl Settings {
    /// The default settings, with overrides from the environment for tests and the demo:
    /// `FACTEUR_SETUP_CA` (an extra trusted CA), `FACTEUR_SETUP_RESOLVE` (`domain=address`: the
    /// domain and its subdomains resolve there), `FACTEUR_SETUP_PORTS` (six ports for guessing:
    /// IMAP TLS, IMAP STARTTLS, POP3 TLS, POP3 STARTTLS, SMTP TLS, SMTP STARTTLS, comma
    /// separated) and `FACTEUR_SETUP_NO_HTTP=1` (no autoconfig or ISPDB lookups).
    pub fn from_env(offline: bool) -> Settings {
        let mut s = Settings {
            offline,
            ..Settings::default()
        };
        if let Some(ca) = std::env::var_os("FACTEUR_SETUP_CA") {
            s.extra_ca = Some(ca.into());
        }
        if let Ok(rule) = std::env::var("FACTEUR_SETUP_RESOLVE")
            && let Some((domain, address)) = rule.split_once('=')
            && let Ok(address) = address.parse()
        {
            crate::proto::net::resolve_domain_to(domain, address);
        }
        if let Ok(ports) = std::env::var("FACTEUR_SETUP_PORTS") {
            let p: Vec<u16> = ports
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            if let [a, b, c, d, e, f] = p[..] {
                s.guess_ports = GuessPorts {
                    imap_tls: a,
                    imap_starttls: b,
                    pop3_tls: c,
                    pop3_starttls: d,
                    smtp_tls: e,
                    smtp_starttls: f,
                };
            }
        }
        if std::env::var("FACTEUR_SETUP_NO_HTTP").is_ok_and(|v| v == "1") {
            s.autoconfig_urls.clear();
            s.insecure_autoconfig_urls.clear();
            s.ispdb_url = "https://localhost:1/{domain}".into();
        }
        s
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            autoconfig_urls: vec![
                "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={email}".into(),
                "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress={email}"
                    .into(),
            ],
            insecure_autoconfig_urls: vec![
                "http://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={email}".into(),
            ],
            ispdb_url: "https://autoconfig.thunderbird.net/v1.1/{domain}".into(),
            extra_ca: None,
            guess_ports: GuessPorts::default(),
            lookup_timeout: Duration::from_secs(6),
            probe_timeout: Duration::from_secs(6),
            stagger: Duration::from_millis(100),
            total: Duration::from_secs(20),
            offline: false,
        }
    }
}

fn url_for(template: &str, address: &Address) -> String {
    let email: String = address
        .full
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    template
        .replace("{domain}", &address.domain)
        .replace("{email}", &email)
}

/// What discovery is doing now, for the wizard's progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Facteur's own provider data.
    Bundled,
    /// The provider's autoconfig file.
    Provider,
    /// Thunderbird's ISPDB.
    Ispdb,
    /// The domain's MX and SRV records.
    Dns,
    /// Trying the usual server names.
    Guessing,
}

/// Finds the servers for `email`: candidates ranked best first.
pub async fn discover(
    email: &str,
    settings: &Settings,
    dns: Arc<dyn Dns>,
) -> Result<Vec<Candidate>, SetupError> {
    discover_reporting(email, settings, dns, &|_| {}).await
}

/// [`discover`], telling `report` each source it waits for, in order.
pub async fn discover_reporting(
    email: &str,
    settings: &Settings,
    dns: Arc<dyn Dns>,
    report: &(dyn Fn(Stage) + Send + Sync),
) -> Result<Vec<Candidate>, SetupError> {
    let address =
        Address::parse(email).ok_or_else(|| SetupError::InvalidAddress(email.trim().into()))?;
    report(Stage::Bundled);
    if let Some(p) = providers::by_domain(&address.domain) {
        return usable(vec![p.candidate(&address, Source::Bundled)]);
    }
    if settings.offline {
        return Err(SetupError::NoServerFound(address.domain));
    }
    let answered = Arc::new(AtomicBool::new(false));
    let found = tokio::time::timeout(
        settings.total,
        network(&address, settings, dns, report, answered.clone()),
    )
    .await;
    match found {
        Ok(Ok(list)) if !list.is_empty() => usable(list),
        Ok(Err(e)) => Err(e),
        _ if !answered.load(Ordering::Relaxed) => Err(SetupError::NoConnection(address.domain)),
        _ => Err(SetupError::NoServerFound(address.domain)),
    }
}

/// The candidates, unless the best one is a provider that no mail app can use (found by its
/// domain or as the provider behind the domain's MX): then the reason.
fn usable(list: Vec<Candidate>) -> Result<Vec<Candidate>, SetupError> {
    if let Some(c) = list.first()
        && c.incoming.is_empty()
        && let Some(p) = &c.provider
        && let Some(reason) = p.unsupported
    {
        return Err(SetupError::Unsupported {
            provider: p.name.clone(),
            reason,
            help_url: p.help_url.clone(),
        });
    }
    Ok(list)
}

/// Aborts the tasks still running when discovery returns or is cancelled.
struct Lookups<T>(Vec<JoinHandle<T>>);

impl<T> Drop for Lookups<T> {
    fn drop(&mut self) {
        for l in &self.0 {
            l.abort();
        }
    }
}

async fn network(
    address: &Address,
    settings: &Settings,
    dns: Arc<dyn Dns>,
    report: &(dyn Fn(Stage) + Send + Sync),
    answered: Arc<AtomicBool>,
) -> Result<Vec<Candidate>, SetupError> {
    let http = http_client(settings);
    let timeout = settings.lookup_timeout;
    let with_timeout = |f: Pin<Box<dyn Future<Output = Option<Candidate>> + Send>>| {
        tokio::spawn(async move { tokio::time::timeout(timeout, f).await.ok().flatten() })
    };
    let mut ordered = Vec::new();
    let mut stages = Vec::new();
    let autoconfig = |template: &String, insecure: bool| {
        let (url, http, a) = (url_for(template, address), http.clone(), address.clone());
        let answered = answered.clone();
        with_timeout(Box::pin(async move {
            let source = Source::Autoconfig {
                url: url.clone(),
                insecure,
            };
            from_url(&http, &url, &a, source, &answered).await
        }))
    };
    for template in &settings.autoconfig_urls {
        ordered.push(autoconfig(template, false));
        stages.push(Stage::Provider);
    }
    stages.extend([Stage::Ispdb, Stage::Dns, Stage::Dns]);
    {
        let (url, http, a) = (
            url_for(&settings.ispdb_url, address),
            http.clone(),
            address.clone(),
        );
        let answered = answered.clone();
        ordered.push(with_timeout(Box::pin(async move {
            let source = Source::Ispdb { url: url.clone() };
            from_url(&http, &url, &a, source, &answered).await
        })));
    }
    // The MX answer also tells whether the domain exists at all.
    let (mx_tx, mx_rx) = tokio::sync::oneshot::channel();
    {
        let (dns, http, a, ispdb) = (
            dns.clone(),
            http.clone(),
            address.clone(),
            settings.ispdb_url.clone(),
        );
        let answered = answered.clone();
        ordered.push(with_timeout(Box::pin(async move {
            let answer = dns.mx(&a.domain).await;
            if !matches!(answer, Err(DnsError::Failed(_))) {
                answered.store(true, Ordering::Relaxed);
            }
            let _ = mx_tx.send(answer.clone());
            from_mx(answer.ok()?, &a, &http, &ispdb, &answered).await
        })));
    }
    {
        let (dns, a) = (dns.clone(), address.clone());
        ordered.push(with_timeout(Box::pin(async move {
            from_srv(dns.as_ref(), &a).await
        })));
    }
    let mut insecure = Lookups(
        settings
            .insecure_autoconfig_urls
            .iter()
            .map(|t| autoconfig(t, true))
            .collect(),
    );
    let mut lookups = Lookups(ordered);
    let mut said = None;
    for (lookup, stage) in lookups.0.iter_mut().zip(stages) {
        if said != Some(stage) {
            report(stage);
            said = Some(stage);
        }
        if let Ok(Some(candidate)) = lookup.await {
            let mut list = vec![candidate];
            // Offer the insecure file too, last, if it has already come.
            for l in insecure.0.iter_mut().filter(|l| l.is_finished()) {
                if let Ok(Some(c)) = l.await {
                    list.push(c);
                }
            }
            return Ok(list);
        }
    }
    let domain_missing = matches!(mx_rx.await, Ok(Err(DnsError::NoSuchDomain)));
    if !answered.load(Ordering::Relaxed) {
        // No DNS answer and no HTTPS answer: guessing names would only wait for timeouts.
        return Err(SetupError::NoConnection(address.domain.clone()));
    }
    report(Stage::Guessing);
    let guessed = guess(address, settings).await;
    let mut list: Vec<Candidate> = guessed.into_iter().collect();
    for l in insecure.0.iter_mut() {
        if let Ok(Some(c)) = l.await {
            list.push(c);
        }
    }
    if list.is_empty() && domain_missing {
        return Err(SetupError::DomainNotFound(address.domain.clone()));
    }
    Ok(list)
}

fn http_client(settings: &Settings) -> Option<reqwest::Client> {
    super::https_client(settings.extra_ca.as_deref(), settings.lookup_timeout)
}

/// Fetches a configuration file (at most [`autoconfig::MAX_SIZE`] bytes) and parses it.
async fn from_url(
    http: &Option<reqwest::Client>,
    url: &str,
    address: &Address,
    source: Source,
    answered: &AtomicBool,
) -> Option<Candidate> {
    let mut response = http.as_ref()?.get(url).send().await.ok()?;
    answered.store(true, Ordering::Relaxed);
    if !response.status().is_success() {
        return None;
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        body.extend_from_slice(&chunk);
        if body.len() > autoconfig::MAX_SIZE {
            tracing::info!(url, "autoconfig file too large");
            return None;
        }
    }
    match autoconfig::parse(&body, address) {
        Ok(parsed) => Some(Candidate {
            source,
            provider: providers::by_domain(&parsed.provider_id).map(|p| p.info()),
            incoming: parsed.incoming,
            outgoing: parsed.outgoing,
            pop3: parsed.pop3,
        }),
        Err(e) => {
            tracing::info!(url, %e, "autoconfig file refused");
            None
        }
    }
}

/// The registrable domain of a host, roughly: the last two labels, or three under a short
/// second-level label (`mx.example.co.uk` → `example.co.uk`).
fn base_domain(host: &str) -> String {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    let n = labels.len();
    let take = if n >= 3 && labels[n - 2].len() <= 3 && labels[n - 1].len() == 2 {
        3
    } else {
        2
    };
    labels[n.saturating_sub(take)..].join(".")
}

async fn from_mx(
    hosts: Vec<String>,
    address: &Address,
    http: &Option<reqwest::Client>,
    ispdb: &str,
    answered: &AtomicBool,
) -> Option<Candidate> {
    let host = hosts.first()?;
    let source = Source::Mx {
        mx_host: host.clone(),
    };
    if let Some(p) = providers::by_mx_host(host) {
        return Some(p.candidate(address, source));
    }
    let base = base_domain(host);
    if base == address.domain {
        // The domain runs its own mail: the ISPDB was already asked about it.
        return None;
    }
    let lookup = Address {
        domain: base,
        ..address.clone()
    };
    from_url(http, &url_for(ispdb, &lookup), address, source, answered).await
}

async fn from_srv(dns: &dyn Dns, address: &Address) -> Option<Candidate> {
    let services = [
        ("_imaps", Protocol::Imap, Security::Tls),
        ("_imap", Protocol::Imap, Security::Starttls),
        ("_pop3s", Protocol::Pop3, Security::Tls),
        ("_pop3", Protocol::Pop3, Security::Starttls),
        ("_submissions", Protocol::Smtp, Security::Tls),
        ("_submission", Protocol::Smtp, Security::Starttls),
    ];
    let mut incoming = Vec::new();
    let mut outgoing = Vec::new();
    for (service, protocol, security) in services {
        let Ok(mut records) = dns.srv(&format!("{service}._tcp.{}", address.domain)).await else {
            continue;
        };
        records.sort_by_key(|r| (r.priority, std::cmp::Reverse(r.weight)));
        // A target of "." means "not offered here" (RFC 2782).
        for r in records
            .into_iter()
            .filter(|r| !r.target.is_empty() && r.target != ".")
        {
            let setting = ServerSetting {
                protocol,
                host: r.target.to_ascii_lowercase(),
                port: r.port,
                security,
                username: address.full.clone(),
                auth: AuthMethod::Password,
            };
            if protocol == Protocol::Smtp {
                outgoing.push(setting);
            } else {
                incoming.push(setting);
            }
        }
    }
    (!incoming.is_empty()).then(|| Candidate {
        source: Source::Srv,
        provider: None,
        incoming,
        outgoing,
        pop3: Pop3Hints::default(),
    })
}

/// The guesses for one protocol, best first: the usual names, the bare domain last; implicit
/// TLS before STARTTLS on each name.
fn guesses(address: &Address, protocol: Protocol, ports: &GuessPorts) -> Vec<ServerSetting> {
    let d = &address.domain;
    let (names, tls, starttls): (Vec<String>, u16, u16) = match protocol {
        Protocol::Imap => (
            vec![format!("imap.{d}"), format!("mail.{d}"), d.clone()],
            ports.imap_tls,
            ports.imap_starttls,
        ),
        Protocol::Pop3 => (
            vec![
                format!("pop3.{d}"),
                format!("pop.{d}"),
                format!("mail.{d}"),
                d.clone(),
            ],
            ports.pop3_tls,
            ports.pop3_starttls,
        ),
        Protocol::Smtp => (
            vec![format!("smtp.{d}"), format!("mail.{d}"), d.clone()],
            ports.smtp_tls,
            ports.smtp_starttls,
        ),
    };
    names
        .into_iter()
        .flat_map(|host| {
            [(tls, Security::Tls), (starttls, Security::Starttls)].map(|(port, security)| {
                ServerSetting {
                    protocol,
                    host: host.clone(),
                    port,
                    security,
                    username: address.full.clone(),
                    auth: AuthMethod::Password,
                }
            })
        })
        .collect()
}

/// Whether a server answers as `setting` says: connection, TLS with a valid certificate (or
/// the STARTTLS upgrade), greeting.
pub async fn probe(setting: &ServerSetting, extra_ca: Option<PathBuf>, timeout: Duration) -> bool {
    let server = Server {
        host: setting.host.clone(),
        port: setting.port,
        security: setting.security,
        username: setting.username.clone(),
        auth: setting.auth,
        ca_file: extra_ca,
    };
    let attempt = async {
        match setting.protocol {
            Protocol::Imap => crate::proto::imap::connect(&server, timeout).await.is_ok(),
            Protocol::Pop3 => match crate::proto::pop3::Pop3::connect(&server, timeout).await {
                Ok(pop) => {
                    let _ = pop.quit().await;
                    true
                }
                Err(_) => false,
            },
            Protocol::Smtp => crate::proto::smtp::Submission::probe(&server).await.is_ok(),
        }
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .unwrap_or(false)
}

async fn guess(address: &Address, settings: &Settings) -> Option<Candidate> {
    let all: Vec<ServerSetting> = [Protocol::Imap, Protocol::Pop3, Protocol::Smtp]
        .into_iter()
        .flat_map(|p| guesses(address, p, &settings.guess_ports))
        .collect();
    let mut probes = Vec::new();
    for (i, setting) in all.iter().cloned().enumerate() {
        let (ca, timeout) = (settings.extra_ca.clone(), settings.probe_timeout);
        let delay = settings.stagger * i as u32;
        probes.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            probe(&setting, ca, timeout).await
        }));
    }
    let mut probes = Lookups(probes);
    let mut answered = Vec::new();
    for (setting, handle) in all.into_iter().zip(probes.0.iter_mut()) {
        if handle.await.unwrap_or(false) {
            answered.push(setting);
        }
    }
    let (outgoing, incoming): (Vec<_>, Vec<_>) = answered
        .into_iter()
        .partition(|s| s.protocol == Protocol::Smtp);
    (!incoming.is_empty()).then(|| Candidate {
        source: Source::Guess,
        provider: None,
        incoming,
        outgoing,
        pop3: Pop3Hints::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_domains_of_mx_hosts() {
        assert_eq!(base_domain("alt1.aspmx.l.google.com"), "google.com");
        assert_eq!(base_domain("mx.example.co.uk."), "example.co.uk");
        assert_eq!(base_domain("mx00.gmx.net"), "gmx.net");
    }

    #[test]
    fn guesses_put_tls_first_and_the_bare_domain_last_and_never_plaintext() {
        let a = Address::parse("anna@beispiel.de").unwrap();
        let g = guesses(&a, Protocol::Imap, &GuessPorts::default());
        assert_eq!(
            (g[0].host.as_str(), g[0].port, g[0].security),
            ("imap.beispiel.de", 993, Security::Tls)
        );
        assert_eq!((g[1].port, g[1].security), (143, Security::Starttls));
        assert_eq!(g.last().unwrap().host, "beispiel.de");
        for p in [Protocol::Imap, Protocol::Pop3, Protocol::Smtp] {
            assert!(
                guesses(&a, p, &GuessPorts::default())
                    .iter()
                    .all(|s| !s.is_plaintext())
            );
        }
    }

    #[test]
    fn urls_carry_the_encoded_address() {
        let a = Address::parse("zoé+news@exemple.fr").unwrap();
        assert_eq!(
            url_for("https://autoconfig.{domain}/x?emailaddress={email}", &a),
            "https://autoconfig.exemple.fr/x?emailaddress=zo%C3%A9%2Bnews%40exemple.fr"
        );
    }
}
