//! The organizers' JSON API (bearer tokens with the account's rights): registrations of an
//! event, decisions on them, check-ins. Without a token: 401; an event or registration the
//! account has no rights to is a 404 and nothing changes.
use super::{ApiRoute, row};
use crate::{
    admin::{EventForm, RegQuery, SessionForm, ssr::events as pages, ssr::registrations as table},
    error::AppError,
    events::ssr::service as events,
    questions::ssr as questions,
    registrations::ssr::organizer as regs,
    state::AppState,
    web::endpoint::caller,
};
use axum::{
    Json,
    extract::{Path, Query, RawQuery, State},
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The organizers' rows of the API's route table (`super::route_table`).
pub fn route_table() -> Vec<ApiRoute> {
    vec![
        row("/events", Method::POST, create_event),
        row("/events/{slug}", Method::PATCH, update_event),
        row("/events/{slug}/sessions", Method::POST, create_session),
        row("/events/{slug}/sessions/{id}", Method::PATCH, update_session),
        row("/events/{slug}/questions", Method::PUT, put_questions),
        row("/events/{slug}/attendance", Method::POST, attendance),
        row("/events/{slug}/quotas", Method::GET, quotas),
        row("/events/{slug}/quotas", Method::PUT, put_quotas),
        row("/registrations/{id}/{decision}", Method::POST, decide),
        row("/registrations/{id}/checkins", Method::POST, checkin),
        row("/registrations/{id}/letter.pdf", Method::GET, registration_letter),
        row("/registrations/{id}/badge.pdf", Method::GET, registration_badge),
        row("/registrations/{id}/certificate.pdf", Method::GET, registration_certificate),
        row("/events/{slug}/badges.pdf", Method::GET, crate::documents::ssr::handlers::badges),
    ]
}

/// `POST /api/v1/events`: the event form's fields as JSON (times `YYYY-MM-DDTHH:MM` in the
/// event's zone, or RFC 3339); 201 with the slug; 422 with an error code per field.
pub async fn create_event(State(state): State<AppState>, headers: HeaderMap, Json(form): Json<EventForm>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let slug = events::create(&state.ctx(), who, form).await?;
        Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "slug": slug }))))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `PATCH /api/v1/events/{slug}`: the fields given replace the stored ones; the others stay.
pub async fn update_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Json(changes): Json<serde_json::Map<String, serde_json::Value>>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let current = pages::admin_page(&state.store, &who, &slug, crate::i18n::Locale::en).await?.form;
        let form: EventForm = merged(&current, changes)?;
        let slug = events::update(&state.ctx(), who, slug, form).await?;
        Ok::<_, AppError>(Json(json!({ "slug": slug })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `POST /api/v1/events/{slug}/sessions`.
pub async fn create_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Json(form): Json<SessionForm>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        events::save_session(&state.ctx(), who, slug, None, form).await?;
        Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "ok": true }))))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `PATCH /api/v1/events/{slug}/sessions/{id}`.
