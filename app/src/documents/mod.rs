//! Documents people carry: visa-support invitation letters, badges, and certificates of
//! attendance, in the participant's script and language, and the public page that says
//! whether a letter or certificate is genuine. This module holds the pages' read models and
//! server functions; the rules, storage and rendering (Typst, server only) are in `ssr`.
pub mod pages;
pub mod public_pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{admin::EventSummary, domain::DocumentKind, page_error::PageError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `/verify/:code` and `GET /api/v1/verify/{code}`: what the document is, and nothing else
/// about the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub kind: DocumentKind,
    pub reference: String,
    /// The holder's name as printed (empty once their data was erased).
    pub holder: String,
    pub event: String,
    /// The event's dates, in its zone.
    pub dates: String,
    pub issued: String,
    /// When it was revoked; a revoked document is not valid.
    pub revoked: Option<String>,
}

/// A letter or certificate on the organizer's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedLine {
    pub id: i64,
    pub kind: DocumentKind,
    pub reference: String,
    pub holder: String,
    pub registration_id: i64,
    pub public_id: String,
    pub issued: String,
    pub by_organizer: bool,
    pub downloads: i64,
    pub last_download: Option<String>,
    pub revoked: Option<String>,
    /// The emailed certificate's delivery: pending, sending, sent, failed.
    pub email: Option<String>,
}

/// `/admin/events/:slug/documents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentsPage {
    pub event: EventSummary,
    /// Why documents cannot be made on this server (fonts missing), if so.
    pub unavailable: Option<String>,
    pub online: bool,
    pub letters: bool,
    pub letter_attached: bool,
    pub certificates: bool,
    pub certificate_min_days: Option<i64>,
    /// The event's days, for the attendance rule (1 for a one-day event).
    pub days: i64,
    pub badge_layout: String,
    pub office: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub has_logo: bool,
    pub has_signature: bool,
    /// The organizer's texts by language code, and the defaults they replace.
    pub letter_texts: BTreeMap<String, String>,
    pub certificate_texts: BTreeMap<String, String>,
    pub default_letter: BTreeMap<String, String>,
    pub default_certificate: BTreeMap<String, String>,
    /// The newest documents matching `search` (at most 200), and how many match in all.
    pub issued: Vec<IssuedLine>,
    pub issued_total: i64,
    pub search: String,
    /// Attendees who qualify for a certificate and have none yet.
    pub certificates_due: i64,
    pub ended: bool,
}

/// The documents form refused: its values and an error code per field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentsRefused {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
}

/// What the manage page offers: the letter and the certificate, when they apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManageDocuments {
    pub letter: Option<LetterOffer>,
    /// Whether a certificate can be downloaded (the event is over and the person attended).
    pub certificate: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterOffer {
    /// The passport details the letter needs and the registration lacks: asked for first.
    pub needs_passport: bool,
    /// The letter's reference once issued.
    pub reference: Option<String>,
}

/// The passport form on the manage page, refused: values and an error code per field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PassportRefused {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
}

#[server(prefix = "/api/fn", endpoint = "verify_document")]
pub async fn load_verification(code: String) -> Result<Verification, PageError> {
    let state = expect_context::<crate::state::AppState>();
    let loc = crate::locale::request_locale().await;
    Ok(ssr::service::verify(&state.ctx(), &code, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "admin_documents")]
pub async fn load_documents_page(slug: String, q: String) -> Result<DocumentsPage, PageError> {
    let (state, who, loc) = crate::admin::api::context().await?;
    Ok(ssr::service::page(&state.ctx(), &who, &slug, &q, loc).await?)
}

#[server(prefix = "/api/fn", endpoint = "manage_documents")]
pub async fn load_manage_documents(token: String) -> Result<ManageDocuments, PageError> {
    let state = expect_context::<crate::state::AppState>();
    Ok(ssr::participant::offer(&state.ctx(), &token).await?)
}
