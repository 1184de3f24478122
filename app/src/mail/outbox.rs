//! The outbox: an email is enqueued inside the transaction of the change that causes it, and
//! a worker claims, delivers and settles it. Claims hold a lease: on PostgreSQL they skip rows
//! another instance's claim has locked (`FOR UPDATE SKIP LOCKED`), and an email whose claimer
//! died is claimed again once its lease has run out.
use crate::{
    error::AppError,
    sql,
    store::{Conn, Engine},
};

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
    /// The document (a certificate) to render and attach when sending.
    pub document_id: Option<i64>,
    pub kind: String,
    pub event_id: Option<i64>,
    pub registration_id: Option<i64>,
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
    conn.scalar(sql!(
        "INSERT INTO outbox (registration_id, event_id, kind, recipient, subject, body_text, body_html, ics, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        email.registration_id,
        email.event_id,
        email.kind,
        &email.recipient,
        &email.subject,
        &email.text,
        &email.html,
        &email.ics,
        now
    ))
    .await
}

/// Queues many emails in one statement (a batch's), due now.
pub async fn enqueue_many(conn: &mut Conn, emails: &[OutgoingEmail], now: i64) -> Result<(), AppError> {
    if emails.is_empty() {
        return Ok(());
    }
    let q = match conn.engine() {
        Engine::Sqlite => {
            let rows: Vec<_> = emails
                .iter()
                .map(|e| serde_json::json!([e.registration_id, e.event_id, e.kind, e.recipient, e.subject, e.text, e.html, e.ics]))
                .collect();
            sql!(
                "INSERT INTO outbox (registration_id, event_id, kind, recipient, subject, body_text, body_html, ics, next_attempt_at, created_at)
                 SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, $2, $2 FROM json_each($1)",
                serde_json::Value::Array(rows).to_string(),
                now
            )
        }
        Engine::Postgres => {
            let text = |f: &dyn Fn(&OutgoingEmail) -> String| emails.iter().map(f).collect::<Vec<String>>();
            sql!(
                "INSERT INTO outbox (registration_id, event_id, kind, recipient, subject, body_text, body_html, ics, next_attempt_at, created_at)
                 SELECT r, e, k, t, s, b, h, i, $9, $9
                 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                      AS x(r, e, k, t, s, b, h, i)",
                emails.iter().map(|e| e.registration_id).collect::<Vec<Option<i64>>>(),
                emails.iter().map(|e| e.event_id).collect::<Vec<Option<i64>>>(),
                text(&|e| e.kind.to_owned()),
                text(&|e| e.recipient.clone()),
                text(&|e| e.subject.clone()),
                text(&|e| e.text.clone()),
                text(&|e| e.html.clone()),
                emails.iter().map(|e| e.ics.clone()).collect::<Vec<Option<String>>>(),
                now
            )
        }
    };
    conn.execute(q).await?;
    Ok(())
}

/// Claims up to `limit` due emails: pending ones, and ones whose claim lapsed.
pub async fn claim_due(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<OutboxRow>, AppError> {
    conn.fetch_all(sql!(
        // SQLite has one writer, so nobody else can be claiming; PostgreSQL instances claim
        // side by side and each skips the rows the others are taking.
        sqlite: "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1
                 WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $2
                              ORDER BY next_attempt_at, id LIMIT $3)
                 RETURNING id, recipient, subject, body_text, body_html, ics, attempts, document_id, kind, event_id, registration_id",
        postgres: "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1
                   WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $2
                                ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
                   RETURNING id, recipient, subject, body_text, body_html, ics, attempts, document_id, kind, event_id, registration_id";
        now + LEASE_SECONDS,
        now,
        limit
    ))
    .await
}

/// When the next attempt after `attempts` failed ones is due: 30 s, 1 min, 2 min, ... at most 1 h.
pub fn backoff_seconds(attempts: i64) -> i64 {
    (30_i64 << (attempts - 1).clamp(0, 7)).min(3600)
}

