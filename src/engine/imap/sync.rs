//! Headers into the store, newest first; resync by CONDSTORE/QRESYNC (RFC 7162) or by
//! comparing UIDs and flags.
//!
//! A first sync fetches the newest 50 messages (with a preview) in one round trip, so the
//! first screenful is in the store at once, then the rest in batches going back in time, each
//! written in its own transaction while the next batch is on the wire. A resync costs what
//! changed: with CONDSTORE a mailbox whose HIGHESTMODSEQ, UIDNEXT and size are unchanged
//! costs one SELECT.

use async_imap::imap_proto::{
    AttributeValue, MailboxDatum, Outcome, Response, ResponseCode, Status,
};

use crate::engine::StoreHandle;
use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, encode_mailbox};
use crate::store::{Flags, FolderState, NewMessage};

// The envelope and search text of a message live in `envelope`; they are kept reachable here
// for the callers that know them as `sync::…`.
use crate::store::envelope::fill_from_headers;
#[cfg(test)]
use crate::store::envelope::header_end;
use crate::store::envelope::plausible_date;

/// The header fields sync asks for (ENVELOPE's, plus what threading and the attachment marker
/// need), parsed by mail-parser so every charset and encoding is handled.
const HEADER_FIELDS: &str = "BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE)]";
/// The newest messages fetched first, with a preview.
pub const FIRST_BATCH: u32 = 50;
/// Messages per later batch.
pub const BATCH: u32 = 2000;
pub(super) use crate::store::envelope::PREVIEW_BYTES;

/// What a sync of one folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub new: usize,
    pub flags_changed: usize,
    pub removed: usize,
    /// UIDVALIDITY changed: the cache was dropped and refetched.
    pub reset: bool,
    /// The new messages' store ids (for notifications).
    pub new_ids: Vec<i64>,
}

/// What SELECT said.
#[derive(Debug, Default, Clone)]
pub struct Selected {
    pub exists: u32,
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highestmodseq: u64,
    /// UID ranges expunged since the cached state (QRESYNC), as the server gave them: a
    /// range can span billions of UIDs, so it is never expanded.
    pub vanished: Vec<(u32, u32)>,
    pub changed: Vec<(u32, Flags, u64)>,
}

/// Selects `name`, with QRESYNC parameters when the server and the cache allow it.
pub async fn select(
    conn: &mut Connection,
    name: &str,
    local: FolderState,
) -> Result<Selected, MailError> {
    let qresync = conn.has("QRESYNC") && local.uidvalidity != 0 && local.highestmodseq != 0;
    let command = if qresync {
        format!(
            "SELECT {} (QRESYNC ({} {}))",
            encode_mailbox(name),
            local.uidvalidity,
            local.highestmodseq
        )
    } else if conn.has("CONDSTORE") {
        format!("SELECT {} (CONDSTORE)", encode_mailbox(name))
    } else {
        format!("SELECT {}", encode_mailbox(name))
    };
    let mut s = Selected::default();
    client::run(&mut conn.session, &command, |response| {
        match response {
            Response::MailboxData(MailboxDatum::Exists(n)) => s.exists = *n,
            Response::Data {
                status: Status::Ok,
                outcome: Outcome {
                    code: Some(code), ..
                },
            } => match code {
                ResponseCode::UidValidity(v) => s.uidvalidity = *v,
                ResponseCode::UidNext(v) => s.uidnext = *v,
                ResponseCode::HighestModSeq(v) => s.highestmodseq = *v,
                _ => {}
            },
            Response::Vanished { uids, .. } => {
                for range in uids {
                    s.vanished.push((*range.start(), *range.end()));
                }
            }
            Response::Fetch(_, attributes) => {
                if let Some(change) = flag_change(attributes) {
                    s.changed.push(change);
                }
            }
            _ => {}
        }
        Ok(())
    })
    .await?;
    Ok(s)
}

