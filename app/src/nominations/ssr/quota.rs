//! Seats for nominees: a country's quota, and the event's total for nominees. The decision is
//! `Quota::admits`, over counts read inside the write transaction that acts on them (the
//! store's writers take turns, on SQLite and across PostgreSQL instances), so no quota is
//! exceeded whatever the concurrency; the `no_seat_lock` fault reads them on another
//! connection instead, so the race test can show what that breaks.
use super::storage;
use crate::{context::Ctx, error::AppError, store::Conn};

/// A country's seats for nominees and the event's total, with the seats already held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// None: the country has no limit of its own.
    pub seats: Option<i64>,
    pub used: i64,
    /// None: no total for nominees.
    pub total: Option<i64>,
    pub total_used: i64,
}

impl Quota {
    /// Whether one more nominee fits both the country's seats and the total.
    pub fn admits(&self) -> bool {
        self.seats.is_none_or(|s| self.used < s) && self.total.is_none_or(|t| self.total_used < t)
    }
}

/// The quota of `country` at the event, read in the transaction (or, under the fault, outside it).
pub async fn read(conn: &mut Conn, ctx: &Ctx, event_id: i64, country: &str) -> Result<Quota, AppError> {
    if ctx.faults.no_seat_lock {
        return counts(&mut ctx.store.read().await?, event_id, country).await;
    }
    counts(conn, event_id, country).await
}

async fn counts(conn: &mut Conn, event_id: i64, country: &str) -> Result<Quota, AppError> {
    let (_, total) = storage::settings(conn, event_id).await?;
    Ok(Quota {
        seats: storage::quota_of(conn, event_id, country).await?,
        used: storage::used(conn, event_id, Some(country)).await?,
        total,
        total_used: if total.is_some() { storage::used(conn, event_id, None).await? } else { 0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_and_the_total_both_limit() {
        let q = |seats, used, total, total_used| Quota { seats, used, total, total_used };
        assert!(q(Some(3), 2, None, 0).admits());
        assert!(!q(Some(3), 3, None, 0).admits(), "the country's seats are full");
        assert!(!q(Some(3), 1, Some(10), 10).admits(), "the total is full");
        assert!(q(None, 40, Some(41), 40).admits(), "no country limit, the total still counts");
        assert!(q(None, 1000, None, 1000).admits());
        assert!(!q(Some(0), 0, None, 0).admits(), "a country given no seats");
    }
}
