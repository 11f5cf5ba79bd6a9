//! The command line as a user runs it: accounts, passwords in the real secret store,
//! translated errors.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use facteur::account::{Config, Incoming, SecretKey, SecretRole, Secrets, Security};

fn facteur(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_facteur"))
        .args(args)
        .env("FACTEUR_HOME", home)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the facteur binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every byte of every file under `dir`.
fn all_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_password_from_stdin_lives_in_the_keyring_and_in_no_file() {
    support::session::require_session_bus();
    let home = tempfile::tempdir().unwrap();
    let email = format!("keyring-{}@example.test", support::random_token());
    let password = format!("Pässwörd-{}-ünïcode", support::random_token());
    let out = facteur(
        home.path(),
        &[
            "account",
            "add",
            "--email",
            &email,
            "--name",
            "Zoé Test",
            "--password-stdin",
            "--imap-host",
            "localhost",
            "--imap-port",
            "14301",
            "--imap-security",
            "tls",
            "--smtp-host",
            "localhost",
            "--smtp-security",
            "starttls",
        ],
        Some(&format!("{password}\n")),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&email));

    // The real Secret Service returns it, for both servers.
    let secrets = Secrets::system().expect("the session's gnome-keyring");
    for role in [SecretRole::Incoming, SecretRole::Outgoing] {
        assert_eq!(
            secrets
                .get(&SecretKey::new(&email, role))
                .unwrap()
                .as_deref(),
            Some(password.as_str())
        );
    }
    // No file under FACTEUR_HOME holds it.
    let files = all_files(home.path());
    assert!(!files.is_empty());
    for (path, bytes) in &files {
        assert!(
            !contains(bytes, password.as_bytes()),
            "the password is in {}",
            path.display()
        );
    }
    // The configuration says what was asked.
    let config = Config::load(&home.path().join("config/facteur.toml")).unwrap();
    let account = config.account(&email).unwrap();
    assert_eq!(account.name, "Zoé Test");
    let Incoming::Imap(imap) = &account.incoming else {
        panic!("IMAP expected")
    };
    assert_eq!(
        (imap.port, imap.security, imap.username.as_str()),
        (14301, Security::Tls, email.as_str())
    );
    assert_eq!(
        (account.outgoing.port, account.outgoing.security),
        (587, Security::Starttls)
    );

    // list --json shows the account, never the password.
    let out = facteur(home.path(), &["account", "list", "--json"], None);
    assert!(out.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["email"], email.as_str());
    assert!(!contains(&out.stdout, password.as_bytes()));

    // remove takes the secrets with it.
    let out = facteur(home.path(), &["account", "remove", &email], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for role in [SecretRole::Incoming, SecretRole::Outgoing] {
        assert_eq!(secrets.get(&SecretKey::new(&email, role)).unwrap(), None);
    }
    assert!(
        Config::load(&home.path().join("config/facteur.toml"))
            .unwrap()
            .accounts
            .is_empty()
    );
}

#[test]
fn without_a_secret_service_the_error_says_what_to_install_and_nothing_is_saved() {
    let home = tempfile::tempdir().unwrap();
    let missing_bus = format!("unix:path={}", home.path().join("no-bus").display());
    let mut command = Command::new(env!("CARGO_BIN_EXE_facteur"));
    command
        .args([
            "account",
            "add",
            "--email",
            "a@example.test",
            "--password-stdin",
        ])
        .args(["--imap-host", "localhost", "--smtp-host", "localhost"])
        .env("FACTEUR_HOME", home.path())
        .env("LANG", "en_US.UTF-8")
        .env("DBUS_SESSION_BUS_ADDRESS", &missing_bus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"secret\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("gnome-keyring"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !home.path().join("config/facteur.toml").exists(),
        "no account without its password"
    );
}

#[test]
fn a_malformed_config_is_named_with_its_line_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config/facteur.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "schema_version = 1\n\n[[account]]\nemail = \"marie@orange.fr\nname = \"Marie\"\n";
    std::fs::write(&path, broken).unwrap();

    let out = facteur(home.path(), &["account", "list"], None);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 4"), "{stderr}");

    let out = facteur(
        home.path(),
        &[
            "account",
            "add",
            "--email",
            "b@example.test",
            "--imap-host",
            "h",
            "--smtp-host",
            "h",
        ],
        None,
    );
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "a broken file is never overwritten"
    );
}

