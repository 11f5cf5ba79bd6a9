//! What the window shows of dates, sizes and subjects, in the user's language and locale (the
//! formatting itself is [`crate::i18n::format`]'s).

pub use crate::i18n::format::{full_date, list_date, size};

/// A message's subject as shown: "(no subject)" in the user's language when it has none.
pub fn subject(subject: &str) -> String {
    if subject.trim().is_empty() {
        crate::fl!("mailbox-no-subject")
    } else {
        subject.to_string()
    }
}
