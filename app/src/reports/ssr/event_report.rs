//! The per-event report: loads the facts of an event's registrations (one query, nothing
//! personal), counts them and writes the sentence.
use super::{
    sentence::{self, Summary},
    storage,
    tally::{self, Fact},
};
use crate::{
    accounts::ssr::Principal,
    error::AppError,
    events::ssr::{EventRow, managed, storage as events},
    i18n::Locale,
    locale::country_name,
    reports::{EventReport, Line, Pair},
    store::{Conn, Store},
};
use std::collections::HashSet;

/// Per session: confirmed places against check-ins at that session.
async fn sessions(conn: &mut Conn, event_id: i64) -> Result<Vec<Line>, AppError> {
    Ok(storage::sessions(conn, event_id)
        .await?
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
pub async fn build(store: &Store, who: &Principal, slug: &str, loc: Locale) -> Result<EventReport, AppError> {
    let mut conn = store.read().await?;
    let event = managed(&mut conn, who, slug).await?;
    of_event(&mut conn, &event, loc).await
}

pub async fn of_event(conn: &mut Conn, event: &EventRow, loc: Locale) -> Result<EventReport, AppError> {
    let facts: Vec<Fact> = storage::facts(conn, event.id).await?;
    let (threshold, retention_days, erased) = events::report_settings(conn, event.id).await?;
    let states = tally::states(&facts);
    let has_checkins = states.attended > 0;
    let mut tallies = tally::tallies(&facts, |code| country_name(code, loc));
    tallies.sessions = sessions(conn, event.id).await?;
    let summary = summary(&facts, has_checkins);
    Ok(EventReport {
        slug: event.slug.clone(),
        title: event.title.clone(),
        kind: event.kind,
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
