//! The check-in desk: who is expected at the door (the whole event, one day of it, or one
//! session), searching them by name, organisation or code, and checking them in or undoing it.
use super::{events::summary, registrations::like};
use crate::{
    accounts::ssr::{Principal, audit},
    admin::{Desk, DeskPerson},
    domain::RegistrationStatus,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    locale::country_name,
    registrations::ssr::rows,
    server::{AppError, AppState, db::BoxFuture},
    time_fmt,
};

/// Checks a person in (or, with `undo`, takes it back), for the event or one session.
/// A second check-in of the same person is harmless: the first one stands.
pub async fn checkin(state: &AppState, who: Principal, reg_id: i64, session: Option<i64>, undo: bool) -> Result<String, AppError> {
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let reg = rows::by_id(conn, reg_id).await.map_err(|_| AppError::NotFound)?;
                let event = events::by_id(conn, reg.event_id).await?;
                who.ensure_checkin(event.id)?;
                if reg.status() != RegistrationStatus::Confirmed {
                    return Err(AppError::Conflict("only confirmed participants can be checked in"));
                }
                let session_id = session.unwrap_or(0);
                let known = match session_id {
                    0 => true,
                    day if day < 0 => event_days(&event, Locale::en).iter().any(|(d, _)| *d == day),
                    id => events::sessions_of(conn, event.id).await?.iter().any(|s| s.id == id),
                };
                if !known {
                    return Err(AppError::NotFound);
                }
                let changed = if undo {
                    sqlx::query("DELETE FROM checkins WHERE registration_id = ? AND session_id = ?")
                        .bind(reg_id)
                        .bind(session_id)
                        .execute(&mut *conn)
                        .await?
                } else {
                    sqlx::query(
                        "INSERT INTO checkins (registration_id, session_id, at, by_user) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    )
                    .bind(reg_id)
                    .bind(session_id)
                    .bind(now)
                    .bind(who.user_id)
                    .execute(&mut *conn)
                    .await?
                };
                if changed.rows_affected() > 0 {
                    let action = if undo { "checkin.undo" } else { "checkin" };
                    audit::record(conn, &who, action, Some(event.id), &format!("registration {reg_id}, session {session_id}"), now).await?;
                }
                Ok(event.slug)
            })
        })
        .await
}

/// The desk: confirmed people matching `q` (name, organization or code), with counts.
pub async fn desk(state: &AppState, who: &Principal, slug: &str, session: Option<i64>, q: &str, loc: Locale) -> Result<Desk, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let event = events::any_by_slug(&mut conn, slug).await?;
    who.ensure_checkin(event.id)?;
    let sessions = events::sessions_of(&mut conn, event.id).await?;
    let days = event_days(&event, loc);
    let chosen = session.and_then(|id| sessions.iter().find(|s| s.id == id));
    let chosen_day = session.and_then(|id| days.iter().find(|(d, _)| *d == id));
    let session_id = chosen.map(|s| s.id).or(chosen_day.map(|(d, _)| *d)).unwrap_or(0);
    // Expected: confirmed people (for a session, those with a confirmed seat in it).
    let scope = if session_id <= 0 {
        "r.event_id = ?1 AND r.status = 'confirmed'"
    } else {
        "r.event_id = ?1 AND r.status = 'confirmed' AND EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id AND rs.session_id = ?2 AND rs.status = 'confirmed')"
    };
    let (expected, checked_in): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND c.session_id = ?2)), 0) FROM registrations r WHERE {scope}"
    ))
    .bind(event.id)
    .bind(session_id)
    .fetch_one(&mut *conn)
    .await?;
    let code = q.trim().to_uppercase().replace(['-', ' '], "");
    #[derive(sqlx::FromRow)]
    struct Person {
        id: i64,
        given_name: String,
        family_name: String,
        organization: String,
        country: String,
        checkin_code: Option<String>,
        checked_in: bool,
    }
    let people: Vec<Person> = sqlx::query_as(&format!(
        "SELECT r.id, r.given_name, r.family_name, r.organization, r.country, r.checkin_code,
                EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND c.session_id = ?2) AS checked_in
         FROM registrations r WHERE {scope}
           AND (?3 = '' OR lower(r.given_name || ' ' || r.family_name) LIKE ?4 ESCAPE '\\' OR lower(r.family_name || ' ' || r.given_name) LIKE ?4 ESCAPE '\\'
                OR lower(r.organization) LIKE ?4 ESCAPE '\\' OR r.checkin_code = ?5)
         ORDER BY r.family_name COLLATE NOCASE, r.given_name COLLATE NOCASE LIMIT 50"
    ))
    .bind(event.id)
    .bind(session_id)
    .bind(q.trim())
    .bind(like(q))
    .bind(code)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Desk {
        event: summary(&mut conn, who, &event, loc).await?,
        session: chosen.map(|s| (s.id, s.title.clone())).or(chosen_day.cloned()),
        sessions: sessions.iter().map(|s| (s.id, s.title.clone())).collect(),
        days,
        people: people
            .into_iter()
            .map(|p| DeskPerson {
                id: p.id,
                name: format!("{} {}", p.given_name, p.family_name),
                organization: p.organization,
                country: country_name(&p.country, loc),
                code: p.checkin_code.map(|c| format_code(&c)).unwrap_or_default(),
                checked_in: p.checked_in,
            })
            .collect(),
        checked_in,
        expected,
    })
}

/// The days of a multi-day event, each with its check-in scope: day N is stored as session
/// `-N` in `checkins` (0 is the event as a whole, positive ids are sessions). One-day events
/// have none: the whole-event desk is that day's.
pub fn event_days(event: &EventRow, loc: Locale) -> Vec<(i64, String)> {
    let mut days = Vec::new();
    let mut t = event.starts_at;
    let mut n = 1;
    let mut last = String::new();
    while t <= event.ends_at && n <= 60 {
        let label = time_fmt::day_label(t, &event.timezone, loc);
        if label != last {
            days.push((-n, label.clone()));
            last = label;
            n += 1;
        }
        t += 6 * 3600;
    }
    if days.len() < 2 { Vec::new() } else { days }
}

/// "K7M4QX2P" as "K7M4-QX2P", easier to read aloud.
pub fn format_code(code: &str) -> String {
    if code.len() == 8 { format!("{}-{}", &code[..4], &code[4..]) } else { code.to_owned() }
}
