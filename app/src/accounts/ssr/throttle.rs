//! Sign-in throttling, per account and per client address, kept in the database so every
//! instance counts the same attempts. An attempt is counted before its password is checked,
//! in the same write that looks at the count, so parallel guesses cannot slip through
//! together; a successful sign-in takes back its own attempt and clears the account's.
//! Keys are hashes (`sha256("account:" + address)`, `sha256("client:" + client key)`), never
//! raw input.
use super::storage;
use crate::{error::AppError, store::BoxFuture, store::Store};
use sha2::{Digest, Sha256};

/// Attempts allowed per account within the window.
pub const PER_ACCOUNT: i64 = 5;
/// Attempts allowed per client address within the window (an office shares one address).
pub const PER_ADDRESS: i64 = 30;
/// The window, in seconds.
pub const WINDOW: i64 = crate::error::SIGN_IN_WINDOW;

fn key(kind: &str, value: &str) -> Vec<u8> {
    Sha256::digest(format!("{kind}:{value}").as_bytes()).to_vec()
}

/// An attempt that was let through: what to take back if it succeeds.
pub struct Attempt {
    ids: Vec<i64>,
    account: Vec<u8>,
}

/// Counts an attempt to sign in as `email_norm` from `client` (`Client::key`); refuses with
/// `TooManyAttempts` when either has had too many within the window.
pub async fn attempt(store: &Store, email_norm: &str, client: &str, now: i64) -> Result<Attempt, AppError> {
    let (account, address) = (key("account", email_norm), key("client", client));
    store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let since = now - WINDOW;
                if storage::attempts(conn, &account, since).await? >= PER_ACCOUNT
                    || storage::attempts(conn, &address, since).await? >= PER_ADDRESS
                {
                    return Err(AppError::TooManyAttempts);
                }
                let ids = vec![storage::insert_attempt(conn, &account, now).await?, storage::insert_attempt(conn, &address, now).await?];
                Ok(Attempt { ids, account })
            })
        })
        .await
}

/// The attempt succeeded: it no longer counts, nor do the account's earlier failures.
pub async fn succeeded(store: &Store, attempt: Attempt) -> Result<(), AppError> {
    store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move { storage::delete_attempts(conn, attempt.ids, &attempt.account).await })
        })
        .await
}

/// Forgets attempts older than the window (run by the expiry job).
pub async fn forget_old(store: &Store, now: i64) -> Result<u64, AppError> {
    store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { storage::forget_attempts(conn, now - WINDOW).await }) }).await
}
