//! Sign-in, sign-out and accepting an invitation, as HTML form endpoints.
use super::{principal::COOKIE, service};
use crate::{
    accounts::LoginRefused,
    server::{AppError, AppState, render},
};
use axum::{
    extract::{ConnectInfo, Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// Only paths on this site, so the sign-in form cannot send people elsewhere.
fn local_path(next: &str) -> &str {
    if next.starts_with("/admin") && !next.starts_with("//") { next } else { "/admin" }
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let base = &state.config.base_url;
    let local = base.starts_with("http://127.0.0.1") || base.starts_with("http://localhost") || base.starts_with("http://[::1]");
    let secure = if local { "" } else { "; Secure" };
    HeaderValue::from_str(&format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or(HeaderValue::from_static(""))
}

/// `POST /admin/login`.
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let address = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default();
    let (parts, body) = request.into_parts();
    let form: LoginForm = match render::form(body).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match service::login(&state, &form.email, form.password, &address).await {
        Ok(token) => {
            let mut response = Redirect::to(local_path(&form.next)).into_response();
            response.headers_mut().insert(header::SET_COOKIE, cookie(&state, &token, super::principal::ABSOLUTE));
            response
        }
        Err(e @ (AppError::Unauthorized | AppError::TooManyAttempts)) => {
            let (reason, status) = match e {
                AppError::TooManyAttempts => ("throttled", StatusCode::TOO_MANY_REQUESTS),
                _ => ("wrong", StatusCode::UNAUTHORIZED),
            };
            let refused = LoginRefused { email: form.email, reason: reason.into() };
            render::page_with(state, parts, refused, status).await
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /admin/logout`: ends the session on the server and clears the cookie.
pub async fn logout(State(state): State<AppState>, request: Request) -> Response {
    if let Some(value) = super::principal::cookie(request.headers(), COOKIE)
        && let Err(e) = service::logout(&state, &value).await
    {
        return e.into_response();
    }
    let mut response = Redirect::to("/admin/login?done=signed_out").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie(&state, "", 0));
    response
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
}

/// `POST /admin/invitation/{token}`: the invited person chooses a password.
pub async fn accept_invitation(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form: PasswordForm = match render::form(body).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match service::accept_invitation(&state, &token, form.password).await {
        Ok(()) => Redirect::to("/admin/login?done=password_set").into_response(),
        Err(AppError::Refused(_)) => {
            render::page_with(
                state,
                parts,
                LoginRefused { email: String::new(), reason: "too_short".into() },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/used").into_response(),
        Err(e) => e.into_response(),
    }
}
