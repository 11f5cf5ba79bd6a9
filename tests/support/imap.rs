//! Raw IMAP logins for the tests, over implicit TLS or STARTTLS.

use std::path::Path;

use async_imap::{Client, Session};
use facteur::engine::tls;
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
