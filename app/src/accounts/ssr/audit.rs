//! The audit log: every organizer action, written in the transaction of the change itself,
//! so the log and the data never disagree.
use super::{principal::Principal, storage};
use crate::{error::AppError, store::Conn};

pub async fn record(conn: &mut Conn, who: &Principal, action: &str, event_id: Option<i64>, detail: &str, now: i64) -> Result<(), AppError> {
    storage::insert_audit(conn, now, Some(who.user_id), &who.email, action, event_id, None, detail).await
}

/// A line about one registration, so erasing the registration can clean it.
pub async fn record_about(
    conn: &mut Conn,
    who: &Principal,
    action: &str,
    event_id: Option<i64>,
    registration_id: i64,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    storage::insert_audit(conn, now, Some(who.user_id), &who.email, action, event_id, Some(registration_id), detail).await
}

/// A line about a change the participant made through their manage link (no account).
pub async fn record_by_participant(
    conn: &mut Conn,
    action: &str,
    event_id: i64,
    registration_id: i64,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    storage::insert_audit(conn, now, None, "participant", action, Some(event_id), Some(registration_id), detail).await
}

/// A line about a change a government's focal point made through their nomination link (no
/// account): the actor is the focal point by number, so the log holds no name or address.
pub async fn record_by_focal_point(
    conn: &mut Conn,
    focal_point: i64,
    action: &str,
    event_id: i64,
    registration_id: Option<i64>,
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    storage::insert_audit(conn, now, None, &format!("focal point {focal_point}"), action, Some(event_id), registration_id, detail).await
}
