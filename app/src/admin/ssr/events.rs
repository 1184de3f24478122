//! Events and sessions in the back office: the lists and pages organizers read, and the writes
//! (create, edit, publish, cancel, archive; sessions) each checked against the account's rights
//! and written to the audit log in the same transaction.
use super::input::{self, ValidEvent, ValidSession};
use crate::server::db::Conn;
use crate::{
    accounts::ssr::{Principal, audit},
    admin::{Counts, EventAdmin, EventForm, EventSummary, SessionForm, SessionSummary},
    domain::{EventStatus, RegistrationStatus},
    events::ssr::{self as events, EventRow},
    i18n::Locale,
    registrations::ssr::{Ctx, emails, seats},
    server::{AppError, AppState, db::BoxFuture},
    time_fmt,
};

pub async fn counts(conn: &mut Conn, event_id: i64) -> Result<Counts, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM registrations WHERE event_id = ? GROUP BY status")
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut c = Counts::default();
    for (status, n) in rows {
        match RegistrationStatus::parse(&status) {
            Ok(RegistrationStatus::AwaitingEmailConfirmation) => c.awaiting_email_confirmation = n,
            Ok(RegistrationStatus::AwaitingApproval) => c.awaiting_approval = n,
            Ok(RegistrationStatus::Confirmed) => c.confirmed = n,
            Ok(RegistrationStatus::Waitlisted) => c.waitlisted = n,
            Ok(RegistrationStatus::Cancelled) => c.cancelled = n,
            Ok(RegistrationStatus::Rejected) => c.rejected = n,
            _ => {}
        }
    }
    c.checked_in = sqlx::query_scalar(
        // Attended: checked in at the door on any day, or at any session.
        "SELECT COUNT(DISTINCT c.registration_id) FROM checkins c JOIN registrations r ON r.id = c.registration_id WHERE r.event_id = ?",
    )
    .bind(event_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(c)
}

pub async fn summary(conn: &mut Conn, who: &Principal, e: &EventRow, loc: Locale) -> Result<EventSummary, AppError> {
    Ok(EventSummary {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: e.kind(),
        when: e.when(loc),
        status: EventStatus::parse(&e.status).unwrap_or(EventStatus::Draft),
        capacity: e.capacity,
        counts: counts(conn, e.id).await?,
        can_manage: who.can_manage(e.id),
    })
}

/// The events this account works on, soonest first (past ones after).
pub async fn list(state: &AppState, who: &Principal, loc: Locale) -> Result<Vec<EventSummary>, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    // Upcoming and running events first, soonest first; then past ones, latest first.
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM events WHERE status != 'archived'
         ORDER BY ends_at < ?1, CASE WHEN ends_at >= ?1 THEN starts_at END, starts_at DESC",
    )
    .bind(state.clock.now())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for id in ids.into_iter().filter(|id| who.can_checkin(*id)) {
        let e = events::by_id(&mut conn, id).await?;
        out.push(summary(&mut conn, who, &e, loc).await?);
    }
    Ok(out)
}

/// The event with rights checked: `NotFound` when this account may not manage it.
pub async fn managed(conn: &mut Conn, who: &Principal, slug: &str) -> Result<EventRow, AppError> {
    let e = events::any_by_slug(conn, slug).await?;
    who.ensure_manage(e.id)?;
    Ok(e)
}

pub fn form_of(e: &EventRow, partners: Vec<String>, tag: String) -> EventForm {
    let t = |ts: Option<i64>| ts.map(|t| input::form_time(t, &e.timezone)).unwrap_or_default();
    EventForm {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: e.kind.clone(),
        summary: e.summary.clone(),
        description: e.description.clone(),
        online: e.online,
        venue: e.venue.clone().unwrap_or_default(),
        city: e.city.clone().unwrap_or_default(),
        host_country: e.host_country.clone().unwrap_or_default(),
        join_url: e.join_url.clone().unwrap_or_default(),
        timezone: e.timezone.clone(),
        starts_at: t(Some(e.starts_at)),
        ends_at: t(Some(e.ends_at)),
        registration_opens_at: t(e.registration_opens_at),
        registration_closes_at: t(e.registration_closes_at),
        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
        requires_approval: e.requires_approval,
        visibility: e.visibility.clone(),
        partners: partners.join("\n"),
        activity_tag: tag,
    }
}

