//! The organizer's side of nominations: when they close, the total and the seats per country,
//! the focal points (each emailed a private link, which a new link replaces), the report per
//! country (quota, nominated, approved, attended), the letters, and the quotas API. Every
//! write checks the account's rights on the event and is audited.
use super::{focal, storage};
use crate::{
    accounts::ssr::{Principal, audit},
    admin::{FormErrors, ssr::events::summary},
    context::Ctx,
    domain::{CountryCode, Email, Language, PersonName, Visibility},
    error::AppError,
    events::ssr::{
        self as events, EventRow,
        input::{form_time, local_time},
    },
    i18n::Locale,
    mail::{outbox, templates},
    nominations::{CountryLine, FocalLine, NominationsPage},
    store::{BoxFuture, Conn},
    time_fmt,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The most seats one country (or the total) may be given.
const MAX_SEATS: i64 = 100_000;

fn country_name(code: &str, loc: Locale) -> String {
    CountryCode::parse(code).map(|c| c.country().name(crate::locale::language_of(loc)).to_owned()).unwrap_or_else(|_| code.to_owned())
}

/// Per country, every country with seats, a focal point or a nominee.
pub async fn countries(conn: &mut Conn, event_id: i64, loc: Locale) -> Result<Vec<CountryLine>, AppError> {
    let quotas: BTreeMap<String, i64> = storage::quotas(conn, event_id).await?.into_iter().collect();
    let counts: BTreeMap<String, (i64, i64, i64)> =
        storage::per_country(conn, event_id).await?.into_iter().map(|(c, n, a, t)| (c, (n, a, t))).collect();
    let mut codes: Vec<String> = quotas.keys().chain(counts.keys()).cloned().collect();
    codes.extend(storage::focal_points(conn, event_id).await?.into_iter().map(|f| f.country));
    codes.sort();
    codes.dedup();
    let mut lines: Vec<CountryLine> = codes
        .into_iter()
        .map(|code| {
            let (nominated, approved, attended) = counts.get(&code).copied().unwrap_or_default();
            CountryLine { name: country_name(&code, loc), quota: quotas.get(&code).copied(), nominated, approved, attended, code }
        })
        .collect();
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(lines)
}

/// `/admin/events/:slug/nominations`.
pub async fn page(ctx: &Ctx, who: &Principal, slug: &str, loc: Locale) -> Result<NominationsPage, AppError> {
    let mut conn = ctx.store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    let (set, total) = storage::settings(&mut conn, event.id).await?;
    let counts: BTreeMap<i64, i64> = storage::nominee_counts(&mut conn, event.id).await?.into_iter().collect();
    let mut focal_points = Vec::new();
    for f in storage::focal_points(&mut conn, event.id).await? {
        let letter = focal::letter_info(storage::letter_info(&mut conn, f.id).await?, &event.timezone, loc);
        focal_points.push(FocalLine {
            id: f.id,
            country_name: country_name(&f.country, loc),
            country: f.country,
            name: f.name,
            email: f.email,
            ministry: f.ministry,
            link_sent: f.link_sent_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
            nominees: counts.get(&f.id).copied().unwrap_or(0),
            letter,
        });
    }
    Ok(NominationsPage {
        event: summary(&mut conn, who, &event, loc).await?,
        closes_value: set.map(|t| form_time(t, &event.timezone)).unwrap_or_default(),
        closes: time_fmt::date_time(focal::closes_at(&event, set), &event.timezone, loc),
        open: focal::open(&mut conn, &event, ctx.now).await?,
        total,
        countries: countries(&mut conn, event.id, loc).await?,
        focal_points,
        invitation_only: event.visibility == Visibility::Invitation,
    })
}

fn seats(raw: &str) -> Result<Option<i64>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse::<i64>().ok().filter(|n| (0..=MAX_SEATS).contains(n)).map(Some).ok_or("invalid_number"),
    }
}

/// The nominations form: `closes` (the event's local time), `total`, and rows `country.N`
/// with `seats.N` (a row with no seats is dropped).
pub async fn save_settings(ctx: &Ctx, who: Principal, slug: String, values: BTreeMap<String, String>) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let mut errors = FormErrors::new();
                let value = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
                let closes = match value("closes").trim() {
                    "" => None,
                    raw => local_time(raw, &event.timezone).map_err(|e| errors.insert("closes".into(), e.into())).ok(),
                };
                let total = seats(value("total")).map_err(|e| errors.insert("total".into(), e.into())).ok().flatten();
                let mut rows = Vec::new();
                for key in values.keys().filter(|k| k.starts_with("country.")) {
                    let n = &key["country.".len()..];
                    rows.push((n.to_owned(), value(key).trim().to_owned(), value(&format!("seats.{n}")).to_owned()));
                }
                let quotas = quota_rows(rows, &mut errors);
                // Seats per country may add up to more than the total: offices often offer
                // each country more than they can take in all, first come first served.
                check_held(conn, event.id, &quotas, total, &mut errors).await?;
                if !errors.is_empty() {
                    return Err(AppError::Form(errors));
                }
                let pairs: Vec<(String, i64)> = quotas.iter().map(|(_, c, s)| (c.clone(), *s)).collect();
                storage::set_settings(conn, event.id, closes, total).await?;
                storage::replace_quotas(conn, event.id, &pairs).await?;
                let detail = pairs.iter().map(|(c, s)| format!("{c} {s}")).collect::<Vec<_>>().join(", ");
                audit::record(conn, &who, "nominations.quotas", Some(event.id), &format!("total {total:?}; {detail}"), now).await
            })
        })
        .await
}

