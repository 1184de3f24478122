//! `/admin/events/:slug/import` (nominees from a CSV file, previewed before anything is saved)
//! and `/admin/events/:slug/mail` (delivery of the event's email, failed ones retried).
use super::{AdminNav, Flash, refused};
use crate::{
    admin::{ImportPreview, ImportRefused, MailPage, api},
    i18n::*,
    labels,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let preview = SharedValue::new(use_context::<ImportPreview>).into_inner();
    let problem = SharedValue::new(use_context::<ImportRefused>).into_inner();
    let data = Resource::new_blocking(slug, api::admin_event);
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.import.title).to_string() />
        <Suspense>
            {move || {
                let (preview, problem) = (preview.clone(), problem.clone());
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => {
                            let slug = page.summary.slug.clone();
                            view! {
                                <AdminNav me=Some(me) />
                                <h1>{t!(i18n, admin.import.title)}</h1>
                                <p class="lead"><a href=format!("/admin/events/{slug}")>{page.summary.title.clone()}</a></p>
                                {problem.map(|ImportRefused(why)| view! { <p class="error-summary" role="alert">{t!(i18n, admin.import.unreadable)} " " {why}</p> })}
                                {preview.map(|p| view! { <Preview p slug=slug.clone() /> })}
                                <p>{t!(i18n, admin.import.help)}</p>
                                <p class="hint"><code>"given_name,family_name,email,country,organization,organization_type,job_title,gender"</code></p>
                                <form method="post" action=format!("/admin/events/{slug}/import") enctype="multipart/form-data" class="admin-form">
                                    <div class="field"><label for="file">{t!(i18n, admin.import.file)}</label><input type="file" id="file" name="file" accept=".csv,text/csv" /></div>
                                    <div class="field"><label for="csv">{t!(i18n, admin.import.paste)}</label><textarea id="csv" name="csv" rows="6"></textarea></div>
                                    <button type="submit" class="button">{t!(i18n, admin.import.check)}</button>
                                </form>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Preview(p: ImportPreview, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let (valid, total) = (p.valid, p.rows.len());
    view! {
        <h2>{t!(i18n, admin.import.preview)}</h2>
        <p role="status">{t_string!(i18n, admin.import.summary, valid = valid, total = total).to_string()}</p>
        <table class="data">
            <thead><tr><th>{t!(i18n, admin.import.line)}</th><th>{t!(i18n, manage.name)}</th><th>{t!(i18n, manage.email)}</th><th>{t!(i18n, admin.import.problems)}</th></tr></thead>
            <tbody>
                {p.rows.into_iter().map(|r| {
                    let ok = r.errors.is_empty();
                    view! {
                        <tr class:invalid=!ok>
                            <td>{r.line}</td><td>{r.name}</td><td>{r.email}</td>
                            <td>{if ok { t_string!(i18n, admin.import.ok).to_string() } else {
                                r.errors.iter().map(|(f, e)| format!("{}: {}", f.name(), labels::field_error(i18n, *e))).collect::<Vec<_>>().join("; ")
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(valid > 0).then(|| view! {
            <form method="post" action=format!("/admin/events/{slug}/import")>
                <textarea name="csv" hidden>{p.csv.clone()}</textarea>
                <button type="submit" name="commit" value="1" class="button">{t_string!(i18n, admin.import.commit, count = valid).to_string()}</button>
                " "
                <button type="submit" name="commit" value="invite" class="button secondary">{t!(i18n, nominations.invite_instead)}</button>
                <p class="hint">{t!(i18n, nominations.invite_hint)}</p>
            </form>
        })}
    }
}

#[component]
pub fn MailPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new_blocking(slug, api::admin_mail);
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.mail.title).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <Mail page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Mail(page: MailPage) -> impl IntoView {
    let i18n = use_i18n();
    let line = move |d: &crate::admin::Delivery| {
        t_string!(i18n, admin.mail.delivery, sent = d.sent, waiting = d.waiting, failed = d.failed).to_string()
    };
    view! {
        <h1>{t!(i18n, admin.mail.title)}</h1>
        <p class="lead"><a href=format!("/admin/events/{}", page.event.slug)>{page.event.title.clone()}</a></p>
        <Flash />
        <p class="desk-count" role="status">{line(&page.total)}</p>
        <h2>{t!(i18n, admin.mail.messages)}</h2>
        <table class="data">
            <thead><tr><th>{t!(i18n, admin.mail.subject)}</th><th>{t!(i18n, admin.audit.when)}</th><th>{t!(i18n, admin.mail.status)}</th></tr></thead>
            <tbody>
                {page.messages.iter().map(|m| view! { <tr><td>{m.subject.clone()}</td><td>{m.at.clone()}</td><td>{line(&m.delivery)}</td></tr> }).collect_view()}
            </tbody>
        </table>
        <h2>{t!(i18n, admin.mail.failed)}</h2>
        {if page.failed.is_empty() { view! { <p>{t!(i18n, admin.mail.none_failed)}</p> }.into_any() } else { view! {
            <table class="data">
                <thead><tr><th>{t!(i18n, manage.email)}</th><th>{t!(i18n, admin.mail.subject)}</th><th>{t!(i18n, admin.mail.reason)}</th><th></th></tr></thead>
                <tbody>
                    {page.failed.into_iter().map(|f| view! {
                        <tr>
                            <td>{f.recipient}</td><td>{f.subject}</td><td>{f.error}</td>
                            <td><form method="post" action=format!("/admin/emails/{}/retry", f.id) class="inline"><button type="submit" class="link">{t!(i18n, admin.mail.retry)}</button></form></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any() }}
    }
}
