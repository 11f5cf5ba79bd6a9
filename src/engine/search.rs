//! Brings the search index up to date with messages stored without it (see
//! [`crate::store::search`]): reads them in batches, parses them on the blocking pool, and
//! indexes each batch in one transaction.

use super::StoreHandle;
use crate::store::StoreError;
use crate::store::envelope::body_text;

/// Messages read and indexed at once.
const BATCH: u32 = 256;
/// … and at most about this much raw text.
const BATCH_BYTES: usize = 16 * 1024 * 1024;
/// Messages parsed by one blocking task.
const PARSE_GROUP: usize = 32;

/// Indexes every message waiting for the search index; returns how many were indexed.
pub async fn catch_up(store: &StoreHandle) -> Result<usize, StoreError> {
    let mut indexed = 0;
    loop {
        let batch = store.with(|s| s.unindexed(BATCH, BATCH_BYTES)).await?;
        if batch.is_empty() {
            return Ok(indexed);
        }
        let mut parsing = Vec::new();
        let mut batch = batch.into_iter();
        loop {
            let group: Vec<(i64, Vec<u8>)> = batch.by_ref().take(PARSE_GROUP).collect();
            if group.is_empty() {
                break;
            }
            parsing.push(tokio::task::spawn_blocking(move || {
                group
                    .into_iter()
                    .map(|(id, raw)| (id, body_text(&raw).0))
                    .collect::<Vec<_>>()
            }));
        }
        let mut texts = Vec::new();
        for group in parsing {
            match group.await {
                Ok(group) => texts.extend(group),
                Err(e) => std::panic::resume_unwind(e.into_panic()),
            }
        }
        let count = texts.len();
        let done = store.with(move |s| s.index_texts(&texts)).await?;
        indexed += done;
        if done == 0 && count > 0 {
            // Another task indexed these meanwhile; what is left is theirs to finish.
            return Ok(indexed);
        }
    }
}
