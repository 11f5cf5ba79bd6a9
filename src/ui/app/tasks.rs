//! The application's work off the window's thread: saving settings and passwords, reading what
//! the composer starts from, saving attachments, reading files to attach.

use crate::ui::Failure;
use std::collections::HashMap;
use std::path::PathBuf;

use super::Profile;
use crate::account::{Account, Config, SecretKey, SecretRole, Secrets};
use crate::fl;
use crate::mime::compose::{self, new_draft_key};
use crate::mime::{Attachment, Draft};
use crate::ui::library::Library;
use crate::ui::mailbox::Compose;

/// Held while the settings file is read, changed and written, so that two saves at once (a
/// preference and an account's settings) never lose one another's change.
static CONFIG_FILE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn config_lock() -> std::sync::MutexGuard<'static, ()> {
    CONFIG_FILE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Files bigger than this are not attached (providers refuse mail of 20 to 50 MB).
pub const MAX_ATTACHMENT: u64 = 50 * 1024 * 1024;

/// Stores the password in the secret store, then adds the account to the settings file
/// (both off the window's thread). If the settings cannot be written, the password is removed
/// again.
pub async fn save_account(
    profile: Profile,
    account: Account,
    password: String,
) -> Result<Account, Failure> {
    tokio::task::spawn_blocking(move || {
        let secrets = secrets_of(&profile)?;
        let keys = [SecretRole::Incoming, SecretRole::Outgoing]
            .map(|role| SecretKey::new(&account.email, role));
        // What was stored before (an account whose servers are edited), put back on failure.
        let before: Vec<Option<String>> =
            keys.iter().map(|k| secrets.get(k).ok().flatten()).collect();
        for key in &keys {
            secrets.set(key, &password).map_err(Failure::new)?;
        }
        let saved = profile
            .paths
            .create()
            .map_err(Failure::new)
            .and_then(|()| put_account(&profile, account.clone()));
        if let Err(e) = saved {
            for (key, old) in keys.iter().zip(before) {
                let _ = match old {
                    Some(old) => secrets.set(key, &old),
                    None => secrets.delete(key),
                };
            }
            return Err(e);
        }
        Ok(account)
    })
    .await
    .map_err(Failure::new)?
}

fn secrets_of(profile: &Profile) -> Result<Secrets, Failure> {
    match &profile.secrets {
        Some(s) => Ok(s.clone()),
        None => Secrets::system().map_err(Failure::new),
    }
}

/// Writes an account into the settings file, in place of the one with its address (or last).
fn put_account(profile: &Profile, account: Account) -> Result<(), Failure> {
    let _config = config_lock();
    let path = profile.paths.config_file();
    let mut config = Config::load(&path).map_err(Failure::new)?;
    match config.accounts.iter_mut().find(|a| a.id() == account.id()) {
        Some(slot) => *slot = account,
        None => config.accounts.push(account),
    }
    config.save(&path).map_err(Failure::new)
}

/// Saves an account's changed settings (not its password).
pub async fn save_account_settings(profile: Profile, account: Account) -> Result<Account, Failure> {
    tokio::task::spawn_blocking(move || put_account(&profile, account.clone()).map(|()| account))
        .await
        .map_err(Failure::new)?
}

