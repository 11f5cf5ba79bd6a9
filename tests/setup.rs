//! Discovery against real peers on loopback: configuration files served over HTTPS by a web
//! server in the test, fixed DNS answers, and guessing against the harness's Dovecot and
//! Postfix under the name `facteur.test` (its certificate covers `*.facteur.test`).

mod support;

use facteur::engine::SetupOp;
use std::sync::Arc;
use std::time::{Duration, Instant};

use facteur::account::Security;
use facteur::setup::discover::{self, FixedDns, GuessPorts, Settings, SetupError, SrvRecord};
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
    facteur::proto::net::resolve_domain_to("facteur.test", "127.0.0.1".parse().unwrap());
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
}

mod verification {
    use super::*;
    use facteur::account::AuthMethod;
    use facteur::engine::{Command, Engine, EngineOptions, Event};
    use facteur::proto::Credentials;
    use facteur::proto::error::ErrorKind;
    use facteur::setup::ServerSetting;
    use facteur::setup::probe::{self, Progress, Step};
    use facteur::store::Store;
    use support::TestUser;

    fn setting(protocol: Protocol, port: u16, security: Security, user: &str) -> ServerSetting {
        ServerSetting {
            protocol,
            host: "localhost".into(),
            port,
            security,
            username: user.into(),
            auth: AuthMethod::Password,
        }
    }

    async fn check(
        s: &ServerSetting,
        password: &str,
        ca: bool,
        bound: Duration,
    ) -> (Result<(), facteur::proto::error::MailError>, Vec<Step>) {
        let mut steps = Vec::new();
        let result = probe::check(
            s,
            &Credentials::Password(password.into()),
            ca.then(|| mailserver().ca_file.clone()),
            bound,
            &mut |p: Progress| steps.push(p.step),
        )
        .await;
        (result, steps)
    }

    fn all_servers(user: &TestUser) -> Vec<ServerSetting> {
        let m = mailserver();
        vec![
            setting(Protocol::Imap, m.imaps_port, Security::Tls, &user.email),
            setting(Protocol::Imap, m.imap_port, Security::Starttls, &user.email),
            setting(Protocol::Pop3, m.pop3s_port, Security::Tls, &user.email),
            setting(Protocol::Pop3, m.pop3_port, Security::Starttls, &user.email),
            setting(
                Protocol::Smtp,
                m.submissions_port,
                Security::Tls,
                &user.email,
            ),
            setting(
                Protocol::Smtp,
                m.submission_port,
                Security::Starttls,
                &user.email,
            ),
        ]
    }

    #[tokio::test]
    async fn every_harness_server_is_verified_step_by_step() {
        let user = mailserver().new_user();
        for s in all_servers(&user) {
            let (result, steps) = check(&s, &user.password, true, probe::SERVER_BOUND).await;
            assert_eq!(result, Ok(()), "{s:?}");
            assert_eq!(
                steps,
                vec![
                    Step::Connecting,
                    Step::Secured,
                    Step::LoggingIn,
                    Step::LoggedIn
                ],
                "{s:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_wrong_password_is_named_with_the_servers_words_on_every_protocol() {
        let user = mailserver().new_user();
        for s in all_servers(&user) {
            let (result, steps) = check(&s, "not-the-password", true, probe::SERVER_BOUND).await;
            let error = result.expect_err("refused");
            assert_eq!(error.kind, ErrorKind::WrongCredentials, "{s:?}: {error:?}");
            assert!(
                !error.server_text.is_empty(),
                "{s:?}: the server's own words"
            );
            assert_eq!(steps.last(), Some(&Step::LoggingIn));
        }
    }

    #[tokio::test]
    async fn closed_ports_silent_servers_and_unknown_certificates_are_told_apart() {
        let m = mailserver();
        let user = m.new_user();
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (result, _) = check(
            &setting(Protocol::Imap, closed, Security::Tls, &user.email),
            &user.password,
            true,
            probe::SERVER_BOUND,
        )
        .await;
        assert!(
            matches!(result.unwrap_err().kind, ErrorKind::ConnectionRefused { port, .. } if port == closed)
        );

        // Accepts, then never says a word.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let silent_port = silent.local_addr().unwrap().port();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((tcp, _)) = silent.accept().await {
                held.push(tcp);
            }
        });
        let bound = Duration::from_secs(2);
        let start = Instant::now();
        let (result, _) = check(
            &setting(Protocol::Pop3, silent_port, Security::Starttls, &user.email),
            &user.password,
            true,
            bound,
        )
        .await;
        assert!(
            matches!(result.unwrap_err().kind, ErrorKind::Timeout { .. }),
            "a silent server times out"
        );
        assert!(
            start.elapsed() < bound + Duration::from_secs(1),
            "within the bound"
        );

