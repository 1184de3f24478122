//! Seats: who gets one, who waits, and who moves up when one frees. Every count here is read
//! inside the write transaction that acts on it, which is what keeps capacity exact; the
//! `no_seat_lock` fault reads it outside instead, so the race test can show what that breaks.
use super::{Ctx, emails, rows};
use crate::{
    domain::{RegistrationStatus, SessionChoiceStatus},
    events::ssr::{EventRow, SessionRow, sessions_of},
    server::AppError,
};
use sqlx::SqliteConnection;

/// Reads a count in the transaction, or (under the fault) from the read pool outside it.
async fn count(conn: &mut SqliteConnection, ctx: &Ctx, sql: &str, id: i64) -> Result<i64, AppError> {
    let n = if ctx.faults.no_seat_lock {
        sqlx::query_scalar(sql).bind(id).fetch_one(&ctx.reader).await?
    } else {
        sqlx::query_scalar(sql).bind(id).fetch_one(conn).await?
    };
    Ok(n)
}

async fn event_confirmed(conn: &mut SqliteConnection, ctx: &Ctx, event_id: i64) -> Result<i64, AppError> {
    count(conn, ctx, "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", event_id).await
}

async fn session_confirmed(conn: &mut SqliteConnection, ctx: &Ctx, session_id: i64) -> Result<i64, AppError> {
    count(conn, ctx, "SELECT COUNT(*) FROM registration_sessions WHERE session_id = ? AND status = 'confirmed'", session_id).await
}

/// Gives a registration whose address is confirmed a seat, or a place on the waiting list.
pub async fn seat_registration(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    event: &EventRow,
    reg_id: i64,
) -> Result<RegistrationStatus, AppError> {
    let taken = event_confirmed(conn, ctx, event.id).await?;
    if event.capacity.is_none_or(|cap| taken < cap) {
        confirm(conn, ctx, event, reg_id).await?;
        Ok(RegistrationStatus::Confirmed)
    } else {
        sqlx::query(
            "UPDATE registrations SET status = 'waitlisted', updated_at = ?1,
                 waitlist_seq = (SELECT COALESCE(MAX(waitlist_seq), 0) + 1 FROM registrations WHERE event_id = ?2)
             WHERE id = ?3",
        )
        .bind(ctx.now)
        .bind(event.id)
        .bind(reg_id)
        .execute(conn)
        .await?;
        Ok(RegistrationStatus::Waitlisted)
    }
}

/// Gives a waitlisted registration a seat now, out of turn (an organizer's decision; the
/// caller has checked that a seat is free).
pub async fn confirm_now(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    confirm(conn, ctx, event, reg_id).await
}

/// Marks the registration confirmed and seats its requested sessions.
async fn confirm(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow, reg_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE registrations SET status = 'confirmed', confirmed_at = ?1, updated_at = ?1, waitlist_seq = NULL WHERE id = ?2")
        .bind(ctx.now)
        .bind(reg_id)
        .execute(&mut *conn)
        .await?;
    let requested: Vec<i64> =
        sqlx::query_scalar("SELECT session_id FROM registration_sessions WHERE registration_id = ? AND status = 'requested'")
            .bind(reg_id)
            .fetch_all(&mut *conn)
            .await?;
    let sessions = sessions_of(conn, event.id).await?;
    for session_id in requested {
        if let Some(session) = sessions.iter().find(|s| s.id == session_id) {
            seat_choice(conn, ctx, session, reg_id).await?;
        }
    }
    Ok(())
}

/// Gives a confirmed registration's session choice a seat, or a place on that session's list.
pub async fn seat_choice(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    session: &SessionRow,
    reg_id: i64,
) -> Result<SessionChoiceStatus, AppError> {
    let taken = session_confirmed(conn, ctx, session.id).await?;
    let status =
        if session.capacity.is_none_or(|cap| taken < cap) { SessionChoiceStatus::Confirmed } else { SessionChoiceStatus::Waitlisted };
    sqlx::query(
        "INSERT INTO registration_sessions (registration_id, session_id, status, waitlist_seq, created_at)
         VALUES (?1, ?2, ?3, CASE WHEN ?3 = 'waitlisted'
                 THEN (SELECT COALESCE(MAX(waitlist_seq), 0) + 1 FROM registration_sessions WHERE session_id = ?2) END, ?4)
         ON CONFLICT (registration_id, session_id) DO UPDATE SET status = excluded.status, waitlist_seq = excluded.waitlist_seq",
    )
    .bind(reg_id)
    .bind(session.id)
    .bind(status.code())
    .bind(ctx.now)
    .execute(conn)
    .await?;
    Ok(status)
}

/// Fills free event seats from the waiting list, first come first served, and emails each
/// person who moves up.
pub async fn promote_event(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow) -> Result<(), AppError> {
    let Some(capacity) = event.capacity else {
        // Unlimited events have no waiting list, but one may remain from a former capacity.
        return promote_all(conn, ctx, event).await;
    };
    while event_confirmed(conn, ctx, event.id).await? < capacity {
        let next: Option<i64> =
            sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1")
                .bind(event.id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(reg_id) = next else { break };
        confirm(conn, ctx, event, reg_id).await?;
        emails::promoted_to_event(conn, ctx, event, reg_id).await?;
    }
    Ok(())
}

async fn promote_all(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow) -> Result<(), AppError> {
    let waiting: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY waitlist_seq")
            .bind(event.id)
            .fetch_all(&mut *conn)
            .await?;
    for reg_id in waiting {
        confirm(conn, ctx, event, reg_id).await?;
        emails::promoted_to_event(conn, ctx, event, reg_id).await?;
    }
    Ok(())
}

/// Fills free seats of a session from its waiting list and emails each person who moves up.
pub async fn promote_session(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow, session: &SessionRow) -> Result<(), AppError> {
    loop {
        if let Some(cap) = session.capacity
            && session_confirmed(conn, ctx, session.id).await? >= cap
        {
            break;
        }
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT rs.registration_id FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
             WHERE rs.session_id = ? AND rs.status = 'waitlisted' AND r.status = 'confirmed' ORDER BY rs.waitlist_seq LIMIT 1",
        )
        .bind(session.id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(reg_id) = next else { break };
        sqlx::query(
            "UPDATE registration_sessions SET status = 'confirmed', waitlist_seq = NULL WHERE registration_id = ? AND session_id = ?",
        )
        .bind(reg_id)
        .bind(session.id)
        .execute(&mut *conn)
        .await?;
        emails::promoted_to_session(conn, ctx, event, session, reg_id).await?;
    }
    Ok(())
}

/// Frees what a registration held (its event seat and session seats) and promotes others.
/// Called after the registration's status has left `confirmed`.
pub async fn release(conn: &mut SqliteConnection, ctx: &Ctx, event: &EventRow, reg_id: i64, held_seat: bool) -> Result<(), AppError> {
    let held: Vec<rows::ChoiceRow> = rows::choices(conn, reg_id).await?;
    sqlx::query("DELETE FROM registration_sessions WHERE registration_id = ?").bind(reg_id).execute(&mut *conn).await?;
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
