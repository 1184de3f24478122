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
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        name: String,
        email: String,
        role: String,
        all_events: bool,
        events: Option<String>,
        invited: bool,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, u.role, u.all_events,
                (SELECT group_concat(e.slug, ', ') FROM user_events ue JOIN events e ON e.id = ue.event_id WHERE ue.user_id = u.id) AS events,
                u.password_hash IS NULL AS invited
         FROM users u WHERE u.disabled_at IS NULL ORDER BY u.name COLLATE NOCASE",
    )
    .fetch_all(state.store.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let role = Role::parse(&r.role).unwrap_or(Role::Checkin);
            let events = if role == Role::Admin || r.all_events { "all".to_owned() } else { r.events.unwrap_or_default() };
            Account { id: r.id, name: r.name, email: r.email, role, events, invited: r.invited }
        })
        .collect())
}

pub async fn tokens(state: &AppState, who: &Principal) -> Result<Vec<TokenLine>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        label: String,
        created_at: i64,
        last_used_at: Option<i64>,
        revoked_at: Option<i64>,
    }
    let rows: Vec<Row> =
        sqlx::query_as("SELECT id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC")
            .bind(who.user_id)
            .fetch_all(state.store.reader())
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| TokenLine {
            id: r.id,
            label: r.label,
            created: utc(r.created_at),
            last_used: r.last_used_at.map(utc).unwrap_or_default(),
            revoked: r.revoked_at.is_some(),
        })
        .collect())
}
