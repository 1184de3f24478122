//! `/admin/events/new` and `/admin/events/:slug`: the event form, its state (publish, cancel,
//! archive), its sessions and their counts.
use super::{AdminNav, FieldNote, Flash, refused};
use crate::{
    admin::{EventAdmin, EventForm, FormErrors, Refused, SessionForm, api::admin_event},
    domain::{EventKind, EventStatus, Visibility},
    i18n::*,
    labels,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn NewEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let refused_form = SharedValue::new(use_context::<Refused<EventForm>>).into_inner();
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.event.new_title).to_string() />
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match me.await {
                        Err(e) => refused(e),
                        Ok(me) => {
                            let (values, errors) = refused_form.map(|r| (r.values, r.errors)).unwrap_or_else(|| {
                                (EventForm { timezone: "UTC".into(), kind: "workshop".into(), visibility: "public".into(), ..Default::default() }, FormErrors::new())
                            });
                            view! {
                                <AdminNav me=Some(me) />
                                <h1>{t!(i18n, admin.event.new_title)}</h1>
                                <EventFormView action="/admin/events".to_owned() values errors />
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn EventAdminPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refused_event = SharedValue::new(use_context::<Refused<EventForm>>).into_inner();
    let refused_session = SharedValue::new(use_context::<Refused<SessionForm>>).into_inner();
    let data = Resource::new_blocking(slug, admin_event);
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Suspense>
            {move || {
                let (re, rs) = (refused_event.clone(), refused_session.clone());
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <EventAdminView page refused_event=re refused_session=rs /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn EventAdminView(
    page: EventAdmin,
    refused_event: Option<Refused<EventForm>>,
    refused_session: Option<Refused<SessionForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = page.summary.clone();
    let slug = s.slug.clone();
    let (values, errors) = refused_event.map(|r| (r.values, r.errors)).unwrap_or((page.form.clone(), FormErrors::new()));
    let status_button = move |to: EventStatus, label: String| {
        let slug = slug.clone();
        view! {
            <form method="post" action=format!("/admin/events/{slug}/status") class="inline">
                <input type="hidden" name="to" value=to.code() />
                <button type="submit" class="button secondary">{label}</button>
            </form>
        }
    };
    let slug = s.slug.clone();
    let c = s.counts.clone();
    view! {
        <Title text=s.title.clone() />
        <h1>{s.title.clone()}</h1>
        <p class="muted">{labels::kind(i18n, s.kind)} " · " {s.when.clone()} " · " <strong>{labels::event_status(i18n, s.status)}</strong></p>
        <Flash />
        <div class="actions">
            <a class="button" href=format!("/admin/events/{slug}/registrations")>{t!(i18n, admin.home.registrations)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/report")>{t!(i18n, admin.home.report)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/checkin")>{t!(i18n, admin.home.checkin)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/questions")>{t!(i18n, admin_questions.link)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/import")>{t!(i18n, admin.import.title)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/mail")>{t!(i18n, admin.mail.title)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/attendance")>{t!(i18n, attendance.link)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/nominations")>{t!(i18n, nominations.link)}</a>
            <a class="button secondary" href=format!("/admin/events/{slug}/documents")>{t!(i18n, documents.link)}</a>
            <a class="button secondary" href=format!("/events/{slug}")>{t!(i18n, admin.event.public_page)}</a>
            {match s.status {
                EventStatus::Draft => Some(status_button(EventStatus::Published, t_string!(i18n, admin.event.publish).to_string()).into_any()),
                EventStatus::Published => Some(status_button(EventStatus::Draft, t_string!(i18n, admin.event.unpublish).to_string()).into_any()),
                _ => None,
            }}
            {matches!(s.status, EventStatus::Draft | EventStatus::Published).then(|| status_button(EventStatus::Cancelled, t_string!(i18n, admin.event.cancel).to_string()))}
            {(s.status != EventStatus::Archived).then(|| status_button(EventStatus::Archived, t_string!(i18n, admin.event.archive).to_string()))}
        </div>
        <dl class="counts">
            <div><dt>{t!(i18n, admin.counts.confirmed)}</dt><dd>{c.confirmed} {s.capacity.map(|cap| format!(" / {cap}"))}</dd></div>
            <div><dt>{t!(i18n, admin.counts.awaiting_approval)}</dt><dd>{c.awaiting_approval}</dd></div>
            <div><dt>{t!(i18n, admin.counts.waitlisted)}</dt><dd>{c.waitlisted}</dd></div>
            <div><dt>{t!(i18n, admin.counts.awaiting_email_confirmation)}</dt><dd>{c.awaiting_email_confirmation}</dd></div>
            <div><dt>{t!(i18n, admin.counts.checked_in)}</dt><dd>{c.checked_in}</dd></div>
        </dl>
        <h2 id="sessions">{t!(i18n, admin.event.sessions)}</h2>
        <SessionsView slug=slug.clone() page=page.clone() refused=refused_session />
        <h2>{t!(i18n, admin.event.details)}</h2>
        <EventFormView action=format!("/admin/events/{slug}") values errors />
    }
}

#[component]
fn SessionsView(slug: String, page: EventAdmin, refused: Option<Refused<SessionForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let refused_target = refused.as_ref().map(|r| r.target);
    let new_form = match &refused {
        Some(r) if r.target.is_none() => (r.values.clone(), r.errors.clone()),
        _ => (SessionForm::default(), FormErrors::new()),
    };
    let new_open = !new_form.1.is_empty();
    view! {
        <table class="data">
            <thead><tr>
                <th>{t!(i18n, admin.session.title)}</th>
                <th>{t!(i18n, admin.session.when)}</th>
                <th class="num">{t!(i18n, admin.counts.confirmed)}</th>
                <th class="num">{t!(i18n, admin.counts.waitlisted)}</th>
                <th class="num">{t!(i18n, admin.counts.checked_in)}</th>
            </tr></thead>
            <tbody>
                {page.sessions.iter().map(|s| view! {
                    <tr>
                        <td>{s.form.title.clone()} {(!s.form.parallel_group.is_empty()).then(|| view! { <span class="badge">{s.form.parallel_group.clone()}</span> })}</td>
                        <td>{s.day.clone()} ", " {s.time.clone()} {(!s.form.room.is_empty()).then(|| format!(" · {}", s.form.room))}</td>
                        <td class="num">{s.confirmed} {(!s.form.capacity.is_empty()).then(|| format!(" / {}", s.form.capacity))}</td>
                        <td class="num">{s.waitlisted}</td>
                        <td class="num">{s.checked_in}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {page.sessions.into_iter().map(|s| {
            let (values, errors) = match &refused {
                Some(r) if refused_target == Some(Some(s.id)) => (r.values.clone(), r.errors.clone()),
                _ => (s.form.clone(), FormErrors::new()),
            };
            let open = !errors.is_empty();
            view! {
                <details class="session-edit" open=open>
                    <summary>{t!(i18n, admin.session.edit)} " " {s.form.title.clone()}</summary>
                    <SessionFormView action=format!("/admin/events/{slug}/sessions/{}", s.id) values errors prefix=format!("s{}-", s.id) />
                </details>
            }
        }).collect_view()}
        <details class="session-edit" open=new_open>
            <summary>{t!(i18n, admin.session.add)}</summary>
            <SessionFormView action=format!("/admin/events/{slug}/sessions") values=new_form.0 errors=new_form.1 prefix="new-".to_owned() />
        </details>
    }
}

#[component]
fn Text(
    label: String,
    name: &'static str,
    value: String,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = String::new())] id_prefix: String,
) -> impl IntoView {
    let id = format!("{id_prefix}{name}");
    let invalid = errors.contains_key(name);
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            <input type=kind id=id name=name value=value aria-invalid=invalid.to_string() aria-describedby=format!("{name}-error") />
            <FieldNote errors field=name />
        </div>
    }
}

#[component]
fn SessionFormView(action: String, values: SessionForm, errors: FormErrors, prefix: String) -> impl IntoView {
    let i18n = use_i18n();
    let e = errors;
    let p = prefix;
    view! {
        <form method="post" action=action class="admin-form">
            <Text label=t_string!(i18n, admin.session.title).to_string() name="title" value=values.title errors=e.clone() id_prefix=p.clone() />
            <Text label=t_string!(i18n, admin.session.room).to_string() name="room" value=values.room errors=e.clone() id_prefix=p.clone() />
            <Text label=t_string!(i18n, admin.session.starts_at).to_string() name="starts_at" value=values.starts_at errors=e.clone() kind="datetime-local" id_prefix=p.clone() />
            <Text label=t_string!(i18n, admin.session.ends_at).to_string() name="ends_at" value=values.ends_at errors=e.clone() kind="datetime-local" id_prefix=p.clone() />
            <Text label=t_string!(i18n, admin.session.capacity).to_string() name="capacity" value=values.capacity errors=e.clone() kind="number" id_prefix=p.clone() />
            <Text label=t_string!(i18n, admin.session.parallel_group).to_string() name="parallel_group" value=values.parallel_group errors=e.clone() id_prefix=p.clone() />
            <button type="submit" class="button">{t!(i18n, admin.save)}</button>
        </form>
    }
}

fn options<T: Copy + PartialEq>(all: &[T], selected: &str, code: impl Fn(T) -> &'static str, label: impl Fn(T) -> String) -> Vec<AnyView> {
    all.iter()
        .map(|v| {
            let c = code(*v);
            view! { <option value=c selected=c == selected>{label(*v)}</option> }.into_any()
        })
        .collect()
}

#[component]
fn EventFormView(action: String, values: EventForm, errors: FormErrors) -> impl IntoView {
    let i18n: I18n = use_i18n();
    let e = errors;
    let v = values;
    let n_errors = e.len();
    let kinds = options(EventKind::ALL, &v.kind, EventKind::code, move |k| labels::kind(i18n, k));
    let visibilities = options(Visibility::ALL, &v.visibility, Visibility::code, move |x| match x {
        Visibility::Public => t_string!(i18n, admin.visibility.public).to_string(),
        Visibility::Unlisted => t_string!(i18n, admin.visibility.unlisted).to_string(),
        Visibility::Invitation => t_string!(i18n, admin.visibility.invitation).to_string(),
    });
    view! {
        <form method="post" action=action class="admin-form">
            {(n_errors > 0).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, form.errors_summary, count = move || n_errors)}</p></div> })}
            <Text label=t_string!(i18n, admin.event.title_field).to_string() name="title" value=v.title.clone() errors=e.clone() />
            <Text label=t_string!(i18n, admin.event.slug).to_string() name="slug" value=v.slug.clone() errors=e.clone() />
            <div class="field">
                <label for="kind">{t!(i18n, list.kind_filter)}</label>
                <select id="kind" name="kind">{kinds}</select>
                <FieldNote errors=e.clone() field="kind" />
            </div>
            <Text label=t_string!(i18n, admin.event.summary).to_string() name="summary" value=v.summary.clone() errors=e.clone() />
            <div class="field" class:invalid=e.contains_key("description")>
                <label for="description">{t!(i18n, admin.event.description)}</label>
                <p class="hint">{t!(i18n, admin.event.markdown_hint)}</p>
                <textarea id="description" name="description" rows="8">{v.description.clone()}</textarea>
                <FieldNote errors=e.clone() field="description" />
            </div>
            <Text label=t_string!(i18n, admin.event.timezone).to_string() name="timezone" value=v.timezone.clone() errors=e.clone() />
            <Text label=t_string!(i18n, admin.event.starts_at).to_string() name="starts_at" value=v.starts_at.clone() errors=e.clone() kind="datetime-local" />
            <Text label=t_string!(i18n, admin.event.ends_at).to_string() name="ends_at" value=v.ends_at.clone() errors=e.clone() kind="datetime-local" />
            <div class="field check">
                <input type="checkbox" id="online" name="online" value="true" checked=v.online />
                <label for="online">{t!(i18n, admin.event.online)}</label>
            </div>
            <Text label=t_string!(i18n, admin.event.venue).to_string() name="venue" value=v.venue.clone() errors=e.clone() />
            <Text label=t_string!(i18n, admin.event.city).to_string() name="city" value=v.city.clone() errors=e.clone() />
            <Text label=t_string!(i18n, admin.event.host_country).to_string() name="host_country" value=v.host_country.clone() errors=e.clone() />
            <Text label=t_string!(i18n, admin.event.join_url).to_string() name="join_url" value=v.join_url.clone() errors=e.clone() kind="url" />
            <Text label=t_string!(i18n, admin.event.capacity).to_string() name="capacity" value=v.capacity.clone() errors=e.clone() kind="number" />
            <Text label=t_string!(i18n, admin.event.opens).to_string() name="registration_opens_at" value=v.registration_opens_at.clone() errors=e.clone() kind="datetime-local" />
            <Text label=t_string!(i18n, admin.event.closes).to_string() name="registration_closes_at" value=v.registration_closes_at.clone() errors=e.clone() kind="datetime-local" />
            <Text label=t_string!(i18n, admin.event.changes_close).to_string() name="changes_close" value=v.changes_close.clone() errors=e.clone() kind="datetime-local" />
            <div class="field check">
                <input type="checkbox" id="requires_approval" name="requires_approval" value="true" checked=v.requires_approval />
                <label for="requires_approval">{t!(i18n, admin.event.requires_approval)}</label>
            </div>
            <div class="field">
                <label for="visibility">{t!(i18n, admin.event.visibility)}</label>
                <select id="visibility" name="visibility">{visibilities}</select>
            </div>
            <div class="field">
                <label for="partners">{t!(i18n, admin.event.partners)}</label>
                <textarea id="partners" name="partners" rows="3">{v.partners.clone()}</textarea>
            </div>
            <Text label=t_string!(i18n, admin.event.activity_tag).to_string() name="activity_tag" value=v.activity_tag.clone() errors=e.clone() />
            <button type="submit" class="button">{t!(i18n, admin.save)}</button>
        </form>
    }
}