/// The quota rows of the form, checked: (row number, country, seats). Rows with neither a
/// country nor seats are empty lines of the form.
fn quota_rows(rows: Vec<(String, String, String)>, errors: &mut FormErrors) -> Vec<(String, String, i64)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (n, country, raw) in rows {
        if country.is_empty() && raw.trim().is_empty() {
            continue;
        }
        let code = match CountryCode::parse(&country) {
            Ok(c) => c.as_str().to_owned(),
            Err(_) => {
                errors.insert(format!("country.{n}"), "unknown_country".into());
                continue;
            }
        };
        if !seen.insert(code.clone()) {
            errors.insert(format!("country.{n}"), "duplicate_country".into());
            continue;
        }
        match seats(&raw) {
            Ok(Some(s)) => out.push((n, code, s)),
            // A country with its seats emptied has no limit of its own any more.
            Ok(None) => {}
            Err(e) => {
                errors.insert(format!("seats.{n}"), e.into());
            }
        }
    }
    out
}

/// Refuses seats below what nominees already hold: a quota is never exceeded.
async fn check_held(
    conn: &mut Conn,
    event_id: i64,
    quotas: &[(String, String, i64)],
    total: Option<i64>,
    errors: &mut FormErrors,
) -> Result<(), AppError> {
    for (n, code, s) in quotas {
        if storage::used(conn, event_id, Some(code)).await? > *s {
            errors.insert(format!("seats.{n}"), "below_nominated".into());
        }
    }
    if let Some(t) = total
        && storage::used(conn, event_id, None).await? > t
    {
        errors.insert("total".into(), "below_nominated".into());
    }
    Ok(())
}

/// A focal point as the organizer names them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FocalForm {
    pub country: String,
    pub name: String,
    pub email: String,
    pub ministry: String,
    pub language: String,
}

/// Names a focal point and emails them their link.
pub async fn add_focal(ctx: Ctx, who: Principal, slug: String, form: FocalForm) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let mut errors = FormErrors::new();
                let country =
                    CountryCode::parse(&form.country).map_err(|_| errors.insert("focal.country".into(), "unknown_country".into())).ok();
                let name = PersonName::parse(&form.name).map_err(|e| errors.insert("focal.name".into(), code(e))).ok();
                let email = Email::parse(&form.email).map_err(|e| errors.insert("focal.email".into(), code(e))).ok();
                let ministry = form.ministry.trim().chars().take(200).collect::<String>();
                let language = Language::parse(&form.language).unwrap_or(Language::En);
                let (Some(country), Some(name), Some(email)) = (country, name, email) else {
                    return Err(AppError::Form(errors));
                };
                let new = storage::NewFocal {
                    event_id: event.id,
                    country: country.as_str(),
                    name: name.as_str(),
                    email: email.as_str(),
                    ministry: &ministry,
                    language: language.code(),
                };
                let id = storage::insert_focal(conn, &new, ctx.now).await?;
                let row = storage::focal_point(conn, event.id, id).await?;
                send_link(conn, &ctx, &event, &row).await?;
                audit::record(
                    conn,
                    &who,
                    "nominations.focal_point",
                    Some(event.id),
                    &format!("focal point {id} for {}", country.as_str()),
                    ctx.now,
                )
                .await
            })
        })
        .await
}

/// A field error's code, as the back-office forms name them.
fn code(e: crate::domain::FieldError) -> String {
    serde_json::to_value(e).ok().and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned)).unwrap_or_else(|| "invalid".into())
}

