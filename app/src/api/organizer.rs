//! The organizers' JSON API (bearer tokens with the account's rights): registrations of an
//! event, decisions on them, check-ins. Without a token: 401; an event or registration the
//! account has no rights to is a 404 and nothing changes.
use crate::{
    accounts::ssr::{Principal, principal},
    admin::{RegQuery, ssr::registrations as regs},
    server::{AppError, AppState},
};
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::post,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new().route("/registrations/{id}/{decision}", post(decide)).route("/registrations/{id}/checkins", post(checkin))
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Principal, AppError> {
    principal::from_headers(state, headers).await?.ok_or(AppError::Unauthorized)
}

#[derive(Serialize)]
struct ApiRegistration {
    id: i64,
    name: String,
    email: String,
    country: String,
    organization: String,
    organization_type: String,
    gender: Option<String>,
    status: crate::domain::RegistrationStatus,
    sessions: Vec<i64>,
    checked_in: bool,
}

/// `GET /api/v1/events/{slug}/registrations`: the table's filters as query parameters.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>, Query(q): Query<RegQuery>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let (_, rows) = regs::all_rows(&state, &who, &slug, &q).await?;
        let list: Vec<ApiRegistration> = rows
            .into_iter()
            .map(|(r, country, gender, sessions)| ApiRegistration {
                id: r.id,
                name: r.name,
                email: r.email,
                country,
                organization: r.organization,
                organization_type: r.organization_type,
                gender,
                status: r.status,
                sessions,
                checked_in: r.checked_in,
            })
            .collect();
        Ok::<_, AppError>(Json(json!({ "registrations": list })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionBody {
    message: String,
}

/// `POST /api/v1/registrations/{id}/approve|reject|cancel|promote`.
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, decision)): Path<(i64, String)>,
    body: Option<Json<DecisionBody>>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let decision = regs::Decision::parse(&decision).ok_or(AppError::NotFound)?;
        let note = body.map(|b| b.0.message).unwrap_or_default();
        regs::decide(&state, who, id, decision, note).await?;
        Ok::<_, AppError>(Json(json!({ "ok": true })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckinBody {
    session: Option<i64>,
    undo: bool,
}

/// `POST /api/v1/registrations/{id}/checkins` with optional `{"session": id}`.
pub async fn checkin(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>, body: Option<Json<CheckinBody>>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let b = body.map(|b| b.0).unwrap_or_default();
        regs::checkin(&state, who, id, b.session, b.undo).await?;
        Ok::<_, AppError>(Json(json!({ "ok": true })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}
