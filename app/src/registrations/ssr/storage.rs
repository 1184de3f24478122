//! Registrations' storage: every single-row statement on registrations, their session choices
//! and their link tokens, behind functions named for what they do; the table's filters; and
//! erasure's statements. The services apply the rules and call these with the open
//! transaction; they hold no SQL. The set-based statements of the batches are in `bulk`.
use crate::{
    domain::{Country, Language, RegistrationInput, RegistrationStatus, SessionChoiceStatus, ValidRegistration},
    error::AppError,
    mail::templates::Addressee,
    registrations::RegQuery,
    sql,
    store::{Conn, Sql},
    tokens,
};

/// The condition that makes a registration active (one per address and event): every state
/// but `RegistrationStatus::INACTIVE`. The unique index `registrations_one_per_email` says the
/// same; a test checks all three agree.
pub const ACTIVE: &str = "status NOT IN ('cancelled', 'expired')";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: i64,
    pub public_id: String,
    pub event_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub job_title: String,
    pub status: RegistrationStatus,
    pub waitlist_seq: Option<i64>,
    /// The language the person registered in; their emails are written in it.
    pub language: Language,
    /// The focal point who nominated them (`nominations`), if one did.
    pub nominated_by: Option<i64>,
}

impl RegistrationRow {
    /// Whether confirming the address leaves them waiting for an organizer's approval: the
    /// event says so, or a government nominated them.
    pub fn needs_approval(&self, event: &crate::events::ssr::EventRow) -> bool {
        event.requires_approval || self.nominated_by.is_some()
    }

    pub fn addressee(&self) -> Addressee {
        Addressee {
            registration_id: self.id,
            given_name: self.given_name.clone(),
            email: self.email.clone(),
            locale: crate::locale::locale_of(self.language.code()),
        }
    }
}

pub const COLUMNS: &str = "id, public_id, event_id, given_name, family_name, email, country, organization, job_title, status, waitlist_seq, language, nominated_by";

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<RegistrationRow, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {COLUMNS} FROM registrations WHERE id = $1"), id)).await?.ok_or(AppError::NotFound)
}

pub async fn active_by_email(conn: &mut Conn, event_id: i64, email_norm: &str) -> Result<Option<RegistrationRow>, AppError> {
    conn.fetch_optional(sql!(
        format!("SELECT {COLUMNS} FROM registrations WHERE event_id = $1 AND email_norm = $2 AND {ACTIVE}"),
        event_id,
        email_norm
    ))
    .await
}

/// The normalised addresses of the event's active registrations.
pub async fn active_emails(conn: &mut Conn, event_id: i64) -> Result<Vec<String>, AppError> {
    conn.scalars(sql!(format!("SELECT email_norm FROM registrations WHERE event_id = $1 AND {ACTIVE}"), event_id)).await
}

/// The ids of the event's registrations in any of `states`.
pub async fn ids_in(conn: &mut Conn, event_id: i64, states: &[RegistrationStatus]) -> Result<Vec<i64>, AppError> {
    let codes: Vec<String> = states.iter().map(|s| s.code().to_owned()).collect();
    conn.scalars(sql!("SELECT id FROM registrations WHERE event_id = $1 AND status = ANY($2) ORDER BY id", event_id, codes)).await
}

/// A token row found by the hash of a link's token.
#[derive(Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub registration_id: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Finds the token of `purpose` behind a link. Unknown → NotFound; expired → Gone.
pub async fn token(conn: &mut Conn, text: &str, purpose: &str, now: i64) -> Result<(Vec<u8>, TokenRow), AppError> {
    let hash = tokens::hash_of(text).ok_or(AppError::NotFound)?;
    let row: TokenRow = conn
        .fetch_optional(sql!("SELECT registration_id, expires_at, used_at FROM tokens WHERE hash = $1 AND purpose = $2", &hash, purpose))
        .await?
        .ok_or(AppError::NotFound)?;
    if row.expires_at <= now {
        return Err(AppError::Gone);
    }
    Ok((hash, row))
}

/// Stores a new token for `registration_id` and returns its text for the link.
pub async fn issue_token(conn: &mut Conn, registration_id: i64, purpose: &str, now: i64, expires_at: i64) -> Result<String, AppError> {
    let t = tokens::generate();
    conn.execute(sql!(
        "INSERT INTO tokens (hash, registration_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &t.hash,
        registration_id,
        purpose,
        now,
        expires_at
    ))
    .await?;
    Ok(t.text)
}

