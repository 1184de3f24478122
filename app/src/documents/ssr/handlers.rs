//! The HTTP side of documents: the organizer's forms (settings, images, revoking, issuing by
//! hand, sending certificates, a badge's role), the PDFs (badges for the table's filters or
//! one person; a registration's letter and certificate, for organizers by session or API
//! token and for the participant by their manage link), the passport form, and the
//! verification API. Forms answer with a redirect, or their page again with the errors.
use super::{
    participant,
    service::{self, Pdf},
    storage::Image,
};
use crate::{
    documents::{DocumentsRefused, PassportRefused},
    domain::DocumentKind,
    error::AppError,
    registrations::RegQuery,
    state::AppState,
    web::{
        endpoint::{caller, failure, pdf_download, read, signed_in},
        render,
    },
};
use axum::{
    Json,
    extract::{Path, RawQuery, Request, State},
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::BTreeMap;

fn pdf_or(outcome: Result<Pdf, AppError>) -> Response {
    match outcome {
        Ok(pdf) => pdf_download(&pdf.name, pdf.bytes),
        Err(e) => e.into_response(),
    }
}

/// The query string's pairs.
fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    serde_html_form::from_str(raw.unwrap_or("")).unwrap_or_default()
}

fn lang_of(pairs: &[(String, String)]) -> Option<crate::domain::Language> {
    service::asked_language(pairs.iter().find(|(k, _)| k == "lang").map(|(_, v)| v.as_str()))
}

