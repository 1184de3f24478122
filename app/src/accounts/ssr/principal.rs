//! Who is asking: a signed-in organizer (session cookie) or an API client (bearer token), with
//! the rights of the account. Every organizer read and write checks these rights on the server,
//! and loads the account afresh, so a disabled account stops working at once.
use super::storage;
use crate::{
    domain::Role,
    error::AppError,
    store::{BoxFuture, Conn, Store},
    tokens,
};
use axum::http::{HeaderMap, header};

/// The session cookie on an HTTPS site: `__Host-` makes browsers keep it to this host, over
/// HTTPS, for the whole site, so no other site or subdomain can set or read it.
pub const SECURE_COOKIE: &str = "__Host-plenary_session";
/// The session cookie on a plain-HTTP address (a developer's machine), where a `Secure`
/// cookie could not be set.
pub const COOKIE: &str = "plenary_session";

/// The session cookie's name for a site at `base_url`.
pub fn cookie_name(base_url: &str) -> &'static str {
    if base_url.starts_with("https://") { SECURE_COOKIE } else { COOKIE }
}
/// A session ends after this long without a request...
pub const IDLE: i64 = 4 * 3600;
/// ...and after this long in any case (one working day at the check-in desk).
pub const ABSOLUTE: i64 = 14 * 3600;
/// `last_seen_at` is written at most this often, so reading pages does not mean writing.
const TOUCH_EVERY: i64 = 5 * 60;

#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Organizers and check-in staff with rights to every event.
    pub all_events: bool,
    /// The events assigned to this account.
    pub events: Vec<i64>,
    /// The sign-in session behind the request (its hash), and when its person last typed the
    /// password; `None` for an API token.
    pub session: Option<(Vec<u8>, i64)>,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    fn assigned(&self, event_id: i64) -> bool {
        self.all_events || self.events.contains(&event_id)
    }

    /// May see and change the event, its sessions and registrations.
    pub fn can_manage(&self, event_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Organizer => self.assigned(event_id),
            Role::Checkin => false,
        }
    }

    /// May check people in at the event.
    pub fn can_checkin(&self, event_id: i64) -> bool {
        self.role == Role::Admin || self.assigned(event_id)
    }

    /// May create new events (organizers become organizers of what they create).
    pub fn can_create_events(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Organizer)
    }

    /// `NotFound` unless the account may manage the event: an event one may not see is, for
    /// that account, an event that does not exist.
    pub fn ensure_manage(&self, event_id: i64) -> Result<(), AppError> {
        if self.can_manage(event_id) { Ok(()) } else { Err(AppError::NotFound) }
    }

    pub fn ensure_checkin(&self, event_id: i64) -> Result<(), AppError> {
        if self.can_checkin(event_id) { Ok(()) } else { Err(AppError::NotFound) }
    }

    pub fn ensure_admin(&self) -> Result<(), AppError> {
        if self.is_admin() { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

/// The account with its rights, if it exists and is not disabled.
pub async fn load(conn: &mut Conn, user_id: i64) -> Result<Option<Principal>, AppError> {
    let Some(user) = storage::user(conn, user_id).await? else { return Ok(None) };
    let events = storage::assigned_events(conn, user_id).await?;
    Ok(Some(Principal {
        user_id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        all_events: user.all_events,
        events,
        session: None,
    }))
}

/// The value of cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Who sent these headers: a bearer token wins over the session cookie `cookie_name`. `None`
/// when neither is valid.
pub async fn from_headers(store: &Store, now: i64, headers: &HeaderMap, cookie_name: &str) -> Result<Option<Principal>, AppError> {
    let mut conn = store.read().await?;
    if let Some(text) = bearer(headers) {
        let Some(hash) = tokens::hash_of(text) else { return Ok(None) };
        let Some((token_id, user_id, used)) = storage::api_token(&mut conn, &hash, now).await? else { return Ok(None) };
        let found = load(&mut conn, user_id).await?;
        drop(conn);
        if found.is_some() && used.is_none_or(|t| now - t >= TOUCH_EVERY) {
            store.write_apart(move |c| -> BoxFuture<'_, _> { Box::pin(storage::touch_api_token(c, token_id, now)) }).await?;
        }
        return Ok(found);
    }
    let Some(text) = cookie(headers, cookie_name) else { return Ok(None) };
    let Some(hash) = tokens::hash_of(&text) else { return Ok(None) };
    let Some((user_id, seen, authenticated)) = storage::session(&mut conn, &hash, now, IDLE).await? else { return Ok(None) };
    let mut found = load(&mut conn, user_id).await?;
    drop(conn);
    if let Some(p) = &mut found {
        p.session = Some((hash.clone(), authenticated));
        if now - seen >= TOUCH_EVERY {
            store
                .write_apart(move |c| -> BoxFuture<'_, _> { Box::pin(async move { storage::touch_session(c, &hash, now).await }) })
                .await?;
        }
    }
    Ok(found)
}
