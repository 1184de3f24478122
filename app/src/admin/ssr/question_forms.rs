//! The form editor's HTML form endpoints: add, edit, move and remove a question, add a
//! ready-made set, copy another event's questions. Each builds the new list and hands it to
//! `questions::ssr::service::change`, which checks the account's rights and every rule; a
//! refused question form comes back with its values and each error beside its field.
use crate::{
    admin::{
        FormErrors, Refused,
        questions::{QuestionForm, merge_option_translations},
    },
    domain::Question,
    error::AppError,
    questions::{presets::Preset, ssr::service},
    state::AppState,
    web::{
        endpoint::{failure, read},
        render,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

fn editor(slug: &str) -> String {
    format!("/admin/events/{slug}/questions")
}

/// The service's errors are keyed `questions.<place>.<field>`; those of the question at `place`
/// are keyed by the form's field instead. Errors on other questions (which a change to this one
/// can cause, such as a condition that no longer holds) are put under `other`.
fn form_errors(errors: FormErrors, place: usize) -> FormErrors {
    let mine = format!("questions.{place}.");
    errors
        .into_iter()
        .map(|(k, code)| match k.strip_prefix(&mine) {
            Some(field) => {
                let field = match field {
                    "type" => "kind",
                    "label" => "label_en",
                    "visible_if" => "condition",
                    other => other,
                };
                (field.to_owned(), code)
            }
            None => ("other".to_owned(), code),
        })
        .collect()
}

/// Rights before input: an account that may not manage the event learns nothing from how its
/// form would have been read (the service checks again inside its write).
async fn may_manage(state: &AppState, who: &crate::accounts::ssr::Principal, slug: &str) -> Result<(), Response> {
    let checked = async {
        let mut conn = state.store.read().await?;
        crate::events::ssr::managed(&mut conn, who, slug).await.map(|_| ())
    };
    checked.await.map_err(|e| failure(e, &editor(slug)))
}

async fn refused(state: AppState, mut parts: Parts, path: String, values: QuestionForm, errors: FormErrors) -> Response {
    parts.uri = path.parse().unwrap_or(parts.uri);
    render::page_with(state, parts, Refused { values, errors, target: None }, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// `POST /admin/events/{slug}/questions`: a new question, at the end of the form.
pub async fn add(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, form: QuestionForm);
    if let Err(r) = may_manage(&state, &who, &slug).await {
        return r;
    }
    let q = match form.to_question() {
        Ok(q) => q,
        Err(errors) => return refused(state, parts, editor(&slug), form, errors).await,
    };
    let key = q.key.clone();
    let place = Arc::new(AtomicUsize::new(0));
    let at = place.clone();
    let result = service::change(&state.ctx(), who, slug.clone(), "questions.add", move |mut current| {
        at.store(current.len(), Ordering::Relaxed);
        current.push(q);
        Ok(current)
    })
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("{}?done=saved#q-{key}", editor(&slug))).into_response(),
        Err(AppError::Form(errors)) => {
            let errors = form_errors(errors, place.load(Ordering::Relaxed));
            refused(state, parts, editor(&slug), form, errors).await
        }
        Err(e) => failure(e, &editor(&slug)),
    }
}

/// `POST /admin/events/{slug}/questions/{key}/edit`: saves a question. Its key is the path's
/// (answers and exports refer to it), whatever the form says.
pub async fn edit(State(state): State<AppState>, Path((slug, key)): Path<(String, String)>, request: Request) -> Response {
    read!(state, request => parts, who, form: QuestionForm);
    if let Err(r) = may_manage(&state, &who, &slug).await {
        return r;
    }
    let form = QuestionForm { key: key.clone(), ..form };
    let page = format!("{}/{key}/edit", editor(&slug));
    let mut q = match form.to_question() {
        Ok(q) => q,
        Err(errors) => return refused(state, parts, page, form, errors).await,
    };
    let place = Arc::new(AtomicUsize::new(0));
    let at = place.clone();
    let result = service::change(&state.ctx(), who, slug.clone(), "questions.edit", move |mut current| {
        let i = current.iter().position(|c| c.key == q.key).ok_or(AppError::NotFound)?;
        at.store(i, Ordering::Relaxed);
        merge_option_translations(&mut q, &current[i]);
        current[i] = q;
        Ok(current)
    })
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("{}?done=saved#q-{key}", editor(&slug))).into_response(),
        Err(AppError::Form(errors)) => {
            let errors = form_errors(errors, place.load(Ordering::Relaxed));
            refused(state, parts, page, form, errors).await
        }
        Err(e) => failure(e, &editor(&slug)),
    }
}

