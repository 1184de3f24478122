//! The set-based statements of the participant path's batches (`batch`): each takes a whole
//! batch as one JSON array bound to one parameter, so the statement's text stays the same
//! whatever the batch size (one prepared statement, one round trip). Single-row statements
//! are in `rows`.
use super::rows::RegistrationRow;
use crate::{
    domain::{RegistrationStatus, ValidRegistration},
    server::{AppError, db::Conn, tokens},
};

// ---- Set-based writes for a batch of registrations (see `batch`) ----

/// A registration about to be stored by `insert_many`.
pub struct NewRegistration<'a> {
    pub public_id: String,
    pub event_id: i64,
    pub valid: &'a ValidRegistration,
    pub status: &'static str,
    pub now: i64,
    pub expires_at: i64,
    pub checkin_code: String,
}

/// Stores new registrations and their requested sessions; returns their ids, in order.
pub async fn insert_many(conn: &mut Conn, new: &[NewRegistration<'_>]) -> Result<Vec<i64>, AppError> {
    use serde_json::json;
    let rows: Vec<_> = new
        .iter()
        .map(|r| {
            let v = r.valid;
            json!({
                "p": r.public_id, "e": r.event_id, "g": v.given_name.as_str(), "f": v.family_name.as_str(),
                "m": v.email.as_str(), "n": v.email.normalized(), "c": v.country.as_str(), "o": v.organization.as_str(),
                "t": v.organization_type.code(), "j": v.job_title.as_str(), "x": v.gender.map(|g| g.code()),
                "a": v.accessibility.as_str(), "d": v.dietary.as_str(), "l": v.language.code(), "s": r.status,
                "now": r.now, "exp": r.expires_at, "k": r.checkin_code,
            })
        })
        .collect();
    let stored: Vec<(i64, String)> = sqlx::query_as(
        "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status,
             created_at, expires_at, updated_at, checkin_code)
         SELECT r->>'p', r->>'e', r->>'g', r->>'f', r->>'m', r->>'n', r->>'c', r->>'o', r->>'t', r->>'j', r->>'x', r->>'a',
                r->>'d', r->>'l', r->>'now', r->>'s', r->>'now', r->>'exp', r->>'now', r->>'k'
         FROM (SELECT value AS r FROM json_each(?1))
         RETURNING id, public_id",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .fetch_all(&mut *conn)
    .await?;
    // RETURNING does not promise an order: match the ids back by public id.
    let by_public: std::collections::HashMap<&str, i64> = stored.iter().map(|(id, p)| (p.as_str(), *id)).collect();
    let ids: Vec<i64> = new.iter().filter_map(|r| by_public.get(r.public_id.as_str()).copied()).collect();
    if ids.len() != new.len() {
        return Err(AppError::Internal("a batch insert lost rows".into()));
    }
    let choices: Vec<_> =
        new.iter().zip(&ids).flat_map(|(r, id)| r.valid.sessions.iter().map(move |s| serde_json::json!([id, s, r.now]))).collect();
    if !choices.is_empty() {
        sqlx::query(
            "INSERT INTO registration_sessions (registration_id, session_id, status, created_at)
             SELECT value->>0, value->>1, 'requested', value->>2 FROM json_each(?1)",
        )
        .bind(serde_json::Value::Array(choices).to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(ids)
}

/// The addresses among `emails_norm` that already have an active registration for the event.
pub async fn active_emails(conn: &mut Conn, event_id: i64, emails_norm: &[String]) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT email_norm FROM registrations
         WHERE event_id = ?1 AND email_norm IN (SELECT value FROM json_each(?2)) AND status NOT IN ('cancelled', 'expired')",
    )
    .bind(event_id)
    .bind(serde_json::to_string(emails_norm).map_err(AppError::internal)?)
    .fetch_all(&mut *conn)
    .await?)
}

/// A link token about to be stored by `issue_tokens`.
pub struct NewToken {
    pub registration_id: i64,
    pub purpose: &'static str,
    pub now: i64,
    pub expires_at: i64,
    pub token: tokens::NewToken,
}