pub async fn update_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Json(changes): Json<serde_json::Map<String, serde_json::Value>>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let page = pages::admin_page(&state.store, &who, &slug, crate::i18n::Locale::en).await?;
        let current = page.sessions.into_iter().find(|s| s.id == id).ok_or(AppError::NotFound)?.form;
        let form: SessionForm = merged(&current, changes)?;
        events::save_session(&state.ctx(), who, slug, Some(id), form).await?;
        Ok::<_, AppError>(Json(json!({ "ok": true })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `PUT /api/v1/events/{slug}/questions`: the array replaces the event's form (`GET
/// /api/v1/events/{slug}` gives it). 422 with errors keyed `questions.<place>.<field>`.
pub async fn put_questions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Json(body): Json<Vec<serde_json::Value>>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let list = parse_questions(body)?;
        questions::service::set_all(&state.ctx(), who, slug, list).await?;
        Ok::<_, AppError>(Json(json!({ "ok": true })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AttendanceQuery {
    dry_run: Option<String>,
    /// The event's day the report is for (1 is the first), when its own date does not say.
    day: Option<i64>,
}

/// `POST /api/v1/events/{slug}/attendance`: a platform's attendance report (Zoom, Teams) as
/// the body. `?dry_run=1` answers the preview and keeps nothing; otherwise the rows that match
/// a registration by themselves are saved. 422 with a code for `file` or `day`.
pub async fn attendance(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<AttendanceQuery>,
    body: axum::body::Bytes,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let dry_run = q.dry_run.is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
        let day = q.day.map(|n| -n.abs());
        let outcome = crate::attendance::ssr::service::through_api(&state.ctx(), who, slug, body.to_vec(), day, dry_run).await?;
        Ok::<_, AppError>(Json(outcome))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `GET /api/v1/events/{slug}/quotas`: the total for nominees and, per country, its seats and
/// how many were nominated, approved and attended.
pub async fn quotas(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        Ok::<_, AppError>(Json(crate::nominations::ssr::service::report(&state.ctx(), &who, &slug).await?))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `PUT /api/v1/events/{slug}/quotas`: `{"BT": 3, "BD": 3}` (and `"total": 12` if wanted)
/// replaces the seats per country; answers as `GET`. 422 with a code per bad key.
pub async fn put_quotas(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let Json(body) = body.map_err(|e| AppError::Refused(e.body_text()))?;
        Ok::<_, AppError>(Json(crate::nominations::ssr::service::put(&state.ctx(), who, slug, body).await?))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// Reads each question alone, so one that does not decode is named by its place.
fn parse_questions(body: Vec<serde_json::Value>) -> Result<Vec<crate::domain::Question>, AppError> {
    use crate::domain::QuestionKind;
    let mut list = Vec::with_capacity(body.len());
    let mut errors = crate::domain::FormErrors::new();
    for (i, value) in body.into_iter().enumerate() {
        let kind = value.get("type").and_then(|t| t.as_str()).map(str::to_owned);
        match serde_json::from_value(value) {
            Ok(q) => list.push(q),
            Err(_) if kind.as_deref().is_none_or(|k| QuestionKind::parse(k).is_err()) => {
                errors.insert(format!("questions.{i}.type"), "unknown_type".into());
            }
            Err(e) => {
                errors.insert(format!("questions.{i}"), format!("invalid: {e}"));
            }
        }
    }
    if errors.is_empty() { Ok(list) } else { Err(AppError::Form(errors)) }
}

/// `current` with the given fields replaced (a partial update).
fn merged<T: Serialize + serde::de::DeserializeOwned>(
    current: &T,
    changes: serde_json::Map<String, serde_json::Value>,
) -> Result<T, AppError> {
    let mut value = serde_json::to_value(current).map_err(AppError::internal)?;
    if let Some(obj) = value.as_object_mut() {
        for (k, v) in changes {
            // Numbers are accepted where the form holds text (capacity: 15 or "15").
            let v = match v {
                serde_json::Value::Number(n) => serde_json::Value::String(n.to_string()),
                serde_json::Value::Null => serde_json::Value::String(String::new()),
                other => other,
            };
            obj.insert(k, v);
        }
    }
    serde_json::from_value(value).map_err(|e| AppError::Refused(e.to_string()))
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
    /// By question key: a string, number, boolean or array of option keys.
    answers: serde_json::Map<String, serde_json::Value>,
}

/// `GET /api/v1/events/{slug}/registrations`: the table's filters as query parameters.
pub async fn list(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>, Query(q): Query<RegQuery>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let (event, rows) = table::all_rows(&state.store, &who, &slug, &q).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
        let mut answers = questions::storage::answers_json(&mut state.store.read().await?, event.id, &ids).await?;
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
                answers: answers.remove(&r.id).unwrap_or_default(),
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
        regs::decide(state.ctx(), who, id, decision, note).await?;
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
        crate::checkin::service::checkin(&state.ctx(), who, id, b.session, b.undo).await?;
        Ok::<_, AppError>(Json(json!({ "ok": true })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

/// `GET /api/v1/registrations/{id}/letter.pdf` (409 with the reason when it does not apply).
pub async fn registration_letter(state: State<AppState>, headers: HeaderMap, Path(id): Path<i64>, raw: RawQuery) -> Response {
    crate::documents::ssr::handlers::registration_pdf(state, headers, Path((id, "letter.pdf".to_owned())), raw).await
}

/// `GET /api/v1/registrations/{id}/badge.pdf`.
pub async fn registration_badge(state: State<AppState>, headers: HeaderMap, Path(id): Path<i64>, raw: RawQuery) -> Response {
    crate::documents::ssr::handlers::registration_pdf(state, headers, Path((id, "badge.pdf".to_owned())), raw).await
}

/// `GET /api/v1/registrations/{id}/certificate.pdf` (409 for someone who did not attend).
pub async fn registration_certificate(state: State<AppState>, headers: HeaderMap, Path(id): Path<i64>, raw: RawQuery) -> Response {
    crate::documents::ssr::handlers::registration_pdf(state, headers, Path((id, "certificate.pdf".to_owned())), raw).await
}
