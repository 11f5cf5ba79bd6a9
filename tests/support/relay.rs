//! A relay on loopback to a real server that a test can cut and restore, as a network goes
//! away and comes back: cutting drops every open connection and refuses new ones (nothing
//! listens on the port); restoring listens on the same port again.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

pub struct Relay {
    /// The relay's port, to give the client instead of the server's.
    pub port: u16,
    target: u16,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

fn listen(port: u16) -> TcpListener {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_reuseaddr(true).unwrap();
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
        .unwrap();
    socket.listen(64).unwrap()
}

impl Relay {
    pub async fn start(target: u16) -> Relay {
        let listener = listen(0);
        let port = listener.local_addr().unwrap().port();
        let relay = Relay {
            port,
            target,
            tasks: Arc::new(Mutex::new(Vec::new())),
        };
        relay.serve(listener);
        relay
    }

    fn serve(&self, listener: TcpListener) {
        let (target, tasks) = (self.target, self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let piped = tokio::spawn(pipe(client, target));
                tasks.lock().unwrap().push(piped);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// The network goes away: open connections drop, new ones are refused.
    pub fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The network is back, on the same port.
    pub fn restore(&self) {
        self.serve(listen(self.port));
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.cut();
    }
}

async fn pipe(mut client: TcpStream, target: u16) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", target)).await else {
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}
