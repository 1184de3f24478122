//! Events on the server: their rows and the rules that derive what the public sees
//! (registration state, seats), the reads of the public pages, and (in `service`) the
//! organizers' writes with the event's state machine. The statements are in `storage`.
pub mod input;
pub mod service;
pub mod storage;

use super::*;
use crate::store::Conn;
use crate::{
    accounts::ssr::Principal,
    domain::{EventKind, EventStatus, Visibility},
    error::AppError,
    i18n::{Locale, td_string},
    time_fmt,
};
pub use storage::{by_id, confirmed_count, partners_of, sessions_of};

/// An `events` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub online: bool,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub host_country: Option<String>,
    pub join_url: Option<String>,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub registration_opens_at: Option<i64>,
    pub registration_closes_at: Option<i64>,
    pub capacity: Option<i64>,
    pub requires_approval: bool,
    pub visibility: Visibility,
    pub status: EventStatus,
    /// The organizer's tag for yearly reports, e.g. "National Training Program".
    pub activity_tag: String,
    /// Until when participants may correct their details and answers (else until it starts).
    pub changes_close_at: Option<i64>,
}

/// A `sessions` row with its confirmed count.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub event_id: i64,
    pub title: String,
    pub description: String,
    pub room: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub parallel_group: Option<String>,
    pub confirmed: i64,
}

impl EventRow {
    /// "Venue, City, Country" or "Online".
    pub fn place(&self, loc: Locale) -> String {
        if self.online {
            return td_string!(loc, event.online).to_string();
        }
        let country = self
            .host_country
            .as_deref()
            .and_then(|c| crate::domain::CountryCode::parse(c).ok())
            .map(|c| c.country().name(crate::locale::language_of(loc)));
        [self.venue.as_deref(), self.city.as_deref(), country].into_iter().flatten().collect::<Vec<_>>().join(", ")
    }

    pub fn when(&self, loc: Locale) -> String {
        time_fmt::date_range(self.starts_at, self.ends_at, &self.timezone, loc)
    }

    /// Whether people can register at `now`, given `confirmed` seats taken.
    pub fn registration_state(&self, confirmed: i64, now: i64) -> RegistrationState {
        if self.visibility == Visibility::Invitation {
            return RegistrationState::Closed;
        }
        self.invited_state(confirmed, now)
    }

    /// Whether a person with a personal invitation can register at `now` (the public cannot,
    /// on an invitation-only event).
    pub fn invited_state(&self, confirmed: i64, now: i64) -> RegistrationState {
        if self.status != EventStatus::Published || now >= self.ends_at {
            return RegistrationState::Closed;
        }
        if self.registration_opens_at.is_some_and(|t| now < t) {
            return RegistrationState::NotYetOpen;
        }
        if self.registration_closes_at.is_some_and(|t| now >= t) {
            return RegistrationState::Closed;
        }
        match self.capacity {
            Some(cap) if confirmed >= cap => RegistrationState::Waitlist,
            _ => RegistrationState::Open,
        }
    }

    pub fn card(&self, confirmed: i64, now: i64, loc: Locale) -> EventCard {
        EventCard {
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind,
            when: self.when(loc),
            place: self.place(loc),
            online: self.online,
            registration: self.registration_state(confirmed, now),
            seats_left: self.capacity.map(|c| (c - confirmed).max(0)),
            past: now >= self.ends_at,
        }
    }

    /// What an email to a reader of `loc` says about the event.
    pub fn facts(&self, loc: Locale) -> crate::mail::templates::EventFacts {
        crate::mail::templates::EventFacts { id: self.id, title: self.title.clone(), when: self.when(loc), place: self.place(loc) }
    }
}

/// Published, public events, soonest first, each with its confirmed count.
pub async fn list_public(conn: &mut Conn) -> Result<Vec<(EventRow, i64)>, AppError> {
    let rows = storage::public(conn).await?;
    let counts = storage::confirmed_counts(conn).await?;
    Ok(rows
        .into_iter()
        .map(|e| {
            let n = counts.iter().find(|(id, _)| *id == e.id).map_or(0, |(_, n)| *n);
            (e, n)
        })
        .collect())
}

