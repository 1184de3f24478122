//! The organizers' writes on events and sessions: create, edit, move through the event's
//! states (`EventStatus::can_move_to`), sessions and the report settings. Each is checked
//! against the account's rights first, applies the seat rules when a capacity changes, and is
//! written to the audit log in the same transaction.
use super::{
    input::{self, ValidEvent, ValidSession},
    managed, storage,
};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{EventStatus, RegistrationStatus},
    error::AppError,
    events::{EventForm, SessionForm},
    registrations::ssr::{emails, seats, storage as registrations},
    store::BoxFuture,
};

fn refused(field: &str, code: &str) -> AppError {
    AppError::Form([(field.to_owned(), code.to_owned())].into_iter().collect())
}

fn show(c: Option<i64>) -> String {
    c.map_or_else(|| "unlimited".to_owned(), |c| c.to_string())
}

/// Creates a draft event; its creator (when an organizer) is assigned to it.
pub async fn create(ctx: &Ctx, who: Principal, form: EventForm) -> Result<String, AppError> {
    if !who.can_create_events() {
        return Err(AppError::Forbidden);
    }
    let v = input::event(&form).map_err(AppError::Form)?;
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                if storage::id_of(conn, &v.slug).await?.is_some() {
                    return Err(refused("slug", "slug_taken"));
                }
                let id = storage::insert(conn, &v, now).await?;
                storage::set_partners(conn, id, &v.partners).await?;
                if !who.is_admin() && !who.all_events {
                    crate::accounts::ssr::storage::assign_event(conn, who.user_id, id).await?;
                }
                audit::record(conn, &who, "event.create", Some(id), &v.slug, now).await?;
                Ok(v.slug)
            })
        })
        .await
}

/// Saves the event form. A capacity below the confirmed count is refused; a higher one fills
/// the new seats from the waiting list at once.
pub async fn update(ctx: &Ctx, who: Principal, slug: String, form: EventForm) -> Result<String, AppError> {
    let ctx = ctx.clone();
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: an account that may not manage the event learns nothing from it.
                let e = managed(conn, &who, &slug).await?;
                let v: ValidEvent = input::event(&form).map_err(AppError::Form)?;
                if v.slug != e.slug && storage::id_of(conn, &v.slug).await?.is_some() {
                    return Err(refused("slug", "slug_taken"));
                }
                let confirmed = storage::confirmed_count(conn, e.id).await?;
                if v.capacity.is_some_and(|c| c < confirmed) {
                    return Err(refused("capacity", "below_confirmed"));
                }
                storage::update(conn, e.id, &v, ctx.now).await?;
                storage::set_partners(conn, e.id, &v.partners).await?;
                let updated = storage::by_id(conn, e.id).await?;
                // A raised (or removed) capacity seats people from the waiting list at once.
                seats::promote_event(conn, &ctx, &updated).await?;
                let detail = match (e.capacity, v.capacity) {
                    (a, b) if a != b => format!("capacity {} → {}", show(a), show(b)),
                    _ => String::new(),
                };
                audit::record(conn, &who, "event.update", Some(e.id), &detail, ctx.now).await?;
                Ok(v.slug)
            })
        })
        .await
}

/// Publishes, cancels or archives. Cancelling emails every active registrant.
pub async fn set_status(ctx: &Ctx, who: Principal, slug: String, to: EventStatus) -> Result<(), AppError> {
    let ctx = ctx.clone();
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                if !e.status.can_move_to(to) {
                    return Err(AppError::Conflict("the event cannot move to that state"));
                }
                storage::set_status(conn, e.id, to, ctx.now).await?;
                if to == EventStatus::Cancelled {
                    let active = registrations::ids_in(conn, e.id, RegistrationStatus::OPEN).await?;
                    for id in &active {
                        emails::event_cancelled(conn, &ctx, &e, *id).await?;
                    }
                    audit::record(conn, &who, "event.cancel", Some(e.id), &format!("{} registrants emailed", active.len()), ctx.now)
                        .await?;
                } else {
                    audit::record(conn, &who, &format!("event.{}", to.code()), Some(e.id), "", ctx.now).await?;
                }
                Ok(())
            })
        })
        .await
}

/// Adds a session (`target` None) or saves one. Capacity rules as for the event.
pub async fn save_session(ctx: &Ctx, who: Principal, slug: String, target: Option<i64>, form: SessionForm) -> Result<(), AppError> {
    let ctx = ctx.clone();
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                let v: ValidSession = input::session(&form, &e.timezone).map_err(AppError::Form)?;
                match target {
                    None => {
                        let id = storage::insert_session(conn, e.id, &v).await?;
                        audit::record(conn, &who, "session.create", Some(e.id), &format!("{id}: {}", v.title), ctx.now).await
                    }
                    Some(id) => {
                        let sessions = storage::sessions_of(conn, e.id).await?;
                        let old = sessions.iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
                        if v.capacity.is_some_and(|c| c < old.confirmed) {
                            return Err(refused("capacity", "below_confirmed"));
                        }
                        storage::update_session(conn, id, &v).await?;
                        let updated = storage::sessions_of(conn, e.id).await?.into_iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
                        seats::promote_session(conn, &ctx, &e, &updated).await?;
                        let detail = format!("{id}: {}; capacity {} → {}", v.title, show(old.capacity), show(v.capacity));
                        audit::record(conn, &who, "session.update", Some(e.id), &detail, ctx.now).await
                    }
                }
            })
        })
        .await
}

/// Saves the report settings: the smallest count shown and how long personal data is kept.
pub async fn save_report_settings(ctx: &Ctx, who: Principal, slug: String, threshold: i64, retention: Option<i64>) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                storage::set_report_settings(conn, e.id, threshold, retention, now).await?;
                let shown_days = retention.map_or_else(|| "kept".to_owned(), |d| format!("{d} days"));
                let detail = format!("threshold {threshold}, retention {shown_days}");
                audit::record(conn, &who, "report.settings", Some(e.id), &detail, now).await
            })
        })
        .await
}
