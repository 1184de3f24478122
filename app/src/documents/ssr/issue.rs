//! Issuing letters and certificates: one valid document of a kind per registration (asking
//! again gives the same one, so its reference and code stay), a random verification code and
//! a reference numbered per event; and rendering an issued document as a PDF, from its row and
//! the event's settings, by whoever asks (the participant, an organizer, the mail worker).
use super::{
    compose::{self, LetterDetails, Letterhead, Passport, refusal},
    engine::{Renderer, Template, render_blocking},
    service::Pdf,
    storage::{self, DocumentRow, NewDocument, Settings},
};
use crate::{
    context::Ctx,
    domain::{DocumentKind, RegistrationStatus},
    error::AppError,
    events::ssr::{self as events, EventRow},
    mail::{outbox, templates},
    questions::ssr::storage as answers,
    registrations::ssr::storage as registrations,
    sql,
    store::Conn,
    tokens,
};
use std::{collections::BTreeMap, sync::Arc};

/// A document asked for: issued now, or the valid one the registration already had.
pub enum Issued {
    New(DocumentRow),
    Existing(DocumentRow),
}

impl Issued {
    pub fn row(self) -> DocumentRow {
        match self {
            Issued::New(d) | Issued::Existing(d) => d,
        }
    }
}

/// The form field code for a refusal, on the organizer's "issue by hand" form.
pub fn field_code(why: &str) -> &'static str {
    match why {
        refusal::LETTERS_OFF => "letters_off",
        refusal::ONLINE => "online_event",
        refusal::NOT_CONFIRMED => "not_confirmed",
        refusal::CERTIFICATES_OFF => "certificates_off",
        refusal::NOT_ATTENDED => "not_attended",
        refusal::TOO_FEW_DAYS => "too_few_days",
        refusal::NO_PASSPORT => "no_passport",
        _ => "invalid",
    }
}

/// A registration of the event by public id or email address.
pub async fn find_registration(conn: &mut Conn, event_id: i64, reference: &str) -> Result<Option<i64>, AppError> {
    let r = reference.trim();
    if r.is_empty() {
        return Ok(None);
    }
    conn.scalar_optional(sql!(
        "SELECT id FROM registrations WHERE event_id = $1 AND (public_id = $2 OR email_norm = $3) ORDER BY id DESC LIMIT 1",
        event_id,
        r,
        r.to_lowercase()
    ))
    .await
}

/// The passport details among the registration's answers (the passport and visa set).
pub async fn passport_of(conn: &mut Conn, reg_id: i64) -> Result<Option<Passport>, AppError> {
    let rows = answers::answers_of(conn, &[reg_id]).await?;
    let map: BTreeMap<String, String> = rows.into_iter().map(|(_, k, v)| (k, v)).collect();
    Ok(Passport::from_answers(&map))
}

async fn insert(
    conn: &mut Conn,
    event: &EventRow,
    reg: &registrations::RegistrationRow,
    kind: DocumentKind,
    details: String,
    issued_by: Option<i64>,
    now: i64,
) -> Result<DocumentRow, AppError> {
    let code = tokens::verification_code();
    let holder = compose::full_name(&reg.given_name, &reg.family_name);
    let prefix = compose::reference_prefix(event, kind);
    let id = storage::insert(
        conn,
        &NewDocument {
            code: &code,
            kind: kind.code(),
            event_id: event.id,
            registration_id: reg.id,
            reference_prefix: &prefix,
            holder_name: &holder,
            language: reg.language.code(),
            details: &details,
            issued_by,
        },
        now,
    )
    .await?;
    storage::by_id(conn, id).await?.ok_or(AppError::NotFound)
}

/// The registration's letter: the valid one, or a new one when it applies. `passport` is what
/// the person (or an organizer) typed when the answers hold no passport details.
pub async fn letter(
    conn: &mut Conn,
    event: &EventRow,
    settings: &Settings,
    reg_id: i64,
    passport: Option<Passport>,
    issued_by: Option<i64>,
    now: i64,
) -> Result<Issued, AppError> {
    let reg = registrations::by_id(conn, reg_id).await?;
    compose::letter_applies(settings, event, reg.status).map_err(AppError::Conflict)?;
    if let Some(doc) = storage::current(conn, reg.id, DocumentKind::Letter.code()).await? {
        return Ok(Issued::Existing(doc));
    }
    let passport = match passport_of(conn, reg.id).await? {
        Some(p) => p,
        None => passport.ok_or(AppError::Conflict(refusal::NO_PASSPORT))?,
    };
    let details = LetterDetails { passport, organization: reg.organization.clone(), country: reg.country.clone() };
    let json = serde_json::to_string(&details).map_err(|e| AppError::Internal(e.into()))?;
    Ok(Issued::New(insert(conn, event, &reg, DocumentKind::Letter, json, issued_by, now).await?))
}

