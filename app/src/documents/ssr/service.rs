//! The organizer's side of documents: the settings page (letters and certificates on or off,
//! their texts per language, the badge layout, the letterhead and signature), the list of
//! letters and certificates issued (downloads, revocation, issuing by hand), badges as one
//! PDF for the registrations table's filters or one person at the desk, sending certificates
//! through the outbox, and each registration's documents for the API. Every write checks the
//! account's rights on the event and is audited.
use super::{
    compose::{self, Passport, refusal},
    engine::{Template, render_blocking, render_parts},
    issue::{self, Issued},
    storage::{self, Image, Settings},
    wording,
};
use crate::{
    accounts::ssr::{Principal, audit},
    admin::ssr::events::summary,
    context::Ctx,
    documents::{DocumentsPage, IssuedLine, Verification},
    domain::{BadgeLayout, BadgeRole, DocumentKind, Language},
    error::AppError,
    events::ssr as events,
    i18n::Locale,
    registrations::{RegQuery, ssr::storage as registrations},
    store::BoxFuture,
    time_fmt,
};
use std::collections::BTreeMap;

/// The most badges one PDF holds: a forum's 3,000 and room to spare.
pub const MAX_BADGES: usize = 10_000;
/// Badges laid out at once: a multiple of eight (an A4 sheet), few enough that a part's pages
/// weigh about 15 MB.
const BADGES_PER_PART: usize = 240;
/// The largest logo or signature image.
pub const MAX_IMAGE: usize = 1024 * 1024;

/// `/admin/events/:slug/documents`.
/// Documents listed on the page at once; a search finds the others.
const LISTED: i64 = 200;

pub async fn page(ctx: &Ctx, who: &Principal, slug: &str, q: &str, loc: Locale) -> Result<DocumentsPage, AppError> {
    let mut conn = ctx.store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    let s = storage::settings(&mut conn, event.id).await?;
    let tz = event.timezone.clone();
    let (rows, issued_total) = storage::of_event(&mut conn, event.id, q, LISTED).await?;
    let issued = rows
        .into_iter()
        .map(|r| IssuedLine {
            id: r.id,
            kind: DocumentKind::parse(&r.kind).unwrap_or(DocumentKind::Letter),
            reference: r.reference,
            holder: r.holder_name,
            registration_id: r.registration_id,
            public_id: r.public_id,
            issued: time_fmt::date_time(r.issued_at, &tz, loc),
            by_organizer: r.by_organizer,
            downloads: r.downloads,
            last_download: r.downloaded_at.map(|t| time_fmt::date_time(t, &tz, loc)),
            revoked: r.revoked_at.map(|t| time_fmt::date_time(t, &tz, loc)),
            email: r.email_status,
        })
        .collect();
    let certificates_due = issue::certificates_due(&mut conn, &event, &s).await?.len() as i64;
    let defaults = |key: &str| Language::ALL.iter().map(|l| (l.code().to_owned(), wording::text(*l, key))).collect::<BTreeMap<_, _>>();
    Ok(DocumentsPage {
        event: summary(&mut conn, who, &event, loc).await?,
        unavailable: ctx.config.documents.renderer().err().map(|e| e.to_string()),
        online: event.online,
        letters: s.letters,
        letter_attached: s.letter_attached,
        certificates: s.certificates,
        certificate_min_days: s.certificate_min_days,
        days: compose::event_days(&event),
        badge_layout: s.badge_layout.clone(),
        office: s.office.clone(),
        signatory_name: s.signatory_name.clone(),
        signatory_title: s.signatory_title.clone(),
        has_logo: s.has_logo,
        has_signature: s.has_signature,
        letter_texts: compose::texts_of(&s.letter_texts),
        certificate_texts: compose::texts_of(&s.certificate_texts),
        default_letter: defaults("letter.body"),
        default_certificate: defaults("certificate.body"),
        issued,
        issued_total,
        search: q.to_owned(),
        certificates_due,
        ended: event.ends_at <= ctx.now,
    })
}

/// Whether this account manages the event: checked before a form is read, so a stranger
/// learns nothing from how their input would have been judged.
pub async fn ensure_manages(ctx: &Ctx, who: &Principal, slug: &str) -> Result<(), AppError> {
    events::managed(&mut ctx.store.read().await?, who, slug).await.map(|_| ())
}

fn on(values: &BTreeMap<String, String>, key: &str) -> bool {
    values.get(key).is_some_and(|v| matches!(v.as_str(), "on" | "1" | "true" | "yes"))
}

