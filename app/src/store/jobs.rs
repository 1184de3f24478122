//! Background jobs on one instance at a time. Each job has a lease in the database; an
//! instance runs the job only while it holds the lease, renewing it each time it runs, so
//! several instances on one PostgreSQL database do not run the same job together, and when
//! the holder stops, another takes the job over once its lease has run out.
use super::{BoxFuture, Conn, Store};
use crate::{error::AppError, sql};

/// Takes (or renews) the lease of `name` for `holder` until `now + seconds`, unless another
/// holder's lease is still running. Returns whether `holder` has it now.
pub async fn take(conn: &mut Conn, name: &str, holder: &str, now: i64, seconds: i64) -> Result<bool, AppError> {
    conn.execute(sql!("INSERT INTO job_leases (name, holder, until) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING", name, holder))
        .await?;
    let taken = conn
        .execute(sql!(
            "UPDATE job_leases SET holder = $2, until = $3 WHERE name = $1 AND (holder = $2 OR until <= $4)",
            name,
            holder,
            now + seconds,
            now
        ))
        .await?;
    Ok(taken == 1)
}

/// Whether this instance (`holder`) should run job `name` now. The lease lasts `seconds`,
/// longer than the time between runs, so the holder keeps it while it lives.
pub async fn lead(store: &Store, name: &'static str, holder: String, now: i64, seconds: i64) -> Result<bool, AppError> {
    store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { take(conn, name, &holder, now, seconds).await }) }).await
}
