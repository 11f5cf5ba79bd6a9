//! The command line: argument parsing and the account subcommands.

use std::io::Read;
use std::path::PathBuf;

mod mail;
mod send;
mod setup;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use facteur::account::config::is_plausible_address;
use facteur::account::{
    Account, AuthMethod, Config, Incoming, Pop3Policy, SecretKey, SecretRole, Secrets, Security,
    Server,
};
use facteur::fl;
use facteur::i18n::Translated;
use facteur::paths::Paths;
use facteur::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "facteur",
    version,
    about = "A desktop mail client. Without a command, opens the window."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A `mailto:` link to write a message from (the desktop passes it when an address is
    /// clicked). Given to the running Facteur if there is one.
    #[arg(value_name = "MAILTO")]
    link: Option<String>,
    /// Start without opening the window (at login): mail is checked, notifications arrive.
    #[arg(long, conflicts_with = "link")]
    background: bool,
    /// Stop the running Facteur (its window closed or not).
    #[arg(long, conflicts_with_all = ["link", "background"])]
    quit: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add, list or remove accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Bring accounts up to date now, showing progress, then a summary.
    Sync {
        /// Only this account.
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List messages from the local cache, newest first (every inbox by default).
    List {
        #[arg(long)]
        account: Option<String>,
        /// A folder name, or a role: inbox, sent, drafts, trash, junk, archive.
        #[arg(long)]
        folder: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// One row per conversation: its newest message, who wrote in it and how many
        /// messages it holds.
        #[arg(long)]
        conversations: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one message: headers, text and attachments.
    Show {
        /// The message's number, as `list` and `search` print it.
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Draw a message as the reader shows it, into a PNG picture (for bug reports and tests).
    Render {
        /// The message's number, as `list` and `search` print it.
        id: i64,
        /// The picture to write.
        #[arg(long)]
        png: std::path::PathBuf,
        /// The reader's width, in pixels.
        #[arg(long, default_value_t = 800)]
        width: u32,
        /// Draw it as the dark theme does.
        #[arg(long)]
        dark: bool,
    },
    /// Search every account's mail in the local cache.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Print what the engine does, one line per event, until interrupted.
    Watch {
        #[arg(long)]
        account: Option<String>,
    },
    /// Send a message: it goes to the outbox, and the command waits for the outcome.
    Send {
        /// The account to send from (its address).
        #[arg(long)]
        from: String,
        #[arg(long, required = true)]
        to: Vec<String>,
        #[arg(long)]
        cc: Vec<String>,
        /// Hidden recipients (never in the message's headers).
        #[arg(long)]
        bcc: Vec<String>,
        #[arg(long, default_value = "")]
        subject: String,
        #[arg(long, conflicts_with = "body_file")]
        body: Option<String>,
        #[arg(long)]
        body_file: Option<PathBuf>,
        /// A file to attach (repeat for several).
        #[arg(long)]
        attach: Vec<PathBuf>,
    },
    /// Show the outbox: mail waiting to be sent, and mail that was refused.
    Outbox {
        #[arg(long)]
        json: bool,
    },
    /// Find an address's servers, as the setup wizard does.
    #[command(subcommand)]
    Setup(SetupCommand),
    /// Check POP3 accounts for new mail now.
    Check {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SetupCommand {
    /// Print the server candidates found for an address, best first, with their sources.
    Discover {
        /// The email address.
        email: String,
        /// Use only the provider data built into Facteur (no network).
        #[arg(long)]
        offline: bool,
        #[arg(long)]
        json: bool,
    },
    /// Find an address's servers and check that they accept the password.
    Check {
        email: String,
        /// Read the password from standard input (one line).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Set up an account from explicit server settings.
    Add(AddArgs),
    /// List the accounts.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account, its password and its local mail.
    Remove {
        /// The account's address.
        email: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Protocol {
    Imap,
    Pop3,
}

#[derive(Debug, Args)]
struct AddArgs {
    /// The address, e.g. marie@orange.fr.
    #[arg(long)]
    email: String,
    /// The name recipients see.
    #[arg(long)]
    name: Option<String>,
    /// Read the password from standard input (one line).
    #[arg(long)]
    password_stdin: bool,
    /// Where incoming mail is read.
    #[arg(long, value_enum, default_value_t = Protocol::Imap)]
    incoming: Protocol,
    #[arg(long)]
    imap_host: Option<String>,
    #[arg(long)]
    imap_port: Option<u16>,
    /// tls, starttls or none.
    #[arg(long, value_parser = parse_security)]
    imap_security: Option<Security>,
    #[arg(long)]
    pop3_host: Option<String>,
    #[arg(long)]
    pop3_port: Option<u16>,
    #[arg(long, value_parser = parse_security)]
    pop3_security: Option<Security>,
    #[arg(long)]
    smtp_host: Option<String>,
    #[arg(long)]
    smtp_port: Option<u16>,
    #[arg(long, value_parser = parse_security)]
    smtp_security: Option<Security>,
    /// The login name, when it is not the address.
    #[arg(long)]
    username: Option<String>,
    /// An extra certificate authority (PEM) to trust, for a self-hosted server.
    #[arg(long)]
    ca_file: Option<PathBuf>,
    /// Accept a server set to `none`: the password and the mail then cross the network
    /// unencrypted, readable by anyone on the way. Without it such a server is refused.
    #[arg(long)]
    allow_unencrypted: bool,
}

/// An error whose text is already a translated sentence.
fn say(text: String) -> anyhow::Error {
    Translated(text).into()
}

fn parse_security(s: &str) -> Result<Security, String> {
    Security::parse(s).ok_or_else(|| format!("“{s}”: expected tls, starttls or none"))
}

/// For the commands that only print what the local cache holds: when the reader of their
/// output goes away (`facteur list | head`), they end quietly as other Unix tools do, by
/// SIGPIPE, instead of panicking on the failed write. (Rust ignores SIGPIPE by default;
/// sockets are written with MSG_NOSIGNAL whatever this says.)
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

pub fn run(cli: Cli) -> Result<()> {
    if matches!(
        cli.command,
        Some(
            Command::List { .. }
                | Command::Show { .. }
                | Command::Search { .. }
                | Command::Outbox { .. }
                | Command::Account(AccountCommand::List { .. })
        )
    ) {
        end_quietly_on_a_closed_pipe();
    }
    match cli.command {
        None => open_window(cli.link, cli.background, cli.quit),
        Some(Command::Account(AccountCommand::Add(args))) => account_add(args),
        Some(Command::Account(AccountCommand::List { json })) => account_list(json),
        Some(Command::Account(AccountCommand::Remove { email })) => account_remove(&email),
        Some(Command::Sync { account, json }) => mail::sync(account.as_deref(), json),
        Some(Command::List {
            account,
            folder,
            limit,
            conversations,
            json,
        }) => mail::list(
            account.as_deref(),
            folder.as_deref(),
            limit,
            conversations,
            json,
        ),
        Some(Command::Show { id, json }) => mail::show(id, json),
        Some(Command::Render {
            id,
            png,
            width,
            dark,
        }) => mail::render_png(id, &png, width, dark),
        Some(Command::Search { query, limit, json }) => mail::search(&query, limit, json),
        Some(Command::Watch { account }) => mail::watch(account.as_deref()),
        Some(Command::Send {
            from,
            to,
            cc,
            bcc,
            subject,
            body,
            body_file,
            attach,
        }) => send::send(send::SendArgs {
            from,
            to,
            cc,
            bcc,
            subject,
            body,
            body_file,
            attach,
        }),
        Some(Command::Outbox { json }) => send::outbox(json),
        Some(Command::Setup(SetupCommand::Discover {
            email,
            offline,
            json,
        })) => setup::discover_cmd(&email, offline, json),
        Some(Command::Setup(SetupCommand::Check {
            email,
            password_stdin,
        })) => {
            if !password_stdin {
                return Err(say(fl!("cli-password-needed")));
            }
            setup::check_cmd(&email, &read_password_stdin()?)
        }
        Some(Command::Check { account, json }) => mail::check(account.as_deref(), json),
    }
}

fn open_window(link: Option<String>, background: bool, quit: bool) -> Result<()> {
    use facteur::desktop::instance::{self, ACTION_QUIT, Request, Started};
    let request = match (link, quit) {
        (_, true) => Request::Action(ACTION_QUIT.to_string()),
        (Some(link), _) => Request::Open(vec![link]),
        (None, _) if background => Request::Action(instance::ACTION_BACKGROUND.to_string()),
        (None, _) => Request::Activate,
    };
    let own_profile = std::env::var_os(facteur::paths::HOME_VAR).map(PathBuf::from);
    let name = instance::bus_name(own_profile.as_deref());
    match instance::start(&name, request.clone()) {
        // The running Facteur took it (and raised its window).
        Started::HandedOver => return Ok(()),
        Started::First if quit => return Ok(()),
        Started::First => {}
        Started::NoBus(e) => {
            if quit {
                return Err(say(fl!("cli-quit-no-bus")));
            }
            tracing::warn!("no session bus, so no single instance: {e}");
            instance::alone(request);
        }
    }
    // Without a display, the windowing library would panic; say it plainly instead.
    if cfg!(target_os = "linux")
        && ["WAYLAND_DISPLAY", "WAYLAND_SOCKET", "DISPLAY"]
            .iter()
            .all(|v| std::env::var_os(v).is_none_or(|s| s.is_empty()))
    {
        return Err(say(fl!("cli-no-display")));
    }
    let profile = facteur::ui::Profile::from_env()?;
    facteur::ui::run(profile, background).context("the window could not be opened")
}

/// Runs blocking secret-store work on a thread with a tokio runtime around it (the D-Bus
/// client needs one).
fn with_secrets<R: Send + 'static>(
    f: impl FnOnce(&Secrets) -> Result<R> + Send + 'static,
) -> Result<R> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async { tokio::task::spawn_blocking(move || f(&Secrets::system()?)).await? })
}

/// The default port for a protocol and a security.
fn default_port(protocol: &str, security: Security) -> u16 {
    match (protocol, security) {
        ("imap", Security::Tls) => 993,
        ("imap", _) => 143,
        ("pop3", Security::Tls) => 995,
        ("pop3", _) => 110,
        (_, Security::Tls) => 465,
        (_, _) => 587,
    }
}

fn server(
    protocol: &str,
    host: Option<String>,
    port: Option<u16>,
    security: Option<Security>,
    args: &AddArgs,
) -> Option<Server> {
    let security = security.unwrap_or(Security::Tls);
    Some(Server {
        host: host?.trim().to_string(),
        port: port.unwrap_or_else(|| default_port(protocol, security)),
        security,
        username: args.username.clone().unwrap_or_else(|| args.email.clone()),
        auth: AuthMethod::Password,
        ca_file: args.ca_file.clone(),
    })
}

fn account_add(args: AddArgs) -> Result<()> {
    if !is_plausible_address(&args.email) {
        bail!("“{}” is not an e-mail address", args.email);
    }
    let paths = Paths::from_env()?;
    paths.create()?;
    let config = Config::load(&paths.config_file())?;
    if config.account(&args.email).is_some() {
        return Err(say(fl!("cli-account-exists", email = args.email.as_str())));
    }
    let password = if args.password_stdin {
        Some(read_password_stdin()?)
    } else {
        None
    };
    if args.imap_host.is_none() && args.pop3_host.is_none() && args.smtp_host.is_none() {
        // No servers given: find and check them, as the setup wizard does.
        let Some(password) = password else {
            return Err(say(fl!("cli-password-needed")));
        };
        let settings = setup::settings_from_env(false);
        let found = mail::runtime()?
            .block_on(setup::configure(&args.email, &password, &settings))
            .map_err(say)?;
        let account = setup::account_from(&args.email, args.name.clone(), &found, &settings);
        return save_account(&paths, config, account, Some(password));
    }
    let incoming = match args.incoming {
        Protocol::Imap => server(
            "imap",
            args.imap_host.clone(),
            args.imap_port,
            args.imap_security,
            &args,
        )
        .map(Incoming::Imap),
        Protocol::Pop3 => server(
            "pop3",
            args.pop3_host.clone(),
            args.pop3_port,
            args.pop3_security,
            &args,
        )
        .map(Incoming::Pop3),
    };
    let Some(incoming) = incoming else {
        let flags = match args.incoming {
            Protocol::Imap => "--imap-host [--imap-port] [--imap-security]",
            Protocol::Pop3 => "--pop3-host [--pop3-port] [--pop3-security]",
        };
        return Err(say(fl!(
            "cli-server-missing",
            role = fl!("cli-role-incoming"),
            flags = flags
        )));
    };
    let Some(outgoing) = server(
        "smtp",
        args.smtp_host.clone(),
        args.smtp_port,
        args.smtp_security,
        &args,
    ) else {
        return Err(say(fl!(
            "cli-server-missing",
            role = fl!("cli-role-outgoing"),
            flags = "--smtp-host [--smtp-port] [--smtp-security]"
        )));
    };
    for (role, server) in [
        ("cli-role-incoming", incoming.server()),
        ("cli-role-outgoing", &outgoing),
    ] {
        if server.security == Security::None {
            let role = if role == "cli-role-incoming" {
                fl!("cli-role-incoming")
            } else {
                fl!("cli-role-outgoing")
            };
            // As the wizard's "I understand the risks": never without an explicit consent.
            if !args.allow_unencrypted {
                return Err(say(fl!("cli-plaintext-refused", role = role)));
            }
            eprintln!("{}", fl!("cli-plaintext-warning", role = role));
        }
    }
    let account = Account {
        name: args.name.clone().unwrap_or_default(),
        email: args.email.clone(),
        incoming,
        outgoing,
        pop3: Pop3Policy::default(),
        keep_offline: false,
        sent_saved_by_server: false,
    };
    save_account(&paths, config, account, password)
}

/// Adds the account to the configuration, its password to the secret store, and saves.
fn save_account(
    paths: &Paths,
    mut config: Config,
    account: Account,
    password: Option<String>,
) -> Result<()> {
    let email = account.email.clone();
    config.accounts.push(account);
    config.validate().map_err(|m| anyhow::anyhow!(m))?;
    let stored = password.is_some();
    if let Some(password) = password {
        let email = email.clone();
        with_secrets(move |secrets| {
            secrets.set(&SecretKey::new(&email, SecretRole::Incoming), &password)?;
            secrets.set(&SecretKey::new(&email, SecretRole::Outgoing), &password)?;
            Ok(())
        })?;
    }
    if let Err(e) = config.save(&paths.config_file()) {
        if stored {
            let email = email.clone();
            let _ = with_secrets(move |secrets| Ok(secrets.delete_account(&email)?));
        }
        return Err(e.into());
    }
    println!("{}", fl!("cli-account-added", email = email.as_str()));
    Ok(())
}

/// One line from standard input, without its line ending.
fn read_password_stdin() -> Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read standard input")?;
    let password = input.strip_suffix('\n').unwrap_or(&input);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(say(fl!("cli-password-empty")));
    }
    Ok(password.to_string())
}

fn account_list(json: bool) -> Result<()> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths.config_file())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&config.accounts)?);
        return Ok(());
    }
    if config.accounts.is_empty() {
        println!("{}", fl!("cli-no-accounts"));
    }
    for account in &config.accounts {
        let incoming = account.incoming.server();
        println!(
            "{}\t{}\t{} {}:{} ({})\tsmtp {}:{} ({})",
            account.email,
            account.name,
            account.incoming.protocol_name(),
            incoming.host,
            incoming.port,
            incoming.security,
            account.outgoing.host,
            account.outgoing.port,
            account.outgoing.security,
        );
    }
    Ok(())
}

fn account_remove(email: &str) -> Result<()> {
    let paths = Paths::from_env()?;
    let mut config = Config::load(&paths.config_file())?;
    let Some(index) = config
        .accounts
        .iter()
        .position(|a| a.email.eq_ignore_ascii_case(email))
    else {
        return Err(say(fl!("cli-account-unknown", email = email)));
    };
    let removed = config.accounts.remove(index);
    {
        let email = removed.email.clone();
        with_secrets(move |secrets| Ok(secrets.delete_account(&email)?))?;
    }
    config.save(&paths.config_file())?;
    if paths.store_file().exists() {
        Store::open(&paths.store_file())?.remove_account(&removed.email)?;
    }
    println!(
        "{}",
        fl!("cli-account-removed", email = removed.email.as_str())
    );
    Ok(())
}
