//! The audit log: every organizer action, written in the transaction of the change itself,
//! so the log and the data never disagree.
use super::principal::Principal;
use crate::server::AppError;
use crate::server::db::Conn;

pub async fn record(conn: &mut Conn, who: &Principal, action: &str, event_id: Option<i64>, detail: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO audit_log (at, user_id, actor, action, event_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(now)
        .bind(who.user_id)
        .bind(&who.email)
        .bind(action)
        .bind(event_id)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
