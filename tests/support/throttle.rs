//! A relay on loopback that slows a real server down on purpose: what the server sends
//! reaches the client at a bounded rate, so that a download lasts long enough for a test to
//! act in the middle of it (a kill during a POP3 check) whatever the machine's speed.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Throttle {
    /// The relay's port, to connect to instead of the server's.
    pub port: u16,
    task: JoinHandle<()>,
}

impl Throttle {
    /// Relays connections on a new loopback port to `target`, the server's bytes at about
    /// `bytes_per_second`; the client's go through as they come.
    pub async fn start(target: u16, bytes_per_second: usize) -> Throttle {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, target, bytes_per_second));
            }
        });
        Throttle { port, task }
    }
}

impl Drop for Throttle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

const CHUNK: usize = 1024;

async fn relay(client: TcpStream, target: u16, bytes_per_second: usize) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let pause = Duration::from_secs_f64(CHUNK as f64 / bytes_per_second.max(1) as f64);
    let down = async move {
        let mut buffer = vec![0; CHUNK];
        loop {
            match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if client_write.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(pause.mul_f64(n as f64 / CHUNK as f64)).await;
                }
            }
        }
        let _ = client_write.shutdown().await;
    };
    let up = async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };
    // Each direction ends when its reader does (a killed client closes its socket, and the
    // server then closes its own).
    tokio::join!(down, up);
}
