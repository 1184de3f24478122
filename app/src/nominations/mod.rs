//! Who may come when registration is not open to all: governments nominate officials through
//! their focal points, within seats per country, and invitation-only events take people
//! through personal invitation links. This module holds the pages' read models and server
//! functions; the rules and statements are in `ssr`.
pub mod link_pages;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{admin::EventSummary, domain::RegistrationStatus, events::EventPage, page_error::PageError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One country's nominations: its seats, and how many were nominated, approved and attended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryLine {
    pub code: String,
    pub name: String,
    /// None: the country has no limit of its own (the total still applies).
    pub quota: Option<i64>,
    /// Nominees holding or asking for a seat (not withdrawn, rejected or expired).
    pub nominated: i64,
    /// Nominees the organizers approved (given a seat).
    pub approved: i64,
    /// Nominees checked in on any day.
    pub attended: i64,
}

/// A nomination letter, as the pages list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterInfo {
    pub file_name: String,
    /// "1.2 MB".
    pub size: String,
    pub uploaded: String,
}

/// A focal point on the organizer's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FocalLine {
    pub id: i64,
    pub country: String,
    pub country_name: String,
    pub name: String,
    pub email: String,
    pub ministry: String,
    pub link_sent: Option<String>,
    pub nominees: i64,
    pub letter: Option<LetterInfo>,
}

/// `/admin/events/:slug/nominations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NominationsPage {
    pub event: EventSummary,
    /// When nominations close, as the form's `datetime-local` value in the event's zone (empty:
    /// when registration closes, else when the event starts), and as a sentence.
    pub closes_value: String,
    pub closes: String,
    pub open: bool,
    pub total: Option<i64>,
    pub countries: Vec<CountryLine>,
    pub focal_points: Vec<FocalLine>,
    /// Whether the event takes only invited and nominated people (its visibility).
    pub invitation_only: bool,
}

/// A nominee on their focal point's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nominee {
    pub public_id: String,
    pub name: String,
    pub email: String,
    pub status: RegistrationStatus,
}

/// `/nominate/:token`: what a focal point sees through their link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FocalPage {
    pub event: EventPage,
    pub name: String,
    pub ministry: String,
    pub country: String,
    pub country_name: String,
    pub quota: Option<i64>,
    /// Seats the country's nominees hold or ask for (all focal points of the country).
    pub used: i64,
    pub open: bool,
    pub closes: String,
    pub nominees: Vec<Nominee>,
    pub letter: Option<LetterInfo>,
}

impl FocalPage {
    /// Whether another nominee fits the country's seats (the total is checked on saving).
    pub fn seats_left(&self) -> Option<i64> {
        self.quota.map(|q| (q - self.used).max(0))
    }
}

/// `/invited/:token`: a personal invitation's form, filled with what the organizer imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitedPage {
    pub event: EventPage,
    pub details: crate::domain::RegistrationInput,
    /// The invitation was used and its registration stands: nothing more to fill in.
    pub registered: bool,
    /// Registration for the event is over (closed, or the event has passed).
    pub closed: bool,
}

/// An organizer's nominations form, refused: the values sent and an error code per field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NominationsRefused {
    pub values: BTreeMap<String, String>,
    pub errors: crate::admin::FormErrors,
}

/// Which nominee a refused nomination was replacing (the public id; empty: none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Replacing(pub String);

/// A focal point's letter upload, refused: the error code (`not_pdf`, `too_large`, `no_file`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterRefused(pub String);

#[server(prefix = "/api/fn", endpoint = "admin_nominations")]
pub async fn load_nominations(slug: String) -> Result<NominationsPage, PageError> {
    let (state, who, loc) = crate::admin::api::context().await?;
    Ok(ssr::service::page(&state.ctx(), &who, &slug, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "focal_page")]
pub async fn load_focal_page(token: String) -> Result<FocalPage, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let loc = crate::locale::request_locale().await;
    Ok(ssr::focal::page(&state.ctx(), &token, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "invited_page")]
pub async fn load_invited_page(token: String) -> Result<InvitedPage, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let loc = crate::locale::request_locale().await;
    Ok(ssr::invitations::page(&state.ctx(), &token, loc).await?)
}
