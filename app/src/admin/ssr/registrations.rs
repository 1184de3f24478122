//! Registrations in the back office: the filtered, sorted, paged table (paged by the database,
//! so 20,000 rows stay fast), one registration in full, and the organizer's decisions: approve,
//! reject, promote, cancel, add by hand, check in and undo.
use super::events::{managed, summary};
use crate::server::db::Conn;
use crate::{
    accounts::ssr::{Principal, audit},
    admin::{RegDetail, RegQuery, RegRow, RegTable},
    domain::{Country, RegistrationInput, RegistrationStatus},
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    locale::country_name,
    registrations::ssr::{Ctx, emails, rows, seats},
    server::{AppError, AppState, db::BoxFuture},
    time_fmt,
};
use sqlx::{QueryBuilder, Sqlite};

pub const PAGE_SIZE: i64 = 50;

pub(crate) fn like(q: &str) -> String {
    let escaped = q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Adds the table's filters to a query that selects from `registrations r`.
pub(crate) fn filters(b: &mut QueryBuilder<'_, Sqlite>, event_id: i64, q: &RegQuery) {
    b.push(" WHERE r.event_id = ").push_bind(event_id);
    if let Ok(status) = RegistrationStatus::parse(&q.status) {
        b.push(" AND r.status = ").push_bind(status.code());
    }
    if !q.country.trim().is_empty() {
        b.push(" AND r.country = ").push_bind(q.country.trim().to_uppercase());
    }
    if !q.region.trim().is_empty() {
        let codes: Vec<&str> =
            Country::all().iter().filter(|c| c.region == q.region.trim() || c.subregion == q.region.trim()).map(|c| c.iso2).collect();
        b.push(" AND r.country IN (");
        let mut list = b.separated(", ");
        list.push_bind("");
        for c in codes {
            list.push_bind(c);
        }
        b.push(")");
    }
    if !q.org_type.trim().is_empty() {
        b.push(" AND r.organization_type = ").push_bind(q.org_type.trim().to_owned());
    }
    if let Ok(session) = q.session.trim().parse::<i64>() {
        b.push(" AND EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id AND rs.session_id = ")
            .push_bind(session)
            .push(")");
    }
    if !q.q.trim().is_empty() {
        let pattern = like(&q.q);
        b.push(" AND (lower(r.given_name || ' ' || r.family_name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR r.email_norm LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(r.organization) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

pub(crate) fn order(sort: &str) -> &'static str {
    match sort {
        "name" => "r.family_name COLLATE NOCASE, r.given_name COLLATE NOCASE",
        "-name" => "r.family_name COLLATE NOCASE DESC, r.given_name COLLATE NOCASE DESC",
        "country" => "r.country, r.family_name COLLATE NOCASE",
        "organization" => "r.organization COLLATE NOCASE, r.family_name COLLATE NOCASE",
        "status" => "r.status, r.waitlist_seq, r.id",
        "created" => "r.id",
        _ => "r.id DESC",
    }
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    given_name: String,
    family_name: String,
    email: String,
    country: String,
    organization: String,
    organization_type: String,
    status: String,
    waitlist_seq: Option<i64>,
    created_at: i64,
    checked_in: bool,
}

async fn to_row(conn: &mut Conn, event: &EventRow, r: ListRow, loc: Locale) -> Result<RegRow, AppError> {
    let status = RegistrationStatus::parse(&r.status).unwrap_or(RegistrationStatus::Cancelled);
    let waitlist_position = match (status, r.waitlist_seq) {
        (RegistrationStatus::Waitlisted, Some(seq)) => Some(rows::waitlist_position(conn, event.id, seq).await?),
        _ => None,
    };
    Ok(RegRow {
        id: r.id,
        name: format!("{} {}", r.given_name, r.family_name),
        email: r.email,
        country: country_name(&r.country, loc),
        organization: r.organization,
        organization_type: r.organization_type,
        status,
        waitlist_position,
        registered: time_fmt::date_time(r.created_at, &event.timezone, loc),
        checked_in: r.checked_in,
    })
}

const LIST_COLUMNS: &str = "SELECT r.id, r.given_name, r.family_name, r.email, r.country, r.organization, r.organization_type, r.status,
    r.waitlist_seq, r.created_at, EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id) AS checked_in
    FROM registrations r";

/// One page of the table, with the total the filters match.
pub async fn table(state: &AppState, who: &Principal, slug: &str, q: &RegQuery, loc: Locale) -> Result<RegTable, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let event = managed(&mut conn, who, slug).await?;
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM registrations r");
    filters(&mut count, event.id, q);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32;
    let page = q.page.clamp(1, pages);
    let mut list = QueryBuilder::<Sqlite>::new(LIST_COLUMNS);
    filters(&mut list, event.id, q);
    list.push(" ORDER BY ")
        .push(order(&q.sort))
        .push(" LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind((page as i64 - 1) * PAGE_SIZE);
    let found: Vec<ListRow> = list.build_query_as().fetch_all(&mut *conn).await?;
    let mut rows = Vec::with_capacity(found.len());
    for r in found {
        rows.push(to_row(&mut conn, &event, r, loc).await?);
    }
    let sessions = events::sessions_of(&mut conn, event.id).await?.into_iter().map(|s| (s.id, s.title)).collect();
    Ok(RegTable { event: summary(&mut conn, who, &event, loc).await?, rows, total, page, pages, sessions })
}

/// All rows the filters match (for the API), without paging.
pub async fn all_rows(
    state: &AppState,
    who: &Principal,
    slug: &str,
    q: &RegQuery,
) -> Result<(EventRow, Vec<(RegRow, String, Option<String>, Vec<i64>)>), AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let event = managed(&mut conn, who, slug).await?;
    let mut list = QueryBuilder::<Sqlite>::new(LIST_COLUMNS);
    filters(&mut list, event.id, q);
    list.push(" ORDER BY ").push(order(&q.sort));
    let found: Vec<ListRow> = list.build_query_as().fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(found.len());
    for r in found {
        let code = r.country.clone();
        let (gender, sessions): (Option<String>, Vec<i64>) = (
            sqlx::query_scalar("SELECT gender FROM registrations WHERE id = ?").bind(r.id).fetch_one(&mut *conn).await?,
            sqlx::query_scalar("SELECT session_id FROM registration_sessions WHERE registration_id = ? ORDER BY session_id")
                .bind(r.id)
                .fetch_all(&mut *conn)
                .await?,
        );
        let row = to_row(&mut conn, &event, r, Locale::en).await?;
        out.push((row, code, gender, sessions));
    }
    Ok((event, out))
}

/// The event and registration, with the account's right to manage it checked.
async fn owned(conn: &mut Conn, who: &Principal, reg_id: i64) -> Result<(rows::RegistrationRow, EventRow), AppError> {
    let reg = rows::by_id(conn, reg_id).await.map_err(|_| AppError::NotFound)?;
    let event = events::by_id(conn, reg.event_id).await?;
    who.ensure_manage(event.id)?;
    Ok((reg, event))
}

pub async fn detail(state: &AppState, who: &Principal, reg_id: i64, loc: Locale) -> Result<RegDetail, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let (_, event) = owned(&mut conn, who, reg_id).await?;
    let list: ListRow = sqlx::query_as(&format!("{LIST_COLUMNS} WHERE r.id = ?")).bind(reg_id).fetch_one(&mut *conn).await?;
    let row = to_row(&mut conn, &event, list, loc).await?;
    let names: (String, String, String) = sqlx::query_as("SELECT given_name, family_name, country FROM registrations WHERE id = ?")
        .bind(reg_id)
        .fetch_one(&mut *conn)
        .await?;
    let extra: (String, Option<String>, String, String, String, Option<String>, String) = sqlx::query_as(
        "SELECT job_title, gender, accessibility_needs, dietary_needs, language, checkin_code, decision_note FROM registrations WHERE id = ?",
    )
    .bind(reg_id)
    .fetch_one(&mut *conn)
    .await?;
    let sessions = events::sessions_of(&mut conn, event.id).await?;
    let mut chosen = Vec::new();
    for c in rows::choices(&mut conn, reg_id).await? {
        if let Some(s) = sessions.iter().find(|s| s.id == c.session_id) {
            chosen.push(format!("{} ({})", s.title, c.status().code()));
        }
    }
    Ok(RegDetail {
        event: summary(&mut conn, who, &event, loc).await?,
        row,
        given_name: names.0,
        family_name: names.1,
        country_code: names.2,
        job_title: extra.0,
        gender: extra.1.unwrap_or_default(),
        accessibility: extra.2,
        dietary: extra.3,
        language: extra.4,
        checkin_code: extra.5.unwrap_or_default(),
        decision_note: extra.6,
        sessions: chosen,
    })
}

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

    fn code(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Promote => "promote",
            Decision::Cancel => "cancel",
        }
    }
}