#[test]
fn errors_are_translated_into_the_users_language() {
    let home = tempfile::tempdir().unwrap();
    for (lang, expected) in [
        ("fr_FR.UTF-8", "Il n’existe aucun compte"),
        ("de_DE.UTF-8", "Es gibt kein Konto"),
        ("en_GB.UTF-8", "There is no account"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_facteur"))
            .args(["account", "remove", "nobody@example.test"])
            .env("FACTEUR_HOME", home.path())
            .env("LANG", lang)
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = text(&out.stderr);
        assert!(stderr.contains(expected), "{lang}: {stderr}");
        assert!(
            !stderr.contains('\u{2068}'),
            "no isolation marks: {stderr:?}"
        );
    }
}

#[test]
fn an_account_without_servers_is_refused_with_the_flags_to_give() {
    let home = tempfile::tempdir().unwrap();
    let out = facteur(
        home.path(),
        &[
            "account",
            "add",
            "--email",
            "a@example.test",
            "--smtp-host",
            "h",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--imap-host"),
        "{}",
        text(&out.stderr)
    );
    let out = facteur(
        home.path(),
        &[
            "account",
            "add",
            "--email",
            "a@example.test",
            "--incoming",
            "pop3",
            "--pop3-host",
            "h",
        ],
        None,
    );
    assert!(
        text(&out.stderr).contains("--smtp-host"),
        "{}",
        text(&out.stderr)
    );
    assert!(!home.path().join("config/facteur.toml").exists());
}

/// No encryption only with the user's explicit consent, as in the wizard: without
/// `--allow-unencrypted` a server set to `none` is refused and nothing is saved.
#[test]
fn an_unencrypted_server_needs_an_explicit_consent() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "account",
        "add",
        "--email",
        "a@example.test",
        "--imap-host",
        "mail.example.test",
        "--imap-security",
        "none",
        "--smtp-host",
        "mail.example.test",
    ];
    let out = facteur(home.path(), &args, Some("secret\n"));
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("--allow-unencrypted"), "{said}");
    assert!(said.contains("no encryption"), "{said}");
    assert!(!home.path().join("config/facteur.toml").exists());
    let help = text(&facteur(home.path(), &["account", "add", "--help"], None).stdout);
    assert!(help.contains("--allow-unencrypted"), "{help}");
}

/// A profile with an IMAP account for `user` on the harness's servers, added by hand.
fn imap_account(server: &support::MailServer, user: &support::TestUser) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let port = server.imaps_port.to_string();
    let ca = server.ca_file.to_string_lossy().into_owned();
    let out = facteur(
        home.path(),
        &[
            "account",
            "add",
            "--email",
            &user.email,
            "--password-stdin",
            "--imap-host",
            "localhost",
            "--imap-port",
            &port,
            "--imap-security",
            "tls",
            "--smtp-host",
            "localhost",
            "--smtp-security",
            "tls",
            "--ca-file",
            &ca,
        ],
        Some(&format!("{}\n", user.password)),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    home
}

