//! Reports: what the office writes after every event and every year, counted from the data.
//! An event's counts by state and its tallies (per country, region, UN grouping, organisation
//! type, gender and session, registered against attended), the summary sentence, the yearly
//! activity table across events and each country's history; their exports and the attendee
//! lists' exports; the privacy rules (small-cell threshold, retention, erasure).
//!
//! Who counts: *registered* are the confirmed registrations (the people expected) and anyone
//! checked in; *attended* are those checked in on any day or at any session. An event's
//! *participants* are its attendees, or its registered people when nobody was checked in
//! (webinars often have no desk).
pub mod api;
pub mod chart;
pub mod pages;
pub mod question_tables;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod suppression;
pub mod words;

use crate::domain::EventKind;
use serde::{Deserialize, Serialize};

/// Registered against attended, for one cell of a tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    pub registered: i64,
    pub attended: i64,
}

/// One line of a tally: a country (ISO alpha-2), region, grouping, organisation type or gender
/// code (`""` for not stated), or a session id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub key: String,
    /// The key in the reader's language (country and session names; codes for the others,
    /// which the page translates).
    pub label: String,
    pub counts: Pair,
}

/// Registrations of an event by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    /// Everyone whose registration went past the email check (all but expired and unconfirmed).
    pub registered: i64,
    pub awaiting_approval: i64,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub cancelled: i64,
    pub rejected: i64,
    pub attended: i64,
}

/// The tallies of one event, each sorted by registered count, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tallies {
    pub countries: Vec<Line>,
    pub regions: Vec<Line>,
    pub subregions: Vec<Line>,
    /// `member` (UN Member States), `ldc`, `lldc`, `sids`; a country may be in several.
    pub groupings: Vec<Line>,
    pub organization_types: Vec<Line>,
    pub genders: Vec<Line>,
    pub sessions: Vec<Line>,
    /// Every registered person once, for the totals line.
    pub total: Pair,
}

/// The per-event report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub when: String,
    /// Whether anyone was checked in; without check-ins, participants are the registered.
    pub has_checkins: bool,
    pub states: StateCounts,
    /// Attended as a whole percentage of registered, when anyone was checked in.
    pub attendance_rate: Option<i64>,
    pub participants: i64,
    pub participant_countries: i64,
    pub sentence: String,
    /// The sentence as published (printed page, files, API): no count the tables hide.
    pub published_sentence: String,
    pub tallies: Tallies,
    /// Counts below this are hidden in exported and printed tables (0: none are).
    pub threshold: i64,
    pub retention_days: Option<i64>,
    /// Registrations whose personal data has been erased (their counts stay).
    pub erased: i64,
    /// Per tallied question (choices, yes/no), in the form's order.
    pub questions: Vec<QuestionTally>,
    /// Nominations per country (quota, nominated, approved, attended), when governments
    /// nominate for the event; the organizers' working figures, not printed.
    pub nominations: Vec<crate::nominations::CountryLine>,
}

/// One question's tally: a line per option (keyed by the stored value), in the option order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTally {
    pub key: String,
    pub label: String,
    pub lines: Vec<Line>,
}

/// One activity type's line in the yearly activity table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    /// The organizer's tag when the events carry one, else the event kind's code.
    pub activity: String,
    /// Whether `activity` is a tag (shown as written) or a kind code (translated).
    pub is_tag: bool,
    pub events: i64,
    /// Distinct countries of participants: a country counts once however many events it joined.
    pub countries: i64,
    pub participants: i64,
    /// People who took part, each counted once however many events they joined (by email
    /// address, merges followed; erased people as they were counted).
    pub unique_people: i64,
    /// ISO alpha-2 codes of the countries reached, sorted.
    pub country_codes: Vec<String>,
    /// ISO alpha-2 codes of the host countries of in-person events, sorted.
    pub hosts: Vec<String>,
}

/// The activity summary for a range of years (by each event's start in its own time zone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityTable {
    pub from: i32,
    pub to: i32,
    pub lines: Vec<ActivityLine>,
    /// The sums of events and participants; countries and hosts counted once overall.
    pub total: ActivityLine,
}

/// One event a country's officials took part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub slug: String,
    pub title: String,
    pub when: String,
    pub year: i32,
    pub activity: String,
    pub is_tag: bool,
    pub participants: i64,
}

/// Every event a country's officials attended (or registered for, where nobody was checked in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryHistory {
    pub code: String,
    pub name: String,
    pub lines: Vec<HistoryLine>,
    pub participants: i64,
    /// The country's people who took part, each once, with the events they took part in.
    pub people: Vec<HistoryPerson>,
}

/// One person of a country's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPerson {
    /// Their latest registration, for the link to their page.
    pub registration: i64,
    pub name: String,
    pub organization: String,
    /// The events' titles, latest first.
    pub events: Vec<String>,
}

/// Columns an attendee list can be exported with, in their order in the file.
pub const EXPORT_COLUMNS: &[&str] = &[
    "reference",
    "given_name",
    "family_name",
    "email",
    "country",
    "country_code",
    "organization",
    "organization_type",
    "job_title",
    "gender",
    "status",
    "sessions",
    "registered_at",
    "checked_in",
    "language",
    "accessibility_needs",
    "dietary_needs",
];

/// The columns ticked when the organizer has not chosen.
pub const DEFAULT_EXPORT_COLUMNS: &[&str] =
    &["given_name", "family_name", "email", "country", "organization", "organization_type", "job_title", "status", "checked_in"];

/// The report settings form, as typed: the small-cell threshold and the retention period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportSettings {
    pub threshold: String,
    pub retention_days: String,
}