pub async fn mark_token_used(conn: &mut Conn, hash: &[u8], now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE tokens SET used_at = $1 WHERE hash = $2", now, hash)).await?;
    Ok(())
}

/// A registration's session choices.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChoiceRow {
    pub session_id: i64,
    pub status: SessionChoiceStatus,
    pub waitlist_seq: Option<i64>,
}

pub async fn choices(conn: &mut Conn, registration_id: i64) -> Result<Vec<ChoiceRow>, AppError> {
    conn.fetch_all(sql!(
        "SELECT session_id, status, waitlist_seq FROM registration_sessions WHERE registration_id = $1 ORDER BY session_id",
        registration_id
    ))
    .await
}

/// The registration's place on the event's waiting list (1 is next).
pub async fn waitlist_position(conn: &mut Conn, event_id: i64, seq: i64) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_seq <= $2",
        event_id,
        seq
    ))
    .await
}

/// The choice's place on the session's waiting list (1 is next).
pub async fn session_waitlist_position(conn: &mut Conn, session_id: i64, seq: i64) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "SELECT COUNT(*) FROM registration_sessions WHERE session_id = $1 AND status = 'waitlisted' AND waitlist_seq <= $2",
        session_id,
        seq
    ))
    .await
}

pub async fn checkin_code(conn: &mut Conn, reg_id: i64) -> Result<Option<String>, AppError> {
    conn.scalar(sql!("SELECT checkin_code FROM registrations WHERE id = $1", reg_id)).await
}

pub async fn decision_note(conn: &mut Conn, reg_id: i64) -> Result<String, AppError> {
    conn.scalar(sql!("SELECT decision_note FROM registrations WHERE id = $1", reg_id)).await
}

// ---- Writes of the participant's path ----

/// A new registration and its requested sessions; returns its id.
pub async fn insert(
    conn: &mut Conn,
    event_id: i64,
    valid: &ValidRegistration,
    status: RegistrationStatus,
    now: i64,
    expires_at: i64,
) -> Result<i64, AppError> {
    let reg_id: i64 = conn
        .scalar(sql!(
            "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
                 organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status,
                 created_at, expires_at, updated_at, checkin_code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $17, $15, $16, $15, $18)
             RETURNING id",
            uuid::Uuid::new_v4().to_string(),
            event_id,
            valid.given_name.as_str(),
            valid.family_name.as_str(),
            valid.email.as_str(),
            valid.email.normalized(),
            valid.country.as_str(),
            valid.organization.as_str(),
            valid.organization_type,
            valid.job_title.as_str(),
            valid.gender,
            valid.accessibility.as_str(),
            valid.dietary.as_str(),
            valid.language,
            now,
            expires_at,
            status,
            tokens::short_code(),
        ))
        .await?;
    for session_id in &valid.sessions {
        request_session(conn, reg_id, *session_id, now).await?;
    }
    Ok(reg_id)
}

/// The address behind a confirmation link is confirmed; the registration waits for its seat
/// (or an organizer's approval).
pub async fn mark_address_confirmed(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET email_confirmed_at = $1, expires_at = NULL, updated_at = $1, status = 'awaiting_approval' WHERE id = $2",
        now,
        reg_id
    ))
    .await?;
    Ok(())
}

/// Added by an organizer, who vouches for the address.
pub async fn mark_added_by_organizer(conn: &mut Conn, reg_id: i64, address_confirmed_at: Option<i64>) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET added_by_organizer = TRUE,
             email_confirmed_at = COALESCE($1, email_confirmed_at), expires_at = CASE WHEN $1 IS NULL THEN expires_at END
         WHERE id = $2",
        address_confirmed_at,
        reg_id
    ))
    .await?;
    Ok(())
}

pub async fn mark_cancelled(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET status = 'cancelled', cancelled_at = $1, updated_at = $1, waitlist_seq = NULL WHERE id = $2",
        now,
        reg_id
    ))
    .await?;
    Ok(())
}

