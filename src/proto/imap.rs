//! Connecting to an IMAP server and logging in.

use std::collections::HashSet;
use std::time::Duration;

use async_imap::imap_proto::{Response, Status};
use async_imap::{Authenticator, Client};
use base64::Engine as _;

use super::Credentials;
use super::error::{ErrorKind, MailError, classify_login_refusal};
use crate::account::{Security, Server};
use crate::proto::net::{self, ImapLimits, NetStream, TimedStream};

pub type ImapSession = async_imap::Session<TimedStream>;

/// A logged-in session and what the server can do.
pub struct Connection {
    pub session: ImapSession,
    pub capabilities: HashSet<String>,
}

impl Connection {
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.contains(&capability.to_ascii_uppercase())
    }
}

/// Connects to `server`, secures the connection as configured and logs in. `io_timeout`
/// bounds every later read and write (IDLE connections pass a longer one).
pub async fn connect_and_login(
    server: &Server,
    credentials: &Credentials,
    io_timeout: Duration,
) -> Result<Connection, MailError> {
    connect_and_login_reporting(server, credentials, io_timeout, &mut |_| {}).await
}

/// A step of connecting, for the setup wizard's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Connected, encrypted as configured, greeted.
    Secured,
    /// Capabilities read; the login is being sent.
    LoggingIn,
}

/// [`connect_and_login`], telling `step` how far it got.
pub async fn connect_and_login_reporting(
    server: &Server,
    credentials: &Credentials,
    io_timeout: Duration,
    step: &mut (dyn FnMut(Step) + Send),
) -> Result<Connection, MailError> {
    let mut client = connect(server, io_timeout).await?;
    step(Step::Secured);
    let capabilities = capabilities(&mut client).await?;
    step(Step::LoggingIn);
    if matches!(credentials, Credentials::Password(_))
        && capabilities.contains("LOGINDISABLED")
        && !capabilities.iter().any(|c| c == "AUTH=PLAIN")
    {
        return Err(MailError::new(
            ErrorKind::EncryptionNotOffered,
            "LOGINDISABLED",
        ));
    }
    let mut session = login(client, server, credentials, &capabilities).await?;
    // Logged in over the connection the user chose: messages may now come as literals.
    if let Some(limits) = session.get_mut().imap_limits() {
        limits.set(ImapLimits::AFTER_LOGIN);
    }
    let mut connection = Connection {
        session,
        capabilities: HashSet::new(),
    };
    let caps = connection
        .session
        .capabilities()
        .await
        .map_err(MailError::lost)?;
    connection.capabilities = caps.iter().filter_map(capability_name).collect();
    Ok(connection)
}

fn capability_name(c: &async_imap::types::Capability) -> Option<String> {
    use async_imap::types::Capability;
    match c {
        Capability::Imap4rev1 => Some("IMAP4REV1".into()),
        Capability::Auth(a) => Some(format!("AUTH={}", a.to_ascii_uppercase())),
        Capability::Atom(a) => Some(a.to_ascii_uppercase()),
    }
}

/// Opens the connection and reads the greeting; after this the link is encrypted unless the
/// account explicitly chose no security.
pub async fn connect(
    server: &Server,
    io_timeout: Duration,
) -> Result<Client<TimedStream>, MailError> {
    let tcp = net::tcp(&server.host, server.port, net::CONNECT_TIMEOUT).await?;
    let ca = server.ca_file.as_deref();
    match server.security {
        Security::Tls => {
            let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT).await?;
            let mut client = imap_client(NetStream::Tls(Box::new(tls)), &server.host, io_timeout);
            read_greeting(&mut client).await?;
            Ok(client)
        }
        Security::Starttls => {
            let mut plain = imap_client(NetStream::Plain(tcp), &server.host, net::CONNECT_TIMEOUT);
            read_greeting(&mut plain).await?;
            let capabilities = capabilities(&mut plain).await?;
            if !capabilities.contains("STARTTLS") {
                return Err(MailError::new(
                    ErrorKind::EncryptionNotOffered,
                    "the server does not offer STARTTLS",
                ));
            }
            plain
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|e| MailError::new(ErrorKind::EncryptionNotOffered, e.to_string()))?;
            // Anything the server sent before the handshake is dropped with the old reader.
            let mut stream = plain.into_inner();
            let tcp = net::take_plain(&mut stream)
                .ok_or_else(|| MailError::protocol("the stream was not plain"))?;
            let tls = net::tls(tcp, &server.host, ca, net::CONNECT_TIMEOUT)
                .await
                .map_err(net::upgrade_failed)?;
            Ok(imap_client(
                NetStream::Tls(Box::new(tls)),
                &server.host,
                io_timeout,
            ))
        }
        Security::None => {
            let mut client = imap_client(NetStream::Plain(tcp), &server.host, io_timeout);
            read_greeting(&mut client).await?;
            Ok(client)
        }
    }
}

