//! The mail subcommands: `sync`, `list`, `show`, `search`, `watch`. They drive the same engine
//! and read the same store as the window.

use facteur::mime::safe;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use anyhow::{Context, Result};
use mail_parser::MimeHeaders as _;
use serde_json::json;

use facteur::account::{Account, AccountId, Config};
use facteur::engine::{Command, Engine, Event, MailOp};
use facteur::fl;
use facteur::i18n::mail::{event_account, event_text, mail_error_with_details};
use facteur::paths::Paths;
use facteur::store::{Flags, MessageRow, Scope, Store};

use super::say;

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

pub(crate) fn load() -> Result<(Paths, Config)> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths.config_file())?;
    Ok((paths, config))
}

/// The accounts a command is about: the one named, or all.
fn chosen(config: &Config, email: Option<&str>) -> Result<Vec<Account>> {
    if config.accounts.is_empty() {
        return Err(say(fl!("cli-no-accounts")));
    }
    match email {
        None => Ok(config.accounts.clone()),
        Some(email) => config
            .accounts
            .iter()
            .find(|a| a.id().is(email))
            .map(|a| vec![a.clone()])
            .ok_or_else(|| say(fl!("cli-no-matching-account", email = email))),
    }
}

pub(crate) fn engine_for(paths: &Paths, config: &Config, accounts: Vec<Account>) -> Result<Engine> {
    let store = Store::open(&paths.store_file())?;
    let config = Config {
        accounts,
        ..config.clone()
    };
    Ok(Engine::start(&config, store))
}

#[derive(Debug, Default, Clone, serde::Serialize)]
struct SyncSummary {
    new: usize,
    changed: usize,
    removed: usize,
    folders: usize,
    error: Option<String>,
}

/// Brings accounts up to date, printing progress, then a summary.
pub fn sync(email: Option<&str>, as_json: bool) -> Result<()> {
    let (paths, config) = load()?;
    let accounts = chosen(&config, email)?;
    sync_accounts(&paths, &config, accounts, as_json)
}

/// Checks POP3 accounts now (the one named, or every POP3 account).
pub fn check(email: Option<&str>, as_json: bool) -> Result<()> {
    let (paths, config) = load()?;
    let accounts: Vec<Account> = chosen(&config, email)?
        .into_iter()
        .filter(|a| matches!(a.incoming, facteur::account::Incoming::Pop3(_)))
        .collect();
    if accounts.is_empty() {
        return Err(say(fl!("cli-no-pop3-account")));
    }
    sync_accounts(&paths, &config, accounts, as_json)
}

fn sync_accounts(
    paths: &Paths,
    config: &Config,
    accounts: Vec<Account>,
    as_json: bool,
) -> Result<()> {
    // Events name accounts by id; the summary says each as the user wrote it.
    let names: HashMap<AccountId, String> =
        accounts.iter().map(|a| (a.id(), a.email.clone())).collect();
    let mut pending: HashSet<AccountId> = names.keys().cloned().collect();
    let mut summary: BTreeMap<String, SyncSummary> = names
        .values()
        .map(|e| (e.clone(), SyncSummary::default()))
        .collect();
    runtime()?.block_on(async {
        let mut engine = engine_for(paths, config, accounts)?;
        while !pending.is_empty() {
            let Some(event) = engine.events.recv().await else {
                break;
            };
            let Some(account) = event_account(&event).cloned() else {
                continue;
            };
            let Some(entry) = names.get(&account).and_then(|e| summary.get_mut(e)) else {
                continue;
            };
            match &event {
                Event::SyncProgress { .. } if !as_json => eprintln!("{}", event_text(&event)),
                Event::FolderSynced {
                    new,
                    flags_changed,
                    removed,
                    ..
                } => {
                    entry.folders += 1;
                    entry.new += new;
                    entry.changed += flags_changed;
                    entry.removed += removed;
                }
                Event::SyncFinished { .. } => {
                    pending.remove(&account);
                }
                Event::AccountError { error, .. } => {
                    entry.error = Some(mail_error_with_details(error));
                    pending.remove(&account);
                }
                Event::AccountCrashed { .. } | Event::Failed { .. } => {
                    entry.error = Some(event_text(&event));
                    pending.remove(&account);
                }
                _ => {}
            }
        }
        engine.shutdown().await;
        anyhow::Ok(())
    })?;
    let failed = summary.values().filter(|s| s.error.is_some()).count();
    if as_json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        for (account, s) in &summary {
            match &s.error {
                Some(error) => println!(
                    "{}",
                    fl!(
                        "cli-sync-failed",
                        account = account.as_str(),
                        error = error.as_str()
                    )
                ),
                None => println!(
                    "{}",
                    fl!(
                        "cli-sync-done",
                        account = account.as_str(),
                        new = s.new,
                        changed = s.changed.to_string(),
                        removed = s.removed.to_string()
                    )
                ),
            }
        }
    }
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// A date as `YYYY-MM-DD HH:MM` in UTC (the same in every time zone, for scripts).
pub fn format_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn sender(m: &MessageRow) -> &str {
    if m.from_name.is_empty() {
        &m.from_addr
    } else {
        &m.from_name
    }
}

