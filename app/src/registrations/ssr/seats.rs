//! Seats: who gets one, who waits, and who moves up when one frees. The decision itself is
//! `Seats::take`, a pure function over the counts it is given, used by the one-by-one path
//! here and by the set-based batch alike, so the two cannot drift. Every count is read inside
//! the write transaction that acts on it (the store's writers take turns, on SQLite and across
//! PostgreSQL instances), which is what keeps capacity exact; the `no_seat_lock` fault reads
//! it on another connection instead, so the race tests can show what that breaks.
use super::{emails, storage};
use crate::{
    context::Ctx,
    domain::{RegistrationStatus, SessionChoiceStatus},
    error::AppError,
    events::ssr::{EventRow, SessionRow, sessions_of},
    store::Conn,
};

/// An event's (or a session's) seats as a decision sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats {
    pub capacity: Option<i64>,
    /// Seats taken.
    pub taken: i64,
    /// People on the waiting list.
    pub waiting: i64,
    /// The last waiting-list number given out (numbers only grow; the position shown is the
    /// rank among those still waiting).
    pub last_seq: i64,
}

/// What a decision gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Seat,
    /// The end of the waiting list: its number, and the position that means now.
    Waitlist {
        seq: i64,
        position: i64,
    },
}

impl Seats {
    pub fn new(capacity: Option<i64>, (taken, waiting, last_seq): (i64, i64, i64)) -> Self {
        Self { capacity, taken, waiting, last_seq }
    }

    /// Whether a seat is free.
    pub fn free(&self) -> bool {
        self.capacity.is_none_or(|cap| self.taken < cap)
    }

    /// The one seat rule: a seat while one is free, else the end of the waiting list. The
    /// counts include the decision afterwards, so a batch decides person after person.
    pub fn take(&mut self) -> Place {
        if self.free() {
            self.taken += 1;
            Place::Seat
        } else {
            self.waiting += 1;
            self.last_seq += 1;
            Place::Waitlist { seq: self.last_seq, position: self.waiting }
        }
    }
}

/// The event's seats, read in the transaction (or, under the fault, outside it).
pub async fn event_seats(conn: &mut Conn, ctx: &Ctx, event: &EventRow) -> Result<Seats, AppError> {
    let counts = if ctx.faults.no_seat_lock {
        storage::event_seats(&mut ctx.store.read().await?, event.id).await?
    } else {
        storage::event_seats(conn, event.id).await?
    };
    Ok(Seats::new(event.capacity, counts))
}

async fn session_seats(conn: &mut Conn, ctx: &Ctx, session: &SessionRow) -> Result<Seats, AppError> {
    let counts = if ctx.faults.no_seat_lock {
        storage::session_seats(&mut ctx.store.read().await?, session.id).await?
    } else {
        storage::session_seats(conn, session.id).await?
    };
    Ok(Seats::new(session.capacity, counts))
}

