//! The organizers' back office: events and sessions, registrations, approvals and check-in.
//! Pages read through server functions (`api`) and change things through plain HTML forms
//! posted to `ssr::handlers`, so every action works without JavaScript; the check-in desk also
//! searches as you type when the script is there.
pub mod api;
pub mod pages;
pub mod questions;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use crate::domain::FormErrors;
use crate::domain::{EventKind, EventStatus, RegistrationStatus, Role};
pub use crate::events::{EventForm, SessionForm};
pub use crate::registrations::RegQuery;
use serde::{Deserialize, Serialize};

/// The signed-in account, as the pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// How many registrations of an event are in each state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub awaiting_email_confirmation: i64,
    pub awaiting_approval: i64,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub cancelled: i64,
    pub rejected: i64,
    pub checked_in: i64,
}

/// One line of the organizer's event list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub when: String,
    pub status: EventStatus,
    pub capacity: Option<i64>,
    pub counts: Counts,
    /// Whether this account may edit it (check-in staff may only open the desk).
    pub can_manage: bool,
}

/// The organizer's answers form on a registration, refused and shown again with its values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswersSubmission {
    pub answers: crate::domain::Answers,
    pub errors: crate::domain::FieldErrors,
}

/// A form the server refused, shown again with its values and errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Refused<T> {
    pub values: T,
    pub errors: FormErrors,
    /// For session forms: which session (None for a new one).
    pub target: Option<i64>,
}

/// A session as the organizer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub day: String,
    pub time: String,
    pub form: SessionForm,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub checked_in: i64,
}

/// Everything the event's admin page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventAdmin {
    pub summary: EventSummary,
    pub form: EventForm,
    pub sessions: Vec<SessionSummary>,
}

/// One row of the registrations table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub organization_type: String,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub registered: String,
    pub checked_in: bool,
    /// When the participant last corrected their details (in the event's zone).
    pub corrected: Option<String>,
    /// The shown question columns' answers, values' labels joined by "; ".
    pub answers: Vec<String>,
    /// The focal point who nominated the person ("name, ministry") and their letter's address.
    pub nominated_by: Option<(String, Option<String>)>,
}

/// How the table filters on a question's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnswerFilter {
    /// One of these (value, label) pairs.
    Choices(Vec<(String, String)>),
    Country,
    Date,
}

/// A question the registrations table can show as a column (and maybe filter on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionColumn {
    pub key: String,
    pub label: String,
    pub sensitive: bool,
    /// Taken off the form, its answers kept.
    pub archived: bool,
    pub filter: Option<AnswerFilter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegTable {
    pub event: EventSummary,
    pub rows: Vec<RegRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// For the filter lists: (code, label).
    pub sessions: Vec<(i64, String)>,
    /// The event's questions the reader may see, archived ones too.
    pub questions: Vec<QuestionColumn>,
}

/// One registration in full, for the detail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegDetail {
    pub event: EventSummary,
    pub row: RegRow,
    pub given_name: String,
    pub family_name: String,
    pub country_code: String,
    pub job_title: String,
    pub gender: String,
    pub accessibility: String,
    pub dietary: String,
    pub language: String,
    pub checkin_code: String,
    pub decision_note: String,
    pub sessions: Vec<String>,
    /// The answers: (question label, values' labels joined by "; ").
    pub answers: Vec<(String, String)>,
    /// The questions the form asks now (organizer-only ones too) and the values given, for
    /// the organizer's answers form.
    pub questions: Vec<crate::domain::Question>,
    pub given: crate::domain::Answers,
    /// What happened to the registration, oldest first (`event` left empty).
    pub history: Vec<AuditLine>,
}

/// A person as the check-in desk lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskPerson {
    pub id: i64,
    pub name: String,
    pub organization: String,
    pub country: String,
    pub code: String,
    pub checked_in: bool,
}

/// The check-in desk for an event or one of its sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    pub event: EventSummary,
    /// The desk's scope: a session, or a day (negative id), or `None` for the whole event.
    pub session: Option<(i64, String)>,
    pub sessions: Vec<(i64, String)>,
    /// The days of a multi-day event (ids -1, -2, ...), each with its own desk.
    pub days: Vec<(i64, String)>,
    pub people: Vec<DeskPerson>,
    pub checked_in: i64,
    pub expected: i64,
}

/// One audit log line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub event: String,
    pub detail: String,
}

/// An account, as administrators see the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The events' slugs it has rights on, unless it has rights on all of them.
    pub events: String,
    pub all_events: bool,
    pub invited: bool,
    /// Disabled: cannot sign in, and its sessions and API tokens no longer work.
    pub disabled: bool,
    /// The signed-in administrator's own account (which they cannot disable).
    pub me: bool,
}

/// An API token of the signed-in account (never its text, which is shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenLine {
    pub id: i64,
    pub label: String,
    pub created: String,
    pub last_used: String,
    /// When it stops working (empty: until revoked).
    pub expires: String,
    /// Revoked, or past its expiry.
    pub revoked: bool,
}

/// One row of an import, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    pub email: String,
    pub errors: crate::domain::FieldErrors,
}

/// What an import would do, before anything is saved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The file's text, posted again when the organizer confirms.
    pub csv: String,
    pub rows: Vec<ImportRow>,
    pub valid: usize,
}

/// An import the server could not read at all (a missing column, a broken file).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportRefused(pub String);

/// Delivery of an event's email: one line per message sent to a filtered group, and in total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub sent: i64,
    pub waiting: i64,
    pub failed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageLine {
    pub id: i64,
    pub subject: String,
    pub at: String,
    pub delivery: Delivery,
}

/// An email that could not be delivered, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedEmail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub kind: String,
    pub error: String,
    pub attempts: i64,
}

/// The event's mail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailPage {
    pub event: EventSummary,
    pub total: Delivery,
    pub messages: Vec<MessageLine>,
    pub failed: Vec<FailedEmail>,
}
