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

/// A message to the filtered participants that the server refused (an empty subject), shown again.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MessageDraft {
    pub subject: String,
    pub body: String,
    pub errors: crate::admin::FormErrors,
}

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        let mut query = RegQuery {
            status: get("status"),
            country: get("country"),
            region: get("region"),
            org_type: get("org_type"),
            session: get("session"),
            q: get("q"),
            sort: get("sort"),
            page: get("page").parse().unwrap_or(1),
            ..Default::default()
        };
        let cols = q.get_all("col").unwrap_or_default();
        query.read_answer_params(cols.iter().map(|c| ("col", c.as_str())).chain(q.latest_values().map(|(k, v)| (k.as_ref(), v))));
        (params.read().get("slug").unwrap_or_default(), query)
    };
    let draft = SharedValue::new(use_context::<MessageDraft>).into_inner();
    let added = SharedValue::new(use_context::<crate::registrations::form::Submission>).into_inner();
    let data = Resource::new_blocking(key, |(slug, q)| api::admin_registrations(slug, q));
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Suspense>
            {move || {
                let (draft, added) = (draft.clone(), added.clone());
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(table), Ok(me)) => view! { <AdminNav me=Some(me) /> <Table table query=key().1 draft added /> }.into_any(),
                    }
                })
            }}
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
    ) + &q.answer_params().iter().map(|(k, v)| format!("&{}={}", enc(k), enc(v))).collect::<String>()
}

#[component]
fn Table(
    table: RegTable,
    query: RegQuery,
    draft: Option<MessageDraft>,
    added: Option<crate::registrations::form::Submission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    let slug = table.event.slug.clone();
    let back = page_link(&slug, &query, table.page);
    let mut regions: Vec<&str> = Country::all().iter().map(|c| c.region).filter(|r| !r.is_empty()).collect();
    regions.sort();
    regions.dedup();
    let add_open = added.is_some();
    let prev = (table.page > 1).then(|| page_link(&slug, &query, table.page - 1));
    let next = (table.page < table.pages).then(|| page_link(&slug, &query, table.page + 1));
    let columns: Vec<_> = super::answers::shown(&table.questions, &query).into_iter().cloned().collect();
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
            <super::answers::AnswerControls questions=table.questions.clone() query=query.clone() />
            <button type="submit" class="button">{t!(i18n, list.apply)}</button>
        </form>
        <p class="muted">{t!(i18n, admin.table.total, count = move || table.total)}</p>
        <crate::reports::pages::ExportForm slug=slug.clone() query=query.clone() questions=table.questions.clone() />
        <crate::documents::pages::BadgesForm slug=slug.clone() query=query.clone() />
        <table class="data">
            <thead><tr>
                <th>{t!(i18n, manage.name)}</th>
                <th>{t!(i18n, manage.country)}</th>
                <th>{t!(i18n, manage.organization)}</th>
                <th>{t!(i18n, admin.home.status)}</th>
                {columns.iter().map(|c| view! { <th>{c.label.clone()}</th> }).collect_view()}
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
                            <td>
                                <a href=format!("/admin/registrations/{id}")>{r.name.clone()}</a><br /><span class="muted">{r.email.clone()}</span>
                                {r.nominated_by.clone().map(|(who, letter)| view! {
                                    <br /><span class="muted nominated">{t!(i18n, nominations.nominated_by, name = who)}</span>
                                    {letter.map(|url| view! { " · " <a href=url>{t!(i18n, nominations.letter)}</a> })}
                                })}
                            </td>
                            <td>{r.country.clone()}</td>
                            <td>{r.organization.clone()}</td>
                            <td>
                                {labels::status(i18n, r.status)}
                                {r.waitlist_position.map(|p| format!(" #{p}"))}
                                {r.checked_in.then(|| view! { <span class="badge">{t!(i18n, admin.counts.checked_in)}</span> })}
                                {r.corrected.clone().map(|when| view! { <span class="badge" title=when>{t!(i18n, answers_admin.corrected)}</span> })}
                            </td>
                            {r.answers.iter().map(|a| view! { <td class="answer">{a.clone()}</td> }).collect_view()}
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
        <p class="actions">
            <a class="button secondary" href=format!("/admin/events/{slug}/import")>{t!(i18n, admin.import.title)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/mail")>{t!(i18n, admin.mail.title)}</a>
        </p>
        <details class="session-edit" open=add_open>
            <summary>{t!(i18n, admin.table.add)}</summary>
            <AddForm slug=slug.clone() refused=added />
        </details>
        <MessageForm slug=slug.clone() query=query.clone() total=table.total draft />
    }
}

