//! A participant's own data, from their manage link: everything held about them as JSON, and
//! erasing it. Erasing cancels a registration whose event is still ahead (its seat goes to the
//! next in line) and then keeps only what the reports count.
use super::{Ctx, seats, service::managed};
use crate::{
    domain::RegistrationStatus,
    reports::ssr::retention,
    server::{AppError, AppState, db::BoxFuture},
};
use serde_json::{Value, json};

/// Everything held about the registration behind a manage link.
pub async fn data(state: &AppState, token: &str) -> Result<Value, AppError> {
    let ctx = Ctx::new(state);
    let mut conn = state.store.reader().acquire().await?;
    let (reg, event) = managed(&mut conn, &ctx, token).await?;
    let full: Value = sqlx::query_scalar(
        "SELECT json_object(
            'reference', public_id, 'given_name', given_name, 'family_name', family_name, 'email', email,
            'country', country, 'organization', organization, 'organization_type', organization_type,
            'job_title', job_title, 'gender', gender, 'accessibility_needs', accessibility_needs,
            'dietary_needs', dietary_needs, 'language', language, 'status', status,
            'consent_at', datetime(consent_at, 'unixepoch'), 'registered_at', datetime(created_at, 'unixepoch'),
            'email_confirmed_at', datetime(email_confirmed_at, 'unixepoch'), 'confirmed_at', datetime(confirmed_at, 'unixepoch'),
            'cancelled_at', datetime(cancelled_at, 'unixepoch'), 'checkin_code', checkin_code, 'organizer_note', decision_note)
         FROM registrations WHERE id = ?",
    )
    .bind(reg.id)
    .fetch_one(&mut *conn)
    .await
    .map(|text: String| serde_json::from_str(&text).unwrap_or(Value::Null))?;
    let sessions: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.title, rs.status FROM registration_sessions rs JOIN sessions s ON s.id = rs.session_id WHERE rs.registration_id = ?",
    )
    .bind(reg.id)
    .fetch_all(&mut *conn)
    .await?;
    let checkins: Vec<(i64, String)> =
        sqlx::query_as("SELECT session_id, datetime(at, 'unixepoch') FROM checkins WHERE registration_id = ? ORDER BY at")
            .bind(reg.id)
            .fetch_all(&mut *conn)
            .await?;
    let emails: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT kind, subject, status, datetime(sent_at, 'unixepoch') FROM outbox WHERE registration_id = ? ORDER BY id")
            .bind(reg.id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(json!({
        "event": { "title": event.title, "slug": event.slug, "starts_at_utc": chrono::DateTime::from_timestamp(event.starts_at, 0) },
        "registration": full,
        "sessions": sessions.into_iter().map(|(title, status)| json!({ "title": title, "status": status })).collect::<Vec<_>>(),
        "checkins": checkins.into_iter().map(|(session, at)| json!({ "session": session, "at_utc": at })).collect::<Vec<_>>(),
        "emails": emails.into_iter().map(|(kind, subject, status, sent)| json!({ "kind": kind, "subject": subject, "status": status, "sent_at_utc": sent })).collect::<Vec<_>>(),
    }))
}

/// Erases the registration behind a manage link. Before the event it is cancelled first, so
/// its seat goes to the next in line; no email is sent to an address being erased.
#[tracing::instrument(skip_all, err)]
pub async fn erase(state: &AppState, token: String) -> Result<(), AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = managed(conn, &ctx, &token).await?;
                let active = !matches!(
                    reg.status(),
                    RegistrationStatus::Cancelled | RegistrationStatus::Rejected | RegistrationStatus::Expired
                );
                if active && ctx.now < event.ends_at {
                    let held_seat = reg.status() == RegistrationStatus::Confirmed;
                    sqlx::query(
                        "UPDATE registrations SET status = 'cancelled', cancelled_at = ?1, updated_at = ?1, waitlist_seq = NULL WHERE id = ?2",
                    )
                    .bind(ctx.now)
                    .bind(reg.id)
                    .execute(&mut *conn)
                    .await?;
                    seats::release(conn, &ctx, &event, reg.id, held_seat).await?;
                }
                retention::erase_one(conn, reg.id, ctx.now).await?;
                tracing::info!(registration = reg.id, "erased at the participant's request");
                Ok(())
            })
        })
        .await
}
