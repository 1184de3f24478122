//! Server functions behind the participant's pages.
use super::ManageView;
use crate::page_error::PageError;
use leptos::prelude::*;

/// The registration behind a manage link.
#[server(prefix = "/api/fn", endpoint = "manage")]
pub async fn get_manage(token: String) -> Result<ManageView, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let loc = crate::locale::request_locale().await;
    Ok(super::ssr::service::manage_view(&state.ctx(), &token, loc).await?)
}
