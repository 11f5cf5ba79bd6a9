//! `facteur`: with no arguments, the desktop app; with a subcommand, the headless command line
//! that scripts, benchmarks and bug reports use to drive the same engine.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// What is logged: `FACTEUR_LOG` (default: warnings). Never, at any level, the IMAP library's
/// wire trace, which holds the LOGIN and AUTHENTICATE exchanges (passwords, tokens); by
/// default not the certificate verifier's own error line either (Facteur says it in words).
fn log_filter() -> tracing_subscriber::EnvFilter {
    let chosen = std::env::var("FACTEUR_LOG").ok();
    let mut filter = tracing_subscriber::EnvFilter::new(chosen.as_deref().unwrap_or("warn"));
    let mut quiet = vec!["async_imap::imap_stream=off"];
    if chosen.is_none() {
        quiet.push("rustls_platform_verifier=off");
    }
    for directive in quiet {
        if let Ok(d) = directive.parse() {
            filter = filter.add_directive(d);
        }
    }
    filter
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(log_filter())
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = facteur::i18n::select(facteur::i18n::Language::System) {
        tracing::warn!("{e}");
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", facteur::i18n::error_text(&error));
            ExitCode::FAILURE
        }
    }
}