/// A client whose stream holds the server to IMAP's framing, with the small limits of a
/// session not logged in yet (see [`net::guard`]).
fn imap_client(stream: NetStream, host: &str, timeout: Duration) -> Client<TimedStream> {
    let mut stream = net::timed(stream, host, timeout);
    stream
        .as_mut()
        .get_mut()
        .follow_imap(ImapLimits::new(ImapLimits::BEFORE_LOGIN));
    Client::new(stream)
}

async fn read_greeting(client: &mut Client<TimedStream>) -> Result<(), MailError> {
    let greeting = client
        .read_response()
        .await
        .map_err(MailError::lost)?
        .ok_or_else(|| MailError::lost("closed before greeting"))?;
    match greeting.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            ..
        } => Ok(()),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => {
            let text = outcome.information.as_deref().unwrap_or("").to_string();
            let kind = match classify_login_refusal(&text) {
                ErrorKind::WrongCredentials => ErrorKind::Temporary,
                other => other,
            };
            Err(MailError::new(kind, text))
        }
        other => Err(MailError::protocol(format!(
            "unexpected greeting {other:?}"
        ))),
    }
}

/// CAPABILITY before login, written and read by hand: the unauthenticated client type of
/// async-imap has no public way to send a tagged command and see its untagged answers.
async fn capabilities(client: &mut Client<TimedStream>) -> Result<HashSet<String>, MailError> {
    use tokio::io::AsyncWriteExt as _;
    const TAG: &str = "fcap";
    let stream = client.get_mut();
    stream
        .write_all(format!("{TAG} CAPABILITY\r\n").as_bytes())
        .await
        .map_err(MailError::lost)?;
    stream.flush().await.map_err(MailError::lost)?;
    let id = async_imap::imap_proto::RequestId(TAG.to_string());
    let mut caps = HashSet::new();
    loop {
        let response = client
            .read_response()
            .await
            .map_err(MailError::lost)?
            .ok_or_else(|| MailError::lost("closed"))?;
        match response.parsed() {
            Response::Capabilities(list) => {
                for c in list {
                    let name = match c {
                        async_imap::imap_proto::Capability::Imap4rev1 => "IMAP4REV1".to_string(),
                        async_imap::imap_proto::Capability::Auth(a) => {
                            format!("AUTH={}", a.to_ascii_uppercase())
                        }
                        async_imap::imap_proto::Capability::Atom(a) => a.to_ascii_uppercase(),
                    };
                    caps.insert(name);
                }
            }
            Response::Done {
                tag,
                status,
                outcome,
            } if *tag == id => {
                return match status {
                    Status::Ok => Ok(caps),
                    _ => Err(MailError::protocol(
                        outcome
                            .information
                            .as_deref()
                            .unwrap_or("CAPABILITY failed")
                            .to_string(),
                    )),
                };
            }
            _ => {}
        }
    }
}

struct Sasl(Option<Vec<u8>>);

impl Authenticator for Sasl {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        // First call: the initial response. A second call means the server sent an error
        // challenge (XOAUTH2): answer empty to get the tagged NO.
        self.0.take().unwrap_or_default()
    }
}

async fn login(
    client: Client<TimedStream>,
    server: &Server,
    credentials: &Credentials,
    capabilities: &HashSet<String>,
) -> Result<ImapSession, MailError> {
    let user = server.username.as_str();
    let result = match credentials {
        Credentials::Password(password) if capabilities.contains("AUTH=PLAIN") => {
            let response = format!("\0{user}\0{password}").into_bytes();
            client.authenticate("PLAIN", Sasl(Some(response))).await
        }
        Credentials::Password(password) => client.login(user, password).await,
        Credentials::OAuth2(token) => {
            if capabilities.contains("AUTH=OAUTHBEARER") {
                let response = format!("n,a={user},\x01auth=Bearer {token}\x01\x01").into_bytes();
                client
                    .authenticate("OAUTHBEARER", Sasl(Some(response)))
                    .await
            } else if capabilities.contains("AUTH=XOAUTH2") {
                let response = format!("user={user}\x01auth=Bearer {token}\x01\x01").into_bytes();
                client.authenticate("XOAUTH2", Sasl(Some(response))).await
            } else {
                return Err(MailError::protocol("the server offers no OAuth2 login"));
            }
        }
    };
    result.map_err(|(e, _)| login_error(e))
}

