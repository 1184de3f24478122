//! The back office's pages of documents: `/admin/events/:slug/documents` (settings, images,
//! sending certificates, issuing by hand, the documents issued), and printing badges, letters
//! and certificates from the registrations table and a registration's page. Plain forms and
//! links: they work without JavaScript. (The pages anyone or a participant sees are
//! `public_pages`.)
use super::{DocumentsPage, DocumentsRefused, IssuedLine, load_documents_page};
use crate::{
    admin::pages::{AdminNav, Flash, refused},
    domain::{DocumentKind, Language},
    i18n::*,
    page_error::PageError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::BTreeMap;

type I18n = leptos_i18n::I18nContext<Locale>;

pub(super) fn kind_label(i18n: I18n, kind: DocumentKind) -> String {
    match kind {
        DocumentKind::Letter => t_string!(i18n, documents.kind_letter),
        DocumentKind::Certificate => t_string!(i18n, documents.kind_certificate),
    }
    .to_string()
}

/// The message for an error code of the documents' forms.
fn error_text(i18n: I18n, code: &str) -> String {
    match code {
        "invalid_number" => t_string!(i18n, documents.error.invalid_number),
        "more_days_than_event" => t_string!(i18n, documents.error.more_days_than_event),
        "too_long" => t_string!(i18n, documents.error.too_long),
        "too_large" => t_string!(i18n, documents.error.too_large),
        "not_an_image" => t_string!(i18n, documents.error.not_an_image),
        "no_such_registration" => t_string!(i18n, documents.error.no_such_registration),
        "letters_off" => t_string!(i18n, documents.error.letters_off),
        "online_event" => t_string!(i18n, documents.error.online_event),
        "not_confirmed" => t_string!(i18n, documents.error.not_confirmed),
        "certificates_off" => t_string!(i18n, documents.error.certificates_off),
        "not_attended" => t_string!(i18n, documents.error.not_attended),
        "too_few_days" => t_string!(i18n, documents.error.too_few_days),
        "no_passport" => t_string!(i18n, documents.error.no_passport),
        "invalid_passport_number" => t_string!(i18n, documents.error.invalid_passport_number),
        "expires_before_event" => t_string!(i18n, documents.error.expires_before_event),
        "invalid_date" => t_string!(i18n, documents.error.invalid_date),
        "unknown_choice" => t_string!(i18n, documents.error.unknown_choice),
        _ => t_string!(i18n, documents.error.required),
    }
    .to_string()
}

pub(super) fn note(i18n: I18n, errors: &BTreeMap<String, String>, field: &str) -> Option<impl IntoView + use<>> {
    let id = format!("{}-error", field.replace('.', "-"));
    errors.get(field).map(|code| view! { <p class="error" id=id>{error_text(i18n, code)}</p> })
}

// ---- /admin/events/:slug/documents ----

#[component]
pub fn DocumentsPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.read().get("slug").unwrap_or_default(), query.read().get("q").unwrap_or_default());
    let refused_form = SharedValue::new(use_context::<DocumentsRefused>).into_inner();
    let data = Resource::new_blocking(key, |(slug, q)| load_documents_page(slug, q));
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Title text=t_string!(i18n, documents.title).to_string() />
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <Documents page refused=refused_form.unwrap_or_default() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Documents(page: DocumentsPage, refused: DocumentsRefused) -> impl IntoView {
    let i18n = use_i18n();
    let slug = page.event.slug.clone();
    let DocumentsRefused { values, errors } = refused;
    let has = |k: &str| values.contains_key(k);
    let sent = |k: &str, current: String| if values.is_empty() { current } else { values.get(k).cloned().unwrap_or_default() };
    let checked = |k: &str, current: bool| if values.is_empty() || !values.keys().any(|k| k == "badge_layout") { current } else { has(k) };
    let layout = sent("badge_layout", page.badge_layout.clone());
    let layouts = [
        ("a6", t_string!(i18n, documents.layout_a6).to_string()),
        ("card", t_string!(i18n, documents.layout_card).to_string()),
        ("a4x8", t_string!(i18n, documents.layout_a4x8).to_string()),
    ];
    let texts = |prefix: &'static str, custom: &BTreeMap<String, String>, defaults: &BTreeMap<String, String>| {
        Language::ALL
            .iter()
            .map(|l| {
                let key = format!("{prefix}.{}", l.code());
                let current = custom.get(l.code()).cloned().unwrap_or_else(|| defaults.get(l.code()).cloned().unwrap_or_default());
                let value = if values.is_empty() { current } else { values.get(&key).cloned().unwrap_or_default() };
                let dir = if l.is_rtl() { "rtl" } else { "ltr" };
                let label = crate::locale::ENDONYMS.iter().find(|(c, _)| *c == l.code()).map_or("", |(_, n)| *n);
                view! {
                    <div class="field" class:invalid=errors.contains_key(&key)>
                        <label for=key.clone()>{label}</label>
                        <textarea id=key.clone() name=key.clone() rows="8" lang=l.code() dir=dir>{value}</textarea>
                        {note(i18n, &errors, &key)}
                    </div>
                }
            })
            .collect_view()
    };
    let letter_texts = texts("letter", &page.letter_texts, &page.default_letter);
    let certificate_texts = texts("certificate", &page.certificate_texts, &page.default_certificate);
    let issue_kind = values.get("issue.kind").cloned().unwrap_or_else(|| "letter".into());
    view! {
        <h1>{t!(i18n, documents.title)}</h1>
        <p class="lead"><a href=format!("/admin/events/{slug}")>{page.event.title.clone()}</a></p>
        <Flash />
        {page.unavailable.clone().map(|why| view! { <p class="error-summary" role="alert" id="documents-unavailable">{t!(i18n, documents.unavailable)} " " <code>{why}</code></p> })}
        {(!errors.is_empty()).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, documents.refused)}</p></div> })}
        <p>{t!(i18n, documents.intro)}</p>

        <h2 id="badges">{t!(i18n, documents.badges_title)}</h2>
        <p>{t!(i18n, documents.badges_text)}</p>
        <p>
            <a class="button" id="print-badges" href=format!("/admin/events/{slug}/badges.pdf")>{t!(i18n, documents.print_all_badges)}</a>
            " "
            <a href=format!("/admin/events/{slug}/registrations")>{t!(i18n, documents.badges_filtered)}</a>
        </p>

        <h2 id="settings">{t!(i18n, documents.settings_title)}</h2>
        <form method="post" action=format!("/admin/events/{slug}/documents") class="admin-form" id="documents-form">
            <div class="field" class:invalid=errors.contains_key("badge_layout")>
                <label for="badge_layout">{t!(i18n, documents.badge_layout)}</label>
                <select id="badge_layout" name="badge_layout">
                    {layouts.into_iter().map(|(code, label)| { let selected = code == layout; view! { <option value=code selected=selected>{label}</option> } }).collect_view()}
                </select>
                {note(i18n, &errors, "badge_layout")}
            </div>
            <fieldset>
                <legend>{t!(i18n, documents.letters_title)}</legend>
                {page.online.then(|| view! { <p class="hint">{t!(i18n, documents.letters_online)}</p> })}
                <label class="check"><input type="checkbox" name="letters" id="letters" checked=checked("letters", page.letters) /> {t!(i18n, documents.letters_on)}</label>
                <label class="check"><input type="checkbox" name="letter_attached" id="letter_attached" checked=checked("letter_attached", page.letter_attached) /> {t!(i18n, documents.letter_attached)}</label>
                <details>
                    <summary>{t!(i18n, documents.letter_texts)}</summary>
                    <p class="hint">{t!(i18n, documents.letter_placeholders)}</p>
                    {letter_texts}
                </details>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, documents.certificates_title)}</legend>
                <label class="check"><input type="checkbox" name="certificates" id="certificates" checked=checked("certificates", page.certificates) /> {t!(i18n, documents.certificates_on)}</label>
                {(page.days > 1).then(|| {
                    let min_days = sent("certificate_min_days", page.certificate_min_days.map(|d| d.to_string()).unwrap_or_default());
                    view! {
                        <div class="field" class:invalid=errors.contains_key("certificate_min_days")>
                            <label for="certificate_min_days">{t!(i18n, documents.min_days)}</label>
                            <p class="hint" id="min-days-hint">{t_string!(i18n, documents.min_days_hint, days = page.days).to_string()}</p>
                            <input type="number" id="certificate_min_days" name="certificate_min_days" min="1" max=page.days.to_string() inputmode="numeric" value=min_days aria-describedby="min-days-hint certificate_min_days-error" />
                            {note(i18n, &errors, "certificate_min_days")}
                        </div>
                    }
                })}
                <details>
                    <summary>{t!(i18n, documents.certificate_texts)}</summary>
                    <p class="hint">{t!(i18n, documents.certificate_placeholders)}</p>
                    {certificate_texts}
                </details>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, documents.signatory_title_legend)}</legend>
                <div class="field" class:invalid=errors.contains_key("office")>
                    <label for="office">{t!(i18n, documents.office)}</label>
                    <input id="office" name="office" value=sent("office", page.office.clone()) aria-describedby="office-error" />
                    {note(i18n, &errors, "office")}
                </div>
                <div class="field" class:invalid=errors.contains_key("signatory_name")>
                    <label for="signatory_name">{t!(i18n, documents.signatory_name)}</label>
                    <input id="signatory_name" name="signatory_name" value=sent("signatory_name", page.signatory_name.clone()) aria-describedby="signatory_name-error" />
                    {note(i18n, &errors, "signatory_name")}
                </div>
                <div class="field" class:invalid=errors.contains_key("signatory_title")>
                    <label for="signatory_title">{t!(i18n, documents.signatory_title)}</label>
                    <input id="signatory_title" name="signatory_title" value=sent("signatory_title", page.signatory_title.clone()) aria-describedby="signatory_title-error" />
                    {note(i18n, &errors, "signatory_title")}
                </div>
            </fieldset>
            <button type="submit" class="button">{t!(i18n, documents.save)}</button>
        </form>

        <h2 id="letterhead">{t!(i18n, documents.letterhead_title)}</h2>
        <p>{t!(i18n, documents.letterhead_text)}</p>
        <form method="post" action=format!("/admin/events/{slug}/documents/images") enctype="multipart/form-data" class="admin-form">
            <div class="field" class:invalid=errors.contains_key("logo")>
                <label for="logo">{t!(i18n, documents.logo)} {page.has_logo.then(|| view! { <span class="muted">" ✓ "{t!(i18n, documents.uploaded)}</span> })}</label>
                <input type="file" id="logo" name="logo" accept="image/png,image/jpeg,image/svg+xml" aria-describedby="logo-error" />
                {note(i18n, &errors, "logo")}
            </div>
            <div class="field" class:invalid=errors.contains_key("signature")>
                <label for="signature">{t!(i18n, documents.signature)} {page.has_signature.then(|| view! { <span class="muted">" ✓ "{t!(i18n, documents.uploaded)}</span> })}</label>
                <input type="file" id="signature" name="signature" accept="image/png,image/jpeg,image/svg+xml" aria-describedby="signature-error" />
                {note(i18n, &errors, "signature")}
            </div>
            <button type="submit" class="button">{t!(i18n, documents.upload)}</button>
            {page.has_logo.then(|| view! { " " <button type="submit" class="button secondary" name="remove" value="logo">{t!(i18n, documents.remove_logo)}</button> })}
            {page.has_signature.then(|| view! { " " <button type="submit" class="button secondary" name="remove" value="signature">{t!(i18n, documents.remove_signature)}</button> })}
        </form>

        <h2 id="send-certificates">{t!(i18n, documents.send_title)}</h2>
        {if page.certificates {
            view! {
                <p>{if page.certificates_due == 0 { t_string!(i18n, documents.none_due).to_string() } else { t_string!(i18n, documents.send_text, n = page.certificates_due).to_string() }}</p>
                {(!page.ended).then(|| view! { <p class="hint">{t!(i18n, documents.send_before_end)}</p> })}
                <form method="post" action=format!("/admin/events/{slug}/documents/certificates")>
                    <button type="submit" class="button" id="send-certificates-button" disabled=page.certificates_due == 0>{t!(i18n, documents.send_button)}</button>
                </form>
            }
                .into_any()
        } else {
            view! { <p class="muted">{t!(i18n, documents.send_off)}</p> }.into_any()
        }}

        <h2 id="issue">{t!(i18n, documents.issue_title)}</h2>
        <p>{t!(i18n, documents.issue_text)}</p>
        <form method="post" action=format!("/admin/events/{slug}/documents/issue") class="admin-form" id="issue-form">
            <div class="field" class:invalid=errors.contains_key("issue.person")>
                <label for="issue-person">{t!(i18n, documents.issue_person)}</label>
                <input id="issue-person" name="issue.person" dir="ltr" value=values.get("issue.person").cloned().unwrap_or_default() aria-describedby="issue-person-error" />
                {note(i18n, &errors, "issue.person")}
            </div>
            <div class="field">
                <label for="issue-kind">{t!(i18n, documents.col_kind)}</label>
                <select id="issue-kind" name="issue.kind">
                    <option value="letter" selected=issue_kind == "letter">{t!(i18n, documents.kind_letter)}</option>
                    <option value="certificate" selected=issue_kind == "certificate">{t!(i18n, documents.kind_certificate)}</option>
                </select>
            </div>
            <details open=errors.keys().any(|k| k.starts_with("passport") || k == "nationality")>
                <summary>{t!(i18n, documents.issue_passport)}</summary>
                <div class="field" class:invalid=errors.contains_key("passport_number")>
                    <label for="passport_number">{t!(i18n, documents.passport_number)}</label>
                    <input id="passport_number" name="passport_number" dir="ltr" value=values.get("passport_number").cloned().unwrap_or_default() aria-describedby="passport_number-error" />
                    {note(i18n, &errors, "passport_number")}
                </div>
                <div class="field" class:invalid=errors.contains_key("nationality")>
                    <label for="nationality">{t!(i18n, documents.nationality_code)}</label>
                    <input id="nationality" name="nationality" dir="ltr" maxlength="2" value=values.get("nationality").cloned().unwrap_or_default() aria-describedby="nationality-error" />
                    {note(i18n, &errors, "nationality")}
                </div>
                <div class="field" class:invalid=errors.contains_key("passport_expires")>
                    <label for="passport_expires">{t!(i18n, documents.passport_expires)}</label>
                    <input type="date" id="passport_expires" name="passport_expires" value=values.get("passport_expires").cloned().unwrap_or_default() aria-describedby="passport_expires-error" />
                    {note(i18n, &errors, "passport_expires")}
                </div>
            </details>
            <button type="submit" class="button">{t!(i18n, documents.issue_button)}</button>
        </form>

        <h2 id="issued">{t!(i18n, documents.issued_title)}</h2>
        <form method="get" action=format!("/admin/events/{slug}/documents#issued") role="search" class="inline">
            <label for="issued-q">{t!(i18n, documents.search)}</label>
            " "
            <input type="search" id="issued-q" name="q" value=page.search.clone() />
            " "
            <button type="submit" class="button secondary">{t!(i18n, documents.search_button)}</button>
        </form>
        {(page.issued_total > page.issued.len() as i64).then(|| view! {
            <p class="muted">{t_string!(i18n, documents.shown_of, shown = page.issued.len(), total = page.issued_total).to_string()}</p>
        })}
        <IssuedTable lines=page.issued.clone() slug=slug.clone() />
    }
}