/// A message made to attack the terminal that shows it: escape sequences in its subject,
/// name, text and attachment name (clear the screen, set the title, the C1 CSI), a CR/LF in an
/// encoded word forging a header line, a direction override disguising a file's type.
#[test]
fn list_and_show_print_no_escape_sequence_a_message_holds() {
    use base64::Engine as _;
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let raw = format!(
        "From: =?UTF-8?B?{from}?= <mallory@example.net>\r\nTo: {to}\r\n\
         Subject: =?UTF-8?B?{subject}?=\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour\u{1b}[2J\u{9b}8m cach\u{e9}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\r\n\
         --XX\r\nContent-Type: application/octet-stream\r\n\
         Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nTVo=\r\n--XX--\r\n",
        from = b64("Banque\u{202e}lanoitan"),
        to = user.email,
        subject = b64("Facture\u{1b}]0;pwned\u{7}\r\nBcc: everyone@example.net"),
    );
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(server.deliver(&user.email, raw.as_bytes()));
    let home = imap_account(server, &user);
    assert!(facteur(home.path(), &["sync"], None).status.success());
    let listed = facteur(home.path(), &["list"], None);
    let list: serde_json::Value =
        serde_json::from_slice(&facteur(home.path(), &["list", "--json"], None).stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let shown = facteur(home.path(), &["show", &id], None);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    for (what, out) in [("list", &listed.stdout), ("show", &shown.stdout)] {
        let printed = text(out);
        for bad in ['\u{1b}', '\u{9b}', '\u{7}', '\u{202e}', '\r'] {
            assert!(
                !printed.contains(bad),
                "{what} printed {bad:?}: {printed:?}"
            );
        }
        assert!(
            !printed.lines().any(|l| l.starts_with("Bcc:")),
            "{what}: a forged header line: {printed}"
        );
        assert!(printed.contains("Facture"), "{what}: {printed}");
    }
    let printed = text(&shown.stdout);
    assert!(
        printed.contains("Bonjour␛[2J"),
        "shown, not obeyed: {printed}"
    );
    assert!(printed.contains("invoicefdp.exe"), "{printed}");
}

/// `FACTEUR_LOG=trace` shows the engine's work, and never the password: not in clear, not as
/// the base64 of an AUTHENTICATE PLAIN answer.
#[test]
fn a_trace_log_holds_no_password() {
    use base64::Engine as _;
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(server.deliver(&user.email, b"Subject: trace\r\n\r\nx\r\n"));
    let home = imap_account(server, &user);
    let env = [("FACTEUR_LOG".to_string(), "trace".to_string())];
    let out = facteur_with(home.path(), &env, &["sync"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = text(&out.stderr);
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "no trace at all: {log}"
    );
    let b64 = base64::engine::general_purpose::STANDARD;
    let secrets = [
        user.password.clone(),
        b64.encode(format!("\0{}\0{}", user.email, user.password)),
        b64.encode(format!("{}\0{}\0{}", user.email, user.email, user.password)),
        b64.encode(&user.password),
    ];
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "the log holds {secret:?}");
    }
}

/// `facteur list | head`: the reader goes away, and Facteur ends quietly (by SIGPIPE, as
/// Unix tools do), not with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::ExitStatusExt;
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(server.deliver(&user.email, b"Subject: pipe\r\n\r\nx\r\n"));
    let home = imap_account(server, &user);
    assert!(facteur(home.path(), &["sync"], None).status.success());
    // A pipe whose reading end is closed before Facteur writes anything.
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read_end, write_end) =
        unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read_end);
    let out = Command::new(env!("CARGO_BIN_EXE_facteur"))
        .args(["list"])
        .env("FACTEUR_HOME", home.path())
        .stdout(Stdio::from(write_end))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGPIPE),
        "{:?} {stderr}",
        out.status
    );
}

