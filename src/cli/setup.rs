//! `facteur setup discover`: what the setup wizard would find for an address.

use anyhow::Result;

use super::say;
use facteur::fl;
use facteur::i18n::mail_error_with_details;
use facteur::i18n::setup::step_text;
use facteur::i18n::setup::{note_text, security_text, setup_error_text, source_text};
use facteur::proto::Credentials;
use facteur::proto::error::{ErrorKind, MailError};
use facteur::setup::discover::SetupError;
use facteur::setup::discover::{self, Settings, SystemDns};
use facteur::setup::probe;
use facteur::setup::{Candidate, ServerSetting};

fn print(candidates: &[Candidate]) {
    for (i, c) in candidates.iter().enumerate() {
        println!("{}. {}", i + 1, source_text(&c.source));
        if let Some(p) = &c.provider {
            println!("   {}", p.name);
            for note in &p.notes {
                println!("   ! {}", note_text(*note));
            }
            if let Some(url) = &p.help_url {
                println!("   {url}");
            }
        }
        for s in c.incoming.iter().chain(&c.outgoing) {
            println!(
                "   {:<5} {}:{}  {}  {}",
                s.protocol.name(),
                s.host,
                s.port,
                security_text(s.security),
                fl!("setup-username", name = s.username.as_str())
            );
        }
    }
}

pub fn discover_cmd(email: &str, offline: bool, json: bool) -> Result<()> {
    let settings = settings_from_env(offline);
    let found = super::mail::runtime()?.block_on(async {
        let dns: std::sync::Arc<dyn discover::Dns> = match SystemDns::new() {
            Ok(d) => std::sync::Arc::new(d),
            Err(_) => std::sync::Arc::new(discover::FixedDns::default()),
        };
        discover::discover(email, &settings, dns).await
    });
    match found {
        Ok(list) if json => {
            println!("{}", serde_json::to_string_pretty(&list)?);
            Ok(())
        }
        Ok(list) => {
            print(&list);
            Ok(())
        }
        Err(e) => Err(say(setup_error_text(&e))),
    }
}

/// Discovery settings, with the environment's overrides ([`Settings::from_env`]).
pub fn settings_from_env(offline: bool) -> Settings {
    Settings::from_env(offline)
}

/// What setup settled on: verified servers, and what the provider says.
pub struct Configured {
    pub incoming: ServerSetting,
    pub outgoing: ServerSetting,
    pub candidate: Candidate,
}

/// Errors that no other candidate can fix: stop at once and say them.
fn final_error(e: &MailError) -> bool {
    matches!(
        e.kind,
        ErrorKind::WrongCredentials
            | ErrorKind::AppPasswordRequired
            | ErrorKind::OAuth2Required
            | ErrorKind::ProtocolDisabled
            | ErrorKind::TooManyConnections
    )
}

/// Discovers and verifies: the first candidate whose incoming and outgoing servers both
/// accept the password, trying each alternative in order. Progress goes to standard error.
pub async fn configure(
    email: &str,
    password: &str,
    settings: &Settings,
) -> std::result::Result<Configured, String> {
    let dns: std::sync::Arc<dyn discover::Dns> = match SystemDns::new() {
        Ok(d) => std::sync::Arc::new(d),
        Err(_) => std::sync::Arc::new(discover::FixedDns::default()),
    };
    let candidates = discover::discover(email, settings, dns)
        .await
        .map_err(|e| setup_error_text(&e))?;
    let credentials = Credentials::Password(password.to_string());
    let mut first_error: Option<MailError> = None;
    let verify = async |s: &ServerSetting| -> std::result::Result<(), MailError> {
        let result = probe::check(
            s,
            &credentials,
            settings.extra_ca.clone(),
            probe::SERVER_BOUND,
            &mut |p| {
                eprintln!(
                    "{} {}:{} — {}",
                    p.protocol.name(),
                    p.host,
                    p.port,
                    step_text(p.step)
                )
            },
        )
        .await;
        if let Err(e) = &result {
            eprintln!("  {}", mail_error_with_details(e));
        }
        result
    };
    for candidate in candidates {
        eprintln!("{}", source_text(&candidate.source));
        let mut incoming = None;
        for s in candidate.incoming.iter().filter(|s| !s.is_plaintext()) {
            match verify(s).await {
                Ok(()) => {
                    incoming = Some(s.clone());
                    break;
                }
                Err(e) if final_error(&e) => return Err(mail_error_with_details(&e)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let Some(incoming) = incoming else { continue };
        for s in candidate.outgoing.iter().filter(|s| !s.is_plaintext()) {
            match verify(s).await {
                Ok(()) => {
                    return Ok(Configured {
                        incoming,
                        outgoing: s.clone(),
                        candidate,
                    });
                }
                Err(e) if final_error(&e) => return Err(mail_error_with_details(&e)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    Err(match first_error {
        Some(e) => mail_error_with_details(&e),
        None => setup_error_text(&SetupError::NoServerFound(email.to_string())),
    })
}

/// `facteur setup check EMAIL`: discovery and verification, printing what works.
pub fn check_cmd(email: &str, password: &str) -> Result<()> {
    let settings = settings_from_env(false);
    let configured = super::mail::runtime()?
        .block_on(configure(email, password, &settings))
        .map_err(say)?;
    println!("{}", fl!("setup-check-ok"));
    for s in [&configured.incoming, &configured.outgoing] {
        println!(
            "   {:<5} {}:{}  {}  {}",
            s.protocol.name(),
            s.host,
            s.port,
            security_text(s.security),
            fl!("setup-username", name = s.username.as_str())
        );
    }
    Ok(())
}

/// The account that setup found, with the provider's facts applied.
pub fn account_from(
    email: &str,
    name: Option<String>,
    found: &Configured,
    settings: &Settings,
) -> facteur::account::Account {
    facteur::setup::account(
        name.as_deref().unwrap_or(""),
        email,
        &found.incoming,
        &found.outgoing,
        Some(&found.candidate),
        settings.extra_ca.clone(),
    )
}
