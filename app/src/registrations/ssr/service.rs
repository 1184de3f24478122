//! The participant's writes (register, confirm the address, change sessions, cancel) and the
//! manage page's read. Each write runs as one transaction on the store's writer.
use super::{batch::Batches, emails, seats, storage as rows};
use crate::store::Conn;
use crate::{
    context::Ctx,
    domain::{FormRules, RegistrationInput, RegistrationStatus, SessionChoiceStatus, SessionRule, check_sessions, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    mail::templates,
    questions::ssr::storage as questions,
    registrations::{ChosenSession, ManageView},
    store::BoxFuture,
    time_fmt,
};

/// Registers a person, or (when the address is already registered) emails them their link.
/// Both answer alike, so the form does not reveal who is registered.
#[tracing::instrument(skip_all, fields(event = %slug), err)]
pub async fn register(ctx: Ctx, batches: &Batches, slug: String, input: RegistrationInput) -> Result<(), AppError> {
    // Gathered with the other registrations waiting now, and stored set-based (`batch`).
    batches.registrations.submit(super::batch::Registering { ctx, slug, input }).await
}

/// The session rules of an event's programme, for checking a registration's choices.
pub fn session_rules(sessions: &[events::SessionRow]) -> Vec<SessionRule> {
    sessions.iter().map(|s| SessionRule { id: s.id, parallel_group: s.parallel_group.clone() }).collect()
}

/// What a registration for the event is checked against: its sessions and its questions, as
/// `audience` fills the form in.
pub async fn form_rules(conn: &mut Conn, event_id: i64, audience: Audience) -> Result<FormRules, AppError> {
    let sessions = session_rules(&events::sessions_of(conn, event_id).await?);
    let questions = crate::questions::ssr::storage::form_of(conn, event_id).await?;
    Ok(FormRules { sessions, questions, audience })
}

/// One registration on its own, by the rules `batch` applies set-based to the common case.
pub(super) async fn register_in(conn: &mut Conn, ctx: &Ctx, slug: &str, input: &RegistrationInput) -> Result<(), AppError> {
    let event = events::storage::published_by_slug(conn, slug).await?;
    let confirmed = events::confirmed_count(conn, event.id).await?;
    if !event.registration_state(confirmed, ctx.now).accepts_registrations() {
        return Err(AppError::Conflict("registration is closed"));
    }
    let rules = form_rules(conn, event.id, Audience::Participant).await?;
    let valid = input.validate(&rules).map_err(AppError::Validation)?;

    if let Some(existing) = rows::active_by_email(conn, event.id, &valid.email.normalized()).await? {
        let manage = emails::manage_url(conn, ctx, &event, existing.id).await?;
        let confirm = if existing.status == RegistrationStatus::AwaitingEmailConfirmation {
            Some(emails::confirm_url(conn, ctx, existing.id).await?)
        } else {
            None
        };
        let email =
            templates::already_registered(&event.facts(existing.addressee().locale), &existing.addressee(), &manage, confirm.as_deref());
        crate::mail::outbox::enqueue(conn, &email, ctx.now).await?;
        tracing::info!(email = %valid.email.redacted(), "repeated registration; sent the manage link");
        return Ok(());
    }

    let reg_id = insert_registration(conn, ctx, &event, &valid, RegistrationStatus::AwaitingEmailConfirmation).await?;
    emails::ask_to_confirm(conn, ctx, &event, reg_id, false).await?;
    tracing::info!(registration = reg_id, email = %valid.email.redacted(), "registered; awaiting email confirmation");
    Ok(())
}

/// Confirms the address behind a confirmation link: the registration takes a seat, joins the
/// waiting list, or waits for approval. Returns a fresh manage token for the page that follows.
#[tracing::instrument(skip_all, err)]
pub async fn confirm_email(ctx: Ctx, batches: &Batches, token: String) -> Result<String, AppError> {
    batches.confirmations.submit(super::batch::Confirming { ctx, token }).await
}

/// One address confirmation on its own, by the rules `batch` applies set-based to the common case.
pub(super) async fn confirm_in(conn: &mut Conn, ctx: &Ctx, token: &str) -> Result<String, AppError> {
    let (hash, token_row) = rows::token(conn, token, "confirm", ctx.now).await?;
    if token_row.used_at.is_some() {
        return Err(AppError::Gone);
    }
    let reg = rows::by_id(conn, token_row.registration_id).await?;
    if reg.status != RegistrationStatus::AwaitingEmailConfirmation {
        return Err(AppError::Gone);
    }
    rows::mark_token_used(conn, &hash, ctx.now).await?;
    let event = events::by_id(conn, reg.event_id).await?;
    address_confirmed(conn, ctx, &event, &reg).await
}

/// What follows a confirmed address: a seat, the waiting list, or the wait for approval, and
/// the email that says which. Returns a fresh manage token for the page that follows.
pub async fn address_confirmed(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg: &rows::RegistrationRow) -> Result<String, AppError> {
    rows::mark_address_confirmed(conn, reg.id, ctx.now).await?;
    if !reg.needs_approval(event) {
        seats::seat_registration(conn, ctx, event, reg.id).await?;
    }
    emails::outcome(conn, ctx, event, reg.id).await?;
    rows::issue_token(conn, reg.id, "manage", ctx.now, event.ends_at + emails::MANAGE_AFTER_EVENT).await
}

/// The registration behind a manage link.
pub async fn managed(conn: &mut Conn, ctx: &Ctx, token: &str) -> Result<(rows::RegistrationRow, EventRow), AppError> {
    let (_, token_row) = rows::token(conn, token, "manage", ctx.now).await?;
    let reg = rows::by_id(conn, token_row.registration_id).await?;
    let event = events::by_id(conn, reg.event_id).await?;
    Ok((reg, event))
}

fn changeable(reg: &rows::RegistrationRow, event: &EventRow, now: i64) -> bool {
    RegistrationStatus::OPEN.contains(&reg.status) && now < event.ends_at
}

/// Cancels the registration behind a manage link, frees its seats and promotes the next in line.
#[tracing::instrument(skip_all, err)]
pub async fn cancel(ctx: Ctx, token: String) -> Result<(), AppError> {
    ctx.store.clone().write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { cancel_in(conn, &ctx, &token).await }) }).await
}

