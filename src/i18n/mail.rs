//! Translated sentences for what the engine reports: mail errors and events.

use crate::engine::event::{AccountState, DraftState, Event, PushState};
use crate::engine::smtp::OutboxStatus;
use crate::proto::error::{CertificateReason, ErrorKind, MailError};
use crate::store::outbox::UNCONFIRMED;

/// One sentence saying what happened and what to do (without the server's text).
pub fn mail_error_text(error: &MailError) -> String {
    match &error.kind {
        ErrorKind::HostNotFound { host } => fl!("mail-error-host-not-found", host = host.as_str()),
        ErrorKind::ConnectionRefused { host, port } => fl!(
            "mail-error-connection-refused",
            host = host.as_str(),
            port = port.to_string()
        ),
        ErrorKind::Timeout { host, port } => fl!(
            "mail-error-timeout",
            host = host.as_str(),
            port = port.to_string()
        ),
        ErrorKind::ConnectionLost => fl!("mail-error-connection-lost"),
        ErrorKind::Certificate(problem) => fl!(
            "mail-error-certificate",
            reason = certificate_reason(problem.reason),
            subject = problem.subject.as_str(),
            issuer = problem.issuer.as_str()
        ),
        ErrorKind::EncryptionNotOffered => fl!("mail-error-encryption-not-offered"),
        ErrorKind::Tls => fl!("mail-error-tls"),
        ErrorKind::WrongCredentials => fl!("mail-error-wrong-credentials"),
        ErrorKind::AppPasswordRequired => fl!("mail-error-app-password"),
        ErrorKind::OAuth2Required => fl!("mail-error-oauth2"),
        ErrorKind::ProtocolDisabled => fl!("mail-error-disabled"),
        ErrorKind::TooManyConnections => fl!("mail-error-too-many"),
        ErrorKind::Temporary => fl!("mail-error-temporary"),
        ErrorKind::Protocol => fl!("mail-error-protocol"),
        ErrorKind::Refused => fl!("mail-error-refused"),
        ErrorKind::MessageWithheld => fl!("mail-error-message-withheld"),
        ErrorKind::MissingSecret => fl!("mail-error-missing-secret"),
        ErrorKind::LocalStore => fl!("mail-error-local-store"),
        ErrorKind::NotFound => fl!("mail-error-not-found"),
    }
}

/// The sentence followed by the server's own words, when there are any.
pub fn mail_error_with_details(error: &MailError) -> String {
    let sentence = mail_error_text(error);
    if error.server_text.trim().is_empty() {
        sentence
    } else {
        format!(
            "{sentence} {}",
            fl!("mail-error-details", text = error.server_text.trim())
        )
    }
}

pub fn certificate_reason(reason: CertificateReason) -> String {
    match reason {
        CertificateReason::Expired => fl!("cert-reason-expired"),
        CertificateReason::NotYetValid => fl!("cert-reason-not-yet-valid"),
        CertificateReason::WrongName => fl!("cert-reason-wrong-name"),
        CertificateReason::UnknownIssuer => fl!("cert-reason-unknown-issuer"),
        CertificateReason::SelfSigned => fl!("cert-reason-self-signed"),
        CertificateReason::Revoked => fl!("cert-reason-revoked"),
        CertificateReason::Other => fl!("cert-reason-other"),
    }
}

/// An account state in a few words.
pub fn state_text(state: &AccountState) -> String {
    match state {
        AccountState::Starting => fl!("event-state-starting"),
        AccountState::Connecting => fl!("event-state-connecting"),
        AccountState::Online => fl!("event-state-online"),
        AccountState::Syncing => fl!("event-state-syncing"),
        AccountState::Offline {
            retry_in: Some(delay),
        } => fl!(
            "event-state-offline-retry",
            seconds = delay.as_secs().to_string()
        ),
        AccountState::Offline { retry_in: None } => fl!("event-state-offline"),
        AccountState::Idle => fl!("event-state-idle"),
    }
}

