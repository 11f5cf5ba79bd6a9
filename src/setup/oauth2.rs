//! OAuth2 sign-in for providers that accept only it (Outlook.com) or prefer it (Gmail):
//! the authorization code flow with PKCE (RFC 7636) and a loopback redirect (RFC 8252 §7.3),
//! as native apps must do it, then refreshing the access token before it expires.
//!
//! Hand-written rather than with the `oauth2` crate: the flow is one browser round trip and
//! two form POSTs, and that crate's HTTP layer would need adapting to reqwest 0.13 anyway;
//! what matters (PKCE S256, a random `state` checked on return, a redirect listener bound to
//! 127.0.0.1 only, HTTPS with certificate checks) is all here and tested end to end.
//!
//! The token set is kept in the secret store as JSON (role `oauth2`); a bare access token
//! there (as older versions or a script may store it) is used as it is.

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::account::OAuthClient;

/// Where a provider signs users in and hands out tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorize: String,
    pub token: String,
    pub scopes: Vec<String>,
    /// Extra parameters of the authorization request (Google needs `access_type=offline` to
    /// give a refresh token).
    pub extra: Vec<(String, String)>,
}

/// The endpoints of a provider named in the bundled data (`google`, `microsoft`).
pub fn endpoints(provider: &str) -> Option<Endpoints> {
    match provider {
        "google" => Some(Endpoints {
            authorize: "https://accounts.google.com/o/oauth2/v2/auth".into(),
            token: "https://oauth2.googleapis.com/token".into(),
            scopes: vec!["https://mail.google.com/".into()],
            extra: vec![
                ("access_type".into(), "offline".into()),
                ("prompt".into(), "consent".into()),
            ],
        }),
        "microsoft" => Some(Endpoints {
            authorize: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize".into(),
            token: "https://login.microsoftonline.com/common/oauth2/v2.0/token".into(),
            scopes: vec![
                "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
                "https://outlook.office.com/POP.AccessAsUser.All".into(),
                "https://outlook.office.com/SMTP.Send".into(),
                "offline_access".into(),
            ],
            extra: Vec::new(),
        }),
        _ => None,
    }
}

/// The tokens of one account, with what refreshing them needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    pub token_url: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl TokenSet {
    /// Whether the access token expires within five minutes (a sync must not start with a
    /// token that dies halfway).
    pub fn needs_refresh(&self, now: i64) -> bool {
        self.expires_at - 300 <= now
    }

    pub fn to_secret(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A token set from the secret store; `None` for a bare access token.
    pub fn from_secret(secret: &str) -> Option<TokenSet> {
        serde_json::from_str(secret).ok()
    }
}

/// Why signing in did not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    #[error("no OAuth2 application is configured for {0}")]
    NotConfigured(String),
    #[error("the sign-in was refused: {0}")]
    Denied(String),
    #[error("the sign-in answer did not match the request (state)")]
    StateMismatch,
    #[error("the sign-in was not completed in time")]
    Timeout,
    #[error("the token service could not be reached: {0}")]
    Network(String),
    #[error("the token service answered: {0}")]
    Refused(String),
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn random_token(bytes: usize) -> String {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; bytes];
    let _ = ring::rand::SystemRandom::new().fill(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// The S256 challenge of a PKCE verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Signs in through the browser: `open` is given the page to show (the GUI opens the
/// system browser); the provider sends the browser back to a listener on 127.0.0.1 with a
/// code, exchanged here for tokens. `page` is the text the browser shows afterwards.
#[allow(clippy::too_many_arguments)]
pub async fn sign_in(
    endpoints: &Endpoints,
    client: &OAuthClient,
    login_hint: &str,
    open: impl FnOnce(String),
    page: &str,
    timeout: Duration,
    extra_ca: Option<&Path>,
) -> Result<TokenSet, OAuthError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| OAuthError::Network(e.to_string()))?;
    let port = listener
        .local_addr()
        .map_err(|e| OAuthError::Network(e.to_string()))?
        .port();
    let redirect = format!("http://127.0.0.1:{port}/");
    let verifier = random_token(48);
    let state = random_token(16);
    let scope = endpoints.scopes.join(" ");
    let challenge = pkce_challenge(&verifier);
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", &client.client_id),
        ("redirect_uri", &redirect),
        ("scope", &scope),
        ("state", &state),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
        ("login_hint", login_hint),
    ];
    params.extend(
        endpoints
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let separator = if endpoints.authorize.contains('?') {
        '&'
    } else {
        '?'
    };
    open(format!(
        "{}{separator}{}",
        endpoints.authorize,
        form(&params)
    ));

    let answer = tokio::time::timeout(timeout, wait_for_redirect(&listener, page))
        .await
        .map_err(|_| OAuthError::Timeout)??;
    let get = |name: &str| {
        answer
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(error) = get("error") {
        return Err(OAuthError::Denied(
            get("error_description").unwrap_or(error),
        ));
    }
    if get("state").as_deref() != Some(state.as_str()) {
        return Err(OAuthError::StateMismatch);
    }
    let code = get("code").ok_or_else(|| OAuthError::Refused("no code".into()))?;
    let mut body = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", redirect.as_str()),
        ("client_id", client.client_id.as_str()),
        ("code_verifier", verifier.as_str()),
    ];
    if let Some(secret) = &client.client_secret {
        body.push(("client_secret", secret));
    }
    token_request(&endpoints.token, client, &body, None, extra_ca).await
}

