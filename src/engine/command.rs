//! What the GUI and the command line ask of the engine.

use crate::account::Account;

/// A request to the engine. `Debug + Clone` so it can travel through iced messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start serving an account that was just set up (or replace its settings).
    AddAccount(Box<Account>),
    /// Stop serving an account; its cache is removed by the caller.
    RemoveAccount { email: String },
    /// Bring one account (or all) up to date now.
    Sync { account: Option<String> },
    /// Stop every account task and end the event stream.
    Shutdown,
}
