//! Messages organizers send to the participants a filter shows, through the outbox (each
//! recipient's email points back at its message, so delivery is watched per message), and
//! retrying a failed email of any kind.
use super::{emails, storage as registrations};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::FormErrors,
    error::AppError,
    events::ssr as events,
    mail::{outbox, templates},
    registrations::RegQuery,
    store::BoxFuture,
};

/// Sends `subject`/`body` to every registration the filter shows (cancelled, rejected and
/// expired ones only when the filter asks for that state). Returns how many emails were queued.
pub async fn send(ctx: Ctx, who: Principal, slug: String, query: RegQuery, subject: String, body: String) -> Result<usize, AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: an account that may not manage the event learns nothing from it.
                let event = events::managed(conn, &who, &slug).await?;
                check(&subject, &body)?;
                let ids = registrations::matching_ids(conn, event.id, &query, query.status.trim().is_empty()).await?;
                let message_id = outbox::insert_message(conn, event.id, subject.trim(), &body, who.user_id, ctx.now).await?;
                for id in &ids {
                    let reg = registrations::by_id(conn, *id).await?;
                    let to = reg.addressee();
                    let manage = emails::manage_url(conn, &ctx, &event, *id).await?;
                    let email = templates::organizers_message(&event.facts(to.locale), &to, subject.trim(), &body, &manage);
                    let outbox_id = outbox::enqueue(conn, &email, ctx.now).await?;
                    outbox::set_message(conn, outbox_id, message_id).await?;
                }
                let detail = format!("message {message_id} to {} recipients: {}", ids.len(), subject.trim());
                audit::record(conn, &who, "message.send", Some(event.id), &detail, ctx.now).await?;
                Ok(ids.len())
            })
        })
        .await
}

fn check(subject: &str, body: &str) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    if subject.trim().is_empty() {
        errors.insert("subject".into(), "required".into());
    } else if subject.chars().count() > 200 {
        errors.insert("subject".into(), "too_long".into());
    }
    if body.trim().is_empty() {
        errors.insert("body".into(), "required".into());
    } else if body.chars().count() > 20_000 {
        errors.insert("body".into(), "too_long".into());
    }
    if !errors.is_empty() {
        return Err(AppError::Form(errors));
    }
    Ok(())
}

/// Puts a failed email back in line for delivery now. Returns the event's slug.
pub async fn retry(ctx: &Ctx, who: Principal, outbox_id: i64) -> Result<String, AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let Some((Some(event_id), status)) = outbox::event_and_status(conn, outbox_id).await? else {
                    return Err(AppError::NotFound);
                };
                who.ensure_manage(event_id)?;
                if status != "failed" {
                    return Err(AppError::Conflict("only failed emails can be retried"));
                }
                outbox::requeue(conn, outbox_id, now).await?;
                audit::record(conn, &who, "email.retry", Some(event_id), &format!("outbox {outbox_id}"), now).await?;
                Ok(events::by_id(conn, event_id).await?.slug)
            })
        })
        .await
}
