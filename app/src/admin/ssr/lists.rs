//! Lists for administrators (accounts, the audit log) and for every account (its API tokens).
use crate::{
    accounts::ssr::Principal,
    admin::{Account, AuditLine, TokenLine},
    domain::Role,
    server::{AppError, AppState},
};

fn utc(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

pub async fn audit(state: &AppState, who: &Principal, event: Option<String>) -> Result<Vec<AuditLine>, AppError> {
    who.ensure_admin()?;
    let rows: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT a.at, a.actor, a.action, e.slug, a.detail FROM audit_log a LEFT JOIN events e ON e.id = a.event_id
         WHERE ?1 IS NULL OR e.slug = ?1 ORDER BY a.id DESC LIMIT 500",
    )
    .bind(event)
    .fetch_all(state.store.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, event, detail)| AuditLine { at: utc(at), actor, action, event: event.unwrap_or_default(), detail })
        .collect())
}

pub async fn accounts(state: &AppState, who: &Principal) -> Result<Vec<Account>, AppError> {
    who.ensure_admin()?;
    let rows: Vec<(i64, String, String, String, bool, Option<String>, bool)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.role, u.all_events,
                (SELECT group_concat(e.slug, ', ') FROM user_events ue JOIN events e ON e.id = ue.event_id WHERE ue.user_id = u.id),
                u.password_hash IS NULL
         FROM users u WHERE u.disabled_at IS NULL ORDER BY u.name COLLATE NOCASE",
    )
    .fetch_all(state.store.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, role, all, events, invited)| {
            let role = Role::parse(&role).unwrap_or(Role::Checkin);
            let events = if role == Role::Admin || all { "all".to_owned() } else { events.unwrap_or_default() };
            Account { id, name, email, role, events, invited }
        })
        .collect())
}

pub async fn tokens(state: &AppState, who: &Principal) -> Result<Vec<TokenLine>, AppError> {
    let rows: Vec<(i64, String, i64, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC")
            .bind(who.user_id)
            .fetch_all(state.store.reader())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, label, created, used, revoked)| TokenLine {
            id,
            label,
            created: utc(created),
            last_used: used.map(utc).unwrap_or_default(),
            revoked: revoked.is_some(),
        })
        .collect())
}