fn row_json(m: &MessageRow) -> serde_json::Value {
    let participants: Vec<_> = match &m.thread {
        Some(t) => t
            .participants
            .iter()
            .map(|(name, address)| json!({ "name": name, "address": address }))
            .collect(),
        None => vec![json!({ "name": m.from_name, "address": m.from_addr })],
    };
    json!({
        "id": m.id,
        "conversation": m.conversation,
        "count": m.thread.as_ref().map_or(1, |t| t.count),
        "participants": participants,
        "date": m.date,
        "from": { "name": m.from_name, "address": m.from_addr },
        "to": m.to,
        "cc": m.cc,
        "subject": m.subject,
        "unread": !m.flags.contains(Flags::SEEN),
        "flagged": m.flags.contains(Flags::FLAGGED),
        "answered": m.flags.contains(Flags::ANSWERED),
        "attachments": m.has_attachments,
        "size": m.size,
        "preview": m.preview,
    })
}

fn print_rows(rows: &[MessageRow], as_json: bool, empty: String) -> Result<()> {
    if as_json {
        let list: Vec<_> = rows.iter().map(row_json).collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("{empty}");
    }
    for m in rows {
        let marks = format!(
            "{}{}{}",
            if m.flags.contains(Flags::SEEN) {
                ' '
            } else {
                '●'
            },
            if m.flags.contains(Flags::FLAGGED) {
                '★'
            } else {
                ' '
            },
            if m.has_attachments { '📎' } else { ' ' },
        );
        println!(
            "{:>7}  {}  {marks}  {:<28}  {}",
            m.id,
            format_date(m.date),
            truncate(&safe::line(&people(m)), 28),
            safe::line(&m.subject)
        );
    }
    Ok(())
}

