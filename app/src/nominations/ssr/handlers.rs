//! The HTML form endpoints of nominations and invitations, and the letters' downloads. The
//! organizer's forms need a signed-in account with rights on the event; the focal point's and
//! the invited person's need only their link. Each answers with a redirect, or with its page
//! again, values kept and each error beside its field.
use super::{focal, invitations, service};
use crate::{
    domain::{Field, FormRules},
    error::AppError,
    nominations::{LetterRefused, NominationsRefused, Replacing},
    registrations::{form::Submission, ssr::handlers::read_registration},
    state::AppState,
    web::{
        endpoint::{failure, pdf_download, read, signed_in},
        render,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::BTreeMap;

/// `POST /admin/events/{slug}/nominations`: when nominations close, the total, the seats per country.
pub async fn save_settings(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let page = format!("/admin/events/{slug}/nominations");
    match service::save_settings(&state.ctx(), who, slug, values.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=saved")).into_response(),
        Err(AppError::Form(errors)) => {
            render::page_with(state, parts, NominationsRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/focal-points`: names a focal point and emails their link.
pub async fn add_focal(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let value = |k: &str| values.get(k).cloned().unwrap_or_default();
    let form = service::FocalForm {
        country: value("focal.country"),
        name: value("focal.name"),
        email: value("focal.email"),
        ministry: value("focal.ministry"),
        language: value("focal.language"),
    };
    let page = format!("/admin/events/{slug}/nominations");
    match service::add_focal(state.ctx(), who, slug, form).await {
        Ok(()) => Redirect::to(&format!("{page}?done=link_sent#focal-points")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = page.parse().unwrap_or(parts.uri);
            render::page_with(state, parts, NominationsRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/focal-points/{id}/{action}`: `link` (a new link, emailed) or `remove`.
pub async fn focal_action(
    State(state): State<AppState>,
    Path((slug, id, action)): Path<(String, i64, String)>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = format!("/admin/events/{slug}/nominations");
    let outcome = match action.as_str() {
        "link" => service::resend_link(state.ctx(), who, slug, id).await.map(|()| "link_sent"),
        "remove" => service::remove_focal(state.ctx(), who, slug, id).await.map(|()| "removed"),
        _ => Err(AppError::NotFound),
    };
    match outcome {
        Ok(done) => Redirect::to(&format!("{page}?done={done}#focal-points")).into_response(),
        Err(e) => failure(e, &page),
    }
}

/// `GET /admin/events/{slug}/focal-points/{id}/letter.pdf`: for the event's organizers.
pub async fn organizer_letter(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match service::letter_for_organizer(&state.ctx(), &who, &slug, id).await {
        Ok((name, bytes)) => pdf_download(&name, bytes),
        Err(e) => failure(e, "/admin"),
    }
}

/// `GET /nominate/{token}/letter.pdf`: the focal point's own letter.
pub async fn own_letter(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match focal::own_letter(&state.ctx(), &token).await {
        Ok((name, bytes)) => pdf_download(&name, bytes),
        Err(e) => failure(e, "/events"),
    }
}

/// `POST /nominate/{token}`: a nomination (the registration form, and `replace` naming the
/// nominee it replaces).
pub async fn nominate(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let (input, bad_sessions, pairs) = match read_registration(body).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    parts.method = Method::GET;
    let replace = pairs.iter().find(|(k, _)| k == "replace").map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty());
    let page = format!("/nominate/{token}");
    if let Some(err) = bad_sessions {
        let mut errors = input.validate(&FormRules::default()).err().unwrap_or_default();
        errors.insert(Field::Sessions, err);
        let refused = (Submission { input, errors, closed: false }, Replacing(replace.unwrap_or_default()));
        return render::page_with(state, parts, refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match focal::nominate(state.ctx(), token, input.clone(), replace.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=nominated#nominees")).into_response(),
        Err(AppError::Validation(errors)) => {
            let refused = (Submission { input, errors, closed: false }, Replacing(replace.unwrap_or_default()));
            render::page_with(state, parts, refused, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(_)) => Redirect::to(&page).into_response(),
        Err(AppError::NotFound) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /nominate/{token}/withdraw`: `nominee` is one of the focal point's nominees.
pub async fn withdraw(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Form {
        nominee: String,
    }
    let form: Form = match render::form(request.into_body()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let page = format!("/nominate/{token}");
    match focal::withdraw(state.ctx(), token, form.nominee).await {
        Ok(()) => Redirect::to(&format!("{page}?done=withdrawn#nominees")).into_response(),
        Err(AppError::Conflict(_)) => Redirect::to(&page).into_response(),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "Not found").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /nominate/{token}/letter`: the nomination letter (multipart `file`).
pub async fn upload_letter(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let request = Request::from_parts(parts.clone(), body);
    // A refused upload shows the focal point's page again.
    parts.uri = format!("/nominate/{token}").parse().unwrap_or(parts.uri);
    let mut form = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await.ok();
    let (mut file, mut name) = (Vec::new(), String::new());
    while let Some(Ok(Some(field))) = match form.as_mut() {
        Some(f) => Some(f.next_field().await),
        None => None,
    } {
        if field.name() != Some("file") {
            continue;
        }
        name = field.file_name().unwrap_or_default().to_owned();
        match field.bytes().await {
            Ok(bytes) => file = bytes.to_vec(),
            // Over the body limit: the file is larger than any letter may be.
            Err(_) => {
                parts.method = Method::GET;
                return render::page_with(state, parts, LetterRefused("too_large".into()), StatusCode::PAYLOAD_TOO_LARGE).await;
            }
        }
    }
    parts.method = Method::GET;
    let page = format!("/nominate/{token}");
    match focal::upload_letter(state.ctx(), token, name, file).await {
        Ok(()) => Redirect::to(&format!("{page}?done=letter_kept#letter")).into_response(),
        Err(AppError::Refused(code)) => render::page_with(state, parts, LetterRefused(code), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(AppError::Conflict(_)) => Redirect::to(&page).into_response(),
        Err(AppError::NotFound) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /invited/{token}`: registration through a personal invitation.
pub async fn register_invited(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let (input, bad_sessions, _) = match read_registration(body).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    parts.method = Method::GET;
    if let Some(err) = bad_sessions {
        let mut errors = input.validate(&FormRules::default()).err().unwrap_or_default();
        errors.insert(Field::Sessions, err);
        return render::page_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let page = format!("/invited/{token}");
    match invitations::register(state.ctx(), token, input.clone()).await {
        Ok(invitations::Registered::Confirmed(manage)) => Redirect::to(&format!("/manage/{manage}?done=confirmed")).into_response(),
        Ok(invitations::Registered::CheckEmail(slug)) => Redirect::to(&format!("/events/{slug}/registered")).into_response(),
        Err(AppError::Validation(errors)) => {
            render::page_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(_)) => Redirect::to(&page).into_response(),
        Err(AppError::NotFound) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}
