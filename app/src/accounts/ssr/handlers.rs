//! Sign-in, sign-out, accepting an invitation, and one's own account (password, other
//! sessions), as HTML form endpoints.
use super::{
    principal::{self, ABSOLUTE},
    service,
};
use crate::{
    accounts::LoginRefused,
    error::AppError,
    state::AppState,
    web::{client, render},
};
use axum::{
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// Only paths on this site, so the sign-in form cannot send people elsewhere.
fn local_path(next: &str) -> &str {
    if next.starts_with("/admin") && !next.starts_with("//") && !next.contains('\\') { next } else { "/admin" }
}

/// The session cookie: `__Host-` prefixed and `Secure` on an HTTPS site.
fn cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let name = principal::cookie_name(&state.config.base_url);
    let secure = if name == principal::SECURE_COOKIE { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or(HeaderValue::from_static(""))
}

/// `POST /admin/login`.
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let who = client::of(&request);
    let (parts, body) = request.into_parts();
    let form: LoginForm = match render::form(body).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match service::login(&state.ctx(), &form.email, form.password, &who.key()).await {
        Ok(token) => {
            let mut response = Redirect::to(local_path(&form.next)).into_response();
            response.headers_mut().insert(header::SET_COOKIE, cookie(&state, &token, ABSOLUTE));
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
    if let Some(value) = principal::cookie(request.headers(), principal::cookie_name(&state.config.base_url))
        && let Err(e) = service::logout(&state.store, &value).await
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
    match service::accept_invitation(&state.ctx(), &token, form.password).await {
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangePasswordForm {
    current: String,
    new: String,
}

/// `POST /admin/account/password`: a new password; the other sessions are signed out.
pub async fn change_password(State(state): State<AppState>, request: Request) -> Response {
    let client = client::of(&request).key();
    crate::web::endpoint::read!(state, request => _parts, who, form: ChangePasswordForm);
    match service::change_password(&state.ctx(), who, form.current, form.new, &client).await {
        Ok(()) => Redirect::to("/admin/account?done=password_changed").into_response(),
        Err(AppError::Unauthorized) => Redirect::to("/admin/account?error=wrong_password&field=pw-current#password").into_response(),
        Err(AppError::TooManyAttempts) => Redirect::to("/admin/account?error=throttled&field=pw-current#password").into_response(),
        Err(AppError::Refused(_)) => Redirect::to("/admin/account?error=too_short&field=pw-new#password").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /admin/account/sessions`: signs out every other session of this account.
pub async fn sign_out_others(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match crate::web::endpoint::signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match service::sign_out_others(&state.ctx(), who).await {
        Ok(n) => Redirect::to(&format!("/admin/account?done=signed_out_others&count={n}")).into_response(),
        Err(e) => e.into_response(),
    }
}