/// Applies a decision; returns the event's slug. Seats follow the same rules as everywhere:
/// approving takes a seat or a place on the waiting list, freeing one promotes the next.
pub async fn decide(state: &AppState, who: Principal, reg_id: i64, decision: Decision, note: String) -> Result<String, AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                let status = reg.status();
                let note = note.trim().chars().take(2000).collect::<String>();
                match decision {
                    Decision::Approve => {
                        if status != RegistrationStatus::AwaitingApproval {
                            return Err(AppError::Conflict("only registrations awaiting approval can be approved"));
                        }
                        sqlx::query("UPDATE registrations SET decision_note = ? WHERE id = ?").bind(&note).bind(reg_id).execute(&mut *conn).await?;
                        seats::seat_registration(conn, &ctx, &event, reg_id).await?;
                        emails::outcome(conn, &ctx, &event, reg_id).await?;
                    }
                    Decision::Reject => {
                        if !matches!(status, RegistrationStatus::AwaitingApproval | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingEmailConfirmation) {
                            return Err(AppError::Conflict("only pending or waitlisted registrations can be rejected"));
                        }
                        sqlx::query("UPDATE registrations SET status = 'rejected', decision_note = ?1, waitlist_seq = NULL, updated_at = ?2 WHERE id = ?3")
                            .bind(&note)
                            .bind(ctx.now)
                            .bind(reg_id)
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("DELETE FROM registration_sessions WHERE registration_id = ?").bind(reg_id).execute(&mut *conn).await?;
                        emails::rejected(conn, &ctx, &event, reg_id, &note).await?;
                    }
                    Decision::Promote => {
                        if status != RegistrationStatus::Waitlisted {
                            return Err(AppError::Conflict("only waitlisted registrations can be promoted"));
                        }
                        let taken = events::confirmed_count(conn, event.id).await?;
                        if event.capacity.is_some_and(|c| taken >= c) {
                            return Err(AppError::Conflict("the event is full: raise its capacity first"));
                        }
                        seats::confirm_now(conn, &ctx, &event, reg_id).await?;
                        emails::promoted_to_event(conn, &ctx, &event, reg_id).await?;
                    }
                    Decision::Cancel => {
                        if !status.is_active() || status == RegistrationStatus::Rejected {
                            return Err(AppError::Conflict("this registration is not active"));
                        }
                        let held = status == RegistrationStatus::Confirmed;
                        rows::mark_cancelled(conn, reg_id, ctx.now).await?;
                        emails::cancelled(conn, &ctx, &event, reg_id).await?;
                        seats::release(conn, &ctx, &event, reg_id, held).await?;
                    }
                }
                let detail = format!("registration {reg_id} ({}){}", reg.email, if note.is_empty() { String::new() } else { format!(": {note}") });
                audit::record(conn, &who, &format!("registration.{}", decision.code()), Some(event.id), &detail, ctx.now).await?;
                Ok(event.slug)
            })
        })
        .await
}

