//! Server functions behind the back-office pages. Each one finds the signed-in account and
//! lets the service check its rights; without a session they answer `Unauthorized`.
use super::*;
use crate::page_error::PageError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) async fn context() -> Result<(crate::state::AppState, crate::accounts::ssr::Principal, crate::i18n::Locale), PageError> {
    let state = expect_context::<crate::state::AppState>();
    let who = crate::web::endpoint::current().await?;
    Ok((state, who, crate::locale::request_locale().await))
}

#[server(prefix = "/api/fn", endpoint = "admin_me")]
pub async fn whoami() -> Result<Me, PageError> {
    let (_, who, _) = context().await?;
    Ok(Me { name: who.name, email: who.email, role: who.role })
}

#[server(prefix = "/api/fn", endpoint = "admin_events")]
pub async fn admin_events() -> Result<(Me, Vec<EventSummary>), PageError> {
    let (state, who, loc) = context().await?;
    let list = ssr::events::list(&state.store, &who, state.clock.now(), loc).await?;
    Ok((Me { name: who.name, email: who.email, role: who.role }, list))
}

#[server(prefix = "/api/fn", endpoint = "admin_event")]
pub async fn admin_event(slug: String) -> Result<EventAdmin, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::events::admin_page(&state.store, &who, &slug, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_registrations")]
pub async fn admin_registrations(slug: String, query: RegQuery) -> Result<RegTable, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::registrations::table(&state.store, &who, &slug, &query, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_registration")]
pub async fn admin_registration(id: i64) -> Result<RegDetail, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::registrations::detail(&state.store, &who, id, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_desk")]
pub async fn admin_desk(slug: String, session: Option<i64>, q: String) -> Result<Desk, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::desk::desk(&state.store, &who, &slug, session, &q, loc).await?)
}

/// Checks a person in from the desk (JavaScript); without it the desk posts a form instead.
#[server(prefix = "/api/fn", endpoint = "admin_checkin")]
pub async fn admin_checkin(id: i64, session: Option<i64>, undo: bool) -> Result<(), PageError> {
    let (state, who, _) = context().await?;
    crate::checkin::service::checkin(&state.ctx(), who, id, session, undo).await?;
    Ok(())
}

#[server(prefix = "/api/fn", endpoint = "admin_audit")]
pub async fn admin_audit(event: Option<String>) -> Result<Vec<AuditLine>, PageError> {
    let (state, who, _) = context().await?;
    Ok(ssr::lists::audit(&state.store, &who, event.filter(|e| !e.is_empty())).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_accounts")]
pub async fn admin_accounts() -> Result<Vec<Account>, PageError> {
    let (state, who, _) = context().await?;
    Ok(ssr::lists::accounts(&state.store, &who).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_tokens")]
pub async fn admin_tokens() -> Result<Vec<TokenLine>, PageError> {
    let (state, who, _) = context().await?;
    Ok(ssr::lists::tokens(&state.store, &who, state.clock.now()).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_mail")]
pub async fn admin_mail(slug: String) -> Result<MailPage, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::mailing::page(&state.store, &who, &slug, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_questions")]
pub async fn admin_questions(slug: String) -> Result<questions::QuestionsPage, PageError> {
    let (state, who, loc) = context().await?;
    Ok(ssr::questions::page(&state.store, &who, &slug, state.clock.now(), loc).await?)
}