pub async fn mark_rejected(conn: &mut Conn, reg_id: i64, note: &str, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET status = 'rejected', decision_note = $1, waitlist_seq = NULL, updated_at = $2 WHERE id = $3",
        note,
        now,
        reg_id
    ))
    .await?;
    Ok(())
}

pub async fn set_decision_note(conn: &mut Conn, reg_id: i64, note: &str) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE registrations SET decision_note = $1 WHERE id = $2", note, reg_id)).await?;
    Ok(())
}

/// An organizer's corrections to the person's details.
pub async fn update_details(conn: &mut Conn, reg_id: i64, valid: &ValidRegistration, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET given_name = $1, family_name = $2, email = $3, email_norm = $4, country = $5, organization = $6,
             organization_type = $7, job_title = $8, gender = $9, accessibility_needs = $10, dietary_needs = $11, updated_at = $12
         WHERE id = $13",
        valid.given_name.as_str(),
        valid.family_name.as_str(),
        valid.email.as_str(),
        valid.email.normalized(),
        valid.country.as_str(),
        valid.organization.as_str(),
        valid.organization_type,
        valid.job_title.as_str(),
        valid.gender,
        valid.accessibility.as_str(),
        valid.dietary.as_str(),
        now,
        reg_id
    ))
    .await?;
    Ok(())
}

/// Registrations whose address was not confirmed in time; returns how many.
pub async fn expire_unconfirmed(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET status = 'expired', updated_at = $1 WHERE status = 'awaiting_email_confirmation' AND expires_at <= $1",
        now
    ))
    .await
}

// ---- Seats and waiting lists (the rules are in `seats`) ----

/// An event's seats: confirmed, waiting, and the last waiting-list number given out.
pub async fn event_seats(conn: &mut Conn, event_id: i64) -> Result<(i64, i64, i64), AppError> {
    conn.fetch_one(sql!(
        "SELECT (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed'),
                (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted'),
                (SELECT COALESCE(MAX(waitlist_seq), 0) FROM registrations WHERE event_id = $1)",
        event_id
    ))
    .await
}

/// A session's seats, counted the same way.
pub async fn session_seats(conn: &mut Conn, session_id: i64) -> Result<(i64, i64, i64), AppError> {
    conn.fetch_one(sql!(
        "SELECT (SELECT COUNT(*) FROM registration_sessions WHERE session_id = $1 AND status = 'confirmed'),
                (SELECT COUNT(*) FROM registration_sessions WHERE session_id = $1 AND status = 'waitlisted'),
                (SELECT COALESCE(MAX(waitlist_seq), 0) FROM registration_sessions WHERE session_id = $1)",
        session_id
    ))
    .await
}

pub async fn mark_confirmed(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET status = 'confirmed', confirmed_at = $1, updated_at = $1, waitlist_seq = NULL WHERE id = $2",
        now,
        reg_id
    ))
    .await?;
    Ok(())
}

/// Puts the registration on its event's waiting list with number `seq`.
pub async fn mark_waitlisted(conn: &mut Conn, reg_id: i64, seq: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registrations SET status = 'waitlisted', updated_at = $1, waitlist_seq = $2 WHERE id = $3",
        now,
        seq,
        reg_id
    ))
    .await?;
    Ok(())
}

/// The first on the event's waiting list.
pub async fn next_waitlisted(conn: &mut Conn, event_id: i64) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!(
        "SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1",
        event_id
    ))
    .await
}

/// Everyone on the event's waiting list, in order.
pub async fn all_waitlisted(conn: &mut Conn, event_id: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq", event_id)).await
}

/// Sessions the registration asked for and has no seat in yet.
pub async fn requested_sessions(conn: &mut Conn, reg_id: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT session_id FROM registration_sessions WHERE registration_id = $1 AND status = 'requested'", reg_id)).await
}

/// A session choice waiting for the registration's own seat.
pub async fn request_session(conn: &mut Conn, reg_id: i64, session_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO registration_sessions (registration_id, session_id, status, created_at) VALUES ($1, $2, 'requested', $3)",
        reg_id,
        session_id,
        now
    ))
    .await?;
    Ok(())
}