        // The harness's certificate without its CA: an unknown issuer, with the details.
        let (result, steps) = check(
            &setting(Protocol::Imap, m.imaps_port, Security::Tls, &user.email),
            &user.password,
            false,
            probe::SERVER_BOUND,
        )
        .await;
        let error = result.unwrap_err();
        let ErrorKind::Certificate(problem) = &error.kind else {
            panic!("{error:?}")
        };
        assert!(problem.subject.contains("localhost"), "{problem:?}");
        assert_eq!(steps, vec![Step::Connecting], "nothing was sent");
    }

    #[tokio::test]
    async fn a_server_without_starttls_gets_no_password() {
        // An IMAP server that does not offer STARTTLS, and records what it receives.
        let fake = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = fake.local_addr().unwrap().port();
        let received = Arc::new(std::sync::Mutex::new(String::new()));
        let seen = received.clone();
        tokio::spawn(async move {
            use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
            let (tcp, _) = fake.accept().await.unwrap();
            let (read, mut write) = tcp.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"* OK IMAP4rev1 ready\r\n").await.unwrap();
            while let Ok(Some(line)) = lines.next_line().await {
                seen.lock().unwrap().push_str(&line);
                let tag = line.split(' ').next().unwrap_or("*").to_string();
                let reply = if line.to_ascii_uppercase().contains("CAPABILITY") {
                    format!("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n")
                } else {
                    format!("{tag} BAD no\r\n")
                };
                let _ = write.write_all(reply.as_bytes()).await;
            }
        });
        let (result, _) = check(
            &setting(Protocol::Imap, port, Security::Starttls, "u@facteur.test"),
            "secret-password",
            true,
            probe::SERVER_BOUND,
        )
        .await;
        assert_eq!(result.unwrap_err().kind, ErrorKind::EncryptionNotOffered);
        assert!(!received.lock().unwrap().contains("secret-password"));
    }

    #[tokio::test]
    async fn the_engine_reports_progress_and_cancels_on_request() {
        let m = mailserver();
        let user = m.new_user();
        let home = tempfile::tempdir().unwrap();
        let mut engine = Engine::start_with(
            &facteur::account::Config::default(),
            Store::open(&home.path().join("s.sqlite3")).unwrap(),
            EngineOptions {
                setup: Settings {
                    extra_ca: Some(m.ca_file.clone()),
                    offline: true,
                    ..Settings::default()
                },
                dns: Some(no_dns()),
                ..EngineOptions::default()
            },
        );
        let h = engine.handle.clone();
        let (r1, r2, r3) = (h.request(), h.request(), h.request());
        h.send(Command::Setup(SetupOp::Discover {
            request: r1,
            email: "marie@wanadoo.fr".into(),
        }))
        .unwrap();
        h.send(Command::Setup(SetupOp::CheckServer {
            request: r2,
            server: setting(Protocol::Imap, m.imaps_port, Security::Tls, &user.email),
            credentials: Credentials::Password(user.password.clone()),
        }))
        .unwrap();
        let mut steps = Vec::new();
        let (mut discovered, mut checked) = (None, None);
        while discovered.is_none() || checked.is_none() {
            match tokio::time::timeout(Duration::from_secs(20), engine.events.recv()).await {
                Ok(Some(Event::Discovered { request, result })) if request == r1 => {
                    discovered = Some(result)
                }
                Ok(Some(Event::SetupProgress { request, progress })) if request == r2 => {
                    steps.push(progress.step)
                }
                Ok(Some(Event::SetupChecked { request, result })) if request == r2 => {
                    checked = Some(result)
                }
                Ok(Some(_)) => {}
                other => panic!("no setup events: {other:?}"),
            }
        }
        let found = discovered.unwrap().unwrap();
        assert_eq!(found[0].provider.as_ref().unwrap().id, "orange");
        assert_eq!(checked, Some(Ok(())));
        assert_eq!(steps.last(), Some(&Step::LoggedIn));

        // A check of a silent server, cancelled: no outcome is reported.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = silent.local_addr().unwrap().port();
        h.send(Command::Setup(SetupOp::CheckServer {
            request: r3,
            server: setting(Protocol::Imap, port, Security::Tls, &user.email),
            credentials: Credentials::Password(user.password.clone()),
        }))
        .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        h.send(Command::Cancel { request: r3 }).unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
        while let Ok(Some(event)) = tokio::time::timeout_at(deadline, engine.events.recv()).await {
            assert!(
                !matches!(event, Event::SetupChecked { request, .. } if request == r3),
                "a cancelled check reports nothing"
            );
        }
        drop(silent);
        engine.shutdown().await;
    }
}