#[component]
fn IssuedTable(lines: Vec<IssuedLine>, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="muted">{t!(i18n, documents.none_issued)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data" id="issued-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, documents.col_kind)}</th>
                        <th scope="col">{t!(i18n, documents.col_reference)}</th>
                        <th scope="col">{t!(i18n, documents.col_holder)}</th>
                        <th scope="col">{t!(i18n, documents.col_issued)}</th>
                        <th scope="col">{t!(i18n, documents.col_downloads)}</th>
                        <th scope="col">{t!(i18n, documents.col_email)}</th>
                        <th scope="col">{t!(i18n, documents.col_state)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let file = match l.kind { DocumentKind::Letter => "letter.pdf", DocumentKind::Certificate => "certificate.pdf" };
                        let downloads = match &l.last_download {
                            Some(last) => format!("{} ({last})", l.downloads),
                            None => l.downloads.to_string(),
                        };
                        let state = match &l.revoked {
                            Some(on) => view! { <span class="badge cancelled">{t_string!(i18n, documents.revoked_on, date = on.clone()).to_string()}</span> }.into_any(),
                            None => view! {
                                <form method="post" action=format!("/admin/events/{slug}/documents/{}/revoke", l.id)>
                                    <button type="submit" class="button secondary small">{t!(i18n, documents.revoke)}</button>
                                </form>
                            }.into_any(),
                        };
                        view! {
                            <tr>
                                <td>{kind_label(i18n, l.kind)}{l.by_organizer.then(|| view! { <span class="muted">" · "{t!(i18n, documents.by_hand)}</span> })}</td>
                                <td dir="ltr"><a href=format!("/admin/registrations/{}/{file}", l.registration_id)>{l.reference.clone()}</a></td>
                                <td><a href=format!("/admin/registrations/{}", l.registration_id)><bdi>{l.holder.clone()}</bdi></a></td>
                                <td>{l.issued.clone()}</td>
                                <td>{downloads}</td>
                                <td>{l.email.clone().unwrap_or_default()}</td>
                                <td>{state}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

// ---- Printing from the back office ----

/// "Print badges": the registrations table's filters go with the form, so exactly the people
/// shown get a badge; the language is each person's own unless one is chosen.
#[component]
pub fn BadgesForm(slug: String, query: crate::registrations::RegQuery) -> impl IntoView {
    let i18n = use_i18n();
    let hidden = [
        ("status", query.status.clone()),
        ("country", query.country.clone()),
        ("region", query.region.clone()),
        ("org_type", query.org_type.clone()),
        ("session", query.session.clone()),
        ("q", query.q.clone()),
        ("sort", query.sort.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .chain(query.answers.iter().map(|(k, v)| (format!("a.{k}"), v.clone())))
    .filter(|(_, v)| !v.is_empty())
    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
    .collect_view();
    view! {
        <form method="get" action=format!("/admin/events/{slug}/badges.pdf") class="inline no-print" id="badges-form">
            {hidden}
            <LanguageChoice />
            " "
            <button type="submit" class="button secondary">{t!(i18n, documents.print_badges)}</button>
        </form>
    }
}

/// The language a document is printed in: each person's own, or one for all.
#[component]
fn LanguageChoice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for="doc-lang">{t!(i18n, documents.print_language)}</label>
        " "
        <select id="doc-lang" name="lang">
            <option value="">{t!(i18n, documents.own_language)}</option>
            {crate::locale::ENDONYMS.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
        </select>
    }
}

#[server(prefix = "/api/fn", endpoint = "badge_role")]
pub async fn load_badge_role(id: i64) -> Result<String, PageError> {
    let (state, who, _) = crate::admin::api::context().await?;
    Ok(super::ssr::service::badge_role(&state.ctx(), &who, id).await?)
}

/// A registration's documents on its back-office page: the badge role, and the badge, letter
/// and certificate as PDFs (each refused with its reason when it does not apply).
#[component]
pub fn RegistrationDocuments(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let role = Resource::new_blocking(move || id, load_badge_role);
    let roles = [
        ("participant", t_string!(i18n, documents.role_participant).to_string()),
        ("speaker", t_string!(i18n, documents.role_speaker).to_string()),
        ("organizer", t_string!(i18n, documents.role_organizer).to_string()),
        ("press", t_string!(i18n, documents.role_press).to_string()),
        ("staff", t_string!(i18n, documents.role_staff).to_string()),
    ];
    view! {
        <section aria-labelledby="reg-documents-h" id="documents">
            <h2 id="reg-documents-h">{t!(i18n, documents.manage_title)}</h2>
            <Suspense>
                {move || {
                    let roles = roles.clone();
                    Suspend::new(async move {
                        let current = role.await.unwrap_or_default();
                        view! {
                            <form method="post" action=format!("/admin/registrations/{id}/badge-role") class="inline" id="badge-role-form">
                                <input type="hidden" name="back" value=format!("/admin/registrations/{id}") />
                                <label for="badge_role">{t!(i18n, documents.badge_role)}</label>
                                " "
                                <select id="badge_role" name="badge_role">
                                    {roles.into_iter().map(|(code, label)| { let selected = code == current; view! { <option value=code selected=selected>{label}</option> } }).collect_view()}
                                </select>
                                " "
                                <button type="submit" class="button secondary">{t!(i18n, documents.save)}</button>
                            </form>
                        }
                    })
                }}
            </Suspense>
            <form method="get" action=format!("/admin/registrations/{id}/badge.pdf") class="inline" id="registration-documents">
                <LanguageChoice />
                " "
                <button type="submit" class="button secondary">{t!(i18n, documents.badge_pdf)}</button>
                " "
                <button type="submit" class="button secondary" formaction=format!("/admin/registrations/{id}/letter.pdf")>{t!(i18n, documents.letter_pdf)}</button>
                " "
                <button type="submit" class="button secondary" formaction=format!("/admin/registrations/{id}/certificate.pdf")>{t!(i18n, documents.certificate_pdf)}</button>
            </form>
        </section>
    }
}
