//! The rules of online attendance. An upload is read (the platform recognised from its
//! headers), placed on one of the event's days and kept for review; the preview matches its
//! rows to registrations; saving records each matched person's minutes for that day (a second
//! report of the same day replaces them, the very same file again changes nothing), adds the
//! walk-ins the organizer chose, and rewrites the check-ins those minutes make against the
//! event's threshold. Every write checks the account's rights on the event and is audited.
use super::{
    country_names,
    matching::{self, Person, Row},
    storage,
};
use crate::{
    accounts::ssr::{Principal, audit},
    admin::ssr::events::summary,
    attendance::{ApiOutcome, AttendancePage, Found, Preview, PreviewRow, ReportLine, platform},
    checkin::{event_dates, event_days},
    context::Ctx,
    domain::{RegistrationInput, RegistrationStatus},
    error::AppError,
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    registrations::ssr::{service::insert_registration, storage as registrations},
    store::{BoxFuture, Conn, Store},
    time_fmt,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The largest threshold an organizer may set: a whole day.
const MAX_THRESHOLD: i64 = 24 * 60;

fn form_error(field: &str, code: &str) -> AppError {
    AppError::Form([(field.to_owned(), code.to_owned())].into_iter().collect())
}

pub async fn page(store: &Store, who: &Principal, slug: &str, loc: Locale) -> Result<AttendancePage, AppError> {
    let mut conn = store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    let days = event_days(&event, loc);
    let reports = storage::reports(&mut conn, event.id)
        .await?
        .into_iter()
        .map(|r| ReportLine {
            id: r.id,
            platform: r.platform.clone(),
            day: day_label(&event, &days, r.scope, loc),
            uploaded: time_fmt::date_time(r.uploaded_at, &event.timezone, loc),
            saved: r.saved_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
            matched: r.matched,
        })
        .collect();
    // A one-day event's day is scope 0, the whole event.
    let days = if days.is_empty() { vec![(0, time_fmt::day_label(event.starts_at, &event.timezone, loc))] } else { days };
    Ok(AttendancePage {
        event: summary(&mut conn, who, &event, loc).await?,
        threshold: storage::threshold(&mut conn, event.id).await?,
        days,
        reports,
    })
}

/// "Tuesday 3 December 2026": the day of the event the report is for (a one-day event's own).
fn day_label(event: &EventRow, days: &[(i64, String)], scope: i64, loc: Locale) -> String {
    days.iter()
        .find(|(s, _)| *s == scope)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| time_fmt::day_label(event.starts_at, &event.timezone, loc))
}

/// The registrations a row may match, as the matcher and the manual choice see them.
async fn people(conn: &mut Conn, event_id: i64) -> Result<Vec<(Person, String)>, AppError> {
    Ok(storage::people(conn, event_id)
        .await?
        .into_iter()
        .map(|(id, given, family, email, email_norm)| {
            let name = format!("{given} {family}");
            let shown = format!("{name} <{email}>");
            (Person { id, name, email_norm }, shown)
        })
        .collect())
}

/// The day of the event a report is for: the organizer's choice, else the report's own date.
/// A platform writes times in its account's zone, not the event's, so for a one-day event a
/// date one day off is that day; a multi-day event needs the date exactly (or a choice).
fn scope_of(event: &EventRow, chosen: Option<i64>, day: Option<chrono::NaiveDate>) -> Result<i64, AppError> {
    let dates = event_dates(event);
    if dates.len() < 2 {
        let near = |d: chrono::NaiveDate| dates.iter().any(|x| (*x - d).num_days().abs() <= 1);
        return match (chosen, day) {
            (Some(0 | -1), _) | (None, None) => Ok(0),
            (Some(_), _) => Err(form_error("day", "unknown_day")),
            (None, Some(d)) if near(d) => Ok(0),
            (None, Some(_)) => Err(form_error("file", "wrong_day")),
        };
    }
    if let Some(scope) = chosen {
        let n = usize::try_from(-scope).unwrap_or(0);
        return if (1..=dates.len()).contains(&n) { Ok(scope) } else { Err(form_error("day", "unknown_day")) };
    }
    let d = day.ok_or_else(|| form_error("day", "choose_day"))?;
    let n = dates.iter().position(|x| *x == d).ok_or_else(|| form_error("file", "wrong_day"))?;
    Ok(-(n as i64 + 1))
}

