//! Events' storage: every statement on events, their partners and sessions.
use super::{EventRow, SessionRow};
use crate::{
    domain::{EventStatus, RegistrationStatus},
    error::AppError,
    events::ssr::input::{ValidEvent, ValidSession},
    sql,
    store::{Conn, Sql},
};

const EVENT_COLUMNS: &str = "id, slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone, \
     starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility, status, activity_tag, changes_close_at";

/// Published, public events, soonest first.
pub async fn public(conn: &mut Conn) -> Result<Vec<EventRow>, AppError> {
    conn.fetch_all(sql!(format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE status = 'published' AND visibility = 'public' ORDER BY starts_at"
    )))
    .await
}

/// The event's confirmed seats.
pub async fn confirmed_count(conn: &mut Conn, event_id: i64) -> Result<i64, AppError> {
    conn.scalar(sql!("SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed'", event_id)).await
}

/// Confirmed seats per event, for the events that have any.
pub async fn confirmed_counts(conn: &mut Conn) -> Result<Vec<(i64, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT event_id, COUNT(*) FROM registrations WHERE status = 'confirmed' GROUP BY event_id")).await
}

/// A published (or cancelled) event by slug: what the public may open.
pub async fn published_by_slug(conn: &mut Conn, slug: &str) -> Result<EventRow, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {EVENT_COLUMNS} FROM events WHERE slug = $1 AND status IN ('published', 'cancelled')"), slug))
        .await?
        .ok_or(AppError::NotFound)
}

/// An event by slug in any state (draft, archived too), for the back office.
pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<EventRow, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {EVENT_COLUMNS} FROM events WHERE slug = $1"), slug)).await?.ok_or(AppError::NotFound)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<EventRow, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"), id)).await?.ok_or(AppError::NotFound)
}

/// The id of the event with this slug, if any.
pub async fn id_of(conn: &mut Conn, slug: &str) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!("SELECT id FROM events WHERE slug = $1", slug)).await
}

/// Events that are not archived: upcoming and running ones first, soonest first; then past
/// ones, latest first.
pub async fn listed_ids(conn: &mut Conn, now: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!(
        "SELECT id FROM events WHERE status != 'archived'
         ORDER BY ends_at < $1, CASE WHEN ends_at >= $1 THEN starts_at END, starts_at DESC",
        now
    ))
    .await
}

/// The event's sessions with their confirmed counts, in programme order.
pub async fn sessions_of(conn: &mut Conn, event_id: i64) -> Result<Vec<SessionRow>, AppError> {
    conn.fetch_all(sql!(
        "SELECT s.id, s.event_id, s.title, s.description, s.room, s.starts_at, s.ends_at, s.capacity, s.parallel_group,
                (SELECT COUNT(*) FROM registration_sessions rs WHERE rs.session_id = s.id AND rs.status = 'confirmed') AS confirmed
         FROM sessions s WHERE s.event_id = $1 ORDER BY s.starts_at, s.id",
        event_id
    ))
    .await
}

pub async fn partners_of(conn: &mut Conn, event_id: i64) -> Result<Vec<String>, AppError> {
    conn.scalars(sql!("SELECT name FROM event_partners WHERE event_id = $1 ORDER BY position", event_id)).await
}

/// Registrations of the event per state.
pub async fn status_counts(conn: &mut Conn, event_id: i64) -> Result<Vec<(RegistrationStatus, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT status, COUNT(*) FROM registrations WHERE event_id = $1 GROUP BY status", event_id)).await
}

/// People checked in at the event: at the door on any day, or at any session.
pub async fn attended_count(conn: &mut Conn, event_id: i64) -> Result<i64, AppError> {
    conn.scalar(sql!("SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND attended = TRUE", event_id)).await
}

/// A session's waiting list and check-ins.
pub async fn session_counts(conn: &mut Conn, session_id: i64) -> Result<(i64, i64), AppError> {
    conn.fetch_one(sql!(
        "SELECT (SELECT COUNT(*) FROM registration_sessions WHERE session_id = $1 AND status = 'waitlisted'),
                (SELECT COUNT(*) FROM checkins WHERE session_id = $1)",
        session_id
    ))
    .await
}