#[component]
fn AddForm(slug: String, refused: Option<crate::registrations::form::Submission>) -> impl IntoView {
    use crate::domain::Field;
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    let errors = refused.as_ref().map(|s| s.errors.clone()).unwrap_or_default();
    let v = refused.map(|s| s.input).unwrap_or_default();
    let note = move |f: Field| {
        errors.get(&f).map(|e| view! { <p class="error" id=format!("add-{}-error", f.name())>{labels::field_error(i18n, *e)}</p> })
    };
    view! {
        <form method="post" action=format!("/admin/events/{slug}/registrations") class="admin-form">
            <div class="field"><label for="add-given">{t!(i18n, form.given_name)}</label><input id="add-given" name="given_name" value=v.given_name required />{note(Field::GivenName)}</div>
            <div class="field"><label for="add-family">{t!(i18n, form.family_name)}</label><input id="add-family" name="family_name" value=v.family_name required />{note(Field::FamilyName)}</div>
            <div class="field"><label for="add-email">{t!(i18n, form.email)}</label><input id="add-email" name="email" type="email" value=v.email required />{note(Field::Email)}</div>
            <div class="field"><label for="add-country">{t!(i18n, form.country)}</label>
                <select id="add-country" name="country" required>
                    <option value="">{t!(i18n, form.choose_country)}</option>
                    {Country::sorted_by_name(lang).into_iter().map(|c| view! { <option value=c.iso2 selected=c.iso2 == v.country>{c.name(lang)}</option> }).collect_view()}
                </select>{note(Field::Country)}
            </div>
            <div class="field"><label for="add-org">{t!(i18n, form.organization)}</label><input id="add-org" name="organization" value=v.organization required />{note(Field::Organization)}</div>
            <div class="field"><label for="add-type">{t!(i18n, form.organization_type)}</label>
                <select id="add-type" name="organization_type" required>
                    <option value="">{t!(i18n, form.choose)}</option>
                    {OrganizationType::ALL.iter().map(|t| view! { <option value=t.code() selected=t.code() == v.organization_type>{labels::org_type(i18n, *t)}</option> }).collect_view()}
                </select>{note(Field::OrganizationType)}
            </div>
            <div class="field"><label for="add-job">{t!(i18n, form.job_title)}</label><input id="add-job" name="job_title" value=v.job_title required />{note(Field::JobTitle)}</div>
            <button type="submit" class="button">{t!(i18n, admin.table.add)}</button>
        </form>
    }
}