/// Reads a file into the rows kept for review, with times in the event's zone.
fn read(event: &EventRow, file: &[u8]) -> Result<(platform::Report, Vec<Row>), AppError> {
    let report = platform::parse(file).map_err(|e| {
        form_error(
            "file",
            match e {
                platform::ParseError::NotRecognised => "not_recognised",
                platform::ParseError::Empty => "empty",
                platform::ParseError::Unreadable => "unreadable",
            },
        )
    })?;
    let zone: chrono_tz::Tz = event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let unix = |t: Option<chrono::NaiveDateTime>| {
        use chrono::TimeZone;
        t.and_then(|t| zone.from_local_datetime(&t).earliest()).map(|t| t.timestamp())
    };
    let rows = report
        .attendees
        .iter()
        .map(|a| Row {
            name: a.name.clone(),
            email: a.email.clone(),
            joined: unix(a.joined),
            left: unix(a.left),
            minutes: i64::from(a.minutes),
            country: a.country.as_deref().and_then(country_names::code),
        })
        .collect();
    Ok((report, rows))
}

/// What an upload became: a report waiting for review, or the very same file saved before.
pub enum Uploaded {
    Pending(i64),
    AlreadySaved(i64),
}

/// Reads an uploaded report and keeps it for the organizer's review. `day` is the check-in
/// scope the organizer chose (None: the report's own date).
pub async fn upload(ctx: &Ctx, who: Principal, slug: String, file: Vec<u8>, day: Option<i64>) -> Result<Uploaded, AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: a stranger learns nothing from how their file is refused.
                let event = events::managed(conn, &who, &slug).await?;
                if file.is_empty() {
                    return Err(form_error("file", "no_file"));
                }
                let digest = hex(&Sha256::digest(&file));
                if let Some(id) = storage::saved_with_digest(conn, event.id, &digest).await? {
                    return Ok(Uploaded::AlreadySaved(id));
                }
                let (report, rows) = read(&event, &file)?;
                let scope = scope_of(&event, day, report.day)?;
                let day = report.day.map(|d| d.to_string()).unwrap_or_default();
                let json = serde_json::to_string(&rows).map_err(|e| AppError::Internal(e.into()))?;
                let id =
                    storage::insert_report(conn, event.id, &digest, report.platform.code(), scope, &day, &json, Some(who.user_id), now)
                        .await?;
                Ok(Uploaded::Pending(id))
            })
        })
        .await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn kept_rows(r: &storage::ReportRow) -> Result<Vec<Row>, AppError> {
    match &r.rows {
        Some(json) => serde_json::from_str(json).map_err(|e| AppError::Internal(e.into())),
        None => Ok(Vec::new()),
    }
}

fn preview_rows(event: &EventRow, rows: &[Row], found: Vec<Found>, loc: Locale) -> Vec<PreviewRow> {
    let when = |t: Option<i64>| t.map(|t| time_fmt::date_time(t, &event.timezone, loc)).unwrap_or_default();
    rows.iter()
        .zip(found)
        .enumerate()
        .map(|(index, (r, found))| PreviewRow {
            index,
            name: r.name.clone(),
            email: r.email.clone().unwrap_or_default(),
            joined: when(r.joined),
            left: when(r.left),
            minutes: r.minutes,
            country: r.country.clone().unwrap_or_default(),
            found,
        })
        .collect()
}

pub async fn preview(store: &Store, who: &Principal, slug: &str, id: i64, loc: Locale) -> Result<Preview, AppError> {
    let mut conn = store.read().await?;
    let event = events::managed(&mut conn, who, slug).await?;
    let report = storage::report(&mut conn, event.id, id).await?;
    let rows = kept_rows(&report)?;
    let people = people(&mut conn, event.id).await?;
    let found = matching::find(&rows, &people.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
    let days = event_days(&event, loc);
    Ok(Preview {
        event: summary(&mut conn, who, &event, loc).await?,
        id,
        platform: report.platform.clone(),
        day: day_label(&event, &days, report.scope, loc),
        threshold: storage::threshold(&mut conn, event.id).await?,
        saved: report.saved_at.map(|t| time_fmt::date_time(t, &event.timezone, loc)),
        rows: preview_rows(&event, &rows, found, loc),
        people: people.into_iter().map(|(p, shown)| (p.id, shown)).collect(),
    })
}

/// The organizer's decision on one row of the preview.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// As matched automatically (nothing for unmatched and ambiguous rows).
    Auto,
    /// Not recorded.
    Skip,
    Registration(i64),
    /// Added as a registration that attended, from the country given.
    WalkIn(String),
}