/// The event with rights checked: `NotFound` when this account may not manage it.
pub async fn managed(conn: &mut Conn, who: &Principal, slug: &str) -> Result<EventRow, AppError> {
    let e = storage::by_slug(conn, slug).await?;
    who.ensure_manage(e.id)?;
    Ok(e)
}

impl SessionRow {
    pub fn view(&self, tz: &str) -> SessionView {
        SessionView {
            id: self.id,
            title: self.title.clone(),
            description: self.description.clone(),
            time: time_fmt::time_range(self.starts_at, self.ends_at, tz),
            room: self.room.clone(),
            capacity: self.capacity,
            seats_left: self.capacity.map(|c| (c - self.confirmed).max(0)),
            parallel_group: self.parallel_group.clone(),
        }
    }
}

/// The whole event page.
pub async fn page(conn: &mut Conn, slug: &str, now: i64, loc: Locale) -> Result<EventPage, AppError> {
    let event = storage::published_by_slug(conn, slug).await?;
    let confirmed = confirmed_count(conn, event.id).await?;
    let sessions = sessions_of(conn, event.id).await?;
    let partners = partners_of(conn, event.id).await?;
    let mut programme: Vec<ProgrammeDay> = Vec::new();
    for s in &sessions {
        let label = time_fmt::day_label(s.starts_at, &event.timezone, loc);
        match programme.last_mut() {
            Some(day) if day.label == label => day.sessions.push(s.view(&event.timezone)),
            _ => programme.push(ProgrammeDay { label, sessions: vec![s.view(&event.timezone)] }),
        }
    }
    Ok(EventPage {
        card: event.card(confirmed, now, loc),
        description_html: crate::markdown::to_safe_html(&event.description),
        partners,
        timezone: event.timezone.clone(),
        capacity: event.capacity,
        requires_approval: event.requires_approval,
        opens: event.registration_opens_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
        closes: event.registration_closes_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
        programme,
        questions: crate::questions::ssr::storage::form_of(conn, event.id).await?.into_iter().filter(|q| !q.organizer_only).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> EventRow {
        EventRow {
            id: 1,
            slug: "f".into(),
            kind: EventKind::Forum,
            title: "F".into(),
            summary: String::new(),
            description: String::new(),
            online: false,
            venue: Some("Songdo Convensia".into()),
            city: Some("Incheon".into()),
            host_country: Some("KR".into()),
            join_url: None,
            timezone: "Asia/Seoul".into(),
            starts_at: 1000,
            ends_at: 2000,
            registration_opens_at: Some(100),
            registration_closes_at: Some(900),
            capacity: Some(10),
            requires_approval: false,
            visibility: Visibility::Public,
            status: EventStatus::Published,
            activity_tag: String::new(),
            changes_close_at: None,
        }
    }

    #[test]
    fn the_window_and_the_capacity_decide_the_state() {
        let e = event();
        assert_eq!(e.registration_state(0, 50), RegistrationState::NotYetOpen);
        assert_eq!(e.registration_state(0, 100), RegistrationState::Open);
        assert_eq!(e.registration_state(10, 500), RegistrationState::Waitlist);
        assert_eq!(e.registration_state(0, 900), RegistrationState::Closed);
        assert_eq!(e.registration_state(0, 2000), RegistrationState::Closed);
        let draft = EventRow { status: EventStatus::Draft, ..event() };
        assert_eq!(draft.registration_state(0, 500), RegistrationState::Closed);
    }

    #[test]
    fn the_place_names_the_host_country() {
        assert_eq!(event().place(Locale::en), "Songdo Convensia, Incheon, Republic of Korea");
        assert_eq!(EventRow { online: true, ..event() }.place(Locale::en), "Online");
    }
}
