//! Translated sentences for the setup wizard: discovery sources, provider notes, security,
//! progress steps and discovery failures.

use crate::setup::discover::{SetupError, Stage};
use crate::setup::probe::Step;
use crate::setup::{ProviderNote, Source, Unsupported};

pub fn security_text(s: crate::account::Security) -> String {
    match s {
        crate::account::Security::Tls => fl!("setup-security-tls"),
        crate::account::Security::Starttls => fl!("setup-security-starttls"),
        crate::account::Security::None => fl!("setup-security-none"),
    }
}

pub fn source_text(source: &Source) -> String {
    match source {
        Source::Bundled => fl!("setup-source-bundled"),
        Source::Autoconfig {
            url,
            insecure: false,
        } => fl!("setup-source-autoconfig", url = url.as_str()),
        Source::Autoconfig {
            url,
            insecure: true,
        } => fl!("setup-source-autoconfig-insecure", url = url.as_str()),
        Source::Ispdb { url } => fl!("setup-source-ispdb", url = url.as_str()),
        Source::Mx { mx_host } => fl!("setup-source-mx", host = mx_host.as_str()),
        Source::Srv => fl!("setup-source-srv"),
        Source::Guess => fl!("setup-source-guess"),
    }
}

pub fn note_text(note: ProviderNote) -> String {
    match note {
        ProviderNote::AppPassword => fl!("setup-note-app-password"),
        ProviderNote::Oauth2Only => fl!("setup-note-oauth2-only"),
        ProviderNote::EnableImap => fl!("setup-note-enable-imap"),
        ProviderNote::PaidPlan => fl!("setup-note-paid-plan"),
    }
}

/// The translated sentence for a discovery failure.
pub fn setup_error_text(e: &SetupError) -> String {
    match e {
        SetupError::InvalidAddress(a) => fl!("setup-error-invalid-address", address = a.as_str()),
        SetupError::DomainNotFound(d) => fl!("setup-error-domain-not-found", domain = d.as_str()),
        SetupError::NoServerFound(d) => fl!("setup-error-no-server", domain = d.as_str()),
        SetupError::NoConnection(_) => fl!("setup-error-no-connection"),
        SetupError::Unsupported {
            provider, reason, ..
        } => unsupported_text(provider, *reason),
    }
}

/// Why no mail app can use this provider, in plain words.
pub fn unsupported_text(provider: &str, reason: Unsupported) -> String {
    match reason {
        Unsupported::NoMailApps => fl!("setup-unsupported-no-mail-apps", provider = provider),
        Unsupported::Bridge => fl!("setup-unsupported-bridge", provider = provider),
        Unsupported::Tor => fl!("setup-unsupported-tor", provider = provider),
        Unsupported::Reserved => fl!("setup-unsupported-reserved", provider = provider),
    }
}

/// A check's step, as the wizard's progress list says it.
pub fn step_text(step: Step) -> String {
    match step {
        Step::Connecting => fl!("setup-step-connecting"),
        Step::Secured => fl!("setup-step-secured"),
        Step::LoggingIn => fl!("setup-step-logging-in"),
        Step::LoggedIn => fl!("setup-step-logged-in"),
    }
}

/// What discovery is doing now.
pub fn stage_text(stage: Stage) -> String {
    match stage {
        Stage::Bundled => fl!("setup-stage-bundled"),
        Stage::Provider => fl!("setup-stage-provider"),
        Stage::Ispdb => fl!("setup-stage-ispdb"),
        Stage::Dns => fl!("setup-stage-dns"),
        Stage::Guessing => fl!("setup-stage-guessing"),
    }
}
