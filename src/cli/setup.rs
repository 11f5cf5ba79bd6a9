//! `facteur setup discover`: what the setup wizard would find for an address.

use anyhow::Result;

use super::say;
use facteur::fl;
use facteur::i18n::setup::{note_text, security_text, setup_error_text, source_text};
use facteur::setup::Candidate;
use facteur::setup::discover::{self, Settings, SystemDns};

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