#[test]
fn sync_list_search_and_show_work_from_the_command_line() {
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (n, subject) in ["Première facture", "Zweite Rechnung", "Third invoice"]
        .iter()
        .enumerate()
    {
        let raw = format!(
            "From: Renée Martin <renee@example.fr>\r\nTo: {to}\r\nSubject: =?UTF-8?Q?{q}?=\r\n\
             Date: Mon, 1 Jun 2026 10:0{n}:00 +0000\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\nMontant numéro {n} : 42 €\r\n--XX\r\n\
             Content-Type: application/pdf; name=\"facture-{n}.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"facture-{n}.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n",
            to = user.email,
            q = subject
                .bytes()
                .map(|b| if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                })
                .collect::<String>(),
        );
        runtime.block_on(server.deliver(&user.email, raw.as_bytes()));
    }
    let home = imap_account(server, &user);

    let out = facteur(home.path(), &["sync"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("INBOX: 3 of 3"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("3 new messages"),
        "{}",
        text(&out.stdout)
    );

    let out = facteur(home.path(), &["list", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["Third invoice", "Zweite Rechnung", "Première facture"]
    );
    assert_eq!(list[0]["from"]["name"], "Renée Martin");
    assert_eq!(list[0]["unread"], true);

    let out = facteur(home.path(), &["search", "premiere", "--json"], None);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    let id = found[0]["id"].as_i64().unwrap().to_string();

    let out = facteur(home.path(), &["show", &id, "--json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["complete"], true);
    assert!(
        shown["text"]
            .as_str()
            .unwrap()
            .contains("Montant numéro 0 : 42 €")
    );
    assert_eq!(shown["attachments"][0]["name"], "facture-0.pdf");
    assert_eq!(shown["attachments"][0]["content_type"], "application/pdf");
    assert_eq!(shown["attachments"][0]["size"], 9);

    // A second sync finds nothing new; a wrong account is a translated error.
    let out = facteur(home.path(), &["sync", "--json"], None);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary[&user.email]["new"], 0);
    let out = facteur(
        home.path(),
        &["list", "--account", "nobody@example.test"],
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("No account matches nobody@example.test"));
}

/// `send` queues and waits for the outcome; the recipient checks with `check` on a POP3
/// account; `outbox` is empty afterwards.
#[test]
fn send_outbox_and_check_work_from_the_command_line() {
    support::session::require_session_bus();
    let server = support::mailserver();
    assert!(
        server.relays,
        "sending needs the private Postfix (scripts/test as root)"
    );
    let (alice, bob) = (server.new_user(), server.new_user());
    let ca = server.ca_file.to_string_lossy().into_owned();
    let add = |home: &Path, user: &support::TestUser, incoming: &[&str]| {
        let mut args = vec!["account", "add", "--email", &user.email, "--password-stdin"];
        args.extend_from_slice(incoming);
        let smtp_port = server.submission_port.to_string();
        let rest = [
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &smtp_port,
            "--smtp-security",
            "starttls",
            "--ca-file",
            &ca,
        ];
        args.extend_from_slice(&rest);
        let out = facteur(home, &args, Some(&format!("{}\n", user.password)));
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    let alice_home = tempfile::tempdir().unwrap();
    let imaps = server.imaps_port.to_string();
    add(
        alice_home.path(),
        &alice,
        &[
            "--imap-host",
            "localhost",
            "--imap-port",
            &imaps,
            "--imap-security",
            "tls",
        ],
    );
    let bob_home = tempfile::tempdir().unwrap();
    let pop3s = server.pop3s_port.to_string();
    add(
        bob_home.path(),
        &bob,
        &[
            "--incoming",
            "pop3",
            "--pop3-host",
            "localhost",
            "--pop3-port",
            &pop3s,
            "--pop3-security",
            "tls",
        ],
    );
    let attachment = alice_home.path().join("notes.txt");
    std::fs::write(&attachment, "Ordre du jour : budget").unwrap();
    let out = facteur(
        alice_home.path(),
        &[
            "send",
            "--from",
            &alice.email,
            "--to",
            &bob.email,
            "--subject",
            "Réunion de jeudi",
            "--body",
            "Bonjour Bob, à jeudi !",
            "--attach",
            attachment.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("sent and saved in Sent"),
        "{}",
        text(&out.stderr)
    );
    let out = facteur(alice_home.path(), &["outbox"], None);
    assert!(
        text(&out.stdout).contains("The outbox is empty."),
        "{}",
        text(&out.stdout)
    );

    // Delivery through Postfix takes a moment: check until it is there.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let out = facteur(bob_home.path(), &["check", "--json"], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if summary[&bob.email]["new"] == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the mail never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let out = facteur(bob_home.path(), &["search", "jeudi"], None);
    assert!(
        text(&out.stdout).contains("Réunion de jeudi"),
        "{}",
        text(&out.stdout)
    );
    let out = facteur(bob_home.path(), &["list", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let out = facteur(bob_home.path(), &["show", &id], None);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("à jeudi") && shown.contains("notes.txt"),
        "{shown}"
    );
    // `check` is for POP3 accounts.
    let out = facteur(alice_home.path(), &["check"], None);
    assert!(!out.status.success());
}

/// The guessing environment for the harness: `*.facteur.test` on loopback, its ports, its CA,
/// no HTTP lookups.
fn setup_env(cmd_env: &mut Vec<(String, String)>) {
    let m = support::mailserver();
    cmd_env.push(("FACTEUR_SETUP_CA".into(), m.ca_file.display().to_string()));
    cmd_env.push((
        "FACTEUR_SETUP_RESOLVE".into(),
        "facteur.test=127.0.0.1".into(),
    ));
    cmd_env.push((
        "FACTEUR_SETUP_PORTS".into(),
        format!(
            "{},{},{},{},{},{}",
            m.imaps_port,
            m.imap_port,
            m.pop3s_port,
            m.pop3_port,
            m.submissions_port,
            m.submission_port
        ),
    ));
    cmd_env.push(("FACTEUR_SETUP_NO_HTTP".into(), "1".into()));
}

fn facteur_with(home: &Path, env: &[(String, String)], args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_facteur"))
        .args(args)
        .env("FACTEUR_HOME", home)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn account_add_without_servers_finds_checks_and_saves_them() {
    support::session::require_session_bus();
    let m = support::mailserver();
    let email = format!("setup-{}@facteur.test", support::random_token());
    let password = format!("pw-{}", support::random_token());
    m.add_user(&email, &password);
    let home = tempfile::tempdir().unwrap();
    let mut env = Vec::new();
    setup_env(&mut env);

    let wrong = facteur_with(
        home.path(),
        &env,
        &["setup", "check", &email, "--password-stdin"],
        "nope\n",
    );
    assert!(!wrong.status.success());
    assert!(
        text(&wrong.stderr).contains("refused the user name or the password"),
        "{}",
        text(&wrong.stderr)
    );

    let out = facteur_with(
        home.path(),
        &env,
        &["account", "add", "--email", &email, "--password-stdin"],
        &format!("{password}\n"),
    );
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let config = Config::load(&home.path().join("config/facteur.toml")).unwrap();
    let account = config.account(&email).expect("saved");
    let Incoming::Imap(imap) = &account.incoming else {
        panic!("IMAP is preferred: {:?}", account.incoming)
    };
    assert_eq!(
        (imap.host.as_str(), imap.port, imap.security),
        ("imap.facteur.test", m.imaps_port, Security::Tls)
    );
    assert_eq!(account.outgoing.security, Security::Tls);
    assert_eq!(account.outgoing.port, m.submissions_port);
    let secrets = Secrets::system().unwrap();
    assert_eq!(
        secrets
            .get(&SecretKey::new(&email, SecretRole::Incoming))
            .unwrap(),
        Some(password)
    );
    let _ = secrets.delete_account(&email);
}

/// While a Facteur (the window) holds the store, the command line does not write it behind
/// its back: `sync` and `send` say that Facteur is running and what to do, and write nothing;
/// reading (`list`) still works; once the window is gone, `sync` works.
#[test]
fn the_command_line_does_not_write_a_store_the_window_holds() {
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(server.deliver(&user.email, b"Subject: waiting\r\n\r\nx\r\n"));
    let home = imap_account(server, &user);
    let store_file = facteur::paths::Paths::under(home.path()).store_file();
    let window = facteur::store::Store::open(&store_file).unwrap();
    // The database and its write-ahead log, where a writer's changes land first.
    let wal = store_file.with_extension("sqlite3-wal");
    let snapshot = || {
        (
            std::fs::read(&store_file).unwrap(),
            std::fs::read(&wal).ok(),
        )
    };
    let before = snapshot();
    for args in [
        &["sync"][..],
        &[
            "send",
            "--from",
            &user.email,
            "--to",
            "x@example.test",
            "--subject",
            "s",
            "--body",
            "b",
        ][..],
    ] {
        let out = facteur(home.path(), args, None);
        assert!(!out.status.success(), "{args:?} ran beside the window");
        let said = text(&out.stderr);
        assert!(
            said.contains("Facteur is already running") && said.contains("Close that Facteur"),
            "{args:?}: {said}"
        );
    }
    assert!(snapshot() == before, "the store was written");
    let account = window.account_id(&user.email).unwrap();
    assert!(
        account.is_none_or(|a| window
            .count_messages(&facteur::store::Scope::Account(a))
            .unwrap()
            == 0),
        "messages were synced behind the window's back"
    );
    let listed = facteur(home.path(), &["list"], None);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    drop(window);
    let synced = facteur(home.path(), &["sync"], None);
    assert!(synced.status.success(), "{}", text(&synced.stderr));
    let list = text(&facteur(home.path(), &["list"], None).stdout);
    assert!(list.contains("waiting"), "{list}");
}

/// `facteur render` draws a message as the reader lays it out: at the width asked, the mail's
/// own colours kept, the dark theme's colours for mail without any.
#[test]
fn render_draws_a_message_as_the_reader_lays_it_out() {
    support::session::require_session_bus();
    let server = support::mailserver();
    let user = server.new_user();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (subject, body) in [
        (
            "Facture",
            "<body style=\"margin:0\"><table cellspacing=0 cellpadding=0><tr>\
             <td style=\"width:120px;height:60px;background:#ff0000\"></td></tr></table></body>",
        ),
        ("Bonjour", "<p>Bonjour Marie</p>"),
    ] {
        let raw = format!(
            "From: Service <service@example.net>\r\nTo: {to}\r\nSubject: {subject}\r\n\
             Date: Mon, 1 Jun 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/html; charset=utf-8\r\n\r\n{body}\r\n",
            to = user.email,
        );
        runtime.block_on(server.deliver(&user.email, raw.as_bytes()));
    }
    let home = imap_account(server, &user);
    assert!(facteur(home.path(), &["sync"], None).status.success());
    let list: serde_json::Value =
        serde_json::from_slice(&facteur(home.path(), &["list", "--json"], None).stdout).unwrap();
    let id_of = |subject: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|m| m["subject"] == subject)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let png = home.path().join("facture.png");
    let out = facteur(
        home.path(),
        &[
            "render",
            &id_of("Facture"),
            "--png",
            png.to_str().unwrap(),
            "--width",
            "400",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let picture = image::open(&png).unwrap().to_rgba8();
    assert_eq!(picture.width(), 400);
    assert_eq!(picture.get_pixel(60, 30).0[..3], [255, 0, 0]);
    assert_eq!(picture.get_pixel(300, 30).0[..3], [255, 255, 255]);

    let dark = home.path().join("bonjour.png");
    let out = facteur(
        home.path(),
        &[
            "render",
            &id_of("Bonjour"),
            "--png",
            dark.to_str().unwrap(),
            "--dark",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let picture = image::open(&dark).unwrap().to_rgba8();
    assert_eq!(picture.width(), 800);
    let corner = picture.get_pixel(790, 2).0;
    assert!(
        corner[0] < 80 && corner[1] < 80 && corner[2] < 80,
        "{corner:?}"
    );
}