/// Who a row is from: its sender, or the people of its conversation and their count.
fn people(m: &MessageRow) -> String {
    match &m.thread {
        Some(t) => {
            let names: Vec<&str> = t
                .participants
                .iter()
                .map(|(name, address)| {
                    if name.is_empty() {
                        address.as_str()
                    } else {
                        name.as_str()
                    }
                })
                .collect();
            format!("{} ({})", names.join(", "), t.count)
        }
        None => sender(m).to_string(),
    }
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

fn read_store(paths: &Paths) -> Result<Option<Store>> {
    if !paths.store_file().exists() {
        return Ok(None);
    }
    Ok(Some(Store::open_read_only(&paths.store_file())?))
}

/// Newest first from the store: one folder, an account's inbox, or every inbox.
/// `conversations`: one row per conversation (its newest message in the list).
pub fn list(
    email: Option<&str>,
    folder: Option<&str>,
    limit: u32,
    conversations: bool,
    as_json: bool,
) -> Result<()> {
    let (paths, config) = load()?;
    let accounts = chosen(&config, email)?;
    let Some(store) = read_store(&paths)? else {
        return print_rows(&[], as_json, fl!("cli-empty-folder"));
    };
    let scope = match (email, folder) {
        (None, None) => Scope::UnifiedInbox,
        (_, folder) => {
            let account = &accounts[0];
            let folder = folder.unwrap_or("INBOX");
            let found = match store.account_id(&account.email)? {
                Some(id) => store.folder_by_name(id, folder)?.or_else(|| {
                    store.folders(id).ok()?.into_iter().find(|f| {
                        f.special_use.is_some()
                            && f.special_use
                                == facteur::store::SpecialUse::from_code(&folder.to_lowercase())
                    })
                }),
                None => None,
            };
            match found {
                Some(f) => Scope::Folder(f.id),
                None => {
                    return Err(say(fl!(
                        "cli-no-folder",
                        account = account.email.as_str(),
                        folder = folder
                    )));
                }
            }
        }
    };
    let rows = if conversations {
        store.conversations(&scope, limit, 0)?
    } else {
        store.messages(&scope, limit, 0)?
    };
    print_rows(&rows, as_json, fl!("cli-empty-folder"))
}

/// Full-text search in the local cache.
pub fn search(query: &str, limit: u32, as_json: bool) -> Result<()> {
    let (paths, _) = load()?;
    let rows = match read_store(&paths)? {
        Some(store) => store.search(query, limit)?,
        None => Vec::new(),
    };
    print_rows(&rows, as_json, fl!("cli-no-results"))
}

/// The text and attachments of a raw message.
struct Shown {
    text: String,
    attachments: Vec<(String, String, usize)>,
}

fn render(raw: &[u8]) -> Shown {
    let raw = &*facteur::mime::repair::prepare(raw);
    let Some(message) = facteur::mime::parse(raw) else {
        return Shown {
            text: String::from_utf8_lossy(raw).into_owned(),
            attachments: Vec::new(),
        };
    };
    let mut text = String::new();
    for i in 0..message.text_body.len() {
        if let Some(t) = message.body_text(i) {
            text.push_str(t.trim_end());
            text.push('\n');
        }
    }
    let attachments = message
        .attachments()
        .map(|part| {
            let name = part.attachment_name().unwrap_or("").to_string();
            let kind = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{sub}", ct.ctype()),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into());
            (name, kind, part.contents().len())
        })
        .collect();
    Shown { text, attachments }
}

/// Downloads a message's text through the engine; `None` when it cannot be had now.
fn fetch_body(paths: &Paths, config: &Config, account: Account, id: i64) -> Result<bool> {
    runtime()?.block_on(async {
        let email = account.email.clone();
        let mut engine = engine_for(paths, config, vec![account])?;
        let request = engine.handle.request();
        let _ = engine.handle.send(Command::on(
            &email,
            MailOp::FetchBody {
                request,
                message_id: id,
            },
        ));
        let outcome = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(event) = engine.events.recv().await {
                match event {
                    Event::BodyReady { message_id, .. } if message_id == id => return true,
                    Event::Failed {
                        request: Some(r), ..
                    } if r == request => return false,
                    Event::AccountError { .. } => return false,
                    _ => {}
                }
            }
            false
        })
        .await
        .unwrap_or(false);
        engine.shutdown().await;
        Ok(outcome)
    })
}

/// One message: headers, text, attachments.
/// A message's row and its raw text (downloaded now if it is not in the store yet).
fn message_and_body(id: i64) -> Result<(facteur::store::MessageRow, Option<Vec<u8>>)> {
    let (paths, config) = load()?;
    let no_message = || say(fl!("cli-no-message", id = id.to_string()));
    let store = read_store(&paths)?.ok_or_else(no_message)?;
    let row = store.message(id)?.ok_or_else(no_message)?;
    let mut raw = store.body(id)?;
    if raw.is_none() {
        let (account_id, _, _) = store.message_location(id)?.ok_or_else(no_message)?;
        let account = config.accounts.iter().find(|a| {
            store
                .account_id(&a.email)
                .ok()
                .flatten()
                .is_some_and(|x| x == account_id)
        });
        if let Some(account) = account
            && fetch_body(&paths, &config, account.clone(), id)?
        {
            raw = Store::open_read_only(&paths.store_file())?.body(id)?;
        }
    }
    Ok((row, raw))
}