/// The settings form: `letters`, `letter_attached`, `certificates` (checkboxes),
/// `certificate_min_days`, `badge_layout`, `office`, `signatory_name`, `signatory_title`, and
/// `letter.<lang>` / `certificate.<lang>` texts (empty: the default).
pub async fn save_settings(ctx: &Ctx, who: Principal, slug: String, values: BTreeMap<String, String>) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let mut errors = BTreeMap::new();
                let value = |k: &str| values.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
                let min_days = match value("certificate_min_days").as_str() {
                    "" => None,
                    raw => match raw.parse::<i64>() {
                        Ok(n) if (1..=compose::event_days(&event)).contains(&n) => Some(n),
                        Ok(n) if n >= 1 => {
                            errors.insert("certificate_min_days".to_owned(), "more_days_than_event".to_owned());
                            None
                        }
                        _ => {
                            errors.insert("certificate_min_days".to_owned(), "invalid_number".to_owned());
                            None
                        }
                    },
                };
                let layout = match BadgeLayout::parse(&value("badge_layout")) {
                    Ok(l) => l.code().to_owned(),
                    Err(_) => {
                        errors.insert("badge_layout".to_owned(), "unknown_choice".to_owned());
                        "a6".to_owned()
                    }
                };
                for key in ["office", "signatory_name", "signatory_title"] {
                    if value(key).chars().count() > 200 {
                        errors.insert(key.to_owned(), "too_long".to_owned());
                    }
                }
                let texts = |prefix: &str, errors: &mut BTreeMap<String, String>| {
                    let mut map = BTreeMap::new();
                    for lang in Language::ALL {
                        let key = format!("{prefix}.{}", lang.code());
                        let text = values.get(&key).map(|v| v.trim().to_owned()).unwrap_or_default();
                        if text.chars().count() > 10_000 {
                            errors.insert(key, "too_long".to_owned());
                        } else if !text.is_empty() && text != wording::text(*lang, &format!("{prefix}.body")).trim() {
                            map.insert(lang.code().to_owned(), text);
                        }
                    }
                    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
                };
                let letter_texts = texts("letter", &mut errors);
                let certificate_texts = texts("certificate", &mut errors);
                if !errors.is_empty() {
                    return Err(AppError::Form(errors));
                }
                let s = Settings {
                    letters: on(&values, "letters"),
                    letter_attached: on(&values, "letter_attached"),
                    letter_texts,
                    certificates: on(&values, "certificates"),
                    certificate_texts,
                    certificate_min_days: min_days,
                    badge_layout: layout,
                    office: value("office"),
                    signatory_name: value("signatory_name"),
                    signatory_title: value("signatory_title"),
                    has_logo: false,
                    has_signature: false,
                };
                storage::save_settings(conn, event.id, &s, now).await?;
                let detail = format!("letters {}, certificates {}", s.letters, s.certificates);
                audit::record(conn, &who, "documents.settings", Some(event.id), &detail, now).await
            })
        })
        .await
}

/// What an uploaded image is, by its first bytes: PNG, JPEG or SVG; anything else is refused.
pub fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        (head.trim_start().starts_with("<?xml") || head.trim_start().starts_with("<svg")).then_some("svg").filter(|_| head.contains("<svg"))
    }
}

/// Replaces the logo or signature (`bytes` None removes it). Field errors: `not_an_image`,
/// `too_large`.
pub async fn save_image(ctx: &Ctx, who: Principal, slug: String, which: Image, bytes: Option<Vec<u8>>) -> Result<(), AppError> {
    let field = match which {
        Image::Logo => "logo",
        Image::Signature => "signature",
    };
    let now = ctx.now;
    let renderer = ctx.config.documents.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                if let Some(b) = &bytes {
                    let refuse = |code: &str| Err(AppError::Form([(field.to_owned(), code.to_owned())].into()));
                    if b.len() > MAX_IMAGE {
                        return refuse("too_large");
                    }
                    if image_kind(b).is_none() {
                        return refuse("not_an_image");
                    }
                    // An image Typst cannot read would break every document: try it now.
                    if let Ok(r) = renderer.renderer()
                        && !r.image_is_readable(b)
                    {
                        return refuse("not_an_image");
                    }
                }
                let removed = bytes.is_none();
                storage::set_image(conn, event.id, which, bytes, now).await?;
                let action = if removed { "documents.image_removed" } else { "documents.image" };
                audit::record(conn, &who, action, Some(event.id), field, now).await
            })
        })
        .await
}

