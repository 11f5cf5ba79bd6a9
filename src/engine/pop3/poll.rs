//! One POP3 check: download what is new, then apply the account's deletion policy.
//!
//! Order of operations, which is what makes it safe:
//! 1. list the server's messages by UIDL;
//! 2. for each UIDL not in the store: RETR, then commit message + UIDL in one transaction
//!    (on disk when the commit returns); the search index follows, outside that commit
//!    ([`crate::engine::search::catch_up`], which the account's task runs after each check);
//! 3. only then DELE the messages the policy says to delete, all of them already committed;
//! 4. QUIT: the server deletes now. If the connection drops before, it deletes nothing and the
//!    next check tries again; the store records deletions only after QUIT succeeded.
//!
//! A server without UIDL gets a content id instead: `sha256:` and the SHA-256 of the message's
//! header block (`TOP n 0`). The header carries the server's Received lines and the
//! Message-ID, so two different messages practically never share it, and the same message
//! keeps it from one session to the next (message numbers do not).

use std::collections::HashSet;

use crate::account::{Account, Pop3Retention, Server};
use crate::engine::StoreHandle;
use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError};
use crate::proto::net;
use crate::proto::pop3::Pop3;
use crate::store::envelope::whole_envelope;
use crate::store::pop3::Downloaded;

/// What one check did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Store ids of the messages downloaded now.
    pub downloaded: Vec<i64>,
    /// Messages deleted on the server by this check.
    pub deleted_on_server: usize,
    /// Messages on the server when the check started.
    pub on_server: usize,
    /// Messages the server would not send (its "-ERR" to RETR), by UIDL, with its words: they
    /// stay on the server, untouched, and the next check asks for them again.
    pub refused: Vec<(String, String)>,
}

/// Downloaded messages are committed in batches of this many…
const BATCH_MESSAGES: usize = 128;
/// … or this many bytes;
const BATCH_BYTES: usize = 16 * 1024 * 1024;
/// … but while the previous batch is still being written, the next one keeps growing, up to
/// this many messages or bytes (group commit: when the disk is the slower side, fewer and
/// larger commits, each with one fsync, instead of a download waiting for each).
const BATCH_MAX_MESSAGES: usize = 1024;
const BATCH_MAX_BYTES: usize = 32 * 1024 * 1024;
/// Messages asked for at once (pipelined).
const PIPELINE: usize = 32;