/// An event as one line of text (without the account, which the caller shows).
pub fn event_text(event: &Event) -> String {
    match event {
        Event::AccountState { state, .. } => state_text(state),
        Event::Push { state, .. } => match state {
            PushState::Listening => fl!("event-push-listening"),
            PushState::Polling => fl!("event-push-polling"),
            PushState::Down { retry_in, reason } => fl!(
                "event-push-down",
                reason = reason.as_str(),
                seconds = retry_in.as_secs().to_string()
            ),
        },
        Event::AccountError { error, .. } => mail_error_with_details(error),
        Event::AccountCrashed {
            reason, restart_in, ..
        } => fl!(
            "event-crashed",
            reason = reason.as_str(),
            seconds = restart_in.as_secs().to_string()
        ),
        Event::AccountRemoved { .. } => fl!("event-removed"),
        Event::FoldersChanged { .. } => fl!("event-folders-changed"),
        Event::SyncProgress {
            account,
            folder,
            done,
            total,
        } => fl!(
            "cli-sync-progress",
            account = account.as_str(),
            folder = folder.as_str(),
            done = done.to_string(),
            total = total.to_string()
        ),
        Event::FolderSynced {
            folder,
            reset: true,
            ..
        } => {
            fl!("event-folder-reset", folder = folder.as_str())
        }
        Event::FolderSynced {
            folder,
            new,
            flags_changed,
            removed,
            ..
        } => fl!(
            "event-folder-synced",
            folder = folder.as_str(),
            new = new.to_string(),
            changed = flags_changed.to_string(),
            removed = removed.to_string()
        ),
        Event::SyncFinished { .. } => fl!("event-sync-finished"),
        Event::NewMail { messages, .. } => messages
            .iter()
            .map(|m| {
                fl!(
                    "event-new-mail",
                    from = m.from.as_str(),
                    subject = m.subject.as_str()
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        Event::BodyReady { message_id, .. } => {
            fl!("event-body-ready", id = message_id.to_string())
        }
        Event::ActionFailed { reason, .. } => fl!("event-action-failed", reason = reason.as_str()),
        Event::Failed { error, .. } => {
            let reason = mail_error_with_details(error);
            fl!("event-command-failed", reason = reason.as_str())
        }
        Event::Outbox { id, status, .. } => outbox_text(*id, status),
        Event::Draft { state, .. } => match state {
            DraftState::Saved { .. } => fl!("event-draft-saved"),
            DraftState::OnServer { .. } => fl!("event-draft-on-server"),
            DraftState::Deleted => fl!("event-draft-deleted"),
        },
        Event::DiscoveryProgress { stage, .. } => super::setup::stage_text(*stage),
        Event::Discovered {
            result: Ok(list), ..
        } => fl!("event-discovered", count = list.len()),
        Event::Discovered { result: Err(e), .. } => super::setup::setup_error_text(e),
        Event::SetupProgress { progress, .. } => format!(
            "{} {}:{} — {}",
            progress.protocol.name(),
            progress.host,
            progress.port,
            super::setup::step_text(progress.step)
        ),
        Event::SetupChecked { result: Ok(()), .. } => fl!("event-setup-checked"),
        Event::SetupChecked { result: Err(e), .. } => mail_error_with_details(e),
        Event::RemoteImages { images, .. } => {
            fl!("event-remote-images", count = images.len())
        }
        Event::Stopped => fl!("event-stopped"),
    }
}

/// Where a message of the outbox is, in words.
pub fn outbox_text(id: i64, status: &OutboxStatus) -> String {
    let id = id.to_string();
    match status {
        OutboxStatus::Queued => fl!("event-outbox-queued", id = id),
        OutboxStatus::Sending => fl!("event-outbox-sending", id = id),
        OutboxStatus::Sent => fl!("event-outbox-sent", id = id),
        OutboxStatus::Done => fl!("event-outbox-done", id = id),
        OutboxStatus::Retrying { retry_in, error } => fl!(
            "event-outbox-retrying",
            id = id,
            reason = mail_error_with_details(error),
            seconds = retry_in.as_secs().to_string()
        ),
        OutboxStatus::Failed { error } if error.server_text == UNCONFIRMED => {
            fl!("event-outbox-unconfirmed", id = id)
        }
        OutboxStatus::Failed { error } => fl!(
            "event-outbox-failed",
            id = id,
            reason = error.server_text.as_str()
        ),
        OutboxStatus::Removed => fl!("event-outbox-removed", id = id),
    }
}

/// The account an event is about, if any.
pub fn event_account(event: &Event) -> Option<&crate::account::AccountId> {
    match event {
        Event::AccountState { account, .. }
        | Event::Push { account, .. }
        | Event::AccountError { account, .. }
        | Event::AccountCrashed { account, .. }
        | Event::AccountRemoved { account }
        | Event::FoldersChanged { account }
        | Event::SyncProgress { account, .. }
        | Event::FolderSynced { account, .. }
        | Event::SyncFinished { account }
        | Event::NewMail { account, .. }
        | Event::BodyReady { account, .. }
        | Event::ActionFailed { account, .. }
        | Event::Outbox { account, .. }
        | Event::Draft { account, .. } => Some(account),
        Event::Failed { account, .. } => account.as_ref(),
        Event::Stopped
        | Event::RemoteImages { .. }
        | Event::Discovered { .. }
        | Event::DiscoveryProgress { .. }
        | Event::SetupProgress { .. }
        | Event::SetupChecked { .. } => None,
    }
}
