//! The delivery worker: claims due emails from the outbox, sends them, and records the outcome.
//! It wakes when a write commits, and otherwise when the next retry falls due.
use super::{
    backend::{Envelope, Mailer, SendError},
    outbox::{self, Outcome},
};
use crate::server::{AppState, db::BoxFuture};
use std::time::Duration;

/// How often the worker looks even when nothing woke it; bounds the delay after a restart.
const IDLE_POLL: Duration = Duration::from_secs(10);
const BATCH: i64 = 32;

/// Runs until the process ends.
pub async fn run(state: AppState, mailer: Mailer) {
    let wake = state.store.committed();
    loop {
        // Claiming is a write, and every commit wakes this worker: look first (a read), so
        // an idle worker does not wake itself with empty claims forever.
        let due = outbox::next_due(state.store.reader()).await;
        if matches!(due, Ok(Some(at)) if at <= state.clock.now()) {
            match deliver_due(&state, &mailer).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    e.log();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        let wait = match due {
            Ok(Some(due)) => Duration::from_secs((due - state.clock.now()).clamp(0, IDLE_POLL.as_secs() as i64) as u64),
            _ => IDLE_POLL,
        };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Delivers one batch of due emails; returns how many were attempted.
pub async fn deliver_due(state: &AppState, mailer: &Mailer) -> Result<usize, crate::server::AppError> {
    let now = state.clock.now();
    let claimed = state.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(outbox::claim_due(conn, now, BATCH)) }).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut results = Vec::with_capacity(claimed.len());
    for row in &claimed {
        let envelope = Envelope {
            from: &state.config.mail_from,
            to: &row.recipient,
            subject: &row.subject,
            text: &row.body_text,
            html: &super::templates::expand_qr(&row.body_html),
            ics: row.ics.as_deref(),
        };
        let outcome = match mailer.send(&envelope).await {
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
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let sent: Vec<i64> = results.iter().filter(|(_, _, o)| matches!(o, Outcome::Sent)).map(|(id, _, _)| *id).collect();
                outbox::settle_sent(conn, &sent, now).await?;
                for (id, attempts, outcome) in results.iter().filter(|(_, _, o)| !matches!(o, Outcome::Sent)) {
                    outbox::settle(conn, *id, *attempts, outcome, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(n)
}
