//! A person across events, known by their email address (case-insensitive) without an
//! account; an organizer may merge two addresses of one person. Their page lists the events
//! they registered for; the activity table counts each person once (`ssr::counting`).
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::page_error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One person's registrations in the events this account manages, latest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonPage {
    /// The registration the page was opened from.
    pub id: i64,
    pub name: String,
    /// The addresses counted as this person (the first is the person's own).
    pub addresses: Vec<String>,
    pub lines: Vec<PersonLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonLine {
    pub registration: i64,
    pub event: String,
    pub when: String,
    pub email: String,
    pub organization: String,
    pub country: String,
    pub status: crate::domain::RegistrationStatus,
    pub attended: bool,
}

/// The merge form, refused: the address typed and its error code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MergeRefused {
    pub email: String,
    pub error: String,
}

#[server(prefix = "/api/fn", endpoint = "admin_person")]
pub async fn load_person(id: i64) -> Result<PersonPage, PageError> {
    let (state, who, loc) = crate::admin::api::context().await?;
    Ok(ssr::service::page(&state.store, &who, id, loc).await?)
}