/// Sets a session choice to `status` (with its waiting-list number when waitlisted).
pub async fn set_choice(
    conn: &mut Conn,
    reg_id: i64,
    session_id: i64,
    status: SessionChoiceStatus,
    seq: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO registration_sessions (registration_id, session_id, status, waitlist_seq, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (registration_id, session_id) DO UPDATE SET status = excluded.status, waitlist_seq = excluded.waitlist_seq",
        reg_id,
        session_id,
        status,
        seq,
        now
    ))
    .await?;
    Ok(())
}

/// The first confirmed registration on a session's waiting list.
pub async fn next_session_waitlisted(conn: &mut Conn, session_id: i64) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!(
        "SELECT rs.registration_id FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
         WHERE rs.session_id = $1 AND rs.status = 'waitlisted' AND r.status = 'confirmed' ORDER BY rs.waitlist_seq LIMIT 1",
        session_id
    ))
    .await
}

pub async fn confirm_choice(conn: &mut Conn, reg_id: i64, session_id: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "UPDATE registration_sessions SET status = 'confirmed', waitlist_seq = NULL WHERE registration_id = $1 AND session_id = $2",
        reg_id,
        session_id
    ))
    .await?;
    Ok(())
}

pub async fn remove_choice(conn: &mut Conn, reg_id: i64, session_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM registration_sessions WHERE registration_id = $1 AND session_id = $2", reg_id, session_id)).await?;
    Ok(())
}

pub async fn remove_choices(conn: &mut Conn, reg_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM registration_sessions WHERE registration_id = $1", reg_id)).await?;
    Ok(())
}

// ---- The back office's table ----

