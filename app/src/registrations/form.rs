//! The registration form and the "check your email" page.
//!
//! The form is a plain HTML form posted to its own address, so it works without JavaScript:
//! the server answers a bad submission with this page again, every value kept and each error
//! beside its field (the submission reaches the page through context and, for hydration, a
//! `SharedValue`). With JavaScript, each field is checked as it is left, with the same rules.
use crate::{
    domain::{Country, Field, FieldErrors, FormRules, Gender, Language, OrganizationType, RegistrationInput},
    events::{EventPage, RegistrationState, api::get_event},
    i18n::*,
    labels,
    layout::{LoadError, NotFound},
    page_error::PageError,
    registrations::question_fields::{AnswersCtx, QuestionFields, field_id},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A submission the server refused, shown again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub input: RegistrationInput,
    pub errors: FieldErrors,
    /// Registration closed between loading the form and submitting it.
    pub closed: bool,
}

/// Where a registration form posts and what it offers, when it is not the public form: a
/// focal point's nomination (the country fixed to theirs) or a personal invitation. The page
/// around it has decided the form is open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormTarget {
    pub action: String,
    /// The only country offered.
    pub country: Option<String>,
    /// Sent along unseen (the nominee a nomination replaces).
    pub hidden: Vec<(String, String)>,
    /// The form's heading (the page around it has the title).
    pub heading: String,
    /// The submit button's text.
    pub submit: String,
    /// The consent's wording, when someone fills the form for another person.
    pub consent: Option<String>,
}

type I18n = leptos_i18n::I18nContext<Locale>;

fn language(i18n: I18n) -> Language {
    Language::parse(i18n.get_locale_untracked().as_str()).unwrap_or(Language::En)
}

