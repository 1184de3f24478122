//! Accounts' storage: every statement on accounts, their events, sign-in sessions, API tokens,
//! invitations, sign-in attempts and the audit log.
use crate::{domain::Role, error::AppError, sql, store::Conn};

/// An account's row.
#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub all_events: bool,
}

/// An account that is not disabled.
pub async fn user(conn: &mut Conn, user_id: i64) -> Result<Option<UserRow>, AppError> {
    conn.fetch_optional(sql!("SELECT id, email, name, role, all_events FROM users WHERE id = $1 AND disabled_at IS NULL", user_id)).await
}

/// The events assigned to an account.
pub async fn assigned_events(conn: &mut Conn, user_id: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT event_id FROM user_events WHERE user_id = $1", user_id)).await
}

pub async fn assign_event(conn: &mut Conn, user_id: i64, event_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("INSERT INTO user_events (user_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", user_id, event_id)).await?;
    Ok(())
}

/// An enabled account by address: its id and password hash (none while invited).
pub async fn credentials(conn: &mut Conn, email_norm: &str) -> Result<Option<(i64, Option<String>)>, AppError> {
    conn.fetch_optional(sql!("SELECT id, password_hash FROM users WHERE email_norm = $1 AND disabled_at IS NULL", email_norm)).await
}

/// The password hash of an enabled account.
pub async fn password_hash(conn: &mut Conn, user_id: i64) -> Result<Option<String>, AppError> {
    Ok(conn
        .scalar_optional::<Option<String>>(sql!("SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL", user_id))
        .await?
        .flatten())
}

/// Any account's id by address (disabled ones too: an address is taken once).
pub async fn id_by_email(conn: &mut Conn, email_norm: &str) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!("SELECT id FROM users WHERE email_norm = $1", email_norm)).await
}

#[expect(clippy::too_many_arguments, reason = "one argument per column of the row it writes")]
pub async fn insert_user(
    conn: &mut Conn,
    email: &str,
    email_norm: &str,
    name: &str,
    role: Role,
    all_events: bool,
    hash: Option<&str>,
    now: i64,
) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "INSERT INTO users (email, email_norm, name, role, all_events, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
        email,
        email_norm,
        name,
        role,
        all_events,
        hash,
        now
    ))
    .await
}

pub async fn set_password(conn: &mut Conn, user_id: i64, hash: &str) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE users SET password_hash = $1 WHERE id = $2", hash, user_id)).await?;
    Ok(())
}

/// Disables (`Some(now)`) or enables (`None`) an account.
pub async fn set_disabled(conn: &mut Conn, user_id: i64, at: Option<i64>) -> Result<u64, AppError> {
    conn.execute(sql!("UPDATE users SET disabled_at = $1 WHERE id = $2", at, user_id)).await
}

/// An account for the administrators' list.
#[derive(sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub all_events: bool,
    pub events: Option<String>,
    pub invited: bool,
    pub disabled: bool,
}

pub async fn accounts(conn: &mut Conn) -> Result<Vec<AccountRow>, AppError> {
    conn.fetch_all(sql!(
        "SELECT u.id, u.name, u.email, u.role, u.all_events,
                (SELECT string_agg(e.slug, ', ' ORDER BY e.slug) FROM user_events ue JOIN events e ON e.id = ue.event_id
                  WHERE ue.user_id = u.id) AS events,
                u.password_hash IS NULL AS invited, u.disabled_at IS NOT NULL AS disabled
         FROM users u ORDER BY u.disabled_at IS NOT NULL, lower(u.name), u.id"
    ))
    .await
}

// ---- Sign-in sessions ----

pub async fn insert_session(conn: &mut Conn, hash: &[u8], user_id: i64, now: i64, expires_at: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO auth_sessions (hash, user_id, created_at, last_seen_at, expires_at, authenticated_at) VALUES ($1, $2, $3, $3, $4, $3)",
        hash,
        user_id,
        now,
        expires_at
    ))
    .await?;
    Ok(())
}

/// A live session: (account, last seen, when the password was last typed).
pub async fn session(conn: &mut Conn, hash: &[u8], now: i64, idle: i64) -> Result<Option<(i64, i64, i64)>, AppError> {
    conn.fetch_optional(sql!(
        "SELECT user_id, last_seen_at, authenticated_at FROM auth_sessions WHERE hash = $1 AND expires_at > $2 AND last_seen_at > $3",
        hash,
        now,
        now - idle
    ))
    .await
}

pub async fn touch_session(conn: &mut Conn, hash: &[u8], now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE auth_sessions SET last_seen_at = $1 WHERE hash = $2", now, hash)).await?;
    Ok(())
}

/// The person typed their password again in this session.
pub async fn reauthenticated(conn: &mut Conn, hash: &[u8], now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE auth_sessions SET authenticated_at = $1 WHERE hash = $2", now, hash)).await?;
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, hash: &[u8]) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM auth_sessions WHERE hash = $1", hash)).await?;
    Ok(())
}

