//! The account's folders: LIST with SPECIAL-USE (RFC 6154), and well-known names where the
//! server does not mark them (Gmail's `[Gmail]/…`, localised names).

use async_imap::imap_proto::{NameAttribute, Response};

use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, decode_mailbox, encode_mailbox};
use crate::store::SpecialUse;

/// A folder on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFolder {
    /// The decoded (UTF-8) name.
    pub name: String,
    pub delimiter: String,
    pub special_use: Option<SpecialUse>,
    /// Whether the server marked the role (SPECIAL-USE) rather than the name suggesting it.
    pub marked: bool,
    pub selectable: bool,
}

/// Lists every folder of the account.
pub async fn list(conn: &mut Connection) -> Result<Vec<RemoteFolder>, MailError> {
    let mut folders = Vec::new();
    client::run(&mut conn.session, "LIST \"\" \"*\"", |response| {
        if let Response::MailboxData(async_imap::imap_proto::MailboxDatum::List(data)) = response {
            let name = decode_mailbox(&data.name);
            let selectable = !data.name_attributes.iter().any(|a| match a {
                NameAttribute::NoSelect => true,
                NameAttribute::Extension(e) => e.eq_ignore_ascii_case("\\NonExistent"),
                _ => false,
            });
            let marked = marked_role(&data.name_attributes);
            folders.push(RemoteFolder {
                special_use: special_use(&name, data.delimiter.as_deref(), &data.name_attributes),
                marked: marked.is_some(),
                delimiter: data.delimiter.as_deref().unwrap_or("/").to_string(),
                name,
                selectable,
            });
        }
        Ok(())
    })
    .await?;
    dedupe_roles(&mut folders);
    Ok(folders)
}

/// One folder per role: a folder the server marked wins over one whose name suggests the
/// role; among equals, the first listed keeps it.
pub fn dedupe_roles(folders: &mut [RemoteFolder]) {
    let mut seen = std::collections::HashSet::new();
    for marked in [true, false] {
        for folder in folders.iter_mut().filter(|f| f.marked == marked) {
            if let Some(role) = folder.special_use
                && !seen.insert(role)
            {
                folder.special_use = None;
            }
        }
    }
}

