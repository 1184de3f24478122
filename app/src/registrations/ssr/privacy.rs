//! A participant's own data, from their manage link: everything held about them as JSON, and
//! erasing it. Erasing cancels a registration whose event is still ahead (its seat goes to the
//! next in line) and then keeps only what the reports count (`erasure`).
use super::{erasure, seats, service::managed, storage};
use crate::{context::Ctx, domain::RegistrationStatus, error::AppError, mail::outbox, store::BoxFuture};
use serde_json::{Value, json};

/// "2027-05-12 09:30:00" (UTC), as a data download shows times.
fn utc(ts: Option<i64>) -> Value {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map_or(Value::Null, |t| Value::String(t.format("%Y-%m-%d %H:%M:%S").to_string()))
}

/// Everything held about the registration behind a manage link.
pub async fn data(ctx: &Ctx, token: &str) -> Result<Value, AppError> {
    let mut conn = ctx.store.read().await?;
    let (reg, event) = managed(&mut conn, ctx, token).await?;
    let p = storage::personal_data(&mut conn, reg.id).await?;
    let sessions = storage::chosen_sessions(&mut conn, reg.id).await?;
    let checkins = storage::checkins_of(&mut conn, reg.id).await?;
    let emails = outbox::of_registration(&mut conn, reg.id).await?;
    // Every answer, organizer-only ones too: they are data held about the person.
    let answers = crate::questions::ssr::storage::answers_json(&mut conn, event.id, &[reg.id]).await?.remove(&reg.id).unwrap_or_default();
    Ok(json!({
        "registration": {
            "reference": p.public_id, "given_name": p.given_name, "family_name": p.family_name, "email": p.email,
            "country": p.country, "organization": p.organization, "organization_type": p.organization_type,
            "job_title": p.job_title, "gender": p.gender, "accessibility_needs": p.accessibility_needs,
            "dietary_needs": p.dietary_needs, "language": p.language, "status": p.status,
            "consent_at": utc(Some(p.consent_at)), "registered_at": utc(Some(p.created_at)),
            "email_confirmed_at": utc(p.email_confirmed_at), "confirmed_at": utc(p.confirmed_at),
            "cancelled_at": utc(p.cancelled_at), "checkin_code": p.checkin_code, "organizer_note": p.decision_note,
        },
        "answers": answers,
        "sessions": sessions.into_iter().map(|(title, status)| json!({ "title": title, "status": status })).collect::<Vec<_>>(),
        "checkins": checkins.into_iter().map(|(session, at)| json!({ "session": session, "at_utc": utc(Some(at)) })).collect::<Vec<_>>(),
        "emails": emails
            .into_iter()
            .map(|e| json!({ "kind": e.kind, "subject": e.subject, "status": e.status, "sent_at_utc": utc(e.sent_at) }))
            .collect::<Vec<_>>(),
        "event": { "title": event.title, "slug": event.slug, "starts_at_utc": chrono::DateTime::from_timestamp(event.starts_at, 0) },
    }))
}

/// Erases the registration behind a manage link. Before the event it is cancelled first, so
/// its seat goes to the next in line; no email is sent to an address being erased.
#[tracing::instrument(skip_all, err)]
pub async fn erase(ctx: Ctx, token: String) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = managed(conn, &ctx, &token).await?;
                if RegistrationStatus::OPEN.contains(&reg.status) && ctx.now < event.ends_at {
                    let held_seat = reg.status == RegistrationStatus::Confirmed;
                    storage::mark_cancelled(conn, reg.id, ctx.now).await?;
                    seats::release(conn, &ctx, &event, reg.id, held_seat).await?;
                }
                erasure::erase_one(conn, reg.id, ctx.now).await?;
                tracing::info!(registration = reg.id, "erased at the participant's request");
                Ok(())
            })
        })
        .await
}
