//! Accounts: sign-in and sign-out, creating accounts (command line and invitations), disabling
//! them, changing one's password, signing out one's other sessions, and API tokens.
use super::{
    audit, password,
    principal::{self, ABSOLUTE, Principal},
    storage, throttle,
};
use crate::{
    context::Ctx,
    domain::{Email, Role},
    error::AppError,
    mail::outbox,
    store::{BoxFuture, Conn, Store},
    tokens,
};

/// Days an invitation link stays valid.
const INVITATION_DAYS: i64 = 7;
/// A new API token needs the password typed within this many seconds (at sign-in, or again).
pub const REAUTHENTICATE_WITHIN: i64 = 5 * 60;

fn normalize(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks the password of `email_norm`'s account, counting the attempt first (`throttle`).
/// Every refusal looks the same (`Unauthorized`) and takes as long whether or not the account
/// exists; too many attempts give `TooManyAttempts`. Returns the account and, when its hash
/// was made with older settings, a new one.
async fn check_password(
    store: &Store,
    email_norm: &str,
    password: String,
    client: &str,
    now: i64,
) -> Result<(i64, Option<String>), AppError> {
    let attempt = throttle::attempt(store, email_norm, client, now).await?;
    let found = storage::credentials(&mut store.read().await?, email_norm).await?;
    let (user_id, stored) = match found {
        Some((id, hash)) => (Some(id), hash),
        None => (None, None),
    };
    let verified = password::verify(password, stored).await;
    let (Some(user_id), true) = (user_id, verified != password::Verified::No) else { return Err(AppError::Unauthorized) };
    throttle::succeeded(store, attempt).await?;
    Ok((
        user_id,
        match verified {
            password::Verified::YesRehashed(new) => Some(new),
            _ => None,
        },
    ))
}

/// Checks the password and opens a new session; returns the cookie value.
pub async fn login(ctx: &Ctx, email: &str, password: String, client: &str) -> Result<String, AppError> {
    let now = ctx.now;
    let (user_id, rehashed) = check_password(&ctx.store, &normalize(email), password, client, now).await?;
    let token = tokens::generate();
    let text = token.text.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                storage::insert_session(conn, &token.hash, user_id, now, now + ABSOLUTE).await?;
                if let Some(new) = rehashed {
                    storage::set_password(conn, user_id, &new).await?;
                }
                // Old sessions past their time are cleared here rather than by another job.
                storage::delete_expired_sessions(conn, now).await?;
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
pub async fn logout(store: &Store, cookie: &str) -> Result<(), AppError> {
    let Some(hash) = tokens::hash_of(cookie) else { return Ok(()) };
    store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { storage::delete_session(conn, &hash).await }) }).await
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

fn refused(e: NewUserError) -> AppError {
    AppError::Refused(e.to_string())
}

/// Creates an account; with no password, emails an invitation link. Returns the account id.
pub async fn create_user(ctx: &Ctx, by: Option<Principal>, user: NewUser) -> Result<i64, AppError> {
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
    let now = ctx.now;
    let base_url = ctx.config.base_url.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                if storage::id_by_email(conn, &email.normalized()).await?.is_some() {
                    return Err(refused(NewUserError::Exists));
                }
                let mut event_ids = Vec::new();
                for slug in &user.events {
                    let id = crate::events::ssr::storage::id_of(conn, slug).await?;
                    event_ids.push(id.ok_or_else(|| refused(NewUserError::UnknownEvent(slug.clone())))?);
                }
                let id = storage::insert_user(
                    conn,
                    email.as_str(),
                    &email.normalized(),
                    &name,
                    user.role,
                    user.all_events,
                    hash.as_deref(),
                    now,
                )
                .await?;
                for event_id in &event_ids {
                    storage::assign_event(conn, id, *event_id).await?;
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
    use crate::mail::templates::escape_html;
    let token = tokens::generate();
    storage::insert_invitation(conn, &token.hash, user_id, now, now + INVITATION_DAYS * 24 * 3600).await?;
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
pub async fn accept_invitation(ctx: &Ctx, token: &str, new_password: String) -> Result<(), AppError> {
    password::check_new(&new_password).map_err(|why| refused(NewUserError::Password(why)))?;
    let hash = tokens::hash_of(token).ok_or(AppError::NotFound)?;
    let stored = password::hash(new_password).await.map_err(|e| AppError::Internal(e.into()))?;
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let Some((user_id, expires_at, used_at)) = storage::invitation(conn, &hash).await? else { return Err(AppError::NotFound) };
                if used_at.is_some() || expires_at <= now {
                    return Err(AppError::Gone);
                }
                storage::use_invitation(conn, &hash, now).await?;
                storage::set_password(conn, user_id, &stored).await
            })
        })
        .await
}

/// Changes the signed-in person's password (the current one checked, as a sign-in attempt)
/// and signs out their other sessions.
pub async fn change_password(ctx: &Ctx, who: Principal, current: String, new: String, client: &str) -> Result<(), AppError> {
    password::check_new(&new).map_err(|why| refused(NewUserError::Password(why)))?;
    let Some((session, _)) = who.session.clone() else { return Err(AppError::Forbidden) };
    check_password(&ctx.store, &normalize(&who.email), current, client, ctx.now).await?;
    let stored = password::hash(new).await.map_err(|e| AppError::Internal(e.into()))?;
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                storage::set_password(conn, who.user_id, &stored).await?;
                let ended = storage::delete_sessions_of(conn, who.user_id, Some(&session)).await?;
                storage::reauthenticated(conn, &session, now).await?;
                audit::record(conn, &who, "account.password", None, &format!("{ended} other sessions signed out"), now).await
            })
        })
        .await
}