/// Draws a message as the reader does (its HTML laid out; plain text as the text it is) into
/// a PNG.
pub fn render_png(id: i64, png: &std::path::Path, width: u32, dark: bool) -> Result<()> {
    use facteur::mime::html;
    let (_, raw) = message_and_body(id)?;
    let raw = raw.ok_or_else(|| say(fl!("cli-render-no-text", id = id.to_string())))?;
    let display = facteur::mime::display::Display::parse(&raw);
    let source = match &display.html {
        Some(source) if !html::too_complex(&source.html) => (**source).clone(),
        _ => html::Source {
            html: format!(
                "<pre style=\"font-family:sans-serif;white-space:pre-wrap\">{}</pre>",
                escape(&display.text())
            ),
            inline: Vec::new(),
        },
    };
    let look = facteur::ui::style::sheet_look_for(dark);
    let (layout, rgba) = html::sheet::render_once(source, Vec::new(), look, width, 1.0)
        .map_err(|e| say(fl!("cli-render-failed", reason = e.to_string())))?;
    let height = (rgba.len() / 4) as u32 / (layout.width.max(1));
    let picture = image::RgbaImage::from_raw(layout.width, height, rgba)
        .ok_or_else(|| say(fl!("cli-render-failed", reason = "size")))?;
    picture
        .save_with_format(png, image::ImageFormat::Png)
        .map_err(|e| say(fl!("cli-render-failed", reason = e.to_string())))?;
    println!(
        "{}",
        fl!(
            "cli-rendered",
            path = png.display().to_string(),
            width = layout.width,
            height = height,
            blocked = layout.blocked.len(),
            trackers = layout.trackers
        )
    );
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn show(id: i64, as_json: bool) -> Result<()> {
    let (row, raw) = message_and_body(id)?;
    let offline = raw.is_none();
    let shown = match &raw {
        Some(raw) => render(raw),
        None => Shown {
            text: row.preview.clone(),
            attachments: Vec::new(),
        },
    };
    if as_json {
        let mut value = row_json(&row);
        value["text"] = json!(shown.text);
        value["complete"] = json!(!offline);
        value["attachments"] = json!(
            shown
                .attachments
                .iter()
                .map(|(name, kind, size)| json!({"name": name, "content_type": kind, "size": size}))
                .collect::<Vec<_>>()
        );
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let from = if row.from_name.is_empty() {
        row.from_addr.clone()
    } else {
        format!("{} <{}>", row.from_name, row.from_addr)
    };
    // Everything the message says is made safe for the terminal (no escape sequences, no
    // forged lines, no invisible reordering): facteur::mime::safe.
    let header = |name: String, value: &str| {
        println!(
            "{}",
            fl!("cli-header-line", name = name, value = safe::line(value))
        );
    };
    header(fl!("cli-header-from"), &from);
    if !row.to.is_empty() {
        header(fl!("cli-header-to"), &row.to);
    }
    if !row.cc.is_empty() {
        header(fl!("cli-header-cc"), &row.cc);
    }
    header(fl!("cli-header-date"), &format_date(row.date));
    header(fl!("cli-header-subject"), &row.subject);
    println!();
    if offline {
        println!("({})", fl!("cli-body-unavailable"));
    }
    println!("{}", safe::text(shown.text.trim_end()));
    if !shown.attachments.is_empty() {
        println!();
        println!(
            "{}",
            fl!("cli-attachments", count = shown.attachments.len())
        );
        for (name, kind, size) in &shown.attachments {
            println!(
                "  {}  ({}, {})",
                safe::line(name),
                safe::line(kind),
                facteur::i18n::format::size(*size as i64)
            );
        }
    }
    Ok(())
}

/// One line per engine event until interrupted.
pub fn watch(email: Option<&str>) -> Result<()> {
    let (paths, config) = load()?;
    let accounts = chosen(&config, email)?;
    println!("{}", fl!("cli-watch-started", count = accounts.len()));
    runtime()?
        .block_on(async {
            let mut engine = engine_for(&paths, &config, accounts)?;
            loop {
                tokio::select! {
                    event = engine.events.recv() => {
                        let Some(event) = event else { break };
                        let stopped = event == Event::Stopped;
                        let now = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map(|d| d.as_secs() as i64)
                            .unwrap_or(0);
                        let time = &format_date(now)[11..];
                        match event_account(&event) {
                            Some(account) => println!("{time}  {account}  {}", event_text(&event)),
                            None => println!("{time}  {}", event_text(&event)),
                        }
                        if stopped {
                            break;
                        }
                    }
                    _ = tokio::signal::ctrl_c() => break,
                }
            }
            engine.shutdown().await;
            anyhow::Ok(())
        })
        .context("watch")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_printed_in_utc() {
        assert_eq!(format_date(0), "1970-01-01 00:00");
        assert_eq!(format_date(1_782_900_000), "2026-07-01 10:00");
        assert_eq!(format_date(951_782_400), "2000-02-29 00:00");
    }
}
