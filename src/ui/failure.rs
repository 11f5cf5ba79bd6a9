//! A failure the window shows: the error itself, kept until it is shown and put into words
//! then, in the language chosen at that moment.

use std::sync::Arc;

/// An error for the window, cheap to clone (it travels in messages).
#[derive(Debug, Clone)]
pub enum Failure {
    Error(Arc<anyhow::Error>),
    /// A sentence of the translations, by its id (a thing the window looked for is gone).
    Said(&'static str),
}

impl Failure {
    pub fn new(error: impl Into<anyhow::Error>) -> Failure {
        Failure::Error(Arc::new(error.into()))
    }

    /// What the user reads.
    pub fn text(&self) -> String {
        match self {
            Failure::Error(error) => crate::i18n::error_text(error),
            Failure::Said(id) => crate::i18n::LANGUAGE_LOADER.get(id),
        }
    }
}

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        match (self, other) {
            (Failure::Error(a), Failure::Error(b)) => Arc::ptr_eq(a, b),
            (Failure::Said(a), Failure::Said(b)) => a == b,
            _ => false,
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure::Error(Arc::new(error))
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(error: crate::store::StoreError) -> Failure {
        Failure::new(error)
    }
}

impl From<tokio::task::JoinError> for Failure {
    fn from(error: tokio::task::JoinError) -> Failure {
        Failure::new(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_said_in_the_language_of_the_moment() {
        let _lock = crate::i18n::test_lock();
        let failure = Failure::new(crate::store::StoreError::InUse {
            path: "/tmp/facteur.sqlite3".into(),
            pid: Some(42),
        });
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        let english = failure.text();
        crate::i18n::select(crate::i18n::Language::German).unwrap();
        let german = failure.text();
        crate::i18n::select(crate::i18n::Language::English).unwrap();
        assert_ne!(english, german);
    }
}