/// The password stored for an account's incoming server (empty if none: the user types it).
pub async fn stored_password(profile: Profile, email: String) -> String {
    tokio::task::spawn_blocking(move || {
        secrets_of(&profile)
            .ok()
            .and_then(|s| {
                s.get(&SecretKey::new(&email, SecretRole::Incoming))
                    .ok()
                    .flatten()
            })
            .unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}

/// Takes an account out of the settings file and its secrets out of the secret store (the
/// engine removes its local mail). Returns its address.
pub async fn remove_account(profile: Profile, email: String) -> Result<String, Failure> {
    tokio::task::spawn_blocking(move || {
        let path = profile.paths.config_file();
        {
            let _config = config_lock();
            let mut config = Config::load(&path).map_err(Failure::new)?;
            config.accounts.retain(|a| !a.id().is(&email));
            config.save(&path).map_err(Failure::new)?;
        }
        secrets_of(&profile)?
            .delete_account(&email)
            .map_err(Failure::new)?;
        Ok(email)
    })
    .await
    .map_err(Failure::new)?
}

/// Writes the preferences into the settings file, keeping everything else. Called in the order
/// the user changed them; a save that reaches the file after a later one is dropped.
pub fn save_preferences(
    profile: Profile,
    preferences: crate::account::Preferences,
) -> impl std::future::Future<Output = Result<(), Failure>> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static ASKED: AtomicU64 = AtomicU64::new(0);
    static WRITTEN: AtomicU64 = AtomicU64::new(0);
    let generation = ASKED.fetch_add(1, Ordering::SeqCst) + 1;
    async move {
        tokio::task::spawn_blocking(move || {
            let _config = config_lock();
            if WRITTEN.load(Ordering::SeqCst) > generation {
                return Ok(());
            }
            let path = profile.paths.config_file();
            let mut config = Config::load(&path).map_err(Failure::new)?;
            config.preferences = preferences;
            config.save(&path).map_err(Failure::new)?;
            WRITTEN.store(generation, Ordering::SeqCst);
            Ok(())
        })
        .await
        .map_err(Failure::new)?
    }
}

/// A new message as a `mailto:` link fills it.
pub fn link_draft(link: &crate::desktop::mailto::Mailto) -> Draft {
    let in_reply_to = link.in_reply_to.as_ref().map(|id| format!("<{id}>"));
    Draft {
        to: link.to.clone(),
        cc: link.cc.clone(),
        bcc: link.bcc.clone(),
        subject: link.subject.clone(),
        body: link.body.clone(),
        references: in_reply_to.iter().cloned().collect(),
        in_reply_to,
        ..Draft::default()
    }
}

/// What a composer opens with.
#[derive(Debug, Clone)]
pub struct Opening {
    pub key: String,
    pub draft: Draft,
    /// The stored revision, for a draft opened again.
    pub saved: Option<i64>,
    /// A message taken back from the outbox: (account, outbox id), removed once the composer
    /// holds it.
    pub from_outbox: Option<(String, i64)>,
}

impl Opening {
    pub fn new(draft: Draft) -> Opening {
        Opening {
            key: new_draft_key(),
            draft,
            saved: None,
            from_outbox: None,
        }
    }
}

/// The words a reply or a forward is written with, in the user's language (read on the
/// window's thread, where the language is chosen).
#[derive(Debug, Clone)]
pub struct Wording {
    /// "On {date}, {name} wrote:".
    pub attribution: String,
    /// The forwarded message's header block ("Forwarded message", From, Date, Subject, To).
    pub forwarded: String,
    /// The file name given to a forwarded attachment that has none.
    pub unnamed_file: String,
}

impl Wording {
    pub fn current() -> Wording {
        Wording {
            attribution: fl!("composer-attribution", date = "{date}", name = "{name}"),
            forwarded: fl!(
                "composer-forward-block",
                from = "{from}",
                date = "{date}",
                subject = "{subject}",
                to = "{to}"
            ),
            unnamed_file: fl!("composer-unnamed-file"),
        }
    }
}

/// Reads what a reply, a forward or a draft to go on with starts from, and writes it.
/// `names`: each account's display name, by address.
pub async fn opening(
    library: Library,
    kind: Compose,
    wording: Wording,
    names: HashMap<String, String>,
) -> Result<Opening, Failure> {
    let missing = || Failure::Said("composer-source-missing");
    let sender = |draft: &mut Draft, account: &str| {
        draft.from = account.to_string();
        draft.from_name = names.get(account).cloned().unwrap_or_default();
    };
    match kind {
        Compose::New => Ok(Opening::new(Draft::default())),
        Compose::Link(link) => Ok(Opening::new(link_draft(&link))),
        Compose::Reply { id, all } => {
            let source = library.source(id).await?.ok_or_else(missing)?;
            // The original's date as the reader shows it, in the user's language.
            let date = crate::ui::format::full_date(source.row.date);
            let attribution = compose::fill(&wording.attribution, &[("date", &date)]);
            let mut draft = compose::reply(&source.raw, &source.account, all, &attribution);
            sender(&mut draft, &source.account);
            Ok(Opening::new(draft))
        }
        Compose::Forward(id) => {
            let source = library.source(id).await?.ok_or_else(missing)?;
            let raw = source.raw;
            // The original's date as the reader shows it, in the user's locale.
            let date = crate::ui::format::full_date(source.row.date);
            let mut draft = tokio::task::spawn_blocking(move || {
                let mut draft = compose::forward_inline(&raw, &wording.forwarded, &date);
                // The original's attachments go along, as in every mail client.
                for (a, data) in crate::mime::save::attachments(&raw) {
                    draft.attachments.push(Attachment {
                        name: if a.name.is_empty() {
                            wording.unnamed_file.clone()
                        } else {
                            a.name
                        },
                        content_type: a.mime_type,
                        data,
                    });
                }
                draft
            })
            .await
            .map_err(Failure::new)?;
            sender(&mut draft, &source.account);
            Ok(Opening::new(draft))
        }
        Compose::Continue(id) => {
            let source = library.clone().source(id).await?.ok_or_else(missing)?;
            if let Some(key) = source.draft_key
                && let Some((_, saved)) = library.draft(key.clone()).await?
            {
                return Ok(Opening {
                    key,
                    draft: saved.draft,
                    saved: Some(saved.revision),
                    from_outbox: None,
                });
            }
            // A draft written elsewhere: a new draft with its content.
            let mut draft = crate::mime::draft_from_message(&source.raw);
            sender(&mut draft, &source.account);
            Ok(Opening::new(draft))
        }
        Compose::FromOutbox(id) => {
            let item = library.outbox_item(id).await?.ok_or_else(missing)?;
            let mut draft = crate::mime::draft_from_message(&item.raw);
            sender(&mut draft, &item.account);
            let mut opening = Opening::new(draft);
            opening.from_outbox = Some((item.account, id));
            Ok(opening)
        }
    }
}

/// A stored draft, to open again (after a crash, or from the Drafts folder).
pub async fn reopen(library: Library, key: String) -> Result<Opening, Failure> {
    let (_, saved) = library
        .draft(key.clone())
        .await?
        .ok_or_else(|| Failure::Said("composer-source-missing"))?;
    Ok(Opening {
        key,
        draft: saved.draft,
        saved: Some(saved.revision),
        from_outbox: None,
    })
}

/// Reads the files the user chose to attach.
pub async fn read_attachments(
    files: Vec<PathBuf>,
) -> Vec<Result<Attachment, crate::ui::composer::Problem>> {
    tokio::task::spawn_blocking(move || {
        files
            .iter()
            .map(|path| {
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                if size > MAX_ATTACHMENT {
                    return Err(crate::ui::composer::Problem::TooBig { file, size });
                }
                Attachment::from_file(path).map_err(|e| {
                    crate::ui::composer::Problem::AttachFailed {
                        file,
                        reason: e.to_string(),
                    }
                })
            })
            .collect()
    })
    .await
    .unwrap_or_default()
}

/// Saves these parts of a message into `folder`; returns the files written.
pub async fn save_attachments(
    library: Library,
    message_id: i64,
    parts: Vec<usize>,
    folder: PathBuf,
) -> Result<Vec<PathBuf>, Failure> {
    let raw = library
        .raw(message_id)
        .await?
        .ok_or_else(|| Failure::Said("composer-source-missing"))?;
    tokio::task::spawn_blocking(move || {
        let mut written = Vec::new();
        for (a, data) in crate::mime::save::attachments(&raw) {
            if parts.contains(&a.part) {
                let path =
                    crate::mime::save::save_into(&folder, &a.name, &data).map_err(Failure::new)?;
                written.push(path);
            }
        }
        Ok(written)
    })
    .await
    .map_err(Failure::new)?
}

/// Records which draft the composer holds (`None`: none), so that a composer that was not
/// closed opens again at the next start.
pub async fn record_open_draft(profile: Profile, key: Option<String>) {
    let path = profile.paths.open_draft_file();
    let result = tokio::task::spawn_blocking(move || match key {
        Some(key) => {
            profile.paths.create()?;
            std::fs::write(&path, key)?;
            Ok(())
        }
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        },
    })
    .await;
    if let Ok(Err::<(), anyhow::Error>(e)) = result {
        tracing::warn!("cannot record the open draft: {e}");
    }
}
