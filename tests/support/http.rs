//! A small web server on loopback for discovery tests: serves configuration files over HTTPS
//! (with the harness's certificate, valid for `localhost`) or plain HTTP, each path with its
//! own answer and delay.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What one path answers.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Page {
    pub fn ok(body: impl Into<Vec<u8>>) -> Page {
        Page {
            status: 200,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    pub fn slow(mut self, delay: Duration) -> Page {
        self.delay = delay;
        self
    }
}

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path with its query string.
    pub target: String,
    pub body: Vec<u8>,
}

type Handler = Arc<dyn Fn(&Request) -> Option<Page> + Send + Sync>;

pub struct WebServer {
    pub port: u16,
    pages: Arc<Mutex<HashMap<String, Page>>>,
    handler: Arc<Mutex<Option<Handler>>>,
    /// Paths asked for, in order (query strings included).
    pub asked: Arc<Mutex<Vec<String>>>,
}

impl WebServer {
    /// Serves over HTTPS with the harness's certificate when `tls` names its directory.
    pub async fn start(tls: Option<&std::path::Path>) -> WebServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let pages: Arc<Mutex<HashMap<String, Page>>> = Arc::default();
        let asked: Arc<Mutex<Vec<String>>> = Arc::default();
        let handler: Arc<Mutex<Option<Handler>>> = Arc::default();
        let acceptor = tls.map(|dir| {
            use rustls::pki_types::pem::PemObject;
            use rustls::pki_types::{CertificateDer, PrivateKeyDer};
            let certs: Vec<CertificateDer<'static>> =
                CertificateDer::pem_file_iter(dir.join("server.crt"))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
            let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
            let config = rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
            tokio_rustls::TlsAcceptor::from(Arc::new(config))
        });
        let (p, a, h) = (pages.clone(), asked.clone(), handler.clone());
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (pages, asked, acceptor) = (p.clone(), a.clone(), acceptor.clone());
                let handler = h.lock().unwrap().clone();
                tokio::spawn(async move {
                    match acceptor {
                        Some(acceptor) => {
                            if let Ok(tls) = acceptor.accept(tcp).await {
                                serve(tls, &pages, &asked, handler).await;
                            }
                        }
                        None => serve(tcp, &pages, &asked, handler).await,
                    }
                });
            }
        });
        WebServer {
            port,
            pages,
            handler,
            asked,
        }
    }

    /// Answers every request with `f` (falling back to the pages when it returns `None`).
    pub fn handle(&self, f: impl Fn(&Request) -> Option<Page> + Send + Sync + 'static) {
        *self.handler.lock().unwrap() = Some(Arc::new(f));
    }

    pub fn page(&self, path: &str, page: Page) {
        self.pages.lock().unwrap().insert(path.to_string(), page);
    }

    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

async fn serve<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(
    mut stream: S,
    pages: &Mutex<HashMap<String, Page>>,
    asked: &Mutex<Vec<String>>,
    handler: Option<Handler>,
) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8_lossy(&request[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = request[end..].to_vec();
    while body.len() < length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("GET").to_string();
    let target = words.next().unwrap_or("/").to_string();
    asked.lock().unwrap().push(target.clone());
    let path = target.split('?').next().unwrap_or("/").to_string();
    let request = Request {
        method,
        target: target.clone(),
        body,
    };
    let answer = handler.and_then(|h| h(&request));
    let page = answer
        .or_else(|| pages.lock().unwrap().get(&path).cloned())
        .unwrap_or(Page {
            status: 404,
            body: b"not here".to_vec(),
            delay: Duration::ZERO,
        });
    tokio::time::sleep(page.delay).await;
    let head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        page.status,
        page.body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&page.body).await;
    let _ = stream.shutdown().await;
}