/// Gives a registration whose address is confirmed a seat, or a place on the waiting list.
pub async fn seat_registration(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<RegistrationStatus, AppError> {
    match event_seats(conn, ctx, event).await?.take() {
        Place::Seat => {
            confirm(conn, ctx, event, reg_id).await?;
            Ok(RegistrationStatus::Confirmed)
        }
        Place::Waitlist { seq, .. } => {
            storage::mark_waitlisted(conn, reg_id, seq, ctx.now).await?;
            Ok(RegistrationStatus::Waitlisted)
        }
    }
}

/// Gives a waitlisted registration a seat now, out of turn (an organizer's decision). Refused
/// when no seat is free.
pub async fn confirm_now(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    if !event_seats(conn, ctx, event).await?.free() {
        return Err(AppError::Conflict("the event is full: raise its capacity first"));
    }
    confirm(conn, ctx, event, reg_id).await
}

/// Marks the registration confirmed and seats its requested sessions.
async fn confirm(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    storage::mark_confirmed(conn, reg_id, ctx.now).await?;
    let requested = storage::requested_sessions(conn, reg_id).await?;
    if requested.is_empty() {
        return Ok(());
    }
    let sessions = sessions_of(conn, event.id).await?;
    for session_id in requested {
        if let Some(session) = sessions.iter().find(|s| s.id == session_id) {
            seat_choice(conn, ctx, session, reg_id).await?;
        }
    }
    Ok(())
}

/// Gives a confirmed registration's session choice a seat, or a place on that session's list.
pub async fn seat_choice(conn: &mut Conn, ctx: &Ctx, session: &SessionRow, reg_id: i64) -> Result<SessionChoiceStatus, AppError> {
    let (status, seq) = match session_seats(conn, ctx, session).await?.take() {
        Place::Seat => (SessionChoiceStatus::Confirmed, None),
        Place::Waitlist { seq, .. } => (SessionChoiceStatus::Waitlisted, Some(seq)),
    };
    storage::set_choice(conn, reg_id, session.id, status, seq, ctx.now).await?;
    Ok(status)
}

/// Fills free event seats from the waiting list, first come first served, and emails each
/// person who moves up. (An event without a capacity takes everyone still waiting from a
/// former one.)
pub async fn promote_event(conn: &mut Conn, ctx: &Ctx, event: &EventRow) -> Result<(), AppError> {
    let mut seats = event_seats(conn, ctx, event).await?;
    while seats.waiting > 0 && seats.free() {
        let Some(reg_id) = storage::next_waitlisted(conn, event.id).await? else { break };
        seats.taken += 1;
        seats.waiting -= 1;
        confirm(conn, ctx, event, reg_id).await?;
        emails::promoted_to_event(conn, ctx, event, reg_id).await?;
    }
    Ok(())
}

/// Fills free seats of a session from its waiting list and emails each person who moves up.
pub async fn promote_session(conn: &mut Conn, ctx: &Ctx, event: &EventRow, session: &SessionRow) -> Result<(), AppError> {
    let mut seats = session_seats(conn, ctx, session).await?;
    while seats.free() {
        let Some(reg_id) = storage::next_session_waitlisted(conn, session.id).await? else { break };
        seats.taken += 1;
        storage::confirm_choice(conn, reg_id, session.id).await?;
        emails::promoted_to_session(conn, ctx, event, session, reg_id).await?;
    }
    Ok(())
}

/// Frees what a registration held (its event seat and session seats) and promotes others.
/// Called after the registration's status has left `confirmed`.
pub async fn release(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64, held_seat: bool) -> Result<(), AppError> {
    let held = storage::choices(conn, reg_id).await?;
    storage::remove_choices(conn, reg_id).await?;
    if held_seat {
        promote_event(conn, ctx, event).await?;
    }
    let sessions = sessions_of(conn, event.id).await?;
    for choice in held.iter().filter(|c| c.status == SessionChoiceStatus::Confirmed) {
        if let Some(session) = sessions.iter().find(|s| s.id == choice.session_id) {
            promote_session(conn, ctx, event, session).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn seats_then_the_waiting_list_in_order() {
        let mut s = Seats::new(Some(2), (1, 0, 7));
        assert_eq!(s.take(), Place::Seat);
        assert_eq!(s.take(), Place::Waitlist { seq: 8, position: 1 });
        assert_eq!(s.take(), Place::Waitlist { seq: 9, position: 2 });
        assert_eq!(Seats::new(None, (1000, 0, 0)).take(), Place::Seat, "no capacity, no waiting list");
    }

    proptest! {
        #[test]
        fn never_more_seats_than_capacity_and_positions_count_up(cap in 0i64..50, taken in 0i64..60, people in 0usize..120) {
            let mut s = Seats::new(Some(cap), (taken.min(cap), 0, 0));
            let start = s.taken;
            let places: Vec<Place> = (0..people).map(|_| s.take()).collect();
            let seated = places.iter().filter(|p| **p == Place::Seat).count() as i64;
            prop_assert!(start + seated <= cap);
            prop_assert_eq!(start + seated, (start + people as i64).min(cap));
            let positions: Vec<i64> = places.iter().filter_map(|p| match p { Place::Waitlist { position, .. } => Some(*position), _ => None }).collect();
            prop_assert_eq!(positions, (1..=(people as i64 - seated)).collect::<Vec<_>>());
        }
    }
}
