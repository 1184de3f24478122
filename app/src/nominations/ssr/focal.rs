//! The focal point's side, through their private link and without an account: their
//! country's seats and nominees, nominating an official (the event's registration form, the
//! country fixed to theirs), replacing or withdrawing a nominee, and the nomination letter.
//! All of it until nominations close; then the link opens nothing but that news.
//!
//! A nominee is a registration like any other, marked with the focal point who nominated
//! them: they confirm their address, then wait for an organizer's approval.
use super::{letter, quota, storage};
use crate::{
    accounts::ssr::audit,
    context::Ctx,
    domain::{Field, FieldError, RegistrationInput, RegistrationStatus, question::Audience},
    error::AppError,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    nominations::{FocalPage, Nominee},
    registrations::ssr::{emails, service, storage as registrations},
    store::{BoxFuture, Conn},
    time_fmt,
};

/// When nominations close: as the organizer set it, else when registration closes, else when
/// the event starts.
pub fn closes_at(event: &EventRow, set: Option<i64>) -> i64 {
    set.or(event.registration_closes_at).unwrap_or(event.starts_at)
}

/// Whether focal points may still nominate, withdraw and replace.
pub async fn open(conn: &mut Conn, event: &EventRow, now: i64) -> Result<bool, AppError> {
    let (set, _) = storage::settings(conn, event.id).await?;
    Ok(event.status == crate::domain::EventStatus::Published && now < closes_at(event, set))
}

/// The focal point behind a link, and their event.
async fn opened(conn: &mut Conn, token: &str) -> Result<(storage::FocalRow, EventRow), AppError> {
    let hash = crate::tokens::hash_of(token).ok_or(AppError::NotFound)?;
    let focal = storage::by_token(conn, &hash).await?.ok_or(AppError::NotFound)?;
    let event = events::by_id(conn, focal.event_id).await?;
    Ok((focal, event))
}

/// The focal point and their event, when nominations are still open.
async fn opened_for_change(conn: &mut Conn, ctx: &Ctx, token: &str) -> Result<(storage::FocalRow, EventRow), AppError> {
    let (focal, event) = opened(conn, token).await?;
    if !open(conn, &event, ctx.now).await? {
        return Err(AppError::Conflict("nominations are closed"));
    }
    Ok((focal, event))
}

pub fn letter_info(row: Option<(String, i64, i64)>, tz: &str, loc: Locale) -> Option<crate::nominations::LetterInfo> {
    row.map(|(file_name, size, at)| crate::nominations::LetterInfo {
        file_name,
        size: if size >= 1024 * 1024 { format!("{:.1} MB", size as f64 / 1048576.0) } else { format!("{} KB", (size + 1023) / 1024) },
        uploaded: time_fmt::date_time(at, tz, loc),
    })
}

/// `/nominate/:token`.
pub async fn page(ctx: &Ctx, token: &str, loc: Locale) -> Result<FocalPage, AppError> {
    let mut conn = ctx.store.read().await?;
    let (focal, event) = opened(&mut conn, token).await?;
    let is_open = open(&mut conn, &event, ctx.now).await?;
    let (set, _) = storage::settings(&mut conn, event.id).await?;
    let lang = crate::locale::language_of(loc);
    let country_name = crate::domain::CountryCode::parse(&focal.country)
        .map(|c| c.country().name(lang).to_owned())
        .unwrap_or_else(|_| focal.country.clone());
    // Once closed, the link shows only that: who was nominated is the organizers' now.
    let (nominees, letter) = if is_open {
        let nominees = storage::nominees(&mut conn, focal.id)
            .await?
            .into_iter()
            .map(|(public_id, given, family, email, status)| Nominee {
                public_id,
                name: format!("{given} {family}"),
                email,
                status: RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::AwaitingApproval),
            })
            .collect();
        (nominees, letter_info(storage::letter_info(&mut conn, focal.id).await?, &event.timezone, loc))
    } else {
        (Vec::new(), None)
    };
    Ok(FocalPage {
        event: events::page(&mut conn, &event.slug, ctx.now, loc).await?,
        name: focal.name,
        ministry: focal.ministry,
        quota: storage::quota_of(&mut conn, event.id, &focal.country).await?,
        used: storage::used(&mut conn, event.id, Some(&focal.country)).await?,
        country: focal.country,
        country_name,
        open: is_open,
        closes: time_fmt::date_time(closes_at(&event, set), &event.timezone, loc),
        nominees,
        letter,
    })
}

