//! Push: a dedicated connection IDLEs on the inbox and signals the account task when the
//! server reports a change. IDLE is re-issued every `interval` (9 minutes by default, never
//! more than 29: RFC 2177 servers may drop an IDLE after 30, and routers drop quiet links);
//! without IDLE the inbox is polled with NOOP. Network errors reconnect with capped
//! exponential backoff.

use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use tokio::sync::mpsc;

use crate::account::Server;
use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, encode_mailbox};
use crate::proto::{Backoff, Credentials};

/// The longest IDLE this client keeps before re-issuing it.
pub const MAX_IDLE: Duration = Duration::from_secs(29 * 60);
/// How often a server without IDLE is polled.
pub const POLL_INTERVAL: Duration = Duration::from_secs(120);

/// What the push connection tells the account task.
#[derive(Debug, Clone, PartialEq)]
pub enum Push {
    /// The push connection is up (again) and waiting for changes: `idle` false means the
    /// server has no IDLE and is polled.
    Up { idle: bool },
    /// The inbox changed: sync it.
    Changed,
    /// The push connection failed; it retries by itself after `retry_in`.
    Down {
        error: MailError,
        retry_in: Duration,
    },
}

/// Keeps push running until `signals` is closed.
pub async fn run(
    server: Server,
    credentials: Credentials,
    folder: String,
    interval: Duration,
    signals: mpsc::UnboundedSender<Push>,
) {
    let interval = interval.min(MAX_IDLE);
    let mut backoff = Backoff::new(Duration::from_secs(300));
    loop {
        let error = match client::connect_and_login(
            &server,
            &credentials,
            interval + Duration::from_secs(90),
        )
        .await
        {
            Ok(conn) => {
                backoff.reset();
                // Changes made while the push connection was down.
                if signals.send(Push::Changed).is_err() {
                    return;
                }
                match watch(conn, &folder, interval, &signals).await {
                    Ok(()) => return, // the account task is gone
                    Err(e) => e,
                }
            }
            Err(e) => e,
        };
        let retry_in = backoff.next_delay();
        if signals.send(Push::Down { error, retry_in }).is_err() {
            return;
        }
        tokio::time::sleep(retry_in).await;
    }
}

async fn watch(
    mut conn: Connection,
    folder: &str,
    interval: Duration,
    signals: &mpsc::UnboundedSender<Push>,
) -> Result<(), MailError> {
    client::run(
        &mut conn.session,
        &format!("EXAMINE {}", encode_mailbox(folder)),
        |_| Ok(()),
    )
    .await?;
    if !conn.has("IDLE") {
        if signals.send(Push::Up { idle: false }).is_err() {
            return Ok(());
        }
        loop {
            tokio::time::sleep(POLL_INTERVAL.min(interval)).await;
            let mut changed = false;
            client::run(&mut conn.session, "NOOP", |_| {
                changed = true;
                Ok(())
            })
            .await?;
            if changed && signals.send(Push::Changed).is_err() {
                return Ok(());
            }
            if signals.is_closed() {
                return Ok(());
            }
        }
    }
    // async-imap's IDLE takes the session by value and hands it back after DONE.
    let mut session = conn.session;
    let mut announced = false;
    loop {
        let mut handle = session.idle();
        handle.init().await.map_err(MailError::lost)?;
        if !announced {
            announced = true;
            if signals.send(Push::Up { idle: true }).is_err() {
                return Ok(());
            }
        }
        let (wait, _stop) = handle.wait_with_timeout(interval);
        // Keepalives ("* OK Still here") reset async-imap's own timeout, so bound the whole
        // wait to re-issue IDLE on time.
        let outcome = tokio::time::timeout(interval, wait).await;
        let signal = match outcome {
            Err(_) | Ok(Ok(IdleResponse::Timeout)) => false,
            Ok(Ok(IdleResponse::NewData(_))) => true,
            // The stream ended: the server closed the connection.
            Ok(Ok(IdleResponse::ManualInterrupt)) => {
                return Err(MailError::lost("the server ended IDLE"));
            }
            Ok(Err(e)) => return Err(MailError::lost(e)),
        };
        session = handle.done().await.map_err(MailError::lost)?;
        if signal && signals.send(Push::Changed).is_err() {
            return Ok(());
        }
        if signals.is_closed() {
            return Ok(());
        }
    }
}