fn login_error(e: async_imap::error::Error) -> MailError {
    use async_imap::error::Error;
    match e {
        Error::No(text) | Error::Bad(text) => {
            let text = decode_sasl_error(&server_words(&text));
            MailError::new(classify_login_refusal(&text), text)
        }
        Error::Io(e) => MailError::lost(e),
        other => MailError::lost(other),
    }
}

/// The server's own words from async-imap's refusal text, which reads
/// `code: Some(…), info: Some("…")`; other text is kept as it is.
fn server_words(text: &str) -> String {
    let Some(start) = text.find("info: Some(\"") else {
        return text.to_string();
    };
    let rest = &text[start + "info: Some(\"".len()..];
    let mut words = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    words.push(next);
                }
            }
            '"' => return words,
            other => words.push(other),
        }
    }
    text.to_string()
}

/// Some servers put a base64 JSON status in the failure text (XOAUTH2); keep it readable.
fn decode_sasl_error(text: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| text.to_string())
}

/// Quotes a string for an IMAP command (mailbox names, search strings).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A mailbox name as sent to a server without UTF8=ACCEPT (modified UTF-7).
pub fn encode_mailbox(name: &str) -> String {
    quote(&utf7_imap::encode_utf7_imap(name.to_string()))
}

pub fn decode_mailbox(name: &str) -> String {
    utf7_imap::decode_utf7_imap(name.to_string())
}

/// APPENDs a message to `mailbox` (already encoded) with `flags` such as `(\\Seen)`.
/// Unlike async-imap's own `append`, untagged data the server sends before its continuation
/// request (EXISTS or FETCH about the selected folder, on a busy connection) is skipped, and
/// a refusal keeps the server's words.
pub async fn append(
    session: &mut ImapSession,
    mailbox: &str,
    flags: &str,
    content: &[u8],
) -> Result<(), MailError> {
    use tokio::io::AsyncWriteExt;
    let id = session
        .run_command(format!("APPEND {mailbox} {flags} {{{}}}", content.len()))
        .await
        .map_err(MailError::lost)?;
    loop {
        let response = session
            .read_response()
            .await
            .map_err(MailError::lost)?
            .ok_or_else(|| MailError::lost("the server closed the connection"))?;
        match response.parsed() {
            Response::Continue { .. } => break,
            Response::Done {
                tag,
                status,
                outcome,
            } if *tag == id => {
                return Err(match status {
                    Status::Ok => MailError::protocol("APPEND ended before its text was sent"),
                    _ => {
                        MailError::refused(outcome.information.as_deref().unwrap_or("").to_string())
                    }
                });
            }
            Response::Data {
                status: Status::Bye,
                outcome,
            } => {
                return Err(MailError::lost(
                    outcome.information.as_deref().unwrap_or("BYE").to_string(),
                ));
            }
            _ => {}
        }
    }
    let stream = session.get_mut();
    stream.write_all(content).await.map_err(MailError::lost)?;
    stream.write_all(b"\r\n").await.map_err(MailError::lost)?;
    stream.flush().await.map_err(MailError::lost)?;
    wait_done(session, &id, |_| Ok(())).await
}

/// Runs a command and hands every untagged response to `on`, until its tagged completion.
pub async fn run<F>(session: &mut ImapSession, command: &str, on: F) -> Result<(), MailError>
where
    F: FnMut(&Response<'_>) -> Result<(), MailError>,
{
    let id = session
        .run_command(command)
        .await
        .map_err(MailError::lost)?;
    wait_done(session, &id, on).await
}

/// Reads responses until the tagged completion of `id`, handing untagged ones to `on`.
async fn wait_done<F>(
    session: &mut ImapSession,
    id: &async_imap::imap_proto::RequestId,
    mut on: F,
) -> Result<(), MailError>
where
    F: FnMut(&Response<'_>) -> Result<(), MailError>,
{
    loop {
        let response = session
            .read_response()
            .await
            .map_err(MailError::lost)?
            .ok_or_else(|| MailError::lost("the server closed the connection"))?;
        match response.parsed() {
            Response::Done {
                tag,
                status,
                outcome,
            } if tag == id => {
                return match status {
                    Status::Ok => Ok(()),
                    _ => Err(MailError::refused(
                        outcome.information.as_deref().unwrap_or("").to_string(),
                    )),
                };
            }
            Response::Data {
                status: Status::Bye,
                outcome,
            } => {
                return Err(MailError::lost(
                    outcome.information.as_deref().unwrap_or("BYE").to_string(),
                ));
            }
            other => on(other)?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_only_the_servers_words() {
        assert_eq!(
            server_words(
                r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication \"failed\".")"#
            ),
            "[AUTHENTICATIONFAILED] Authentication \"failed\"."
        );
        assert_eq!(server_words("plain text"), "plain text");
    }
}
