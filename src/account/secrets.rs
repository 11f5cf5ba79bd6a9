//! Passwords and OAuth2 tokens, kept only in the operating system's secret store.
//!
//! On Linux that is the Secret Service (gnome-keyring, KWallet, KeePassXC) reached over D-Bus
//! through `keyring-core` and its zbus store. Nothing secret is ever written to Facteur's own
//! files, logs or error texts: errors name the account and the role, never the value.
//!
//! The calls are blocking (D-Bus round trips, possibly an unlock prompt): from async code run
//! them with `tokio::task::spawn_blocking`, never on a runtime worker or in the GUI's `update`.

use std::fmt;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

/// The service name under which Facteur's items appear in the secret store.
pub const SERVICE: &str = "Facteur";

/// Which secret of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretRole {
    /// The password of the incoming (IMAP or POP3) server.
    Incoming,
    /// The password of the outgoing (SMTP) server.
    Outgoing,
    /// The OAuth2 token set (refresh and access tokens, as JSON).
    OAuth2,
}

impl SecretRole {
    pub const ALL: [SecretRole; 3] = [
        SecretRole::Incoming,
        SecretRole::Outgoing,
        SecretRole::OAuth2,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SecretRole::Incoming => "incoming",
            SecretRole::Outgoing => "outgoing",
            SecretRole::OAuth2 => "oauth2",
        }
    }
}

/// Names one secret: an account's address and the role of the secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub email: String,
    pub role: SecretRole,
}

impl SecretKey {
    pub fn new(email: &str, role: SecretRole) -> SecretKey {
        SecretKey {
            email: email.to_lowercase(),
            role,
        }
    }

    /// The "user" attribute of the item, e.g. `marie@orange.fr (incoming)`.
    fn user(&self) -> String {
        format!("{} ({})", self.email, self.role.as_str())
    }
}

/// Why a secret could not be read or written. The texts never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No secret service answers on the session bus.
    #[error(
        "no secret service is available ({detail}). Facteur keeps passwords in the system's \
         secret store: install and start one, for example gnome-keyring \
         (apt install gnome-keyring) or KeePassXC with its Secret Service integration"
    )]
    Unavailable { detail: String },
    /// The store exists but refused access (locked, or the unlock prompt was dismissed).
    #[error("the secret store is locked or refused access ({detail})")]
    Locked { detail: String },
    /// Anything else the store reported.
    #[error("the secret store failed: {detail}")]
    Failed { detail: String },
}

impl SecretError {
    fn from_keyring(e: keyring_core::Error) -> SecretError {
        use keyring_core::Error as K;
        match e {
            K::NoStorageAccess(inner) => SecretError::Locked {
                detail: inner.to_string(),
            },
            K::NoDefaultStore => SecretError::Unavailable {
                detail: "no store".into(),
            },
            K::PlatformFailure(inner) => {
                let detail = inner.to_string();
                if looks_unavailable(&detail) {
                    SecretError::Unavailable { detail }
                } else {
                    SecretError::Failed { detail }
                }
            }
            // The variants that carry secret bytes are reduced to their kind.
            K::BadEncoding(_) => SecretError::Failed {
                detail: "a stored secret is not UTF-8".into(),
            },
            K::BadDataFormat(_, inner) => SecretError::Failed {
                detail: inner.to_string(),
            },
            other => SecretError::Failed {
                detail: other.to_string(),
            },
        }
    }
}

fn looks_unavailable(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    [
        "serviceunknown",
        "not provided by any",
        "no such file",
        "connection refused",
        "dbus_session_bus_address",
        "address",
        "could not connect",
        "no session bus",
    ]
    .iter()
    .any(|needle| d.contains(needle))
}

/// Access to the secret store.
#[derive(Clone)]
pub struct Secrets {
    store: Arc<StoreHolder>,
}

/// Owns the store and drops it off any async runtime: the Secret Service store closes its
/// D-Bus proxies with a blocking call, which panics on a tokio worker thread.
struct StoreHolder(Option<Arc<CredentialStore>>);

impl StoreHolder {
    fn get(&self) -> &Arc<CredentialStore> {
        self.0
            .as_ref()
            .expect("the store lives until the holder is dropped")
    }
}

impl Drop for StoreHolder {
    fn drop(&mut self) {
        if let Some(store) = self.0.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            let _ = std::thread::Builder::new()
                .name("secret-store-close".into())
                .spawn(move || drop(store));
        }
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("store", &self.store.get().vendor())
            .finish()
    }
}

impl Secrets {
    /// The platform's secret store (the Secret Service on Linux). Blocking.
    pub fn system() -> Result<Secrets, SecretError> {
        let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| match e {
            keyring_core::Error::PlatformFailure(inner)
            | keyring_core::Error::NoStorageAccess(inner) => SecretError::Unavailable {
                detail: inner.to_string(),
            },
            other => SecretError::from_keyring(other),
        })?;
        Ok(Secrets::with_store(store))
    }

    /// Any keyring-core store; tests use `keyring_core::mock::Store`.
    pub fn with_store(store: Arc<CredentialStore>) -> Secrets {
        Secrets {
            store: Arc::new(StoreHolder(Some(store))),
        }
    }

    fn entry(&self, key: &SecretKey) -> Result<Entry, SecretError> {
        self.store
            .get()
            .build(SERVICE, &key.user(), None)
            .map_err(SecretError::from_keyring)
    }

    /// The secret, or `None` when none is stored.
    pub fn get(&self, key: &SecretKey) -> Result<Option<String>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretError::from_keyring(e)),
        }
    }

    /// Stores (or replaces) a secret.
    pub fn set(&self, key: &SecretKey, secret: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(secret)
            .map_err(SecretError::from_keyring)
    }

    /// Deletes a secret; deleting one that is not there is not an error.
    pub fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(SecretError::from_keyring(e)),
        }
    }

    /// Deletes every secret of an account.
    pub fn delete_account(&self, email: &str) -> Result<(), SecretError> {
        for role in SecretRole::ALL {
            self.delete(&SecretKey::new(email, role))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Secrets {
        Secrets::with_store(keyring_core::mock::Store::new().unwrap())
    }

    #[test]
    fn secrets_round_trip_per_account_and_role() {
        let secrets = mock();
        let incoming = SecretKey::new("Marie@Orange.fr", SecretRole::Incoming);
        let outgoing = SecretKey::new("marie@orange.fr", SecretRole::Outgoing);
        assert_eq!(secrets.get(&incoming).unwrap(), None);
        secrets.set(&incoming, "pässwörd 1").unwrap();
        secrets.set(&outgoing, "other").unwrap();
        assert_eq!(
            secrets.get(&incoming).unwrap().as_deref(),
            Some("pässwörd 1")
        );
        assert_eq!(secrets.get(&outgoing).unwrap().as_deref(), Some("other"));
        secrets.set(&incoming, "changed").unwrap();
        assert_eq!(secrets.get(&incoming).unwrap().as_deref(), Some("changed"));
        secrets.delete_account("marie@orange.fr").unwrap();
        assert_eq!(secrets.get(&incoming).unwrap(), None);
        assert_eq!(secrets.get(&outgoing).unwrap(), None);
        secrets.delete(&incoming).unwrap();
    }

    #[test]
    fn errors_never_carry_the_secret() {
        let err = SecretError::from_keyring(keyring_core::Error::BadEncoding(b"hunter2".to_vec()));
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }
}
