//! The events list and the event page.
use super::{
    EventCard, EventPage, RegistrationState,
    api::{get_event, list_events},
};
use crate::{
    domain::EventKind,
    i18n::*,
    labels,
    layout::{LoadError, NotFound},
    page_error::PageError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/events`: upcoming and past events, filtered by kind with a plain GET form.
#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = move || query.read().get("kind").filter(|k| !k.is_empty());
    let events = Resource::new_blocking(kind, list_events);
    view! {
        <Title text=t_string!(i18n, list.title).to_string() />
        <h1>{t!(i18n, list.title)}</h1>
        <form class="filter" method="get" action="/events">
            <label for="kind">{t!(i18n, list.kind_filter)}</label>
            <select id="kind" name="kind">
                <option value="">{t!(i18n, list.all_kinds)}</option>
                {EventKind::ALL
                    .iter()
                    .map(|k| {
                        let code = k.code();
                        view! {
                            <option value=code selected=move || kind().as_deref() == Some(code)>
                                {move || labels::kind(i18n, *k)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit">{t!(i18n, list.apply)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match events.await {
                    Ok((upcoming, past)) => {
                        view! {
                            <section aria-labelledby="upcoming">
                                <h2 id="upcoming">{t!(i18n, list.upcoming)}</h2>
                                <EventList events=upcoming />
                            </section>
                            <section aria-labelledby="past">
                                <h2 id="past">{t!(i18n, list.past)}</h2>
                                <EventList events=past />
                            </section>
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
fn EventList(events: Vec<EventCard>) -> impl IntoView {
    let i18n = use_i18n();
    if events.is_empty() {
        return view! { <p class="muted">{t!(i18n, list.none)}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {events
                .into_iter()
                .map(|e| {
                    view! {
                        <li class="card">
                            <p class="kind">{move || labels::kind(i18n, e.kind)}</p>
                            <h3>
                                <a href=format!("/events/{}", e.slug)>{e.title.clone()}</a>
                            </h3>
                            <p class="when">{e.when.clone()}</p>
                            <p class="place">{e.place.clone()}</p>
                            {(!e.past).then(|| view! { <StateBadge state=e.registration seats_left=e.seats_left /> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn StateBadge(state: RegistrationState, seats_left: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let class = match state {
        RegistrationState::Open => "badge open",
        RegistrationState::Waitlist => "badge waitlist",
        _ => "badge closed",
    };
    view! {
        <p class=class>
            {move || labels::state(i18n, state)}
            {(state == RegistrationState::Open)
                .then_some(seats_left)
                .flatten()
                .map(|n| view! { " · " {t!(i18n, event.seats_left, count = move || n)} })}
        </p>
    }
}

/// `/events/:slug`: description, programme, partners and the way to register.
#[component]
pub fn EventDetailPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let event = Resource::new_blocking(slug, get_event);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(page) => view! { <EventDetail page /> }.into_any(),
                    Err(PageError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <LoadError /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventDetail(page: EventPage) -> impl IntoView {
    let i18n = use_i18n();
    let card = page.card.clone();
    let title = card.title.clone();
    let register_href = format!("/events/{}/register", card.slug);
    view! {
        <Title text=title.clone() />
        <article class="event">
            <p class="kind">{move || labels::kind(i18n, card.kind)}</p>
            <h1>{title}</h1>
            <p class="when">{card.when.clone()}</p>
            <p class="place">{card.place.clone()}</p>
            <StateBadge state=card.registration seats_left=card.seats_left />
            <RegisterCall page=page.clone() href=register_href />
            <div class="description" inner_html=page.description_html.clone()></div>
            {(!page.partners.is_empty())
                .then(|| {
                    view! {
                        <h2>{t!(i18n, event.partners)}</h2>
                        <ul class="partners">
                            {page.partners.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })}
            <Programme page=page.clone() />
        </article>
    }
}

/// The call to register, or why one cannot.
#[component]
fn RegisterCall(page: EventPage, href: String) -> impl IntoView {
    let i18n = use_i18n();
    let opens = page.opens.clone();
    let closes = page.closes.clone();
    let approval = page.requires_approval;
    let body = match page.card.registration {
        RegistrationState::Open => view! {
            <a class="button" href=href>{t!(i18n, event.register)}</a>
            {closes.map(|when| view! { <p class="muted">{t!(i18n, event.closes, when = move || when.clone())}</p> })}
        }
        .into_any(),
        RegistrationState::Waitlist => view! {
            <p>{t!(i18n, event.waitlist_note)}</p>
            <a class="button" href=href>{t!(i18n, event.join_waitlist)}</a>
        }
        .into_any(),
        RegistrationState::NotYetOpen => view! {
            {opens.map(|when| view! { <p>{t!(i18n, event.opens, when = move || when.clone())}</p> })}
        }
        .into_any(),
        RegistrationState::Closed => view! { <p>{t!(i18n, event.closed_note)}</p> }.into_any(),
    };
    view! {
        <section class="register-call">
            {body}
            {approval.then(|| view! { <p class="muted">{t!(i18n, event.approval_note)}</p> })}
        </section>
    }
}

#[component]
fn Programme(page: EventPage) -> impl IntoView {
    let i18n = use_i18n();
    if page.programme.is_empty() {
        return ().into_any();
    }
    let tz = page.timezone.clone();
    view! {
        <section class="programme" aria-labelledby="programme">
            <h2 id="programme">{t!(i18n, event.programme)}</h2>
            <p class="muted">{t!(i18n, event.times_in, tz = move || tz.clone())}</p>
            {page
                .programme
                .into_iter()
                .map(|day| {
                    view! {
                        <h3>{day.label}</h3>
                        <ul class="sessions">
                            {day
                                .sessions
                                .into_iter()
                                .map(|s| {
                                    let full = s.seats_left == Some(0);
                                    view! {
                                        <li>
                                            <span class="time">{s.time}</span>
                                            " "
                                            <strong>{s.title}</strong>
                                            {s.room.map(|room| view! { <span class="muted">" · " {t!(i18n, event.room, room = move || room.clone())}</span> })}
                                            {full.then(|| view! { <span class="badge waitlist">{t!(i18n, event.session_full)}</span> })}
                                            {(!s.description.is_empty()).then(|| view! { <p class="muted">{s.description}</p> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}
