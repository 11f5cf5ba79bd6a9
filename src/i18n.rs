//! Translations: Fluent files in `i18n/<lang>/facteur.ftl`, embedded at build time.
//!
//! Use the crate's [`fl!`](crate::fl) macro: `fl!("welcome-title")` or
//! `fl!("message-count", count = 3)`. The macro checks at compile time that the id exists in
//! English; a test checks that French and German define the same ids with the same variables.

use std::sync::LazyLock;

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::unic_langid::LanguageIdentifier;
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

/// The process-wide loader behind [`fl!`](crate::fl).
pub static LANGUAGE_LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    // English is embedded in the binary: failing to load it is a build defect.
    loader
        .load_fallback_language(&Localizations)
        .expect("the embedded English translation loads");
    // No Unicode isolation marks around arguments: they show up as boxes in some fonts.
    loader.set_use_isolating(false);
    loader
});

/// Translates a message id, with optional Fluent arguments.
#[macro_export]
macro_rules! fl {
    ($message_id:literal) => {{
        i18n_embed_fl::fl!($crate::i18n::LANGUAGE_LOADER, $message_id)
    }};
    ($message_id:literal, $($args:expr),* $(,)?) => {{
        i18n_embed_fl::fl!($crate::i18n::LANGUAGE_LOADER, $message_id, $($args),*)
    }};
}

/// The languages Facteur is translated into, plus "follow the system".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    System,
    English,
    French,
    German,
}

impl Language {
    pub const ALL: [Language; 4] = [
        Language::System,
        Language::English,
        Language::French,
        Language::German,
    ];

    fn identifier(self) -> Option<LanguageIdentifier> {
        let tag = match self {
            Language::System => return None,
            Language::English => "en",
            Language::French => "fr",
            Language::German => "de",
        };
        tag.parse().ok()
    }

    /// The language's code as the settings file keeps it (`None`: follow the system).
    pub fn code(self) -> Option<&'static str> {
        match self {
            Language::System => None,
            Language::English => Some("en"),
            Language::French => Some("fr"),
            Language::German => Some("de"),
        }
    }

    /// The language of a code; unknown codes follow the system.
    pub fn from_code(code: Option<&str>) -> Language {
        match code {
            Some("en") => Language::English,
            Some("fr") => Language::French,
            Some("de") => Language::German,
            _ => Language::System,
        }
    }

    /// A language's own name for itself, as shown in a language menu.
    pub fn endonym(self) -> Option<&'static str> {
        match self {
            Language::System => None,
            Language::English => Some("English"),
            Language::French => Some("Français"),
            Language::German => Some("Deutsch"),
        }
    }
}

/// Why a language could not be selected.
#[derive(Debug, thiserror::Error)]
#[error("cannot load the translations: {0}")]
pub struct I18nError(String);

pub mod format;
pub mod mail;
pub mod setup;
pub use mail::{event_text, mail_error_text, mail_error_with_details};

/// Switches every later `fl!` to `language` (the system's preferred languages for
/// [`Language::System`], falling back to English).
pub fn select(language: Language) -> Result<(), I18nError> {
    let requested = match language.identifier() {
        Some(id) => vec![id],
        None => system_languages(),
    };
    let result = i18n_embed::select(&*LANGUAGE_LOADER, &Localizations, &requested)
        .map(|_| ())
        .map_err(|e| I18nError(e.to_string()));
    // Loading makes new bundles, which start with isolation on again.
    LANGUAGE_LOADER.set_use_isolating(false);
    result
}

/// The user's preferred languages: on Unix from `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG`
/// (`fr_FR.UTF-8` → `fr-FR`; `C` and `POSIX` mean no preference), elsewhere from the desktop.
fn system_languages() -> Vec<LanguageIdentifier> {
    if cfg!(unix) {
        let mut found = Vec::new();
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            let Ok(value) = std::env::var(var) else {
                continue;
            };
            for item in value.split(':') {
                let tag = item
                    .split(['.', '@'])
                    .next()
                    .unwrap_or("")
                    .replace('_', "-");
                if tag.is_empty() || tag == "C" || tag == "POSIX" {
                    continue;
                }
                if let Ok(id) = tag.parse::<LanguageIdentifier>()
                    && !found.contains(&id)
                {
                    found.push(id);
                }
            }
            if !found.is_empty() && var != "LANGUAGE" {
                break;
            }
        }
        found
    } else {
        DesktopLanguageRequester::requested_languages()
    }
}

/// The language now in use (its first two letters, e.g. "fr").
pub fn current() -> String {
    LANGUAGE_LOADER
        .current_languages()
        .first()
        .map(|l| l.language.as_str().to_string())
        .unwrap_or_else(|| "en".into())
}

/// The names of the embedded translation files, e.g. `fr/facteur.ftl`.
pub fn embedded_files() -> Vec<String> {
    Localizations::iter().map(|f| f.to_string()).collect()
}

/// The text of one embedded translation file.
pub fn embedded_file(name: &str) -> Option<String> {
    Localizations::get(name).map(|f| String::from_utf8_lossy(&f.data).into_owned())
}

/// An error whose text is already translated for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Translated(pub String);

/// The translated sentence for an error a user can meet, walking its chain for a kind Facteur
/// knows (settings file, secret store, mail cache); anything else keeps its own text.
pub fn error_text(error: &anyhow::Error) -> String {
    use crate::account::{ConfigError, SecretError};
    use crate::store::StoreError;
    for cause in error.chain() {
        if let Some(Translated(text)) = cause.downcast_ref::<Translated>() {
            return text.clone();
        }
        if let Some(e) = cause.downcast_ref::<SecretError>() {
            return match e {
                SecretError::Unavailable { detail } => {
                    crate::fl!("error-secret-unavailable", detail = detail.as_str())
                }
                SecretError::Locked { detail } => {
                    crate::fl!("error-secret-locked", detail = detail.as_str())
                }
                SecretError::Failed { detail } => {
                    crate::fl!("error-secret-failed", detail = detail.as_str())
                }
            };
        }
        if let Some(e) = cause.downcast_ref::<ConfigError>() {
            return match e {
                ConfigError::Syntax {
                    path,
                    line,
                    column,
                    message,
                } => crate::fl!(
                    "error-config-syntax",
                    path = path.display().to_string(),
                    line = line.to_string(),
                    column = column.to_string(),
                    message = message.as_str()
                ),
                ConfigError::TooNew { path, .. } => {
                    crate::fl!("error-config-too-new", path = path.display().to_string())
                }
                ConfigError::Invalid { path, message } => crate::fl!(
                    "error-config-invalid",
                    path = path.display().to_string(),
                    message = message.as_str()
                ),
                ConfigError::Read { path, source } => crate::fl!(
                    "error-config-read",
                    path = path.display().to_string(),
                    message = source.to_string()
                ),
                ConfigError::Write { path, source } => crate::fl!(
                    "error-config-write",
                    path = path.display().to_string(),
                    message = source.to_string()
                ),
            };
        }
        if let Some(e) = cause.downcast_ref::<StoreError>() {
            return match e {
                StoreError::InUse { path, .. } => {
                    crate::fl!("error-store-in-use", path = path.display().to_string())
                }
                other => crate::fl!("error-store", message = other.to_string()),
            };
        }
    }
    let message = error
        .chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    crate::fl!("error-generic", message = message)
}

/// Serialises tests that switch the process-wide language.
#[doc(hidden)]
pub fn test_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
