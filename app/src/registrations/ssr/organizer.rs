//! The organizers' writes on registrations: approve, reject, promote, cancel; add a person by
//! hand, import nominees, correct details, resend the email that fits. Each checks the
//! account's rights on the event first, follows the same seat rules as the participant's path
//! (`seats`) and is written to the audit log in the same transaction.
use super::{emails, seats, service::form_rules, storage};
use crate::{
    accounts::ssr::{Principal, audit},
    context::Ctx,
    domain::{Field, FieldError, FormRules, RegistrationInput, RegistrationStatus, ValidRegistration, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    store::{BoxFuture, Conn},
};

/// An organizer's decision on one registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Promote,
    Cancel,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            "promote" => Some(Decision::Promote),
            "cancel" => Some(Decision::Cancel),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Promote => "promote",
            Decision::Cancel => "cancel",
        }
    }
}

/// The registration and its event, with the account's right to manage it checked.
pub async fn owned(conn: &mut Conn, who: &Principal, reg_id: i64) -> Result<(storage::RegistrationRow, EventRow), AppError> {
    let reg = storage::by_id(conn, reg_id).await.map_err(|_| AppError::NotFound)?;
    let event = events::by_id(conn, reg.event_id).await?;
    who.ensure_manage(event.id)?;
    Ok((reg, event))
}

fn already_registered() -> AppError {
    AppError::Validation([(Field::Email, FieldError::AlreadyRegistered)].into_iter().collect())
}

/// Applies a decision; returns the event's slug. Seats follow the same rules as everywhere:
/// approving takes a seat or a place on the waiting list, freeing one promotes the next.
pub async fn decide(ctx: Ctx, who: Principal, reg_id: i64, decision: Decision, note: String) -> Result<String, AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                let status = reg.status;
                let note = note.trim().chars().take(2000).collect::<String>();
                match decision {
                    Decision::Approve => {
                        if status != RegistrationStatus::AwaitingApproval {
                            return Err(AppError::Conflict("only registrations awaiting approval can be approved"));
                        }
                        storage::set_decision_note(conn, reg_id, &note).await?;
                        seats::seat_registration(conn, &ctx, &event, reg_id).await?;
                        emails::outcome(conn, &ctx, &event, reg_id).await?;
                    }
                    Decision::Reject => {
                        if !matches!(
                            status,
                            RegistrationStatus::AwaitingApproval
                                | RegistrationStatus::Waitlisted
                                | RegistrationStatus::AwaitingEmailConfirmation
                        ) {
                            return Err(AppError::Conflict("only pending or waitlisted registrations can be rejected"));
                        }
                        storage::mark_rejected(conn, reg_id, &note, ctx.now).await?;
                        storage::remove_choices(conn, reg_id).await?;
                        emails::rejected(conn, &ctx, &event, reg_id, &note).await?;
                    }
                    Decision::Promote => {
                        if status != RegistrationStatus::Waitlisted {
                            return Err(AppError::Conflict("only waitlisted registrations can be promoted"));
                        }
                        seats::confirm_now(conn, &ctx, &event, reg_id).await?;
                        emails::promoted_to_event(conn, &ctx, &event, reg_id).await?;
                    }
                    Decision::Cancel => {
                        if !RegistrationStatus::OPEN.contains(&status) {
                            return Err(AppError::Conflict("this registration is not active"));
                        }
                        let held = status == RegistrationStatus::Confirmed;
                        storage::mark_cancelled(conn, reg_id, ctx.now).await?;
                        emails::cancelled(conn, &ctx, &event, reg_id).await?;
                        seats::release(conn, &ctx, &event, reg_id, held).await?;
                    }
                }
                let detail =
                    format!("registration {reg_id} ({}){}", reg.email, if note.is_empty() { String::new() } else { format!(": {note}") });
                audit::record_about(conn, &who, &format!("registration.{}", decision.code()), Some(event.id), reg_id, &detail, ctx.now)
                    .await?;
                Ok(event.slug)
            })
        })
        .await
}

/// Adds a participant by hand: no email confirmation (the organizer vouches for the address);
/// they take a seat or a waiting-list place and get the usual email.
pub async fn add_by_hand(ctx: Ctx, who: Principal, slug: String, mut input: RegistrationInput) -> Result<i64, AppError> {
    // The participant's consent is the organizer's to collect (nominations come with it).
    input.consent = true;
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let rules = form_rules(conn, event.id, Audience::Organizer).await?;
                let valid = input.validate(&rules).map_err(AppError::Validation)?;
                if storage::active_by_email(conn, event.id, &valid.email.normalized()).await?.is_some() {
                    return Err(already_registered());
                }
                let reg_id = insert(conn, &ctx, &event, &valid, RegistrationStatus::AwaitingApproval).await?;
                storage::mark_added_by_organizer(conn, reg_id, Some(ctx.now)).await?;
                seats::seat_registration(conn, &ctx, &event, reg_id).await?;
                emails::outcome(conn, &ctx, &event, reg_id).await?;
                let detail = format!("registration {reg_id} ({})", valid.email.as_str());
                audit::record_about(conn, &who, "registration.add", Some(event.id), reg_id, &detail, ctx.now).await?;
                Ok(reg_id)
            })
        })
        .await
}