/// `POST /admin/events/{slug}/documents`: the settings form.
pub async fn save_settings(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let page = format!("/admin/events/{slug}/documents");
    match service::save_settings(&state.ctx(), who, slug, values.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=saved")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = page.parse().unwrap_or(parts.uri);
            render::page_with(state, parts, DocumentsRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/documents/images`: a multipart form with `logo` or `signature`
/// (a file), or `remove` naming one of them.
pub async fn save_image(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = format!("/admin/events/{slug}/documents");
    if let Err(e) = service::ensure_manages(&state.ctx(), &who, &slug).await {
        return failure(e, &page);
    }
    parts.uri = page.parse().unwrap_or(parts.uri);
    parts.method = Method::GET;
    let request = Request::from_parts(parts.clone(), body);
    let mut form = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await.ok();
    let mut upload: Option<(Image, Vec<u8>)> = None;
    let mut remove: Option<Image> = None;
    while let Some(Ok(Some(field))) = match form.as_mut() {
        Some(f) => Some(f.next_field().await),
        None => None,
    } {
        let which = match field.name() {
            Some("logo") => Image::Logo,
            Some("signature") => Image::Signature,
            Some("remove") => {
                remove = match field.text().await.as_deref() {
                    Ok("logo") => Some(Image::Logo),
                    Ok("signature") => Some(Image::Signature),
                    _ => None,
                };
                continue;
            }
            _ => continue,
        };
        match field.bytes().await {
            Ok(bytes) if !bytes.is_empty() => upload = Some((which, bytes.to_vec())),
            Ok(_) => {}
            Err(_) => {
                let errors = [(if which == Image::Logo { "logo" } else { "signature" }.to_owned(), "too_large".to_owned())].into();
                return render::page_with(
                    state,
                    parts,
                    DocumentsRefused { values: BTreeMap::new(), errors },
                    StatusCode::PAYLOAD_TOO_LARGE,
                )
                .await;
            }
        }
    }
    let outcome = match (upload, remove) {
        (Some((which, bytes)), _) => service::save_image(&state.ctx(), who, slug, which, Some(bytes)).await.map(|()| "image_saved"),
        (None, Some(which)) => service::save_image(&state.ctx(), who, slug, which, None).await.map(|()| "image_removed"),
        (None, None) => Err(AppError::Form([("logo".to_owned(), "required".to_owned())].into())),
    };
    match outcome {
        Ok(done) => Redirect::to(&format!("{page}?done={done}#letterhead")).into_response(),
        Err(AppError::Form(errors)) => {
            render::page_with(state, parts, DocumentsRefused { values: BTreeMap::new(), errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/documents/certificates`: "Send certificates".
pub async fn send_certificates(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = format!("/admin/events/{slug}/documents");
    match service::send_certificates(&state.ctx(), who, slug).await {
        Ok(n) => Redirect::to(&format!("{page}?done=certificates_sent&n={n}#issued")).into_response(),
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/documents/issue`: `person` (reference or email), `kind`, and
/// for a letter the passport fields when the registration has none.
pub async fn issue_by_hand(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let page = format!("/admin/events/{slug}/documents");
    if let Err(e) = service::ensure_manages(&state.ctx(), &who, &slug).await {
        return failure(e, &page);
    }
    parts.uri = page.parse().unwrap_or(parts.uri);
    let value = |k: &str| values.get(k).cloned().unwrap_or_default();
    let kind = DocumentKind::parse(&value("issue.kind")).unwrap_or(DocumentKind::Letter);
    // Passport fields are optional here: they are checked only if the letter needs them.
    let passport = if value("passport_number").trim().is_empty() {
        None
    } else {
        match participant::passport_form(&values, chrono::NaiveDate::MIN) {
            Ok(p) => Some(p),
            Err(errors) => {
                return render::page_with(state, parts, DocumentsRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    };
    match service::issue_by_hand(&state.ctx(), who, slug, value("issue.person"), kind, passport).await {
        Ok(_) => Redirect::to(&format!("{page}?done=issued#issued")).into_response(),
        Err(AppError::Form(errors)) => {
            render::page_with(state, parts, DocumentsRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/events/{slug}/documents/{id}/revoke`.
pub async fn revoke(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = format!("/admin/events/{slug}/documents");
    match service::revoke(&state.ctx(), who, slug, id).await {
        Ok(()) => Redirect::to(&format!("{page}?done=doc_revoked#issued")).into_response(),
        Err(e) => failure(e, &page),
    }
}

/// `POST /admin/registrations/{id}/badge-role`: `badge_role`, and `back` (the page to return to).
pub async fn badge_role(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let _ = &mut parts;
    let value = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let back = crate::web::endpoint::back_to(&value("back"), "/admin".to_owned());
    match service::set_badge_role(&state.ctx(), who, id, value("badge_role")).await {
        Ok(()) => Redirect::to(&crate::web::endpoint::with_query(&back, "done=badge_role")).into_response(),
        Err(e) => failure(e, &back),
    }
}

/// `GET /admin/events/{slug}/badges.pdf` (and the API's): the badges of the registrations the
/// table's filters select, `lang` to print them all in one language.
pub async fn badges(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let pairs = pairs(raw.as_deref());
        let mut filters: RegQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
        filters.read_answer_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        service::badges(&state.ctx(), &who, &slug, &filters, lang_of(&pairs)).await
    };
    pdf_or(outcome.await)
}

/// `GET /admin/registrations/{id}/{document}.pdf` and `/api/v1/registrations/{id}/...`:
/// `badge.pdf`, `letter.pdf` or `certificate.pdf`, with `lang` for another language.
pub async fn registration_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, file)): Path<(i64, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let lang = lang_of(&pairs(raw.as_deref()));
        match file.as_str() {
            "badge.pdf" => service::badge(&state.ctx(), &who, id, lang).await,
            "letter.pdf" => service::for_organizer(&state.ctx(), who, id, DocumentKind::Letter, lang).await,
            "certificate.pdf" => service::for_organizer(&state.ctx(), who, id, DocumentKind::Certificate, lang).await,
            _ => Err(AppError::NotFound),
        }
    };
    pdf_or(outcome.await)
}

/// `GET /manage/{token}/letter.pdf` and `/manage/{token}/certificate.pdf`.
pub async fn participant_pdf(State(state): State<AppState>, Path((token, file)): Path<(String, String)>) -> Response {
    let kind = match file.as_str() {
        "letter.pdf" => DocumentKind::Letter,
        "certificate.pdf" => DocumentKind::Certificate,
        _ => return AppError::NotFound.into_response(),
    };
    let page = format!("/manage/{token}");
    match participant::download(&state.ctx(), token, kind).await {
        Ok(pdf) => pdf_download(&pdf.name, pdf.bytes),
        // The letter needs passport details first: the manage page asks for them.
        Err(AppError::Conflict(_)) => Redirect::to(&format!("{page}?error=document#documents")).into_response(),
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /manage/{token}/passport`: the passport details a letter needs; then the letter.
pub async fn give_passport(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let pairs: Vec<(String, String)> = match render::form(body).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let values: BTreeMap<String, String> = pairs.into_iter().collect();
    let page = format!("/manage/{token}");
    match participant::give_passport(&state.ctx(), token, values.clone()).await {
        Ok(()) => Redirect::to(&format!("{page}?done=letter_ready#documents")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.method = Method::GET;
            parts.uri = page.parse().unwrap_or(parts.uri);
            render::page_with(state, parts, PassportRefused { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict(_)) => Redirect::to(&format!("{page}?error=document#documents")).into_response(),
        Err(AppError::NotFound | AppError::Gone) => Redirect::to("/link/invalid").into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/v1/verify/{code}`: the verification page as JSON; 404 for an unknown code.
pub async fn verify_json(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let loc = crate::i18n::Locale::default();
    match service::verify(&state.ctx(), &code, loc).await {
        Ok(v) => Json(serde_json::json!({
            "valid": v.revoked.is_none(),
            "kind": v.kind,
            "reference": v.reference,
            "holder": v.holder,
            "event": v.event,
            "dates": v.dates,
            "issued": v.issued,
            "revoked": v.revoked,
        }))
        .into_response(),
        Err(e) => e.into_response(),
    }
}
