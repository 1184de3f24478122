//! Checking a person in, or taking it back, with the account's rights checked and the change
//! in the audit log.
use super::{event_days, storage};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::RegistrationStatus,
    error::AppError,
    events::ssr as events,
    i18n::Locale,
    registrations::ssr::storage as registrations,
    store::BoxFuture,
};

/// Checks a person in (or, with `undo`, takes it back), for the event, a day or one session.
/// A second check-in of the same person is harmless: the first one stands. Returns the
/// event's slug.
pub async fn checkin(ctx: &Ctx, who: Principal, reg_id: i64, session: Option<i64>, undo: bool) -> Result<String, AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let reg = registrations::by_id(conn, reg_id).await.map_err(|_| AppError::NotFound)?;
                let event = events::by_id(conn, reg.event_id).await?;
                who.ensure_checkin(event.id)?;
                if reg.status != RegistrationStatus::Confirmed {
                    return Err(AppError::Conflict("only confirmed participants can be checked in"));
                }
                let scope = session.unwrap_or(0);
                let known = match scope {
                    0 => true,
                    day if day < 0 => event_days(&event, Locale::en).iter().any(|(d, _)| *d == day),
                    id => events::sessions_of(conn, event.id).await?.iter().any(|s| s.id == id),
                };
                if !known {
                    return Err(AppError::NotFound);
                }
                let changed = if undo {
                    storage::undo(conn, reg_id, scope).await?
                } else {
                    storage::check_in(conn, reg_id, scope, now, who.user_id).await?
                };
                if changed {
                    let action = if undo { "checkin.undo" } else { "checkin" };
                    let detail = format!("registration {reg_id}, session {scope}");
                    audit::record_about(conn, &who, action, Some(event.id), reg_id, &detail, now).await?;
                }
                Ok(event.slug)
            })
        })
        .await
}
