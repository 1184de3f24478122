//! Lists for administrators (accounts, the audit log) and for every account (its API tokens).
use crate::{
    accounts::ssr::{Principal, storage},
    admin::{Account, AuditLine, TokenLine},
    domain::Role,
    error::AppError,
    store::Store,
};

fn utc(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

pub async fn audit(store: &Store, who: &Principal, event: Option<String>) -> Result<Vec<AuditLine>, AppError> {
    who.ensure_admin()?;
    let rows = storage::audit_lines(&mut store.read().await?, event).await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, event, detail)| AuditLine { at: utc(at), actor, action, event: event.unwrap_or_default(), detail })
        .collect())
}

pub async fn accounts(store: &Store, who: &Principal) -> Result<Vec<Account>, AppError> {
    who.ensure_admin()?;
    let rows = storage::accounts(&mut store.read().await?).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let all_events = r.role == Role::Admin || r.all_events;
            let events = if all_events { String::new() } else { r.events.unwrap_or_default() };
            Account {
                id: r.id,
                name: r.name,
                email: r.email,
                role: r.role,
                events,
                all_events,
                invited: r.invited,
                disabled: r.disabled,
                me: r.id == who.user_id,
            }
        })
        .collect())
}

pub async fn tokens(store: &Store, who: &Principal, now: i64) -> Result<Vec<TokenLine>, AppError> {
    let rows = storage::api_tokens_of(&mut store.read().await?, who.user_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| TokenLine {
            id: r.id,
            label: r.label,
            created: utc(r.created_at),
            last_used: r.last_used_at.map(utc).unwrap_or_default(),
            expires: r.expires_at.map(utc).unwrap_or_default(),
            revoked: r.revoked_at.is_some() || r.expires_at.is_some_and(|t| t <= now),
        })
        .collect())
}
