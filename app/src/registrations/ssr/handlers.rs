//! The HTML form endpoints of the participant's path. Each answers a POST with a redirect to a
//! page (so reloading does not resubmit), or renders the form again with the errors.
use super::service;
use crate::{
    domain::{Answers, Field, FieldError, FormRules, HtmlRegistration, RegistrationInput, wire::html_answers},
    error::AppError,
    registrations::form::Submission,
    state::AppState,
    web::rate_limit::REGISTER_PER_EMAIL,
};
use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// Limit for form bodies: the registration form is a few KB at most.
const FORM_LIMIT: usize = 64 * 1024;

async fn read_form<T: serde::de::DeserializeOwned + Default>(body: Body) -> Result<T, Response> {
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())
}

/// A form with the event's questions: the fixed fields, and the answers (`q.*` fields).
pub(crate) async fn read_answered_form<T: serde::de::DeserializeOwned + Default>(body: Body) -> Result<(T, Answers), Response> {
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let form = serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    Ok((form, html_answers(pairs)))
}

/// The registration form as posted, with every pair (for fields other forms add to it), and
/// the error of a session list that is not a list of numbers.
pub(crate) async fn read_registration(body: Body) -> Result<(RegistrationInput, Option<FieldError>, Vec<(String, String)>), Response> {
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let form: HtmlRegistration = serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let (input, bad_sessions) = form.into_input(html_answers(pairs.clone()));
    Ok((input, bad_sessions, pairs))
}

async fn render_with(state: AppState, parts: axum::http::request::Parts, submission: Submission, status: StatusCode) -> Response {
    crate::web::render::page_with(state, parts, submission, status).await
}

/// Registers through the form or the API: at most a few registrations (and so emails) per
/// address and hour, so nobody can flood an inbox through the form.
pub async fn register(state: &AppState, slug: String, input: RegistrationInput) -> Result<(), AppError> {
    let ctx = state.ctx();
    state.limits.check(REGISTER_PER_EMAIL, &input.email.trim().to_lowercase(), ctx.now)?;
    service::register(ctx, &state.batches, slug, input).await
}

/// `POST /events/{slug}/register`.
pub async fn submit_registration(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (form, answers): (HtmlRegistration, _) = match read_answered_form(body).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let (input, bad_sessions) = form.into_input(answers);
    if let Some(err) = bad_sessions {
        let mut errors = input.validate(&FormRules::default()).err().unwrap_or_default();
        errors.insert(Field::Sessions, err);
        return render_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match register(&state, slug.clone(), input.clone()).await {
        Ok(()) => Redirect::to(&format!("/events/{slug}/registered")).into_response(),
        Err(AppError::Validation(errors)) => {
            render_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(_)) => {
            render_with(state, parts, Submission { input, errors: Default::default(), closed: true }, StatusCode::CONFLICT).await
        }
        Err(AppError::NotFound) => render_with(state, parts, Submission::default(), StatusCode::NOT_FOUND).await,
        Err(AppError::RateLimited(seconds)) => {
            let errors = [(Field::Email, FieldError::TooManyAttempts)].into_iter().collect();
            let mut response = render_with(state, parts, Submission { input, errors, closed: false }, StatusCode::TOO_MANY_REQUESTS).await;
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => {
            e.log();
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /confirm/{token}`: the link in the first email. Confirms and lands on the manage page.
pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match service::confirm_email(state.ctx(), &state.batches, token).await {
        Ok(manage_token) => Redirect::to(&format!("/manage/{manage_token}?done=confirmed")).into_response(),
        Err(AppError::NotFound) => Redirect::to("/link/invalid").into_response(),
        Err(AppError::Gone) => Redirect::to("/link/used").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HtmlSessions {
    sessions: Vec<String>,
}

/// `POST /manage/{token}/sessions`.
pub async fn change_sessions(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let form: HtmlSessions = match read_form(request.into_body()).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let Ok(ids) = form.sessions.iter().map(|s| s.trim().parse::<i64>()).collect::<Result<Vec<_>, _>>() else {
        return Redirect::to(&format!("/manage/{token}?error=unknown_session")).into_response();
    };
    manage_outcome(&token, "sessions", service::change_sessions(state.ctx(), token.clone(), ids).await)
}

/// The manage page's correction form: the four details people may correct, and the answers.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HtmlDetails {
    given_name: String,
    family_name: String,
    organization: String,
    job_title: String,
}

/// `POST /manage/{token}`: the participant corrects their details and answers; a refused
/// correction shows the page again with every value kept and each error beside its field.
pub async fn correct_details(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (form, answers): (HtmlDetails, _) = match read_answered_form(body).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let input = RegistrationInput {
        given_name: form.given_name,
        family_name: form.family_name,
        organization: form.organization,
        job_title: form.job_title,
        answers,
        ..Default::default()
    };
    match super::corrections::correct(state.ctx(), token.clone(), input.clone()).await {
        Ok(()) => Redirect::to(&format!("/manage/{token}?done=details")).into_response(),
        Err(AppError::Validation(errors)) => {
            render_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(_)) => Redirect::to(&format!("/manage/{token}?error=locked")).into_response(),
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /manage/{token}/cancel`.
pub async fn cancel(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    manage_outcome(&token, "cancelled", service::cancel(state.ctx(), token.clone()).await)
}

/// `GET /manage/{token}/data.json`: everything held about the person, as a download.
pub async fn my_data(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match super::privacy::data(&state.ctx(), &token).await {
        Ok(data) => {
            let mut response = axum::Json(data).into_response();
            let h = response.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"my-registration.json\""));
            response
        }
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EraseForm {
    confirm: String,
}

/// `POST /manage/{token}/erase`: only with the confirmation box ticked.
pub async fn erase(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let form: EraseForm = match read_form(request.into_body()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if form.confirm.is_empty() {
        return Redirect::to(&format!("/manage/{token}?error=erase_confirm#erase")).into_response();
    }
    match super::privacy::erase(state.ctx(), token.clone()).await {
        Ok(()) => Redirect::to("/link/erased").into_response(),
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

fn manage_outcome(token: &str, done: &str, outcome: Result<(), AppError>) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/manage/{token}?done={done}")).into_response(),
        Err(AppError::Validation(errors)) => {
            let code = errors.values().next().map_or("invalid", |e| match e {
                FieldError::ParallelSessions => "parallel_sessions",
                _ => "unknown_session",
            });
            Redirect::to(&format!("/manage/{token}?error={code}")).into_response()
        }
        Err(AppError::Conflict(_)) => Redirect::to(&format!("/manage/{token}?error=locked")).into_response(),
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}