/// Checks the server once. `now` is the current time in unix seconds (the retention clock).
#[allow(clippy::too_many_arguments)]
pub async fn check(
    account: &Account,
    server: &Server,
    credentials: &Credentials,
    store: &StoreHandle,
    account_id: i64,
    inbox: i64,
    now: i64,
    mut progress: impl FnMut(u32, u32),
) -> Result<CheckReport, MailError> {
    let mut pop = Pop3::connect(server, net::IO_TIMEOUT).await?;
    pop.login(&server.username, credentials).await?;
    let listing = match pop.uidl().await? {
        Some(list) => list,
        None => content_ids(&mut pop).await?,
    };
    let known = store
        .with(move |s| s.pop3_known(account_id))
        .await
        .map_err(store_error)?;
    let mut report = CheckReport {
        on_server: listing.len(),
        ..CheckReport::default()
    };
    // A message over the size limit is not downloaded: it stays on the server, and the user
    // is told (as for a message the server withholds). The sizes come from LIST.
    let too_large: HashSet<u32> = if listing.iter().any(|(_, uidl)| !known.contains_key(uidl)) {
        pop.list()
            .await?
            .into_iter()
            .filter(|(_, size)| *size > crate::proto::net::MAX_MESSAGE as u64)
            .map(|(n, _)| n)
            .collect()
    } else {
        HashSet::new()
    };
    let mut new: Vec<&(u32, String)> = Vec::new();
    for entry in listing.iter().filter(|(_, uidl)| !known.contains_key(uidl)) {
        if too_large.contains(&entry.0) {
            tracing::warn!(
                "message {} is over the size limit: left on the server",
                entry.1
            );
            report.refused.push((
                entry.1.clone(),
                format!(
                    "larger than {} MB: left on the server",
                    crate::proto::net::MAX_MESSAGE >> 20
                ),
            ));
        } else {
            new.push(entry);
        }
    }
    let total = new.len() as u32;
    let mut downloaded_now = HashSet::new();
    // Messages are fetched a few at a time (pipelined where the server allows); each group is
    // parsed on the blocking pool while the next downloads, and the parsed messages are
    // committed in batches by the store thread. Every batch is on disk before this function
    // goes on to any DELE.
    type Parsing = tokio::task::JoinHandle<Vec<Downloaded>>;
    let parse = |group: Vec<(String, Vec<u8>)>| -> Parsing {
        tokio::task::spawn_blocking(move || {
            group
                .into_iter()
                .map(|(uidl, raw)| Downloaded {
                    uidl,
                    message: whole_envelope(&raw, now),
                    raw,
                })
                .collect()
        })
    };
    let commit = |batch: Vec<Parsing>| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut parsed = Vec::new();
            for group in batch {
                parsed.extend(group.await.map_err(MailError::lost)?);
            }
            store
                .with(move |s| s.pop3_insert_batch(account_id, inbox, &parsed))
                .await
                .map_err(store_error)
        })
    };
    let mut batch: Vec<Parsing> = Vec::new();
    let mut batch_messages = 0usize;
    let mut batch_bytes = 0usize;
    let mut committing: Option<tokio::task::JoinHandle<Result<Vec<i64>, MailError>>> = None;
    let mut done = 0u32;
    let groups: Vec<&[&(u32, String)]> = new.chunks(PIPELINE).collect();
    let numbers = |group: &[&(u32, String)]| group.iter().map(|(n, _)| *n).collect::<Vec<u32>>();
    let mut failure = match groups.first() {
        Some(first) => pop.request(&numbers(first)).await.err(),
        None => None,
    };
    for (k, chunk) in groups.iter().enumerate() {
        if failure.is_some() {
            break;
        }
        // The next group is asked for before this one is read, so the server never waits
        // for the client between groups.
        if let Some(next) = groups.get(k + 1)
            && let Err(e) = pop.request(&numbers(next)).await
        {
            failure = Some(e);
        }
        let mut group = Vec::with_capacity(chunk.len());
        for (_, uidl) in chunk.iter() {
            if failure.is_some() {
                break;
            }
            match pop.retrieved().await {
                Ok(raw) => {
                    batch_bytes += raw.len();
                    downloaded_now.insert(uidl.clone());
                    group.push((uidl.clone(), raw));
                    done += 1;
                    progress(done, total);
                }
                // The answer was one line: the session is still in step, the rest goes on.
                Err(e) if e.kind == ErrorKind::Refused => {
                    tracing::warn!("the server refused to send message {uidl}: {e}");
                    report.refused.push((uidl.clone(), e.server_text));
                    done += 1;
                    progress(done, total);
                }
                Err(e) => failure = Some(e),
            }
        }
        batch_messages += group.len();
        batch.push(parse(group));
        if failure.is_some() {
            break;
        }
        let full = batch_messages >= BATCH_MESSAGES || batch_bytes >= BATCH_BYTES;
        let writing = committing.as_ref().is_some_and(|c| !c.is_finished());
        let at_most = batch_messages >= BATCH_MAX_MESSAGES || batch_bytes >= BATCH_MAX_BYTES;
        if full && (!writing || at_most) {
            if let Some(previous) = committing.take() {
                report
                    .downloaded
                    .extend(previous.await.map_err(MailError::lost)??);
            }
            batch_bytes = 0;
            batch_messages = 0;
            committing = Some(commit(std::mem::take(&mut batch)));
        }
    }
    if let Some(e) = failure {
        // Keep what already came (nothing is deleted on the server without QUIT).
        if let Some(previous) = committing.take() {
            let _ = previous.await;
        }
        let _ = commit(batch).await;
        return Err(e);
    }
    // Then the last, partial batch: no message reaches the deletions below uncommitted.
    if let Some(previous) = committing.take() {
        report
            .downloaded
            .extend(previous.await.map_err(MailError::lost)??);
    }
    if !batch.is_empty() {
        report
            .downloaded
            .extend(commit(batch).await.map_err(MailError::lost)??);
    }

    // Deletions, among messages whose local copy is committed.
    let policy = &account.pop3;
    let mut deleting = Vec::new();
    for (n, uidl) in &listing {
        let (downloaded_at, deleted_here) = match known.get(uidl) {
            Some(k) => (k.downloaded_at, k.message_id.is_none()),
            None if downloaded_now.contains(uidl) => (now, false),
            None => continue,
        };
        let expired = match policy.retention {
            Pop3Retention::DeleteAfterDownload => true,
            Pop3Retention::LeaveOnServer => policy
                .delete_after_days
                .is_some_and(|days| downloaded_at + i64::from(days) * 86_400 <= now),
        };
        if expired || (deleted_here && policy.delete_on_server_when_deleted_here) {
            pop.dele(*n).await?;
            deleting.push(uidl.clone());
        }
    }
    pop.quit().await?;
    report.deleted_on_server = deleting.len();

    let listed: HashSet<&String> = listing.iter().map(|(_, u)| u).collect();
    let gone: Vec<String> = known
        .keys()
        .filter(|u| !listed.contains(u))
        .cloned()
        .collect();
    store
        .with(move |s| {
            s.pop3_deleted_on_server(account_id, &deleting)?;
            s.pop3_forget(account_id, &gone)
        })
        .await
        .map_err(store_error)?;
    Ok(report)
}

/// Message numbers with content ids, for a server without UIDL.
async fn content_ids(pop: &mut Pop3) -> Result<Vec<(u32, String)>, MailError> {
    let mut ids = Vec::new();
    for (n, _) in pop.list().await? {
        let header = pop.top(n, 0).await?;
        ids.push((n, content_id(&header)));
    }
    Ok(ids)
}

/// `sha256:` and the hex SHA-256 of a header block.
pub fn content_id(header: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, header);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn store_error(e: crate::store::StoreError) -> MailError {
    MailError::protocol(format!("local cache: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ids_are_stable_and_distinct() {
        let a = content_id(b"Received: from a\r\nMessage-ID: <1@x>\r\n\r\n");
        let b = content_id(b"Received: from a\r\nMessage-ID: <2@x>\r\n\r\n");
        assert_eq!(
            a,
            content_id(b"Received: from a\r\nMessage-ID: <1@x>\r\n\r\n")
        );
        assert_ne!(a, b);
        assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
    }

    #[test]
    fn a_downloaded_message_gets_its_envelope() {
        let raw = b"From: =?utf-8?q?Ren=C3=A9e?= <renee@example.fr>\r\nSubject: Bonjour\r\nDate: Tue, 1 Jul 2025 10:00:00 +0200\r\n\r\nCoucou\r\n";
        let m = whole_envelope(raw, 1_800_000_000);
        let (text, _) = crate::store::envelope::body_text(raw);
        assert_eq!(m.from_name, "Renée");
        assert_eq!(m.subject, "Bonjour");
        assert_eq!(m.date, 1_751_356_800);
        assert_eq!(m.internal_date, 1_800_000_000);
        assert_eq!(m.preview, "Coucou");
        assert_eq!(text.trim(), "Coucou");
    }
}
