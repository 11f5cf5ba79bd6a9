//! Conversations: which messages of an account belong together, kept in the store as mail
//! arrives, moves and goes.
//!
//! The grouping is Jamie Zawinski's ("Message Threading", 1997) kept incrementally: every
//! Message-ID an account has seen — a message's own and those it references (References,
//! then In-Reply-To) — is a *container* in `thread_ids`, mapped to a conversation. A new
//! message joins the conversations of all its containers (merging them when it links two:
//! the reply that arrives before its parent, and the parent later, end up together), and its
//! containers are recorded, so a message that comes later and references it finds it. A
//! container outlives its message (it is what JWZ calls an empty container): a thread does
//! not fall apart when one of its messages is expunged or moved, and the moved copy finds
//! its conversation again. The display order inside a conversation is by date, so the tree
//! itself is not kept, only its connected parts.
//!
//! Bad input stays harmless: the grouping is a union of sets, so reference cycles and a
//! message referencing itself cannot loop; a References header of thousands of ids is cut
//! to its first and last ids (the root and the nearest parents); two different messages
//! that share one Message-ID (a broken mailer's) are not joined through it; a message with
//! no thread headers joins by subject only when the subject says it is a reply, is not
//! generic, the conversation is recent and shares a person with it.
//!
//! Gmail's `X-GM-THRID` is one more container (`gmail-thread:N`), so Gmail's own grouping is
//! followed where the server offers it.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{NewMessage, StoreError};

/// At most this many referenced ids per message: the first (the root) and the nearest
/// parents.
pub const MAX_REFERENCES: usize = 64;

/// A message without thread headers joins a conversation by subject only if that
/// conversation's latest message with the subject is at most this old (seconds).
pub const SUBJECT_WINDOW: i64 = 30 * 24 * 3600;

/// Subjects too common to say two messages belong together (after [`base_subject`]).
const GENERIC_SUBJECTS: &[&str] = &[
    "hello",
    "hallo",
    "hello!",
    "bonjour",
    "salut",
    "coucou",
    "question",
    "questions",
    "frage",
    "test",
    "info",
    "infos",
    "information",
    "informations",
    "update",
    "thanks",
    "thank you",
    "merci",
    "danke",
    "meeting",
    "réunion",
    "no subject",
    "(no subject)",
    "sans objet",
    "(sans objet)",
    "kein betreff",
    "(kein betreff)",
    "fyi",
    "important",
    "urgent",
    "photos",
    "document",
    "documents",
];

/// Words that start a reply's or a forward's subject, in the languages mail is written in
/// (English, French, German, the Nordic and other European clients' own).
const PREFIXES: &[&str] = &[
    "re", "aw", "antw", "antwort", "fwd", "fw", "tr", "wg", "wtr", "rif", "sv", "vs", "odp", "enc",
    "rv", "doorst",
];

/// A subject without its reply and forward prefixes (`Re:`, `AW:`, `Fwd:`, `TR:`, `WG:`,
/// `RE :`, `Re[2]:`, …) and leading list tags (`[club]`), in lower case with single spaces;
/// and whether a prefix was there.
pub fn base_subject(subject: &str) -> (String, bool) {
    let mut rest = subject.trim();
    let mut prefixed = false;
    loop {
        let before = rest;
        // A list tag: "[club] Re: …".
        if rest.starts_with('[')
            && let Some(end) = rest.find(']')
        {
            rest = rest[end + 1..].trim_start();
        }
        let word_end = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let word = rest[..word_end].to_lowercase();
        if PREFIXES.contains(&word.as_str()) {
            let mut after = &rest[word_end..];
            // A count: "Re[2]:", "Re(2):", "Re^2:".
            for (open, close) in [('[', ']'), ('(', ')')] {
                if after.starts_with(open)
                    && let Some(end) = after.find(close)
                    && after[1..end].chars().all(|c| c.is_ascii_digit())
                {
                    after = &after[end + 1..];
                }
            }
            // French puts a space before the colon ("RE : …"), some write a full-width one.
            let after = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
            if let Some(after) = after.strip_prefix([':', '：']) {
                rest = after.trim_start();
                prefixed = true;
            }
        }
        if rest == before {
            break;
        }
    }
    let base = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (base, prefixed)
}