mod certificates {
    use super::*;
    use facteur::account::AuthMethod;
    use facteur::proto::Credentials;
    use facteur::proto::error::{CertificateReason, ErrorKind};
    use facteur::setup::ServerSetting;
    use facteur::setup::probe;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};

    /// A CA of the test's own, written where a user would point Facteur at it.
    struct Ca {
        issuer: Issuer<'static, KeyPair>,
        file: tempfile::NamedTempFile,
    }

    fn ca(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), cert.pem()).unwrap();
        Ca {
            issuer: Issuer::new(params, key),
            file,
        }
    }

    /// An IMAP server on loopback presenting a certificate for `names`, valid in `years`.
    async fn imap_server(ca: &Ca, names: &[&str], years: (i32, i32)) -> u16 {
        crate::support::tls::imap_server(&ca.issuer, names, years).await
    }

    async fn reason(ca: &Ca, port: u16) -> CertificateReason {
        let setting = ServerSetting {
            protocol: Protocol::Imap,
            host: "localhost".into(),
            port,
            security: Security::Tls,
            username: "u".into(),
            auth: AuthMethod::Password,
        };
        let error = probe::check(
            &setting,
            &Credentials::Password("pw".into()),
            Some(ca.file.path().to_path_buf()),
            Duration::from_secs(5),
            &mut |_| {},
        )
        .await
        .unwrap_err();
        match error.kind {
            ErrorKind::Certificate(problem) => problem.reason,
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn expired_misnamed_and_foreign_certificates_are_told_apart() {
        let trusted = ca("Trusted Test CA");
        let expired = imap_server(&trusted, &["localhost"], (2020, 2021)).await;
        assert_eq!(reason(&trusted, expired).await, CertificateReason::Expired);
        let misnamed = imap_server(&trusted, &["mail.autre.example"], (2020, 2090)).await;
        assert_eq!(
            reason(&trusted, misnamed).await,
            CertificateReason::WrongName
        );
        let foreign = imap_server(&ca("Another CA"), &["localhost"], (2020, 2090)).await;
        assert_eq!(
            reason(&trusted, foreign).await,
            CertificateReason::UnknownIssuer
        );
        let good = imap_server(&trusted, &["localhost"], (2020, 2090)).await;
        let setting = ServerSetting {
            protocol: Protocol::Imap,
            host: "localhost".into(),
            port: good,
            security: Security::Tls,
            username: "u".into(),
            auth: AuthMethod::Password,
        };
        let mut steps = Vec::new();
        let _ = probe::check(
            &setting,
            &Credentials::Password("pw".into()),
            Some(trusted.file.path().to_path_buf()),
            Duration::from_secs(3),
            &mut |p| steps.push(p.step),
        )
        .await;
        assert!(
            steps.contains(&probe::Step::Secured),
            "the same CA's valid certificate is accepted: {steps:?}"
        );
    }
}
