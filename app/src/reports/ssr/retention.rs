//! Keep the counts, not the people: erasing a registration's personal data (names, address,
//! organisation, job title, needs, notes, its links and emails) while its country,
//! organisation type, gender, state, sessions and check-ins stay, so every tally and report
//! reads the same afterwards. Used by the retention job (an event's `retention_days` after its
//! end) and by a participant erasing their own registration.
use crate::server::db::Conn;
use crate::server::{AppError, AppState, db::BoxFuture};
use std::time::Duration;

/// Erases the registrations that `select` (a `SELECT id FROM registrations ...` with one `?`
/// bound to `arg`) finds and that are not erased yet. Returns how many were erased.
async fn erase_where(conn: &mut Conn, select: &str, arg: i64, now: i64) -> Result<u64, AppError> {
    sqlx::query("CREATE TEMP TABLE IF NOT EXISTS erasing (id INTEGER PRIMARY KEY)").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM temp.erasing").execute(&mut *conn).await?;
    let found = sqlx::query(&format!(
        "INSERT INTO temp.erasing (id) SELECT id FROM ({select}) WHERE id IN (SELECT id FROM registrations WHERE erased_at IS NULL)"
    ))
    .bind(arg)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if found == 0 {
        return Ok(0);
    }
    // The address stays unique per event for the one-registration-per-person rule: an erased
    // row gets a placeholder no person can type.
    sqlx::query(
        "UPDATE registrations SET given_name = '', family_name = '', email = '', email_norm = 'erased:' || id,
                organization = '', job_title = '', accessibility_needs = '', dietary_needs = '', decision_note = '',
                checkin_code = NULL, erased_at = ?1, updated_at = ?1
         WHERE id IN (SELECT id FROM temp.erasing)",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for statement in [
        "DELETE FROM tokens WHERE registration_id IN (SELECT id FROM temp.erasing)",
        // Sent emails hold the name and address; the mail log keeps nothing of an erased person.
        "DELETE FROM outbox WHERE registration_id IN (SELECT id FROM temp.erasing)",
        // Decisions were logged with the address: keep the action, drop the address and note.
        "UPDATE audit_log SET detail = 'registration ' || substr(detail, 14, instr(substr(detail, 14), ' ') - 1) || ' (erased)'
         WHERE detail LIKE 'registration % (%'
           AND CAST(substr(detail, 14, instr(substr(detail, 14), ' ') - 1) AS INTEGER) IN (SELECT id FROM temp.erasing)",
        "DELETE FROM temp.erasing",
    ] {
        sqlx::query(statement).execute(&mut *conn).await?;
    }
    Ok(found)
}

/// Erases one registration's personal data.
pub async fn erase_one(conn: &mut Conn, registration_id: i64, now: i64) -> Result<u64, AppError> {
    erase_where(conn, "SELECT id FROM registrations WHERE id = ?", registration_id, now).await
}

/// Erases the personal data of every event whose retention period has passed.
pub async fn erase_due(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    erase_where(
        conn,
        "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
         WHERE e.retention_days IS NOT NULL AND e.ends_at + e.retention_days * 86400 <= ?",
        now,
        now,
    )
    .await
}

/// One run of the retention job.
pub async fn run_once(state: &AppState) -> Result<u64, AppError> {
    let now = state.clock.now();
    let erased = state.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { erase_due(conn, now).await }) }).await?;
    if erased > 0 {
        tracing::info!(erased, "retention: erased the personal data of registrations past their event's retention period");
    }
    Ok(erased)
}

/// Runs the retention job at start and then every hour.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_once(&state).await {
                tracing::error!(error = %e, "retention job failed");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}
