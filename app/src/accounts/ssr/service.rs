//! Accounts: sign-in and sign-out, creating accounts (command line and invitations), API tokens.
use super::{
    audit, password,
    principal::{self, ABSOLUTE, Principal},
};
use crate::server::db::Conn;
use crate::{
    domain::{Email, Role},
    server::{AppError, AppState, db::BoxFuture, mail::outbox, tokens},
};

/// Days an invitation link stays valid.
const INVITATION_DAYS: i64 = 7;

fn normalize(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks the password and opens a new session; returns the cookie value. Every refusal looks
/// the same (`Unauthorized`) and takes as long whether or not the account exists; too many
/// failures give `TooManyAttempts`.
pub async fn login(state: &AppState, email: &str, password: String, address: &str) -> Result<String, AppError> {
    let email_norm = normalize(email);
    let now = state.clock.now();
    if !state.throttle.allows(&email_norm, address, now) {
        return Err(AppError::TooManyAttempts);
    }
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email_norm = ? AND disabled_at IS NULL")
            .bind(&email_norm)
            .fetch_optional(state.store.reader())
            .await?;
    let (user_id, stored) = match row {
        Some((id, hash)) => (Some(id), hash),
        None => (None, None),
    };
    let verified = password::verify(password, stored).await;
    let (Some(user_id), true) = (user_id, verified != password::Verified::No) else {
        state.throttle.failed(&email_norm, address, now);
        return Err(AppError::Unauthorized);
    };
    state.throttle.succeeded(&email_norm);
    let token = tokens::generate();
    let text = token.text.clone();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                sqlx::query("INSERT INTO auth_sessions (hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                    .bind(&token.hash)
                    .bind(user_id)
                    .bind(now)
                    .bind(now)
                    .bind(now + ABSOLUTE)
                    .execute(&mut *conn)
                    .await?;
                if let password::Verified::YesRehashed(new) = verified {
                    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?").bind(new).bind(user_id).execute(&mut *conn).await?;
                }
                // Old sessions past their time are cleared here rather than by another job.
                sqlx::query("DELETE FROM auth_sessions WHERE expires_at <= ?").bind(now).execute(&mut *conn).await?;
                if let Some(who) = principal::load(conn, user_id).await? {
                    audit::record(conn, &who, "login", None, "", now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(text)
}

/// Ends the session behind a cookie value on the server.
pub async fn logout(state: &AppState, cookie: &str) -> Result<(), AppError> {
    let Some(hash) = tokens::hash_of(cookie) else { return Ok(()) };
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                sqlx::query("DELETE FROM auth_sessions WHERE hash = ?").bind(&hash).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

/// A new account, as the command line or an administrator asks for it.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Event slugs this account works on; empty for an administrator or an all-events account.
    pub events: Vec<String>,
    pub all_events: bool,
    /// `None` for an invitation: the person chooses a password through the emailed link.
    pub password: Option<String>,
}

/// Why an account cannot be created, for the field that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewUserError {
    Email,
    Name,
    Password(&'static str),
    Exists,
    UnknownEvent(String),
}

impl std::fmt::Display for NewUserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewUserError::Email => write!(f, "the email address is not valid"),
            NewUserError::Name => write!(f, "the name is empty"),
            NewUserError::Password(why) => {
                write!(f, "the password is {} (at least {} characters)", why.replace('_', " "), password::MIN_LENGTH)
            }
            NewUserError::Exists => write!(f, "an account with this email address already exists"),
            NewUserError::UnknownEvent(slug) => write!(f, "there is no event {slug}"),
        }
    }
}

/// Creates an account; with no password, emails an invitation link. Returns the account id.
pub async fn create_user(state: &AppState, by: Option<Principal>, user: NewUser) -> Result<i64, AppError> {
    let refused = |e: NewUserError| AppError::Refused(e.to_string());
    let email = Email::parse(&user.email).map_err(|_| refused(NewUserError::Email))?;
    let name = user.name.trim().to_owned();
    if name.is_empty() {
        return Err(refused(NewUserError::Name));
    }
    let hash = match &user.password {
        Some(p) => {
            password::check_new(p).map_err(|why| refused(NewUserError::Password(why)))?;
            Some(password::hash(p.clone()).await.map_err(|e| AppError::Internal(e.into()))?)
        }
        None => None,
    };
    let now = state.clock.now();
    let base_url = state.config.base_url.clone();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM users WHERE email_norm = ?").bind(email.normalized()).fetch_optional(&mut *conn).await?;
                if exists.is_some() {
                    return Err(refused(NewUserError::Exists));
                }
                let mut event_ids = Vec::new();
                for slug in &user.events {
                    let id: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM events WHERE slug = ?").bind(slug).fetch_optional(&mut *conn).await?;
                    event_ids.push(id.ok_or_else(|| refused(NewUserError::UnknownEvent(slug.clone())))?);
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (email, email_norm, name, role, all_events, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(email.as_str())
                .bind(email.normalized())
                .bind(&name)
                .bind(user.role.code())
                .bind(user.all_events)
                .bind(&hash)
                .bind(now)
                .fetch_one(&mut *conn)
                .await?;
                for event_id in &event_ids {
                    sqlx::query("INSERT INTO user_events (user_id, event_id) VALUES (?, ?)").bind(id).bind(event_id).execute(&mut *conn).await?;
                }
                if hash.is_none() {
                    invite(conn, id, email.as_str(), &name, &base_url, now).await?;
                }
                if let Some(by) = &by {
                    let detail = format!("{} ({})", email.as_str(), user.role.code());
                    audit::record(conn, by, "account.create", None, &detail, now).await?;
                }
                Ok(id)
            })
        })
        .await
}

