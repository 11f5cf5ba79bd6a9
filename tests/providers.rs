//! The bundled provider data: made from its sources by the generator (`generate.rs`, run by
//! `scripts/update-providers`), up to date with them, and found offline for every domain
//! they name.

#[path = "providers/generate.rs"]
mod generate;

use std::path::PathBuf;
use std::sync::Arc;

use facteur::account::Security;
use facteur::setup::discover::{self, FixedDns, Settings, SetupError};
use facteur::setup::providers::{self, normalize_domain};
use facteur::setup::{ProviderNote, Unsupported};
use generate::{DcStatus, Sources};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the public data sets are: `FACTEUR_PROVIDER_SOURCES`, else `../shared/provider-data`
/// beside the repository.
fn sources_dir() -> PathBuf {
    std::env::var_os("FACTEUR_PROVIDER_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/provider-data"))
}

fn additions() -> String {
    std::fs::read_to_string(root().join("resources/providers/facteur.toml")).unwrap()
}

fn real_sources() -> Sources {
    let dir = sources_dir();
    generate::read(&dir, &additions()).unwrap_or_else(|e| {
        panic!(
            "the provider data sources are not readable ({e}); set FACTEUR_PROVIDER_SOURCES to a \
             folder with ispdb/ and deltachat/"
        )
    })
}

/// `scripts/update-providers` runs this with `FACTEUR_UPDATE_PROVIDERS=1` to write the file.
#[test]
fn the_bundled_data_is_what_its_sources_make() {
    let out = generate::generate(&real_sources());
    let text = generate::render(&out);
    let path = root().join("resources/providers/bundled.toml");
    if std::env::var("FACTEUR_UPDATE_PROVIDERS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &text).unwrap();
        println!("{}", generate::report(&out));
        println!("wrote {}", path.display());
    }
    assert!(
        out.to_review.is_empty(),
        "the provider data needs a person:\n{}",
        generate::report(&out)
    );
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "resources/providers/bundled.toml is out of date with its sources: run scripts/update-providers"
    );
    // What the program reads is what was generated.
    assert_eq!(providers::parse(&text).unwrap(), out.providers);
    assert_eq!(providers::all(), &out.providers[..]);
}

fn offline() -> Settings {
    Settings {
        offline: true,
        ..Settings::default()
    }
}

async fn discover_offline(email: &str) -> Result<Vec<facteur::setup::Candidate>, SetupError> {
    discover::discover(email, &offline(), Arc::new(FixedDns::default())).await
}

