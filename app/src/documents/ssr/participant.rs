//! The participant's side of documents, through their manage link: what the manage page
//! offers (the letter of a confirmed participant of an in-person event, the certificate once
//! the event is over and they attended), the passport details a letter asks for first, and
//! the downloads. Each download is counted, so organizers see who has their letter.
use super::{
    compose::{self, Passport, refusal},
    issue,
    service::Pdf,
    storage,
};
use crate::{
    accounts::ssr::audit,
    context::Ctx,
    documents::{LetterOffer, ManageDocuments},
    domain::{CountryCode, DocumentKind, RegistrationStatus},
    error::AppError,
    registrations::ssr::service::managed,
    store::BoxFuture,
};
use std::collections::BTreeMap;

/// What the manage page offers.
pub async fn offer(ctx: &Ctx, token: &str) -> Result<ManageDocuments, AppError> {
    let mut conn = ctx.store.read().await?;
    let (reg, event) = managed(&mut conn, ctx, token).await?;
    let settings = storage::settings(&mut conn, event.id).await?;
    let letter = match compose::letter_applies(&settings, &event, reg.status) {
        Ok(()) => {
            let current = storage::current(&mut conn, reg.id, DocumentKind::Letter.code()).await?;
            let needs_passport = current.is_none() && issue::passport_of(&mut conn, reg.id).await?.is_none();
            Some(LetterOffer { needs_passport, reference: current.map(|d| d.reference) })
        }
        Err(_) => None,
    };
    let checkins = storage::checkins_of(&mut conn, reg.id).await?;
    let certificate = event.ends_at <= ctx.now
        && reg.status == RegistrationStatus::Confirmed
        && compose::certificate_applies(&settings, &event, &checkins).is_ok();
    Ok(ManageDocuments { letter, certificate })
}

/// The passport form's checks: an error code per field, or the details.
pub fn passport_form(values: &BTreeMap<String, String>, event_ends: chrono::NaiveDate) -> Result<Passport, BTreeMap<String, String>> {
    let value = |k: &str| values.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors = BTreeMap::new();
    let number: String = value("passport_number").chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if number.is_empty() {
        errors.insert("passport_number".to_owned(), "required".to_owned());
    } else if !(5..=20).contains(&number.len()) || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.insert("passport_number".to_owned(), "invalid_passport_number".to_owned());
    }
    let nationality = value("nationality").to_uppercase();
    match CountryCode::parse(&nationality) {
        Ok(_) => {}
        Err(_) if nationality.is_empty() => {
            errors.insert("nationality".to_owned(), "required".to_owned());
        }
        Err(_) => {
            errors.insert("nationality".to_owned(), "unknown_choice".to_owned());
        }
    }
    let expires = value("passport_expires");
    match chrono::NaiveDate::parse_from_str(&expires, "%Y-%m-%d") {
        Ok(d) if d > event_ends => {}
        Ok(_) => {
            errors.insert("passport_expires".to_owned(), "expires_before_event".to_owned());
        }
        Err(_) if expires.is_empty() => {
            errors.insert("passport_expires".to_owned(), "required".to_owned());
        }
        Err(_) => {
            errors.insert("passport_expires".to_owned(), "invalid_date".to_owned());
        }
    }
    let name = value("passport_name");
    if name.chars().count() > 200 {
        errors.insert("passport_name".to_owned(), "too_long".to_owned());
    }
    if errors.is_empty() { Ok(Passport { name, number, nationality, expires }) } else { Err(errors) }
}

/// The passport form on the manage page: issues the letter with these details.
pub async fn give_passport(ctx: &Ctx, token: String, values: BTreeMap<String, String>) -> Result<(), AppError> {
    let ctx2 = ctx.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = managed(conn, &ctx2, &token).await?;
                let passport =
                    passport_form(&values, crate::time_fmt::local_date(event.ends_at, &event.timezone)).map_err(AppError::Form)?;
                let settings = storage::settings(conn, event.id).await?;
                if let issue::Issued::New(doc) = issue::letter(conn, &event, &settings, reg.id, Some(passport), None, ctx2.now).await? {
                    audit::record_by_participant(conn, "documents.letter_requested", event.id, reg.id, &doc.reference, ctx2.now).await?;
                }
                Ok(())
            })
        })
        .await
}

/// The participant's letter or certificate as a PDF (issued on first download).
pub async fn download(ctx: &Ctx, token: String, kind: DocumentKind) -> Result<Pdf, AppError> {
    let renderer = ctx.config.documents.renderer()?;
    let ctx2 = ctx.clone();
    let doc = ctx
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = managed(conn, &ctx2, &token).await?;
                let settings = storage::settings(conn, event.id).await?;
                let issued = match kind {
                    DocumentKind::Letter => issue::letter(conn, &event, &settings, reg.id, None, None, ctx2.now).await?,
                    DocumentKind::Certificate => {
                        if event.ends_at > ctx2.now {
                            return Err(AppError::Conflict(refusal::NOT_OVER));
                        }
                        issue::certificate(conn, &event, &settings, reg.id, None, ctx2.now).await?
                    }
                };
                if let issue::Issued::New(doc) = &issued {
                    audit::record_by_participant(conn, "documents.issued", event.id, reg.id, &doc.reference, ctx2.now).await?;
                }
                Ok(issued.row())
            })
        })
        .await?;
    issue::render(ctx, renderer, doc, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn passport_details_are_checked_field_by_field() {
        let ends = chrono::NaiveDate::from_ymd_opt(2026, 3, 13).unwrap();
        let ok =
            passport_form(&form(&[("passport_number", "pb 123 4567"), ("nationality", "bt"), ("passport_expires", "2030-01-31")]), ends);
        assert_eq!(ok.map(|p| (p.number, p.nationality)), Ok(("PB1234567".into(), "BT".into())));
        let bad = passport_form(&form(&[("passport_number", "12"), ("nationality", "XX"), ("passport_expires", "2026-03-01")]), ends)
            .unwrap_err();
        assert_eq!(bad.get("passport_number").map(String::as_str), Some("invalid_passport_number"));
        assert_eq!(bad.get("nationality").map(String::as_str), Some("unknown_choice"));
        assert_eq!(bad.get("passport_expires").map(String::as_str), Some("expires_before_event"));
        let empty = passport_form(&form(&[]), ends).unwrap_err();
        assert_eq!(empty.len(), 3, "{empty:?}");
    }
}
