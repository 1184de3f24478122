//! The tables of nominations and invitations: seats per country, focal points and their links
//! and letters, the counts a quota is checked against, and personal invitations.
use crate::{error::AppError, sql, store::Conn};

/// A nominee who holds or asks for a seat: the statuses that count against a quota. Withdrawn
/// (cancelled), rejected and expired nominations give their seat back to the country.
const HOLDING: &str = "r.status IN ('awaiting_email_confirmation', 'awaiting_approval', 'confirmed', 'waitlisted')";

/// When nominations close (as set) and the most nominees in all.
pub async fn settings(conn: &mut Conn, event_id: i64) -> Result<(Option<i64>, Option<i64>), AppError> {
    conn.fetch_one(sql!("SELECT nominations_close_at, nomination_seats FROM events WHERE id = $1", event_id)).await
}

pub async fn set_settings(conn: &mut Conn, event_id: i64, close_at: Option<i64>, total: Option<i64>) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE events SET nominations_close_at = $2, nomination_seats = $3 WHERE id = $1", event_id, close_at, total))
        .await?;
    Ok(())
}

/// The event's seats per country, by country code.
pub async fn quotas(conn: &mut Conn, event_id: i64) -> Result<Vec<(String, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT country, seats FROM country_quotas WHERE event_id = $1 ORDER BY country", event_id)).await
}

pub async fn quota_of(conn: &mut Conn, event_id: i64, country: &str) -> Result<Option<i64>, AppError> {
    conn.scalar_optional(sql!("SELECT seats FROM country_quotas WHERE event_id = $1 AND country = $2", event_id, country)).await
}

/// Replaces the event's seats per country.
pub async fn replace_quotas(conn: &mut Conn, event_id: i64, quotas: &[(String, i64)]) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM country_quotas WHERE event_id = $1", event_id)).await?;
    for (country, seats) in quotas {
        conn.execute(sql!("INSERT INTO country_quotas (event_id, country, seats) VALUES ($1, $2, $3)", event_id, country, *seats)).await?;
    }
    Ok(())
}

/// Seats held by nominees of the event: of one country, or of all.
pub async fn used(conn: &mut Conn, event_id: i64, country: Option<&str>) -> Result<i64, AppError> {
    conn.scalar(sql!(
        format!(
            "SELECT COUNT(*) FROM registrations r JOIN focal_points f ON f.id = r.nominated_by
             WHERE f.event_id = $1 AND ($2 IS NULL OR f.country = $2) AND {HOLDING}"
        ),
        event_id,
        country
    ))
    .await
}

/// Per country of the event's focal points: (country, nominated, approved, attended).
pub async fn per_country(conn: &mut Conn, event_id: i64) -> Result<Vec<(String, i64, i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        format!(
            "SELECT f.country,
                    COUNT(*) FILTER (WHERE {HOLDING}),
                    COUNT(*) FILTER (WHERE r.status = 'confirmed'),
                    COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id))
             FROM registrations r JOIN focal_points f ON f.id = r.nominated_by
             WHERE f.event_id = $1 GROUP BY f.country ORDER BY f.country"
        ),
        event_id
    ))
    .await
}

/// A `focal_points` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FocalRow {
    pub id: i64,
    pub event_id: i64,
    pub country: String,
    pub name: String,
    pub email: String,
    pub ministry: String,
    pub language: String,
    pub link_sent_at: Option<i64>,
}

const FOCAL: &str = "SELECT id, event_id, country, name, email, ministry, language, link_sent_at FROM focal_points";

/// The event's focal points (not removed), by country and name.
pub async fn focal_points(conn: &mut Conn, event_id: i64) -> Result<Vec<FocalRow>, AppError> {
    conn.fetch_all(sql!(format!("{FOCAL} WHERE event_id = $1 AND removed_at IS NULL ORDER BY country, name, id"), event_id)).await
}

pub async fn focal_point(conn: &mut Conn, event_id: i64, id: i64) -> Result<FocalRow, AppError> {
    conn.fetch_optional(sql!(format!("{FOCAL} WHERE id = $1 AND event_id = $2 AND removed_at IS NULL"), id, event_id))
        .await?
        .ok_or(AppError::NotFound)
}

/// The focal point behind a nomination link's hash.
pub async fn by_token(conn: &mut Conn, hash: &[u8]) -> Result<Option<FocalRow>, AppError> {
    conn.fetch_optional(sql!(format!("{FOCAL} WHERE token_hash = $1 AND removed_at IS NULL"), hash)).await
}

pub struct NewFocal<'a> {
    pub event_id: i64,
    pub country: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub ministry: &'a str,
    pub language: &'a str,
}

pub async fn insert_focal(conn: &mut Conn, f: &NewFocal<'_>, now: i64) -> Result<i64, AppError> {
    conn.scalar(sql!(
        "INSERT INTO focal_points (event_id, country, name, email, ministry, language, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        f.event_id,
        f.country,
        f.name,
        f.email,
        f.ministry,
        f.language,
        now
    ))
    .await
}

/// Gives the focal point a new link: the old one stops working.
pub async fn set_token(conn: &mut Conn, id: i64, hash: &[u8], now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE focal_points SET token_hash = $2, link_sent_at = $3 WHERE id = $1", id, hash, now)).await?;
    Ok(())
}

/// Removes a focal point: their link stops working; their nominees stay.
pub async fn remove_focal(conn: &mut Conn, id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE focal_points SET token_hash = NULL, removed_at = $2 WHERE id = $1", id, now)).await?;
    Ok(())
}

