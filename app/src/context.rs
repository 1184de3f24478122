//! What a service needs to act, built by its caller from the application's parts: the store,
//! the settings, the test-only faults and the time of the request. Services take this, never
//! the whole application state, so concepts do not depend on the HTTP layer that holds them.
use crate::store::Store;
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
    /// The renderer of badges, letters and certificates, or why there is none (fonts missing).
    pub documents: crate::documents::ssr::engine::Documents,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:3000".into(),
            mail_from: "Plenary <noreply@plenary.localhost>".into(),
            confirm_hours: 48,
            documents: Default::default(),
        }
    }
}

/// Test-only switches that take away a safety, so tests can prove they would see its absence.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Reads seat counts outside the write transaction, as a naive implementation would.
    pub no_seat_lock: bool,
}

/// A service call's context.
#[derive(Clone)]
pub struct Ctx {
    pub store: Store,
    pub config: Arc<Config>,
    pub faults: Arc<Faults>,
    /// The time of the request, in Unix seconds.
    pub now: i64,
}