/// Revokes one of the event's letters or certificates: its verification page says so.
pub async fn revoke(ctx: &Ctx, who: Principal, slug: String, id: i64) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let doc = storage::by_id(conn, id).await?.filter(|d| d.event_id == event.id).ok_or(AppError::NotFound)?;
                if !storage::revoke(conn, event.id, id, now).await? {
                    return Ok(());
                }
                audit::record_about(conn, &who, "documents.revoked", Some(event.id), doc.registration_id, &doc.reference, now).await
            })
        })
        .await
}

/// Issues a letter or certificate by hand for one registration (`reference`: its public id
/// or email address), with passport details for a letter when the registration has none.
pub async fn issue_by_hand(
    ctx: &Ctx,
    who: Principal,
    slug: String,
    reference: String,
    kind: DocumentKind,
    passport: Option<Passport>,
) -> Result<i64, AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let field = |code: &str| AppError::Form([("issue.person".to_owned(), code.to_owned())].into());
                let reg_id = issue::find_registration(conn, event.id, &reference).await?.ok_or_else(|| field("no_such_registration"))?;
                let settings = storage::settings(conn, event.id).await?;
                let issued = match kind {
                    DocumentKind::Letter => issue::letter(conn, &event, &settings, reg_id, passport, Some(who.user_id), now).await,
                    DocumentKind::Certificate => issue::certificate(conn, &event, &settings, reg_id, Some(who.user_id), now).await,
                };
                let doc = match issued {
                    Ok(issued) => issued.row(),
                    Err(AppError::Conflict(why)) => return Err(field(issue::field_code(why))),
                    Err(e) => return Err(e),
                };
                audit::record_about(conn, &who, "documents.issued", Some(event.id), reg_id, &doc.reference, now).await?;
                Ok(doc.id)
            })
        })
        .await
}

/// Issues a certificate to every attendee who qualifies and has none, and queues an email to
/// each with it attached (rendered when the email is sent). Returns how many were queued.
pub async fn send_certificates(ctx: &Ctx, who: Principal, slug: String) -> Result<usize, AppError> {
    let now = ctx.now;
    let base_url = ctx.config.base_url.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let settings = storage::settings(conn, event.id).await?;
                if !settings.certificates {
                    return Err(AppError::Conflict(refusal::CERTIFICATES_OFF));
                }
                let due = issue::certificates_due(conn, &event, &settings).await?;
                for reg_id in &due {
                    let doc = match issue::certificate(conn, &event, &settings, *reg_id, None, now).await {
                        Ok(issued) => issued.row(),
                        Err(AppError::Conflict(_)) => continue,
                        Err(e) => return Err(e),
                    };
                    issue::queue_certificate_email(conn, &event, &doc, &base_url, now).await?;
                }
                let detail = format!("{} certificates", due.len());
                audit::record(conn, &who, "documents.certificates_sent", Some(event.id), &detail, now).await?;
                Ok(due.len())
            })
        })
        .await
}

/// Sets the role a registration's badge prints.
pub async fn set_badge_role(ctx: &Ctx, who: Principal, reg_id: i64, role: String) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let reg = registrations::by_id(conn, reg_id).await?;
                who.ensure_manage(reg.event_id)?;
                let role =
                    BadgeRole::parse(&role).map_err(|_| AppError::Form([("badge_role".to_owned(), "unknown_choice".to_owned())].into()))?;
                storage::set_badge_role(conn, reg.id, role.code()).await?;
                audit::record_about(conn, &who, "documents.badge_role", Some(reg.event_id), reg.id, role.code(), now).await
            })
        })
        .await
}

/// The role a registration's badge prints (for its back-office page).
pub async fn badge_role(ctx: &Ctx, who: &Principal, reg_id: i64) -> Result<String, AppError> {
    let mut conn = ctx.store.read().await?;
    let reg = registrations::by_id(&mut conn, reg_id).await?;
    who.ensure_checkin(reg.event_id)?;
    Ok(storage::badge_of(&mut conn, reg.id).await?.map(|b| b.badge_role).unwrap_or_default())
}

