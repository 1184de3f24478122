//! The back office's HTML form endpoints. Each finds the signed-in account (else sends the
//! browser to sign in), lets the service check its rights, and answers with a redirect (so a
//! reload does not resubmit) or with the form again, values kept and errors beside the fields.
use crate::{
    accounts::ssr::service as accounts,
    admin::{EventForm, Refused, SessionForm},
    domain::{EventStatus, RegistrationInput, Role},
    error::AppError,
    events::ssr::service as events,
    registrations::{
        form::Submission,
        ssr::organizer::{self as regs, Decision},
    },
    state::AppState,
    web::{
        endpoint::{back_to, failure, read, signed_in, urlencode, with_query},
        rate_limit::RESEND_PER_REGISTRATION,
        render,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// `POST /admin/events`: a new event (draft).
pub async fn create_event(State(state): State<AppState>, request: Request) -> Response {
    read!(state, request => parts, who, form: EventForm);
    match events::create(&state.ctx(), who, form.clone()).await {
        Ok(slug) => Redirect::to(&format!("/admin/events/{slug}?done=created")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = axum::http::Uri::from_static("/admin/events/new");
            refused_event(state, parts, form, errors).await
        }
        Err(e) => failure(e, "/admin"),
    }
}

async fn refused_event(state: AppState, parts: Parts, values: EventForm, errors: crate::admin::FormErrors) -> Response {
    render::page_with(state, parts, Refused { values, errors, target: None }, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// `POST /admin/events/{slug}`: saves the event form.
pub async fn update_event(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, form: EventForm);
    match events::update(&state.ctx(), who, slug.clone(), form.clone()).await {
        Ok(new_slug) => Redirect::to(&format!("/admin/events/{new_slug}?done=saved")).into_response(),
        Err(AppError::Form(errors)) => refused_event(state, parts, form, errors).await,
        Err(e) => failure(e, &format!("/admin/events/{slug}")),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    to: String,
}

/// `POST /admin/events/{slug}/status`: publish, back to draft, cancel, archive.
pub async fn event_status(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => _parts, who, form: StatusForm);
    let Ok(to) = EventStatus::parse(&form.to) else { return StatusCode::BAD_REQUEST.into_response() };
    match events::set_status(&state.ctx(), who, slug.clone(), to).await {
        Ok(()) => Redirect::to(&format!("/admin/events/{slug}?done={}", to.code())).into_response(),
        Err(e) => failure(e, &format!("/admin/events/{slug}")),
    }
}

/// `POST /admin/events/{slug}/sessions` (new) and `.../sessions/{id}` (save).
pub async fn save_session(State(state): State<AppState>, Path(params): Path<Vec<(String, String)>>, request: Request) -> Response {
    let slug = params.iter().find(|(k, _)| k == "slug").map(|(_, v)| v.clone()).unwrap_or_default();
    let target = params.iter().find(|(k, _)| k == "id").and_then(|(_, v)| v.parse::<i64>().ok());
    read!(state, request => parts, who, form: SessionForm);
    match events::save_session(&state.ctx(), who, slug.clone(), target, form.clone()).await {
        Ok(()) => Redirect::to(&format!("/admin/events/{slug}?done=session_saved#sessions")).into_response(),
        Err(AppError::Form(errors)) => {
            parts.uri = format!("/admin/events/{slug}").parse().unwrap_or(parts.uri);
            render::page_with(state, parts, Refused { values: form, errors, target }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("/admin/events/{slug}")),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    note: String,
    back: String,
}

/// `POST /admin/registrations/{id}/{decision}`: approve, reject, promote, cancel.
pub async fn decide(State(state): State<AppState>, Path((id, decision)): Path<(i64, String)>, request: Request) -> Response {
    read!(state, request => _parts, who, form: DecisionForm);
    let Some(decision) = Decision::parse(&decision) else { return StatusCode::NOT_FOUND.into_response() };
    let fallback = format!("/admin/registrations/{id}");
    let back = back_to(&form.back, fallback.clone());
    match regs::decide(state.ctx(), who, id, decision, form.note).await {
        Ok(_) => Redirect::to(&with_query(
            &back,
            &format!(
                "done={}",
                match decision {
                    Decision::Approve => "approved",
                    Decision::Reject => "rejected",
                    Decision::Promote => "promoted",
                    Decision::Cancel => "cancelled",
                }
            ),
        ))
        .into_response(),
        Err(e) => failure(e, &back),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckinForm {
    session: String,
    undo: String,
    back: String,
    q: String,
}

/// `POST /admin/registrations/{id}/checkin`: the desk without JavaScript.
pub async fn checkin(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    read!(state, request => _parts, who, form: CheckinForm);
    let session = form.session.parse::<i64>().ok();
    let undo = !form.undo.is_empty();
    match crate::checkin::service::checkin(&state.ctx(), who, id, session, undo).await {
        Ok(slug) => {
            let fallback = format!("/admin/events/{slug}/checkin");
            let back = back_to(&form.back, fallback);
            let mut q = format!("done={}", if undo { "undone" } else { "checked_in" });
            if let Some(s) = session {
                q.push_str(&format!("&session={s}"));
            }
            if !form.q.is_empty() {
                q.push_str(&format!("&q={}", urlencode(&form.q)));
            }
            Redirect::to(&with_query(&back, &q)).into_response()
        }
        Err(e) => failure(e, &back_to(&form.back, "/admin".into())),
    }
}

/// The add-a-participant form: the registration form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    given_name: String,
    family_name: String,
    email: String,
    country: String,
    organization: String,
    organization_type: String,
    job_title: String,
    gender: String,
    accessibility: String,
    dietary: String,
    sessions: Vec<String>,
}

impl AddForm {
    /// The participant's details as the registration rules read them (consent is the
    /// organizer's to collect; session ids that are not numbers are dropped).
    fn into_input(self) -> RegistrationInput {
        RegistrationInput {
            given_name: self.given_name,
            family_name: self.family_name,
            email: self.email,
            country: self.country,
            organization: self.organization,
            organization_type: self.organization_type,
            job_title: self.job_title,
            gender: self.gender,
            accessibility: self.accessibility,
            dietary: self.dietary,
            sessions: self.sessions.iter().filter_map(|s| s.parse().ok()).collect(),
            consent: true,
            ..RegistrationInput::default()
        }
    }
}

/// `POST /admin/events/{slug}/registrations`: adds a participant by hand.
pub async fn add_registration(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, form: AddForm);
    let input = form.into_input();
    match regs::add_by_hand(state.ctx(), who, slug.clone(), input.clone()).await {
        Ok(id) => Redirect::to(&format!("/admin/registrations/{id}?done=added")).into_response(),
        Err(AppError::Validation(errors)) => {
            render::page_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("/admin/events/{slug}/registrations")),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountForm {
    email: String,
    name: String,
    role: String,
    events: String,
    all_events: Option<String>,
}

/// `POST /admin/accounts`: an administrator invites someone by email.
pub async fn create_account(State(state): State<AppState>, request: Request) -> Response {
    read!(state, request => _parts, who, form: AccountForm);
    if who.ensure_admin().is_err() {
        return (StatusCode::FORBIDDEN, "Only administrators manage accounts.").into_response();
    }
    let Ok(role) = Role::parse(&form.role) else { return Redirect::to("/admin/accounts?error=role").into_response() };
    let user = accounts::NewUser {
        email: form.email,
        name: form.name,
        role,
        events: form.events.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        all_events: form.all_events.is_some(),
        password: None,
    };
    match accounts::create_user(&state.ctx(), Some(who), user).await {
        Ok(_) => Redirect::to("/admin/accounts?done=invited").into_response(),
        Err(AppError::Refused(why)) => Redirect::to(&format!("/admin/accounts?error={}", urlencode(&why))).into_response(),
        Err(e) => failure(e, "/admin/accounts"),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    label: String,
    days: String,
    password: String,
}

/// `POST /admin/tokens`: a new API token for the signed-in account, shown once; made only
/// for someone who typed the password within the last few minutes.
pub async fn create_token(State(state): State<AppState>, request: Request) -> Response {
    let client = crate::web::client::of(&request).key();
    read!(state, request => parts, who, form: TokenForm);
    let days = match accounts::token_days(&form.days) {
        Ok(d) => d,
        Err(_) => {
            return Redirect::to(&format!("/admin/account?error=days&field=token-days&label={}#tokens", urlencode(&form.label)))
                .into_response();
        }
    };
    match accounts::create_own_api_token(&state.ctx(), who, form.password, &form.label, days, &client).await {
        Ok(text) => render::page_with(state, parts, crate::admin::pages::NewToken(text), StatusCode::OK).await,
        Err(AppError::Form(errors)) => {
            let code = errors.values().next().cloned().unwrap_or_default();
            Redirect::to(&format!("/admin/account?error={code}&field=token-password&label={}#tokens", urlencode(&form.label)))
                .into_response()
        }
        Err(AppError::TooManyAttempts) => {
            Redirect::to(&format!("/admin/account?error=throttled&field=token-password&label={}#tokens", urlencode(&form.label)))
                .into_response()
        }
        Err(e) => failure(e, "/admin/account"),
    }
}

/// `POST /admin/accounts/{id}/disable` and `.../enable`: administrators only.
pub async fn account_state(State(state): State<AppState>, Path((id, to)): Path<(i64, String)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let disabled = match to.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match accounts::set_disabled(&state.ctx(), who, id, disabled).await {
        Ok(()) => Redirect::to(&format!("/admin/accounts?done={}", if disabled { "disabled" } else { "enabled" })).into_response(),
        Err(e) => failure(e, "/admin/accounts"),
    }
}

/// `POST /admin/tokens/{id}/revoke`.
pub async fn revoke_token(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match accounts::revoke_api_token(&state.ctx(), who, id).await {
        Ok(()) => Redirect::to("/admin/account?done=revoked#tokens").into_response(),
        Err(e) => failure(e, "/admin/account"),
    }
}

/// `POST /admin/events/{slug}/import`: a CSV file (multipart upload, or pasted text) is read
/// and previewed; with `commit`, its valid rows are saved.
pub async fn import(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    use crate::admin::{ImportRefused, ssr::import};
    let ctx = state.ctx();
    let (mut parts, body) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let multipart =
        parts.headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/"));
    // `commit`: "invite" sends personal invitation links; any other value registers the rows.
    let (mut text, mut commit) = (String::new(), String::new());
    if multipart {
        let request = Request::from_parts(parts.clone(), body);
        let Ok(mut form) = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        while let Ok(Some(field)) = form.next_field().await {
            let name = field.name().unwrap_or_default().to_owned();
            let Ok(bytes) = field.bytes().await else { return StatusCode::PAYLOAD_TOO_LARGE.into_response() };
            match name.as_str() {
                "file" if !bytes.is_empty() => text = String::from_utf8_lossy(&bytes).into_owned(),
                "csv" if text.is_empty() => text = String::from_utf8_lossy(&bytes).into_owned(),
                "commit" => commit = String::from_utf8_lossy(&bytes).into_owned(),
                _ => {}
            }
        }
    } else {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Pasted {
            csv: String,
            commit: String,
        }
        let form: Pasted = match render::form(body).await {
            Ok(f) => f,
            Err(r) => return r,
        };
        (text, commit) = (form.csv, form.commit);
    }
    parts.method = axum::http::Method::GET;
    if commit == "invite" {
        return match crate::nominations::ssr::invitations::invite(ctx, who, slug.clone(), text).await {
            Ok(n) => Redirect::to(&format!("/admin/events/{slug}/nominations?done=invitations_sent&count={n}")).into_response(),
            Err(AppError::Refused(why)) => render::page_with(state, parts, ImportRefused(why), StatusCode::UNPROCESSABLE_ENTITY).await,
            Err(e) => failure(e, &format!("/admin/events/{slug}/import")),
        };
    }
    if !commit.is_empty() {
        return match import::commit(ctx, who, slug.clone(), text).await {
            Ok(n) => Redirect::to(&format!("/admin/events/{slug}/registrations?done=imported&count={n}")).into_response(),
            Err(AppError::Refused(why)) => render::page_with(state, parts, ImportRefused(why), StatusCode::UNPROCESSABLE_ENTITY).await,
            Err(e) => failure(e, &format!("/admin/events/{slug}/import")),
        };
    }
    match import::preview(&state.store, &who, &slug, &text).await {
        Ok(preview) => render::page_with(state, parts, preview, StatusCode::OK).await,
        Err(AppError::Refused(why)) => render::page_with(state, parts, ImportRefused(why), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => failure(e, &format!("/admin/events/{slug}/import")),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    subject: String,
    body: String,
    status: String,
    country: String,
    region: String,
    org_type: String,
    session: String,
    q: String,
    /// The table's answer filters (`a.<key>`), whose names are the organizer's keys.
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

/// `POST /admin/events/{slug}/messages`: emails everyone the table's filter shows.
pub async fn send_message(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, form: MessageForm);
    let mut query = crate::admin::RegQuery {
        status: form.status,
        country: form.country,
        region: form.region,
        org_type: form.org_type,
        session: form.session,
        q: form.q,
        ..Default::default()
    };
    query.read_answer_params(form.rest.iter().filter(|(k, _)| k.starts_with("a.")).map(|(k, v)| (k.as_str(), v.as_str())));
    let query_back = query.clone();
    match crate::registrations::ssr::messages::send(state.ctx(), who, slug.clone(), query, form.subject.clone(), form.body.clone()).await {
        Ok(n) => Redirect::to(&format!("/admin/events/{slug}/mail?done=message_queued&count={n}")).into_response(),
        Err(AppError::Form(errors)) => {
            // Shown again on the table, with the same filter.
            let q = format!(
                "status={}&country={}&region={}&org_type={}&session={}&q={}",
                urlencode(&query_back.status),
                urlencode(&query_back.country),
                urlencode(&query_back.region),
                urlencode(&query_back.org_type),
                urlencode(&query_back.session),
                urlencode(&query_back.q)
            ) + &query_back.answer_params().iter().map(|(k, v)| format!("&{}={}", urlencode(k), urlencode(v))).collect::<String>();
            parts.uri = format!("/admin/events/{slug}/registrations?{q}").parse().unwrap_or(parts.uri);
            let refused = crate::admin::pages::registrations::MessageDraft { subject: form.subject, body: form.body, errors };
            render::page_with(state, parts, refused, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("/admin/events/{slug}/registrations")),
    }
}

/// `POST /admin/emails/{id}/retry`: a failed email goes back in line.
pub async fn retry_email(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match crate::registrations::ssr::messages::retry(&state.ctx(), who, id).await {
        Ok(slug) => Redirect::to(&format!("/admin/events/{slug}/mail?done=retrying")).into_response(),
        Err(e) => failure(e, "/admin"),
    }
}

/// `POST /admin/registrations/{id}/edit`: corrections to the person's details.
pub async fn edit_registration(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    read!(state, request => parts, who, form: AddForm);
    let input = form.into_input();
    match regs::edit(state.ctx(), who, id, input.clone()).await {
        Ok(()) => Redirect::to(&format!("/admin/registrations/{id}?done=saved")).into_response(),
        Err(AppError::Validation(errors)) => {
            parts.uri = format!("/admin/registrations/{id}").parse().unwrap_or(parts.uri);
            render::page_with(state, parts, Submission { input, errors, closed: false }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("/admin/registrations/{id}")),
    }
}

/// `POST /admin/registrations/{id}/answers`: the organizer's answers (organizer-only questions,
/// corrections); refused answers come back beside their fields with everything kept.
pub async fn registration_answers(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    read!(state, request => parts, who, pairs: Vec<(String, String)>);
    let answers = crate::domain::wire::html_answers(pairs);
    match regs::set_answers(state.ctx(), who, id, answers.clone()).await {
        Ok(()) => Redirect::to(&format!("/admin/registrations/{id}?done=saved")).into_response(),
        Err(AppError::Validation(errors)) => {
            parts.uri = format!("/admin/registrations/{id}").parse().unwrap_or(parts.uri);
            let refused = crate::admin::AnswersSubmission { answers, errors };
            render::page_with(state, parts, refused, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => failure(e, &format!("/admin/registrations/{id}")),
    }
}

/// `POST /admin/registrations/{id}/resend`.
pub async fn resend(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let who = match signed_in(&state, &parts).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(e) = state.limits.check(RESEND_PER_REGISTRATION, &id.to_string(), state.clock.now()) {
        return e.into_response();
    }
    match regs::resend(state.ctx(), who, id).await {
        Ok(()) => Redirect::to(&format!("/admin/registrations/{id}?done=resent")).into_response(),
        Err(e) => failure(e, &format!("/admin/registrations/{id}")),
    }
}
