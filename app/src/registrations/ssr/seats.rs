//! Seats: who gets one, who waits, and who moves up when one frees. Every count here is read
//! inside the write transaction that acts on it, which is what keeps capacity exact; the
//! `no_seat_lock` fault reads it outside instead, so the race test can show what that breaks.
use super::{Ctx, emails, rows};
use crate::server::db::Conn;
use crate::{
    domain::{RegistrationStatus, SessionChoiceStatus},
    events::ssr::{EventRow, SessionRow, sessions_of},
    server::AppError,
};

/// Reads a count in the transaction, or (under the fault) from the read pool outside it.
async fn count(conn: &mut Conn, ctx: &Ctx, sql: &'static str, id: i64) -> Result<i64, AppError> {
    if ctx.faults.no_seat_lock { rows::count_outside(&ctx.reader, sql, id).await } else { rows::count(conn, sql, id).await }
}

async fn event_confirmed(conn: &mut Conn, ctx: &Ctx, event_id: i64) -> Result<i64, AppError> {
    count(conn, ctx, rows::EVENT_CONFIRMED, event_id).await
}

async fn session_confirmed(conn: &mut Conn, ctx: &Ctx, session_id: i64) -> Result<i64, AppError> {
    count(conn, ctx, rows::SESSION_CONFIRMED, session_id).await
}

/// Gives a registration whose address is confirmed a seat, or a place on the waiting list.
pub async fn seat_registration(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<RegistrationStatus, AppError> {
    let taken = event_confirmed(conn, ctx, event.id).await?;
    if event.capacity.is_none_or(|cap| taken < cap) {
        confirm(conn, ctx, event, reg_id).await?;
        Ok(RegistrationStatus::Confirmed)
    } else {
        rows::mark_waitlisted(conn, event.id, reg_id, ctx.now).await?;
        Ok(RegistrationStatus::Waitlisted)
    }
}

/// Gives a waitlisted registration a seat now, out of turn (an organizer's decision; the
/// caller has checked that a seat is free).
pub async fn confirm_now(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    confirm(conn, ctx, event, reg_id).await
}

/// Marks the registration confirmed and seats its requested sessions.
async fn confirm(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    rows::mark_confirmed(conn, reg_id, ctx.now).await?;
    let requested = rows::requested_sessions(conn, reg_id).await?;
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
    let taken = session_confirmed(conn, ctx, session.id).await?;
    let status =
        if session.capacity.is_none_or(|cap| taken < cap) { SessionChoiceStatus::Confirmed } else { SessionChoiceStatus::Waitlisted };
    rows::set_choice(conn, reg_id, session.id, status, ctx.now).await?;
    Ok(status)
}

/// Fills free event seats from the waiting list, first come first served, and emails each
/// person who moves up.
pub async fn promote_event(conn: &mut Conn, ctx: &Ctx, event: &EventRow) -> Result<(), AppError> {
    let Some(capacity) = event.capacity else {
        // Unlimited events have no waiting list, but one may remain from a former capacity.
        return promote_all(conn, ctx, event).await;
    };
    while event_confirmed(conn, ctx, event.id).await? < capacity {
        let Some(reg_id) = rows::next_waitlisted(conn, event.id).await? else { break };
        confirm(conn, ctx, event, reg_id).await?;
        emails::promoted_to_event(conn, ctx, event, reg_id).await?;
    }
    Ok(())
}

async fn promote_all(conn: &mut Conn, ctx: &Ctx, event: &EventRow) -> Result<(), AppError> {
    for reg_id in rows::all_waitlisted(conn, event.id).await? {
        confirm(conn, ctx, event, reg_id).await?;
        emails::promoted_to_event(conn, ctx, event, reg_id).await?;
    }
    Ok(())
}

/// Fills free seats of a session from its waiting list and emails each person who moves up.
pub async fn promote_session(conn: &mut Conn, ctx: &Ctx, event: &EventRow, session: &SessionRow) -> Result<(), AppError> {
    loop {
        if let Some(cap) = session.capacity
            && session_confirmed(conn, ctx, session.id).await? >= cap
        {
            break;
        }
        let Some(reg_id) = rows::next_session_waitlisted(conn, session.id).await? else { break };
        rows::confirm_choice(conn, reg_id, session.id).await?;
        emails::promoted_to_session(conn, ctx, event, session, reg_id).await?;
    }
    Ok(())
}

/// Frees what a registration held (its event seat and session seats) and promotes others.
/// Called after the registration's status has left `confirmed`.
pub async fn release(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg_id: i64, held_seat: bool) -> Result<(), AppError> {
    let held: Vec<rows::ChoiceRow> = rows::choices(conn, reg_id).await?;
    rows::remove_choices(conn, reg_id).await?;
    if held_seat {
        promote_event(conn, ctx, event).await?;
    }
    let sessions = sessions_of(conn, event.id).await?;
    for choice in held.iter().filter(|c| c.status() == SessionChoiceStatus::Confirmed) {
        if let Some(session) = sessions.iter().find(|s| s.id == choice.session_id) {
            promote_session(conn, ctx, event, session).await?;
        }
    }
    Ok(())
}
