//! Discovery against real peers on loopback: configuration files served over HTTPS by a web
//! server in the test, fixed DNS answers, and guessing against the harness's Dovecot and
//! Postfix under the name `facteur.test` (its certificate covers `*.facteur.test`).

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use facteur::account::Security;
use facteur::setup::discover::{
    self, DnsError, FixedDns, GuessPorts, Settings, SetupError, SrvRecord,
};
use facteur::setup::{Protocol, Source};
use support::http::{Page, WebServer};
use support::mailserver;

fn config(host: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="{host}">
  <incomingServer type="imap"><hostname>{host}</hostname><port>993</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>{host}</hostname><port>465</port>
    <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#
    )
}

/// Settings pointing every source at `web` (HTTPS) and nothing else.
fn settings(web: &WebServer, insecure: Option<&WebServer>) -> Settings {
    let base = format!("https://localhost:{}", web.port);
    Settings {
        autoconfig_urls: vec![format!(
            "{base}/autoconfig/{{domain}}?emailaddress={{email}}"
        )],
        insecure_autoconfig_urls: insecure
            .map(|w| vec![format!("http://localhost:{}/autoconfig/{{domain}}", w.port)])
            .unwrap_or_default(),
        ispdb_url: format!("{base}/ispdb/{{domain}}"),
        extra_ca: Some(mailserver().ca_file.clone()),
        lookup_timeout: Duration::from_secs(3),
        probe_timeout: Duration::from_secs(3),
        total: Duration::from_secs(8),
        ..Settings::default()
    }
}

async fn web() -> WebServer {
    WebServer::start(Some(mailserver().ca_file.parent().unwrap())).await
}

fn no_dns() -> Arc<FixedDns> {
    Arc::new(FixedDns::default())
}

#[tokio::test]
async fn the_providers_own_file_wins_over_the_ispdb() {
    let web = web().await;
    web.page(
        "/autoconfig/exemple.fr",
        Page::ok(config("mail.exemple.fr")),
    );
    web.page("/ispdb/exemple.fr", Page::ok(config("ispdb.exemple.fr")));
    let found = discover::discover("zoe@exemple.fr", &settings(&web, None), no_dns())
        .await
        .unwrap();
    assert!(matches!(
        &found[0].source,
        Source::Autoconfig {
            insecure: false,
            ..
        }
    ));
    assert_eq!(found[0].incoming[0].host, "mail.exemple.fr");
    assert_eq!(found[0].incoming[0].username, "zoe");
    assert_eq!(found[0].outgoing[0].username, "zoe@exemple.fr");
    assert!(
        web.asked()
            .iter()
            .any(|p| p == "/autoconfig/exemple.fr?emailaddress=zoe%40exemple.fr"),
        "{:?}",
        web.asked()
    );
}

#[tokio::test]
async fn a_missing_or_hostile_file_falls_through_to_the_ispdb() {
    let web = web().await;
    web.page("/ispdb/beispiel.de", Page::ok(config("imap.beispiel.de")));
    let found = discover::discover("anna@beispiel.de", &settings(&web, None), no_dns())
        .await
        .unwrap();
    assert!(
        matches!(&found[0].source, Source::Ispdb { .. }),
        "{:?}",
        found[0].source
    );
    let dtd = format!(
        "<!DOCTYPE clientConfig [<!ENTITY x \"y\">]>{}",
        config("evil.example").replace("<?xml version=\"1.0\"?>", "")
    );
    web.page("/autoconfig/beispiel.de", Page::ok(dtd));
    let found = discover::discover("anna@beispiel.de", &settings(&web, None), no_dns())
        .await
        .unwrap();
    assert!(matches!(&found[0].source, Source::Ispdb { .. }));
    assert_eq!(found[0].incoming[0].host, "imap.beispiel.de");
}

#[tokio::test]
async fn a_slow_source_does_not_stall_discovery_past_its_timeout() {
    let web = web().await;
    web.page(
        "/autoconfig/lent.fr",
        Page::ok(config("mail.lent.fr")).slow(Duration::from_secs(60)),
    );
    web.page("/ispdb/lent.fr", Page::ok(config("imap.lent.fr")));
    let s = settings(&web, None);
    let start = Instant::now();
    let found = discover::discover("x@lent.fr", &s, no_dns()).await.unwrap();
    let took = start.elapsed();
    assert!(matches!(&found[0].source, Source::Ispdb { .. }));
    assert!(
        took < s.lookup_timeout + Duration::from_secs(2),
        "waited {took:?} for a source that never answers"
    );
}