/// Every address domain of both sources is found without the network: its servers, or, for a
/// provider that no mail app can use, the sentence that says so. Only a domain for which no
/// source names a server (Delta Chat lists a few as working, relying on the network's answers)
/// is left to the network.
#[tokio::test]
async fn every_domain_of_the_sources_is_found_offline() {
    let sources = real_sources();
    let mut domains: Vec<(String, bool)> = Vec::new();
    for i in &sources.ispdb {
        domains.extend(i.template.domains.iter().map(|d| (d.clone(), false)));
    }
    let with_servers: std::collections::HashSet<String> = domains
        .iter()
        .map(|(d, _)| normalize_domain(d))
        .chain(
            sources
                .deltachat
                .iter()
                .filter(|d| !d.servers.is_empty() || d.status == DcStatus::Broken)
                .flat_map(|d| d.domains.iter().map(|x| normalize_domain(x))),
        )
        .collect();
    for d in &sources.deltachat {
        let broken = d.status == DcStatus::Broken;
        domains.extend(d.domains.iter().map(|x| (x.clone(), broken)));
    }
    // Only names an address can have (not `yggmail`, not `*.hermes.radio`).
    domains.retain(|(d, _)| facteur::setup::Address::parse(&format!("x@{d}")).is_some());
    assert!(domains.len() > 1000, "{} domains", domains.len());
    let mut failures = Vec::new();
    let mut left_to_the_network = 0;
    for (domain, broken) in &domains {
        if !with_servers.contains(&normalize_domain(domain))
            && providers::by_domain(domain).is_none()
        {
            // Nothing bundled to offer: discovery says it found nothing offline, and online
            // asks the network.
            let e = discover_offline(&format!("x@{domain}")).await.unwrap_err();
            assert_eq!(e, SetupError::NoServerFound(domain.to_lowercase()));
            left_to_the_network += 1;
            continue;
        }
        let email = format!("Someone@{}", domain.to_uppercase());
        match discover_offline(&email).await {
            Ok(list) => {
                let c = &list[0];
                if c.incoming.is_empty() {
                    failures.push(format!("{domain}: no incoming server"));
                }
                if *broken && c.provider.as_ref().and_then(|p| p.unsupported).is_none() {
                    // Facteur's additions may know better (Outlook works through OAuth2).
                    let p = c.provider.as_ref().unwrap();
                    assert!(
                        p.oauth2.is_some(),
                        "{domain}: broken in the source, yet offered"
                    );
                }
            }
            Err(SetupError::Unsupported { .. }) if *broken => {}
            Err(SetupError::Unsupported { reason, .. }) => {
                // Only Facteur's own additions make a provider unsupported beyond the source.
                assert_ne!(reason, Unsupported::NoMailApps, "{domain}");
            }
            Err(e) => failures.push(format!("{domain}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        left_to_the_network < 20,
        "{left_to_the_network} domains have no server"
    );
}

/// The command line gives the bundled servers offline, as JSON, for every bundled domain
/// (each source domain with a server, and Facteur's own), or names the provider that no mail
/// app can use.
#[test]
fn setup_discover_offline_gives_every_domain_as_json() {
    let exe = env!("CARGO_BIN_EXE_facteur");
    let home = tempfile::tempdir().unwrap();
    let every: Vec<(&providers::Provider, &String)> = providers::all()
        .iter()
        .flat_map(|p| p.domains.iter().map(move |d| (p, d)))
        .collect();
    assert!(every.len() > 1200, "{} domains", every.len());
    for (p, domain) in every {
        let email = format!("jo@{domain}");
        let out = std::process::Command::new(exe)
            .args(["setup", "discover", &email, "--offline", "--json"])
            .env("FACTEUR_HOME", home.path())
            .env("LANGUAGE", "en")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if p.unsupported.is_some() {
            assert!(!out.status.success(), "{email}: {stdout}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(&p.name), "{email}: {err}");
            continue;
        }
        assert!(out.status.success(), "{email}: {:?}", out);
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let first = &json[0];
        assert_eq!(first["source"]["kind"], "bundled", "{email}");
        assert_eq!(first["provider"]["id"], p.id.as_str(), "{email}");
        let host = first["incoming"][0]["host"].as_str().unwrap_or("");
        assert!(!host.is_empty(), "{email}: {stdout}");
    }
}

#[tokio::test]
async fn case_idn_aliases_and_mx_are_matched() {
    // Case and a trailing dot.
    let c = &discover_offline("Marie@GMX.DE.").await.unwrap()[0];
    assert_eq!(c.provider.as_ref().unwrap().id, "gmx");
    // Aliases of one provider.
    for alias in ["googlemail.com", "gmail.com"] {
        let c = &discover_offline(&format!("x@{alias}")).await.unwrap()[0];
        assert_eq!(c.provider.as_ref().unwrap().id, "gmail");
    }
    // A custom domain whose MX host is a known provider's, once DNS answers.
    let mut dns = FixedDns::default();
    dns.mx.insert(
        "cabinet-martin.fr".into(),
        vec!["mx01.kundenserver.de".into()],
    );
    let settings = Settings {
        autoconfig_urls: Vec::new(),
        insecure_autoconfig_urls: Vec::new(),
        ispdb_url: "https://localhost:1/{domain}".into(),
        ..Settings::default()
    };
    let found = discover::discover("paul@cabinet-martin.fr", &settings, Arc::new(dns))
        .await
        .unwrap();
    let p = found[0].provider.as_ref().unwrap();
    assert!(
        matches!(found[0].source, facteur::setup::Source::Mx { .. }),
        "{:?}",
        found[0].source
    );
    let expected = providers::by_mx_host("mx01.kundenserver.de").unwrap();
    assert_eq!(p.id, expected.id);
    assert_eq!(found[0].incoming[0].username, "paul@cabinet-martin.fr");
}

// ---- the generator, on small sources made here ----

const ISPDB_A: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="alpha.example">
  <domain>alpha.example</domain><domain>Alpha-Mail.example</domain><domain>müller.example</domain>
  <displayName>Alpha Mail</displayName>
  <incomingServer type="imap"><hostname>imap.alpha.example</hostname><port>143</port>
    <socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <incomingServer type="imap"><hostname>imap.alpha.example</hostname><port>993</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <incomingServer type="pop3"><hostname>pop.alpha.example</hostname><port>995</port>
    <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    <authentication>password-cleartext</authentication>
    <pop3><leaveMessagesOnServer>true</leaveMessagesOnServer><daysToLeaveMessagesOnServer>7</daysToLeaveMessagesOnServer></pop3>
  </incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.alpha.example</hostname><port>465</port>
    <socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#;

const ISPDB_O: &str = r#"<clientConfig version="1.1"><emailProvider id="oauth.example">
  <domain>oauth.example</domain><displayName>OAuth Only</displayName>
  <incomingServer type="imap"><hostname>imap.oauth.example</hostname><port>993</port>
    <socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.oauth.example</hostname><port>587</port>
    <socketType>STARTTLS</socketType><authentication>OAuth2</authentication></outgoingServer>
</emailProvider></clientConfig>"#;

const DC_ALPHA: &str = "---\nname: Alpha\nstatus: PREPARATION\ndomains:\n  - alpha.example\n  - alpha.example.net\nserver:\n  - type: imap\n    socket: SSL\n    hostname: mail.alpha.example\n    port: 993\n  - type: smtp\n    socket: SSL\n    hostname: smtp.alpha.example\n    port: 465\nbefore_login_hint: |\n  Turn IMAP on first.\nwebsite: https://alpha.example\n---\n\nText.\n";

const DC_BETA: &str = "---\nname: Beta\nstatus: OK\ndomains: \n- beta.example\nserver:\n- type: imap\n  socket: STARTTLS\n  hostname: imap.beta.example\n  port: 143\n  username_pattern: EMAILLOCALPART\n- type: smtp\n  socket: STARTTLS\n  hostname: smtp.beta.example\n  port: 587\nlast_checked: 2024-01\n---\n";

const DC_GONE: &str = "---\nname: Gone\nstatus: BROKEN\ndomains:\n- gone.example\n- nodot\nbefore_login_hint: No IMAP.\nwebsite: https://gone.example\n---\n";

fn small_sources(additions: &str) -> Sources {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ispdb")).unwrap();
    std::fs::create_dir_all(dir.path().join("deltachat")).unwrap();
    for (name, text) in [
        ("ispdb/alpha.example.xml", ISPDB_A),
        ("ispdb/oauth.example.xml", ISPDB_O),
        ("deltachat/alpha.md", DC_ALPHA),
        ("deltachat/beta.md", DC_BETA),
        ("deltachat/gone.md", DC_GONE),
        ("deltachat/LICENSE", "not read"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    generate::read(dir.path(), additions).unwrap()
}

fn find<'a>(out: &'a generate::Output, id: &str) -> &'a providers::Provider {
    out.providers
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", out.providers))
}

#[test]
fn the_generator_reads_both_formats_and_merges_them_by_precedence() {
    let out = generate::generate(&small_sources("provider = []"));
    let alpha = find(&out, "alpha.example");
    assert_eq!(
        alpha.name, "Alpha Mail",
        "the ISPDB's name before Delta Chat's"
    );
    // Domains of both sources, lower case, IDN in ASCII form, the ISPDB's first.
    assert_eq!(
        alpha.domains,
        [
            "alpha.example",
            "alpha-mail.example",
            "xn--mller-kva.example",
            "alpha.example.net"
        ]
    );
    // The ISPDB's servers, with their user-name forms, win over Delta Chat's...
    assert_eq!(alpha.servers.imap.len(), 2);
    assert_eq!(alpha.servers.imap[0].username, "%EMAILLOCALPART%");
    assert_eq!(alpha.servers.pop3[0].host, "pop.alpha.example");
    assert_eq!(alpha.pop3_hints.days_to_leave, Some(7));
    // ...and the disagreement is reported.
    assert!(
        out.conflicts
            .iter()
            .any(|c| c.contains("alpha.example: IMAP") && c.contains("mail.alpha.example")),
        "{:?}",
        out.conflicts
    );
    // A PREPARATION provider with no note of Facteur's waits for a person.
    assert!(
        out.to_review
            .iter()
            .any(|r| r.starts_with("alpha.example:")),
        "{:?}",
        out.to_review
    );
    // Delta Chat alone: its servers and user-name pattern.
    let beta = find(&out, "beta");
    assert_eq!(beta.servers.imap[0].host, "imap.beta.example");
    assert_eq!(beta.servers.imap[0].username, "%EMAILLOCALPART%");
    assert_eq!(beta.servers.imap[0].security, Security::Starttls);
    // BROKEN: unsupported, no servers, the provider's site to point at; no-dot domains left out.
    let gone = find(&out, "gone");
    assert_eq!(gone.unsupported, Some(Unsupported::NoMailApps));
    assert_eq!(gone.domains, ["gone.example"]);
    assert_eq!(gone.help_url.as_deref(), Some("https://gone.example"));
    assert!(gone.servers.is_empty());
    assert!(out.skipped.iter().any(|s| s.contains("nodot")));
    // OAuth2-only servers without endpoints Facteur knows: nothing usable, reported.
    let o = find(&out, "oauth.example");
    assert!(o.servers.imap.is_empty());
    assert!(
        out.to_review
            .iter()
            .any(|r| r.starts_with("oauth.example:"))
    );
    // What is written reads back as what was made.
    let text = generate::render(&out);
    assert_eq!(providers::parse(&text).unwrap(), out.providers);
}

#[test]
fn facteurs_additions_win_and_claim_domains() {
    let additions = r#"
[[provider]]
id = "alpha"
name = "Alpha"
domains = ["alpha.example", "alpha-extra.example"]
notes = ["enable-imap"]
help_url = "https://alpha.example/settings"
smtp = [{ host = "submit.alpha.example", port = 587, security = "starttls" }]
sent_saved_by_server = true

[[provider]]
id = "alpha-mail"
domains = ["alpha-mail.example"]
reviewed = true

[[provider]]
id = "gone"
domains = ["gone.example"]
unsupported = "bridge"

[[provider]]
id = "oauth"
domains = ["oauth.example"]
oauth2 = "microsoft"
notes = ["oauth2-only"]
"#;
    let out = generate::generate(&small_sources(additions));
    assert!(out.to_review.is_empty(), "{:?}", out.to_review);
    let alpha = find(&out, "alpha");
    assert_eq!(alpha.name, "Alpha");
    assert_eq!(alpha.notes, [ProviderNote::EnableImap]);
    assert!(alpha.sent_saved_by_server);
    // The addition's SMTP replaces the sources'; IMAP still comes from the ISPDB.
    assert_eq!(alpha.servers.smtp[0].host, "submit.alpha.example");
    assert_eq!(alpha.servers.imap[0].host, "imap.alpha.example");
    // Its claimed domains first; a domain claimed by another entry goes there.
    assert_eq!(alpha.domains[..2], ["alpha.example", "alpha-extra.example"]);
    assert!(!alpha.domains.contains(&"alpha-mail.example".to_string()));
    let other = find(&out, "alpha-mail");
    assert_eq!(other.domains, ["alpha-mail.example"]);
    assert_eq!(find(&out, "gone").unsupported, Some(Unsupported::Bridge));
    let o = find(&out, "oauth");
    assert_eq!(o.servers.imap[0].auth, facteur::account::AuthMethod::OAuth2);
    // A domain claimed twice is reported, the first entry keeps it.
    let twice = format!(
        "{additions}\n[[provider]]\nid = \"again\"\ndomains = [\"beta.example\", \"alpha.example\"]\n"
    );
    let out = generate::generate(&small_sources(&twice));
    assert!(
        out.conflicts
            .iter()
            .any(|c| c.contains("alpha.example is claimed by alpha and again")),
        "{:?}",
        out.conflicts
    );
    assert!(
        find(&out, "alpha")
            .domains
            .contains(&"alpha.example".into())
    );
}

#[test]
fn hostile_or_broken_source_files_are_refused_with_their_name() {
    assert!(generate::parse_deltachat("x", "name: no front matter").is_err());
    assert!(generate::parse_deltachat("x", "---\nname: [unclosed\n---\n").is_err());
    let bad_host = "---\nname: X\nstatus: OK\ndomains: [x.example]\nserver:\n- type: imap\n  socket: SSL\n  hostname: \"a/b\"\n  port: 993\n---\n";
    assert!(generate::parse_deltachat("x", bad_host).is_err());
    assert!(generate::parse_additions("[[provider]]\nid = \"x\"\ncolour = \"red\"\n").is_err());
}

#[test]
fn domains_normalise_to_one_key() {
    for (a, b) in [
        ("müller.de", "xn--mller-kva.de"),
        ("MÜLLER.DE.", "xn--mller-kva.de"),
        ("GMX.net", "gmx.net"),
    ] {
        assert_eq!(normalize_domain(a), b);
    }
}
