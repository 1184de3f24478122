//! The current time as Unix seconds. Tests move it to check expiry and registration windows.
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

/// Real time, or a fixed offset from it for tests.
#[derive(Clone, Default, Debug)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }
}