async fn cancel_in(conn: &mut Conn, ctx: &Ctx, token: &str) -> Result<(), AppError> {
    let (reg, event) = managed(conn, ctx, token).await?;
    if !changeable(&reg, &event, ctx.now) {
        return Err(AppError::Conflict("this registration can no longer be changed"));
    }
    cancel_registration(conn, ctx, &event, &reg).await
}

/// Cancels a registration (its holder's wish, or a focal point withdrawing a nominee): the
/// person is told, its seats are freed and the next in line moves up.
pub async fn cancel_registration(conn: &mut Conn, ctx: &Ctx, event: &EventRow, reg: &rows::RegistrationRow) -> Result<(), AppError> {
    let held_seat = reg.status == RegistrationStatus::Confirmed;
    rows::mark_cancelled(conn, reg.id, ctx.now).await?;
    emails::cancelled(conn, ctx, event, reg.id).await?;
    seats::release(conn, ctx, event, reg.id, held_seat).await
}

/// Replaces the session choices of the registration behind a manage link.
#[tracing::instrument(skip_all, err)]
pub async fn change_sessions(ctx: Ctx, token: String, chosen: Vec<i64>) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { change_sessions_in(conn, &ctx, &token, &chosen).await }) })
        .await
}

async fn change_sessions_in(conn: &mut Conn, ctx: &Ctx, token: &str, chosen: &[i64]) -> Result<(), AppError> {
    let (reg, event) = managed(conn, ctx, token).await?;
    if !changeable(&reg, &event, ctx.now) {
        return Err(AppError::Conflict("this registration can no longer be changed"));
    }
    let sessions = events::sessions_of(conn, event.id).await?;
    let chosen = check_sessions(chosen, &session_rules(&sessions))
        .map_err(|e| AppError::Validation([(crate::domain::Field::Sessions, e)].into()))?;
    let before = rows::choices(conn, reg.id).await?;
    let holds_seat = reg.status == RegistrationStatus::Confirmed;
    let mut changed = false;
    for old in before.iter().filter(|c| !chosen.contains(&c.session_id)) {
        rows::remove_choice(conn, reg.id, old.session_id).await?;
        changed = true;
        if old.status == SessionChoiceStatus::Confirmed
            && let Some(session) = sessions.iter().find(|s| s.id == old.session_id)
        {
            seats::promote_session(conn, ctx, &event, session).await?;
        }
    }
    for id in chosen.iter().filter(|id| !before.iter().any(|c| c.session_id == **id)) {
        changed = true;
        let session = sessions.iter().find(|s| s.id == *id).ok_or(AppError::NotFound)?;
        if holds_seat {
            seats::seat_choice(conn, ctx, session, reg.id).await?;
        } else {
            rows::request_session(conn, reg.id, *id, ctx.now).await?;
        }
    }
    if changed && holds_seat {
        emails::sessions_changed(conn, ctx, &event, reg.id).await?;
    }
    Ok(())
}

