//! The participant path's storage: every SQL statement on registrations, their session
//! choices and their link tokens, behind functions named for what they do. The services
//! (`service`, `seats`, `emails`, `privacy`) apply the rules and call these with the open
//! transaction; they hold no SQL. A PostgreSQL port rewrites this module (and the `Conn` alias
//! in `server::db`), not the services.
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

// ---- Set-based writes for a batch of registrations (see `batch`) ----
// Each takes a whole batch as one JSON array bound to one parameter, so the statement's text
// stays the same whatever the batch size (one prepared statement, one round trip).

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