/// `/events/:slug/register`.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // Created before anything else so the server and the browser agree on its id.
    let submission = SharedValue::new(use_context::<Submission>).into_inner();
    let event = Resource::new_blocking(slug, get_event);
    view! {
        <Suspense>
            {move || {
                let submission = submission.clone();
                Suspend::new(async move {
                    match event.await {
                        Ok(page) => view! { <RegisterForm page submission /> }.into_any(),
                        Err(PageError::NotFound) => view! { <NotFound /> }.into_any(),
                        Err(_) => view! { <LoadError /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn RegisterForm(page: EventPage, submission: Option<Submission>, #[prop(optional)] target: Option<FormTarget>) -> impl IntoView {
    let i18n = use_i18n();
    let title = page.card.title.clone();
    let state = page.card.registration;
    if (target.is_none() && !state.accepts_registrations()) || submission.as_ref().is_some_and(|s| s.closed) {
        return view! {
            <Title text=title.clone() />
            <h1>{title}</h1>
            <p class="notice">{t!(i18n, event.closed_note)}</p>
            <p><a href=format!("/events/{}", page.card.slug)>{t!(i18n, registered.back)}</a></p>
        }
        .into_any();
    }
    let Submission { input: mut initial, errors: initial_errors, .. } = submission.unwrap_or_default();
    let fixed_country = target.as_ref().and_then(|t| t.country.clone());
    if let Some(code) = &fixed_country {
        initial.country = code.clone();
    }
    let input = RwSignal::new(initial.clone());
    let errors = RwSignal::new(initial_errors.clone());
    let rules = StoredValue::new(page.form_rules());
    let ctx = FormCtx { input, errors, rules, i18n };
    let answers = AnswersCtx::new(input, errors, page.questions.clone(), i18n);
    let action = target.as_ref().map(|t| t.action.clone()).unwrap_or_else(|| format!("/events/{}/register", page.card.slug));
    let lang = language(i18n);
    let countries: Vec<(String, String)> = Country::sorted_by_name(lang)
        .into_iter()
        .filter(|c| fixed_country.as_ref().is_none_or(|code| code == c.iso2))
        .map(|c| (c.iso2.to_owned(), c.name(lang).to_owned()))
        .collect();
    let hidden = target.as_ref().map(|t| t.hidden.clone()).unwrap_or_default();
    let consent = target.as_ref().and_then(|t| t.consent.clone()).unwrap_or_else(|| t_string!(i18n, form.consent).to_string());
    let submit = match &target {
        Some(t) => t.submit.clone(),
        None if state == RegistrationState::Waitlist => t_string!(i18n, form.submit_waitlist).to_string(),
        None => t_string!(i18n, form.submit).to_string(),
    };
    let heading = match &target {
        Some(t) => view! { <h2 id="nominate">{t.heading.clone()}</h2> }.into_any(),
        None => view! {
            <Title text=format!("{} · {}", t_string!(i18n, form.title), title) />
            <h1>{t!(i18n, form.title)}</h1>
            <p class="lead">{title.clone()}</p>
            <p class="muted">{page.card.when.clone()} " · " {page.card.place.clone()}</p>
        }
        .into_any(),
    };

    // Someone on a slow connection may type before the page's script has started, and browser
    // autofill may not fire input events: take what the fields hold once hydrated, and again
    // at submission, so the checks always see what the server will receive.
    Effect::new(move |_| {
        if let Some(found) = read_form() {
            input.set(found);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(found) = read_form() {
            input.set(found);
        }
        let all = rules.with_value(|r| input.with_untracked(|i| i.validate(r).err()));
        if let Some(found) = all {
            ev.prevent_default();
            let first = found.keys().next().map(|f| f.name().to_owned()).or_else(|| found.answers.keys().next().map(|k| field_id(k)));
            errors.set(found);
            if let Some(id) = first {
                focus(&id);
            }
        }
    };

    view! {
        {heading}
        <ErrorSummary errors />
        <form method="post" action=action novalidate on:submit=on_submit class="register">
            <input type="hidden" id="language" name="language" value=lang.code() />
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <fieldset>
                <legend>{t!(i18n, form.about_you)}</legend>
                <p class="muted">{t!(i18n, form.intro)}</p>
                <TextInput ctx field=Field::GivenName label=t_string!(i18n, form.given_name).to_string() autocomplete="given-name" value=initial.given_name.clone() />
                <TextInput ctx field=Field::FamilyName label=t_string!(i18n, form.family_name).to_string() autocomplete="family-name" value=initial.family_name.clone() />
                <TextInput ctx field=Field::Email label=t_string!(i18n, form.email).to_string() autocomplete="email" kind="email" value=initial.email.clone() hint=t_string!(i18n, form.email_hint).to_string() />
                <Choice ctx field=Field::Country label=t_string!(i18n, form.country).to_string() placeholder=t_string!(i18n, form.choose_country).to_string() value=initial.country.clone()
                    options=countries />
                <TextInput ctx field=Field::Organization label=t_string!(i18n, form.organization).to_string() autocomplete="organization" value=initial.organization.clone() />
                <Choice ctx field=Field::OrganizationType label=t_string!(i18n, form.organization_type).to_string() placeholder=t_string!(i18n, form.choose).to_string() value=initial.organization_type.clone()
                    options=OrganizationType::ALL.iter().map(|t| (t.code().to_owned(), labels::org_type(i18n, *t))).collect() />
                <TextInput ctx field=Field::JobTitle label=t_string!(i18n, form.job_title).to_string() autocomplete="organization-title" value=initial.job_title.clone() />
                <Choice ctx field=Field::Gender label=t_string!(i18n, form.gender).to_string() placeholder=String::new() value=initial.gender.clone()
                    options=Gender::ALL.iter().map(|g| (g.code().to_owned(), labels::gender(i18n, *g))).collect() />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, form.needs)}</legend>
                <TextArea ctx field=Field::Accessibility label=t_string!(i18n, form.accessibility).to_string() hint=t_string!(i18n, form.accessibility_hint).to_string() value=initial.accessibility.clone() />
                <TextArea ctx field=Field::Dietary label=t_string!(i18n, form.dietary).to_string() hint=String::new() value=initial.dietary.clone() />
            </fieldset>
            <QuestionFields ctx=answers initial=initial.answers.clone() />
            <SessionChoices ctx page=page.clone() chosen=initial.sessions.clone() />
            <fieldset>
                <legend>{t!(i18n, form.consent_title)}</legend>
                <div class="field check" class:invalid=move || errors.with(|e| e.contains_key(&Field::Consent))>
                    <input type="checkbox" id="consent" name="consent" value="on" checked=initial.consent required
                        aria-describedby="consent-error"
                        on:change=move |ev| { input.update(|i| i.consent = event_target_checked(&ev)); ctx.check(Field::Consent); } />
                    <label for="consent">{consent}</label>
                    <FieldMessage ctx field=Field::Consent />
                </div>
            </fieldset>
            <button type="submit" class="button">{submit}</button>
        </form>
    }
    .into_any()
}

/// What every field needs: the values, the errors and the session rules.
#[derive(Clone, Copy)]
struct FormCtx {
    input: RwSignal<RegistrationInput>,
    errors: RwSignal<FieldErrors>,
    rules: StoredValue<FormRules>,
    i18n: I18n,
}

impl FormCtx {
    /// Checks one field and shows or clears its message.
    fn check(self, field: Field) {
        let error = self.rules.with_value(|r| self.input.with_untracked(|i| i.check_field(field, r)));
        self.errors.update(|e| {
            match error {
                Some(err) => e.insert(field, err),
                None => e.remove(&field),
            };
        });
    }

    /// While a field shows an error, recheck it on every keystroke so the message goes as soon
    /// as the value is right; otherwise wait until the field is left.
    fn typed(self, field: Field, value: String) {
        self.input.update(|i| i.set_text(field, value));
        if self.errors.with_untracked(|e| e.contains_key(&field)) {
            self.check(field);
        }
    }

    fn invalid(self, field: Field) -> bool {
        self.errors.with(|e| e.contains_key(&field))
    }
}

/// The values the form's fields hold now, read from the page (`None` on the server).
fn read_form() -> Option<RegistrationInput> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
        let doc = document();
        let mut found = RegistrationInput::default();
        for field in Field::ALL.iter().copied() {
            let Some(el) = doc.get_element_by_id(field.name()) else { continue };
            let value = if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                i.value()
            } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
                s.value()
            } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
                t.value()
            } else {
                continue;
            };
            found.set_text(field, value);
        }
        found.consent = doc.get_element_by_id("consent").and_then(|el| el.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked());
        let boxes = doc.query_selector_all("input[name=sessions]:checked").ok()?;
        found.sessions = (0..boxes.length())
            .filter_map(|n| boxes.item(n)?.dyn_into::<HtmlInputElement>().ok())
            .filter_map(|i| i.value().parse().ok())
            .collect();
        found.answers = super::question_fields::read_answers(&doc);
        Some(found)
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Moves the focus to the field with this HTML id (for a group of choices, its first one).
fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = document().get_element_by_id(id) {
        use leptos::wasm_bindgen::JsCast;
        let el = el.query_selector("input").ok().flatten().unwrap_or(el);
        if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
fn ErrorSummary(errors: RwSignal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let count = errors.with(|e| e.len());
        (count > 0).then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <p>{t!(i18n, form.errors_summary, count = move || count)}</p>
                </div>
            }
        })
    }
}

#[component]
fn FieldMessage(ctx: FormCtx, field: Field) -> impl IntoView {
    move || {
        ctx.errors.with(|e| e.get(&field).copied()).map(|err| {
            view! { <p class="error" id=format!("{}-error", field.name())>{labels::field_error(ctx.i18n, err)}</p> }
        })
    }
}

#[component]
fn TextInput(
    ctx: FormCtx,
    field: Field,
    label: String,
    value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "on")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let name = field.name();
    let described = if hint.is_some() { format!("{name}-hint {name}-error") } else { format!("{name}-error") };
    view! {
        <div class="field" class:invalid=move || ctx.invalid(field)>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            <input type=kind id=name name=name value=value autocomplete=autocomplete required aria-describedby=described
                aria-invalid=move || ctx.invalid(field).to_string()
                on:input=move |ev| ctx.typed(field, event_target_value(&ev))
                on:change=move |_| ctx.check(field) />
            <FieldMessage ctx field />
        </div>
    }
}

