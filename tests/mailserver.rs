//! The test harness itself: the project's Dovecot and Postfix answer over TLS and STARTTLS
//! with certificates from the private CA, deliver mail between fresh users and accept the
//! offline OAuth2 tokens.

mod support;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use support::{imap, mailserver, pop3};

/// The raw text of message `seq` in `user`'s INBOX, waiting up to 20 s for it to arrive.
async fn wait_for_message(user: &support::TestUser, seq: u32) -> Vec<u8> {
    let server = mailserver();
    let client = imap::connect_tls(server.imaps_port, Some(&server.ca_file))
        .await
        .unwrap();
    let mut session = imap::login(client, &user.email, &user.password).await;
    let start = Instant::now();
    loop {
        let inbox = session.select("INBOX").await.unwrap();
        if inbox.exists >= seq {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "message {seq} did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fetched: Vec<_> = session
        .fetch(seq.to_string(), "BODY.PEEK[]")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let raw = fetched[0].body().expect("a body").to_vec();
    session.logout().await.unwrap();
    raw
}

#[tokio::test]
async fn imap_logs_in_over_implicit_tls_and_starttls_with_the_private_ca() {
    let server = mailserver();
    let user = server.new_user();
    let client = imap::connect_tls(server.imaps_port, Some(&server.ca_file))
        .await
        .unwrap();
    let mut session = imap::login(client, &user.email, &user.password).await;
    let folders: Vec<_> = session
        .list(None, Some("*"))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = folders.iter().map(|f| f.name().to_string()).collect();
    for special in ["INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive"] {
        assert!(
            names.iter().any(|n| n == special),
            "{special} missing from {names:?}"
        );
    }
    session.logout().await.unwrap();

    let client = imap::connect_starttls(server.imap_port, Some(&server.ca_file))
        .await
        .unwrap();
    let mut session = imap::login(client, &user.email, &user.password).await;
    assert_eq!(session.select("INBOX").await.unwrap().exists, 0);
    session.logout().await.unwrap();
}

#[tokio::test]
async fn the_private_ca_is_not_trusted_by_the_system_roots() {
    let server = mailserver();
    for result in [
        imap::connect_tls(server.imaps_port, None).await.map(drop),
        imap::connect_starttls(server.imap_port, None)
            .await
            .map(drop),
        pop3::connect_tls(server.pop3s_port, None).await.map(drop),
    ] {
        let err = result.expect_err("the handshake must fail without the private CA");
        let text = err.to_string().to_lowercase();
        assert!(
            text.contains("certificate") || text.contains("issuer"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn pop3_logs_in_over_implicit_tls_and_stls_and_downloads_delivered_mail() {
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(
            &user.email,
            b"From: a@example.test\r\nSubject: pop test\r\n\r\n.leading dot\r\nbody\r\n",
        )
        .await;

    let mut pop = pop3::connect_tls(server.pop3s_port, Some(&server.ca_file))
        .await
        .unwrap();
    pop.login(&user.email, &user.password).await;
    assert!(pop.command("STAT").await.starts_with("+OK 1 "));
    assert!(pop.command("QUIT").await.starts_with("+OK"));

    let mut pop = pop3::connect_stls(server.pop3_port, Some(&server.ca_file))
        .await
        .unwrap();
    assert!(pop.command("CAPA").await.starts_with("+OK"));
    let capabilities = pop.multiline().await;
    assert!(capabilities.iter().any(|c| c == "UIDL"), "{capabilities:?}");
    pop.login(&user.email, &user.password).await;
    assert!(pop.command("RETR 1").await.starts_with("+OK"));
    let message = pop.multiline().await;
    assert!(message.contains(&".leading dot".to_string()), "{message:?}");
    assert!(pop.command("QUIT").await.starts_with("+OK"));
}

async fn submit(port: u16, implicit_tls: bool, from: &support::TestUser, to: &str, subject: &str) {
    let server = mailserver();
    let ca = Certificate::from_pem(&std::fs::read(&server.ca_file).unwrap()).unwrap();
    let params = TlsParameters::builder("localhost".into())
        .add_root_certificate(ca)
        .build_rustls()
        .unwrap();
    let tls = if implicit_tls {
        Tls::Wrapper(params)
    } else {
        Tls::Required(params)
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("localhost")
        .port(port)
        .tls(tls)
        .credentials(Credentials::new(from.email.clone(), from.password.clone()))
        .timeout(Some(Duration::from_secs(20)))
        .build();
    let message = Message::builder()
        .from(Mailbox::new(
            Some("Élodie Testeuse".into()),
            from.email.parse().unwrap(),
        ))
        .to(to.parse().unwrap())
        .subject(subject)
        .body(String::from("Grüße aus dem Testlabor.\n"))
        .unwrap();
    transport
        .send(message)
        .await
        .expect("submission accepts the message");
}

#[tokio::test]
async fn submission_relays_from_one_user_to_another_over_both_ports() {
    let server = mailserver();
    assert!(
        server.relays,
        "submission needs the harness Postfix, which runs only as root"
    );
    let alice = server.new_user();
    let bob = server.new_user();
    submit(
        server.submission_port,
        false,
        &alice,
        &bob.email,
        "Été à Köln — STARTTLS",
    )
    .await;
    let raw = wait_for_message(&bob, 1).await;
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.subject(), Some("Été à Köln — STARTTLS"));
    assert_eq!(
        parsed.from().unwrap().first().unwrap().address(),
        Some(alice.email.as_str())
    );

    submit(
        server.submissions_port,
        true,
        &alice,
        &bob.email,
        "implicit TLS",
    )
    .await;
    let raw = wait_for_message(&bob, 2).await;
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(parsed.subject(), Some("implicit TLS"));
    assert!(parsed.body_text(0).unwrap().contains("Grüße"));
}

#[tokio::test]
async fn lmtp_delivery_lands_in_the_inbox() {
    let server = mailserver();
    let user = server.new_user();
    server
        .deliver(
            &user.email,
            b"Subject: direct\r\n\r\nline one\r\n.dot line\r\n",
        )
        .await;
    let raw = wait_for_message(&user, 1).await;
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("\r\n.dot line\r\n"), "{text}");
}

struct XOAuth2(String);

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        std::mem::take(&mut self.0)
    }
}

#[tokio::test]
async fn offline_oauth2_tokens_log_in_and_expired_or_foreign_ones_do_not() {
    let server = mailserver();
    let user = server.new_user();
    let other = server.new_user();
    let attempt = |token: String, login: String| async move {
        let client = imap::connect_tls(server.imaps_port, Some(&server.ca_file))
            .await
            .unwrap();
        let sasl = format!("user={login}\x01auth=Bearer {token}\x01\x01");
        client
            .authenticate("XOAUTH2", XOAuth2(sasl))
            .await
            .map(drop)
            .map_err(|(e, _)| e)
    };
    attempt(server.oauth2_token(&user.email, 600), user.email.clone())
        .await
        .expect("a valid token logs in");
    assert!(
        attempt(server.oauth2_token(&user.email, -60), user.email.clone())
            .await
            .is_err(),
        "expired"
    );
    assert!(
        attempt(server.oauth2_token(&other.email, 600), user.email.clone())
            .await
            .is_err(),
        "someone else's token"
    );
}
