//! The documents' pages anyone or a participant sees: `/verify/:code` (is this letter or
//! certificate genuine?) and the documents section of the manage page (the letter, the
//! passport details it asks for first, the certificate). Plain forms and links: they work
//! without JavaScript.
use super::{
    ManageDocuments, PassportRefused, Verification, load_manage_documents, load_verification,
    pages::{kind_label, note},
};
use crate::{
    domain::Country,
    i18n::*,
    layout::{LoadError, set_status},
    locale::language_of,
    page_error::PageError,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

// ---- /verify/:code ----

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new_blocking(code, load_verification);
    view! {
        <Title text=t_string!(i18n, documents.verify_title).to_string() />
        // A verification page names a person: keep it out of search engines.
        <Meta name="robots" content="noindex" />
        <h1>{t!(i18n, documents.verify_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Verified v /> }.into_any(),
                    Err(PageError::NotFound) => {
                        set_status(404);
                        view! {
                            <p class="error-summary" role="alert" id="verify-result">{t!(i18n, documents.verify_unknown)}</p>
                            <p>{t!(i18n, documents.verify_unknown_text)}</p>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <LoadError /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Verified(v: Verification) -> impl IntoView {
    let i18n = use_i18n();
    let kind = kind_label(i18n, v.kind);
    let result = match &v.revoked {
        None => view! { <p class="notice valid" role="status" id="verify-result">{t_string!(i18n, documents.verify_genuine, kind = kind.clone()).to_string()}</p> }.into_any(),
        Some(on) => view! { <p class="error-summary" role="alert" id="verify-result">{t_string!(i18n, documents.verify_revoked, kind = kind.clone(), date = on.clone()).to_string()}</p> }.into_any(),
    };
    view! {
        {result}
        <dl class="details" id="verify-details">
            <dt>{t!(i18n, documents.col_kind)}</dt><dd>{kind}</dd>
            <dt>{t!(i18n, documents.col_reference)}</dt><dd dir="ltr">{v.reference.clone()}</dd>
            <dt>{t!(i18n, documents.col_holder)}</dt>
            <dd>{if v.holder.is_empty() { t_string!(i18n, documents.holder_erased).to_string() } else { v.holder.clone() }}</dd>
            <dt>{t!(i18n, documents.col_event)}</dt><dd>{v.event.clone()}</dd>
            <dt>{t!(i18n, documents.col_dates)}</dt><dd>{v.dates.clone()}</dd>
            <dt>{t!(i18n, documents.col_issued)}</dt><dd>{v.issued.clone()}</dd>
        </dl>
        <p class="muted">{t!(i18n, documents.verify_nothing_else)}</p>
    }
}

// ---- The manage page's section ----

/// The letter and certificate a participant can download, and the passport form a letter
/// asks for first.
#[component]
pub fn ManageDocumentsSection(token: String) -> impl IntoView {
    let t2 = token.clone();
    let refused_form = SharedValue::new(use_context::<PassportRefused>).into_inner();
    let data = Resource::new_blocking(move || t2.clone(), load_manage_documents);
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) if d.letter.is_some() || d.certificate => {
                            view! { <ManageDocumentsView d token refused=refused_form.unwrap_or_default() /> }.into_any()
                        }
                        _ => ().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ManageDocumentsView(d: ManageDocuments, token: String, refused: PassportRefused) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let lang = language_of(i18n.get_locale_untracked());
    let PassportRefused { values, errors } = refused;
    let sent = |k: &str| values.get(k).cloned().unwrap_or_default();
    let nationality = sent("nationality");
    let countries: Vec<(String, String)> =
        Country::sorted_by_name(lang).into_iter().map(|c| (c.iso2.to_owned(), c.name(lang).to_owned())).collect();
    let letter = d.letter.clone().map(|offer| {
        if offer.needs_passport {
            view! {
                <h3>{t!(i18n, documents.letter_title)}</h3>
                <p>{t!(i18n, documents.passport_intro)}</p>
                {(!errors.is_empty()).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, documents.refused)}</p></div> })}
                <form method="post" action=format!("/manage/{token}/passport") class="admin-form" id="passport-form">
                    <div class="field" class:invalid=errors.contains_key("passport_name")>
                        <label for="passport_name">{t!(i18n, documents.passport_name)}</label>
                        <p class="hint" id="passport_name-hint">{t!(i18n, documents.passport_name_hint)}</p>
                        <input id="passport_name" name="passport_name" autocomplete="name" value=sent("passport_name") aria-describedby="passport_name-hint passport_name-error" />
                        {note(i18n, &errors, "passport_name")}
                    </div>
                    <div class="field" class:invalid=errors.contains_key("passport_number")>
                        <label for="passport_number">{t!(i18n, documents.passport_number)}</label>
                        <input id="passport_number" name="passport_number" required dir="ltr" autocomplete="off" value=sent("passport_number") aria-describedby="passport_number-error" />
                        {note(i18n, &errors, "passport_number")}
                    </div>
                    <div class="field" class:invalid=errors.contains_key("nationality")>
                        <label for="nationality">{t!(i18n, documents.nationality)}</label>
                        <select id="nationality" name="nationality" required aria-describedby="nationality-error">
                            <option value="">{t!(i18n, form.choose_country)}</option>
                            {countries.into_iter().map(|(code, name)| { let selected = code == nationality; view! { <option value=code selected=selected>{name}</option> } }).collect_view()}
                        </select>
                        {note(i18n, &errors, "nationality")}
                    </div>
                    <div class="field" class:invalid=errors.contains_key("passport_expires")>
                        <label for="passport_expires">{t!(i18n, documents.passport_expires)}</label>
                        <input type="date" id="passport_expires" name="passport_expires" required value=sent("passport_expires") aria-describedby="passport_expires-error" />
                        {note(i18n, &errors, "passport_expires")}
                    </div>
                    <button type="submit" class="button">{t!(i18n, documents.passport_submit)}</button>
                </form>
            }
                .into_any()
        } else {
            view! {
                <h3>{t!(i18n, documents.letter_title)}</h3>
                <p>{t!(i18n, documents.letter_text)}</p>
                <p><a class="button" id="letter-download" href=format!("/manage/{token}/letter.pdf") download>{t!(i18n, documents.letter_download)}</a></p>
            }
                .into_any()
        }
    });
    let certificate = d.certificate.then(|| {
        view! {
            <h3>{t!(i18n, documents.certificate_title)}</h3>
            <p><a class="button" id="certificate-download" href=format!("/manage/{token}/certificate.pdf") download>{t!(i18n, documents.certificate_download)}</a></p>
        }
    });
    view! {
        <section aria-labelledby="documents-h" id="documents">
            <h2 id="documents-h">{t!(i18n, documents.manage_title)}</h2>
            {move || (query.read().get("done").as_deref() == Some("letter_ready")).then(|| view! { <p class="notice" role="status">{t!(i18n, documents.letter_ready)}</p> })}
            {move || (query.read().get("error").as_deref() == Some("document")).then(|| view! { <p class="error-summary" role="alert">{t!(i18n, documents.not_available)}</p> })}
            {letter}
            {certificate}
        </section>
    }
}