/// Waits for the browser's return to the loopback listener; answers it with `page`.
async fn wait_for_redirect(
    listener: &TcpListener,
    page: &str,
) -> Result<Vec<(String, String)>, OAuthError> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .map_err(|e| OAuthError::Network(e.to_string()))?;
        let mut request = Vec::new();
        let mut buf = [0u8; 2048];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
            match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => request.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        let text = String::from_utf8_lossy(&request);
        let target = text.split_whitespace().nth(1).unwrap_or("/").to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let pairs = query_pairs(query);
        let is_answer = path == "/" && pairs.iter().any(|(k, _)| k == "code" || k == "error");
        let (status, body) = if is_answer {
            ("200 OK", page)
        } else {
            // A favicon request or a stray visit: not the answer.
            ("404 Not Found", "")
        };
        let html = format!(
            "<!doctype html><meta charset=\"utf-8\"><title>Facteur</title><p>{}</p>",
            body.replace('&', "&amp;").replace('<', "&lt;")
        );
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
            html.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        if is_answer {
            return Ok(pairs);
        }
    }
}

/// Gets a new access token with the refresh token.
pub async fn refresh(set: &TokenSet, extra_ca: Option<&Path>) -> Result<TokenSet, OAuthError> {
    let refresh = set
        .refresh_token
        .clone()
        .ok_or_else(|| OAuthError::Refused("no refresh token".into()))?;
    let client = OAuthClient {
        client_id: set.client_id.clone(),
        client_secret: set.client_secret.clone(),
    };
    let mut body = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh.as_str()),
        ("client_id", set.client_id.as_str()),
    ];
    if let Some(secret) = &set.client_secret {
        body.push(("client_secret", secret));
    }
    token_request(
        &set.token_url,
        &client,
        &body,
        Some(refresh.clone()),
        extra_ca,
    )
    .await
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
}

async fn token_request(
    url: &str,
    client: &OAuthClient,
    body: &[(&str, &str)],
    previous_refresh: Option<String>,
    extra_ca: Option<&Path>,
) -> Result<TokenSet, OAuthError> {
    let http = super::https_client(extra_ca, Duration::from_secs(20))
        .ok_or_else(|| OAuthError::Network("no TLS configuration".into()))?;
    let response = http
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(form(body))
        .send()
        .await
        .map_err(|e| OAuthError::Network(e.to_string()))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| OAuthError::Network(e.to_string()))?;
    if !status.is_success() {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(500)]).into_owned();
        return Err(OAuthError::Refused(format!("{status}: {text}")));
    }
    let parsed: TokenResponse =
        serde_json::from_slice(&bytes).map_err(|e| OAuthError::Refused(e.to_string()))?;
    Ok(TokenSet {
        access_token: parsed.access_token,
        // A refresh answer may leave the refresh token out: the old one stays valid.
        refresh_token: parsed.refresh_token.or(previous_refresh),
        expires_at: unix_now() + parsed.expires_in.unwrap_or(3600),
        token_url: url.to_string(),
        client_id: client.client_id.clone(),
        client_secret: client.client_secret.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_the_rfc_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            query_pairs("code=4%2F0Ab%2Bc&state=x%20y&error_description=a+b"),
            vec![
                ("code".to_string(), "4/0Ab+c".to_string()),
                ("state".to_string(), "x y".to_string()),
                ("error_description".to_string(), "a b".to_string()),
            ]
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é%zz"), "%é%zz");
    }

    #[test]
    fn token_sets_round_trip_and_expire_early() {
        let set = TokenSet {
            access_token: "a".into(),
            refresh_token: Some("r".into()),
            expires_at: 1000,
            token_url: "https://t".into(),
            client_id: "c".into(),
            client_secret: None,
        };
        assert_eq!(TokenSet::from_secret(&set.to_secret()), Some(set.clone()));
        assert_eq!(TokenSet::from_secret("ya29.bare-token"), None);
        assert!(set.needs_refresh(701));
        assert!(!set.needs_refresh(699));
    }
}