/// A change of the list that has no form of its own to show again: a refusal is named on the
/// editor page (a condition would then point at a later or missing question).
async fn list_change(
    state: &AppState,
    who: crate::accounts::ssr::Principal,
    slug: &str,
    action: &'static str,
    edit: impl FnOnce(Vec<Question>) -> Result<Vec<Question>, AppError> + Send + 'static,
) -> Response {
    match service::change(&state.ctx(), who, slug.to_owned(), action, edit).await {
        Ok(()) => Redirect::to(&format!("{}?done=saved", editor(slug))).into_response(),
        Err(AppError::Form(errors)) => {
            let code = if errors.values().any(|c| c == "too_many") { "questions_too_many" } else { "questions_condition" };
            Redirect::to(&format!("{}?error={code}", editor(slug))).into_response()
        }
        Err(e) => failure(e, &editor(slug)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    to: String,
}

/// `POST /admin/events/{slug}/questions/{key}/move`: one place `up` or `down`.
pub async fn move_question(State(state): State<AppState>, Path((slug, key)): Path<(String, String)>, request: Request) -> Response {
    read!(state, request => _parts, who, form: MoveForm);
    list_change(&state, who, &slug, "questions.move", move |mut current| {
        let i = current.iter().position(|c| c.key == key).ok_or(AppError::NotFound)?;
        let j = match form.to.as_str() {
            "up" => i.checked_sub(1),
            "down" => Some(i + 1).filter(|j| *j < current.len()),
            _ => return Err(AppError::NotFound),
        };
        if let Some(j) = j {
            current.swap(i, j);
        }
        Ok(current)
    })
    .await
}

/// `POST /admin/events/{slug}/questions/{key}/remove`: off the form; the service archives it
/// when it has answers.
pub async fn remove(State(state): State<AppState>, Path((slug, key)): Path<(String, String)>, request: Request) -> Response {
    read!(state, request => _parts, who, _form: MoveForm);
    list_change(&state, who, &slug, "questions.remove", move |mut current| {
        let i = current.iter().position(|c| c.key == key).ok_or(AppError::NotFound)?;
        current.remove(i);
        Ok(current)
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PresetForm {
    preset: String,
}

/// `POST /admin/events/{slug}/questions/preset`: a ready-made set, at the end of the form
/// (questions whose key the form has already are left out).
pub async fn add_preset(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => _parts, who, form: PresetForm);
    let preset = Preset::parse(&form.preset);
    list_change(&state, who, &slug, "questions.preset", move |current| {
        let preset = preset.ok_or(AppError::NotFound)?;
        Ok(service::appended(current, preset.questions()))
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CopyForm {
    from: String,
}

/// `POST /admin/events/{slug}/questions/copy`: the questions of another event this account
/// manages, at the end of the form.
pub async fn copy(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => _parts, who, form: CopyForm);
    match service::copy_from(&state.ctx(), who, slug.clone(), form.from).await {
        Ok(()) => Redirect::to(&format!("{}?done=saved", editor(&slug))).into_response(),
        Err(AppError::Form(_)) => Redirect::to(&format!("{}?error=questions_condition", editor(&slug))).into_response(),
        Err(e) => failure(e, &editor(&slug)),
    }
}
