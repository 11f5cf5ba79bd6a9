//! The key an account is known by.

/// An account's key: its address trimmed and with ASCII letters in lower case, made once
/// here and compared everywhere (the engine's tasks, the window's lists, the store, whose
/// `accounts.email` column compares the same way, `COLLATE NOCASE`). `Marie@Orange.fr` and
/// `marie@orange.fr ` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(String);

impl AccountId {
    pub fn of(email: &str) -> AccountId {
        AccountId(email.trim().to_ascii_lowercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `email` names this account.
    pub fn is(&self, email: &str) -> bool {
        *self == AccountId::of(email)
    }
}

impl From<&str> for AccountId {
    fn from(email: &str) -> AccountId {
        AccountId::of(email)
    }
}

/// An id equals an address that names it (`AccountId::is`).
impl PartialEq<str> for AccountId {
    fn eq(&self, email: &str) -> bool {
        self.is(email)
    }
}

impl PartialEq<&str> for AccountId {
    fn eq(&self, email: &&str) -> bool {
        self.is(email)
    }
}

impl PartialEq<String> for AccountId {
    fn eq(&self, email: &String) -> bool {
        self.is(email)
    }
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spaces_do_not_make_another_account() {
        assert_eq!(
            AccountId::of(" Marie@Orange.FR"),
            AccountId::of("marie@orange.fr")
        );
        assert!(AccountId::of("marie@orange.fr").is("MARIE@orange.fr "));
        assert_ne!(
            AccountId::of("marie@orange.fr"),
            AccountId::of("marie@free.fr")
        );
    }
}
