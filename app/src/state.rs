//! What every handler, server function and background task shares: the application's parts,
//! from which each call builds the context its service needs (`AppState::ctx`).
use crate::{
    clock::Clock,
    context::{Config, Ctx, Faults},
    registrations::ssr::batch::Batches,
    store::Store,
    web::{page_cache::PageCache, rate_limit::RateLimiter},
};
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub leptos_options: LeptosOptions,
    pub faults: Arc<Faults>,
    /// Requests per client address, email address and registration (`rate_limit`).
    pub limits: Arc<RateLimiter>,
    /// The writes a rush brings, gathered into set-based batches.
    pub batches: Batches,
    /// The public pages as last rendered (`page_cache`).
    pub pages: Arc<PageCache>,
    /// Which peers are proxies whose `X-Forwarded-*` headers are believed.
    pub proxies: Arc<crate::web::client::TrustedProxies>,
}

impl AppState {
    /// The context of a service call made now.
    pub fn ctx(&self) -> Ctx {
        Ctx { store: self.store.clone(), config: self.config.clone(), faults: self.faults.clone(), now: self.clock.now() }
    }
}
