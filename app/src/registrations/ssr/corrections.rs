//! Participants correcting their own details (name, organization, job title) and answers
//! through their manage link, until the event's changes close. Each correction is checked by
//! the registration form's rules, written in the audit log (the fields' names, never their
//! values) and stamped on the registration, so the organizer's table shows what changed and when.
use super::{service::form_rules, storage as rows};
use crate::{
    accounts::ssr::audit,
    context::Ctx,
    domain::{RegistrationInput, RegistrationStatus, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    questions::ssr::storage as questions,
    store::BoxFuture,
};

/// Until when a registration's details may be corrected: the event's "changes close" time,
/// else its start; never for a registration that is no longer active.
pub fn correctable(status: RegistrationStatus, event: &EventRow, now: i64) -> bool {
    status.is_active() && now < event.changes_close_at.unwrap_or(event.starts_at)
}

/// Saves the corrected details and answers. `form` holds the four details and the answers; the
/// registration's other details (address, country, ...) stay as they are.
#[tracing::instrument(skip_all, err)]
pub async fn correct(ctx: Ctx, token: String, form: RegistrationInput) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (_, token_row) = rows::token(conn, &token, "manage", ctx.now).await?;
                let reg = rows::by_id(conn, token_row.registration_id).await?;
                let event = events::by_id(conn, reg.event_id).await?;
                if !correctable(reg.status, &event, ctx.now) {
                    return Err(AppError::Conflict("changes to this registration are closed"));
                }
                let mut input = rows::input_of(conn, reg.id).await?;
                let before = input.clone();
                input.given_name = form.given_name;
                input.family_name = form.family_name;
                input.organization = form.organization;
                input.job_title = form.job_title;
                input.answers = form.answers;
                input.sessions = Vec::new();
                input.consent = true;
                let rules = form_rules(conn, event.id, Audience::Participant).await?;
                let rules = crate::domain::FormRules { sessions: Vec::new(), ..rules };
                let valid = input.validate(&rules).map_err(AppError::Validation)?;

                let old_answers =
                    questions::by_registration(questions::answers_of(conn, &[reg.id]).await?).remove(&reg.id).unwrap_or_default();
                // Only the questions participants are asked: organizer-only answers stay as they are.
                let asked: Vec<String> = rules.questions.iter().filter(|q| !q.organizer_only).map(|q| q.key.clone()).collect();
                let mut changed: Vec<&str> = [
                    ("given_name", before.given_name.trim() != valid.given_name.as_str()),
                    ("family_name", before.family_name.trim() != valid.family_name.as_str()),
                    ("organization", before.organization.trim() != valid.organization.as_str()),
                    ("job_title", before.job_title.trim() != valid.job_title.as_str()),
                ]
                .into_iter()
                .filter_map(|(name, differs)| differs.then_some(name))
                .collect();
                changed.extend(asked.iter().filter(|k| old_answers.get(*k) != valid.answers.get(*k)).map(String::as_str));
                if changed.is_empty() {
                    return Ok(());
                }
                rows::update_details(conn, reg.id, &valid, ctx.now).await?;
                questions::replace_answers(conn, reg.id, event.id, &asked, &valid.answers).await?;
                rows::mark_details_changed(conn, reg.id, ctx.now).await?;
                let detail = format!("registration {} corrected by the participant: {}", reg.id, changed.join(", "));
                audit::record_by_participant(conn, "registration.correct", event.id, reg.id, &detail, ctx.now).await
            })
        })
        .await
}