/// Marks registrations whose address was not confirmed in time as expired. They held no seat,
/// so nothing is freed.
pub async fn expire_unconfirmed(ctx: &Ctx) -> Result<u64, AppError> {
    let now = ctx.now;
    ctx.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { rows::expire_unconfirmed(conn, now).await }) }).await
}

/// What the manage page shows.
pub async fn manage_view(ctx: &Ctx, token: &str, loc: crate::i18n::Locale) -> Result<ManageView, AppError> {
    let mut conn = ctx.store.read().await?;
    let (reg, event) = managed(&mut conn, ctx, token).await?;
    let sessions = events::sessions_of(&mut conn, event.id).await?;
    let choices = rows::choices(&mut conn, reg.id).await?;
    let mut shown = Vec::with_capacity(sessions.len());
    for s in &sessions {
        let choice = choices.iter().find(|c| c.session_id == s.id);
        let position = match choice.and_then(|c| (c.status == SessionChoiceStatus::Waitlisted).then_some(c.waitlist_seq).flatten()) {
            Some(seq) => Some(rows::session_waitlist_position(&mut conn, s.id, seq).await?),
            None => None,
        };
        shown.push(ChosenSession {
            id: s.id,
            title: s.title.clone(),
            day: time_fmt::day_label(s.starts_at, &event.timezone, loc),
            time: time_fmt::time_range(s.starts_at, s.ends_at, &event.timezone),
            parallel_group: s.parallel_group.clone(),
            status: choice.map(|c| c.status),
            position,
            seats_left: s.capacity.map(|c| (c - s.confirmed).max(0)),
        });
    }
    let waitlist_position = match (reg.status, reg.waitlist_seq) {
        (RegistrationStatus::Waitlisted, Some(seq)) => Some(rows::waitlist_position(&mut conn, event.id, seq).await?),
        _ => None,
    };
    let questions: Vec<crate::domain::Question> =
        crate::questions::ssr::storage::form_of(&mut conn, event.id).await?.into_iter().filter(|q| !q.organizer_only).collect();
    // Only the answers to the questions the participant is asked (organizer-only ones are the
    // organizers'), in the form's order.
    let mut stored = questions::by_registration(questions::answers_of(&mut conn, &[reg.id]).await?).remove(&reg.id).unwrap_or_default();
    let answers = questions.iter().filter_map(|q| Some((q.key.clone(), q.ordered(stored.remove(&q.key)?)))).collect();
    let country = crate::domain::CountryCode::parse(&reg.country)
        .map(|c| c.country().name(crate::locale::language_of(loc)).to_owned())
        .unwrap_or_default();
    Ok(ManageView {
        event_slug: event.slug.clone(),
        event_title: event.title.clone(),
        event_when: event.when(loc),
        event_place: event.place(loc),
        can_change: changeable(&reg, &event, ctx.now),
        can_correct: super::corrections::correctable(reg.status, &event, ctx.now),
        changes_close: time_fmt::date_time(event.changes_close_at.unwrap_or(event.starts_at), &event.timezone, loc),
        questions,
        answers,
        join_url: (reg.status == RegistrationStatus::Confirmed).then(|| event.join_url.clone()).flatten(),
        given_name: reg.given_name,
        family_name: reg.family_name,
        email: reg.email,
        country,
        organization: reg.organization,
        job_title: reg.job_title,
        status: reg.status,
        waitlist_position,
        sessions: shown,
    })
}

/// Stores a new registration in `status` with its session choices and a check-in code.
pub async fn insert_registration(
    conn: &mut Conn,
    ctx: &Ctx,
    event: &EventRow,
    valid: &crate::domain::ValidRegistration,
    status: RegistrationStatus,
) -> Result<i64, AppError> {
    let id = rows::insert(conn, event.id, valid, status, ctx.now, ctx.now + ctx.config.confirm_hours * 3600).await?;
    let answers: Vec<_> = questions::values_of(id, event.id, &valid.answers).collect();
    questions::insert_answers(conn, &answers).await?;
    Ok(id)
}
