//! Server functions behind the report pages; each checks the signed-in account's rights.
use super::{ActivityTable, CountryHistory, EventReport};
use crate::page_error::PageError;
use leptos::prelude::*;

#[server(prefix = "/api/fn", endpoint = "report_event")]
pub async fn report_event(slug: String) -> Result<EventReport, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let who = crate::web::endpoint::current().await?;
    let loc = crate::locale::request_locale().await;
    Ok(super::ssr::event_report::build(&state.store, &who, &slug, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "report_activity")]
pub async fn report_activity(from: Option<i32>, to: Option<i32>) -> Result<ActivityTable, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let who = crate::web::endpoint::current().await?;
    let (first, last) = super::ssr::activity::default_range(state.clock.now());
    Ok(super::ssr::activity::table(&state.store, &who, state.clock.now(), from.unwrap_or(first), to.unwrap_or(last)).await?)
}

#[server(prefix = "/api/fn", endpoint = "report_country")]
pub async fn report_country(code: String, from: Option<i32>, to: Option<i32>) -> Result<CountryHistory, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let who = crate::web::endpoint::current().await?;
    let loc = crate::locale::request_locale().await;
    // A country's whole history unless a range is asked for.
    let (_, last) = super::ssr::activity::default_range(state.clock.now());
    Ok(super::ssr::activity::country_history(&state.store, &who, state.clock.now(), &code, from.unwrap_or(1990), to.unwrap_or(last), loc)
        .await?)
}