/// Writes an invitation link for the account and puts the email in the outbox.
async fn invite(conn: &mut Conn, user_id: i64, email: &str, name: &str, base_url: &str, now: i64) -> Result<(), AppError> {
    use crate::server::mail::templates::escape_html;
    let token = tokens::generate();
    sqlx::query("INSERT INTO invitations (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(&token.hash)
        .bind(user_id)
        .bind(now)
        .bind(now + INVITATION_DAYS * 24 * 3600)
        .execute(&mut *conn)
        .await?;
    let url = format!("{base_url}/admin/invitation/{}", token.text);
    let text = format!(
        "Dear {name},\n\nYou have been given an organizer account on Plenary. Choose your password here (the link works for {INVITATION_DAYS} days):\n{url}\n"
    );
    let html = format!(
        "<!doctype html><html><body><p>Dear {},</p><p>You have been given an organizer account on Plenary. Choose your password here (the link works for {INVITATION_DAYS} days):</p><p><a href=\"{}\">{}</a></p></body></html>",
        escape_html(name),
        escape_html(&url),
        escape_html(&url)
    );
    let mail = outbox::OutgoingEmail {
        kind: "invitation",
        registration_id: None,
        event_id: None,
        recipient: email.to_owned(),
        subject: "Your Plenary organizer account".into(),
        text,
        html,
        ics: None,
    };
    outbox::enqueue(conn, &mail, now).await.map(|_| ())
}

/// Sets the password of an invited account through its link; the link then stops working.
pub async fn accept_invitation(state: &AppState, token: &str, new_password: String) -> Result<(), AppError> {
    password::check_new(&new_password).map_err(|why| AppError::Refused(NewUserError::Password(why).to_string()))?;
    let hash = tokens::hash_of(token).ok_or(AppError::NotFound)?;
    let stored = password::hash(new_password).await.map_err(|e| AppError::Internal(e.into()))?;
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let row: Option<(i64, i64, Option<i64>)> =
                    sqlx::query_as("SELECT user_id, expires_at, used_at FROM invitations WHERE hash = ?")
                        .bind(&hash)
                        .fetch_optional(&mut *conn)
                        .await?;
                let Some((user_id, expires_at, used_at)) = row else { return Err(AppError::NotFound) };
                if used_at.is_some() || expires_at <= now {
                    return Err(AppError::Gone);
                }
                sqlx::query("UPDATE invitations SET used_at = ? WHERE hash = ?").bind(now).bind(&hash).execute(&mut *conn).await?;
                sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?").bind(&stored).bind(user_id).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

/// A new API token for the account with this email; the text is shown once, only its hash kept.
pub async fn create_api_token(state: &AppState, email: &str, label: &str) -> Result<String, AppError> {
    let email_norm = normalize(email);
    let label = if label.trim().is_empty() { "API token".to_owned() } else { label.trim().to_owned() };
    let now = state.clock.now();
    let token = tokens::generate();
    let text = token.text.clone();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email_norm = ? AND disabled_at IS NULL")
                    .bind(&email_norm)
                    .fetch_optional(&mut *conn)
                    .await?;
                let user = user.ok_or(AppError::NotFound)?;
                sqlx::query("INSERT INTO api_tokens (user_id, label, hash, created_at) VALUES (?, ?, ?, ?)")
                    .bind(user)
                    .bind(&label)
                    .bind(&token.hash)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                if let Some(who) = principal::load(conn, user).await? {
                    audit::record(conn, &who, "api_token.create", None, &label, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(text)
}

/// Revokes one of the account's own tokens (administrators: anyone's).
pub async fn revoke_api_token(state: &AppState, by: Principal, token_id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let owner: Option<i64> =
                    sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE id = ?").bind(token_id).fetch_optional(&mut *conn).await?;
                match owner {
                    Some(o) if o == by.user_id || by.is_admin() => {}
                    _ => return Err(AppError::NotFound),
                }
                sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                    .bind(now)
                    .bind(token_id)
                    .execute(&mut *conn)
                    .await?;
                audit::record(conn, &by, "api_token.revoke", None, &token_id.to_string(), now).await
            })
        })
        .await
}