/// Gives the focal point a fresh link (the last one stops working) and emails it.
async fn send_link(conn: &mut Conn, ctx: &Ctx, event: &EventRow, f: &storage::FocalRow) -> Result<(), AppError> {
    let token = crate::tokens::generate();
    storage::set_token(conn, f.id, &token.hash, ctx.now).await?;
    let loc = crate::locale::locale_of(&f.language);
    let (set, _) = storage::settings(conn, event.id).await?;
    let to = templates::Addressee { registration_id: 0, given_name: f.name.clone(), email: f.email.clone(), locale: loc };
    let mut email = templates::nomination_link(
        &event.facts(loc),
        &to,
        &country_name(&f.country, loc),
        storage::quota_of(conn, event.id, &f.country).await?,
        &time_fmt::date_time(focal::closes_at(event, set), &event.timezone, loc),
        &format!("{}/nominate/{}", ctx.config.base_url, token.text),
    );
    email.registration_id = None;
    outbox::enqueue(conn, &email, ctx.now).await?;
    Ok(())
}

/// Emails a focal point a new link.
pub async fn resend_link(ctx: Ctx, who: Principal, slug: String, id: i64) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let row = storage::focal_point(conn, event.id, id).await?;
                send_link(conn, &ctx, &event, &row).await?;
                audit::record(conn, &who, "nominations.link", Some(event.id), &format!("focal point {id}"), ctx.now).await
            })
        })
        .await
}

/// Removes a focal point: their link stops working, their nominees stay.
pub async fn remove_focal(ctx: Ctx, who: Principal, slug: String, id: i64) -> Result<(), AppError> {
    ctx.store
        .clone()
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                storage::focal_point(conn, event.id, id).await?;
                storage::remove_focal(conn, id, ctx.now).await?;
                audit::record(conn, &who, "nominations.remove_focal_point", Some(event.id), &format!("focal point {id}"), ctx.now).await
            })
        })
        .await
}

/// A focal point's letter, for the event's organizers.
pub async fn letter_for_organizer(ctx: &Ctx, who: &Principal, slug: &str, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let mut conn = ctx.store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    storage::focal_point(&mut conn, event.id, id).await.or(Err(AppError::NotFound))?;
    storage::letter(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// `GET /api/v1/events/{slug}/quotas`: per country, its seats and how its nominees stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaReport {
    /// The most nominees in all, if set.
    pub total: Option<i64>,
    pub countries: BTreeMap<String, QuotaLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaLine {
    pub seats: Option<i64>,
    pub nominated: i64,
    pub approved: i64,
    pub attended: i64,
}

pub async fn report(ctx: &Ctx, who: &Principal, slug: &str) -> Result<QuotaReport, AppError> {
    let mut conn = ctx.store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    report_of(&mut conn, &event).await
}

async fn report_of(conn: &mut Conn, event: &EventRow) -> Result<QuotaReport, AppError> {
    let (_, total) = storage::settings(conn, event.id).await?;
    let lines = countries(conn, event.id, Locale::default()).await?;
    Ok(QuotaReport {
        total,
        countries: lines
            .into_iter()
            .map(|l| (l.code, QuotaLine { seats: l.quota, nominated: l.nominated, approved: l.approved, attended: l.attended }))
            .collect(),
    })
}

/// `PUT /api/v1/events/{slug}/quotas`: `{"BT": 3, "BD": 3, "total": 12}` replaces the seats
/// per country (and the total; without `total`, none). 422 names each bad key.
pub async fn put(ctx: &Ctx, who: Principal, slug: String, body: serde_json::Value) -> Result<QuotaReport, AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let Some(map) = body.as_object() else {
                    return Err(AppError::Refused("the body is an object of country codes and seats".into()));
                };
                let mut errors = FormErrors::new();
                let number = |v: &serde_json::Value| v.as_i64().filter(|n| (0..=MAX_SEATS).contains(n));
                let mut total = None;
                let mut quotas = Vec::new();
                for (key, value) in map {
                    if key == "total" {
                        match value {
                            serde_json::Value::Null => {}
                            v => match number(v) {
                                Some(n) => total = Some(n),
                                None => {
                                    errors.insert("total".into(), "invalid_number".into());
                                }
                            },
                        }
                        continue;
                    }
                    let problem = match (CountryCode::parse(key), number(value)) {
                        (Err(_), _) => "unknown_country",
                        (_, None) => "invalid_number",
                        (Ok(c), Some(n)) => {
                            quotas.push((key.clone(), c.as_str().to_owned(), n));
                            continue;
                        }
                    };
                    errors.insert(key.clone(), problem.into());
                }
                check_held(conn, event.id, &quotas, total, &mut errors).await?;
                if !errors.is_empty() {
                    return Err(AppError::Form(errors));
                }
                let (closes, _) = storage::settings(conn, event.id).await?;
                let pairs: Vec<(String, i64)> = quotas.iter().map(|(_, c, s)| (c.clone(), *s)).collect();
                storage::set_settings(conn, event.id, closes, total).await?;
                storage::replace_quotas(conn, event.id, &pairs).await?;
                audit::record(conn, &who, "nominations.quotas", Some(event.id), &format!("{} countries through the API", pairs.len()), now)
                    .await?;
                report_of(conn, &event).await
            })
        })
        .await
}
