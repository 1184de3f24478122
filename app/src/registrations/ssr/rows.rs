//! The participant path's storage: every SQL statement on registrations, their session
//! choices and their link tokens, behind functions named for what they do. The services
//! (`service`, `seats`, `emails`, `privacy`) apply the rules and call these with the open
//! transaction; they hold no SQL. The set-based statements of the batches are in `bulk`. A
//! PostgreSQL port rewrites these two modules (and the `Conn` alias in `server::db`), not the
//! services.
use crate::{
    domain::{RegistrationStatus, SessionChoiceStatus, ValidRegistration},
    server::{AppError, db::Conn, tokens},
};

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

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<RegistrationRow, AppError> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM registrations WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn active_by_email(conn: &mut Conn, event_id: i64, email_norm: &str) -> Result<Option<RegistrationRow>, AppError> {
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
pub async fn token(conn: &mut Conn, text: &str, purpose: &str, now: i64) -> Result<(Vec<u8>, TokenRow), AppError> {
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
pub async fn issue_token(conn: &mut Conn, registration_id: i64, purpose: &str, now: i64, expires_at: i64) -> Result<String, AppError> {
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

pub async fn choices(conn: &mut Conn, registration_id: i64) -> Result<Vec<ChoiceRow>, AppError> {
    Ok(sqlx::query_as("SELECT session_id, status, waitlist_seq FROM registration_sessions WHERE registration_id = ? ORDER BY session_id")
        .bind(registration_id)
        .fetch_all(conn)
        .await?)
}

/// The registration's place on the event's waiting list (1 is next).
pub async fn waitlist_position(conn: &mut Conn, event_id: i64, seq: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' AND waitlist_seq <= ?")
        .bind(event_id)
        .bind(seq)
        .fetch_one(conn)
        .await?)
}

/// The choice's place on the session's waiting list (1 is next).
pub async fn session_waitlist_position(conn: &mut Conn, session_id: i64, seq: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registration_sessions WHERE session_id = ? AND status = 'waitlisted' AND waitlist_seq <= ?",
    )
    .bind(session_id)
    .bind(seq)
    .fetch_one(conn)
    .await?)
}

// ---- Writes of the participant's path ----

/// A new registration and its requested sessions; returns its id.
pub async fn insert(
    conn: &mut Conn,
    event_id: i64,
    valid: &ValidRegistration,
    status: &str,
    now: i64,
    expires_at: i64,
) -> Result<i64, AppError> {
    let reg_id: i64 = sqlx::query_scalar(
        "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status,
             created_at, expires_at, updated_at, checkin_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?15, ?16, ?15, ?18)
         RETURNING id",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(event_id)
    .bind(valid.given_name.as_str())
    .bind(valid.family_name.as_str())
    .bind(valid.email.as_str())
    .bind(valid.email.normalized())
    .bind(valid.country.as_str())
    .bind(valid.organization.as_str())
    .bind(valid.organization_type.code())
    .bind(valid.job_title.as_str())
    .bind(valid.gender.map(|g| g.code()))
    .bind(valid.accessibility.as_str())
    .bind(valid.dietary.as_str())
    .bind(valid.language.code())
    .bind(now)
    .bind(expires_at)
    .bind(status)
    .bind(tokens::short_code())
    .fetch_one(&mut *conn)
    .await?;
    for session_id in &valid.sessions {
        request_session(conn, reg_id, *session_id, now).await?;
    }
    Ok(reg_id)
}

