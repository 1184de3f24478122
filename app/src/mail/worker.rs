//! The delivery worker: claims due emails from the outbox, sends them, and records the outcome.
//! It wakes when a write commits, and otherwise when the next retry falls due. Every instance
//! runs one; on PostgreSQL their claims skip each other's rows, so each email goes out once.
//! Claims and outcomes are written beside the store's writer (`Store::write_apart`), so the
//! worker never waits behind a rush of registrations.
use super::{
    backend::{Envelope, Mailer, SendError},
    outbox::{self, Outcome},
};
use crate::{clock::Clock, error::AppError, store::BoxFuture, store::Store};
use std::{sync::Arc, time::Duration};

/// What the worker needs.
#[derive(Clone)]
pub struct Worker {
    pub store: Store,
    pub clock: Clock,
    /// The sender of every email.
    pub from: Arc<str>,
    pub mailer: Mailer,
    /// What an email carries besides its stored body, made when it is sent (a certificate).
    pub attach: Attach,
}

/// A file attached to an email: its name and bytes.
pub type Attachment = (String, Vec<u8>);

/// Makes the attachment of a claimed email, if it has one. Given by the concept that owns
/// the document (`documents::ssr::attachments`), so the mail layer knows no concept.
pub type Attach = Arc<dyn Fn(outbox::OutboxRow) -> BoxFuture<'static, Result<Option<Attachment>, AppError>> + Send + Sync>;

/// How often the worker looks even when nothing woke it; bounds the delay after a restart.
const IDLE_POLL: Duration = Duration::from_secs(10);
const BATCH: i64 = 32;

/// Runs until the process ends.
pub async fn run(w: Worker) {
    let wake = w.store.committed();
    loop {
        // Claiming is a write, and every commit wakes this worker: look first (a read), so
        // an idle worker does not wake itself with empty claims forever.
        let due = match w.store.read().await {
            Ok(mut conn) => outbox::next_due(&mut conn).await,
            Err(e) => Err(e),
        };
        if matches!(due, Ok(Some(at)) if at <= w.clock.now()) {
            match deliver_due(&w).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    e.log();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        let wait = match due {
            Ok(Some(due)) => Duration::from_secs((due - w.clock.now()).clamp(0, IDLE_POLL.as_secs() as i64) as u64),
            _ => IDLE_POLL,
        };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Delivers one batch of due emails; returns how many were attempted.
pub async fn deliver_due(w: &Worker) -> Result<usize, AppError> {
    let now = w.clock.now();
    let claimed = w.store.write_apart(move |conn| -> BoxFuture<'_, _> { Box::pin(outbox::claim_due(conn, now, BATCH)) }).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut results = Vec::with_capacity(claimed.len());
    for row in &claimed {
        // A certificate is rendered now, not stored: queuing a thousand costs no PDFs.
        let attachment = match (w.attach)(row.clone()).await {
            Ok(a) => a,
            Err(e) => {
                e.log();
                results.push((row.id, row.attempts, Outcome::Retry { error: "the attached document could not be made".into() }));
                continue;
            }
        };
        let envelope = Envelope {
            from: &w.from,
            to: &row.recipient,
            subject: &row.subject,
            text: &row.body_text,
            html: &super::templates::expand_qr(&row.body_html),
            ics: row.ics.as_deref(),
            attachment: attachment.as_ref().map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
        };
        let outcome = match w.mailer.send(&envelope).await {
            Ok(()) => Outcome::Sent,
            Err(SendError::Transient(error)) => {
                tracing::warn!(email_id = row.id, attempt = row.attempts, %error, "email delivery failed; will retry");
                Outcome::Retry { error }
            }
            Err(SendError::Permanent(error)) => {
                tracing::warn!(email_id = row.id, %error, "email refused permanently");
                Outcome::Failed { error }
            }
        };
        results.push((row.id, row.attempts, outcome));
    }
    let n = results.len();
    let now = w.clock.now();
    w.store
        .write_apart(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let sent: Vec<i64> = results.iter().filter(|(_, _, o)| matches!(o, Outcome::Sent)).map(|(id, _, _)| *id).collect();
                outbox::settle_sent(conn, sent, now).await?;
                for (id, attempts, outcome) in results.iter().filter(|(_, _, o)| !matches!(o, Outcome::Sent)) {
                    outbox::settle(conn, *id, *attempts, outcome, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(n)
}