fn flag_change(attributes: &[AttributeValue<'_>]) -> Option<(u32, Flags, u64)> {
    let (mut uid, mut flags, mut modseq) = (None, None, 0);
    for a in attributes {
        match a {
            AttributeValue::Uid(u) => uid = Some(*u),
            AttributeValue::Flags(f) => {
                flags = Some(Flags::from_imap(f.iter().map(|x| x.as_ref())))
            }
            AttributeValue::ModSeq(m) => modseq = *m,
            _ => {}
        }
    }
    Some((uid?, flags?, modseq))
}

/// Brings one folder of the store up to date with the server.
pub async fn sync_folder(
    conn: &mut Connection,
    store: &StoreHandle,
    folder_id: i64,
    name: &str,
    mut progress: impl FnMut(u32, u32),
) -> Result<SyncReport, MailError> {
    let mut report = SyncReport::default();
    let mut local = store
        .with(move |s| s.folder_state(folder_id))
        .await
        .map_err(store_error)?;
    let selected = select(conn, name, local).await?;

    if local.uidvalidity != 0 && selected.uidvalidity != local.uidvalidity {
        store
            .with(move |s| s.clear_folder(folder_id))
            .await
            .map_err(store_error)?;
        local = FolderState::default();
        report.reset = true;
    } else {
        if !selected.vanished.is_empty() {
            let vanished = selected.vanished.clone();
            report.removed += store
                .with(move |s| s.remove_uid_ranges(folder_id, &vanished))
                .await
                .map_err(store_error)?;
        }
        if !selected.changed.is_empty() {
            let changed = selected.changed.clone();
            report.flags_changed += store
                .with(move |s| s.update_flags(folder_id, &changed))
                .await
                .map_err(store_error)?;
        }
    }
    let condstore = selected.highestmodseq > 0;
    let unchanged = condstore
        && local.highestmodseq == selected.highestmodseq
        && local.uidnext == selected.uidnext
        && local.count == selected.exists;
    if unchanged && selected.vanished.is_empty() && selected.changed.is_empty() {
        // Nothing moved on the server: a resync costs one SELECT, whatever the folder's size.
        store
            .with(move |s| s.mark_folder_synced(folder_id))
            .await
            .map_err(store_error)?;
        return Ok(report);
    }
    if local.count == 0 || local.uidnext == 0 {
        initial_fetch(
            conn,
            store,
            folder_id,
            selected.exists,
            &mut report,
            &mut progress,
        )
        .await?;
    } else {
        let qresynced = conn.has("QRESYNC") && local.highestmodseq != 0 && !report.reset;
        if !qresynced {
            report.flags_changed += flag_resync(conn, store, folder_id, local, condstore).await?;
        }
        let new = fetch_new(conn, store, folder_id, local.uidnext).await?;
        report.new += new.len();
        report.new_ids.extend(new);
        // Expunges a plain resync cannot see: compare the UID sets when the sizes differ.
        let count = store
            .with(move |s| s.folder_state(folder_id))
            .await
            .map_err(store_error)?
            .count;
        if count != selected.exists {
            report.removed += remove_expunged(conn, store, folder_id).await?;
        }
    }
    let max_uid = store
        .with(move |s| s.max_uid(folder_id))
        .await
        .map_err(store_error)?;
    let state = FolderState {
        uidvalidity: selected.uidvalidity,
        uidnext: selected.uidnext.max(max_uid + 1),
        highestmodseq: selected.highestmodseq,
        count: 0,
    };
    store
        .with(move |s| s.set_folder_state(folder_id, state))
        .await
        .map_err(store_error)?;
    Ok(report)
}

fn store_error(e: crate::store::StoreError) -> MailError {
    MailError::protocol(format!("local cache: {e}"))
}

/// More messages than any real folder holds (the benchmarks sync a million): a count above it
/// is a broken or hostile server's, and would have Facteur send millions of FETCH commands.
pub const MAX_EXISTS: u32 = 50_000_000;

/// An empty cache: the newest first, then older batches, writing while fetching. A batch that
/// comes back empty means the server's count was not true (sequence numbers have no gaps):
/// the fetch stops there with a protocol error rather than asking for every number below.
async fn initial_fetch(
    conn: &mut Connection,
    store: &StoreHandle,
    folder_id: i64,
    exists: u32,
    report: &mut SyncReport,
    progress: &mut impl FnMut(u32, u32),
) -> Result<(), MailError> {
    if exists == 0 {
        return Ok(());
    }
    if exists > MAX_EXISTS {
        return Err(MailError::protocol(format!(
            "the server says the folder holds {exists} messages, more than any folder can"
        )));
    }
    let modseq = extra_items(conn);
    let mut top = exists;
    let mut first = true;
    let mut pending: Option<tokio::task::JoinHandle<Result<Vec<i64>, crate::store::StoreError>>> =
        None;
    let mut done = 0;
    while top >= 1 {
        let size = if first { FIRST_BATCH } else { BATCH };
        let bottom = top.saturating_sub(size - 1).max(1);
        let preview = if first {
            format!(" BODY.PEEK[TEXT]<0.{PREVIEW_BYTES}>")
        } else {
            String::new()
        };
        let command = format!(
            "FETCH {bottom}:{top} (UID FLAGS RFC822.SIZE INTERNALDATE{modseq} {HEADER_FIELDS}{preview})"
        );
        let batch = fetch_messages(conn, &command).await?;
        if batch.is_empty() {
            return Err(MailError::protocol(format!(
                "the server says the folder holds {exists} messages, but has none at {bottom}:{top}"
            )));
        }
        if let Some(job) = pending.take() {
            report
                .new_ids
                .extend(job.await.map_err(MailError::lost)?.map_err(store_error)?);
        }
        done += batch.len() as u32;
        report.new += batch.len();
        let store = store.clone();
        let job = tokio::spawn(async move {
            store
                .with(move |s| s.insert_messages(folder_id, &batch))
                .await
        });
        if first {
            // The first screenful is written before anything else happens.
            report
                .new_ids
                .extend(job.await.map_err(MailError::lost)?.map_err(store_error)?);
        } else {
            pending = Some(job);
        }
        progress(done, exists);
        first = false;
        if bottom == 1 {
            break;
        }
        top = bottom - 1;
    }
    if let Some(job) = pending.take() {
        report
            .new_ids
            .extend(job.await.map_err(MailError::lost)?.map_err(store_error)?);
    }
    Ok(())
}

/// Messages with a UID at or above `from`, with a preview (there are few).
async fn fetch_new(
    conn: &mut Connection,
    store: &StoreHandle,
    folder_id: i64,
    from: u32,
) -> Result<Vec<i64>, MailError> {
    let modseq = extra_items(conn);
    let command = format!(
        "UID FETCH {from}:* (UID FLAGS RFC822.SIZE INTERNALDATE{modseq} {HEADER_FIELDS} BODY.PEEK[TEXT]<0.{PREVIEW_BYTES}>)"
    );
    let mut batch = fetch_messages(conn, &command).await?;
    batch.retain(|m| m.uid >= from); // `N:*` always returns the last message
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    store
        .with(move |s| s.insert_messages(folder_id, &batch))
        .await
        .map_err(store_error)
}

/// Flag changes since the last sync: CHANGEDSINCE with CONDSTORE, else every flag compared.
async fn flag_resync(
    conn: &mut Connection,
    store: &StoreHandle,
    folder_id: i64,
    local: FolderState,
    condstore: bool,
) -> Result<usize, MailError> {
    let last = local.uidnext.saturating_sub(1).max(1);
    let command = if condstore && local.highestmodseq > 0 {
        format!(
            "UID FETCH 1:{last} (UID FLAGS) (CHANGEDSINCE {})",
            local.highestmodseq
        )
    } else {
        format!("UID FETCH 1:{last} (UID FLAGS)")
    };
    let mut changes = Vec::new();
    client::run(&mut conn.session, &command, |response| {
        if let Response::Fetch(_, attributes) = response
            && let Some(change) = flag_change(attributes)
        {
            changes.push(change);
        }
        Ok(())
    })
    .await?;
    if changes.is_empty() {
        return Ok(0);
    }
    store
        .with(move |s| s.update_flags(folder_id, &changes))
        .await
        .map_err(store_error)
}

/// Removes from the store the UIDs the server no longer has.
async fn remove_expunged(
    conn: &mut Connection,
    store: &StoreHandle,
    folder_id: i64,
) -> Result<usize, MailError> {
    let mut present = std::collections::HashSet::new();
    client::run(&mut conn.session, "UID SEARCH ALL", |response| {
        if let Response::MailboxData(MailboxDatum::Search(uids)) = response {
            present.extend(uids.iter().copied());
        }
        Ok(())
    })
    .await?;
    let local = store
        .with(move |s| s.uids(folder_id))
        .await
        .map_err(store_error)?;
    let gone: Vec<u32> = local.into_iter().filter(|u| !present.contains(u)).collect();
    if gone.is_empty() {
        return Ok(0);
    }
    store
        .with(move |s| s.remove_uids(folder_id, &gone))
        .await
        .map_err(store_error)
}

/// Runs a FETCH and parses every answer into an envelope.
/// What a FETCH of new messages asks beyond the envelope: their MODSEQ (CONDSTORE), and
/// Gmail's thread id where Gmail's extensions are offered (the store follows Gmail's own
/// grouping then, store::threads).
fn extra_items(conn: &Connection) -> String {
    let mut items = String::new();
    if conn.has("CONDSTORE") || conn.has("QRESYNC") {
        items.push_str(" MODSEQ");
    }
    if conn.has("X-GM-EXT-1") {
        items.push_str(" X-GM-THRID");
    }
    items
}

async fn fetch_messages(
    conn: &mut Connection,
    command: &str,
) -> Result<Vec<NewMessage>, MailError> {
    let mut out = Vec::new();
    client::run(&mut conn.session, command, |response| {
        if let Response::Fetch(_, attributes) = response
            && let Some(m) = parse_fetch(attributes)
        {
            out.push(m);
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// One FETCH answer as a [`NewMessage`]; `None` without a UID.
pub fn parse_fetch(attributes: &[AttributeValue<'_>]) -> Option<NewMessage> {
    let mut m = NewMessage::default();
    let mut uid = None;
    let mut header: &[u8] = &[];
    let mut text: &[u8] = &[];
    for a in attributes {
        match a {
            AttributeValue::Uid(u) => uid = Some(*u),
            AttributeValue::Flags(f) => m.flags = Flags::from_imap(f.iter().map(|x| x.as_ref())),
            AttributeValue::Rfc822Size(s) => m.size = i64::from(*s),
            AttributeValue::InternalDate(d) => {
                m.internal_date = parse_internal_date(d).unwrap_or(0)
            }
            AttributeValue::ModSeq(s) => m.modseq = *s,
            AttributeValue::GmailThrId(t) => m.gmail_thread = *t,
            AttributeValue::BodySection {
                section,
                data: Some(data),
                ..
            } => {
                if matches!(
                    section,
                    Some(async_imap::imap_proto::SectionPath::Full(
                        async_imap::imap_proto::MessageSection::Text
                    ))
                ) {
                    text = data.as_ref();
                } else {
                    header = data.as_ref();
                }
            }
            _ => {}
        }
    }
    m.uid = uid?;
    fill_from_headers(&mut m, header, text);
    m.date = plausible_date(m.date, m.internal_date);
    Some(m)
}

/// `17-Jul-1996 02:44:25 -0700` → unix seconds.
pub fn parse_internal_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_once(' ')?;
    let (time, zone) = rest.trim().split_once(' ')?;
    let mut d = date.trim().split('-');
    let day: i64 = d.next()?.trim().parse().ok()?;
    let month = match d.next()?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let year: i64 = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let (h, mi, se): (i64, i64, i64) = (
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
    );
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone = zone.trim_start_matches(['+', '-']);
    let zh: i64 = zone.get(0..2)?.parse().ok()?;
    let zm: i64 = zone.get(2..4)?.parse().ok()?;
    Some(
        days_from_civil(year, month, day) * 86400 + h * 3600 + mi * 60 + se
            - sign * (zh * 3600 + zm * 60),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// A message's full text, or `None` when it is no longer on the server.
pub async fn fetch_body(
    conn: &mut Connection,
    name: &str,
    uid: u32,
) -> Result<Option<Vec<u8>>, MailError> {
    Ok(fetch_bodies(conn, name, &[uid])
        .await?
        .pop()
        .map(|(_, raw)| raw))
}

/// The full text of several messages of one folder (those still on the server).
pub async fn fetch_bodies(
    conn: &mut Connection,
    name: &str,
    uids: &[u32],
) -> Result<Vec<(u32, Vec<u8>)>, MailError> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    client::run(
        &mut conn.session,
        &format!("EXAMINE {}", encode_mailbox(name)),
        |_| Ok(()),
    )
    .await?;
    let wanted: std::collections::HashSet<u32> = uids.iter().copied().collect();
    let mut bodies = Vec::new();
    client::run(
        &mut conn.session,
        &format!(
            "UID FETCH {} (UID BODY.PEEK[])",
            super::actions::uid_set(uids)
        ),
        |response| {
            if let Response::Fetch(_, attributes) = response {
                let mut this_uid = None;
                let mut data = None;
                for a in attributes {
                    match a {
                        AttributeValue::Uid(u) => this_uid = Some(*u),
                        AttributeValue::BodySection { data: Some(d), .. } => {
                            data = Some(d.to_vec())
                        }
                        _ => {}
                    }
                }
                if let (Some(uid), Some(data)) = (this_uid, data)
                    && wanted.contains(&uid)
                {
                    bodies.push((uid, data));
                }
            }
            Ok(())
        },
    )
    .await?;
    Ok(bodies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::envelope::{whole_envelope, whole_message};

    #[test]
    fn header_blocks_end_at_the_first_blank_line() {
        assert_eq!(header_end(b"A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore"), 14);
        assert_eq!(header_end(b"A: 1\nB: 2\n\nbody"), 11);
        assert_eq!(header_end(b"\r\nbody"), 2);
        assert_eq!(header_end(b"A: 1\r\nB: 2\r\n"), 12);
    }

    #[test]
    fn a_download_envelope_from_the_start_of_the_body_matches_a_full_parse() {
        let attachment = "QUJD".repeat(40_000);
        let raw = format!(
            "From: =?utf-8?q?Ren=C3=A9e?= <renee@example.fr>\r\nTo: Marie <marie@orange.fr>\r\n\
             Subject: Rapport\r\nDate: Tue, 1 Jul 2025 10:00:00 +0200\r\nMessage-ID: <r@x>\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
             --b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
             Voici le rapport d=C3=A9taill=C3=A9.\r\n--b\r\nContent-Type: application/pdf\r\n\
             Content-Disposition: attachment; filename=r.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n\
             {attachment}\r\n--b--\r\n"
        );
        let light = whole_envelope(raw.as_bytes(), 1_800_000_000);
        let (full, _) = whole_message(raw.as_bytes(), 1_800_000_000);
        assert_eq!(light, full);
        assert_eq!(light.preview, "Voici le rapport détaillé.");
        assert!(light.has_attachments);
        assert_eq!(light.size, raw.len() as i64);
    }

    #[test]
    fn gmail_thread_ids_are_read_from_a_fetch() {
        let (_, response) =
            Response::parse(b"* 3 FETCH (X-GM-THRID 1278455344230334865 UID 7 FLAGS (\\Seen))\r\n")
                .unwrap();
        let Response::Fetch(_, attributes) = response else {
            panic!("not a FETCH: {response:?}");
        };
        let m = parse_fetch(&attributes).unwrap();
        assert_eq!((m.uid, m.gmail_thread), (7, 1_278_455_344_230_334_865));
    }

    #[test]
    fn impossible_dates_give_way_to_the_arrival() {
        let arrived = 1_780_000_000;
        assert_eq!(
            plausible_date(253_402_300_799, arrived),
            arrived,
            "year 9999"
        );
        assert_eq!(plausible_date(-5, arrived), arrived);
        assert_eq!(plausible_date(0, arrived), arrived);
        assert_eq!(plausible_date(arrived - 86_400, arrived), arrived - 86_400);
        // A sender's clock a little ahead is kept.
        assert_eq!(plausible_date(arrived + 3600, arrived), arrived + 3600);
        let raw =
            b"From: a@b.c\r\nDate: Fri, 31 Dec 9999 23:59:59 +0000\r\nSubject: x\r\n\r\nb\r\n";
        assert_eq!(whole_envelope(raw, arrived).date, arrived);
        // Lone CRs: the headers are read.
        let m = whole_envelope(b"From: a@b.c\rSubject: cr\r\rbody\r", arrived);
        assert_eq!((m.subject.as_str(), m.from_addr.as_str()), ("cr", "a@b.c"));
    }

    #[test]
    fn internal_dates_parse_with_their_zone() {
        assert_eq!(
            parse_internal_date("17-Jul-1996 02:44:25 -0700"),
            Some(837596665)
        );
        assert_eq!(parse_internal_date(" 1-Jan-1970 00:00:00 +0000"), Some(0));
        assert_eq!(
            parse_internal_date("29-Feb-2024 12:00:00 +0100"),
            Some(1709204400)
        );
        assert_eq!(parse_internal_date("garbage"), None);
    }

    #[test]
    fn headers_in_any_encoding_become_an_envelope() {
        let header = b"From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@gmx.de>\r\nTo: Marie <marie@orange.fr>, paul@free.fr\r\nSubject: =?UTF-8?B?w4l0w6kgw6AgS8O2bG4=?=\r\nDate: Tue, 1 Jul 2025 10:00:00 +0200\r\nMessage-ID: <abc@gmx.de>\r\nReferences: <root@x> <parent@y>\r\nIn-Reply-To: <parent@y>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n";
        let mut m = NewMessage::default();
        fill_from_headers(&mut m, header, b"");
        assert_eq!(m.subject, "Été à Köln");
        assert_eq!(
            (m.from_name.as_str(), m.from_addr.as_str()),
            ("Jörg Müller", "joerg@gmx.de")
        );
        assert_eq!(m.to, "Marie <marie@orange.fr>, paul@free.fr");
        assert_eq!(m.message_id, "<abc@gmx.de>");
        assert_eq!(m.references, "<root@x> <parent@y>");
        assert_eq!(m.date, 1751356800);
        assert!(m.has_attachments);
    }

    #[test]
    fn a_header_block_with_garbage_still_gives_what_it_can() {
        let mut m = NewMessage::default();
        fill_from_headers(
            &mut m,
            b"Subject: ok\r\nFrom: <<<>>>\r\nDate: not a date\r\n\r\n",
            b"",
        );
        assert_eq!(m.subject, "ok");
        assert_eq!(m.date, 0);
    }
}
