//! The per-event report: loads the facts of an event's registrations (one query, nothing
//! personal), counts them and writes the sentence; the tallied questions' answers are counted
//! by the database, per option.
use super::{
    sentence::{self, Summary},
    storage,
    tally::{self, Fact},
};
use crate::{
    accounts::ssr::Principal,
    domain::QuestionKind,
    error::AppError,
    events::ssr::{EventRow, managed, storage as events},
    i18n::Locale,
    locale::{country_name, language_of},
    questions::ssr::storage as questions,
    reports::{EventReport, Line, Pair, QuestionTally},
    store::{Conn, Store},
};
use std::collections::HashSet;

/// Per tallied question, a line per option (none answered: zeros), then any value no option
/// has any more; archived questions only when somebody answered them.
async fn question_tallies(conn: &mut Conn, event_id: i64, loc: Locale) -> Result<Vec<QuestionTally>, AppError> {
    let kinds: Vec<String> = QuestionKind::ALL.iter().filter(|k| k.is_tallied()).map(|k| k.code().to_owned()).collect();
    let counts = storage::answer_counts(conn, event_id, &kinds).await?;
    let (lang, yes_no) = (language_of(loc), crate::questions::ssr::yes_no(loc));
    let mut out = Vec::new();
    for s in questions::of_event(conn, event_id).await?.into_iter().filter(|s| s.question.kind.is_tallied()) {
        let q = &s.question;
        let mine: Vec<&(String, String, i64, i64)> = counts.iter().filter(|c| c.0 == q.key).collect();
        if s.archived && mine.is_empty() {
            continue;
        }
        let pair = |value: &str| mine.iter().find(|c| c.1 == value).map(|c| Pair { registered: c.2, attended: c.3 }).unwrap_or_default();
        let choices = q.choices(lang, yes_no);
        let mut lines: Vec<Line> =
            choices.iter().map(|(value, label)| Line { key: value.clone(), label: label.clone(), counts: pair(value) }).collect();
        for c in mine.iter().filter(|c| !choices.iter().any(|(v, _)| *v == c.1)) {
            lines.push(Line { key: c.1.clone(), label: q.value_label(&c.1, lang, yes_no), counts: pair(&c.1) });
        }
        out.push(QuestionTally { key: q.key.clone(), label: q.label(lang).to_owned(), lines });
    }
    Ok(out)
}

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
        published_sentence: sentence::write_published(loc, &summary, threshold),
        states,
        tallies,
        threshold,
        retention_days,
        erased,
        questions: question_tallies(conn, event.id, loc).await?,
        nominations: crate::nominations::ssr::service::countries(conn, event.id, loc).await?,
    })
}
