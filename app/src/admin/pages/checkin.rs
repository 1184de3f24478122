//! `/admin/events/:slug/checkin`: the desk at the door. Without JavaScript it is a search form
//! and a button per person (a POST each); with it, the list follows the search box as one
//! types and a tap checks in without reloading. Counts of checked-in against expected.
use super::{AdminNav, Flash, refused};
use crate::{
    admin::{Desk, api},
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let session = move || query.read().get("session").and_then(|s| s.parse::<i64>().ok());
    // The search box's text: from the address at first, then as typed.
    let typed = RwSignal::new(query.get_untracked().get("q").unwrap_or_default());
    // Bumped after each check-in so the list and counts reload.
    let version = RwSignal::new(0u32);
    let data =
        Resource::new(move || (slug(), session(), typed.get(), version.get()), |(slug, session, q, _)| api::admin_desk(slug, session, q));
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.desk.title).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match me.await {
                    Err(e) => refused(e),
                    Ok(me) => view! { <AdminNav me=Some(me) /> }.into_any(),
                }
            })}
        </Suspense>
        <h1>{t!(i18n, admin.desk.title)}</h1>
        <Flash />
        <form method="get" class="desk-search" role="search" on:submit=|ev| ev.prevent_default()>
            {move || session().map(|s| view! { <input type="hidden" name="session" value=s.to_string() /> })}
            <label for="q">{t!(i18n, admin.desk.search)}</label>
            <input type="search" id="q" name="q" autocomplete="off" autofocus prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev)) />
            // Without JavaScript this searches; with it the list already follows the typing.
            <button type="submit" class="button">{t!(i18n, list.apply)}</button>
            <button type="button" id="scan" class="button secondary" hidden>{t!(i18n, admin.desk.scan)}</button>
        </form>
        <script src="/desk-scan.js" defer></script>
        <Transition>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => refused(e),
                    Ok(desk) => view! { <DeskView desk typed=typed.get_untracked() version /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DeskView(desk: Desk, typed: String, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = desk.event.slug.clone();
    let session = desk.session.as_ref().map(|(id, _)| *id);
    let back = format!("/admin/events/{slug}/checkin");
    let tap = Action::new(move |(id, undo): &(i64, bool)| {
        let (id, undo) = (*id, *undo);
        async move {
            let done = api::admin_checkin(id, session, undo).await;
            version.update(|v| *v += 1);
            done
        }
    });
    view! {
        <p class="lead">{desk.event.title.clone()} {desk.session.as_ref().map(|(_, t)| format!(" · {t}"))}</p>
        <p class="desk-count" role="status" aria-live="polite">
            {t_string!(i18n, admin.desk.count, checked = desk.checked_in, expected = desk.expected).to_string()}
        </p>
        {(!desk.sessions.is_empty() || !desk.days.is_empty()).then(|| view! {
            <nav class="desk-sessions">
                <a href=back.clone() aria-current=session.is_none().then_some("page")>{t!(i18n, admin.desk.whole_event)}</a>
                {desk.days.iter().chain(desk.sessions.iter()).map(|(id, title)| view! {
                    <a href=format!("{back}?session={id}") aria-current=(session == Some(*id)).then_some("page")>{title.clone()}</a>
                }).collect_view()}
            </nav>
        })}
        <ul class="desk">
            {desk.people.into_iter().map(|p| {
                let (id, checked) = (p.id, p.checked_in);
                let back = back.clone();
                let typed = typed.clone();
                view! {
                    <li class:checked=checked>
                        <span class="who"><strong>{p.name.clone()}</strong><br /><span class="muted">{p.organization.clone()} " · " {p.country.clone()} " · " <code>{p.code.clone()}</code></span>
                            // A lost badge: printed again at the desk.
                            " " <a class="small" href=format!("/admin/registrations/{id}/badge.pdf")>{t!(i18n, documents.reprint_badge)}</a></span>
                        <form method="post" action=format!("/admin/registrations/{id}/checkin") class="inline"
                            on:submit=move |ev| { ev.prevent_default(); tap.dispatch((id, checked)); }>
                            <input type="hidden" name="back" value=back />
                            <input type="hidden" name="q" value=typed />
                            {session.map(|s| view! { <input type="hidden" name="session" value=s.to_string() /> })}
                            {checked.then(|| view! { <input type="hidden" name="undo" value="1" /> })}
                            <button type="submit" class=if checked { "button secondary" } else { "button" }>
                                {if checked { t_string!(i18n, admin.desk.undo) } else { t_string!(i18n, admin.desk.check_in) }}
                            </button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
