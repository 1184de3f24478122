//! Email as the event's mail page shows it: delivery per message and in total (sent, waiting,
//! failed with the reason). (Sending and retrying are `registrations::ssr::messages`.)
use super::events::{managed, summary};
use crate::{
    accounts::ssr::Principal,
    admin::{Delivery, FailedEmail, MailPage, MessageLine},
    error::AppError,
    i18n::Locale,
    mail::outbox,
    store::Store,
};

fn delivery(states: Vec<(String, i64)>) -> Delivery {
    let mut d = Delivery::default();
    for (status, n) in states {
        match status.as_str() {
            "sent" => d.sent += n,
            "failed" => d.failed += n,
            _ => d.waiting += n,
        }
    }
    d
}

fn utc(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

pub async fn page(store: &Store, who: &Principal, slug: &str, loc: Locale) -> Result<MailPage, AppError> {
    let mut conn = store.read().await?;
    let event = managed(&mut conn, who, slug).await?;
    let total = delivery(outbox::states(&mut conn, event.id, None).await?);
    let mut messages = Vec::new();
    for (id, subject, at) in outbox::messages(&mut conn, event.id).await? {
        let d = delivery(outbox::states(&mut conn, event.id, Some(id)).await?);
        messages.push(MessageLine { id, subject, at: utc(at), delivery: d });
    }
    let failed = outbox::failed(&mut conn, event.id).await?;
    Ok(MailPage {
        event: summary(&mut conn, who, &event, loc).await?,
        total,
        messages,
        failed: failed
            .into_iter()
            .map(|f| FailedEmail {
                id: f.id,
                recipient: f.recipient,
                subject: f.subject,
                kind: f.kind,
                error: f.last_error.unwrap_or_default(),
                attempts: f.attempts,
            })
            .collect(),
    })
}
