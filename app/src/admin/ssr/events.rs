//! Events and sessions as the back office's pages show them: the event list, an event's
//! page with its form and sessions, and the counts on every page. (The writes are the events
//! concept's: `events::ssr::service`.)
pub use crate::events::ssr::managed;
use crate::{
    accounts::ssr::Principal,
    admin::{Counts, EventAdmin, EventForm, EventSummary, SessionForm, SessionSummary},
    domain::RegistrationStatus,
    error::AppError,
    events::ssr::{self as events, EventRow, input, storage},
    i18n::Locale,
    store::{Conn, Store},
    time_fmt,
};

pub async fn counts(conn: &mut Conn, event_id: i64) -> Result<Counts, AppError> {
    let mut c = Counts::default();
    for (status, n) in storage::status_counts(conn, event_id).await? {
        match status {
            RegistrationStatus::AwaitingEmailConfirmation => c.awaiting_email_confirmation = n,
            RegistrationStatus::AwaitingApproval => c.awaiting_approval = n,
            RegistrationStatus::Confirmed => c.confirmed = n,
            RegistrationStatus::Waitlisted => c.waitlisted = n,
            RegistrationStatus::Cancelled => c.cancelled = n,
            RegistrationStatus::Rejected => c.rejected = n,
            RegistrationStatus::Expired => {}
        }
    }
    // Attended: checked in at the door on any day, or at any session.
    c.checked_in = storage::attended_count(conn, event_id).await?;
    Ok(c)
}

pub async fn summary(conn: &mut Conn, who: &Principal, e: &EventRow, loc: Locale) -> Result<EventSummary, AppError> {
    Ok(EventSummary {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: e.kind,
        when: e.when(loc),
        status: e.status,
        capacity: e.capacity,
        counts: counts(conn, e.id).await?,
        can_manage: who.can_manage(e.id),
    })
}

/// The events this account works on, soonest first (past ones after).
pub async fn list(store: &Store, who: &Principal, now: i64, loc: Locale) -> Result<Vec<EventSummary>, AppError> {
    let mut conn = store.read().await?;
    let ids = storage::listed_ids(&mut conn, now).await?;
    let mut out = Vec::new();
    for id in ids.into_iter().filter(|id| who.can_checkin(*id)) {
        let e = events::by_id(&mut conn, id).await?;
        out.push(summary(&mut conn, who, &e, loc).await?);
    }
    Ok(out)
}

pub fn form_of(e: &EventRow, partners: Vec<String>) -> EventForm {
    let t = |ts: Option<i64>| ts.map(|t| input::form_time(t, &e.timezone)).unwrap_or_default();
    EventForm {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: e.kind.code().to_owned(),
        summary: e.summary.clone(),
        description: e.description.clone(),
        online: e.online,
        venue: e.venue.clone().unwrap_or_default(),
        city: e.city.clone().unwrap_or_default(),
        host_country: e.host_country.clone().unwrap_or_default(),
        join_url: e.join_url.clone().unwrap_or_default(),
        timezone: e.timezone.clone(),
        starts_at: t(Some(e.starts_at)),
        ends_at: t(Some(e.ends_at)),
        registration_opens_at: t(e.registration_opens_at),
        registration_closes_at: t(e.registration_closes_at),
        changes_close: t(e.changes_close_at),
        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
        requires_approval: e.requires_approval,
        visibility: e.visibility.code().to_owned(),
        partners: partners.join("\n"),
        activity_tag: e.activity_tag.clone(),
    }
}

/// The event's back-office page.
pub async fn admin_page(store: &Store, who: &Principal, slug: &str, loc: Locale) -> Result<EventAdmin, AppError> {
    let mut conn = store.read().await?;
    let e = managed(&mut conn, who, slug).await?;
    let partners = events::partners_of(&mut conn, e.id).await?;
    let mut sessions = Vec::new();
    for s in events::sessions_of(&mut conn, e.id).await? {
        let (waitlisted, checked_in) = storage::session_counts(&mut conn, s.id).await?;
        sessions.push(SessionSummary {
            id: s.id,
            day: time_fmt::day_label(s.starts_at, &e.timezone, loc),
            time: time_fmt::time_range(s.starts_at, s.ends_at, &e.timezone),
            form: SessionForm {
                title: s.title.clone(),
                room: s.room.clone().unwrap_or_default(),
                starts_at: input::form_time(s.starts_at, &e.timezone),
                ends_at: input::form_time(s.ends_at, &e.timezone),
                capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
                parallel_group: s.parallel_group.clone().unwrap_or_default(),
            },
            confirmed: s.confirmed,
            waitlisted,
            checked_in,
        });
    }
    Ok(EventAdmin { summary: summary(&mut conn, who, &e, loc).await?, form: form_of(&e, partners), sessions })
}