#[component]
fn TextArea(ctx: FormCtx, field: Field, label: String, hint: String, value: String) -> impl IntoView {
    let name = field.name();
    view! {
        <div class="field" class:invalid=move || ctx.invalid(field)>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{name}-hint")>{hint}</p> })}
            <textarea id=name name=name rows="2" aria-describedby=format!("{name}-hint {name}-error")
                aria-invalid=move || ctx.invalid(field).to_string()
                on:input=move |ev| ctx.typed(field, event_target_value(&ev))
                on:change=move |_| ctx.check(field)>{value}</textarea>
            <FieldMessage ctx field />
        </div>
    }
}

#[component]
fn Choice(ctx: FormCtx, field: Field, label: String, placeholder: String, value: String, options: Vec<(String, String)>) -> impl IntoView {
    let name = field.name();
    view! {
        <div class="field" class:invalid=move || ctx.invalid(field)>
            <label for=name>{label}</label>
            <select id=name name=name aria-describedby=format!("{name}-error")
                aria-invalid=move || ctx.invalid(field).to_string()
                on:change=move |ev| { ctx.input.update(|i| i.set_text(field, event_target_value(&ev))); ctx.check(field); }>
                <option value="">{placeholder}</option>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let selected = code == value;
                        view! { <option value=code selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage ctx field />
        </div>
    }
}

#[component]
fn SessionChoices(ctx: FormCtx, page: EventPage, chosen: Vec<i64>) -> impl IntoView {
    let i18n = ctx.i18n;
    if page.programme.is_empty() {
        return ().into_any();
    }
    view! {
        <fieldset class="field" class:invalid=move || ctx.invalid(Field::Sessions) aria-describedby="sessions-error">
            <legend id="sessions">{t!(i18n, form.sessions)}</legend>
            <p class="hint">{t!(i18n, form.sessions_hint)}</p>
            {page
                .programme
                .into_iter()
                .map(|day| {
                    view! {
                        <h3 class="day">{day.label}</h3>
                        {day
                            .sessions
                            .into_iter()
                            .map(|s| {
                                let id = s.id;
                                let html_id = format!("session-{id}");
                                let full = s.seats_left == Some(0);
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=html_id.clone() name="sessions" value=id.to_string() checked=chosen.contains(&id)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                ctx.input.update(|i| {
                                                    i.sessions.retain(|x| *x != id);
                                                    if on { i.sessions.push(id) }
                                                });
                                                ctx.check(Field::Sessions);
                                            } />
                                        <label for=html_id>
                                            <span class="time">{s.time}</span> " " {s.title}
                                            {s.parallel_group.map(|g| view! { <span class="group">" · " {t!(i18n, form.parallel_group)} " " {g}</span> })}
                                            {full.then(|| view! { <span class="badge waitlist">{t!(i18n, event.session_full)}</span> })}
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    }
                })
                .collect_view()}
            <FieldMessage ctx field=Field::Sessions />
        </fieldset>
    }
    .into_any()
}

/// `/events/:slug/registered`: the same page for a new and a repeated address.
#[component]
pub fn RegisteredPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let back = move || format!("/events/{}", params.read().get("slug").unwrap_or_default());
    view! {
        <Title text=t_string!(i18n, registered.title).to_string() />
        <h1>{t!(i18n, registered.title)}</h1>
        <p class="lead">{t!(i18n, registered.text)}</p>
        <p>{t!(i18n, registered.expiry)}</p>
        <p><a href=back>{t!(i18n, registered.back)}</a></p>
    }
}