/// Nominees per focal point of the event: (focal point, holding a seat).
pub async fn nominee_counts(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        format!(
            "SELECT f.id, COUNT(*) FROM registrations r JOIN focal_points f ON f.id = r.nominated_by
             WHERE f.event_id = $1 AND {HOLDING} GROUP BY f.id"
        ),
        event_id
    ))
    .await
}

/// A focal point's nominees (not withdrawn or expired): (public id, given name, family name,
/// email, status), in the order nominated.
pub async fn nominees(conn: &mut Conn, focal_id: i64) -> Result<Vec<(String, String, String, String, String)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT public_id, given_name, family_name, email, status FROM registrations
         WHERE nominated_by = $1 AND status NOT IN ('cancelled', 'expired') ORDER BY id",
        focal_id
    ))
    .await
}

/// One of the focal point's nominees by public id: (registration id, status).
pub async fn nominee(conn: &mut Conn, focal_id: i64, public_id: &str) -> Result<Option<(i64, String)>, AppError> {
    conn.fetch_optional(sql!("SELECT id, status FROM registrations WHERE nominated_by = $1 AND public_id = $2", focal_id, public_id)).await
}

pub async fn set_nominated_by(conn: &mut Conn, registration_id: i64, focal_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE registrations SET nominated_by = $2 WHERE id = $1", registration_id, focal_id)).await?;
    Ok(())
}

/// A letter's description: (file name, size in bytes, uploaded at).
pub async fn letter_info(conn: &mut Conn, focal_id: i64) -> Result<Option<(String, i64, i64)>, AppError> {
    conn.fetch_optional(sql!("SELECT file_name, size, uploaded_at FROM nomination_letters WHERE focal_point_id = $1", focal_id)).await
}

/// A letter's file name and bytes.
pub async fn letter(conn: &mut Conn, focal_id: i64) -> Result<Option<(String, Vec<u8>)>, AppError> {
    conn.fetch_optional(sql!("SELECT file_name, content FROM nomination_letters WHERE focal_point_id = $1", focal_id)).await
}

pub async fn put_letter(conn: &mut Conn, focal_id: i64, file_name: &str, content: Vec<u8>, sha256: &str, now: i64) -> Result<(), AppError> {
    let size = content.len() as i64;
    conn.execute(sql!("DELETE FROM nomination_letters WHERE focal_point_id = $1", focal_id)).await?;
    conn.execute(sql!(
        "INSERT INTO nomination_letters (focal_point_id, file_name, size, sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        focal_id,
        file_name,
        size,
        sha256,
        content,
        now
    ))
    .await?;
    Ok(())
}

/// The registrations table's column: the nominating focal point of each registration that has
/// one, (registration id, focal point id, focal point's name, ministry, whether a letter is kept).
pub async fn nominators(conn: &mut Conn, registration_ids: &[i64]) -> Result<Vec<(i64, i64, String, String, bool)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT r.id, f.id, f.name, f.ministry, EXISTS (SELECT 1 FROM nomination_letters l WHERE l.focal_point_id = f.id)
         FROM registrations r JOIN focal_points f ON f.id = r.nominated_by WHERE r.id = ANY($1)",
        registration_ids
    ))
    .await
}

/// An `event_invitations` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub event_id: i64,
    pub email_norm: String,
    pub details: String,
    pub registration_id: Option<i64>,
}

/// Invites an address (a new link replaces an earlier invitation's).
pub async fn put_invitation(
    conn: &mut Conn,
    event_id: i64,
    email_norm: &str,
    hash: &[u8],
    details: &str,
    now: i64,
) -> Result<(), AppError> {
    conn.execute(sql!("DELETE FROM event_invitations WHERE event_id = $1 AND email_norm = $2", event_id, email_norm)).await?;
    conn.execute(sql!(
        "INSERT INTO event_invitations (event_id, email_norm, token_hash, details, created_at) VALUES ($1, $2, $3, $4, $5)",
        event_id,
        email_norm,
        hash,
        details,
        now
    ))
    .await?;
    Ok(())
}

pub async fn invitation(conn: &mut Conn, hash: &[u8]) -> Result<Option<InvitationRow>, AppError> {
    conn.fetch_optional(sql!(
        "SELECT id, event_id, email_norm, details, registration_id FROM event_invitations WHERE token_hash = $1",
        hash
    ))
    .await
}

pub async fn set_invitation_used(conn: &mut Conn, id: i64, registration_id: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE event_invitations SET registration_id = $2 WHERE id = $1", id, registration_id)).await?;
    Ok(())
}

/// Whether a registration is still active (not cancelled or expired).
pub async fn is_active(conn: &mut Conn, registration_id: i64) -> Result<bool, AppError> {
    Ok(conn
        .scalar_optional::<String>(sql!("SELECT status FROM registrations WHERE id = $1", registration_id))
        .await?
        .is_some_and(|s| s != "cancelled" && s != "expired"))
}

/// Retention: for events past their retention period, forgets invitations and letters, and
/// blanks who the focal points were (their country stays for the report).
pub async fn forget_past(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    const PAST: &str = "SELECT id FROM events WHERE retention_days IS NOT NULL AND ends_at + retention_days * 86400 <= $1";
    let mut n = conn.execute(sql!(format!("DELETE FROM event_invitations WHERE event_id IN ({PAST})"), now)).await?;
    n += conn
        .execute(sql!(
            format!("DELETE FROM nomination_letters WHERE focal_point_id IN (SELECT id FROM focal_points WHERE event_id IN ({PAST}))"),
            now
        ))
        .await?;
    n += conn
        .execute(sql!(
            format!(
                "UPDATE focal_points SET name = '', email = '', ministry = '', token_hash = NULL
                 WHERE event_id IN ({PAST}) AND (name <> '' OR token_hash IS NOT NULL)"
            ),
            now
        ))
        .await?;
    Ok(n)
}