// ---- Writes ----

/// Binds the event form's values as parameters $1 to $20, the same for creating and saving.
fn bind_event(q: Sql, v: &ValidEvent) -> Sql {
    q.bind(&v.slug)
        .bind(v.kind)
        .bind(&v.title)
        .bind(&v.summary)
        .bind(&v.description)
        .bind(v.online)
        .bind(&v.venue)
        .bind(&v.city)
        .bind(&v.host_country)
        .bind(&v.join_url)
        .bind(&v.timezone)
        .bind(v.starts_at)
        .bind(v.ends_at)
        .bind(v.opens_at)
        .bind(v.closes_at)
        .bind(v.capacity)
        .bind(v.requires_approval)
        .bind(v.visibility)
        .bind(&v.activity_tag)
        .bind(v.changes_close_at)
}

/// A new draft event; returns its id.
pub async fn insert(conn: &mut Conn, v: &ValidEvent, now: i64) -> Result<i64, AppError> {
    let q = Sql::new(
        "INSERT INTO events (slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone,
             starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility,
             activity_tag, changes_close_at, created_at, updated_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, 'draft')
         RETURNING id",
    );
    conn.scalar(bind_event(q, v).bind(now)).await
}

pub async fn update(conn: &mut Conn, id: i64, v: &ValidEvent, now: i64) -> Result<(), AppError> {
    let q = Sql::new(
        "UPDATE events SET slug = $1, kind = $2, title = $3, summary = $4, description = $5, online = $6, venue = $7, city = $8,
             host_country = $9, join_url = $10, timezone = $11, starts_at = $12, ends_at = $13, registration_opens_at = $14,
             registration_closes_at = $15, capacity = $16, requires_approval = $17, visibility = $18, activity_tag = $19,
             changes_close_at = $20, updated_at = $21
         WHERE id = $22",
    );
    conn.execute(bind_event(q, v).bind(now).bind(id)).await?;
    Ok(())
}

pub async fn set_partners(conn: &mut Conn, event_id: i64, partners: &[String]) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM event_partners WHERE event_id = $1", event_id)).await?;
    for (i, name) in partners.iter().enumerate() {
        conn.execute(sql!("INSERT INTO event_partners (event_id, position, name) VALUES ($1, $2, $3)", event_id, i as i64, name)).await?;
    }
    Ok(())
}

pub async fn set_status(conn: &mut Conn, event_id: i64, to: EventStatus, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE events SET status = $1, updated_at = $2 WHERE id = $3", to, now, event_id)).await?;
    Ok(())
}

/// The report settings: the smallest count shown, and the days personal data is kept.
pub async fn set_report_settings(
    conn: &mut Conn,
    event_id: i64,
    threshold: i64,
    retention_days: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE events SET report_threshold = $1, retention_days = $2, updated_at = $3 WHERE id = $4",
        threshold,
        retention_days,
        now,
        event_id
    ))
    .await?;
    Ok(())
}

/// The report settings and how many registrations were erased.
pub async fn report_settings(conn: &mut Conn, event_id: i64) -> Result<(i64, Option<i64>, i64), AppError> {
    conn.fetch_one(sql!(
        "SELECT report_threshold, retention_days, (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND erased_at IS NOT NULL)
         FROM events WHERE id = $1",
        event_id
    ))
    .await
}

pub async fn insert_session(conn: &mut Conn, event_id: i64, v: &ValidSession) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "INSERT INTO sessions (event_id, title, room, starts_at, ends_at, capacity, parallel_group) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
        event_id,
        &v.title,
        &v.room,
        v.starts_at,
        v.ends_at,
        v.capacity,
        &v.parallel_group
    ))
    .await
}

pub async fn update_session(conn: &mut Conn, id: i64, v: &ValidSession) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE sessions SET title = $1, room = $2, starts_at = $3, ends_at = $4, capacity = $5, parallel_group = $6 WHERE id = $7",
        &v.title,
        &v.room,
        v.starts_at,
        v.ends_at,
        v.capacity,
        &v.parallel_group,
        id
    ))
    .await?;
    Ok(())
}
