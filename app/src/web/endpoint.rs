//! What every signed-in endpoint does first: find who is asking (session cookie or API token),
//! read the form, and turn a service's refusal into an answer.
use crate::{
    accounts::ssr::{Principal, principal},
    error::AppError,
    state::AppState,
};
use axum::{
    http::{HeaderMap, StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};

/// Who sent these headers, if anyone valid.
pub async fn principal(state: &AppState, headers: &HeaderMap) -> Result<Option<Principal>, AppError> {
    principal::from_headers(&state.store, state.clock.now(), headers, principal::cookie_name(&state.config.base_url)).await
}

/// The caller of an API endpoint or download: `Unauthorized` without a valid token or session.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Principal, AppError> {
    principal(state, headers).await?.ok_or(AppError::Unauthorized)
}

/// The signed-in account, or the answer that sends the browser to sign in.
pub async fn signed_in(state: &AppState, parts: &Parts) -> Result<Principal, Response> {
    match principal(state, &parts.headers).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(Redirect::to("/admin/login").into_response()),
        Err(e) => Err(e.into_response()),
    }
}

/// The signed-in account of the current server-function call.
pub async fn current() -> Result<Principal, AppError> {
    let state = leptos::prelude::expect_context::<AppState>();
    let headers = leptos_axum::extract::<HeaderMap>().await.map_err(|_| AppError::Unauthorized)?;
    caller(&state, &headers).await
}

/// What to answer when a service refuses: not found, not allowed, or a conflict shown on the
/// page it came from.
pub fn failure(e: AppError, back: &str) -> Response {
    match e {
        AppError::Conflict(_) => Redirect::to(&with_query(back, "error=conflict")).into_response(),
        AppError::NotFound => (StatusCode::NOT_FOUND, "Not found").into_response(),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "This account may not do that.").into_response(),
        other => other.into_response(),
    }
}

/// A PDF as a download: never cached (letters and certificates are personal), never shown
/// inline by a browser, under a safe file name.
pub fn pdf_download(name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::{HeaderValue, header};
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // The plain name for old clients, the UTF-8 one (RFC 6266) for the rest.
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", urlencode(name))) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `path` with its query replaced by `q`.
pub fn with_query(path: &str, q: &str) -> String {
    let base = path.split('?').next().unwrap_or(path);
    format!("{base}?{q}")
}

/// A form's own page: only back-office paths, so a form cannot send people elsewhere.
pub fn back_to(back: &str, fallback: String) -> String {
    if back.starts_with("/admin/") && !back.contains("//") && !back.contains('\\') { back.to_owned() } else { fallback }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `read!(state, request => parts, who, form: Type)`: the signed-in account (else the answer
/// that sends the browser to sign in) and the posted form (else its error); `parts` is made a
/// GET, so a refused form renders its page again.
macro_rules! read {
    ($state:expr, $request:expr => $parts:ident, $who:ident, $form:ident: $ty:ty) => {
        let (mut $parts, body) = $request.into_parts();
        let $who = match $crate::web::endpoint::signed_in(&$state, &$parts).await {
            Ok(p) => p,
            Err(r) => return r,
        };
        let $form: $ty = match $crate::web::render::form(body).await {
            Ok(f) => f,
            Err(r) => return r,
        };
        // The page rendered in answer to a refused form is the form's page, read with GET.
        $parts.method = axum::http::Method::GET;
    };
}
pub(crate) use read;
