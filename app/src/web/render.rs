//! Rendering a page in answer to a form POST (a refused form shown again with its values and
//! errors): the app is rendered for the request's path with extra context.
use crate::state::AppState;
use axum::{
    body::Body,
    extract::Request,
    http::{StatusCode, request::Parts},
    response::Response,
};
use leptos::prelude::provide_context;

pub async fn page_with<T: Clone + Send + Sync + 'static>(state: AppState, parts: Parts, extra: T, status: StatusCode) -> Response {
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(extra.clone());
        },
        move || crate::shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// Reads an `application/x-www-form-urlencoded` body (repeated keys become lists).
pub async fn form<T: serde::de::DeserializeOwned>(body: Body) -> Result<T, Response> {
    use axum::response::IntoResponse;
    const LIMIT: usize = 256 * 1024;
    let bytes = axum::body::to_bytes(body, LIMIT).await.map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())
}
