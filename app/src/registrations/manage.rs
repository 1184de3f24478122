//! `/manage/:token`: the participant's own registration, reached through the personal link in
//! every email. Correcting details and answers, changing sessions and cancelling are plain
//! POST forms; a refused correction comes back with its values and errors (`Submission`).
use super::{
    ManageView,
    api::get_manage,
    form::Submission,
    question_fields::{AnswersCtx, QuestionFields},
};
use crate::{
    domain::{Field, Language, RegistrationInput, RegistrationStatus, SessionChoiceStatus},
    i18n::*,
    labels,
    layout::{LoadError, set_status},
    page_error::PageError,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    // Created before anything else so the server and the browser agree on its id.
    let submission = SharedValue::new(use_context::<Submission>).into_inner();
    let view_data = Resource::new_blocking(token, get_manage);
    view! {
        // The address holds a personal token: keep it out of search engines and referrers.
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Title text=t_string!(i18n, manage.title).to_string() />
        <Suspense>
            {move || {
                let submission = submission.clone();
                Suspend::new(async move {
                match view_data.await {
                    Ok(v) => view! { <Manage v token=token() submission /> }.into_any(),
                    Err(PageError::NotFound | PageError::Gone) => {
                        set_status(404);
                        view! {
                            <h1>{t!(i18n, manage.link_invalid)}</h1>
                            <p>{t!(i18n, manage.link_invalid_text)}</p>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <LoadError /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Notice() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    move || {
        let done = query.read().get("done");
        let error = query.read().get("error");
        let text = match (done.as_deref(), error.as_deref()) {
            (_, Some("parallel_sessions")) => Some(("error-summary", t_string!(i18n, error.parallel_sessions).to_string())),
            (_, Some(_)) => Some(("error-summary", t_string!(i18n, manage.locked).to_string())),
            (Some("confirmed"), _) => Some(("notice", t_string!(i18n, manage.just_confirmed).to_string())),
            (Some("sessions"), _) => Some(("notice", t_string!(i18n, manage.sessions_saved).to_string())),
            (Some("details"), _) => Some(("notice", t_string!(i18n, correct.saved).to_string())),
            (Some("cancelled"), _) => Some(("notice", t_string!(i18n, manage.cancelled_now).to_string())),
            _ => None,
        };
        text.map(|(class, text)| view! { <p class=class role="status">{text}</p> })
    }
}

#[component]
fn Manage(v: ManageView, token: String, submission: Option<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    let status = v.status;
    let position = v.waitlist_position;
    view! {
        <h1>{t!(i18n, manage.title)}</h1>
        <Notice />
        <p class="lead">
            <a href=format!("/events/{}", v.event_slug)>{v.event_title.clone()}</a>
        </p>
        <p class="muted">{v.event_when.clone()} " · " {v.event_place.clone()}</p>
        <section class="status" aria-labelledby="status-h">
            <h2 id="status-h">{t!(i18n, manage.status)}</h2>
            <p class=format!("badge {}", status.code()) id="registration-status">{move || labels::status(i18n, status)}</p>
            {position.map(|p| view! { <p>{t!(i18n, manage.position, position = move || p)}</p> })}
            {v.join_url.clone().map(|url| view! { <p><a class="button" href=url rel="noopener noreferrer">{t!(i18n, manage.join)}</a></p> })}
        </section>
        <section aria-labelledby="details-h">
            <h2 id="details-h">{t!(i18n, manage.details)}</h2>
            <dl class="details">
                <dt>{t!(i18n, manage.name)}</dt><dd>{format!("{} {}", v.given_name, v.family_name)}</dd>
                <dt>{t!(i18n, manage.email)}</dt><dd>{v.email.clone()}</dd>
                <dt>{t!(i18n, manage.country)}</dt><dd>{v.country.clone()}</dd>
                <dt>{t!(i18n, manage.organization)}</dt><dd>{v.organization.clone()}</dd>
                <dt>{t!(i18n, manage.job_title)}</dt><dd>{v.job_title.clone()}</dd>
                <Answered v=v.clone() />
            </dl>
        </section>
        {v.can_correct.then(|| view! { <CorrectDetails v=v.clone() token=token.clone() submission /> })}
        {(!v.sessions.is_empty()).then(|| view! { <Sessions v=v.clone() token=token.clone() /> })}
        {v.can_change.then(|| view! {
            <section aria-labelledby="cancel-h">
                <h2 id="cancel-h">{t!(i18n, manage.cancel_title)}</h2>
                <p>{t!(i18n, manage.cancel_text)}</p>
                <form method="post" action=format!("/manage/{token}/cancel")>
                    <button type="submit" class="button danger">{t!(i18n, manage.cancel)}</button>
                </form>
            </section>
        })}
        {(!v.can_change && status != RegistrationStatus::Cancelled).then(|| view! { <p class="muted">{t!(i18n, manage.locked)}</p> })}
        <crate::documents::public_pages::ManageDocumentsSection token=token.clone() />
        <YourData token />
    }
}

/// Downloading and erasing one's own data; erasing needs the box ticked.
#[component]
fn YourData(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let unconfirmed = move || query.read().get("error").as_deref() == Some("erase_confirm");
    view! {
        <section aria-labelledby="data-h" id="erase">
            <h2 id="data-h">{t!(i18n, manage.your_data)}</h2>
            <p>{t!(i18n, manage.your_data_text)}</p>
            <p><a class="button secondary" href=format!("/manage/{token}/data.json") download="my-registration.json">{t!(i18n, manage.download_data)}</a></p>
            <details open=unconfirmed>
                <summary>{t!(i18n, manage.erase_title)}</summary>
                <p>{t!(i18n, manage.erase_text)}</p>
                <form method="post" action=format!("/manage/{token}/erase")>
                    <label class="check">
                        <input type="checkbox" name="confirm" value="yes" id="erase-confirm"
                            aria-invalid=move || unconfirmed().then_some("true")
                            aria-describedby=move || unconfirmed().then_some("erase-confirm-error") />
                        " " {t!(i18n, manage.erase_confirm)}
                    </label>
                    {move || unconfirmed().then(|| view! { <p class="error" id="erase-confirm-error">{t!(i18n, manage.erase_confirm_required)}</p> })}
                    <p><button type="submit" class="button danger">{t!(i18n, manage.erase_button)}</button></p>
                </form>
            </details>
        </section>
    }
}

#[component]
fn Sessions(v: ManageView, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let can_change = v.can_change;
    view! {
        <section aria-labelledby="sessions-h">
            <h2 id="sessions-h">{t!(i18n, manage.sessions)}</h2>
            <form method="post" action=format!("/manage/{token}/sessions")>
                {v.sessions
                    .into_iter()
                    .map(|s| {
                        let id = format!("session-{}", s.id);
                        let state = match (s.status, s.position) {
                            (Some(SessionChoiceStatus::Confirmed), _) => Some(t_string!(i18n, manage.session_confirmed).to_string()),
                            (Some(SessionChoiceStatus::Waitlisted), Some(p)) => Some(t_string!(i18n, manage.session_waitlisted, position = p).to_string()),
                            (Some(_), _) => Some(t_string!(i18n, manage.session_requested).to_string()),
                            (None, _) => None,
                        };
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone() name="sessions" value=s.id.to_string() checked=s.status.is_some() disabled=!can_change />
                                <label for=id>
                                    <span class="time">{s.day} ", " {s.time}</span> " " {s.title}
                                    {s.parallel_group.map(|g| view! { <span class="group">" · " {t!(i18n, form.parallel_group)} " " {g}</span> })}
                                    {state.map(|st| view! { <span class="badge">{st}</span> })}
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
                {can_change.then(|| view! { <button type="submit" class="button">{t!(i18n, manage.save_sessions)}</button> })}
            </form>
        </section>
    }
}

/// The answers given, as the details list shows them.
#[component]
fn Answered(v: ManageView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = Language::parse(i18n.get_locale_untracked().as_str()).unwrap_or(Language::En);
    let yes_no = (t_string!(i18n, questions.yes).to_string(), t_string!(i18n, questions.no).to_string());
    v.questions
        .iter()
        .filter_map(|q| {
            let values = v.answers.get(&q.key).filter(|vs| !vs.is_empty())?;
            let text = values.iter().map(|a| q.value_label(a, lang, (&yes_no.0, &yes_no.1))).collect::<Vec<_>>().join("; ");
            Some(view! { <dt>{q.label(lang).to_owned()}</dt><dd><bdi>{text}</bdi></dd> })
        })
        .collect_view()
}

/// Correcting one's name, organization, job title and answers until changes close.
#[component]
fn CorrectDetails(v: ManageView, token: String, submission: Option<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    let refused = submission.is_some();
    let Submission { input: initial, errors: initial_errors, .. } = submission.unwrap_or_else(|| Submission {
        input: RegistrationInput {
            given_name: v.given_name.clone(),
            family_name: v.family_name.clone(),
            organization: v.organization.clone(),
            job_title: v.job_title.clone(),
            answers: v.answers.clone(),
            ..Default::default()
        },
        ..Default::default()
    });
    let input = RwSignal::new(initial.clone());
    let errors = RwSignal::new(initial_errors);
    let answers = AnswersCtx::new(input, errors, v.questions.clone(), i18n);
    let field = move |f: Field, label: String, value: String| {
        let name = f.name();
        view! {
            <div class="field" class:invalid=move || errors.with(|e| e.contains_key(&f))>
                <label for=name>{label}</label>
                <input type="text" id=name name=name value=value aria-describedby=format!("{name}-error")
                    aria-invalid=move || errors.with(|e| e.contains_key(&f)).to_string() />
                {move || errors.with(|e| e.get(&f).copied()).map(|err| view! { <p class="error" id=format!("{name}-error")>{labels::field_error(i18n, err)}</p> })}
            </div>
        }
    };
    view! {
        <section aria-labelledby="correct-h" id="correct">
            <h2 id="correct-h">{t!(i18n, correct.title)}</h2>
            <p>{t!(i18n, correct.text, until = v.changes_close.clone())}</p>
            {move || (errors.with(|e| e.len()) > 0).then(|| view! {
                <div class="error-summary" role="alert" tabindex="-1"><p>{t!(i18n, form.errors_summary, count = move || errors.with(|e| e.len()))}</p></div>
            })}
            <details open=refused>
                <summary>{t!(i18n, correct.open)}</summary>
                <form method="post" action=format!("/manage/{token}") novalidate class="register">
                    <fieldset>
                        <legend>{t!(i18n, form.about_you)}</legend>
                        {field(Field::GivenName, t_string!(i18n, form.given_name).to_string(), initial.given_name.clone())}
                        {field(Field::FamilyName, t_string!(i18n, form.family_name).to_string(), initial.family_name.clone())}
                        {field(Field::Organization, t_string!(i18n, form.organization).to_string(), initial.organization.clone())}
                        {field(Field::JobTitle, t_string!(i18n, form.job_title).to_string(), initial.job_title.clone())}
                    </fieldset>
                    <QuestionFields ctx=answers initial=initial.answers.clone() />
                    <button type="submit" class="button">{t!(i18n, correct.save)}</button>
                </form>
            </details>
        </section>
    }
}