/// What saving a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub matched: usize,
    pub walk_ins: usize,
    /// People the event's online minutes now count as attended (all its reports).
    pub attended: i64,
}

/// Saves a report with the organizer's choices per row (by row number). A refused choice is
/// named by its row (`row.<n>`) and nothing is saved.
pub async fn save(ctx: &Ctx, who: Principal, slug: String, id: i64, choices: BTreeMap<usize, Choice>) -> Result<Saved, AppError> {
    let ctx2 = ctx.clone();
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let ctx = ctx2;
                let event = events::managed(conn, &who, &slug).await?;
                let report = storage::report(conn, event.id, id).await?;
                let threshold = storage::threshold(conn, event.id).await?;
                if report.saved_at.is_some() || storage::saved_with_digest(conn, event.id, &report.digest).await?.is_some() {
                    // The same file again: nothing changes.
                    let attended = storage::attended_online(conn, event.id).await?;
                    return Ok(Saved { matched: 0, walk_ins: 0, attended });
                }
                let rows = kept_rows(&report)?;
                let people = people(conn, event.id).await?;
                let known: HashMap<i64, ()> = people.iter().map(|(p, _)| (p.id, ())).collect();
                let found = matching::find(&rows, &people.into_iter().map(|(p, _)| p).collect::<Vec<_>>());

                // Each chosen row, checked before anything is written.
                let mut errors = BTreeMap::new();
                let mut chosen: Vec<(usize, Option<i64>)> = Vec::new();
                let mut walk_ins: Vec<(usize, RegistrationInput)> = Vec::new();
                for (n, (row, found)) in rows.iter().zip(&found).enumerate() {
                    match choices.get(&n).cloned().unwrap_or(Choice::Auto) {
                        Choice::Auto => {
                            if let Some(reg) = found.registration() {
                                chosen.push((n, Some(reg)));
                            }
                        }
                        Choice::Skip => {}
                        Choice::Registration(reg) if known.contains_key(&reg) => chosen.push((n, Some(reg))),
                        Choice::Registration(_) => {
                            errors.insert(format!("row.{n}"), "unknown_registration".to_owned());
                        }
                        Choice::WalkIn(country) => match walk_in(row, &country) {
                            Ok(input) => {
                                walk_ins.push((n, input));
                                chosen.push((n, None));
                            }
                            Err(code) => {
                                errors.insert(format!("row.{n}"), code.to_owned());
                            }
                        },
                    }
                }
                if !errors.is_empty() {
                    return Err(AppError::Form(errors));
                }

                let mut added: HashMap<usize, i64> = HashMap::new();
                for (n, input) in &walk_ins {
                    let valid = input.validate(&crate::domain::FormRules::default()).map_err(AppError::Validation)?;
                    if let Some(existing) = registrations::active_by_email(conn, event.id, &valid.email.normalized()).await? {
                        // Registered after all (another row, or meanwhile): the same person.
                        added.insert(*n, existing.id);
                        continue;
                    }
                    let reg = insert_registration(conn, &ctx, &event, &valid, RegistrationStatus::Confirmed).await?;
                    registrations::mark_added_by_organizer(conn, reg, Some(ctx.now)).await?;
                    audit::record_about(
                        conn,
                        &who,
                        "registration.walk_in",
                        Some(event.id),
                        reg,
                        &format!("registration {reg} ({}) added from an attendance report", valid.email.as_str()),
                        ctx.now,
                    )
                    .await?;
                    added.insert(*n, reg);
                }

                // One figure per person: two rows of one person (two devices, two addresses)
                // count the longer, never the sum.
                let mut per_person: BTreeMap<i64, (i64, Option<i64>, Option<i64>)> = BTreeMap::new();
                for (n, reg) in chosen {
                    let Some(reg) = reg.or_else(|| added.get(&n).copied()) else { continue };
                    let row = &rows[n];
                    let e = per_person.entry(reg).or_insert((0, row.joined, row.left));
                    e.0 = e.0.max(row.minutes);
                    e.1 = match (e.1, row.joined) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    e.2 = e.2.max(row.left);
                }
                for (reg, (minutes, joined, left)) in &per_person {
                    storage::record(conn, event.id, *reg, report.scope, *minutes, *joined, *left, report.id).await?;
                }
                storage::mark_saved(conn, report.id, per_person.len() as i64, ctx.now).await?;
                storage::rewrite_checkins(conn, event.id, threshold, Some(who.user_id), ctx.now).await?;
                let attended = storage::attended_online(conn, event.id).await?;
                let detail = format!(
                    "attendance report {} ({}, {}): {} people recorded, {} walk-ins",
                    report.id,
                    report.platform,
                    report.day,
                    per_person.len(),
                    walk_ins.len()
                );
                audit::record(conn, &who, "attendance.save", Some(event.id), &detail, ctx.now).await?;
                Ok(Saved { matched: per_person.len(), walk_ins: walk_ins.len(), attended })
            })
        })
        .await
}

