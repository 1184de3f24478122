//! The one application error. Each variant means something to the person who caused it;
//! infrastructure failures are logged with their cause and shown only as "internal error".
use crate::domain::FieldErrors;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 422: the input broke a rule; one message per field.
    #[error("invalid input")]
    Validation(FieldErrors),
    /// 404: no such thing, or not visible to this caller.
    #[error("not found")]
    NotFound,
    /// 409: the request conflicts with the state, e.g. registration is closed.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 410: a link that has expired or was already used.
    #[error("link expired or used")]
    Gone,
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
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone => StatusCode::GONE,
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
                "errors": errors.iter().map(|(f, e)| (f.name().to_owned(), serde_json::Value::String(e.message()))).collect::<serde_json::Map<_, _>>()
            }),
            AppError::Conflict(why) => json!({ "error": why }),
            AppError::NotFound => json!({ "error": "not found" }),
            AppError::Gone => json!({ "error": "this link has expired or was already used" }),
            AppError::Internal(_) => json!({ "error": "internal error" }),
        };
        (self.status(), Json(body)).into_response()
    }
}
