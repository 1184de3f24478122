//! Registration rows and the small queries the services share.
use crate::{
    domain::{RegistrationStatus, SessionChoiceStatus},
    server::{AppError, tokens},
};
use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: i64,
    pub public_id: String,
    pub event_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub job_title: String,
    pub status: String,
    pub waitlist_seq: Option<i64>,
    /// The language the person registered in; their emails are written in it.
    pub language: String,
}

impl RegistrationRow {
    pub fn status(&self) -> RegistrationStatus {
        RegistrationStatus::parse(&self.status).unwrap_or(RegistrationStatus::Cancelled)
    }

    pub fn addressee(&self) -> crate::server::mail::templates::Addressee {
        crate::server::mail::templates::Addressee {
            registration_id: self.id,
            given_name: self.given_name.clone(),
            email: self.email.clone(),
            locale: crate::locale::locale_of(&self.language),
        }
    }
}

const COLUMNS: &str =
    "id, public_id, event_id, given_name, family_name, email, country, organization, job_title, status, waitlist_seq, language";

pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<RegistrationRow, AppError> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM registrations WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn active_by_email(conn: &mut SqliteConnection, event_id: i64, email_norm: &str) -> Result<Option<RegistrationRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM registrations WHERE event_id = ? AND email_norm = ? AND status NOT IN ('cancelled', 'expired')"
    ))
    .bind(event_id)
    .bind(email_norm)
    .fetch_optional(conn)
    .await?)
}

/// A token row found by the hash of a link's token.
#[derive(Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub registration_id: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Finds the token of `purpose` behind a link. Unknown → NotFound; expired → Gone.
pub async fn token(conn: &mut SqliteConnection, text: &str, purpose: &str, now: i64) -> Result<(Vec<u8>, TokenRow), AppError> {
    let hash = tokens::hash_of(text).ok_or(AppError::NotFound)?;
    let row: TokenRow = sqlx::query_as("SELECT registration_id, expires_at, used_at FROM tokens WHERE hash = ? AND purpose = ?")
        .bind(&hash)
        .bind(purpose)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.expires_at <= now {
        return Err(AppError::Gone);
    }
    Ok((hash, row))
}

/// Stores a new token for `registration_id` and returns its text for the link.
pub async fn issue_token(
    conn: &mut SqliteConnection,
    registration_id: i64,
    purpose: &str,
    now: i64,
    expires_at: i64,
) -> Result<String, AppError> {
    let t = tokens::generate();
    sqlx::query("INSERT INTO tokens (hash, registration_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(&t.hash)
        .bind(registration_id)
        .bind(purpose)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(t.text)
}

/// A registration's session choices.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChoiceRow {
    pub session_id: i64,
    pub status: String,
    pub waitlist_seq: Option<i64>,
}

impl ChoiceRow {
    pub fn status(&self) -> SessionChoiceStatus {
        SessionChoiceStatus::parse(&self.status).unwrap_or(SessionChoiceStatus::Requested)
    }
}

pub async fn choices(conn: &mut SqliteConnection, registration_id: i64) -> Result<Vec<ChoiceRow>, AppError> {
    Ok(sqlx::query_as("SELECT session_id, status, waitlist_seq FROM registration_sessions WHERE registration_id = ? ORDER BY session_id")
        .bind(registration_id)
        .fetch_all(conn)
        .await?)
}

/// The registration's place on the event's waiting list (1 is next).
pub async fn waitlist_position(conn: &mut SqliteConnection, event_id: i64, seq: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' AND waitlist_seq <= ?")
        .bind(event_id)
        .bind(seq)
        .fetch_one(conn)
        .await?)
}

/// The choice's place on the session's waiting list (1 is next).
pub async fn session_waitlist_position(conn: &mut SqliteConnection, session_id: i64, seq: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registration_sessions WHERE session_id = ? AND status = 'waitlisted' AND waitlist_seq <= ?",
    )
    .bind(session_id)
    .bind(seq)
    .fetch_one(conn)
    .await?)
}
