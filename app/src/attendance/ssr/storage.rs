//! Online attendance's tables: the uploaded reports, the minutes per person and day, the
//! event's threshold, and the check-ins those minutes make.
use crate::{error::AppError, sql, store::Conn};

/// An `attendance_reports` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub digest: String,
    pub platform: String,
    pub scope: i64,
    pub day: String,
    /// The attendees (JSON) while the report waits for review; None once saved.
    pub rows: Option<String>,
    pub uploaded_at: i64,
    pub saved_at: Option<i64>,
    pub matched: i64,
}

const REPORT: &str = "SELECT id, digest, platform, scope, day, rows, uploaded_at, saved_at, matched FROM attendance_reports";

pub async fn threshold(conn: &mut Conn, event_id: i64) -> Result<i64, AppError> {
    conn.scalar(sql!("SELECT attendance_minutes FROM events WHERE id = $1", event_id)).await
}

pub async fn set_threshold(conn: &mut Conn, event_id: i64, minutes: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE events SET attendance_minutes = $2 WHERE id = $1", event_id, minutes)).await?;
    Ok(())
}

/// The registrations a report's rows may match: (id, given name, family name, email,
/// normalized email), every one not cancelled, expired or rejected, by name.
pub async fn people(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, String, String, String, String)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT id, given_name, family_name, email, email_norm FROM registrations
         WHERE event_id = $1 AND status NOT IN ('cancelled', 'expired', 'rejected') ORDER BY given_name, family_name, id",
        event_id
    ))
    .await
}

#[expect(clippy::too_many_arguments, reason = "one row of attendance_reports")]
pub async fn insert_report(
    conn: &mut Conn,
    event_id: i64,
    digest: &str,
    platform: &str,
    scope: i64,
    day: &str,
    rows: &str,
    by_user: Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "INSERT INTO attendance_reports (event_id, digest, platform, scope, day, rows, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        event_id,
        digest,
        platform,
        scope,
        day,
        rows,
        by_user,
        now
    ))
    .await
}

/// The saved report of the event made from the very same file, if any.
pub async fn saved_with_digest(conn: &mut Conn, event_id: i64, digest: &str) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!(
        "SELECT id FROM attendance_reports WHERE event_id = $1 AND digest = $2 AND saved_at IS NOT NULL ORDER BY id LIMIT 1",
        event_id,
        digest
    ))
    .await
}

pub async fn report(conn: &mut Conn, event_id: i64, id: i64) -> Result<ReportRow, AppError> {
    conn.fetch_optional(sql!(format!("{REPORT} WHERE event_id = $1 AND id = $2"), event_id, id)).await?.ok_or(AppError::NotFound)
}

pub async fn reports(conn: &mut Conn, event_id: i64) -> Result<Vec<ReportRow>, AppError> {
    conn.fetch_all(sql!(format!("{REPORT} WHERE event_id = $1 ORDER BY uploaded_at DESC, id DESC"), event_id)).await
}

/// Records what a report said of one person for one day; a later report of the same day
/// replaces it.
#[expect(clippy::too_many_arguments, reason = "one row of online_attendance")]
pub async fn record(
    conn: &mut Conn,
    event_id: i64,
    registration_id: i64,
    scope: i64,
    minutes: i64,
    joined: Option<i64>,
    left: Option<i64>,
    report_id: i64,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO online_attendance (registration_id, scope, event_id, minutes, joined_at, left_at, report_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (registration_id, scope) DO UPDATE SET minutes = excluded.minutes, joined_at = excluded.joined_at,
             left_at = excluded.left_at, report_id = excluded.report_id",
        registration_id,
        scope,
        event_id,
        minutes,
        joined,
        left,
        report_id
    ))
    .await?;
    Ok(())
}

/// The report is saved: its attendees are no longer kept here.
pub async fn mark_saved(conn: &mut Conn, id: i64, matched: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE attendance_reports SET saved_at = $2, rows = NULL, matched = $3 WHERE id = $1", id, now, matched)).await?;
    Ok(())
}

/// Makes the event's check-ins from online minutes agree with its minutes and threshold: a
/// person online at least `threshold` minutes on a day is checked in for it. Check-ins at the
/// desk (no minutes) stand.
pub async fn rewrite_checkins(conn: &mut Conn, event_id: i64, threshold: i64, by_user: Option<i64>, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "DELETE FROM checkins WHERE minutes IS NOT NULL AND registration_id IN (SELECT id FROM registrations WHERE event_id = $1)",
        event_id
    ))
    .await?;
    conn.execute(sql!(
        "INSERT INTO checkins (registration_id, session_id, at, by_user, minutes)
         SELECT registration_id, scope, COALESCE(joined_at, $3), $4, minutes FROM online_attendance
         WHERE event_id = $1 AND minutes >= $2
         ON CONFLICT DO NOTHING",
        event_id,
        threshold,
        now,
        by_user
    ))
    .await?;
    Ok(())
}

/// How many people the event's online minutes count as attended.
pub async fn attended_online(conn: &mut Conn, event_id: i64) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "SELECT COUNT(DISTINCT c.registration_id) FROM checkins c JOIN registrations r ON r.id = c.registration_id
         WHERE r.event_id = $1 AND c.minutes IS NOT NULL",
        event_id
    ))
    .await
}

/// Reports uploaded but never saved keep names and emails: gone after a day.
pub async fn forget_unsaved(conn: &mut Conn, before: i64) -> Result<u64, AppError> {
    conn.execute(sql!("DELETE FROM attendance_reports WHERE saved_at IS NULL AND uploaded_at < $1", before)).await
}
