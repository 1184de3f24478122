//! Events as the public sees them: the list, the event page with its programme, and the
//! server functions that load them. Times arrive already formatted in the event's time zone,
//! so the browser bundle carries no time-zone data.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::EventKind;
use serde::{Deserialize, Serialize};

/// Whether a person can register now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    Open,
    /// Open, but every seat is taken: new people join the waiting list.
    Waitlist,
    Closed,
    NotYetOpen,
}

impl RegistrationState {
    pub fn accepts_registrations(self) -> bool {
        matches!(self, RegistrationState::Open | RegistrationState::Waitlist)
    }
}

/// An event in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: EventKind,
    pub when: String,
    pub place: String,
    pub online: bool,
    pub registration: RegistrationState,
    pub seats_left: Option<i64>,
    pub past: bool,
}

/// A session in the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// "09:00–10:30" in the event's time zone.
    pub time: String,
    pub room: Option<String>,
    pub capacity: Option<i64>,
    pub seats_left: Option<i64>,
    pub parallel_group: Option<String>,
}

/// One day of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeDay {
    pub label: String,
    pub sessions: Vec<SessionView>,
}

/// Everything the event page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    pub card: EventCard,
    /// Markdown rendered and sanitised on the server.
    pub description_html: String,
    pub partners: Vec<String>,
    pub timezone: String,
    pub capacity: Option<i64>,
    pub requires_approval: bool,
    /// When registration opens or closes, in the event's time zone, if set.
    pub opens: Option<String>,
    pub closes: Option<String>,
    pub programme: Vec<ProgrammeDay>,
    /// The event's own questions the public form asks, in order (organizer-only ones left out).
    pub questions: Vec<crate::domain::Question>,
}

impl EventPage {
    pub fn sessions(&self) -> impl Iterator<Item = &SessionView> {
        self.programme.iter().flat_map(|d| d.sessions.iter())
    }

    pub fn session_rules(&self) -> Vec<crate::domain::SessionRule> {
        self.sessions().map(|s| crate::domain::SessionRule { id: s.id, parallel_group: s.parallel_group.clone() }).collect()
    }

    /// What the public form is checked against, in the browser as on the server.
    pub fn form_rules(&self) -> crate::domain::FormRules {
        crate::domain::FormRules { sessions: self.session_rules(), questions: self.questions.clone(), ..Default::default() }
    }
}

/// The event form's values, as typed (times as `YYYY-MM-DDTHH:MM` in the event's zone).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub description: String,
    pub online: bool,
    pub venue: String,
    pub city: String,
    pub host_country: String,
    pub join_url: String,
    pub timezone: String,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
    /// Until when participants may correct their answers through their link (empty: until the
    /// event starts).
    pub changes_close: String,
    pub capacity: String,
    pub requires_approval: bool,
    pub visibility: String,
    /// One partner organisation per line.
    pub partners: String,
    pub activity_tag: String,
}

/// A session form's values, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub title: String,
    pub room: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    pub parallel_group: String,
}
