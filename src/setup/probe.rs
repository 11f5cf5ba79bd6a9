//! Verification: connect to a server as a candidate says, secure the link, read the greeting
//! and capabilities, and log in with the user's credentials, reporting each step. Each server
//! gets at most [`SERVER_BOUND`]; a failure is one of the engine's closed error kinds (wrong
//! password, certificate with its details, encryption not offered, …) with the server's words.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::{Protocol, ServerSetting};

use crate::proto::Credentials;
use crate::proto::error::{ErrorKind, MailError};
use crate::proto::imap;
use crate::proto::pop3::Pop3;
use crate::proto::smtp::Submission;

/// The longest a server's check may take.
pub const SERVER_BOUND: Duration = Duration::from_secs(15);

/// How far the check of one server got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Connecting,
    /// Connected, encrypted, greeted.
    Secured,
    /// Capabilities read; sending the user name and password (or token).
    LoggingIn,
    LoggedIn,
}

/// One step of one server, for the wizard's progress list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub step: Step,
}

/// Checks one server: connection, encryption, greeting, capabilities, login.
pub async fn check(
    setting: &ServerSetting,
    credentials: &Credentials,
    extra_ca: Option<PathBuf>,
    bound: Duration,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<(), MailError> {
    let server = setting.server(extra_ca);
    let mut report = |step| {
        progress(Progress {
            protocol: setting.protocol,
            host: setting.host.clone(),
            port: setting.port,
            step,
        })
    };
    report(Step::Connecting);
    let io = bound;
    let work = async {
        match setting.protocol {
            Protocol::Imap => {
                let mut conn =
                    imap::connect_and_login_reporting(&server, credentials, io, &mut |s| {
                        report(match s {
                            imap::Step::Secured => Step::Secured,
                            imap::Step::LoggingIn => Step::LoggingIn,
                        })
                    })
                    .await?;
                let _ = conn.session.logout().await;
            }
            Protocol::Pop3 => {
                let mut pop = Pop3::connect(&server, io).await?;
                report(Step::Secured);
                report(Step::LoggingIn);
                pop.login(&server.username, credentials).await?;
                let _ = pop.quit().await;
            }
            Protocol::Smtp => {
                let mut conn = Submission::greet(&server).await?;
                report(Step::Secured);
                report(Step::LoggingIn);
                Submission::log_in(&mut conn, &server, credentials).await?;
                let _ = conn.quit().await;
            }
        }
        report(Step::LoggedIn);
        Ok::<(), MailError>(())
    };
    match tokio::time::timeout(bound, work).await {
        Ok(result) => result,
        Err(_) => Err(MailError::new(
            ErrorKind::Timeout {
                host: setting.host.clone(),
                port: setting.port,
            },
            format!("no answer within {} s", bound.as_secs()),
        )),
    }
}
