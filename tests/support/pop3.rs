//! A few raw POP3 exchanges for the harness tests (the engine's own client is tested
//! separately).

use std::path::Path;

use facteur::proto::tls;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Pop3<S> {
    stream: BufReader<S>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Pop3<S> {
    pub async fn line(&mut self) -> String {
        let mut line = String::new();
        self.stream.read_line(&mut line).await.expect("a POP3 line");
        line.trim_end().to_string()
    }

    /// Sends a command and returns the status line.
    pub async fn command(&mut self, command: &str) -> String {
        self.stream
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .unwrap();
        self.line().await
    }

    /// Reads a multi-line body up to the lone dot, dot-unstuffed.
    pub async fn multiline(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = self.line().await;
            if line == "." {
                return lines;
            }
            lines.push(line.strip_prefix('.').map(str::to_string).unwrap_or(line));
        }
    }

    pub async fn login(&mut self, user: &str, password: &str) {
        assert!(
            self.command(&format!("USER {user}"))
                .await
                .starts_with("+OK")
        );
        let reply = self.command(&format!("PASS {password}")).await;
        assert!(reply.starts_with("+OK"), "PASS: {reply}");
    }
}

pub async fn connect_tls(
    port: u16,
    ca: Option<&Path>,
) -> std::io::Result<Pop3<tokio_rustls::client::TlsStream<TcpStream>>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let stream = tls::connect(tcp, "localhost", tls::client_config(ca).unwrap()).await?;
    let mut pop = Pop3 {
        stream: BufReader::new(stream),
    };
    let greeting = pop.line().await;
    assert!(greeting.starts_with("+OK"), "{greeting}");
    Ok(pop)
}

pub async fn connect_stls(
    port: u16,
    ca: Option<&Path>,
) -> std::io::Result<Pop3<tokio_rustls::client::TlsStream<TcpStream>>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let mut plain = Pop3 {
        stream: BufReader::new(tcp),
    };
    assert!(plain.line().await.starts_with("+OK"));
    let reply = plain.command("STLS").await;
    assert!(reply.starts_with("+OK"), "STLS: {reply}");
    let tcp = plain.stream.into_inner();
    let stream = tls::connect(tcp, "localhost", tls::client_config(ca).unwrap()).await?;
    Ok(Pop3 {
        stream: BufReader::new(stream),
    })
}
