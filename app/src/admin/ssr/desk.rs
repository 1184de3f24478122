//! The check-in desk as its page shows it: who is expected at the door (the whole event, one
//! day of it, or one session), the people matching what was typed, and the counts.
use super::events::summary;
use crate::{
    accounts::ssr::Principal,
    admin::{Desk, DeskPerson},
    checkin::{event_days, format_code, storage},
    error::AppError,
    events::ssr as events,
    i18n::Locale,
    locale::country_name,
    store::Store,
};

/// The desk: confirmed people matching `q` (name, organization or code), with counts.
pub async fn desk(store: &Store, who: &Principal, slug: &str, session: Option<i64>, q: &str, loc: Locale) -> Result<Desk, AppError> {
    let mut conn = store.read().await?;
    let event = events::storage::by_slug(&mut conn, slug).await?;
    who.ensure_checkin(event.id)?;
    let sessions = events::sessions_of(&mut conn, event.id).await?;
    let days = event_days(&event, loc);
    let chosen = session.and_then(|id| sessions.iter().find(|s| s.id == id));
    let chosen_day = session.and_then(|id| days.iter().find(|(d, _)| *d == id));
    let scope = chosen.map(|s| s.id).or(chosen_day.map(|(d, _)| *d)).unwrap_or(0);
    let (expected, checked_in) = storage::desk_counts(&mut conn, event.id, scope).await?;
    let people = storage::search(&mut conn, event.id, scope, q).await?;
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
