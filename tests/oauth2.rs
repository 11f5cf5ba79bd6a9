//! OAuth2 sign-in end to end: a token service in the test issues JWTs that the harness's
//! Dovecot validates (offline OAuth2), the test plays the browser, and IMAP, POP3 and SMTP
//! then log in with XOAUTH2; expired tokens are refreshed by the engine before use.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use facteur::account::{AuthMethod, OAuthClient, SecretKey, SecretRole, Security};
use facteur::proto::Credentials;
use facteur::setup::oauth2::{self, Endpoints, OAuthError, TokenSet, pkce_challenge};
use facteur::setup::probe::{self, Step};
use facteur::setup::{Protocol, ServerSetting};
use support::http::{Page, Request, WebServer};
use support::mailserver;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn form(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                let mut out = Vec::new();
                let b = s.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b'%' && i + 2 < b.len() {
                        out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                        i += 3;
                    } else {
                        out.push(if b[i] == b'+' { b' ' } else { b[i] });
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap()
            };
            (decode(k), decode(v))
        })
        .collect()
}

fn query(url: &str) -> Vec<(String, String)> {
    form(url.split_once('?').map(|(_, q)| q).unwrap_or("").as_bytes())
}

fn get(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// The provider's token service: checks the code and the PKCE verifier against the challenge
/// the browser was sent with, and hands out JWTs Dovecot accepts.
struct TokenService {
    web: WebServer,
    challenge: Arc<Mutex<Option<String>>>,
}

impl TokenService {
    async fn start(email: &str) -> TokenService {
        let server = mailserver();
        let web = WebServer::start(Some(server.ca_file.parent().unwrap())).await;
        let challenge: Arc<Mutex<Option<String>>> = Arc::default();
        let (c, email) = (challenge.clone(), email.to_string());
        web.handle(move |r: &Request| {
            if r.method != "POST" || !r.target.starts_with("/token") {
                return None;
            }
            let f = form(&r.body);
            let grant = get(&f, "grant_type").unwrap_or_default();
            let ok = match grant.as_str() {
                "authorization_code" => {
                    get(&f, "code").as_deref() == Some("code-123")
                        && get(&f, "client_id").as_deref() == Some("facteur-test")
                        && get(&f, "code_verifier").map(|v| pkce_challenge(&v))
                            == c.lock().unwrap().clone()
                }
                "refresh_token" => get(&f, "refresh_token").as_deref() == Some("refresh-1"),
                _ => false,
            };
            Some(if ok {
                let token = mailserver().oauth2_token(&email, 3600);
                Page::ok(format!(
                    r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600{}}}"#,
                    if grant == "authorization_code" {
                        r#","refresh_token":"refresh-1""#
                    } else {
                        ""
                    }
                ))
            } else {
                Page {
                    status: 400,
                    body: br#"{"error":"invalid_grant"}"#.to_vec(),
                    delay: Duration::ZERO,
                }
            })
        });
        TokenService { web, challenge }
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints {
            authorize: format!("https://localhost:{}/authorize", self.web.port),
            token: format!("https://localhost:{}/token", self.web.port),
            scopes: vec!["mail".into()],
            extra: vec![],
        }
    }
}