/// A PDF with its download name.
pub struct Pdf {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The badges of the registrations `filters` selects, in `lang` (else each person's own).
pub async fn badges(ctx: &Ctx, who: &Principal, slug: &str, filters: &RegQuery, lang: Option<Language>) -> Result<Pdf, AppError> {
    let renderer = ctx.config.documents.renderer()?;
    let mut conn = ctx.store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    let settings = storage::settings(&mut conn, event.id).await?;
    let rows: Vec<storage::BadgeRow> = conn.fetch_all(storage::badges(event.id, filters)).await?;
    if rows.len() > MAX_BADGES {
        return Err(AppError::Refused(format!("at most {MAX_BADGES} badges per PDF: filter the table")));
    }
    drop(conn);
    // Laid out in parts, whole A4 sheets each, so memory stays bounded whatever the count.
    let parts = rows.chunks(BADGES_PER_PART).map(|part| compose::badges(&event, &settings.badge_layout, part, lang)).collect();
    let bytes = render_parts(renderer, Template::Badge, parts).await?;
    Ok(Pdf { name: format!("badges-{}.pdf", event.slug), bytes })
}

/// One person's badge, for the check-in desk (a lost badge): check-in staff may print it.
pub async fn badge(ctx: &Ctx, who: &Principal, reg_id: i64, lang: Option<Language>) -> Result<Pdf, AppError> {
    let renderer = ctx.config.documents.renderer()?;
    let mut conn = ctx.store.read().await?;
    let reg = registrations::by_id(&mut conn, reg_id).await?;
    who.ensure_checkin(reg.event_id)?;
    let event = events::storage::by_id(&mut conn, reg.event_id).await?;
    let settings = storage::settings(&mut conn, event.id).await?;
    let row = storage::badge_of(&mut conn, reg.id).await?.ok_or(AppError::NotFound)?;
    if row.checkin_code.is_none() {
        return Err(AppError::Conflict(refusal::NO_CHECKIN_CODE));
    }
    drop(conn);
    // One badge on a sheet of eight would waste seven: a lost badge is printed on its own.
    let layout = if settings.badge_layout == BadgeLayout::A4x8.code() { BadgeLayout::A6.code() } else { &settings.badge_layout };
    let inputs = compose::badges(&event, layout, std::slice::from_ref(&row), lang);
    let bytes = render_blocking(renderer, Template::Badge, inputs).await?;
    Ok(Pdf { name: format!("badge-{}.pdf", row.public_id), bytes })
}

/// A registration's letter or certificate for an organizer (the API and the documents page):
/// the valid one, issued now if it has none and it applies; 409 with the reason otherwise.
/// `lang` prints it in another language (a new document is issued in that language).
pub async fn for_organizer(ctx: &Ctx, who: Principal, reg_id: i64, kind: DocumentKind, lang: Option<Language>) -> Result<Pdf, AppError> {
    let renderer = ctx.config.documents.renderer()?;
    let now = ctx.now;
    let doc = ctx
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let reg = registrations::by_id(conn, reg_id).await?;
                who.ensure_manage(reg.event_id)?;
                let event = events::storage::by_id(conn, reg.event_id).await?;
                let settings = storage::settings(conn, event.id).await?;
                let issued = match kind {
                    DocumentKind::Letter => issue::letter(conn, &event, &settings, reg.id, None, Some(who.user_id), now).await,
                    DocumentKind::Certificate => issue::certificate(conn, &event, &settings, reg.id, Some(who.user_id), now).await,
                };
                let mut doc = match issued {
                    Ok(Issued::New(doc)) => {
                        audit::record_about(conn, &who, "documents.issued", Some(event.id), reg.id, &doc.reference, now).await?;
                        doc
                    }
                    Ok(Issued::Existing(doc)) => doc,
                    Err(e) => return Err(e),
                };
                if let Some(lang) = lang {
                    doc.language = lang.code().to_owned();
                }
                Ok(doc)
            })
        })
        .await?;
    // An organizer's copy is not the holder's download: the count stays the holder's.
    issue::render(ctx, renderer, doc, false).await
}

/// `/verify/:code`: what the document is, or 404.
pub async fn verify(ctx: &Ctx, code: &str, loc: Locale) -> Result<Verification, AppError> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() > 40 {
        return Err(AppError::NotFound);
    }
    let mut conn = ctx.store.read().await?;
    let doc = storage::by_code(&mut conn, &code).await?.ok_or(AppError::NotFound)?;
    let event = events::storage::by_id(&mut conn, doc.event_id).await?;
    let tz = &event.timezone;
    Ok(Verification {
        kind: DocumentKind::parse(&doc.kind).unwrap_or(DocumentKind::Letter),
        reference: doc.reference,
        holder: doc.holder_name,
        event: event.title.clone(),
        dates: time_fmt::date_range(event.starts_at, event.ends_at, tz, loc),
        issued: time_fmt::date(doc.issued_at, tz, loc),
        revoked: doc.revoked_at.map(|t| time_fmt::date(t, tz, loc)),
    })
}

/// The language a request asks documents in: `lang=xx` when it is one of ours.
pub fn asked_language(raw: Option<&str>) -> Option<Language> {
    raw.and_then(|l| Language::parse(l).ok())
}
