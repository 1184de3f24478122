//! The registration services: each write is a function applied to an open transaction by the
//! store's writer, so seat counts and the changes they decide are read and written atomically.
pub mod batch;
pub mod bulk;
pub mod emails;
pub mod handlers;
pub mod privacy;
pub mod rows;
pub mod seats;
pub mod service;

use crate::server::{
    AppState,
    state::{Config, Faults},
};
use std::sync::Arc;

/// What a write needs besides its transaction.
#[derive(Clone)]
pub struct Ctx {
    pub config: Arc<Config>,
    pub faults: Arc<Faults>,
    /// Used only by the `no_seat_lock` fault, to read counts outside the transaction.
    pub reader: crate::server::db::ReadPool,
    pub now: i64,
}

impl Ctx {
    pub fn new(state: &AppState) -> Self {
        Self { config: state.config.clone(), faults: state.faults.clone(), reader: state.store.reader().clone(), now: state.clock.now() }
    }
}