/// The event's back-office page.
pub async fn admin_page(state: &AppState, who: &Principal, slug: &str, loc: Locale) -> Result<EventAdmin, AppError> {
    let mut conn = state.store.reader().acquire().await?;
    let e = managed(&mut conn, who, slug).await?;
    let partners = events::partners_of(&mut conn, e.id).await?;
    let tag: String = sqlx::query_scalar("SELECT activity_tag FROM events WHERE id = ?").bind(e.id).fetch_one(&mut *conn).await?;
    let mut sessions = Vec::new();
    for s in events::sessions_of(&mut conn, e.id).await? {
        let (waitlisted, checked_in): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM registration_sessions WHERE session_id = ?1 AND status = 'waitlisted'),
                    (SELECT COUNT(*) FROM checkins WHERE session_id = ?1)",
        )
        .bind(s.id)
        .fetch_one(&mut *conn)
        .await?;
        sessions.push(SessionSummary {
            id: s.id,
            day: time_fmt::day_label(s.starts_at, &e.timezone, loc),
            time: time_fmt::time_range(s.starts_at, s.ends_at, &e.timezone),
            form: SessionForm {
                title: s.title.clone(),
                room: s.room.clone().unwrap_or_default(),
                starts_at: input::form_time(s.starts_at, &e.timezone),
                ends_at: input::form_time(s.ends_at, &e.timezone),
                capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
                parallel_group: s.parallel_group.clone().unwrap_or_default(),
            },
            confirmed: s.confirmed,
            waitlisted,
            checked_in,
        });
    }
    Ok(EventAdmin { summary: summary(&mut conn, who, &e, loc).await?, form: form_of(&e, partners, tag), sessions })
}

async fn write_partners(conn: &mut Conn, event_id: i64, partners: &[String]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM event_partners WHERE event_id = ?").bind(event_id).execute(&mut *conn).await?;
    for (i, name) in partners.iter().enumerate() {
        sqlx::query("INSERT INTO event_partners (event_id, position, name) VALUES (?, ?, ?)")
            .bind(event_id)
            .bind(i as i64)
            .bind(name)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, <sqlx::Sqlite as sqlx::Database>::Arguments<'q>>;

/// Binds the event form's values as parameters ?1 to ?19, the same for creating and saving.
fn bind_event<'q>(query: Query<'q>, v: &'q ValidEvent) -> Query<'q> {
    query
        .bind(&v.slug)
        .bind(v.kind.code())
        .bind(&v.title)
        .bind(&v.summary)
        .bind(&v.description)
        .bind(v.online)
        .bind(&v.venue)
        .bind(&v.city)
        .bind(&v.host_country)
        .bind(&v.join_url)
        .bind(&v.timezone)
        .bind(v.starts_at)
        .bind(v.ends_at)
        .bind(v.opens_at)
        .bind(v.closes_at)
        .bind(v.capacity)
        .bind(v.requires_approval)
        .bind(v.visibility.code())
        .bind(&v.activity_tag)
}

fn refused(field: &str, code: &str) -> AppError {
    AppError::Form([(field.to_owned(), code.to_owned())].into_iter().collect())
}

/// Creates a draft event; its creator (when an organizer) is assigned to it.
pub async fn create(state: &AppState, who: Principal, form: EventForm) -> Result<String, AppError> {
    if !who.can_create_events() {
        return Err(AppError::Forbidden);
    }
    let v = input::event(&form).map_err(AppError::Form)?;
    let now = state.clock.now();
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let taken: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM events WHERE slug = ?").bind(&v.slug).fetch_optional(&mut *conn).await?;
                if taken.is_some() {
                    return Err(refused("slug", "slug_taken"));
                }
                let insert = sqlx::query(
                    "INSERT INTO events (slug, kind, title, summary, description, online, venue, city, host_country, join_url, timezone,
                         starts_at, ends_at, registration_opens_at, registration_closes_at, capacity, requires_approval, visibility,
                         activity_tag, created_at, updated_at, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20, 'draft')",
                );
                let id = bind_event(insert, &v).bind(now).execute(&mut *conn).await?.last_insert_rowid();
                write_partners(conn, id, &v.partners).await?;
                if !who.is_admin() && !who.all_events {
                    sqlx::query("INSERT INTO user_events (user_id, event_id) VALUES (?, ?)")
                        .bind(who.user_id)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
                audit::record(conn, &who, "event.create", Some(id), &v.slug, now).await?;
                Ok(v.slug)
            })
        })
        .await
}

