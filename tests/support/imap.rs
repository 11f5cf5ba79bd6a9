//! Raw IMAP logins for the tests, over implicit TLS or STARTTLS.

use std::path::Path;

use async_imap::{Client, Session};
use facteur::proto::tls;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

pub type ImapSession = Session<TlsStream<TcpStream>>;

/// Connects with implicit TLS, trusting the platform roots plus `ca` when given.
pub async fn connect_tls(
    port: u16,
    ca: Option<&Path>,
) -> std::io::Result<Client<TlsStream<TcpStream>>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let config = tls::client_config(ca).expect("a TLS configuration");
    let stream = tls::connect(tcp, "localhost", config).await?;
    let mut client = Client::new(stream);
    let greeting = client.read_response().await?.expect("a greeting");
    assert!(
        format!("{:?}", greeting.parsed()).contains("Ok"),
        "greeting {:?}",
        greeting.parsed()
    );
    Ok(client)
}

/// Connects in plain text, then upgrades with STARTTLS.
pub async fn connect_starttls(
    port: u16,
    ca: Option<&Path>,
) -> std::io::Result<Client<TlsStream<TcpStream>>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let mut plain = Client::new(tcp);
    plain.read_response().await?.expect("a greeting");
    plain
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let config = tls::client_config(ca).expect("a TLS configuration");
    let stream = tls::connect(plain.into_inner(), "localhost", config).await?;
    Ok(Client::new(stream))
}

pub async fn login(
    client: Client<TlsStream<TcpStream>>,
    user: &str,
    password: &str,
) -> ImapSession {
    client
        .login(user, password)
        .await
        .map_err(|(e, _)| e)
        .expect("IMAP login")
}

/// A message as another client sees it on the server.
#[derive(Debug, Clone)]
pub struct ServerMessage {
    pub uid: u32,
    /// Flags by their names in async-imap (`Seen`, `Draft`, …).
    pub flags: Vec<String>,
    pub raw: Vec<u8>,
}

/// Every message of `user`'s `folder`, read over a separate IMAP login (without marking
/// anything read). An absent folder reads as empty.
pub async fn messages(
    server: &super::MailServer,
    user: &super::TestUser,
    folder: &str,
) -> Vec<ServerMessage> {
    use futures::TryStreamExt;
    let client = connect_tls(server.imaps_port, Some(&server.ca_file))
        .await
        .expect("IMAP connects");
    let mut session = login(client, &user.email, &user.password).await;
    if session.select(folder).await.is_err() {
        session.logout().await.ok();
        return Vec::new();
    }
    let fetched: Vec<_> = session
        .uid_fetch("1:*", "(UID FLAGS BODY.PEEK[])")
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .unwrap_or_default();
    let all = fetched
        .iter()
        .filter_map(|f| {
            Some(ServerMessage {
                uid: f.uid?,
                flags: f.flags().map(|fl| format!("{fl:?}")).collect(),
                raw: f.body()?.to_vec(),
            })
        })
        .collect();
    session.logout().await.ok();
    all
}
