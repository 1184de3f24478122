//! Email as organizers see it: messages to the participants a filter shows, sent through the
//! outbox; delivery per message and per event (sent, waiting, failed with the reason); and
//! retrying failed emails of any kind.
use super::{events::managed, registrations::filters};
use crate::server::db::Conn;
use crate::{
    accounts::ssr::{Principal, audit},
    admin::{Delivery, FailedEmail, MailPage, MessageLine, RegQuery},
    events::ssr as events,
    i18n::Locale,
    registrations::ssr::{Ctx, emails, rows},
    server::{AppError, AppState, db::BoxFuture, mail::outbox, mail::templates},
};
use sqlx::{QueryBuilder, Sqlite};

/// Sends `subject`/`body` to every registration the filter shows (cancelled, rejected and
/// expired ones only when the filter asks for that state). Returns how many emails were queued.
pub async fn send(
    state: &AppState,
    who: Principal,
    slug: String,
    query: RegQuery,
    subject: String,
    body: String,
) -> Result<usize, AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: an account that may not manage the event learns nothing from it.
                let event = managed(conn, &who, &slug).await?;
                check_message(&subject, &body)?;
                let mut select = QueryBuilder::<Sqlite>::new("SELECT r.id FROM registrations r");
                filters(&mut select, event.id, &query);
                if query.status.trim().is_empty() {
                    select.push(" AND r.status NOT IN ('cancelled', 'rejected', 'expired')");
                }
                let ids: Vec<i64> = select.build_query_scalar().fetch_all(&mut *conn).await?;
                let message_id: i64 = sqlx::query_scalar(
                    "INSERT INTO messages (event_id, subject, body, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(event.id)
                .bind(subject.trim())
                .bind(&body)
                .bind(who.user_id)
                .bind(ctx.now)
                .fetch_one(&mut *conn)
                .await?;
                for id in &ids {
                    let reg = rows::by_id(conn, *id).await?;
                    let to = reg.addressee();
                    let manage = emails::manage_url(conn, &ctx, &event, *id).await?;
                    let email = templates::organizers_message(&event.facts(to.locale), &to, subject.trim(), &body, &manage);
                    let outbox_id = outbox::enqueue(conn, &email, ctx.now).await?;
                    sqlx::query("UPDATE outbox SET message_id = ? WHERE id = ?")
                        .bind(message_id)
                        .bind(outbox_id)
                        .execute(&mut *conn)
                        .await?;
                }
                let detail = format!("message {message_id} to {} recipients: {}", ids.len(), subject.trim());
                audit::record(conn, &who, "message.send", Some(event.id), &detail, ctx.now).await?;
                Ok(ids.len())
            })
        })
        .await
}

fn check_message(subject: &str, body: &str) -> Result<(), AppError> {
    let mut errors = crate::admin::FormErrors::new();
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

async fn delivery(conn: &mut Conn, sql: &str, id: i64) -> Result<Delivery, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(sql).bind(id).fetch_all(&mut *conn).await?;
    let mut d = Delivery::default();
    for (status, n) in rows {
        match status.as_str() {
            "sent" => d.sent += n,
            "failed" => d.failed += n,
            _ => d.waiting += n,
        }
    }
    Ok(d)
}

fn utc(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

pub async fn page(state: &AppState, who: &Principal, slug: &str, loc: Locale) -> Result<MailPage, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let event = managed(&mut conn, who, slug).await?;
    let total = delivery(&mut conn, "SELECT status, COUNT(*) FROM outbox WHERE event_id = ? GROUP BY status", event.id).await?;
    let list: Vec<(i64, String, i64)> = sqlx::query_as("SELECT id, subject, created_at FROM messages WHERE event_id = ? ORDER BY id DESC")
        .bind(event.id)
        .fetch_all(&mut *conn)
        .await?;
    let mut messages = Vec::new();
    for (id, subject, at) in list {
        let d = delivery(&mut conn, "SELECT status, COUNT(*) FROM outbox WHERE message_id = ? GROUP BY status", id).await?;
        messages.push(MessageLine { id, subject, at: utc(at), delivery: d });
    }
    let failed: Vec<(i64, String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, recipient, subject, kind, last_error, attempts FROM outbox WHERE event_id = ? AND status = 'failed' ORDER BY id DESC LIMIT 500",
    )
    .bind(event.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(MailPage {
        event: super::events::summary(&mut conn, who, &event, loc).await?,
        total,
        messages,
        failed: failed
            .into_iter()
            .map(|(id, recipient, subject, kind, error, attempts)| FailedEmail {
                id,
                recipient,
                subject,
                kind,
                error: error.unwrap_or_default(),
                attempts,
            })
            .collect(),
    })
}

/// Puts a failed email back in line for delivery now. Returns the event's slug.
pub async fn retry(state: &AppState, who: Principal, outbox_id: i64) -> Result<String, AppError> {
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let row: Option<(Option<i64>, String)> =
                    sqlx::query_as("SELECT event_id, status FROM outbox WHERE id = ?").bind(outbox_id).fetch_optional(&mut *conn).await?;
                let Some((Some(event_id), status)) = row else { return Err(AppError::NotFound) };
                who.ensure_manage(event_id)?;
                if status != "failed" {
                    return Err(AppError::Conflict("only failed emails can be retried"));
                }
                sqlx::query("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?")
                    .bind(now)
                    .bind(outbox_id)
                    .execute(&mut *conn)
                    .await?;
                audit::record(conn, &who, "email.retry", Some(event_id), &format!("outbox {outbox_id}"), now).await?;
                Ok(events::by_id(conn, event_id).await?.slug)
            })
        })
        .await
}