/// Nominates an official for the focal point's country; with `replace`, in place of one of
/// their nominees (withdrawn in the same transaction, so a full quota can be replaced).
pub async fn nominate(ctx: Ctx, token: String, input: RegistrationInput, replace: Option<String>) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move { nominate_in(conn, &ctx, &token, input, replace.as_deref()).await })
        })
        .await
}

async fn nominate_in(conn: &mut Conn, ctx: &Ctx, token: &str, mut input: RegistrationInput, replace: Option<&str>) -> Result<(), AppError> {
    let (focal, event) = opened_for_change(conn, ctx, token).await?;
    input.country = focal.country.clone();
    let rules = service::form_rules(conn, event.id, Audience::Participant).await?;
    let valid = input.validate(&rules).map_err(AppError::Validation)?;
    if let Some(public_id) = replace {
        withdraw_one(conn, ctx, &focal, &event, public_id).await?;
    }
    // Unlike the public form, the focal point is told: they are nominating, not registering.
    if registrations::active_by_email(conn, event.id, &valid.email.normalized()).await?.is_some() {
        return Err(AppError::Validation([(Field::Email, FieldError::AlreadyRegistered)].into_iter().collect()));
    }
    if !quota::read(conn, ctx, event.id, &focal.country).await?.admits() {
        return Err(AppError::Validation([(Field::Country, FieldError::NoSeatsLeft)].into_iter().collect()));
    }
    let reg_id = service::insert_registration(conn, ctx, &event, &valid, RegistrationStatus::AwaitingEmailConfirmation).await?;
    storage::set_nominated_by(conn, reg_id, focal.id).await?;
    emails::ask_to_confirm(conn, ctx, &event, reg_id, true).await?;
    audit::record_by_focal_point(conn, focal.id, "nomination.nominate", event.id, Some(reg_id), &format!("for {}", focal.country), ctx.now)
        .await?;
    tracing::info!(registration = reg_id, focal_point = focal.id, country = %focal.country, "nominated");
    Ok(())
}

/// Withdraws one of the focal point's nominees.
pub async fn withdraw(ctx: Ctx, token: String, public_id: String) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (focal, event) = opened_for_change(conn, &ctx, &token).await?;
                withdraw_one(conn, &ctx, &focal, &event, &public_id).await
            })
        })
        .await
}

async fn withdraw_one(conn: &mut Conn, ctx: &Ctx, focal: &storage::FocalRow, event: &EventRow, public_id: &str) -> Result<(), AppError> {
    // Only their own nominees: another focal point's, or anyone else's, is not found.
    let (reg_id, _) = storage::nominee(conn, focal.id, public_id).await?.ok_or(AppError::NotFound)?;
    let reg = registrations::by_id(conn, reg_id).await?;
    if !RegistrationStatus::OPEN.contains(&reg.status) {
        return Err(AppError::Conflict("this nomination is no longer in play"));
    }
    service::cancel_registration(conn, ctx, event, &reg).await?;
    audit::record_by_focal_point(conn, focal.id, "nomination.withdraw", event.id, Some(reg_id), &format!("for {}", focal.country), ctx.now)
        .await?;
    tracing::info!(registration = reg_id, focal_point = focal.id, "nomination withdrawn");
    Ok(())
}

/// Keeps the focal point's nomination letter (replacing an earlier one). Refused with a form
/// error code when the file is not a PDF of at most 10 MB.
pub async fn upload_letter(ctx: Ctx, token: String, file_name: String, bytes: Vec<u8>) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (focal, _) = opened_for_change(conn, &ctx, &token).await?;
                letter::check(&bytes).map_err(|code| AppError::Refused(code.to_owned()))?;
                let digest = letter::digest(&bytes);
                storage::put_letter(conn, focal.id, &letter::file_name(&file_name), bytes, &digest, ctx.now).await?;
                let detail = format!("for {}, SHA-256 {digest}", focal.country);
                audit::record_by_focal_point(conn, focal.id, "nomination.letter", focal.event_id, None, &detail, ctx.now).await?;
                tracing::info!(focal_point = focal.id, "nomination letter kept");
                Ok(())
            })
        })
        .await
}

/// The focal point's own letter, while their link is open.
pub async fn own_letter(ctx: &Ctx, token: &str) -> Result<(String, Vec<u8>), AppError> {
    let mut conn = ctx.store.read().await?;
    let (focal, event) = opened(&mut conn, token).await?;
    if !open(&mut conn, &event, ctx.now).await? {
        return Err(AppError::NotFound);
    }
    storage::letter(&mut conn, focal.id).await?.ok_or(AppError::NotFound)
}