/// Whether a subject (as [`base_subject`] gives it) is too common to group by.
pub fn is_generic(base: &str) -> bool {
    base.chars().filter(|c| c.is_alphanumeric()).count() < 4 || GENERIC_SUBJECTS.contains(&base)
}

/// The ids a header holds (`<a@b> <c@d>`), without duplicates, in order.
fn message_ids(header: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for id in header.split_whitespace() {
        let id = id.trim_matches(',');
        if id.len() > 2 && id.len() <= 998 && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// What a message links to: its own id (unless another message already has it), then the
/// ids it references.
struct Links<'a> {
    own: Option<&'a str>,
    referenced: Vec<&'a str>,
}

fn links<'a>(m: &'a NewMessage, gmail_thread: Option<&'a str>) -> Links<'a> {
    let own = m.message_id.trim();
    let own = (own.len() > 2).then_some(own);
    let mut referenced = message_ids(&m.references);
    for id in message_ids(&m.in_reply_to).into_iter().take(1) {
        if !referenced.contains(&id) {
            referenced.push(id);
        }
    }
    if referenced.len() > MAX_REFERENCES {
        let tail = referenced.split_off(referenced.len() - (MAX_REFERENCES - 1));
        referenced.truncate(1);
        referenced.extend(tail);
    }
    referenced.retain(|id| Some(*id) != own);
    referenced.extend(gmail_thread);
    Links { own, referenced }
}

/// Puts a newly stored message (row `id` of account `account_id`) in its conversation, and
/// returns the conversation's id.
pub(crate) fn thread_message(
    tx: &Transaction<'_>,
    account_id: i64,
    id: i64,
    m: &NewMessage,
) -> Result<i64, StoreError> {
    let gmail = (m.gmail_thread != 0).then(|| format!("gmail-thread:{}", m.gmail_thread));
    let mut links = links(m, gmail.as_deref());
    if let Some(own) = links.own
        && another_message_has(tx, account_id, id, own, m)?
    {
        links.own = None;
    }
    let mut found: Vec<i64> = Vec::new();
    {
        let mut lookup = tx.prepare_cached(
            "SELECT conversation FROM thread_ids WHERE account_id = ?1 AND message_id = ?2",
        )?;
        for key in links.own.iter().chain(&links.referenced) {
            if let Some(c) = lookup
                .query_row(params![account_id, key], |r| r.get::<_, i64>(0))
                .optional()?
                && !found.contains(&c)
            {
                found.push(c);
            }
        }
    }
    let (base, prefixed) = base_subject(&m.subject);
    if found.is_empty()
        && links.referenced.is_empty()
        && prefixed
        && !is_generic(&base)
        && let Some(c) = by_subject(tx, account_id, &base, m)?
    {
        found.push(c);
    }
    let conversation = match found.iter().min() {
        Some(&keep) => {
            for &other in found.iter().filter(|&&c| c != keep) {
                merge(tx, other, keep)?;
            }
            keep
        }
        None => {
            tx.prepare_cached("INSERT INTO conversations (account_id) VALUES (?1)")?
                .execute([account_id])?;
            tx.last_insert_rowid()
        }
    };
    {
        let mut record = tx.prepare_cached(
            "INSERT INTO thread_ids (account_id, message_id, conversation) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id, message_id) DO UPDATE SET conversation = excluded.conversation",
        )?;
        for key in links.own.iter().chain(&links.referenced) {
            record.execute(params![account_id, key, conversation])?;
        }
    }
    tx.prepare_cached("UPDATE messages SET conversation = ?2 WHERE id = ?1")?
        .execute(params![id, conversation])?;
    if !is_generic(&base) {
        tx.prepare_cached(
            "INSERT INTO thread_subjects (account_id, subject, conversation, newest) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (account_id, subject) DO UPDATE SET
                 conversation = CASE WHEN excluded.newest >= newest THEN excluded.conversation ELSE conversation END,
                 newest = MAX(newest, excluded.newest)",
        )?
        .execute(params![account_id, base, conversation, m.date])?;
    }
    Ok(conversation)
}

/// Whether a different message (not a copy of this one in another folder) of the account
/// already has this Message-ID.
fn another_message_has(
    tx: &Transaction<'_>,
    account_id: i64,
    id: i64,
    message_id: &str,
    m: &NewMessage,
) -> Result<bool, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT m.from_addr, m.subject FROM messages m JOIN folders f ON f.id = m.folder_id
         WHERE m.message_id = ?1 AND f.account_id = ?2 AND m.id != ?3 LIMIT 8",
    )?;
    let others = stmt.query_map(params![message_id, account_id, id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let subject = base_subject(&m.subject).0;
    let mut any = false;
    for other in others {
        let (from, other_subject) = other?;
        if from.eq_ignore_ascii_case(&m.from_addr) && base_subject(&other_subject).0 == subject {
            return Ok(false);
        }
        any = true;
    }
    Ok(any)
}

/// The recent conversation a reply without thread headers belongs to by its subject, if it
/// shares a person with it.
fn by_subject(
    tx: &Transaction<'_>,
    account_id: i64,
    base: &str,
    m: &NewMessage,
) -> Result<Option<i64>, StoreError> {
    let Some((conversation, newest)) = tx
        .prepare_cached(
            "SELECT conversation, newest FROM thread_subjects WHERE account_id = ?1 AND subject = ?2",
        )?
        .query_row(params![account_id, base], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    if (m.date - newest).abs() > SUBJECT_WINDOW {
        return Ok(None);
    }
    let people = |s: &str| -> Vec<String> {
        crate::mime::compose::split_addresses(s)
            .iter()
            .map(|e| crate::mime::compose::split_entry(e).1.to_lowercase())
            .filter(|a| a.contains('@'))
            .collect()
    };
    let mut ours = people(&m.to);
    ours.extend(people(&m.cc));
    let sender = m.from_addr.to_lowercase();
    let mut stmt = tx.prepare_cached(
        "SELECT from_addr, to_addrs || ', ' || cc_addrs FROM messages WHERE conversation = ?1
         ORDER BY date DESC LIMIT 50",
    )?;
    let rows = stmt.query_map([conversation], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (from, recipients) = row?;
        let from = from.to_lowercase();
        if (!sender.is_empty() && (from == sender || people(&recipients).contains(&sender)))
            || (!from.is_empty() && ours.contains(&from))
        {
            return Ok(Some(conversation));
        }
    }
    Ok(None)
}

/// Moves every message and container of conversation `from` into `into`.
fn merge(tx: &Transaction<'_>, from: i64, into: i64) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE messages SET conversation = ?2 WHERE conversation = ?1")?
        .execute(params![from, into])?;
    tx.prepare_cached("UPDATE thread_ids SET conversation = ?2 WHERE conversation = ?1")?
        .execute(params![from, into])?;
    tx.prepare_cached("UPDATE thread_subjects SET conversation = ?2 WHERE conversation = ?1")?
        .execute(params![from, into])?;
    tx.prepare_cached("DELETE FROM conversations WHERE id = ?1")?
        .execute([from])?;
    Ok(())
}

/// Threads every message of the store from scratch, oldest first (the migration that brings
/// conversations to an existing store).
pub(crate) fn thread_all(tx: &Transaction<'_>) -> Result<usize, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT m.id, f.account_id, m.message_id, m.in_reply_to, m.references_, m.subject,
                m.from_addr, m.to_addrs, m.cc_addrs, m.date
         FROM messages m JOIN folders f ON f.id = m.folder_id ORDER BY m.date, m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            NewMessage {
                message_id: r.get(2)?,
                in_reply_to: r.get(3)?,
                references: r.get(4)?,
                subject: r.get(5)?,
                from_addr: r.get(6)?,
                to: r.get(7)?,
                cc: r.get(8)?,
                date: r.get(9)?,
                ..NewMessage::default()
            },
        ))
    })?;
    let mut n = 0;
    for row in rows {
        let (id, account_id, m) = row?;
        thread_message(tx, account_id, id, &m)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests;