/// Stores many link tokens at once (their hashes only).
pub async fn issue_tokens(conn: &mut Conn, new: &[NewToken]) -> Result<(), AppError> {
    let rows: Vec<_> =
        new.iter().map(|t| serde_json::json!([tokens::to_hex(&t.token.hash), t.registration_id, t.purpose, t.now, t.expires_at])).collect();
    sqlx::query(
        "INSERT INTO tokens (hash, registration_id, purpose, created_at, expires_at)
         SELECT unhex(value->>0), value->>1, value->>2, value->>3, value->>4 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---- Set-based writes for a batch of address confirmations (see `batch`) ----

/// A confirmation link's token with the registration behind it.
#[derive(Debug, sqlx::FromRow)]
pub struct Confirmable {
    #[sqlx(flatten)]
    pub registration: RegistrationRow,
    pub hash: Vec<u8>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub checkin_code: Option<String>,
    /// Whether the registration asked for sessions (those take the one-by-one way).
    pub has_sessions: bool,
}

/// The confirmation tokens among `hashes` that exist, with their registrations.
pub async fn confirmables(conn: &mut Conn, hashes: &[Vec<u8>]) -> Result<Vec<Confirmable>, AppError> {
    let hex: Vec<String> = hashes.iter().map(|h| tokens::to_hex(h)).collect();
    Ok(sqlx::query_as(
        "SELECT r.id, r.public_id, r.event_id, r.given_name, r.family_name, r.email, r.country, r.organization, r.job_title,
                r.status, r.waitlist_seq, r.language, r.checkin_code, t.hash, t.expires_at, t.used_at,
                EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id) AS has_sessions
         FROM tokens t JOIN registrations r ON r.id = t.registration_id
         WHERE t.hash IN (SELECT unhex(value) FROM json_each(?1)) AND t.purpose = 'confirm'",
    )
    .bind(serde_json::to_string(&hex).map_err(AppError::internal)?)
    .fetch_all(&mut *conn)
    .await?)
}

/// An event's seats as a batch of confirmations starts: confirmed, waiting, and the last
/// waiting-list number given out.
pub async fn seat_counts(conn: &mut Conn, event_id: i64) -> Result<(i64, i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM registrations WHERE event_id = ?1 AND status = 'confirmed'),
                (SELECT COUNT(*) FROM registrations WHERE event_id = ?1 AND status = 'waitlisted'),
                (SELECT COALESCE(MAX(waitlist_seq), 0) FROM registrations WHERE event_id = ?1)",
    )
    .bind(event_id)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn mark_tokens_used(conn: &mut Conn, hashes: &[&[u8]], now: i64) -> Result<(), AppError> {
    let hex: Vec<String> = hashes.iter().map(|h| tokens::to_hex(h)).collect();
    sqlx::query("UPDATE tokens SET used_at = ?2 WHERE hash IN (SELECT unhex(value) FROM json_each(?1))")
        .bind(serde_json::to_string(&hex).map_err(AppError::internal)?)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Where a registration goes once its address is confirmed: `confirmed`, `waitlisted` (with
/// its number on the list) or `awaiting_approval`.
pub struct Settled {
    pub id: i64,
    pub status: RegistrationStatus,
    pub waitlist_seq: Option<i64>,
}

/// Marks many addresses confirmed and each registration settled as decided, in one statement.
pub async fn settle_addresses(conn: &mut Conn, settled: &[Settled], now: i64) -> Result<(), AppError> {
    let rows: Vec<_> = settled.iter().map(|s| serde_json::json!([s.id, s.status.code(), s.waitlist_seq])).collect();
    sqlx::query(
        "UPDATE registrations
         SET status = j.value->>1, waitlist_seq = j.value->>2, email_confirmed_at = ?2, expires_at = NULL, updated_at = ?2,
             confirmed_at = CASE WHEN j.value->>1 = 'confirmed' THEN ?2 END
         FROM json_each(?1) AS j WHERE registrations.id = j.value->>0",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
