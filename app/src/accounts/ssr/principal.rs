//! Who is asking: a signed-in organizer (session cookie) or an API client (bearer token), with
//! the rights of the account. Every organizer read and write checks these rights on the server.
use crate::server::db::{Conn, ReadPool};
use crate::{
    domain::Role,
    server::{AppError, AppState, db::BoxFuture, tokens},
};
use axum::http::{HeaderMap, header};

pub const COOKIE: &str = "plenary_session";
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

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    all_events: bool,
}

/// The account with its rights, if it exists and is not disabled.
pub async fn load(conn: &mut Conn, user_id: i64) -> Result<Option<Principal>, AppError> {
    let Some(user): Option<UserRow> =
        sqlx::query_as("SELECT id, email, name, role, all_events FROM users WHERE id = ? AND disabled_at IS NULL")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let events: Vec<i64> =
        sqlx::query_scalar("SELECT event_id FROM user_events WHERE user_id = ?").bind(user_id).fetch_all(&mut *conn).await?;
    Ok(Some(Principal {
        user_id: user.id,
        email: user.email,
        name: user.name,
        role: Role::parse(&user.role).unwrap_or(Role::Checkin),
        all_events: user.all_events,
        events,
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

/// The session behind a cookie value, still within both timeouts.
async fn by_session(pool: &ReadPool, text: &str, now: i64) -> Result<Option<(i64, i64, Vec<u8>)>, AppError> {
    let Some(hash) = tokens::hash_of(text) else { return Ok(None) };
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT user_id, last_seen_at FROM auth_sessions WHERE hash = ? AND expires_at > ? AND last_seen_at > ?")
            .bind(&hash)
            .bind(now)
            .bind(now - IDLE)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(user, seen)| (user, seen, hash)))
}

/// Who sent these headers: a bearer token wins over a cookie. `None` when neither is valid.
pub async fn from_headers(state: &AppState, headers: &HeaderMap) -> Result<Option<Principal>, AppError> {
    let now = state.clock.now();
    let pool = state.store.reader();
    if let Some(text) = bearer(headers) {
        let Some(hash) = tokens::hash_of(text) else { return Ok(None) };
        let row: Option<(i64, i64, Option<i64>)> =
            sqlx::query_as("SELECT id, user_id, last_used_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL")
                .bind(&hash)
                .fetch_optional(pool)
                .await?;
        let Some((token_id, user_id, used)) = row else { return Ok(None) };
        let mut conn = pool.acquire().await?;
        let found = load(&mut conn, user_id).await?;
        if found.is_some() && used.is_none_or(|t| now - t >= TOUCH_EVERY) {
            touch_token(state, token_id, now).await?;
        }
        return Ok(found);
    }
    let Some(text) = cookie(headers, COOKIE) else { return Ok(None) };
    let Some((user_id, seen, hash)) = by_session(pool, &text, now).await? else { return Ok(None) };
    let mut conn = pool.acquire().await?;
    let found = load(&mut conn, user_id).await?;
    if found.is_some() && now - seen >= TOUCH_EVERY {
        state
            .store
            .write(move |conn| -> BoxFuture<'_, _> {
                Box::pin(async move {
                    sqlx::query("UPDATE auth_sessions SET last_seen_at = ? WHERE hash = ?")
                        .bind(now)
                        .bind(&hash)
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .await?;
    }
    Ok(found)
}

async fn touch_token(state: &AppState, token_id: i64, now: i64) -> Result<(), AppError> {
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").bind(now).bind(token_id).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .await
}

/// The signed-in account of the current server-function call.
pub async fn current() -> Result<Principal, AppError> {
    let state = leptos::prelude::expect_context::<AppState>();
    let headers = leptos_axum::extract::<HeaderMap>().await.map_err(|_| AppError::Unauthorized)?;
    from_headers(&state, &headers).await?.ok_or(AppError::Unauthorized)
}
