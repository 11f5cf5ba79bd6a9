//! Sending from the command line: `send` (queue and wait for the outcome) and `outbox`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;

use facteur::engine::smtp::{OutboxStatus, Outgoing};
use facteur::engine::{Command, Event};
use facteur::fl;
use facteur::i18n::mail::{event_text, outbox_text};
use facteur::mime::{Attachment, Draft, compose::compose};
use facteur::store::Store;
use facteur::store::outbox::{OutboxState, UNCONFIRMED};

use super::mail::{engine_for, format_date, load, runtime};
use super::say;

/// What `facteur send` was given.
pub struct SendArgs {
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub body: Option<String>,
    pub body_file: Option<PathBuf>,
    pub attach: Vec<PathBuf>,
}

/// Composes the message, puts it in the outbox and waits until it is sent (or refused),
/// printing each step. Interrupted, the message stays in the outbox and is sent later.
pub fn send(args: SendArgs) -> Result<()> {
    let (paths, config) = load()?;
    let account = config
        .accounts
        .iter()
        .find(|a| a.id().is(&args.from))
        .cloned()
        .ok_or_else(|| say(fl!("cli-no-matching-account", email = args.from.as_str())))?;
    let body = match (&args.body, &args.body_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| fl!("cli-cannot-read", path = path.display().to_string()))?,
        (None, None) => String::new(),
    };
    let mut attachments = Vec::new();
    for path in &args.attach {
        attachments.push(
            Attachment::from_file(path)
                .with_context(|| fl!("cli-cannot-read", path = path.display().to_string()))?,
        );
    }
    let draft = Draft {
        from_name: account.name.clone(),
        from: account.email.clone(),
        to: args.to,
        cc: args.cc,
        bcc: args.bcc,
        subject: args.subject,
        body,
        attachments,
        ..Draft::default()
    };
    let composed =
        compose(&draft).map_err(|e| say(fl!("cli-send-invalid", reason = e.to_string())))?;
    let message_id = composed.message_id.clone();
    let outgoing = Outgoing::new(&account.email, composed, None);
    let ok = runtime()?.block_on(async {
        let mut engine = engine_for(&paths, &config, vec![account.clone()])?;
        let request = engine.handle.request();
        engine
            .handle
            .send(Command::send(request, outgoing))
            .map_err(|e| anyhow::anyhow!(e))?;
        let mut ok = false;
        loop {
            let event = tokio::select! {
                event = engine.events.recv() => event,
                _ = tokio::signal::ctrl_c() => {
                    eprintln!("{}", fl!("cli-send-interrupted"));
                    break;
                }
            };
            let Some(event) = event else { break };
            match &event {
                Event::Outbox {
                    message_id: m,
                    id,
                    status,
                    ..
                } if *m == message_id => {
                    eprintln!("{}", outbox_text(*id, status));
                    match status {
                        OutboxStatus::Done => {
                            ok = true;
                            break;
                        }
                        OutboxStatus::Failed { .. } => break,
                        _ => {}
                    }
                }
                Event::Failed {
                    request: Some(r), ..
                } if *r == request => {
                    eprintln!("{}", event_text(&event));
                    break;
                }
                _ => {}
            }
        }
        engine.shutdown().await;
        anyhow::Ok(ok)
    })?;
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}

/// Lists the outbox: what waits, what failed and why.
pub fn outbox(as_json: bool) -> Result<()> {
    let (paths, _) = load()?;
    let path = paths.store_file();
    if !path.exists() {
        if as_json {
            println!("[]");
        } else {
            println!("{}", fl!("cli-outbox-empty"));
        }
        return Ok(());
    }
    let store = Store::open_read_only(&path)?;
    let items = store.outbox(None)?;
    let subject = |raw: &[u8]| {
        facteur::mime::parse_headers(raw)
            .and_then(|m| m.subject().map(str::to_string))
            .unwrap_or_default()
    };
    let state = |s: OutboxState, error: &str| match s {
        OutboxState::Queued => fl!("cli-outbox-queued"),
        OutboxState::Sending => fl!("cli-outbox-sending"),
        OutboxState::Sent => fl!("cli-outbox-sent"),
        OutboxState::Failed if error == UNCONFIRMED => fl!("cli-outbox-unconfirmed"),
        OutboxState::Failed => fl!("cli-outbox-failed"),
    };
    if as_json {
        let list: Vec<_> = items
            .iter()
            .map(|i| {
                json!({
                    "id": i.id,
                    "account": i.account,
                    "message_id": i.message_id,
                    "to": i.envelope_to,
                    "subject": subject(&i.raw),
                    "state": i.state.as_str(),
                    "attempts": i.attempts,
                    "error": i.last_error,
                    "created_at": i.created_at,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    if items.is_empty() {
        println!("{}", fl!("cli-outbox-empty"));
    }
    for i in &items {
        println!(
            "{:>5}  {}  {}  {} → {}  {}",
            i.id,
            format_date(i.created_at),
            state(i.state, &i.last_error),
            i.account,
            i.envelope_to.join(", "),
            subject(&i.raw)
        );
        if !i.last_error.is_empty() && i.last_error != UNCONFIRMED {
            println!("       {}", i.last_error);
        }
    }
    Ok(())
}
