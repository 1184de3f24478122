//! `/admin`: the events this account works on, with their counts.
use super::{AdminNav, Flash, refused};
use crate::{admin::api::admin_events, i18n::*, labels};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| admin_events());
    view! {
        <Title text=t_string!(i18n, admin.home.title).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok((me, events)) => view! {
                        <AdminNav me=Some(me.clone()) />
                        <h1>{t!(i18n, admin.home.title)}</h1>
                        <Flash />
                        {(me.role != crate::domain::Role::Checkin).then(|| view! {
                            <p><a class="button" href="/admin/events/new">{t!(i18n, admin.home.new_event)}</a></p>
                        })}
                        <table class="data">
                            <thead><tr>
                                <th>{t!(i18n, admin.home.event)}</th>
                                <th>{t!(i18n, admin.home.status)}</th>
                                <th class="num">{t!(i18n, admin.counts.confirmed)}</th>
                                <th class="num">{t!(i18n, admin.counts.awaiting_approval)}</th>
                                <th class="num">{t!(i18n, admin.counts.waitlisted)}</th>
                                <th class="num">{t!(i18n, admin.counts.checked_in)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>
                                {events.into_iter().map(|e| {
                                    let slug = e.slug.clone();
                                    view! {
                                        <tr>
                                            <td>
                                                {if e.can_manage {
                                                    view! { <a href=format!("/admin/events/{slug}")>{e.title.clone()}</a> }.into_any()
                                                } else {
                                                    view! { <span>{e.title.clone()}</span> }.into_any()
                                                }}
                                                <br /><span class="muted">{labels::kind(i18n, e.kind)} " · " {e.when.clone()}</span>
                                            </td>
                                            <td>{labels::event_status(i18n, e.status)}</td>
                                            <td class="num">{e.counts.confirmed} {e.capacity.map(|c| format!(" / {c}"))}</td>
                                            <td class="num">{e.counts.awaiting_approval}</td>
                                            <td class="num">{e.counts.waitlisted}</td>
                                            <td class="num">{e.counts.checked_in}</td>
                                            <td>
                                                {e.can_manage.then(|| view! {
                                                    <a href=format!("/admin/events/{slug}/registrations")>{t!(i18n, admin.home.registrations)}</a> " · "
                                                    <a href=format!("/admin/events/{slug}/report")>{t!(i18n, admin.home.report)}</a> " · "
                                                })}
                                                <a href=format!("/admin/events/{slug}/checkin")>{t!(i18n, admin.home.checkin)}</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
