//! Who attended an online event, from the platform's own attendance report (Zoom's webinar
//! attendee report and meeting participants export, Teams' attendance report): the pages'
//! read models (the event's attendance page and one report's preview) and their server
//! functions. Reading the files is `platform`; matching, storage and the rules are in `ssr`.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod platform;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{admin::EventSummary, page_error::PageError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The event's attendance page: the threshold, the days a report may be for, the reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendancePage {
    pub event: EventSummary,
    /// Minutes online that make a person attended for a day.
    pub threshold: i64,
    /// The event's days as (check-in scope, label): day N is -N, a one-day event's day 0.
    pub days: Vec<(i64, String)>,
    pub reports: Vec<ReportLine>,
}

/// One uploaded report on the attendance page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportLine {
    pub id: i64,
    /// `zoom_webinar`, `zoom_meeting` or `teams`.
    pub platform: String,
    pub day: String,
    pub uploaded: String,
    /// When it was saved; None while it waits for the organizer's review.
    pub saved: Option<String>,
    pub matched: i64,
}

/// How a row of a report found its registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Found {
    /// Same email address (case-insensitive).
    Email(i64),
    /// No email match, and exactly one registration with this exact name.
    Name(i64),
    /// Several registrations have this name: the organizer chooses.
    Ambiguous(Vec<i64>),
    Unmatched,
}

impl Found {
    pub fn registration(&self) -> Option<i64> {
        match self {
            Found::Email(id) | Found::Name(id) => Some(*id),
            _ => None,
        }
    }
}

/// One person of a report, as the preview shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub index: usize,
    pub name: String,
    pub email: String,
    pub joined: String,
    pub left: String,
    pub minutes: i64,
    /// The ISO code of the country the platform gave, when it names one we know.
    pub country: String,
    pub found: Found,
}

/// A report waiting for the organizer's review (or saved already).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub event: EventSummary,
    pub id: i64,
    /// `zoom_webinar`, `zoom_meeting` or `teams`.
    pub platform: String,
    pub day: String,
    pub threshold: i64,
    /// When it (or the very same file) was saved; nothing is left to do then.
    pub saved: Option<String>,
    pub rows: Vec<PreviewRow>,
    /// The registrations a row may be matched with by hand: (id, "name <email>"), by name.
    pub people: Vec<(i64, String)>,
}

impl Preview {
    pub fn count(&self, pick: fn(&Found) -> bool) -> usize {
        self.rows.iter().filter(|r| pick(&r.found)).count()
    }
}

/// The outcome of an upload through the API: what matched, what did not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiOutcome {
    pub platform: String,
    pub day: String,
    pub saved: bool,
    pub matched: usize,
    pub attended: usize,
    pub unmatched: Vec<PreviewRow>,
    pub ambiguous: Vec<PreviewRow>,
    pub rows: Vec<PreviewRow>,
}

#[server(prefix = "/api/fn", endpoint = "admin_attendance")]
pub async fn load_attendance(slug: String) -> Result<AttendancePage, PageError> {
    let (state, who, loc) = crate::admin::api::context().await?;
    Ok(ssr::service::page(&state.store, &who, &slug, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_attendance_preview")]
pub async fn load_attendance_preview(slug: String, id: i64) -> Result<Preview, PageError> {
    let (state, who, loc) = crate::admin::api::context().await?;
    Ok(ssr::service::preview(&state.store, &who, &slug, id, loc).await?)
}

/// The upload or threshold form, refused: an error code per field (`file`, `day`, `threshold`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadRefused {
    pub errors: crate::admin::FormErrors,
    pub threshold: String,
}

/// The preview's choices, refused: the values sent (`row.<n>`, `country.<n>`) and an error
/// code per row (`row.<n>`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChoicesRefused {
    pub values: std::collections::BTreeMap<String, String>,
    pub errors: crate::admin::FormErrors,
}
