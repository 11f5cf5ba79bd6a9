//! What the window shows of dates, sizes and subjects, in the user's language and locale (the
//! formatting itself is [`crate::i18n::format`]'s).

pub use crate::i18n::format::{full_date, list_date, size};

/// A message's subject as shown: "(no subject)" in the user's language when it has none.
/// `text` cut to `max` characters, the cut shown by "…" (whole characters: never inside
/// one).
pub fn ellipsized(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if text[at..].chars().nth(1).is_some() => {
            format!("{}…", text[..at].trim_end())
        }
        _ => text.to_string(),
    }
}

/// The people of an address list, by name where they have one (`Paul Martin <paul@x>,
/// sophie@y` → `Paul Martin, sophie@y`); the list as the user's language writes it.
pub fn names(addresses: &str) -> String {
    let names: Vec<String> = crate::mime::compose::split_addresses(addresses)
        .iter()
        .map(|a| match a.trim().split_once('<') {
            Some((name, address)) => {
                let name = name.trim().trim_matches('"').trim();
                if name.is_empty() {
                    address.trim_end_matches('>').trim().to_string()
                } else {
                    name.to_string()
                }
            }
            None => a.trim().to_string(),
        })
        .filter(|n| !n.is_empty())
        .collect();
    crate::i18n::format::and_list(&names)
}

pub fn subject(subject: &str) -> String {
    if subject.trim().is_empty() {
        crate::fl!("mailbox-no-subject")
    } else {
        subject.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_text_is_cut_with_an_ellipsis_short_text_is_not() {
        use super::ellipsized;
        assert_eq!(ellipsized("Marie", 10), "Marie");
        assert_eq!(ellipsized("0123456789", 10), "0123456789");
        assert_eq!(ellipsized("0123456789A", 10), "012345678…");
        assert_eq!(
            ellipsized("Service client de la Banque", 12),
            "Service cli…"
        );
        assert_eq!(ellipsized("Élodie 🎉🎉🎉", 8), "Élodie…");
    }

    #[test]
    fn recipients_are_named_by_their_names() {
        let names = super::names(
            "Paul Martin <paul@example.fr>, sophie@example.fr, \"Dupont, Marc\" <m@x.fr>",
        );
        assert!(
            names.starts_with("Paul Martin, sophie@example.fr"),
            "{names}"
        );
        assert!(names.ends_with("Dupont, Marc"), "{names}");
        assert!(
            !names.contains("paul@") && !names.contains("m@x.fr"),
            "{names}"
        );
        assert_eq!(super::names("<only@example.fr>"), "only@example.fr");
    }
}