pub(crate) fn like(q: &str) -> String {
    let escaped = q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Adds the table's filters to a statement that selects from `registrations r`.
pub fn filters(q: &mut Sql, event_id: i64, f: &RegQuery) {
    q.push(" WHERE r.event_id = ").push_bind(event_id);
    if let Ok(status) = RegistrationStatus::parse(&f.status) {
        q.push(" AND r.status = ").push_bind(status);
    }
    if !f.country.trim().is_empty() {
        q.push(" AND r.country = ").push_bind(f.country.trim().to_uppercase());
    }
    if !f.region.trim().is_empty() {
        let region = f.region.trim();
        let codes: Vec<String> =
            Country::all().iter().filter(|c| c.region == region || c.subregion == region).map(|c| c.iso2.to_owned()).collect();
        q.push(" AND r.country = ANY(").push_bind(codes).push(")");
    }
    if !f.org_type.trim().is_empty() {
        q.push(" AND r.organization_type = ").push_bind(f.org_type.trim().to_owned());
    }
    if let Ok(session) = f.session.trim().parse::<i64>() {
        q.push(" AND EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id AND rs.session_id = ")
            .push_bind(session)
            .push(")");
    }
    // Stored values are canonical (option keys, yes/no, ISO codes and dates): an equality.
    for (key, value) in &f.answers {
        q.push(
            " AND EXISTS (SELECT 1 FROM answers a JOIN questions qq ON qq.id = a.question_id WHERE a.registration_id = r.id AND qq.key = ",
        )
        .push_bind(key.clone())
        .push(" AND a.value = ")
        .push_bind(value.clone())
        .push(")");
    }
    if !f.q.trim().is_empty() {
        let pattern = like(&f.q);
        q.push(" AND (lower(r.given_name || ' ' || r.family_name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR r.email_norm LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(r.organization) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// The table's orders; names sort without regard to case on both engines.
pub fn order(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(r.family_name), lower(r.given_name), r.id",
        "-name" => "lower(r.family_name) DESC, lower(r.given_name) DESC, r.id DESC",
        "country" => "r.country, lower(r.family_name), r.id",
        "organization" => "lower(r.organization), lower(r.family_name), r.id",
        "status" => "r.status, r.waitlist_seq, r.id",
        "created" => "r.id",
        _ => "r.id DESC",
    }
}

/// One row of the back office's table.
#[derive(sqlx::FromRow)]
pub struct ListRow {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub organization_type: String,
    pub status: RegistrationStatus,
    pub waitlist_seq: Option<i64>,
    pub created_at: i64,
    pub checked_in: bool,
    pub gender: Option<String>,
    /// When the participant last corrected their details through their link.
    pub details_changed_at: Option<i64>,
}

const LIST_COLUMNS: &str = "SELECT r.id, r.given_name, r.family_name, r.email, r.country, r.organization, r.organization_type, r.status,
    r.waitlist_seq, r.created_at, r.attended AS checked_in, r.gender, r.details_changed_at FROM registrations r";

/// How many registrations the filters match.
pub async fn count_matching(conn: &mut Conn, event_id: i64, f: &RegQuery) -> Result<i64, AppError> {
    let mut q = Sql::new("SELECT COUNT(*) FROM registrations r");
    filters(&mut q, event_id, f);
    conn.scalar(q).await
}

/// The rows the filters match, in the table's order; `page` (size, offset) when given.
pub async fn matching(conn: &mut Conn, event_id: i64, f: &RegQuery, page: Option<(i64, i64)>) -> Result<Vec<ListRow>, AppError> {
    let mut q = Sql::new(LIST_COLUMNS);
    filters(&mut q, event_id, f);
    q.push(" ORDER BY ").push(order(&f.sort));
    if let Some((size, offset)) = page {
        q.push(" LIMIT ").push_bind(size).push(" OFFSET ").push_bind(offset);
    }
    conn.fetch_all(q).await
}

/// The ids the filters match, for a message to them; `open_only` leaves out cancelled,
/// rejected and expired registrations.
pub async fn matching_ids(conn: &mut Conn, event_id: i64, f: &RegQuery, open_only: bool) -> Result<Vec<i64>, AppError> {
    let mut q = Sql::new("SELECT r.id FROM registrations r");
    filters(&mut q, event_id, f);
    if open_only {
        let open: Vec<String> = RegistrationStatus::OPEN.iter().map(|s| s.code().to_owned()).collect();
        q.push(" AND r.status = ANY(").push_bind(open).push(")");
    }
    q.push(" ORDER BY r.id");
    conn.scalars(q).await
}

pub async fn list_row(conn: &mut Conn, reg_id: i64) -> Result<ListRow, AppError> {
    conn.fetch_optional(sql!(format!("{LIST_COLUMNS} WHERE r.id = $1"), reg_id)).await?.ok_or(AppError::NotFound)
}

/// What the detail page shows beyond the table's row.
#[derive(sqlx::FromRow)]
pub struct Details {
    pub given_name: String,
    pub family_name: String,
    pub country: String,
    pub job_title: String,
    pub gender: Option<String>,
    pub accessibility_needs: String,
    pub dietary_needs: String,
    pub language: String,
    pub checkin_code: Option<String>,
    pub decision_note: String,
}

pub async fn details(conn: &mut Conn, reg_id: i64) -> Result<Details, AppError> {
    conn.fetch_optional(sql!(
        "SELECT given_name, family_name, country, job_title, gender, accessibility_needs, dietary_needs, language, checkin_code,
                decision_note FROM registrations WHERE id = $1",
        reg_id
    ))
    .await?
    .ok_or(AppError::NotFound)
}

/// The stored details of a registration as a form's input (for a correction of some of them).
pub async fn input_of(conn: &mut Conn, reg_id: i64) -> Result<RegistrationInput, AppError> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        given_name: String,
        family_name: String,
        email: String,
        country: String,
        organization: String,
        organization_type: String,
        job_title: String,
        gender: Option<String>,
        accessibility_needs: String,
        dietary_needs: String,
        language: String,
    }
    let r: Stored = conn
        .fetch_optional(sql!(
            "SELECT given_name, family_name, email, country, organization, organization_type, job_title, gender,
                    accessibility_needs, dietary_needs, language FROM registrations WHERE id = $1",
            reg_id
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RegistrationInput {
        given_name: r.given_name,
        family_name: r.family_name,
        email: r.email,
        country: r.country,
        organization: r.organization,
        organization_type: r.organization_type,
        job_title: r.job_title,
        gender: r.gender.unwrap_or_default(),
        accessibility: r.accessibility_needs,
        dietary: r.dietary_needs,
        language: r.language,
        consent: true,
        ..Default::default()
    })
}

/// Stamps a correction the participant made.
pub async fn mark_details_changed(conn: &mut Conn, reg_id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE registrations SET details_changed_at = $1 WHERE id = $2", now, reg_id)).await?;
    Ok(())
}

// ---- A person's own data, and erasure ----

/// Everything the registration row holds about the person, for their data download.
#[derive(sqlx::FromRow)]
pub struct PersonalData {
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub organization_type: String,
    pub job_title: String,
    pub gender: Option<String>,
    pub accessibility_needs: String,
    pub dietary_needs: String,
    pub language: String,
    pub status: RegistrationStatus,
    pub consent_at: i64,
    pub created_at: i64,
    pub email_confirmed_at: Option<i64>,
    pub confirmed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub checkin_code: Option<String>,
    pub decision_note: String,
}

pub async fn personal_data(conn: &mut Conn, reg_id: i64) -> Result<PersonalData, AppError> {
    conn.fetch_one(sql!(
        "SELECT public_id, given_name, family_name, email, country, organization, organization_type, job_title, gender,
                accessibility_needs, dietary_needs, language, status, consent_at, created_at, email_confirmed_at, confirmed_at,
                cancelled_at, checkin_code, decision_note
         FROM registrations WHERE id = $1",
        reg_id
    ))
    .await
}

/// The titles and states of the registration's session choices.
pub async fn chosen_sessions(conn: &mut Conn, reg_id: i64) -> Result<Vec<(String, SessionChoiceStatus)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT s.title, rs.status FROM registration_sessions rs JOIN sessions s ON s.id = rs.session_id
         WHERE rs.registration_id = $1 ORDER BY s.starts_at, s.id",
        reg_id
    ))
    .await
}

