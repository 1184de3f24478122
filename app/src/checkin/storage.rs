//! Check-in's storage: the check-ins themselves and the desk's searches.
use crate::{error::AppError, registrations::ssr::storage::like, sql, store::Conn};

/// Checks the registration in for `scope` (0 the event, -N a day, or a session); false when
/// it already was (the first check-in stands).
pub async fn check_in(conn: &mut Conn, reg_id: i64, scope: i64, now: i64, by_user: i64) -> Result<bool, AppError> {
    let n = conn
        .execute(sql!(
            "INSERT INTO checkins (registration_id, session_id, at, by_user) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            reg_id,
            scope,
            now,
            by_user
        ))
        .await?;
    Ok(n > 0)
}

/// Takes a check-in back; false when there was none.
pub async fn undo(conn: &mut Conn, reg_id: i64, scope: i64) -> Result<bool, AppError> {
    Ok(conn.execute(sql!("DELETE FROM checkins WHERE registration_id = $1 AND session_id = $2", reg_id, scope)).await? > 0)
}

/// Who a desk expects: the event's confirmed people, or for a session those with a seat in it.
fn expected(session_id: i64) -> &'static str {
    if session_id <= 0 {
        "r.event_id = $1 AND r.status = 'confirmed'"
    } else {
        "r.event_id = $1 AND r.status = 'confirmed' AND EXISTS (SELECT 1 FROM registration_sessions rs
             WHERE rs.registration_id = r.id AND rs.session_id = $2 AND rs.status = 'confirmed')"
    }
}

/// The desk's counts: expected, and checked in for this scope.
pub async fn desk_counts(conn: &mut Conn, event_id: i64, scope: i64) -> Result<(i64, i64), AppError> {
    conn.fetch_one(sql!(
        format!(
            "SELECT COUNT(*), COUNT(c.registration_id) FROM registrations r
             LEFT JOIN checkins c ON c.registration_id = r.id AND c.session_id = $2
             WHERE {}",
            expected(scope)
        ),
        event_id,
        scope
    ))
    .await
}

/// A person at the desk.
#[derive(sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub organization: String,
    pub country: String,
    pub checkin_code: Option<String>,
    pub checked_in: bool,
}

/// The expected people matching `typed` (name either way round, organisation or code), by name.
pub async fn search(conn: &mut Conn, event_id: i64, scope: i64, typed: &str) -> Result<Vec<Person>, AppError> {
    conn.fetch_all(sql!(
        format!(
            "SELECT r.id, r.given_name, r.family_name, r.organization, r.country, r.checkin_code,
                    EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND c.session_id = $2) AS checked_in
             FROM registrations r WHERE {}
               AND ($3 = '' OR lower(r.given_name || ' ' || r.family_name) LIKE $4 ESCAPE '\\'
                    OR lower(r.family_name || ' ' || r.given_name) LIKE $4 ESCAPE '\\'
                    OR lower(r.organization) LIKE $4 ESCAPE '\\' OR r.checkin_code = $5)
             ORDER BY lower(r.family_name), lower(r.given_name), r.id LIMIT 50",
            expected(scope)
        ),
        event_id,
        scope,
        typed.trim(),
        like(typed),
        super::code_of(typed)
    ))
    .await
}
