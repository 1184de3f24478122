//! Keep the counts, not the people: erasing a registration's personal data (names, address,
//! organisation, job title, needs, notes, its links and emails) while its country,
//! organisation type, gender, state, sessions and check-ins stay, so every tally and report
//! reads the same afterwards. Used by the retention job (an event's `retention_days` after its
//! end, on one instance at a time) and by a participant erasing their own registration.
//!
//! Answers to the event's own questions go the same way: texts, numbers, dates, addresses and
//! phones with the person, choices, yes/no and countries stay for the tallies. Answers to
//! sensitive questions (a passport number) are erased first: as soon as the event is over,
//! on events that have a retention period.
use super::storage;
use crate::{context::Ctx, error::AppError, questions::ssr::storage as answers, store::BoxFuture, store::Conn};

/// Erases `ids` that are not erased yet; returns how many were.
async fn erase_ids(conn: &mut Conn, ids: Vec<i64>, now: i64) -> Result<u64, AppError> {
    let ids = storage::not_erased(conn, ids).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    // Before the link to the person goes: who stops being countable, so the counts stay.
    crate::people::ssr::counting::note_erasure(conn, &ids).await?;
    storage::erase(conn, &ids, now).await?;
    answers::erase_personal(conn, &ids).await?;
    crate::documents::ssr::storage::forget_holders(conn, &ids).await?;
    crate::people::ssr::storage::forget_orphan_merges(conn).await?;
    Ok(ids.len() as u64)
}

/// Erases one registration's personal data.
pub async fn erase_one(conn: &mut Conn, registration_id: i64, now: i64) -> Result<u64, AppError> {
    erase_ids(conn, vec![registration_id], now).await
}

/// Erases the personal data of every event whose retention period has passed.
pub async fn erase_due(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    let ids = storage::past_retention(conn, now).await?;
    let sensitive = answers::sensitive_past_events(conn, now).await?;
    let erased_first = if sensitive.is_empty() { 0 } else { answers::erase_sensitive(conn, &sensitive).await? };
    if erased_first > 0 {
        tracing::info!(answers = erased_first, "retention: erased sensitive answers of events that are over");
    }
    // Passport details printed on letters go with the sensitive answers they came from.
    let letters = crate::documents::ssr::storage::erase_details_of_past(conn, now).await?;
    if letters > 0 {
        tracing::info!(letters, "retention: erased the passport details of letters of events that are over");
    }
    // Attendance reports nobody saved still hold the names and emails they listed.
    let unsaved = crate::attendance::ssr::storage::forget_unsaved(conn, now - 86_400).await?;
    if unsaved > 0 {
        tracing::info!(reports = unsaved, "retention: forgot attendance reports left unsaved for a day");
    }
    // Invitations, letters and who the focal points were go with the event's people.
    let forgotten = crate::nominations::ssr::storage::forget_past(conn, now).await?;
    if forgotten > 0 {
        tracing::info!(rows = forgotten, "retention: forgot invitations, nomination letters and focal points of events that are over");
    }
    erase_ids(conn, ids, now).await
}

/// One run of the retention job.
pub async fn run_once(ctx: &Ctx) -> Result<u64, AppError> {
    let now = ctx.now;
    let erased = ctx.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { erase_due(conn, now).await }) }).await?;
    if erased > 0 {
        tracing::info!(erased, "retention: erased the personal data of registrations past their event's retention period");
    }
    Ok(erased)
}