/// The address behind a confirmation link is confirmed; the registration waits for its seat
/// (or an organizer's approval).
pub async fn mark_address_confirmed(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE registrations SET email_confirmed_at = ?1, expires_at = NULL, updated_at = ?1, status = 'awaiting_approval' WHERE id = ?2",
    )
    .bind(now)
    .bind(reg_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_token_used(conn: &mut Conn, hash: &[u8], now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE tokens SET used_at = ? WHERE hash = ?").bind(now).bind(hash).execute(&mut *conn).await?;
    Ok(())
}

pub async fn mark_cancelled(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE registrations SET status = 'cancelled', cancelled_at = ?1, updated_at = ?1, waitlist_seq = NULL WHERE id = ?2")
        .bind(now)
        .bind(reg_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn mark_confirmed(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE registrations SET status = 'confirmed', confirmed_at = ?1, updated_at = ?1, waitlist_seq = NULL WHERE id = ?2")
        .bind(now)
        .bind(reg_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Puts the registration at the end of its event's waiting list.
pub async fn mark_waitlisted(conn: &mut Conn, event_id: i64, reg_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE registrations SET status = 'waitlisted', updated_at = ?1,
             waitlist_seq = (SELECT COALESCE(MAX(waitlist_seq), 0) + 1 FROM registrations WHERE event_id = ?2)
         WHERE id = ?3",
    )
    .bind(now)
    .bind(event_id)
    .bind(reg_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Registrations whose address was not confirmed in time; returns how many.
pub async fn expire_unconfirmed(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    let done = sqlx::query(
        "UPDATE registrations SET status = 'expired', updated_at = ?1 WHERE status = 'awaiting_email_confirmation' AND expires_at <= ?1",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn checkin_code(conn: &mut Conn, reg_id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT checkin_code FROM registrations WHERE id = ?").bind(reg_id).fetch_one(&mut *conn).await?)
}

// ---- Seats and waiting lists ----

/// Confirmed seats of an event.
pub const EVENT_CONFIRMED: &str = "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'";
/// Confirmed seats of a session.
pub const SESSION_CONFIRMED: &str = "SELECT COUNT(*) FROM registration_sessions WHERE session_id = ? AND status = 'confirmed'";

/// One of the counts above, for `id`, in the transaction.
pub async fn count(conn: &mut Conn, sql: &'static str, id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(sql).bind(id).fetch_one(&mut *conn).await?)
}

/// The same count read outside the transaction (only under the `no_seat_lock` fault).
pub async fn count_outside(pool: &crate::server::db::ReadPool, sql: &'static str, id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(sql).bind(id).fetch_one(pool).await?)
}

/// The first on the event's waiting list.
pub async fn next_waitlisted(conn: &mut Conn, event_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1")
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Everyone on the event's waiting list, in order.
pub async fn all_waitlisted(conn: &mut Conn, event_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY waitlist_seq")
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Sessions the registration asked for and has no seat in yet.
pub async fn requested_sessions(conn: &mut Conn, reg_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT session_id FROM registration_sessions WHERE registration_id = ? AND status = 'requested'")
        .bind(reg_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// A session choice waiting for the registration's own seat.
pub async fn request_session(conn: &mut Conn, reg_id: i64, session_id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO registration_sessions (registration_id, session_id, status, created_at) VALUES (?, ?, 'requested', ?)")
        .bind(reg_id)
        .bind(session_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets a session choice to `status`; a waitlisted one goes to the end of that session's list.
pub async fn set_choice(conn: &mut Conn, reg_id: i64, session_id: i64, status: SessionChoiceStatus, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO registration_sessions (registration_id, session_id, status, waitlist_seq, created_at)
         VALUES (?1, ?2, ?3, CASE WHEN ?3 = 'waitlisted'
                 THEN (SELECT COALESCE(MAX(waitlist_seq), 0) + 1 FROM registration_sessions WHERE session_id = ?2) END, ?4)
         ON CONFLICT (registration_id, session_id) DO UPDATE SET status = excluded.status, waitlist_seq = excluded.waitlist_seq",
    )
    .bind(reg_id)
    .bind(session_id)
    .bind(status.code())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The first confirmed registration on a session's waiting list.
pub async fn next_session_waitlisted(conn: &mut Conn, session_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT rs.registration_id FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
         WHERE rs.session_id = ? AND rs.status = 'waitlisted' AND r.status = 'confirmed' ORDER BY rs.waitlist_seq LIMIT 1",
    )
    .bind(session_id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn confirm_choice(conn: &mut Conn, reg_id: i64, session_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE registration_sessions SET status = 'confirmed', waitlist_seq = NULL WHERE registration_id = ? AND session_id = ?")
        .bind(reg_id)
        .bind(session_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn remove_choice(conn: &mut Conn, reg_id: i64, session_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM registration_sessions WHERE registration_id = ? AND session_id = ?")
        .bind(reg_id)
        .bind(session_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn remove_choices(conn: &mut Conn, reg_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM registration_sessions WHERE registration_id = ?").bind(reg_id).execute(&mut *conn).await?;
    Ok(())
}

// ---- A person's own data ----

/// Everything held about one registration, as the JSON a participant downloads.
pub async fn personal_data(conn: &mut Conn, reg_id: i64) -> Result<serde_json::Value, AppError> {
    use serde_json::json;
    let text: String = sqlx::query_scalar(
        "SELECT json_object(
            'reference', public_id, 'given_name', given_name, 'family_name', family_name, 'email', email,
            'country', country, 'organization', organization, 'organization_type', organization_type,
            'job_title', job_title, 'gender', gender, 'accessibility_needs', accessibility_needs,
            'dietary_needs', dietary_needs, 'language', language, 'status', status,
            'consent_at', datetime(consent_at, 'unixepoch'), 'registered_at', datetime(created_at, 'unixepoch'),
            'email_confirmed_at', datetime(email_confirmed_at, 'unixepoch'), 'confirmed_at', datetime(confirmed_at, 'unixepoch'),
            'cancelled_at', datetime(cancelled_at, 'unixepoch'), 'checkin_code', checkin_code, 'organizer_note', decision_note)
         FROM registrations WHERE id = ?",
    )
    .bind(reg_id)
    .fetch_one(&mut *conn)
    .await?;
    let sessions: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.title, rs.status FROM registration_sessions rs JOIN sessions s ON s.id = rs.session_id WHERE rs.registration_id = ?",
    )
    .bind(reg_id)
    .fetch_all(&mut *conn)
    .await?;
    let checkins: Vec<(i64, String)> =
        sqlx::query_as("SELECT session_id, datetime(at, 'unixepoch') FROM checkins WHERE registration_id = ? ORDER BY at")
            .bind(reg_id)
            .fetch_all(&mut *conn)
            .await?;
    let emails: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT kind, subject, status, datetime(sent_at, 'unixepoch') FROM outbox WHERE registration_id = ? ORDER BY id")
            .bind(reg_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(json!({
        "registration": serde_json::from_str::<serde_json::Value>(&text).unwrap_or(serde_json::Value::Null),
        "sessions": sessions.into_iter().map(|(title, status)| json!({ "title": title, "status": status })).collect::<Vec<_>>(),
        "checkins": checkins.into_iter().map(|(session, at)| json!({ "session": session, "at_utc": at })).collect::<Vec<_>>(),
        "emails": emails
            .into_iter()
            .map(|(kind, subject, status, sent)| json!({ "kind": kind, "subject": subject, "status": status, "sent_at_utc": sent }))
            .collect::<Vec<_>>(),
    }))
}