/// Saves the event form. A capacity below the confirmed count is refused; a higher one fills
/// the new seats from the waiting list at once.
pub async fn update(state: &AppState, who: Principal, slug: String, form: EventForm) -> Result<String, AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                // Rights first: an account that may not manage the event learns nothing from it.
                let e = managed(conn, &who, &slug).await?;
                let v: ValidEvent = input::event(&form).map_err(AppError::Form)?;
                if v.slug != e.slug {
                    let taken: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM events WHERE slug = ?").bind(&v.slug).fetch_optional(&mut *conn).await?;
                    if taken.is_some() {
                        return Err(refused("slug", "slug_taken"));
                    }
                }
                let confirmed = events::confirmed_count(conn, e.id).await?;
                if v.capacity.is_some_and(|c| c < confirmed) {
                    return Err(refused("capacity", "below_confirmed"));
                }
                let update = sqlx::query(
                    "UPDATE events SET slug = ?1, kind = ?2, title = ?3, summary = ?4, description = ?5, online = ?6, venue = ?7, city = ?8,
                         host_country = ?9, join_url = ?10, timezone = ?11, starts_at = ?12, ends_at = ?13, registration_opens_at = ?14,
                         registration_closes_at = ?15, capacity = ?16, requires_approval = ?17, visibility = ?18, activity_tag = ?19,
                         updated_at = ?20
                     WHERE id = ?21",
                );
                bind_event(update, &v).bind(ctx.now).bind(e.id).execute(&mut *conn).await?;
                write_partners(conn, e.id, &v.partners).await?;
                let updated = events::by_id(conn, e.id).await?;
                // A raised (or removed) capacity seats people from the waiting list at once.
                seats::promote_event(conn, &ctx, &updated).await?;
                let detail = match (e.capacity, v.capacity) {
                    (a, b) if a != b => format!("capacity {} → {}", show(a), show(b)),
                    _ => String::new(),
                };
                audit::record(conn, &who, "event.update", Some(e.id), &detail, ctx.now).await?;
                Ok(v.slug)
            })
        })
        .await
}

fn show(c: Option<i64>) -> String {
    c.map_or_else(|| "unlimited".to_owned(), |c| c.to_string())
}

/// Publishes, cancels or archives. Cancelling emails every active registrant.
pub async fn set_status(state: &AppState, who: Principal, slug: String, to: EventStatus) -> Result<(), AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                let from = EventStatus::parse(&e.status).unwrap_or(EventStatus::Draft);
                let allowed = matches!(
                    (from, to),
                    (EventStatus::Draft, EventStatus::Published)
                        | (EventStatus::Published, EventStatus::Draft)
                        | (EventStatus::Draft | EventStatus::Published, EventStatus::Cancelled)
                        | (_, EventStatus::Archived)
                        | (EventStatus::Archived, EventStatus::Draft)
                );
                if !allowed || from == to {
                    return Err(AppError::Conflict("the event cannot move to that state"));
                }
                sqlx::query("UPDATE events SET status = ?, updated_at = ? WHERE id = ?").bind(to.code()).bind(ctx.now).bind(e.id).execute(&mut *conn).await?;
                if to == EventStatus::Cancelled {
                    let active: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM registrations WHERE event_id = ? AND status IN ('awaiting_email_confirmation', 'awaiting_approval', 'confirmed', 'waitlisted')",
                    )
                    .bind(e.id)
                    .fetch_all(&mut *conn)
                    .await?;
                    for id in &active {
                        emails::event_cancelled(conn, &ctx, &e, *id).await?;
                    }
                    audit::record(conn, &who, "event.cancel", Some(e.id), &format!("{} registrants emailed", active.len()), ctx.now).await?;
                } else {
                    audit::record(conn, &who, &format!("event.{}", to.code()), Some(e.id), "", ctx.now).await?;
                }
                Ok(())
            })
        })
        .await
}

/// Adds a session (`target` None) or saves one. Capacity rules as for the event.
pub async fn save_session(state: &AppState, who: Principal, slug: String, target: Option<i64>, form: SessionForm) -> Result<(), AppError> {
    let ctx = Ctx::new(state);
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let e = managed(conn, &who, &slug).await?;
                let v: ValidSession = input::session(&form, &e.timezone).map_err(AppError::Form)?;
                match target {
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO sessions (event_id, title, room, starts_at, ends_at, capacity, parallel_group) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        )
                        .bind(e.id)
                        .bind(&v.title)
                        .bind(&v.room)
                        .bind(v.starts_at)
                        .bind(v.ends_at)
                        .bind(v.capacity)
                        .bind(&v.parallel_group)
                        .fetch_one(&mut *conn)
                        .await?;
                        audit::record(conn, &who, "session.create", Some(e.id), &format!("{id}: {}", v.title), ctx.now).await
                    }
                    Some(id) => {
                        let sessions = events::sessions_of(conn, e.id).await?;
                        let old = sessions.iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
                        if v.capacity.is_some_and(|c| c < old.confirmed) {
                            return Err(refused("capacity", "below_confirmed"));
                        }
                        sqlx::query("UPDATE sessions SET title = ?, room = ?, starts_at = ?, ends_at = ?, capacity = ?, parallel_group = ? WHERE id = ?")
                            .bind(&v.title)
                            .bind(&v.room)
                            .bind(v.starts_at)
                            .bind(v.ends_at)
                            .bind(v.capacity)
                            .bind(&v.parallel_group)
                            .bind(id)
                            .execute(&mut *conn)
                            .await?;
                        let updated = events::sessions_of(conn, e.id).await?.into_iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
                        seats::promote_session(conn, &ctx, &e, &updated).await?;
                        let detail = format!("{id}: {}; capacity {} → {}", v.title, show(old.capacity), show(v.capacity));
                        audit::record(conn, &who, "session.update", Some(e.id), &detail, ctx.now).await
                    }
                }
            })
        })
        .await
}
