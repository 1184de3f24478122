//! Event queries and the rules that derive what the public sees (registration state, seats).
use super::*;
use crate::server::db::{Conn, ReadPool};
use crate::{
    i18n::{Locale, td_string},
    server::AppError,
    time_fmt,
};

/// An `events` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub kind: String,
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
    pub visibility: String,
    pub status: String,
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

const EVENT_COLUMNS: &str = "id, slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone, \
     starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility, status";

impl EventRow {
    pub fn kind(&self) -> EventKind {
        EventKind::parse(&self.kind).unwrap_or(EventKind::Other)
    }

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
        if self.status != "published" || self.visibility == "invitation" || now >= self.ends_at {
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
            kind: self.kind(),
            when: self.when(loc),
            place: self.place(loc),
            online: self.online,
            registration: self.registration_state(confirmed, now),
            seats_left: self.capacity.map(|c| (c - confirmed).max(0)),
            past: now >= self.ends_at,
        }
    }

    /// What an email to a reader of `loc` says about the event.
    pub fn facts(&self, loc: Locale) -> crate::server::mail::templates::EventFacts {
        crate::server::mail::templates::EventFacts { id: self.id, title: self.title.clone(), when: self.when(loc), place: self.place(loc) }
    }
}

/// Published, public events, soonest first, each with its confirmed count.
pub async fn list_public(pool: &ReadPool) -> Result<Vec<(EventRow, i64)>, AppError> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE status = 'published' AND visibility = 'public' ORDER BY starts_at"
    ))
    .fetch_all(pool)
    .await?;
    let counts: Vec<(i64, i64)> =
        sqlx::query_as("SELECT event_id, COUNT(*) FROM registrations WHERE status = 'confirmed' GROUP BY event_id").fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|e| {
            let n = counts.iter().find(|(id, _)| *id == e.id).map_or(0, |(_, n)| *n);
            (e, n)
        })
        .collect())
}

/// A published event by slug (public or unlisted; invitation-only ones are shown but closed).
pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<EventRow, AppError> {
    sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE slug = ? AND status IN ('published', 'cancelled')"))
        .bind(slug)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// An event by slug in any state (draft, archived too), for the back office.
pub async fn any_by_slug(conn: &mut Conn, slug: &str) -> Result<EventRow, AppError> {
    sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE slug = ?"))
        .bind(slug)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<EventRow, AppError> {
    sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn confirmed_count(conn: &mut Conn, event_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'")
        .bind(event_id)
        .fetch_one(conn)
        .await?)
}

pub async fn sessions_of(conn: &mut Conn, event_id: i64) -> Result<Vec<SessionRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.event_id, s.title, s.description, s.room, s.starts_at, s.ends_at, s.capacity, s.parallel_group,
                (SELECT COUNT(*) FROM registration_sessions rs WHERE rs.session_id = s.id AND rs.status = 'confirmed') AS confirmed
         FROM sessions s WHERE s.event_id = ? ORDER BY s.starts_at, s.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?)
}

pub async fn partners_of(conn: &mut Conn, event_id: i64) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT name FROM event_partners WHERE event_id = ? ORDER BY position").bind(event_id).fetch_all(conn).await?)
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
pub async fn page(pool: &ReadPool, slug: &str, now: i64, loc: Locale) -> Result<EventPage, AppError> {
    let mut conn = pool.acquire().await?;
    let event = by_slug(&mut conn, slug).await?;
    let confirmed = confirmed_count(&mut conn, event.id).await?;
    let sessions = sessions_of(&mut conn, event.id).await?;
    let partners = partners_of(&mut conn, event.id).await?;
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> EventRow {
        EventRow {
            id: 1,
            slug: "f".into(),
            kind: "forum".into(),
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
            visibility: "public".into(),
            status: "published".into(),
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
        let draft = EventRow { status: "draft".into(), ..event() };
        assert_eq!(draft.registration_state(0, 500), RegistrationState::Closed);
    }

    #[test]
    fn the_place_names_the_host_country() {
        assert_eq!(event().place(Locale::en), "Songdo Convensia, Incheon, Republic of Korea");
        assert_eq!(EventRow { online: true, ..event() }.place(Locale::en), "Online");
    }
}