/// Adds a participant by hand: no email confirmation (the organizer vouches for the address);
/// they take a seat or a waiting-list place and get the usual email.
pub async fn add_by_hand(state: &AppState, who: Principal, slug: String, mut input: RegistrationInput) -> Result<i64, AppError> {
    let ctx = Ctx::new(state);
    // The participant's consent is the organizer's to collect (nominations come with it).
    input.consent = true;
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let event = managed(conn, &who, &slug).await?;
                let sessions = events::sessions_of(conn, event.id).await?;
                let rules: Vec<_> =
                    sessions.iter().map(|s| crate::domain::SessionRule { id: s.id, parallel_group: s.parallel_group.clone() }).collect();
                let valid = input.validate(&rules).map_err(AppError::Validation)?;
                if rows::active_by_email(conn, event.id, &valid.email.normalized()).await?.is_some() {
                    return Err(AppError::Validation(
                        [(crate::domain::Field::Email, crate::domain::FieldError::AlreadyRegistered)].into_iter().collect(),
                    ));
                }
                let reg_id =
                    crate::registrations::ssr::service::insert_registration(conn, &ctx, &event, &valid, "awaiting_approval").await?;
                sqlx::query("UPDATE registrations SET email_confirmed_at = ?1, expires_at = NULL, added_by_organizer = 1 WHERE id = ?2")
                    .bind(ctx.now)
                    .bind(reg_id)
                    .execute(&mut *conn)
                    .await?;
                seats::seat_registration(conn, &ctx, &event, reg_id).await?;
                emails::outcome(conn, &ctx, &event, reg_id).await?;
                audit::record(
                    conn,
                    &who,
                    "registration.add",
                    Some(event.id),
                    &format!("registration {reg_id} ({})", valid.email.as_str()),
                    ctx.now,
                )
                .await?;
                Ok(reg_id)
            })
        })
        .await
}

