//! The one application error. Each variant means something to the person who caused it;
//! infrastructure failures are logged with their cause and shown only as "internal error".
use crate::domain::FieldErrors;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

/// Seconds in which too many sign-in attempts lock an account or address out: the sign-in
/// throttle's window, and what `Retry-After` says when it refuses.
pub const SIGN_IN_WINDOW: i64 = 15 * 60;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 422: the input broke a rule; one message per field.
    #[error("invalid input")]
    Validation(FieldErrors),
    /// 401: no signed-in account (or no valid API token).
    #[error("sign-in required")]
    Unauthorized,
    /// 403: signed in, but this account may not do that (used where the thing's existence is
    /// no secret; otherwise `NotFound`).
    #[error("forbidden")]
    Forbidden,
    /// 429: too many attempts; try later.
    #[error("too many attempts")]
    TooManyAttempts,
    /// 429: over a rate limit; the seconds until it may be tried again.
    #[error("rate limited")]
    RateLimited(i64),
    /// 404: no such thing, or not visible to this caller.
    #[error("not found")]
    NotFound,
    /// 422: a back-office form broke a rule; an error code per field.
    #[error("invalid form")]
    Form(std::collections::BTreeMap<String, String>),
    /// 422: refused, with a message for the person (command line, account forms).
    #[error("{0}")]
    Refused(String),
    /// 409: the request conflicts with the state, e.g. registration is closed.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 410: a link that has expired or was already used.
    #[error("link expired or used")]
    Gone,
    /// 503: a feature this server cannot offer as set up (documents without their fonts).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 500: anything else; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<sqlx::migrate::MigrateError> for AppError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl AppError {
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) | AppError::Form(_) | AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooManyAttempts | AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone => StatusCode::GONE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs an internal error with its cause; other variants are ordinary outcomes.
    pub fn log(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = %cause, "internal error");
        }
    }
}

/// The JSON API's error body: `{"errors": {...}}` for validation, `{"error": "..."}` otherwise.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = match &self {
            AppError::Validation(errors) => json!({
                "errors": errors.named().map(|(name, e)| (name, serde_json::Value::String(e.message()))).collect::<serde_json::Map<_, _>>()
            }),
            AppError::Form(errors) => json!({ "errors": errors }),
            AppError::Refused(why) => json!({ "error": why }),
            AppError::Conflict(why) => json!({ "error": why }),
            AppError::NotFound => json!({ "error": "not found" }),
            AppError::Unauthorized => json!({ "error": "send a valid token: Authorization: Bearer <token>" }),
            AppError::Forbidden => json!({ "error": "this account may not do that" }),
            AppError::TooManyAttempts => json!({ "error": "too many attempts; try again later" }),
            AppError::RateLimited(seconds) => json!({ "error": "too many requests; try again later", "retry_after": seconds }),
            AppError::Gone => json!({ "error": "this link has expired or was already used" }),
            AppError::Unavailable(why) => json!({ "error": why }),
            AppError::Internal(_) => json!({ "error": "internal error" }),
        };
        let retry = match &self {
            AppError::RateLimited(seconds) => Some(*seconds),
            AppError::TooManyAttempts => Some(SIGN_IN_WINDOW),
            _ => None,
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(v) = retry.and_then(|s| axum::http::HeaderValue::from_str(&s.to_string()).ok()) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}
