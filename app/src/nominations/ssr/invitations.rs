//! Personal invitation links. The organizer imports a list (the import's CSV preview) and
//! each valid row becomes an invitation: a private link (a 32-byte token, only its hash
//! stored) that opens the event's form filled with the row's details. On an invitation-only
//! event nobody without such a link (or a focal point's) can register. One invitation per
//! address and event; importing the address again sends a new link in place of the old.
//!
//! The link came to the invited address, so a person who keeps that address has confirmed it
//! by registering; one who types another address confirms that one as usual.
use super::storage;
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{Field, FieldError, RegistrationInput, RegistrationStatus, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    mail::{outbox, templates},
    nominations::InvitedPage,
    registrations::ssr::{emails, service, storage as registrations},
    store::{BoxFuture, Conn},
    time_fmt,
};
use std::collections::HashSet;

/// Sends a personal invitation to each valid row of an imported list; returns how many.
pub async fn invite(ctx: Ctx, who: Principal, slug: String, text: String) -> Result<usize, AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let existing: HashSet<String> = registrations::active_emails(conn, event.id).await?.into_iter().collect();
                let rows = crate::admin::ssr::import::read(&text, &existing).map_err(AppError::Refused)?;
                let mut sent = 0;
                for (input, _) in rows.into_iter().filter(|(_, row)| row.errors.is_empty()) {
                    send(conn, &ctx, &event, &input).await?;
                    sent += 1;
                }
                audit::record(conn, &who, "registration.invite", Some(event.id), &format!("{sent} invitations sent"), ctx.now).await?;
                Ok(sent)
            })
        })
        .await
}

async fn send(conn: &mut Conn, ctx: &Ctx, event: &EventRow, input: &RegistrationInput) -> Result<(), AppError> {
    let token = crate::tokens::generate();
    let email_norm = input.email.trim().to_lowercase();
    let details = serde_json::to_string(input).map_err(|e| AppError::Internal(e.into()))?;
    storage::put_invitation(conn, event.id, &email_norm, &token.hash, &details, ctx.now).await?;
    let loc = crate::locale::locale_of(&input.language);
    let to = templates::Addressee {
        registration_id: 0,
        given_name: input.given_name.trim().to_owned(),
        email: input.email.trim().to_owned(),
        locale: loc,
    };
    let closes = event.registration_closes_at.map(|t| time_fmt::date_time(t, &event.timezone, loc));
    let mut email =
        templates::invitation(&event.facts(loc), &to, &format!("{}/invited/{}", ctx.config.base_url, token.text), closes.as_deref());
    email.registration_id = None;
    outbox::enqueue(conn, &email, ctx.now).await?;
    Ok(())
}

async fn opened(conn: &mut Conn, token: &str) -> Result<(storage::InvitationRow, EventRow), AppError> {
    let hash = crate::tokens::hash_of(token).ok_or(AppError::NotFound)?;
    let invitation = storage::invitation(conn, &hash).await?.ok_or(AppError::NotFound)?;
    let event = events::by_id(conn, invitation.event_id).await?;
    Ok((invitation, event))
}

/// Whether the invitation's registration stands (it was used, and not cancelled since).
async fn used(conn: &mut Conn, invitation: &storage::InvitationRow) -> Result<bool, AppError> {
    Ok(match invitation.registration_id {
        Some(id) => storage::is_active(conn, id).await?,
        None => false,
    })
}

async fn closed(conn: &mut Conn, event: &EventRow, now: i64) -> Result<bool, AppError> {
    let confirmed = events::confirmed_count(conn, event.id).await?;
    Ok(!event.invited_state(confirmed, now).accepts_registrations())
}

/// `/invited/:token`.
pub async fn page(ctx: &Ctx, token: &str, loc: Locale) -> Result<InvitedPage, AppError> {
    let mut conn = ctx.store.read().await?;
    let (invitation, event) = opened(&mut conn, token).await?;
    let mut details: RegistrationInput = serde_json::from_str(&invitation.details).unwrap_or_default();
    // The person ticks their own consent.
    details.consent = false;
    Ok(InvitedPage {
        registered: used(&mut conn, &invitation).await?,
        closed: closed(&mut conn, &event, ctx.now).await?,
        event: events::page(&mut conn, &event.slug, ctx.now, loc).await?,
        details,
    })
}

/// Where a registration through an invitation leads.
pub enum Registered {
    /// The invited address was kept: confirmed at once; the manage page's token.
    Confirmed(String),
    /// Another address: it is asked to confirm, as on the public form.
    CheckEmail(String),
}

/// Registers through a personal invitation.
pub async fn register(ctx: Ctx, token: String, input: RegistrationInput) -> Result<Registered, AppError> {
    ctx.store.clone().write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { register_in(conn, &ctx, &token, input).await }) }).await
}

async fn register_in(conn: &mut Conn, ctx: &Ctx, token: &str, input: RegistrationInput) -> Result<Registered, AppError> {
    let (invitation, event) = opened(conn, token).await?;
    if used(conn, &invitation).await? || closed(conn, &event, ctx.now).await? {
        return Err(AppError::Conflict("this invitation cannot be used now"));
    }
    let rules = service::form_rules(conn, event.id, Audience::Participant).await?;
    let valid = input.validate(&rules).map_err(AppError::Validation)?;
    if registrations::active_by_email(conn, event.id, &valid.email.normalized()).await?.is_some() {
        return Err(AppError::Validation([(Field::Email, FieldError::AlreadyRegistered)].into_iter().collect()));
    }
    let reg_id = service::insert_registration(conn, ctx, &event, &valid, RegistrationStatus::AwaitingEmailConfirmation).await?;
    storage::set_invitation_used(conn, invitation.id, reg_id).await?;
    if valid.email.normalized() == invitation.email_norm {
        let reg = registrations::by_id(conn, reg_id).await?;
        let manage = service::address_confirmed(conn, ctx, &event, &reg).await?;
        tracing::info!(registration = reg_id, "registered through an invitation");
        return Ok(Registered::Confirmed(manage));
    }
    emails::ask_to_confirm(conn, ctx, &event, reg_id, false).await?;
    tracing::info!(registration = reg_id, "registered through an invitation with another address");
    Ok(Registered::CheckEmail(event.slug))
}