/// The role the server gave a folder with a SPECIAL-USE attribute, if any.
fn marked_role(attributes: &[NameAttribute<'_>]) -> Option<SpecialUse> {
    attributes.iter().find_map(|attribute| {
        Some(match attribute {
            NameAttribute::Sent => SpecialUse::Sent,
            NameAttribute::Drafts => SpecialUse::Drafts,
            NameAttribute::Trash => SpecialUse::Trash,
            NameAttribute::Junk => SpecialUse::Junk,
            NameAttribute::Archive => SpecialUse::Archive,
            NameAttribute::All => SpecialUse::All,
            NameAttribute::Flagged => SpecialUse::Flagged,
            NameAttribute::Extension(e) => match e.to_ascii_lowercase().as_str() {
                "\\sent" => SpecialUse::Sent,
                "\\drafts" => SpecialUse::Drafts,
                "\\trash" => SpecialUse::Trash,
                "\\junk" | "\\spam" => SpecialUse::Junk,
                "\\archive" => SpecialUse::Archive,
                "\\all" | "\\allmail" => SpecialUse::All,
                _ => return None,
            },
            _ => return None,
        })
    })
}

/// The role of a folder, from its attributes, else from its name.
pub fn special_use(
    name: &str,
    delimiter: Option<&str>,
    attributes: &[NameAttribute<'_>],
) -> Option<SpecialUse> {
    if name.eq_ignore_ascii_case("INBOX") {
        return Some(SpecialUse::Inbox);
    }
    if let Some(role) = marked_role(attributes) {
        return Some(role);
    }
    let leaf = match delimiter {
        Some(d) if !d.is_empty() => name.rsplit(d).next().unwrap_or(name),
        _ => name,
    };
    role_from_name(leaf)
}

/// Well-known folder names in English, French and German (and the usual server variants).
pub fn role_from_name(leaf: &str) -> Option<SpecialUse> {
    let n = leaf.trim().to_lowercase();
    const SENT: &[&str] = &[
        "sent",
        "sent items",
        "sent messages",
        "sent mail",
        "sent-mail",
        "outbox sent",
        "gesendet",
        "gesendete objekte",
        "gesendete elemente",
        "gesendete nachrichten",
        "éléments envoyés",
        "elements envoyes",
        "messages envoyés",
        "envoyés",
        "envoyes",
        "envoyé",
    ];
    const DRAFTS: &[&str] = &[
        "drafts",
        "draft",
        "entwürfe",
        "entwurf",
        "brouillons",
        "brouillon",
    ];
    const TRASH: &[&str] = &[
        "trash",
        "deleted items",
        "deleted messages",
        "deleted",
        "bin",
        "papierkorb",
        "gelöschte objekte",
        "gelöschte elemente",
        "corbeille",
        "éléments supprimés",
        "elements supprimes",
        "supprimés",
    ];
    const JUNK: &[&str] = &[
        "junk",
        "spam",
        "junk e-mail",
        "junk email",
        "junk mail",
        "bulk mail",
        "spamverdacht",
        "unerwünscht",
        "courrier indésirable",
        "indésirables",
        "courrier indesirable",
        "pourriel",
        "pourriels",
    ];
    const ARCHIVE: &[&str] = &["archive", "archives", "archiv", "archivierung"];
    const ALL: &[&str] = &["all mail", "alle nachrichten", "tous les messages"];
    for (names, role) in [
        (SENT, SpecialUse::Sent),
        (DRAFTS, SpecialUse::Drafts),
        (TRASH, SpecialUse::Trash),
        (JUNK, SpecialUse::Junk),
        (ARCHIVE, SpecialUse::Archive),
        (ALL, SpecialUse::All),
    ] {
        if names.contains(&n.as_str()) {
            return Some(role);
        }
    }
    None
}

/// APPENDs a message to the folder `name` with `flags` (e.g. `(\\Seen)`). A refused APPEND
/// (the folder may be missing: `[TRYCREATE]`) is retried once after creating the folder.
pub async fn append(
    conn: &mut Connection,
    name: &str,
    flags: &str,
    raw: &[u8],
) -> Result<(), MailError> {
    let mailbox = encode_mailbox(name);
    match client::append(&mut conn.session, &mailbox, flags, raw).await {
        Err(e) if e.kind == crate::proto::error::ErrorKind::Refused => {
            if create(conn, name).await.is_err() {
                // It exists: the refusal was about something else.
                return Err(e);
            }
            client::append(&mut conn.session, &mailbox, flags, raw).await
        }
        other => other,
    }
}

pub async fn create(conn: &mut Connection, name: &str) -> Result<(), MailError> {
    client::run(
        &mut conn.session,
        &format!("CREATE {}", encode_mailbox(name)),
        |_| Ok(()),
    )
    .await
}

pub async fn rename(conn: &mut Connection, from: &str, to: &str) -> Result<(), MailError> {
    client::run(
        &mut conn.session,
        &format!("RENAME {} {}", encode_mailbox(from), encode_mailbox(to)),
        |_| Ok(()),
    )
    .await
}

pub async fn delete(conn: &mut Connection, name: &str) -> Result<(), MailError> {
    client::run(
        &mut conn.session,
        &format!("DELETE {}", encode_mailbox(name)),
        |_| Ok(()),
    )
    .await
}

/// (messages, unseen) of a folder, without selecting it.
pub async fn status(conn: &mut Connection, name: &str) -> Result<(u32, u32), MailError> {
    let (mut total, mut unseen) = (0, 0);
    client::run(
        &mut conn.session,
        &format!("STATUS {} (MESSAGES UNSEEN)", encode_mailbox(name)),
        |response| {
            if let Response::MailboxData(async_imap::imap_proto::MailboxDatum::Status {
                status,
                ..
            }) = response
            {
                for item in status {
                    match item {
                        async_imap::imap_proto::StatusAttribute::Messages(n) => total = *n,
                        async_imap::imap_proto::StatusAttribute::Unseen(n) => unseen = *n,
                        _ => {}
                    }
                }
            }
            Ok(())
        },
    )
    .await?;
    Ok((total, unseen))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_win_and_names_are_the_fallback() {
        assert_eq!(
            special_use("INBOX", Some("/"), &[]),
            Some(SpecialUse::Inbox)
        );
        assert_eq!(
            special_use("Stuff", Some("/"), &[NameAttribute::Sent]),
            Some(SpecialUse::Sent)
        );
        assert_eq!(
            special_use("[Gmail]/Sent Mail", Some("/"), &[]),
            Some(SpecialUse::Sent)
        );
        assert_eq!(
            special_use("[Gmail]/All Mail", Some("/"), &[]),
            Some(SpecialUse::All)
        );
        assert_eq!(
            special_use("INBOX.Gesendet", Some("."), &[]),
            Some(SpecialUse::Sent)
        );
        assert_eq!(
            special_use("Éléments envoyés", Some("/"), &[]),
            Some(SpecialUse::Sent)
        );
        assert_eq!(
            special_use("Papierkorb", Some("/"), &[]),
            Some(SpecialUse::Trash)
        );
        assert_eq!(
            special_use("Corbeille", Some("/"), &[]),
            Some(SpecialUse::Trash)
        );
        assert_eq!(
            special_use("Entwürfe", Some("/"), &[]),
            Some(SpecialUse::Drafts)
        );
        assert_eq!(
            special_use("Courrier indésirable", Some("/"), &[]),
            Some(SpecialUse::Junk)
        );
        assert_eq!(special_use("Projects/Sent ideas", Some("/"), &[]), None);
    }

    #[test]
    fn a_marked_folder_keeps_the_role_over_a_guessed_one() {
        let folder = |name: &str, marked: bool| RemoteFolder {
            name: name.into(),
            delimiter: "/".into(),
            special_use: Some(SpecialUse::Sent),
            marked,
            selectable: true,
        };
        let mut folders = vec![
            folder("Sent", false),
            folder("Sent Messages", true),
            folder("Gesendet", false),
        ];
        dedupe_roles(&mut folders);
        let roles: Vec<_> = folders.iter().map(|f| f.special_use).collect();
        assert_eq!(roles, [None, Some(SpecialUse::Sent), None]);
    }
}
