//! A participant's own data, from their manage link: everything held about them as JSON, and
//! erasing it. Erasing cancels a registration whose event is still ahead (its seat goes to the
//! next in line) and then keeps only what the reports count.
use super::{Ctx, rows, seats, service::managed};
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
    let mut data = rows::personal_data(&mut conn, reg.id).await?;
    data["event"] =
        json!({ "title": event.title, "slug": event.slug, "starts_at_utc": chrono::DateTime::from_timestamp(event.starts_at, 0) });
    Ok(data)
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
                let active =
                    !matches!(reg.status(), RegistrationStatus::Cancelled | RegistrationStatus::Rejected | RegistrationStatus::Expired);
                if active && ctx.now < event.ends_at {
                    let held_seat = reg.status() == RegistrationStatus::Confirmed;
                    rows::mark_cancelled(conn, reg.id, ctx.now).await?;
                    seats::release(conn, &ctx, &event, reg.id, held_seat).await?;
                }
                retention::erase_one(conn, reg.id, ctx.now).await?;
                tracing::info!(registration = reg.id, "erased at the participant's request");
                Ok(())
            })
        })
        .await
}
