//! The pages a private link opens, without an account: `/nominate/:token` (a focal point's
//! country seats, nominees, letter and nomination form) and `/invited/:token` (a personal
//! invitation's form, filled in). Plain forms: they work without JavaScript.
use super::{FocalPage, InvitedPage, LetterRefused, Replacing, load_focal_page, load_invited_page, pages::error_text};
use crate::{
    domain::RegistrationStatus,
    i18n::*,
    layout::{LoadError, NotFound},
    page_error::PageError,
    registrations::form::{FormTarget, RegisterForm, Submission},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

type I18n = leptos_i18n::I18nContext<Locale>;

/// A nominee's state, as their focal point reads it (the participant's own labels say "you").
fn nominee_state(i18n: I18n, s: RegistrationStatus) -> String {
    match s {
        RegistrationStatus::AwaitingEmailConfirmation => t_string!(i18n, nominations.state.awaiting_email_confirmation),
        RegistrationStatus::AwaitingApproval => t_string!(i18n, nominations.state.awaiting_approval),
        RegistrationStatus::Confirmed => t_string!(i18n, nominations.state.confirmed),
        RegistrationStatus::Waitlisted => t_string!(i18n, nominations.state.waitlisted),
        RegistrationStatus::Rejected => t_string!(i18n, nominations.state.rejected),
        RegistrationStatus::Cancelled => t_string!(i18n, nominations.state.cancelled),
        RegistrationStatus::Expired => t_string!(i18n, nominations.state.expired),
    }
    .to_string()
}

/// `/nominate/:token`.
#[component]
pub fn FocalPageView() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let submitted = SharedValue::new(use_context::<(Submission, Replacing)>).into_inner();
    let letter_refused = SharedValue::new(use_context::<LetterRefused>).into_inner();
    let data = Resource::new_blocking(token, load_focal_page);
    view! {
        <Suspense>
            {move || {
                let (submitted, letter_refused) = (submitted.clone(), letter_refused.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Focal page token=token() submitted letter_refused /> }.into_any(),
                        Err(PageError::NotFound) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <LoadError /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Focal(
    page: FocalPage,
    token: String,
    submitted: Option<(Submission, Replacing)>,
    letter_refused: Option<LetterRefused>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let title = page.event.card.title.clone();
    let head = view! {
        <Title text=format!("{} · {}", t_string!(i18n, nominations.focal_title), title) />
        <h1>{t!(i18n, nominations.focal_title)}</h1>
        <p class="lead">{title.clone()}</p>
        <p class="muted">{page.event.card.when.clone()} " · " {page.event.card.place.clone()}</p>
    };
    if !page.open {
        return view! { {head} <p class="notice" role="status">{t!(i18n, nominations.focal_closed, when = page.closes.clone())}</p> }
            .into_any();
    }
    let done = query.read_untracked().get("done").map(|d| match d.as_str() {
        "nominated" => t_string!(i18n, nominations.done_nominated).to_string(),
        "withdrawn" => t_string!(i18n, nominations.done_withdrawn).to_string(),
        _ => t_string!(i18n, nominations.done_letter).to_string(),
    });
    let (submission, replacing) = match submitted {
        Some((s, Replacing(r))) => (Some(s), r),
        None => (None, query.read_untracked().get("replace").unwrap_or_default()),
    };
    let replaced = page.nominees.iter().find(|n| n.public_id == replacing).map(|n| n.name.clone());
    let left = page.seats_left();
    let seats = match page.quota {
        Some(q) => t_string!(
            i18n,
            nominations.focal_seats,
            country = page.country_name.clone(),
            seats = q,
            used = page.used,
            left = left.unwrap_or(0)
        )
        .to_string(),
        None => t_string!(i18n, nominations.focal_no_limit, country = page.country_name.clone(), used = page.used).to_string(),
    };
    // A refused nomination comes back with its form, whatever the seats say now.
    let form_open = left != Some(0) || replaced.is_some() || submission.is_some();
    let target = FormTarget {
        action: format!("/nominate/{token}#nominate"),
        country: Some(page.country.clone()),
        hidden: if replaced.is_some() { vec![("replace".into(), replacing.clone())] } else { Vec::new() },
        heading: match &replaced {
            Some(name) => t_string!(i18n, nominations.replace_heading, name = name.clone()).to_string(),
            None => t_string!(i18n, nominations.nominate_heading).to_string(),
        },
        submit: t_string!(i18n, nominations.submit).to_string(),
        consent: Some(t_string!(i18n, nominations.consent).to_string()),
    };
    let letter_error = letter_refused.map(|LetterRefused(code)| error_text(i18n, &code));
    let letter_invalid = letter_error.is_some();
    let event = page.event.clone();
    view! {
        {head}
        {done.map(|d| view! { <p class="notice" role="status">{d}</p> })}
        <p><bdi>{page.name.clone()}</bdi> {(!page.ministry.is_empty()).then(|| view! { " · " <bdi>{page.ministry.clone()}</bdi> })}</p>
        <p class="notice"><strong>{seats}</strong></p>
        <p>{t!(i18n, nominations.focal_intro, when = page.closes.clone())}</p>

        <h2 id="nominees">{t!(i18n, nominations.your_nominees)}</h2>
        {if page.nominees.is_empty() {
            view! { <p class="muted">{t!(i18n, nominations.no_nominees)}</p> }.into_any()
        } else {
            let token = token.clone();
            view! {
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t!(i18n, nominations.col_name)}</th>
                        <th scope="col">{t!(i18n, nominations.col_state)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, nominations.col_actions)}</span></th>
                    </tr></thead>
                    <tbody>
                        {page.nominees.iter().cloned().map(|n| view! {
                            <tr>
                                <td><bdi>{n.name.clone()}</bdi><br /><span class="muted" dir="ltr">{n.email}</span></td>
                                <td>{nominee_state(i18n, n.status)}</td>
                                <td>
                                    <a class="button secondary" href=format!("/nominate/{token}?replace={}#nominate", n.public_id)>{t!(i18n, nominations.replace)}</a>
                                    <form method="post" action=format!("/nominate/{token}/withdraw") class="inline">
                                        <input type="hidden" name="nominee" value=n.public_id />
                                        <button type="submit" class="button secondary">{t!(i18n, nominations.withdraw)}</button>
                                    </form>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}

        <h2 id="letter">{t!(i18n, nominations.letter_title)}</h2>
        {match page.letter.clone() {
            Some(l) => view! { <p><a href=format!("/nominate/{token}/letter.pdf")>{l.file_name}</a> <span class="muted">" (" {l.size} ", " {l.uploaded} ")"</span></p> }.into_any(),
            None => view! { <p class="muted">{t!(i18n, nominations.no_letter)}</p> }.into_any(),
        }}
        <form method="post" action=format!("/nominate/{token}/letter") enctype="multipart/form-data" class="admin-form">
            <div class="field" class:invalid=letter_invalid>
                <label for="file">{t!(i18n, nominations.letter_file)}</label>
                <p class="hint" id="file-hint">{t!(i18n, nominations.letter_hint)}</p>
                <input type="file" id="file" name="file" accept="application/pdf,.pdf" aria-describedby="file-hint file-error" />
                {letter_error.map(|e| view! { <p class="error" id="file-error">{e}</p> })}
            </div>
            <button type="submit" class="button secondary">{t!(i18n, nominations.letter_upload)}</button>
        </form>

        {if form_open {
            view! { <RegisterForm page=event submission target /> }.into_any()
        } else {
            view! { <h2 id="nominate">{t!(i18n, nominations.nominate_heading)}</h2> <p class="notice">{t!(i18n, nominations.full)}</p> }.into_any()
        }}
    }
    .into_any()
}

/// `/invited/:token`.
#[component]
pub fn InvitedPageView() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let submitted = SharedValue::new(use_context::<Submission>).into_inner();
    let data = Resource::new_blocking(token, load_invited_page);
    view! {
        <Suspense>
            {move || {
                let submitted = submitted.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Invited page token=token() submitted /> }.into_any(),
                        Err(PageError::NotFound) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <LoadError /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Invited(page: InvitedPage, token: String, submitted: Option<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    let title = page.event.card.title.clone();
    let head = view! {
        <Title text=format!("{} · {}", t_string!(i18n, nominations.invited_title), title) />
        <h1>{t!(i18n, nominations.invited_title)}</h1>
        <p class="lead">{title.clone()}</p>
        <p class="muted">{page.event.card.when.clone()} " · " {page.event.card.place.clone()}</p>
    };
    if page.registered {
        return view! { {head} <p class="notice" role="status">{t!(i18n, nominations.invited_used)}</p> }.into_any();
    }
    if page.closed {
        return view! { {head} <p class="notice" role="status">{t!(i18n, event.closed_note)}</p> }.into_any();
    }
    let submission = submitted.or_else(|| Some(Submission { input: page.details.clone(), ..Default::default() }));
    let target = FormTarget {
        action: format!("/invited/{token}"),
        country: None,
        hidden: Vec::new(),
        heading: t_string!(i18n, nominations.invited_heading).to_string(),
        submit: t_string!(i18n, form.submit).to_string(),
        consent: None,
    };
    view! {
        {head}
        <p>{t!(i18n, nominations.invited_intro)}</p>
        <RegisterForm page=page.event submission target />
    }
    .into_any()
}
