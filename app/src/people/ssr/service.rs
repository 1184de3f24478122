//! The person's page and the merge of two addresses. Both start from a registration the
//! account may manage; the page lists only registrations in events the account manages, and
//! an address can only be merged in when it registered for one of them.
use super::storage;
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{Email, RegistrationStatus},
    error::AppError,
    events::ssr::storage as events,
    i18n::Locale,
    locale::country_name,
    people::{PersonLine, PersonPage},
    registrations::ssr::organizer::owned,
    store::{BoxFuture, Store},
    time_fmt,
};

pub async fn page(store: &Store, who: &Principal, id: i64, loc: Locale) -> Result<PersonPage, AppError> {
    let mut conn = store.read().await?;
    owned(&mut conn, who, id).await?;
    let key = storage::key_of(&mut conn, id).await?;
    let mut lines = Vec::new();
    let mut addresses = vec![key.clone()];
    let mut name = String::new();
    for p in storage::registrations_of(&mut conn, &key).await? {
        let email_norm = p.email.to_lowercase();
        if !addresses.contains(&email_norm) {
            addresses.push(email_norm);
        }
        if p.id == id {
            name = format!("{} {}", p.given_name, p.family_name);
        }
        if !who.can_manage(p.event_id) {
            continue;
        }
        let e = events::by_id(&mut conn, p.event_id).await?;
        lines.push(PersonLine {
            registration: p.id,
            event: e.title,
            when: time_fmt::date_range(e.starts_at, e.ends_at, &e.timezone, loc),
            email: p.email,
            organization: p.organization,
            country: country_name(&p.country, loc),
            status: RegistrationStatus::parse(&p.status).unwrap_or(RegistrationStatus::Confirmed),
            attended: p.attended,
        });
    }
    Ok(PersonPage { id, name, addresses, lines })
}

fn refused(code: &str) -> AppError {
    AppError::Form([("email".to_owned(), code.to_owned())].into_iter().collect())
}

/// Counts the person of `email` as the person of registration `id` from now on (in every
/// count and on their page); merges into that address follow it.
pub async fn merge(ctx: &Ctx, who: Principal, id: i64, email: String) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: a stranger learns nothing from how their form is refused.
                let (_, event) = owned(conn, &who, id).await?;
                let other = Email::parse(&email).map_err(|_| refused("invalid_email"))?.normalized();
                let into = storage::key_of(conn, id).await?;
                let seen = storage::address_known(conn, &other).await?;
                if !seen.iter().any(|e| who.can_manage(*e)) {
                    return Err(refused("unknown_person"));
                }
                if other == into {
                    return Err(refused("same_person"));
                }
                storage::merge(conn, &other, &into, who.user_id, now).await?;
                // Names which registration, never the addresses.
                let detail = format!("registration {id}: another address of this person merged in");
                audit::record_about(conn, &who, "person.merge", Some(event.id), id, &detail, now).await
            })
        })
        .await
}
