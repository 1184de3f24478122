//! Reports' storage: the facts the tallies count (nothing personal), the per-session and
//! per-country counts, the events a range of years holds, and the attendee export's rows.
use super::{activity::HeldEvent, tally::Fact};
use crate::{
    error::AppError,
    registrations::{
        RegQuery,
        ssr::storage::{filters, order},
    },
    sql,
    store::{Conn, Sql},
};

/// The facts of every registration of the event, with whether each was checked in anywhere
/// (`attended`, kept by triggers on `checkins`).
pub async fn facts(conn: &mut Conn, event_id: i64) -> Result<Vec<Fact>, AppError> {
    conn.fetch_all(sql!("SELECT status, country, organization_type, gender, attended FROM registrations WHERE event_id = $1", event_id))
        .await
}

/// Per tallied question and stored value: (question key, value, registered, attended), with
/// the report's definitions (registered: confirmed or checked in; attended: checked in).
pub async fn answer_counts(conn: &mut Conn, event_id: i64, kinds: &[String]) -> Result<Vec<(String, String, i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT q.key, a.value,
                CAST(SUM(CASE WHEN r.attended OR r.status = 'confirmed' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN r.attended THEN 1 ELSE 0 END) AS BIGINT)
         FROM answers a JOIN questions q ON q.id = a.question_id JOIN registrations r ON r.id = a.registration_id
         WHERE q.event_id = $1 AND q.kind = ANY($2)
         GROUP BY q.key, a.value",
        event_id,
        kinds
    ))
    .await
}

/// Per session: (id, title, confirmed places, check-ins at the session).
pub async fn sessions(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, String, i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT s.id, s.title,
                (SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
                  WHERE rs.session_id = s.id AND rs.status = 'confirmed' AND r.status = 'confirmed'),
                (SELECT COUNT(*) FROM checkins c WHERE c.session_id = s.id)
         FROM sessions s WHERE s.event_id = $1 ORDER BY s.starts_at, s.id",
        event_id
    ))
    .await
}

/// Events that have started by `now` and were neither drafts nor cancelled, starting in
/// `start..end` (Unix seconds).
pub async fn held(conn: &mut Conn, start: i64, end: i64, now: i64) -> Result<Vec<HeldEvent>, AppError> {
    conn.fetch_all(sql!(
        "SELECT id, slug, title, kind, activity_tag, online, host_country, timezone, starts_at, ends_at FROM events
         WHERE status IN ('published', 'archived') AND starts_at >= $1 AND starts_at < $2 AND starts_at <= $3
         ORDER BY starts_at",
        start,
        end,
        now
    ))
    .await
}

/// The events `ids` as the activity table sees them (whatever their state).
pub async fn events_by_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<HeldEvent>, AppError> {
    conn.fetch_all(sql!(
        "SELECT id, slug, title, kind, activity_tag, online, host_country, timezone, starts_at, ends_at FROM events WHERE id = ANY($1)",
        ids.to_vec()
    ))
    .await
}

/// Attended and registered per event and country, for the given events (and one country):
/// (event, country, attended, registered).
pub async fn country_counts(conn: &mut Conn, events: &[i64], country: Option<&str>) -> Result<Vec<(i64, String, i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        // One scan of the covering index `registrations_tally`, in its order.
        "SELECT event_id, country,
                CAST(SUM(CASE WHEN attended THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN attended OR status = 'confirmed' THEN 1 ELSE 0 END) AS BIGINT)
         FROM registrations
         WHERE event_id = ANY($1) AND (CAST($2 AS TEXT) IS NULL OR country = $2)
         GROUP BY event_id, country",
        events,
        country
    ))
    .await
}

/// Of `events`, those where anyone was checked in.
pub async fn with_checkins(conn: &mut Conn, events: &[i64]) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!(
        "SELECT e.id FROM events e WHERE e.id = ANY($1)
           AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.attended = TRUE)",
        events
    ))
    .await
}

/// One row of the attendee export.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub organization_type: String,
    pub job_title: String,
    pub gender: Option<String>,
    pub status: crate::domain::RegistrationStatus,
    pub sessions: Option<String>,
    pub created_at: i64,
    pub checked_in: bool,
    pub language: String,
    pub accessibility_needs: String,
    pub dietary_needs: String,
}

/// The export's statement: the table's filters and order.
pub fn export(event_id: i64, f: &RegQuery) -> Sql {
    let mut q = Sql::new(
        "SELECT r.id, r.public_id, r.given_name, r.family_name, r.email, r.country, r.organization, r.organization_type, r.job_title,
                r.gender, r.status, r.created_at, r.language, r.accessibility_needs, r.dietary_needs,
                r.attended AS checked_in,
                (SELECT string_agg(s.title, '; ' ORDER BY s.starts_at, s.id) FROM registration_sessions rs
                   JOIN sessions s ON s.id = rs.session_id
                  WHERE rs.registration_id = r.id AND rs.status = 'confirmed') AS sessions
         FROM registrations r",
    );
    filters(&mut q, event_id, f);
    q.push(" ORDER BY ").push(order(&f.sort));
    q
}
