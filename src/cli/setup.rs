//! `facteur setup discover`: what the setup wizard would find for an address.

use anyhow::Result;

use super::say;
use facteur::fl;
use facteur::setup::discover::{self, Settings, SetupError, SystemDns};
use facteur::setup::{Candidate, ProviderNote, Source};

fn security_text(s: facteur::account::Security) -> String {
    match s {
        facteur::account::Security::Tls => fl!("setup-security-tls"),
        facteur::account::Security::Starttls => fl!("setup-security-starttls"),
        facteur::account::Security::None => fl!("setup-security-none"),
    }
}

fn source_text(source: &Source) -> String {
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

fn note_text(note: ProviderNote) -> String {
    match note {
        ProviderNote::AppPassword => fl!("setup-note-app-password"),
        ProviderNote::Oauth2Only => fl!("setup-note-oauth2-only"),
        ProviderNote::EnableImap => fl!("setup-note-enable-imap"),
    }
}

/// The translated sentence for a discovery failure.
pub fn setup_error_text(e: &SetupError) -> String {
    match e {
        SetupError::InvalidAddress(a) => fl!("setup-error-invalid-address", address = a.as_str()),
        SetupError::DomainNotFound(d) => fl!("setup-error-domain-not-found", domain = d.as_str()),
        SetupError::NoServerFound(d) => fl!("setup-error-no-server", domain = d.as_str()),
    }
}

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
    let settings = Settings {
        offline,
        ..Settings::default()
    };
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