/// A walk-in's registration from a report's row: its name split at the last space, its email,
/// the country chosen; what the report cannot know is left as "—".
fn walk_in(row: &Row, country: &str) -> Result<RegistrationInput, &'static str> {
    let email = row.email.clone().ok_or("walk_in_without_email")?;
    if country.trim().is_empty() {
        return Err("walk_in_country");
    }
    let name = row.name.split_whitespace().collect::<Vec<_>>();
    let (given, family) = match name.split_last() {
        Some((last, rest)) if !rest.is_empty() => (rest.join(" "), (*last).to_owned()),
        Some((only, _)) => ((*only).to_owned(), "—".to_owned()),
        None => return Err("walk_in_without_name"),
    };
    Ok(RegistrationInput {
        given_name: given,
        family_name: family,
        email,
        country: country.trim().to_owned(),
        organization: "—".into(),
        organization_type: "other".into(),
        job_title: "—".into(),
        consent: true,
        ..Default::default()
    })
}

/// Sets the minutes online that make a person attended, and recounts the event's check-ins.
pub async fn set_threshold(ctx: &Ctx, who: Principal, slug: String, raw: String) -> Result<(), AppError> {
    let now = ctx.now;
    ctx.store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = events::managed(conn, &who, &slug).await?;
                let minutes = raw
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|m| (1..=MAX_THRESHOLD).contains(m))
                    .ok_or_else(|| form_error("threshold", "threshold"))?;
                storage::set_threshold(conn, event.id, minutes).await?;
                storage::rewrite_checkins(conn, event.id, minutes, Some(who.user_id), now).await?;
                audit::record(conn, &who, "attendance.threshold", Some(event.id), &format!("{minutes} minutes"), now).await
            })
        })
        .await
}

/// `POST /api/v1/events/{slug}/attendance`: the platform's file as the body. With `dry_run`
/// nothing is kept and the preview is the answer; otherwise the rows that match by themselves
/// are saved (unmatched and ambiguous ones are listed for the back office's review).
pub async fn through_api(
    ctx: &Ctx,
    who: Principal,
    slug: String,
    file: Vec<u8>,
    day: Option<i64>,
    dry_run: bool,
) -> Result<ApiOutcome, AppError> {
    let loc = Locale::en;
    let (event, rows, report) = {
        let mut conn = ctx.store.read().await?;
        let event = events::managed(&mut conn, &who, &slug).await?;
        if file.is_empty() {
            return Err(form_error("file", "no_file"));
        }
        let (report, rows) = read(&event, &file)?;
        scope_of(&event, day, report.day)?;
        (event, rows, report)
    };
    let mut conn = ctx.store.read().await?;
    let people: Vec<Person> = people(&mut conn, event.id).await?.into_iter().map(|(p, _)| p).collect();
    drop(conn);
    let found = matching::find(&rows, &people);
    let all = preview_rows(&event, &rows, found, loc);
    let pick = |f: fn(&Found) -> bool| all.iter().filter(|r| f(&r.found)).cloned().collect::<Vec<_>>();
    let mut outcome = ApiOutcome {
        platform: report.platform.code().to_owned(),
        day: report.day.map(|d| d.to_string()).unwrap_or_default(),
        saved: false,
        matched: all.iter().filter(|r| r.found.registration().is_some()).count(),
        attended: 0,
        unmatched: pick(|f| *f == Found::Unmatched),
        ambiguous: pick(|f| matches!(f, Found::Ambiguous(_))),
        rows: all,
    };
    if dry_run {
        return Ok(outcome);
    }
    let id = match upload(ctx, who.clone(), slug.clone(), file, day).await? {
        Uploaded::Pending(id) | Uploaded::AlreadySaved(id) => id,
    };
    let saved = save(ctx, who, slug, id, BTreeMap::new()).await?;
    outcome.saved = true;
    outcome.attended = saved.attended as usize;
    Ok(outcome)
}