/// Saves an organizer's corrections to a registration's details (not its sessions or state).
pub async fn edit(state: &AppState, who: Principal, reg_id: i64, input: RegistrationInput) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                let mut input = input;
                input.consent = true;
                input.sessions = Vec::new();
                let valid = input.validate(&[]).map_err(AppError::Validation)?;
                if let Some(other) = rows::active_by_email(conn, event.id, &valid.email.normalized()).await?
                    && other.id != reg_id
                    && reg.status().is_active()
                {
                    return Err(AppError::Validation([(crate::domain::Field::Email, crate::domain::FieldError::AlreadyRegistered)].into_iter().collect()));
                }
                sqlx::query(
                    "UPDATE registrations SET given_name = ?, family_name = ?, email = ?, email_norm = ?, country = ?, organization = ?,
                         organization_type = ?, job_title = ?, gender = ?, accessibility_needs = ?, dietary_needs = ?, updated_at = ? WHERE id = ?",
                )
                .bind(valid.given_name.as_str())
                .bind(valid.family_name.as_str())
                .bind(valid.email.as_str())
                .bind(valid.email.normalized())
                .bind(valid.country.as_str())
                .bind(valid.organization.as_str())
                .bind(valid.organization_type.code())
                .bind(valid.job_title.as_str())
                .bind(valid.gender.map(|g| g.code()))
                .bind(valid.accessibility.as_str())
                .bind(valid.dietary.as_str())
                .bind(now)
                .bind(reg_id)
                .execute(&mut *conn)
                .await?;
                audit::record(conn, &who, "registration.edit", Some(event.id), &format!("registration {reg_id}"), now).await
            })
        })
        .await
}

/// Sends the person the email that fits where they stand now, with fresh links: the address
/// confirmation, their confirmation or waiting-list place, or the decision.
pub async fn resend(state: &AppState, who: Principal, reg_id: i64) -> Result<(), AppError> {
    let ctx = Ctx::new(state);
    state.limits.check(crate::server::rate_limit::RESEND_PER_REGISTRATION, &reg_id.to_string(), ctx.now)?;
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let (reg, event) = owned(conn, &who, reg_id).await?;
                match reg.status() {
                    RegistrationStatus::AwaitingEmailConfirmation => emails::ask_to_confirm(conn, &ctx, &event, reg_id, false).await?,
                    RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval => {
                        emails::outcome(conn, &ctx, &event, reg_id).await?
                    }
                    RegistrationStatus::Cancelled => emails::cancelled(conn, &ctx, &event, reg_id).await?,
                    RegistrationStatus::Rejected => {
                        let note: String = sqlx::query_scalar("SELECT decision_note FROM registrations WHERE id = ?")
                            .bind(reg_id)
                            .fetch_one(&mut *conn)
                            .await?;
                        emails::rejected(conn, &ctx, &event, reg_id, &note).await?
                    }
                    RegistrationStatus::Expired => return Err(AppError::Conflict("this registration has expired")),
                }
                audit::record(conn, &who, "registration.resend", Some(event.id), &format!("registration {reg_id}"), ctx.now).await
            })
        })
        .await
}
