//! Server functions that load events for the pages.
use super::{EventCard, EventPage};
use crate::page_error::PageError;
use leptos::prelude::*;

/// Public events, optionally of one kind, as (upcoming, past).
#[server(prefix = "/api/fn", endpoint = "events")]
pub async fn list_events(kind: Option<String>) -> Result<(Vec<EventCard>, Vec<EventCard>), PageError> {
    let state = expect_context::<crate::state::AppState>();
    let now = state.clock.now();
    let kind = kind.filter(|k| !k.is_empty()).and_then(|k| crate::domain::EventKind::parse(&k).ok());
    let loc = crate::locale::request_locale().await;
    let rows = super::ssr::list_public(&mut state.store.read().await?).await?;
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for (event, confirmed) in rows.iter().filter(|(e, _)| kind.is_none_or(|k| e.kind == k)) {
        let card = event.card(*confirmed, now, loc);
        if card.past { past.push(card) } else { upcoming.push(card) }
    }
    past.reverse();
    Ok((upcoming, past))
}

/// One event with its programme.
#[server(prefix = "/api/fn", endpoint = "event")]
pub async fn get_event(slug: String) -> Result<EventPage, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let loc = crate::locale::request_locale().await;
    Ok(super::ssr::page(&mut state.store.read().await?, &slug, state.clock.now(), loc).await?)
}