/// The registration's check-ins: (scope, time).
pub async fn checkins_of(conn: &mut Conn, reg_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT session_id, at FROM checkins WHERE registration_id = $1 ORDER BY at", reg_id)).await
}

/// Of `ids`, those whose personal data is not erased yet.
pub async fn not_erased(conn: &mut Conn, ids: Vec<i64>) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT id FROM registrations WHERE id = ANY($1) AND erased_at IS NULL ORDER BY id", ids)).await
}

/// Registrations of events whose retention period has passed, not erased yet.
pub async fn past_retention(conn: &mut Conn, now: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!(
        "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
         WHERE e.retention_days IS NOT NULL AND e.ends_at + e.retention_days * 86400 <= $1 AND r.erased_at IS NULL
         ORDER BY r.id",
        now
    ))
    .await
}

/// Blanks names, address, organisation, job title, needs and notes of `ids`, and deletes their
/// links and emails; their country, organisation type, gender, state, sessions and check-ins stay.
pub async fn erase(conn: &mut Conn, ids: &[i64], now: i64) -> Result<(), AppError> {
    // The address stays unique per event for the one-registration-per-person rule: an erased
    // row gets a placeholder no person can type.
    conn.execute(sql!(
        "UPDATE registrations SET given_name = '', family_name = '', email = '', email_norm = 'erased:' || CAST(id AS TEXT),
                organization = '', job_title = '', accessibility_needs = '', dietary_needs = '', decision_note = '',
                checkin_code = NULL, erased_at = $1, updated_at = $1
         WHERE id = ANY($2)",
        now,
        ids
    ))
    .await?;
    conn.execute(sql!("DELETE FROM tokens WHERE registration_id = ANY($1)", ids)).await?;
    // Sent emails hold the name and address; the mail log keeps nothing of an erased person.
    conn.execute(sql!("DELETE FROM outbox WHERE registration_id = ANY($1)", ids)).await?;
    // Decisions were logged with the address: keep the action, drop the address and note.
    conn.execute(sql!(
        "UPDATE audit_log SET detail = 'registration ' || CAST(registration_id AS TEXT) || ' (erased)'
         WHERE registration_id = ANY($1) AND detail LIKE 'registration % (%'",
        ids
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_is_said_once_and_means_what_the_domain_means() {
        let inactive: Vec<String> = RegistrationStatus::INACTIVE.iter().map(|s| format!("'{}'", s.code())).collect();
        assert_eq!(ACTIVE, format!("status NOT IN ({})", inactive.join(", ")));
        for dir in ["sqlite", "postgres"] {
            let schema: String = std::fs::read_dir(format!("{}/../migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                .collect();
            assert!(schema.contains(&format!("ON registrations (event_id, email_norm) WHERE {ACTIVE};")), "{dir}'s unique index");
        }
    }
}
