//! `facteur`: with no arguments, the desktop app; with a subcommand, the headless command line
//! that scripts, benchmarks and bug reports use to drive the same engine.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FACTEUR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
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
