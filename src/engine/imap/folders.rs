//! The account's folders: LIST with SPECIAL-USE (RFC 6154), and well-known names where the
//! server does not mark them (Gmail's `[Gmail]/…`, localised names).

use async_imap::imap_proto::{NameAttribute, Response};

use crate::proto::error::MailError;
use crate::proto::imap::{self as client, Connection, decode_mailbox, encode_mailbox};

/// A folder on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFolder {
    /// The decoded (UTF-8) name.
    pub name: String,
    pub delimiter: String,
    pub special_use: &'static str,
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
            if !folder.special_use.is_empty() && !seen.insert(folder.special_use) {
                folder.special_use = "";
            }
        }
    }
}

/// The role the server gave a folder with a SPECIAL-USE attribute, if any.
fn marked_role(attributes: &[NameAttribute<'_>]) -> Option<&'static str> {
    attributes.iter().find_map(|attribute| {
        Some(match attribute {
            NameAttribute::Sent => "sent",
            NameAttribute::Drafts => "drafts",
            NameAttribute::Trash => "trash",
            NameAttribute::Junk => "junk",
            NameAttribute::Archive => "archive",
            NameAttribute::All => "all",
            NameAttribute::Flagged => "flagged",
            NameAttribute::Extension(e) => match e.to_ascii_lowercase().as_str() {
                "\\sent" => "sent",
                "\\drafts" => "drafts",
                "\\trash" => "trash",
                "\\junk" | "\\spam" => "junk",
                "\\archive" => "archive",
                "\\all" | "\\allmail" => "all",
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
) -> &'static str {
    if name.eq_ignore_ascii_case("INBOX") {
        return "inbox";
    }
    if let Some(role) = marked_role(attributes) {
        return role;
    }
    let leaf = match delimiter {
        Some(d) if !d.is_empty() => name.rsplit(d).next().unwrap_or(name),
        _ => name,
    };
    role_from_name(leaf)
}

/// Well-known folder names in English, French and German (and the usual server variants).
pub fn role_from_name(leaf: &str) -> &'static str {
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
        (SENT, "sent"),
        (DRAFTS, "drafts"),
        (TRASH, "trash"),
        (JUNK, "junk"),
        (ARCHIVE, "archive"),
        (ALL, "all"),
    ] {
        if names.contains(&n.as_str()) {
            return role;
        }
    }
    ""
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
        assert_eq!(special_use("INBOX", Some("/"), &[]), "inbox");
        assert_eq!(
            special_use("Stuff", Some("/"), &[NameAttribute::Sent]),
            "sent"
        );
        assert_eq!(special_use("[Gmail]/Sent Mail", Some("/"), &[]), "sent");
        assert_eq!(special_use("[Gmail]/All Mail", Some("/"), &[]), "all");
        assert_eq!(special_use("INBOX.Gesendet", Some("."), &[]), "sent");
        assert_eq!(special_use("Éléments envoyés", Some("/"), &[]), "sent");
        assert_eq!(special_use("Papierkorb", Some("/"), &[]), "trash");
        assert_eq!(special_use("Corbeille", Some("/"), &[]), "trash");
        assert_eq!(special_use("Entwürfe", Some("/"), &[]), "drafts");
        assert_eq!(special_use("Courrier indésirable", Some("/"), &[]), "junk");
        assert_eq!(special_use("Projects/Sent ideas", Some("/"), &[]), "");
    }

    #[test]
    fn a_marked_folder_keeps_the_role_over_a_guessed_one() {
        let folder = |name: &str, marked: bool| RemoteFolder {
            name: name.into(),
            delimiter: "/".into(),
            special_use: "sent",
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
        assert_eq!(roles, ["", "sent", ""]);
    }
}
