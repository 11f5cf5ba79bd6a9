//! What a folder is for (RFC 6154 SPECIAL-USE, or read from a well-known name).

/// A folder's role. Stored in the `folders.special_use` column by [`SpecialUse::code`]
/// (an ordinary folder stores the empty string); everywhere else it is this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpecialUse {
    Inbox,
    Drafts,
    Sent,
    Archive,
    Junk,
    Trash,
    /// Every message of the account (Gmail's All Mail).
    All,
    /// The flagged messages (a virtual folder on some servers).
    Flagged,
}

impl SpecialUse {
    pub const ALL: [SpecialUse; 8] = [
        SpecialUse::Inbox,
        SpecialUse::Drafts,
        SpecialUse::Sent,
        SpecialUse::Archive,
        SpecialUse::Junk,
        SpecialUse::Trash,
        SpecialUse::All,
        SpecialUse::Flagged,
    ];

    /// The stable code kept in the store.
    pub fn code(self) -> &'static str {
        match self {
            SpecialUse::Inbox => "inbox",
            SpecialUse::Drafts => "drafts",
            SpecialUse::Sent => "sent",
            SpecialUse::Archive => "archive",
            SpecialUse::Junk => "junk",
            SpecialUse::Trash => "trash",
            SpecialUse::All => "all",
            SpecialUse::Flagged => "flagged",
        }
    }

    /// The role a stored code names; `None` for an ordinary folder (or an unknown code,
    /// which a newer Facteur may have written).
    pub fn from_code(code: &str) -> Option<SpecialUse> {
        SpecialUse::ALL.into_iter().find(|u| u.code() == code)
    }
}

/// The column's value for an optional role.
pub fn code_of(special_use: Option<SpecialUse>) -> &'static str {
    special_use.map_or("", SpecialUse::code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_ordinary_folders_have_none() {
        for u in SpecialUse::ALL {
            assert_eq!(SpecialUse::from_code(u.code()), Some(u));
        }
        assert_eq!(SpecialUse::from_code(""), None);
        assert_eq!(code_of(None), "");
    }
}