pub async fn settle(conn: &mut Conn, id: i64, attempts: i64, outcome: &Outcome, now: i64) -> Result<(), AppError> {
    let q = match outcome {
        Outcome::Sent => sql!("UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL WHERE id = $2", now, id),
        Outcome::Retry { error } if attempts < MAX_ATTEMPTS => sql!(
            "UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2 WHERE id = $3",
            now + backoff_seconds(attempts),
            error,
            id
        ),
        Outcome::Retry { error } | Outcome::Failed { error } => {
            sql!("UPDATE outbox SET status = 'failed', last_error = $1 WHERE id = $2", error, id)
        }
    };
    conn.execute(q).await?;
    Ok(())
}

/// Marks many delivered emails sent in one statement (a rush sends thousands a second).
pub async fn settle_sent(conn: &mut Conn, ids: Vec<i64>, now: i64) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    conn.execute(sql!("UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = ANY($1)", ids, now)).await?;
    Ok(())
}

/// When the earliest waiting email is due, if any.
pub async fn next_due(conn: &mut Conn) -> Result<Option<i64>, AppError> {
    conn.scalar(sql!("SELECT MIN(next_attempt_at) FROM outbox WHERE status IN ('pending', 'sending')")).await
}

/// A registration's emails, for its data download.
#[derive(Debug, sqlx::FromRow)]
pub struct Sent {
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub sent_at: Option<i64>,
}

pub async fn of_registration(conn: &mut Conn, reg_id: i64) -> Result<Vec<Sent>, AppError> {
    conn.fetch_all(sql!("SELECT kind, subject, status, sent_at FROM outbox WHERE registration_id = $1 ORDER BY id", reg_id)).await
}

// ---- Messages organizers send, and delivery as they see it ----

pub async fn insert_message(conn: &mut Conn, event_id: i64, subject: &str, body: &str, by: i64, now: i64) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "INSERT INTO messages (event_id, subject, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        event_id,
        subject,
        body,
        by,
        now
    ))
    .await
}

/// Attaches a document to a queued email: the worker renders it when it sends the email.
pub async fn set_document(conn: &mut Conn, outbox_id: i64, document_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE outbox SET document_id = $1 WHERE id = $2", document_id, outbox_id)).await?;
    Ok(())
}

pub async fn set_message(conn: &mut Conn, outbox_id: i64, message_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE outbox SET message_id = $1 WHERE id = $2", message_id, outbox_id)).await?;
    Ok(())
}

/// Emails per state: of an event (`message` None) or of one message.
pub async fn states(conn: &mut Conn, event_id: i64, message: Option<i64>) -> Result<Vec<(String, i64)>, AppError> {
    match message {
        None => conn.fetch_all(sql!("SELECT status, COUNT(*) FROM outbox WHERE event_id = $1 GROUP BY status", event_id)).await,
        Some(m) => conn.fetch_all(sql!("SELECT status, COUNT(*) FROM outbox WHERE message_id = $1 GROUP BY status", m)).await,
    }
}

/// The event's messages, latest first: (id, subject, sent at).
pub async fn messages(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, String, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT id, subject, created_at FROM messages WHERE event_id = $1 ORDER BY id DESC", event_id)).await
}

/// An email that could not be delivered.
#[derive(Debug, sqlx::FromRow)]
pub struct Failed {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub kind: String,
    pub last_error: Option<String>,
    pub attempts: i64,
}

pub async fn failed(conn: &mut Conn, event_id: i64) -> Result<Vec<Failed>, AppError> {
    conn.fetch_all(sql!(
        "SELECT id, recipient, subject, kind, last_error, attempts FROM outbox WHERE event_id = $1 AND status = 'failed'
         ORDER BY id DESC LIMIT 500",
        event_id
    ))
    .await
}

/// An email's event and state.
pub async fn event_and_status(conn: &mut Conn, id: i64) -> Result<Option<(Option<i64>, String)>, AppError> {
    conn.fetch_optional(sql!("SELECT event_id, status FROM outbox WHERE id = $1", id)).await
}

/// Puts an email back in line for delivery now, its attempts counted afresh.
pub async fn requeue(conn: &mut Conn, id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1 WHERE id = $2", now, id)).await?;
    Ok(())
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
