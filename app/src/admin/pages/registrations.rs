//! `/admin/events/:slug/registrations` (the table, its filters and the add form) and
//! `/admin/registrations/:id` (one registration and the organizer's decisions).
use super::{AdminNav, Flash, refused};
use crate::{
    admin::{RegDetail, RegQuery, RegTable, api},
    domain::{Country, OrganizationType, RegistrationStatus},
    i18n::*,
    labels,
    locale::language_of,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        let query = RegQuery {
            status: get("status"),
            country: get("country"),
            region: get("region"),
            org_type: get("org_type"),
            session: get("session"),
            q: get("q"),
            sort: get("sort"),
            page: get("page").parse().unwrap_or(1),
        };
        (params.read().get("slug").unwrap_or_default(), query)
    };
    let data = Resource::new_blocking(key, |(slug, q)| api::admin_registrations(slug, q));
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(table), Ok(me)) => view! { <AdminNav me=Some(me) /> <Table table query=key().1 /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page_link(slug: &str, q: &RegQuery, page: u32) -> String {
    let enc = |s: &str| s.replace('%', "%25").replace('&', "%26").replace(' ', "+").replace('#', "%23");
    format!(
        "/admin/events/{slug}/registrations?status={}&country={}&region={}&org_type={}&session={}&q={}&sort={}&page={page}",
        enc(&q.status),
        enc(&q.country),
        enc(&q.region),
        enc(&q.org_type),
        enc(&q.session),
        enc(&q.q),
        enc(&q.sort)
    )
}

#[component]
fn Table(table: RegTable, query: RegQuery) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    let slug = table.event.slug.clone();
    let back = page_link(&slug, &query, table.page);
    let mut regions: Vec<&str> = Country::all().iter().map(|c| c.region).filter(|r| !r.is_empty()).collect();
    regions.sort();
    regions.dedup();
    let prev = (table.page > 1).then(|| page_link(&slug, &query, table.page - 1));
    let next = (table.page < table.pages).then(|| page_link(&slug, &query, table.page + 1));
    view! {
        <Title text=format!("{} · {}", t_string!(i18n, admin.home.registrations), table.event.title) />
        <h1>{t!(i18n, admin.home.registrations)}</h1>
        <p class="lead"><a href=format!("/admin/events/{slug}")>{table.event.title.clone()}</a></p>
        <Flash />
        <form method="get" class="filters" role="search">
            <div class="field">
                <label for="q">{t!(i18n, admin.table.search)}</label>
                <input type="search" id="q" name="q" value=query.q.clone() />
            </div>
            <div class="field">
                <label for="status">{t!(i18n, admin.home.status)}</label>
                <select id="status" name="status">
                    <option value="">{t!(i18n, admin.table.all)}</option>
                    {RegistrationStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=s.code() == query.status>{labels::status(i18n, *s)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="country">{t!(i18n, manage.country)}</label>
                <select id="country" name="country">
                    <option value="">{t!(i18n, admin.table.all)}</option>
                    {Country::sorted_by_name(lang).into_iter().map(|c| view! { <option value=c.iso2 selected=c.iso2 == query.country>{c.name(lang)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="region">{t!(i18n, admin.table.region)}</label>
                <select id="region" name="region">
                    <option value="">{t!(i18n, admin.table.all)}</option>
                    {regions.into_iter().map(|r| view! { <option value=r selected=r == query.region>{r}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="org_type">{t!(i18n, form.organization_type)}</label>
                <select id="org_type" name="org_type">
                    <option value="">{t!(i18n, admin.table.all)}</option>
                    {OrganizationType::ALL.iter().map(|t| view! { <option value=t.code() selected=t.code() == query.org_type>{labels::org_type(i18n, *t)}</option> }).collect_view()}
                </select>
            </div>
            {(!table.sessions.is_empty()).then(|| view! {
                <div class="field">
                    <label for="session">{t!(i18n, form.sessions)}</label>
                    <select id="session" name="session">
                        <option value="">{t!(i18n, admin.table.all)}</option>
                        {table.sessions.iter().map(|(id, title)| view! { <option value=id.to_string() selected=id.to_string() == query.session>{title.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="sort">{t!(i18n, admin.table.sort)}</label>
                <select id="sort" name="sort">
                    <option value="" selected=query.sort.is_empty()>{t!(i18n, admin.table.newest)}</option>
                    <option value="name" selected=query.sort == "name">{t!(i18n, manage.name)}</option>
                    <option value="country" selected=query.sort == "country">{t!(i18n, manage.country)}</option>
                    <option value="organization" selected=query.sort == "organization">{t!(i18n, manage.organization)}</option>
                    <option value="status" selected=query.sort == "status">{t!(i18n, admin.home.status)}</option>
                </select>
            </div>
            <button type="submit" class="button">{t!(i18n, list.apply)}</button>
        </form>
        <p class="muted">{t!(i18n, admin.table.total, count = move || table.total)}</p>
        <table class="data">
            <thead><tr>
                <th>{t!(i18n, manage.name)}</th>
                <th>{t!(i18n, manage.country)}</th>
                <th>{t!(i18n, manage.organization)}</th>
                <th>{t!(i18n, admin.home.status)}</th>
                <th>{t!(i18n, admin.table.actions)}</th>
            </tr></thead>
            <tbody>
                {table.rows.into_iter().map(|r| {
                    let id = r.id;
                    let back = back.clone();
                    let action = move |decision: &'static str, label: String| {
                        let back = back.clone();
                        view! {
                            <form method="post" action=format!("/admin/registrations/{id}/{decision}") class="inline">
                                <input type="hidden" name="back" value=back />
                                <button type="submit" class="link">{label}</button>
                            </form>
                        }
                    };
                    view! {
                        <tr>
                            <td><a href=format!("/admin/registrations/{id}")>{r.name.clone()}</a><br /><span class="muted">{r.email.clone()}</span></td>
                            <td>{r.country.clone()}</td>
                            <td>{r.organization.clone()}</td>
                            <td>
                                {labels::status(i18n, r.status)}
                                {r.waitlist_position.map(|p| format!(" #{p}"))}
                                {r.checked_in.then(|| view! { <span class="badge">{t!(i18n, admin.counts.checked_in)}</span> })}
                            </td>
                            <td>
                                {(r.status == RegistrationStatus::AwaitingApproval).then(|| action("approve", t_string!(i18n, admin.decision.approve).to_string()))}
                                {matches!(r.status, RegistrationStatus::AwaitingApproval | RegistrationStatus::Waitlisted).then(|| action("reject", t_string!(i18n, admin.decision.reject).to_string()))}
                                {(r.status == RegistrationStatus::Waitlisted).then(|| action("promote", t_string!(i18n, admin.decision.promote).to_string()))}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager">
            {prev.map(|href| view! { <a href=href rel="prev">{t!(i18n, admin.table.previous)}</a> })}
            " " {t!(i18n, admin.table.page, page = move || table.page, pages = move || table.pages)} " "
            {next.map(|href| view! { <a href=href rel="next">{t!(i18n, admin.table.next)}</a> })}
        </nav>
        <details class="session-edit">
            <summary>{t!(i18n, admin.table.add)}</summary>
            <AddForm slug=slug.clone() />
        </details>
    }
}

#[component]
fn AddForm(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    view! {
        <form method="post" action=format!("/admin/events/{slug}/registrations") class="admin-form">
            <div class="field"><label for="add-given">{t!(i18n, form.given_name)}</label><input id="add-given" name="given_name" required /></div>
            <div class="field"><label for="add-family">{t!(i18n, form.family_name)}</label><input id="add-family" name="family_name" required /></div>
            <div class="field"><label for="add-email">{t!(i18n, form.email)}</label><input id="add-email" name="email" type="email" required /></div>
            <div class="field"><label for="add-country">{t!(i18n, form.country)}</label>
                <select id="add-country" name="country" required>
                    <option value="">{t!(i18n, form.choose_country)}</option>
                    {Country::sorted_by_name(lang).into_iter().map(|c| view! { <option value=c.iso2>{c.name(lang)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field"><label for="add-org">{t!(i18n, form.organization)}</label><input id="add-org" name="organization" required /></div>
            <div class="field"><label for="add-type">{t!(i18n, form.organization_type)}</label>
                <select id="add-type" name="organization_type" required>
                    <option value="">{t!(i18n, form.choose)}</option>
                    {OrganizationType::ALL.iter().map(|t| view! { <option value=t.code()>{labels::org_type(i18n, *t)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field"><label for="add-job">{t!(i18n, form.job_title)}</label><input id="add-job" name="job_title" required /></div>
            <button type="submit" class="button">{t!(i18n, admin.table.add)}</button>
        </form>
    }
}

#[component]
pub fn RegistrationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let data = Resource::new_blocking(id, api::admin_registration);
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(d), Ok(me)) => view! { <AdminNav me=Some(me) /> <Detail d /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(d: RegDetail) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.row.id;
    let status = d.row.status;
    let decision = move |name: &'static str, label: String, with_note: bool| {
        view! {
            <form method="post" action=format!("/admin/registrations/{id}/{name}") class="decision">
                {with_note.then(|| view! {
                    <label for=format!("note-{name}")>{t!(i18n, admin.decision.note)}</label>
                    <textarea id=format!("note-{name}") name="note" rows="2"></textarea>
                })}
                <button type="submit" class="button">{label}</button>
            </form>
        }
    };
    view! {
        <Title text=d.row.name.clone() />
        <h1>{d.row.name.clone()}</h1>
        <p class="lead"><a href=format!("/admin/events/{}/registrations", d.event.slug)>{d.event.title.clone()}</a></p>
        <Flash />
        <p><strong>{labels::status(i18n, status)}</strong> {d.row.waitlist_position.map(|p| format!(" #{p}"))}</p>
        <dl class="details">
            <dt>{t!(i18n, manage.email)}</dt><dd>{d.row.email.clone()}</dd>
            <dt>{t!(i18n, manage.country)}</dt><dd>{d.row.country.clone()}</dd>
            <dt>{t!(i18n, manage.organization)}</dt><dd>{d.row.organization.clone()} " (" {d.row.organization_type.clone()} ")"</dd>
            <dt>{t!(i18n, manage.job_title)}</dt><dd>{d.job_title.clone()}</dd>
            <dt>{t!(i18n, form.gender)}</dt><dd>{d.gender.clone()}</dd>
            <dt>{t!(i18n, form.accessibility)}</dt><dd>{d.accessibility.clone()}</dd>
            <dt>{t!(i18n, form.dietary)}</dt><dd>{d.dietary.clone()}</dd>
            <dt>{t!(i18n, form.sessions)}</dt><dd>{d.sessions.join("; ")}</dd>
            <dt>{t!(i18n, admin.detail.code)}</dt><dd><code>{d.checkin_code.clone()}</code></dd>
            <dt>{t!(i18n, admin.detail.registered)}</dt><dd>{d.row.registered.clone()}</dd>
            {(!d.decision_note.is_empty()).then(|| view! { <dt>{t!(i18n, admin.decision.note)}</dt><dd>{d.decision_note.clone()}</dd> })}
        </dl>
        <div class="actions">
            {(status == RegistrationStatus::AwaitingApproval).then(|| decision("approve", t_string!(i18n, admin.decision.approve).to_string(), true))}
            {matches!(status, RegistrationStatus::AwaitingApproval | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingEmailConfirmation)
                .then(|| decision("reject", t_string!(i18n, admin.decision.reject).to_string(), true))}
            {(status == RegistrationStatus::Waitlisted).then(|| decision("promote", t_string!(i18n, admin.decision.promote).to_string(), false))}
            {matches!(status, RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval | RegistrationStatus::AwaitingEmailConfirmation)
                .then(|| decision("cancel", t_string!(i18n, admin.decision.cancel).to_string(), false))}
        </div>
    }
}