/// Ends every session of the signed-in person but this one; returns how many ended.
pub async fn sign_out_others(ctx: &Ctx, who: Principal) -> Result<u64, AppError> {
    let Some((session, _)) = who.session.clone() else { return Err(AppError::Forbidden) };
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let ended = storage::delete_sessions_of(conn, who.user_id, Some(&session)).await?;
                audit::record(conn, &who, "account.sign_out_others", None, &format!("{ended} sessions"), now).await?;
                Ok(ended)
            })
        })
        .await
}

/// Disables an account (its sessions end and its API tokens are revoked at once) or enables it
/// again. Administrators only, and not their own.
pub async fn set_disabled(ctx: &Ctx, by: Principal, user_id: i64, disabled: bool) -> Result<(), AppError> {
    by.ensure_admin()?;
    if by.user_id == user_id {
        return Err(AppError::Conflict("an administrator cannot disable their own account"));
    }
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                if storage::set_disabled(conn, user_id, disabled.then_some(now)).await? == 0 {
                    return Err(AppError::NotFound);
                }
                if disabled {
                    storage::delete_sessions_of(conn, user_id, None).await?;
                    storage::revoke_api_tokens_of(conn, user_id, now).await?;
                }
                let action = if disabled { "account.disable" } else { "account.enable" };
                audit::record(conn, &by, action, None, &format!("account {user_id}"), now).await
            })
        })
        .await
}

/// The days a new API token works, from a form (`None`: until revoked).
pub fn token_days(raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" | "never" => Ok(None),
        t => t
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(Some)
            .ok_or_else(|| AppError::Form([("days".to_owned(), "invalid_number".to_owned())].into_iter().collect())),
    }
}

async fn insert_token(store: &Store, user_id: i64, label: &str, now: i64, days: Option<i64>) -> Result<String, AppError> {
    let label = if label.trim().is_empty() { "API token".to_owned() } else { label.trim().to_owned() };
    let token = tokens::generate();
    let text = token.text.clone();
    store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                storage::insert_api_token(conn, user_id, &label, &token.hash, now, days.map(|d| now + d * 86_400)).await?;
                if let Some(who) = principal::load(conn, user_id).await? {
                    let expiry = days.map_or_else(|| "no expiry".to_owned(), |d| format!("{d} days"));
                    audit::record(conn, &who, "api_token.create", None, &format!("{label} ({expiry})"), now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(text)
}

/// A new API token for the account with this email, from the command line (whoever has the
/// server's shell may); the text is shown once, only its hash kept.
pub async fn create_api_token(ctx: &Ctx, email: &str, label: &str, days: Option<i64>) -> Result<String, AppError> {
    let user = storage::credentials(&mut ctx.store.read().await?, &normalize(email)).await?.ok_or(AppError::NotFound)?;
    insert_token(&ctx.store, user.0, label, ctx.now, days).await
}

/// A new API token for the signed-in person. A token opens everything the account may do, so
/// it is made only for someone who typed the password within the last few minutes: at
/// sign-in, or now (`password`, checked as a sign-in attempt).
pub async fn create_own_api_token(
    ctx: &Ctx,
    who: Principal,
    password: String,
    label: &str,
    days: Option<i64>,
    client: &str,
) -> Result<String, AppError> {
    let Some((session, authenticated)) = who.session.clone() else { return Err(AppError::Forbidden) };
    // A password typed is always checked, even within the minutes after signing in.
    if ctx.now - authenticated > REAUTHENTICATE_WITHIN || !password.is_empty() {
        if password.is_empty() {
            return Err(AppError::Form([("password".to_owned(), "reauthenticate".to_owned())].into_iter().collect()));
        }
        match check_password(&ctx.store, &normalize(&who.email), password, client, ctx.now).await {
            Ok(_) => {}
            Err(AppError::Unauthorized) => {
                return Err(AppError::Form([("password".to_owned(), "wrong_password".to_owned())].into_iter().collect()));
            }
            Err(e) => return Err(e),
        }
        let now = ctx.now;
        ctx.store.write(move |c| -> BoxFuture<'_, _> { Box::pin(async move { storage::reauthenticated(c, &session, now).await }) }).await?;
    }
    insert_token(&ctx.store, who.user_id, label, ctx.now, days).await
}

/// Revokes one of the account's own tokens (administrators: anyone's).
pub async fn revoke_api_token(ctx: &Ctx, by: Principal, token_id: i64) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                match storage::api_token_owner(conn, token_id).await? {
                    Some(o) if o == by.user_id || by.is_admin() => {}
                    _ => return Err(AppError::NotFound),
                }
                storage::revoke_api_token(conn, token_id, now).await?;
                audit::record(conn, &by, "api_token.revoke", None, &token_id.to_string(), now).await
            })
        })
        .await
}