#[tokio::test]
async fn a_custom_domain_hosted_by_a_known_provider_is_found_through_its_mx() {
    let web = web().await;
    let dns = FixedDns {
        mx: [(
            "cabinet-martin.fr".to_string(),
            vec![
                "aspmx.l.google.com".to_string(),
                "alt1.aspmx.l.google.com".to_string(),
            ],
        )]
        .into(),
        ..FixedDns::default()
    };
    let found = discover::discover(
        "claire@cabinet-martin.fr",
        &settings(&web, None),
        Arc::new(dns),
    )
    .await
    .unwrap();
    assert_eq!(
        found[0].source,
        Source::Mx {
            mx_host: "aspmx.l.google.com".into()
        }
    );
    assert_eq!(found[0].provider.as_ref().unwrap().id, "gmail");
    assert_eq!(found[0].incoming[0].host, "imap.gmail.com");
    assert_eq!(found[0].incoming[0].username, "claire@cabinet-martin.fr");
}

#[tokio::test]
async fn srv_records_are_used_before_guessing() {
    let web = web().await;
    let record = |target: &str, port| {
        vec![SrvRecord {
            priority: 0,
            weight: 1,
            port,
            target: target.into(),
        }]
    };
    let dns = FixedDns {
        srv: [
            (
                "_imaps._tcp.asso.org".to_string(),
                record("imap.hebergeur.net", 993),
            ),
            ("_imap._tcp.asso.org".to_string(), record(".", 0)),
            (
                "_submission._tcp.asso.org".to_string(),
                record("smtp.hebergeur.net", 587),
            ),
        ]
        .into(),
        ..FixedDns::default()
    };
    let found = discover::discover("a@asso.org", &settings(&web, None), Arc::new(dns))
        .await
        .unwrap();
    assert_eq!(found[0].source, Source::Srv);
    assert_eq!(
        found[0].incoming.len(),
        1,
        "a target of \".\" means not offered"
    );
    assert_eq!(
        (
            found[0].incoming[0].host.as_str(),
            found[0].incoming[0].security
        ),
        ("imap.hebergeur.net", Security::Tls)
    );
    assert_eq!(found[0].outgoing[0].security, Security::Starttls);
}

#[tokio::test]
async fn guessing_finds_the_harness_servers_with_tls_first() {
    let server = mailserver();
    facteur::engine::net::resolve_domain_to("facteur.test", "127.0.0.1".parse().unwrap());
    let web = web().await;
    let s = Settings {
        guess_ports: GuessPorts {
            imap_tls: server.imaps_port,
            imap_starttls: server.imap_port,
            pop3_tls: server.pop3s_port,
            pop3_starttls: server.pop3_port,
            smtp_tls: server.submissions_port,
            smtp_starttls: server.submission_port,
        },
        ..settings(&web, None)
    };
    let start = Instant::now();
    let found = discover::discover("u@facteur.test", &s, no_dns())
        .await
        .unwrap();
    assert!(start.elapsed() < s.total);
    let c = &found[0];
    assert_eq!(c.source, Source::Guess);
    let first = &c.incoming[0];
    assert_eq!(
        (
            first.protocol,
            first.host.as_str(),
            first.port,
            first.security
        ),
        (
            Protocol::Imap,
            "imap.facteur.test",
            server.imaps_port,
            Security::Tls
        )
    );
    assert!(c.incoming.iter().any(|s| s.protocol == Protocol::Pop3));
    assert_eq!(c.outgoing[0].security, Security::Tls);
    assert!(
        c.incoming
            .iter()
            .chain(&c.outgoing)
            .all(|s| !s.is_plaintext())
    );
}

#[tokio::test]
async fn a_file_over_plain_http_is_offered_last_and_marked_insecure() {
    let web = web().await;
    let plain = WebServer::start(None).await;
    plain.page(
        "/autoconfig/petit-fai.fr",
        Page::ok(config("mail.petit-fai.fr")),
    );
    let found = discover::discover("jean@petit-fai.fr", &settings(&web, Some(&plain)), no_dns())
        .await
        .unwrap();
    let last = found.last().unwrap();
    assert!(
        matches!(&last.source, Source::Autoconfig { insecure: true, .. }),
        "{:?}",
        last.source
    );
}

#[tokio::test]
async fn unknown_domains_and_bad_addresses_are_named() {
    let web = web().await;
    let dns = FixedDns {
        missing: vec!["nexistepas.fr".into()],
        ..FixedDns::default()
    };
    assert_eq!(
        discover::discover("a@nexistepas.fr", &settings(&web, None), Arc::new(dns)).await,
        Err(SetupError::DomainNotFound("nexistepas.fr".into()))
    );
    assert!(matches!(
        discover::discover("pas une adresse", &settings(&web, None), no_dns()).await,
        Err(SetupError::InvalidAddress(_))
    ));
    // A domain that exists but offers nothing anywhere.
    let dns = FixedDns {
        mx: [("vide.fr".to_string(), vec!["mx.vide.fr".to_string()])].into(),
        ..FixedDns::default()
    };
    assert_eq!(
        discover::discover("a@vide.fr", &settings(&web, None), Arc::new(dns)).await,
        Err(SetupError::NoServerFound("vide.fr".into()))
    );
    let _ = DnsError::NoRecords;
}
