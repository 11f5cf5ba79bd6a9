//! The credentials an account logs in with: its secret read from the OS secret store, an
//! OAuth2 token set refreshed (and stored again) when it is about to expire.

/// Reads the secret an account needs for one of its servers from the secret store (off the
/// runtime: the store's API blocks). The outgoing server falls back to the incoming password,
/// which is the same at nearly every provider.
pub async fn credentials(
    account: &crate::account::Account,
    secrets: Option<crate::account::Secrets>,
    outgoing: bool,
) -> Result<crate::proto::Credentials, crate::proto::error::MailError> {
    use crate::account::{AuthMethod, SecretKey, SecretRole, Secrets};
    use crate::proto::Credentials;
    use crate::proto::error::{ErrorKind, MailError};
    let email = account.email.clone();
    let server = if outgoing {
        &account.outgoing
    } else {
        account.incoming.server()
    };
    let oauth = server.auth == AuthMethod::OAuth2;
    let secrets_for_refresh = secrets.clone();
    let found = tokio::task::spawn_blocking(move || {
        let secrets = match secrets {
            Some(s) => s,
            None => Secrets::system()?,
        };
        if oauth {
            return secrets.get(&SecretKey::new(&email, SecretRole::OAuth2));
        }
        if outgoing
            && let Some(password) = secrets.get(&SecretKey::new(&email, SecretRole::Outgoing))?
        {
            return Ok(Some(password));
        }
        secrets.get(&SecretKey::new(&email, SecretRole::Incoming))
    })
    .await
    .map_err(MailError::lost)?;
    match found {
        Ok(Some(secret)) if oauth => {
            oauth_token(secret, &email_of(account), server, secrets_for_refresh)
                .await
                .map(Credentials::OAuth2)
        }
        Ok(Some(secret)) => Ok(Credentials::Password(secret)),
        Ok(None) => Err(MailError::new(ErrorKind::MissingSecret, "")),
        Err(e) => Err(MailError::new(ErrorKind::MissingSecret, e.to_string())),
    }
}

fn email_of(account: &crate::account::Account) -> String {
    account.email.clone()
}

/// The access token from an OAuth2 secret: a stored token set is refreshed first when it is
/// about to expire (and the new set stored); a bare token is used as it is.
async fn oauth_token(
    secret: String,
    email: &str,
    server: &crate::account::Server,
    secrets: Option<crate::account::Secrets>,
) -> Result<String, crate::proto::error::MailError> {
    use crate::account::{SecretKey, SecretRole, Secrets};
    use crate::proto::error::{ErrorKind, MailError};
    use crate::setup::oauth2::{TokenSet, refresh};
    let Some(set) = TokenSet::from_secret(&secret) else {
        return Ok(secret);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if !set.needs_refresh(now) {
        return Ok(set.access_token);
    }
    let fresh = refresh(&set, server.ca_file.as_deref())
        .await
        .map_err(|e| MailError::new(ErrorKind::WrongCredentials, e.to_string()))?;
    let (email, stored) = (email.to_string(), fresh.to_secret());
    let saved = tokio::task::spawn_blocking(move || {
        let secrets = match secrets {
            Some(s) => s,
            None => Secrets::system()?,
        };
        secrets.set(&SecretKey::new(&email, SecretRole::OAuth2), &stored)
    })
    .await
    .map_err(MailError::lost)?;
    if let Err(e) = saved {
        // The new token works for now; the next start refreshes again.
        tracing::warn!(%e, "the refreshed OAuth2 token could not be stored");
    }
    Ok(fresh.access_token)
}
