//! The JSON API under `/api/v1`, for integrations and load tests, described by the OpenAPI
//! document served at `/api/v1/openapi.json`.
pub mod organizer;

use crate::{
    documents::ssr::handlers as documents,
    domain::ApiRegistration,
    error::AppError,
    events::{
        RegistrationState,
        ssr::{self as events, EventRow},
    },
    reports::ssr::handlers as reports,
    state::AppState,
};
use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    handler::Handler,
    http::{Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{MethodFilter, MethodRouter, on},
};
use serde::Serialize;
use serde_json::json;

/// One route of the JSON API: a path (relative to `/api/v1`), one method, and its handler.
pub struct ApiRoute {
    pub path: &'static str,
    pub method: Method,
    pub handler: MethodRouter<AppState>,
}

/// A row whose handler answers exactly `method`: the method is written once, so what the table
/// lists and what the router serves cannot disagree.
pub(crate) fn row<H, T>(path: &'static str, method: Method, handler: H) -> ApiRoute
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("an HTTP method axum routes");
    ApiRoute { path, method, handler: on(filter, handler) }
}

/// Every route of the JSON API, one row per path and method. `routes()` is built from it and
/// the OpenAPI test lists it, so a route cannot be served without being documented.
pub fn route_table() -> Vec<ApiRoute> {
    let mut table = vec![
        row("/events", Method::GET, list_events),
        row("/events/{slug}", Method::GET, event),
        row("/events/{slug}/registrations", Method::GET, organizer::list),
        row("/events/{slug}/registrations", Method::POST, register),
        row("/events/{slug}/registrations.csv", Method::GET, reports::registrations_csv),
        row("/events/{slug}/registrations.xlsx", Method::GET, reports::registrations_xlsx),
        row("/events/{slug}/report", Method::GET, reports::report_json),
        row("/reports/activity", Method::GET, reports::activity_json),
        row("/verify/{code}", Method::GET, documents::verify_json),
        row("/openapi.json", Method::GET, openapi),
    ];
    table.extend(organizer::route_table());
    table
}

/// The routes of the JSON API, to be nested at `/api/v1`.
pub fn routes() -> Router<AppState> {
    // Rows sharing a path merge into one method router (axum panics on a method given twice).
    route_table().into_iter().fold(Router::new(), |router, r| router.route(r.path, r.handler))
}

#[derive(Debug, Serialize)]
pub struct ApiEvent {
    slug: String,
    title: String,
    kind: crate::domain::EventKind,
    starts_at: String,
    ends_at: String,
    timezone: String,
    online: bool,
    capacity: Option<i64>,
    seats_left: Option<i64>,
    registration: RegistrationState,
    #[serde(skip_serializing_if = "Option::is_none")]
    sessions: Option<Vec<ApiSession>>,
    /// The event's own registration questions, in the form's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<Vec<crate::domain::Question>>,
}

#[derive(Debug, Serialize)]
pub struct ApiSession {
    id: i64,
    title: String,
    starts_at: String,
    ends_at: String,
    capacity: Option<i64>,
    seats_left: Option<i64>,
    parallel_group: Option<String>,
}

fn rfc3339(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn api_event(e: &EventRow, confirmed: i64, now: i64) -> ApiEvent {
    ApiEvent {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: e.kind,
        starts_at: rfc3339(e.starts_at),
        ends_at: rfc3339(e.ends_at),
        timezone: e.timezone.clone(),
        online: e.online,
        capacity: e.capacity,
        seats_left: e.capacity.map(|c| (c - confirmed).max(0)),
        registration: e.registration_state(confirmed, now),
        sessions: None,
        questions: None,
    }
}

async fn list_events(State(state): State<AppState>) -> Result<Json<Vec<ApiEvent>>, AppError> {
    let now = state.clock.now();
    let rows = events::list_public(&mut state.store.read().await?).await?;
    Ok(Json(rows.iter().map(|(e, n)| api_event(e, *n, now)).collect()))
}

async fn event(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Json<ApiEvent>, AppError> {
    let mut conn = state.store.read().await?;
    let e = events::storage::published_by_slug(&mut conn, &slug).await?;
    let confirmed = events::confirmed_count(&mut conn, e.id).await?;
    let sessions = events::sessions_of(&mut conn, e.id).await?;
    let mut out = api_event(&e, confirmed, state.clock.now());
    out.questions = Some(crate::questions::ssr::storage::form_of(&mut conn, e.id).await?);
    out.sessions = Some(
        sessions
            .into_iter()
            .map(|s| ApiSession {
                id: s.id,
                title: s.title,
                starts_at: rfc3339(s.starts_at),
                ends_at: rfc3339(s.ends_at),
                capacity: s.capacity,
                seats_left: s.capacity.map(|c| (c - s.confirmed).max(0)),
                parallel_group: s.parallel_group,
            })
            .collect(),
    );
    Ok(Json(out))
}

async fn register(State(state): State<AppState>, Path(slug): Path<String>, body: Result<Json<ApiRegistration>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(rejection) => {
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": { "body": rejection.body_text() } }))).into_response();
        }
    };
    match crate::registrations::ssr::handlers::register(&state, slug, body.into()).await {
        Ok(()) => (StatusCode::ACCEPTED, Json(json!({ "status": "awaiting_email_confirmation" }))).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json"))
}

/// `GET /healthz`: 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let answered = match state.store.read().await {
        Ok(mut conn) => conn.scalar::<i64>(crate::sql!("SELECT CAST(1 AS BIGINT)")).await,
        Err(e) => Err(e),
    };
    match answered {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
