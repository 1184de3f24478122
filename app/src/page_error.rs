//! The error a page's server function returns: enough for the page to say "not found" or
//! "link used" with the right status, and nothing about the cause.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error("gone")]
    Gone,
    /// Not signed in (or the session ended): the page offers the sign-in form.
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("internal error")]
    Internal,
}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(_: ServerFnErrorErr) -> Self {
        PageError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<crate::error::AppError> for PageError {
    fn from(e: crate::error::AppError) -> Self {
        use crate::error::AppError;
        e.log();
        match e {
            AppError::NotFound => PageError::NotFound,
            AppError::Gone => PageError::Gone,
            AppError::Unauthorized => PageError::Unauthorized,
            AppError::Forbidden => PageError::Forbidden,
            _ => PageError::Internal,
        }
    }
}