async fn insert(
    conn: &mut Conn,
    ctx: &Ctx,
    event: &EventRow,
    valid: &ValidRegistration,
    status: RegistrationStatus,
) -> Result<i64, AppError> {
    super::service::insert_registration(conn, ctx, event, valid, status).await
}

/// Saves nominees read from an import (valid rows only) as registrations awaiting their
/// address confirmation, each emailed an invitation to confirm. `rows` is re-read inside the
/// write with the addresses registered at that moment. Returns how many were imported.
pub async fn import<F>(ctx: Ctx, who: Principal, slug: String, rows: F) -> Result<usize, AppError>
where
    F: FnOnce(&std::collections::HashSet<String>) -> Result<Vec<RegistrationInput>, AppError> + Send + 'static,
{
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let existing = storage::active_emails(conn, event.id).await?.into_iter().collect();
                let mut imported = 0;
                for input in rows(&existing)? {
                    let valid = input.validate(&FormRules::default()).map_err(AppError::Validation)?;
                    let reg_id = insert(conn, &ctx, &event, &valid, RegistrationStatus::AwaitingEmailConfirmation).await?;
                    storage::mark_added_by_organizer(conn, reg_id, None).await?;
                    emails::ask_to_confirm(conn, &ctx, &event, reg_id, true).await?;
                    imported += 1;
                }
                audit::record(conn, &who, "registration.import", Some(event.id), &format!("{imported} nominees imported"), ctx.now).await?;
                Ok(imported)
            })
        })
        .await
}

/// Saves an organizer's corrections to a registration's details (not its sessions or state).
pub async fn edit(ctx: Ctx, who: Principal, reg_id: i64, input: RegistrationInput) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                let mut input = input;
                input.consent = true;
                input.sessions = Vec::new();
                // The details only: answers are corrected on their own form.
                let valid = input.validate(&FormRules::default()).map_err(AppError::Validation)?;
                if let Some(other) = storage::active_by_email(conn, event.id, &valid.email.normalized()).await?
                    && other.id != reg_id
                    && reg.status.is_active()
                {
                    return Err(already_registered());
                }
                storage::update_details(conn, reg_id, &valid, now).await?;
                audit::record_about(conn, &who, "registration.edit", Some(event.id), reg_id, &format!("registration {reg_id}"), now).await
            })
        })
        .await
}

/// Sends the person the email that fits where they stand now, with fresh links: the address
/// confirmation, their confirmation or waiting-list place, or the decision.
pub async fn resend(ctx: Ctx, who: Principal, reg_id: i64) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                match reg.status {
                    RegistrationStatus::AwaitingEmailConfirmation => emails::ask_to_confirm(conn, &ctx, &event, reg_id, false).await?,
                    RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval => {
                        emails::outcome(conn, &ctx, &event, reg_id).await?
                    }
                    RegistrationStatus::Cancelled => emails::cancelled(conn, &ctx, &event, reg_id).await?,
                    RegistrationStatus::Rejected => {
                        let note = storage::decision_note(conn, reg_id).await?;
                        emails::rejected(conn, &ctx, &event, reg_id, &note).await?
                    }
                    RegistrationStatus::Expired => return Err(AppError::Conflict("this registration has expired")),
                }
                audit::record_about(conn, &who, "registration.resend", Some(event.id), reg_id, &format!("registration {reg_id}"), ctx.now)
                    .await
            })
        })
        .await
}

/// Saves the answers an organizer gives for a registration: organizer-only questions, and
/// corrections to the participant's answers (nothing is required of organizers). Every live
/// question's answer is replaced by the form's; the audit log names the questions changed.
pub async fn set_answers(ctx: Ctx, who: Principal, reg_id: i64, answers: crate::domain::Answers) -> Result<(), AppError> {
    use crate::questions::ssr::storage as questions;
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (_, event) = owned(conn, &who, reg_id).await?;
                let asked = questions::form_of(conn, event.id).await?;
                let clean = crate::domain::question::check_answers(&asked, &answers, Audience::Organizer).map_err(|bad| {
                    let mut errors = crate::domain::FieldErrors::default();
                    errors.answers = bad;
                    AppError::Validation(errors)
                })?;
                let before = questions::by_registration(questions::answers_of(conn, &[reg_id]).await?).remove(&reg_id).unwrap_or_default();
                let keys: Vec<String> = asked.iter().map(|q| q.key.clone()).collect();
                let changed: Vec<&str> = keys.iter().filter(|k| before.get(*k) != clean.get(*k)).map(String::as_str).collect();
                if changed.is_empty() {
                    return Ok(());
                }
                questions::replace_answers(conn, reg_id, event.id, &keys, &clean).await?;
                let detail = format!("registration {reg_id} answers: {}", changed.join(", "));
                audit::record_about(conn, &who, "registration.answers", Some(event.id), reg_id, &detail, now).await
            })
        })
        .await
}