/// Ends every session of the account but `keep`; returns how many ended.
pub async fn delete_sessions_of(conn: &mut Conn, user_id: i64, keep: Option<&[u8]>) -> Result<u64, AppError> {
    conn.execute(sql!("DELETE FROM auth_sessions WHERE user_id = $1 AND ($2 IS NULL OR hash != $2)", user_id, keep.map(<[u8]>::to_vec)))
        .await
}

pub async fn delete_expired_sessions(conn: &mut Conn, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM auth_sessions WHERE expires_at <= $1", now)).await?;
    Ok(())
}

// ---- API tokens ----

/// A token that still works: (id, account, last used).
pub async fn api_token(conn: &mut Conn, hash: &[u8], now: i64) -> Result<Option<(i64, i64, Option<i64>)>, AppError> {
    conn.fetch_optional(sql!(
        "SELECT id, user_id, last_used_at FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        hash,
        now
    ))
    .await
}

pub async fn insert_api_token(
    conn: &mut Conn,
    user_id: i64,
    label: &str,
    hash: &[u8],
    now: i64,
    expires_at: Option<i64>,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO api_tokens (user_id, label, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        user_id,
        label,
        hash,
        now,
        expires_at
    ))
    .await?;
    Ok(())
}

pub async fn touch_api_token(conn: &mut Conn, token_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", now, token_id)).await?;
    Ok(())
}

pub async fn api_token_owner(conn: &mut Conn, token_id: i64) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!("SELECT user_id FROM api_tokens WHERE id = $1", token_id)).await
}

pub async fn revoke_api_token(conn: &mut Conn, token_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", now, token_id)).await?;
    Ok(())
}

pub async fn revoke_api_tokens_of(conn: &mut Conn, user_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", now, user_id)).await?;
    Ok(())
}

/// An account's tokens for its list, newest first.
#[derive(sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub expires_at: Option<i64>,
}

pub async fn api_tokens_of(conn: &mut Conn, user_id: i64) -> Result<Vec<TokenRow>, AppError> {
    conn.fetch_all(sql!(
        "SELECT id, label, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        user_id
    ))
    .await
}

// ---- Invitations ----

pub async fn insert_invitation(conn: &mut Conn, hash: &[u8], user_id: i64, now: i64, expires_at: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO invitations (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        hash,
        user_id,
        now,
        expires_at
    ))
    .await?;
    Ok(())
}

/// (account, expires, used) of an invitation link.
pub async fn invitation(conn: &mut Conn, hash: &[u8]) -> Result<Option<(i64, i64, Option<i64>)>, AppError> {
    conn.fetch_optional(sql!("SELECT user_id, expires_at, used_at FROM invitations WHERE hash = $1", hash)).await
}

pub async fn use_invitation(conn: &mut Conn, hash: &[u8], now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE invitations SET used_at = $1 WHERE hash = $2", now, hash)).await?;
    Ok(())
}

// ---- Sign-in attempts (`throttle`) ----

/// Attempts under `key` since `since`.
pub async fn attempts(conn: &mut Conn, key: &[u8], since: i64) -> Result<i64, AppError> {
    conn.scalar(sql!("SELECT COUNT(*) FROM signin_attempts WHERE key = $1 AND at > $2", key, since)).await
}

pub async fn insert_attempt(conn: &mut Conn, key: &[u8], now: i64) -> Result<i64, AppError> {
    conn.scalar(sql!("INSERT INTO signin_attempts (key, at) VALUES ($1, $2) RETURNING id", key, now)).await
}

pub async fn delete_attempts(conn: &mut Conn, ids: Vec<i64>, key: &[u8]) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM signin_attempts WHERE id = ANY($1) OR key = $2", ids, key)).await?;
    Ok(())
}

pub async fn forget_attempts(conn: &mut Conn, before: i64) -> Result<u64, AppError> {
    conn.execute(sql!("DELETE FROM signin_attempts WHERE at <= $1", before)).await
}

// ---- The audit log ----

#[expect(clippy::too_many_arguments, reason = "one argument per column of the row it writes")]
pub async fn insert_audit(
    conn: &mut Conn,
    now: i64,
    user_id: Option<i64>,
    actor: &str,
    action: &str,
    event_id: Option<i64>,
    registration_id: Option<i64>,
    detail: &str,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO audit_log (at, user_id, actor, action, event_id, registration_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        now,
        user_id,
        actor,
        action,
        event_id,
        registration_id,
        detail
    ))
    .await?;
    Ok(())
}

/// The latest 500 audit lines, of one event (by slug) or all: (at, actor, action, slug, detail).
pub async fn audit_lines(conn: &mut Conn, event: Option<String>) -> Result<Vec<(i64, String, String, Option<String>, String)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT a.at, a.actor, a.action, e.slug, a.detail FROM audit_log a LEFT JOIN events e ON e.id = a.event_id
         WHERE CAST($1 AS TEXT) IS NULL OR e.slug = $1 ORDER BY a.id DESC LIMIT 500",
        event
    ))
    .await
}

/// A registration's audit lines, oldest first: (at, actor, action, detail).
pub async fn audit_of_registration(conn: &mut Conn, registration_id: i64) -> Result<Vec<(i64, String, String, String)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT at, actor, action, detail FROM audit_log WHERE registration_id = $1 ORDER BY id LIMIT 500",
        registration_id
    ))
    .await
}
