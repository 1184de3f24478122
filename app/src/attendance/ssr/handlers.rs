//! The attendance pages' form endpoints: the upload (multipart), the preview's choices and
//! the threshold. Each answers with a redirect, or with its page again, values kept and each
//! error beside its field.
use super::service::{self, Choice, Uploaded};
use crate::{
    attendance::{ChoicesRefused, UploadRefused},
    error::AppError,
    state::AppState,
    web::{
        endpoint::{failure, read, signed_in},
        render,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::BTreeMap;

/// `POST /admin/events/{slug}/attendance`: a platform's report (multipart `file`, and `day`
/// for a multi-day event) is read and kept for review.
pub async fn upload(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let request = Request::from_parts(parts.clone(), body);
    // A body that is not a multipart form carries no file: the service answers (rights first).
    let mut form = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await.ok();
    let (mut file, mut day) = (Vec::new(), None);
    while let Some(Ok(Some(field))) = match form.as_mut() {
        Some(f) => Some(f.next_field().await),
        None => None,
    } {
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else { return StatusCode::PAYLOAD_TOO_LARGE.into_response() };
        match name.as_str() {
            "file" => file = bytes.to_vec(),
            "day" => day = std::str::from_utf8(&bytes).ok().and_then(|s| s.trim().parse::<i64>().ok()),
            _ => {}
        }
    }
    let page = format!("/admin/events/{slug}/attendance");
    match service::upload(&state.ctx(), who, slug.clone(), file, day).await {
        Ok(Uploaded::Pending(id)) => Redirect::to(&format!("{page}/{id}")).into_response(),
        Ok(Uploaded::AlreadySaved(id)) => Redirect::to(&format!("{page}/{id}?done=already_saved")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.method = Method::GET;
            render::page_with(state, parts, UploadRefused { errors, threshold: String::new() }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/attendance/threshold`.
pub async fn threshold(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Form {
        threshold: String,
    }
    read!(state, request => parts, who, form: Form);
    let page = format!("/admin/events/{slug}/attendance");
    match service::set_threshold(&state.ctx(), who, slug.clone(), form.threshold.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=saved")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = page.parse().unwrap_or(parts.uri);
            render::page_with(state, parts, UploadRefused { errors, threshold: form.threshold }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/attendance/{id}`: saves the report with the organizer's choice
/// per row: `row.<n>` empty (as matched), `skip`, `walk_in` (with `country.<n>`) or a
/// registration's id.
pub async fn save(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let choices = choices(&values);
    let page = format!("/admin/events/{slug}/attendance");
    match service::save(&state.ctx(), who, slug.clone(), id, choices).await {
        Ok(_) => Redirect::to(&format!("{page}?done=attendance_saved")).into_response(),
        Err(AppError::Form(errors)) => {
            render::page_with(state, parts, ChoicesRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("{page}/{id}")),
    }
}

/// The choices a preview form sent, by row number.
fn choices(values: &BTreeMap<String, String>) -> BTreeMap<usize, Choice> {
    values
        .iter()
        .filter_map(|(k, v)| {
            let n = k.strip_prefix("row.")?.parse::<usize>().ok()?;
            let choice = match v.as_str() {
                "" => Choice::Auto,
                "skip" => Choice::Skip,
                "walk_in" => Choice::WalkIn(values.get(&format!("country.{n}")).cloned().unwrap_or_default()),
                // Not an id: no registration has it, so the row is refused by name.
                id => id.parse().map_or(Choice::Registration(0), Choice::Registration),
            };
            Some((n, choice))
        })
        .collect()
}
