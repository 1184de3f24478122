//! What every handler, server function and background task shares.
use super::{clock::Clock, db::Store};
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Settings the services need at run time.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where people reach this server, for links in emails, without a trailing slash.
    pub base_url: String,
    /// The sender of every email.
    pub mail_from: String,
    /// Hours an unconfirmed registration waits for its email confirmation.
    pub confirm_hours: i64,
}

impl Default for Config {
    fn default() -> Self {
        Self { base_url: "http://127.0.0.1:3000".into(), mail_from: "Plenary <noreply@plenary.localhost>".into(), confirm_hours: 48 }
    }
}

/// Test-only switches that take away a safety, so tests can prove they would see its absence.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Reads seat counts outside the write transaction, as a naive implementation would.
    pub no_seat_lock: bool,
}

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub leptos_options: LeptosOptions,
    pub faults: Arc<Faults>,
    /// Failed sign-ins per account and address.
    pub throttle: Arc<crate::accounts::ssr::throttle::LoginThrottle>,
    /// Requests per client address, email address and registration (`rate_limit`).
    pub limits: Arc<super::rate_limit::RateLimiter>,
    /// The writes a rush brings, gathered into set-based batches (`server::batch`).
    pub batches: Batches,
    /// The public pages as last rendered (`page_cache`).
    pub pages: Arc<super::page_cache::PageCache>,
}

/// The batchers of the writes that come in rushes.
#[derive(Clone)]
pub struct Batches {
    pub registrations: crate::registrations::ssr::batch::Registrations,
    pub confirmations: crate::registrations::ssr::batch::Confirmations,
}

impl Batches {
    /// Starts each batcher on the store.
    pub fn start(store: &Store) -> Self {
        use crate::registrations::ssr::batch;
        Self { registrations: batch::registrations(store.clone()), confirmations: batch::confirmations(store.clone()) }
    }
}