/// Plays the browser: the user signs in and the provider redirects back with `answer`
/// (a function of the state it was given).
fn browser(
    challenge: Arc<Mutex<Option<String>>>,
    answer: impl FnOnce(&str) -> String + Send + 'static,
) -> impl FnOnce(String) {
    move |url: String| {
        let q = query(&url);
        assert_eq!(get(&q, "code_challenge_method").as_deref(), Some("S256"));
        assert_eq!(get(&q, "response_type").as_deref(), Some("code"));
        *challenge.lock().unwrap() = get(&q, "code_challenge");
        let redirect = get(&q, "redirect_uri").unwrap();
        assert!(
            redirect.starts_with("http://127.0.0.1:"),
            "loopback only: {redirect}"
        );
        let state = get(&q, "state").unwrap();
        let target = format!("{redirect}?{}", answer(&state));
        tokio::spawn(async move {
            let rest = target.strip_prefix("http://").unwrap();
            let (host, path) = rest.split_once('/').unwrap();
            // A stray favicon request first: it must not end the sign-in.
            for path in ["favicon.ico".to_string(), path.to_string()] {
                let mut tcp = tokio::net::TcpStream::connect(host).await.unwrap();
                tcp.write_all(format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
                    .await
                    .unwrap();
                let mut page = String::new();
                tcp.read_to_string(&mut page).await.unwrap();
            }
        });
    }
}

fn client() -> OAuthClient {
    OAuthClient {
        client_id: "facteur-test".into(),
        client_secret: None,
    }
}

#[tokio::test]
async fn signing_in_gives_tokens_that_imap_pop3_and_smtp_accept() {
    let m = mailserver();
    let user = m.new_user();
    let service = TokenService::start(&user.email).await;
    let set = oauth2::sign_in(
        &service.endpoints(),
        &client(),
        &user.email,
        browser(service.challenge.clone(), |state| {
            format!("code=code-123&state={state}")
        }),
        "You can close this page.",
        Duration::from_secs(20),
        Some(&m.ca_file),
    )
    .await
    .expect("signed in");
    assert_eq!(set.refresh_token.as_deref(), Some("refresh-1"));
    let servers = [
        (Protocol::Imap, m.imaps_port),
        (Protocol::Pop3, m.pop3s_port),
        (Protocol::Smtp, m.submissions_port),
    ];
    for (protocol, port) in servers {
        let setting = ServerSetting {
            protocol,
            host: "localhost".into(),
            port,
            security: Security::Tls,
            username: user.email.clone(),
            auth: AuthMethod::OAuth2,
        };
        let mut steps = Vec::new();
        let result = probe::check(
            &setting,
            &Credentials::OAuth2(set.access_token.clone()),
            Some(m.ca_file.clone()),
            probe::SERVER_BOUND,
            &mut |p| steps.push(p.step),
        )
        .await;
        assert_eq!(result, Ok(()), "{protocol:?}");
        assert_eq!(steps.last(), Some(&Step::LoggedIn));
    }
    let refreshed = oauth2::refresh(&set, Some(&m.ca_file)).await.unwrap();
    assert_ne!(refreshed.access_token, "");
    assert_eq!(
        refreshed.refresh_token.as_deref(),
        Some("refresh-1"),
        "kept"
    );
}

#[tokio::test]
async fn a_forged_answer_or_a_refusal_signs_nobody_in() {
    let m = mailserver();
    let user = m.new_user();
    let service = TokenService::start(&user.email).await;
    let forged = oauth2::sign_in(
        &service.endpoints(),
        &client(),
        &user.email,
        browser(service.challenge.clone(), |_| {
            "code=code-123&state=forged".into()
        }),
        "",
        Duration::from_secs(20),
        Some(&m.ca_file),
    )
    .await;
    assert_eq!(forged, Err(OAuthError::StateMismatch));
    let denied = oauth2::sign_in(
        &service.endpoints(),
        &client(),
        &user.email,
        browser(service.challenge.clone(), |state| {
            format!(
                "error=access_denied&error_description=L%27utilisateur+a+refus%C3%A9&state={state}"
            )
        }),
        "",
        Duration::from_secs(20),
        Some(&m.ca_file),
    )
    .await;
    assert_eq!(
        denied,
        Err(OAuthError::Denied("L'utilisateur a refusé".into()))
    );
    let abandoned = oauth2::sign_in(
        &service.endpoints(),
        &client(),
        &user.email,
        |_url| {},
        "",
        Duration::from_millis(300),
        Some(&m.ca_file),
    )
    .await;
    assert_eq!(abandoned, Err(OAuthError::Timeout));
}

#[tokio::test]
async fn the_engine_refreshes_an_expiring_token_before_logging_in() {
    let m = mailserver();
    let user = m.new_user();
    let service = TokenService::start(&user.email).await;
    let secrets = support::engine::secrets_with(&user.email, "unused").await;
    let expired = TokenSet {
        access_token: "expired-token".into(),
        refresh_token: Some("refresh-1".into()),
        expires_at: 0,
        token_url: service.endpoints().token,
        client_id: "facteur-test".into(),
        client_secret: None,
    };
    let key = SecretKey::new(&user.email, SecretRole::OAuth2);
    {
        let (s, k, v) = (secrets.clone(), key.clone(), expired.to_secret());
        tokio::task::spawn_blocking(move || s.set(&k, &v))
            .await
            .unwrap()
            .unwrap();
    }
    let server = facteur::account::Server {
        host: "localhost".into(),
        port: m.imaps_port,
        security: Security::Tls,
        username: user.email.clone(),
        auth: AuthMethod::OAuth2,
        ca_file: Some(m.ca_file.clone()),
    };
    let account = facteur::account::Account {
        name: String::new(),
        email: user.email.clone(),
        incoming: facteur::account::Incoming::Imap(server.clone()),
        outgoing: server.clone(),
        pop3: Default::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    };
    let credentials =
        facteur::engine::credentials::credentials(&account, Some(secrets.clone()), false)
            .await
            .unwrap();
    let Credentials::OAuth2(token) = &credentials else {
        panic!("{credentials:?}")
    };
    assert_ne!(token, "expired-token");
    facteur::proto::imap::connect_and_login(&server, &credentials, Duration::from_secs(10))
        .await
        .expect("the refreshed token logs in");
    let stored = tokio::task::spawn_blocking(move || secrets.get(&key))
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let stored = TokenSet::from_secret(&stored).unwrap();
    assert_eq!(&stored.access_token, token, "the new token was kept");
    assert!(stored.expires_at > expired.expires_at);
}
