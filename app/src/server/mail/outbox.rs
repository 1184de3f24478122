//! The outbox table: an email is enqueued inside the transaction of the change that causes it,
//! and the worker claims, delivers and settles it.
use crate::server::AppError;
use crate::server::db::Conn;

/// An email to enqueue.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub kind: &'static str,
    pub registration_id: Option<i64>,
    pub event_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub ics: Option<String>,
}

/// A claimed row on its way out.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub attempts: i64,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Sent,
    Retry { error: String },
    Failed { error: String },
}

/// Attempts after which a temporarily failing email is given up (about a day of retries).
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a claimed email is reserved for the worker that claimed it. A worker that dies
/// mid-send leaves it to be claimed again after this.
pub const LEASE_SECONDS: i64 = 300;

pub async fn enqueue(conn: &mut Conn, email: &OutgoingEmail, now: i64) -> Result<i64, AppError> {
    let id = sqlx::query_scalar(
        "INSERT INTO outbox (registration_id, event_id, kind, recipient, subject, body_text, body_html, ics, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(email.registration_id)
    .bind(email.event_id)
    .bind(email.kind)
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(&email.ics)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Queues many emails in one statement (a batch's), due now.
pub async fn enqueue_many(conn: &mut Conn, emails: &[OutgoingEmail], now: i64) -> Result<(), AppError> {
    if emails.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = emails
        .iter()
        .map(|e| serde_json::json!([e.registration_id, e.event_id, e.kind, e.recipient, e.subject, e.text, e.html, e.ics]))
        .collect();
    sqlx::query(
        "INSERT INTO outbox (registration_id, event_id, kind, recipient, subject, body_text, body_html, ics, next_attempt_at, created_at)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, ?2, ?2 FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due emails: pending ones, and ones whose claim lapsed.
pub async fn claim_due(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<OutboxRow>, AppError> {
    Ok(sqlx::query_as(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?
         WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
                      ORDER BY next_attempt_at, id LIMIT ?)
         RETURNING id, recipient, subject, body_text, body_html, ics, attempts",
    )
    .bind(now + LEASE_SECONDS)
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// When the next attempt after `attempts` failed ones is due: 30 s, 1 min, 2 min, ... at most 1 h.
pub fn backoff_seconds(attempts: i64) -> i64 {
    (30_i64 << (attempts - 1).clamp(0, 7)).min(3600)
}

pub async fn settle(conn: &mut Conn, id: i64, attempts: i64, outcome: &Outcome, now: i64) -> Result<(), AppError> {
    let q = match outcome {
        Outcome::Sent => sqlx::query("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").bind(now).bind(id),
        Outcome::Retry { error } if attempts < MAX_ATTEMPTS => {
            sqlx::query("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?")
                .bind(now + backoff_seconds(attempts))
                .bind(error)
                .bind(id)
        }
        Outcome::Retry { error } | Outcome::Failed { error } => {
            sqlx::query("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?").bind(error).bind(id)
        }
    };
    q.execute(conn).await?;
    Ok(())
}

/// Marks many delivered emails sent in one statement (a rush sends thousands a second).
pub async fn settle_sent(conn: &mut Conn, ids: &[i64], now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = ?2, last_error = NULL WHERE id IN (SELECT value FROM json_each(?1))")
        .bind(serde_json::to_string(ids).map_err(AppError::internal)?)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// When the earliest waiting email is due, if any.
pub async fn next_due(pool: &crate::server::db::ReadPool) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('pending', 'sending')").fetch_one(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(2), 60);
        assert_eq!(backoff_seconds(5), 480);
        assert_eq!(backoff_seconds(8), 3600);
        assert_eq!(backoff_seconds(MAX_ATTEMPTS), 3600);
    }
}