/// The registration's certificate: the valid one, or a new one when the person qualifies.
pub async fn certificate(
    conn: &mut Conn,
    event: &EventRow,
    settings: &Settings,
    reg_id: i64,
    issued_by: Option<i64>,
    now: i64,
) -> Result<Issued, AppError> {
    let reg = registrations::by_id(conn, reg_id).await?;
    let checkins = storage::checkins_of(conn, reg.id).await?;
    compose::certificate_applies(settings, event, &checkins).map_err(AppError::Conflict)?;
    if let Some(doc) = storage::current(conn, reg.id, DocumentKind::Certificate.code()).await? {
        return Ok(Issued::Existing(doc));
    }
    if reg.status != RegistrationStatus::Confirmed {
        return Err(AppError::Conflict(refusal::NOT_CONFIRMED));
    }
    Ok(Issued::New(insert(conn, event, &reg, DocumentKind::Certificate, "{}".into(), issued_by, now).await?))
}

/// The event's attendees who qualify for a certificate and have none.
pub async fn certificates_due(conn: &mut Conn, event: &EventRow, settings: &Settings) -> Result<Vec<i64>, AppError> {
    let mut by_reg: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (reg, at) in storage::uncertified_checkins(conn, event.id).await? {
        by_reg.entry(reg).or_default().push(at);
    }
    let on = Settings { certificates: true, ..settings.clone() };
    Ok(by_reg.into_iter().filter(|(_, times)| compose::certificate_applies(&on, event, times).is_ok()).map(|(id, _)| id).collect())
}

/// Queues the email that carries a certificate; the worker renders the PDF when it sends it.
pub async fn queue_certificate_email(
    conn: &mut Conn,
    event: &EventRow,
    doc: &DocumentRow,
    base_url: &str,
    now: i64,
) -> Result<(), AppError> {
    let reg = registrations::by_id(conn, doc.registration_id).await?;
    let to = reg.addressee();
    let facts = event.facts(to.locale);
    let email = templates::certificate(&facts, &to, &format!("{base_url}/verify/{}", doc.code));
    let id = outbox::enqueue(conn, &email, now).await?;
    outbox::set_document(conn, id, doc.id).await
}

/// The file name of a document: "certificate-STUDY-VISIT-C-0007.pdf".
pub fn file_name(doc: &DocumentRow) -> String {
    let reference: String = doc.reference.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    format!("{}-{reference}.pdf", doc.kind)
}

/// Renders an issued document as its holder reads it (the row's language).
pub async fn render_row(conn: &mut Conn, base_url: &str, renderer: Arc<Renderer>, doc: &DocumentRow) -> Result<Vec<u8>, AppError> {
    let event = events::storage::by_id(conn, doc.event_id).await?;
    let settings = storage::settings(conn, event.id).await?;
    let (logo, signature) = storage::images(conn, event.id).await?;
    let head = Letterhead { settings, logo, signature, base_url: base_url.to_owned() };
    let (template, inputs) = match DocumentKind::parse(&doc.kind) {
        Ok(DocumentKind::Letter) => (Template::Letter, compose::letter(&event, doc, &head)),
        _ => (Template::Certificate, compose::certificate(&event, doc, &head)),
    };
    render_blocking(renderer, template, inputs).await
}

/// Renders a document for a download; `count`: the holder's download, shown to organizers.
pub async fn render(ctx: &Ctx, renderer: Arc<Renderer>, doc: DocumentRow, count: bool) -> Result<Pdf, AppError> {
    let bytes = {
        let mut conn = ctx.store.read().await?;
        render_row(&mut conn, &ctx.config.base_url, renderer, &doc).await?
    };
    if !count {
        return Ok(Pdf { name: file_name(&doc), bytes });
    }
    let (id, now) = (doc.id, ctx.now);
    ctx.store
        .write_apart(move |conn| -> crate::store::BoxFuture<'_, _> { Box::pin(async move { storage::downloaded(conn, id, now).await }) })
        .await?;
    Ok(Pdf { name: file_name(&doc), bytes })
}
