//! `POST /admin/people/{id}/merge`: another address of the person of registration `id`.
use super::service;
use crate::{
    error::AppError,
    people::MergeRefused,
    state::AppState,
    web::{
        endpoint::{failure, read},
        render,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MergeForm {
    email: String,
}

pub async fn merge(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    read!(state, request => parts, who, form: MergeForm);
    let page = format!("/admin/people/{id}");
    match service::merge(&state.ctx(), who, id, form.email.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=saved")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = page.parse().unwrap_or(parts.uri);
            let error = errors.into_values().next().unwrap_or_default();
            render::page_with(state, parts, MergeRefused { email: form.email, error }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}