#[component]
pub fn RegistrationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let edit = SharedValue::new(use_context::<crate::registrations::form::Submission>).into_inner();
    let answers = SharedValue::new(use_context::<crate::admin::AnswersSubmission>).into_inner();
    let data = Resource::new_blocking(id, api::admin_registration);
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Suspense>
            {move || {
                let (edit, answers) = (edit.clone(), answers.clone());
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(d), Ok(me)) => view! { <AdminNav me=Some(me) /> <Detail d edit answers /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Detail(
    d: RegDetail,
    edit: Option<crate::registrations::form::Submission>,
    answers: Option<crate::admin::AnswersSubmission>,
) -> impl IntoView {
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
        <p class="lead"><a href=format!("/admin/events/{}/registrations", d.event.slug)>{d.event.title.clone()}</a>
            " · " <a href=format!("/admin/people/{id}")>{t!(i18n, people.link)}</a></p>
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
            {d.row.nominated_by.clone().map(|(who, letter)| view! {
                <dt>{t!(i18n, nominations.nominated_by_label)}</dt>
                <dd><bdi>{who}</bdi> {letter.map(|url| view! { " · " <a href=url>{t!(i18n, nominations.letter)}</a> })}</dd>
            })}
            {(!d.decision_note.is_empty()).then(|| view! { <dt>{t!(i18n, admin.decision.note)}</dt><dd>{d.decision_note.clone()}</dd> })}
        </dl>
        <div class="actions">
            {(status == RegistrationStatus::AwaitingApproval).then(|| decision("approve", t_string!(i18n, admin.decision.approve).to_string(), true))}
            {matches!(status, RegistrationStatus::AwaitingApproval | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingEmailConfirmation)
                .then(|| decision("reject", t_string!(i18n, admin.decision.reject).to_string(), true))}
            {(status == RegistrationStatus::Waitlisted).then(|| decision("promote", t_string!(i18n, admin.decision.promote).to_string(), false))}
            {matches!(status, RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval | RegistrationStatus::AwaitingEmailConfirmation)
                .then(|| decision("cancel", t_string!(i18n, admin.decision.cancel).to_string(), false))}
            {(status != RegistrationStatus::Expired).then(|| decision("resend", t_string!(i18n, admin.detail.resend).to_string(), false))}
        </div>
        <crate::documents::pages::RegistrationDocuments id />
        <EditForm d=d.clone() refused=edit />
        <super::answers::OrganizerAnswers id questions=d.questions.clone() given=d.given.clone() refused=answers />
        <super::answers::RegistrationAnswers answers=d.answers.clone() corrected=d.row.corrected.clone() history=d.history.clone() />
    }
}

/// "Message these people": the table's current filter goes with the form, so exactly the
/// people shown are emailed.
#[component]
fn MessageForm(slug: String, query: RegQuery, total: i64, draft: Option<MessageDraft>) -> impl IntoView {
    let i18n = use_i18n();
    let open = draft.is_some();
    let d = draft.unwrap_or_default();
    view! {
        <details class="session-edit" open=open>
            <summary>{t_string!(i18n, admin.message.summary, count = total).to_string()}</summary>
            <form method="post" action=format!("/admin/events/{slug}/messages") class="admin-form">
                {[("status", query.status.clone()), ("country", query.country.clone()), ("region", query.region.clone()), ("org_type", query.org_type.clone()), ("session", query.session.clone()), ("q", query.q.clone())]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .chain(query.answers.iter().map(|(k, v)| (format!("a.{k}"), v.clone())))
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()}
                <div class="field" class:invalid=d.errors.contains_key("subject")>
                    <label for="subject">{t!(i18n, admin.mail.subject)}</label>
                    <input id="subject" name="subject" value=d.subject.clone() aria-describedby="subject-error" />
                    <super::FieldNote errors=d.errors.clone() field="subject" />
                </div>
                <div class="field" class:invalid=d.errors.contains_key("body")>
                    <label for="body">{t!(i18n, admin.message.body)}</label>
                    <textarea id="body" name="body" rows="6" aria-describedby="body-error">{d.body.clone()}</textarea>
                    <super::FieldNote errors=d.errors.clone() field="body" />
                </div>
                <button type="submit" class="button">{t!(i18n, admin.message.send)}</button>
            </form>
        </details>
    }
}

#[component]
fn EditForm(d: RegDetail, refused: Option<crate::registrations::form::Submission>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    let id = d.row.id;
    let errors = refused.as_ref().map(|s| s.errors.clone()).unwrap_or_default();
    let v = refused.map(|s| s.input).unwrap_or_else(|| crate::domain::RegistrationInput {
        given_name: d.given_name.clone(),
        family_name: d.family_name.clone(),
        email: d.row.email.clone(),
        country: d.country_code.clone(),
        organization: d.row.organization.clone(),
        organization_type: d.row.organization_type.clone(),
        job_title: d.job_title.clone(),
        gender: d.gender.clone(),
        accessibility: d.accessibility.clone(),
        dietary: d.dietary.clone(),
        ..Default::default()
    });
    let open = !errors.is_empty();
    let note = move |f: crate::domain::Field| {
        errors.get(&f).map(|e| view! { <p class="error" id=format!("edit-{}-error", f.name())>{labels::field_error(i18n, *e)}</p> })
    };
    view! {
        <details class="session-edit" open=open>
            <summary>{t!(i18n, admin.detail.edit)}</summary>
            <form method="post" action=format!("/admin/registrations/{id}/edit") class="admin-form">
                <div class="field"><label for="edit-given">{t!(i18n, form.given_name)}</label><input id="edit-given" name="given_name" value=v.given_name />{note(crate::domain::Field::GivenName)}</div>
                <div class="field"><label for="edit-family">{t!(i18n, form.family_name)}</label><input id="edit-family" name="family_name" value=v.family_name />{note(crate::domain::Field::FamilyName)}</div>
                <div class="field"><label for="edit-email">{t!(i18n, form.email)}</label><input id="edit-email" name="email" type="email" value=v.email />{note(crate::domain::Field::Email)}</div>
                <div class="field"><label for="edit-country">{t!(i18n, form.country)}</label>
                    <select id="edit-country" name="country">
                        {Country::sorted_by_name(lang).into_iter().map(|c| view! { <option value=c.iso2 selected=c.iso2 == v.country>{c.name(lang)}</option> }).collect_view()}
                    </select>{note(crate::domain::Field::Country)}
                </div>
                <div class="field"><label for="edit-org">{t!(i18n, form.organization)}</label><input id="edit-org" name="organization" value=v.organization />{note(crate::domain::Field::Organization)}</div>
                <div class="field"><label for="edit-type">{t!(i18n, form.organization_type)}</label>
                    <select id="edit-type" name="organization_type">
                        {OrganizationType::ALL.iter().map(|t| view! { <option value=t.code() selected=t.code() == v.organization_type>{labels::org_type(i18n, *t)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="edit-job">{t!(i18n, form.job_title)}</label><input id="edit-job" name="job_title" value=v.job_title />{note(crate::domain::Field::JobTitle)}</div>
                <div class="field"><label for="edit-gender">{t!(i18n, form.gender)}</label>
                    <select id="edit-gender" name="gender">
                        <option value="">""</option>
                        {crate::domain::Gender::ALL.iter().map(|g| view! { <option value=g.code() selected=g.code() == v.gender>{labels::gender(i18n, *g)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="edit-access">{t!(i18n, form.accessibility)}</label><textarea id="edit-access" name="accessibility" rows="2">{v.accessibility}</textarea></div>
                <div class="field"><label for="edit-diet">{t!(i18n, form.dietary)}</label><textarea id="edit-diet" name="dietary" rows="2">{v.dietary}</textarea></div>
                <button type="submit" class="button">{t!(i18n, admin.save)}</button>
            </form>
        </details>
    }
}
