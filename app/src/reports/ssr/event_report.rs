//! The per-event report: loads the facts of an event's registrations (one query, nothing
//! personal), counts them and writes the sentence.
use super::{
    sentence::{self, Summary},
    tally::{self, Fact},
};
use crate::server::db::Conn;
use crate::{
    accounts::ssr::Principal,
    admin::ssr::events::managed,
    events::ssr::EventRow,
    i18n::Locale,
    locale::country_name,
    reports::{EventReport, Line, Pair},
    server::{AppError, AppState},
};
use std::collections::HashSet;

/// The facts of every registration of the event, with whether each was checked in anywhere
/// (`attended`, kept by triggers on `checkins`).
pub async fn facts(conn: &mut Conn, event_id: i64) -> Result<Vec<Fact>, AppError> {
    Ok(sqlx::query_as("SELECT status, country, organization_type, gender, attended FROM registrations WHERE event_id = ?")
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Per session: confirmed places against check-ins at that session.
async fn sessions(conn: &mut Conn, event_id: i64) -> Result<Vec<Line>, AppError> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.title,
                (SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
                  WHERE rs.session_id = s.id AND rs.status = 'confirmed' AND r.status = 'confirmed'),
                (SELECT COUNT(*) FROM checkins c WHERE c.session_id = s.id)
         FROM sessions s WHERE s.event_id = ? ORDER BY s.starts_at, s.id",
    )
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, registered, attended)| Line { key: id.to_string(), label: title, counts: Pair { registered, attended } })
        .collect())
}

/// The sentence's figures, counted over the participants.
pub fn summary(facts: &[Fact], has_checkins: bool) -> Summary {
    let mut s = Summary::default();
    let mut countries = HashSet::new();
    let mut types: Vec<(String, i64)> = Vec::new();
    for f in facts.iter().filter(|f| f.participant(has_checkins)) {
        s.participants += 1;
        countries.insert(f.country.as_str());
        match types.iter_mut().find(|(t, _)| *t == f.organization_type) {
            Some((_, n)) => *n += 1,
            None => types.push((f.organization_type.clone(), 1)),
        }
        match f.gender.as_deref() {
            Some("female") => {
                s.women += 1;
                s.gender_stated += 1;
            }
            Some("male" | "other") => s.gender_stated += 1,
            _ => {}
        }
    }
    s.countries = countries.len() as i64;
    s.types = types;
    s
}

/// The report of one event, for an account that may manage it.
pub async fn build(state: &AppState, who: &Principal, slug: &str, loc: Locale) -> Result<EventReport, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let event = managed(&mut conn, who, slug).await?;
    of_event(&mut conn, &event, loc).await
}

pub async fn of_event(conn: &mut Conn, event: &EventRow, loc: Locale) -> Result<EventReport, AppError> {
    let facts = facts(conn, event.id).await?;
    let (threshold, retention_days, erased): (i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT report_threshold, retention_days, (SELECT COUNT(*) FROM registrations WHERE event_id = ?1 AND erased_at IS NOT NULL)
         FROM events WHERE id = ?1",
    )
    .bind(event.id)
    .fetch_one(&mut *conn)
    .await?;
    let states = tally::states(&facts);
    let has_checkins = states.attended > 0;
    let mut tallies = tally::tallies(&facts, |code| country_name(code, loc));
    tallies.sessions = sessions(conn, event.id).await?;
    let summary = summary(&facts, has_checkins);
    Ok(EventReport {
        slug: event.slug.clone(),
        title: event.title.clone(),
        kind: event.kind(),
        when: event.when(loc),
        has_checkins,
        attendance_rate: (has_checkins && tallies.total.registered > 0)
            .then(|| sentence::percent(tallies.total.attended, tallies.total.registered)),
        participants: summary.participants,
        participant_countries: summary.countries,
        sentence: sentence::write(loc, &summary),
        states,
        tallies,
        threshold,
        retention_days,
        erased,
    })
}
