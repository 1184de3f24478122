//! The tables and queries of people across events: the person key of a registration, the
//! merges of two addresses, unique counts, and the people no longer countable once erased.
use crate::{error::AppError, sql, store::Conn};

/// A registration's person: its address, or the address it was merged into. Queries using it
/// join `person_merges m` on the registration `r`.
pub const KEY: &str = "COALESCE(m.into_norm, r.email_norm)";
const MERGED: &str = "LEFT JOIN person_merges m ON m.email_norm = r.email_norm";

/// Whether a registration counts as a participant of its event: checked in, or confirmed at
/// an event where nobody was checked in (the same rule as the activity table's counts).
const PARTICIPANT: &str = "(r.attended OR (r.status = 'confirmed'
    AND NOT EXISTS (SELECT 1 FROM registrations x WHERE x.event_id = r.event_id AND x.attended)))";

/// How many people took part in the events: attendees of `checked` events (those with
/// check-ins), the confirmed and attended of `unchecked` ones; each person once. Erased
/// registrations link to nobody and are left out (`people_erased` counts them).
pub async fn unique_people(conn: &mut Conn, checked: &[i64], unchecked: &[i64]) -> Result<i64, AppError> {
    if checked.is_empty() && unchecked.is_empty() {
        return Ok(0);
    }
    conn.scalar(sql!(
        format!(
            "SELECT COUNT(DISTINCT {KEY}) FROM registrations r {MERGED}
             WHERE r.erased_at IS NULL
               AND ((r.event_id = ANY($1) AND r.attended) OR (r.event_id = ANY($2) AND (r.attended OR r.status = 'confirmed')))"
        ),
        checked.to_vec(),
        unchecked.to_vec()
    ))
    .await
}

/// The people counted as erased, for the years: (year, activity or '', people).
pub async fn erased_counts(conn: &mut Conn, from: i64, to: i64) -> Result<Vec<(i64, String, i64)>, AppError> {
    conn.fetch_all(sql!("SELECT year, activity, people FROM people_erased WHERE year >= $1 AND year <= $2", from, to)).await
}

pub async fn add_erased(conn: &mut Conn, year: i64, activity: &str, people: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO people_erased (year, activity, people) VALUES ($1, $2, $3)
         ON CONFLICT (year, activity) DO UPDATE SET people = people_erased.people + excluded.people",
        year,
        activity,
        people
    ))
    .await?;
    Ok(())
}

/// The registrations `ids` that count as participants of held events, with their person:
/// (registration, event, person key).
pub async fn participants_among(conn: &mut Conn, ids: &[i64]) -> Result<Vec<(i64, i64, String)>, AppError> {
    conn.fetch_all(sql!(
        format!(
            "SELECT r.id, r.event_id, {KEY} FROM registrations r {MERGED} JOIN events e ON e.id = r.event_id
             WHERE r.id = ANY($1) AND r.erased_at IS NULL AND e.status IN ('published', 'archived') AND {PARTICIPANT}"
        ),
        ids.to_vec()
    ))
    .await
}

/// The person's other registrations that still count (not erased, not among `leaving`), as
/// participants of held events: their event ids.
pub async fn other_participations(conn: &mut Conn, key: &str, leaving: &[i64]) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!(
        format!(
            "SELECT r.event_id FROM registrations r {MERGED} JOIN events e ON e.id = r.event_id
             WHERE {KEY} = $1 AND r.erased_at IS NULL AND NOT (r.id = ANY($2))
               AND e.status IN ('published', 'archived') AND {PARTICIPANT}"
        ),
        key,
        leaving.to_vec()
    ))
    .await
}

/// Merges that name an address no registration has any more: they would keep an erased
/// person's address.
pub async fn forget_orphan_merges(conn: &mut Conn) -> Result<u64, AppError> {
    conn.execute(sql!(
        "DELETE FROM person_merges WHERE
             NOT EXISTS (SELECT 1 FROM registrations r WHERE r.email_norm = person_merges.email_norm AND r.erased_at IS NULL)
          OR NOT EXISTS (SELECT 1 FROM registrations r WHERE r.email_norm = person_merges.into_norm AND r.erased_at IS NULL)"
    ))
    .await
}

/// The participants of the events from one country: (person key, registration, given name,
/// family name, organisation, event), as `unique_people` counts them.
pub async fn of_country(
    conn: &mut Conn,
    checked: &[i64],
    unchecked: &[i64],
    country: &str,
) -> Result<Vec<(String, i64, String, String, String, i64)>, AppError> {
    if checked.is_empty() && unchecked.is_empty() {
        return Ok(Vec::new());
    }
    conn.fetch_all(sql!(
        format!(
            "SELECT {KEY}, r.id, r.given_name, r.family_name, r.organization, r.event_id FROM registrations r {MERGED}
             WHERE r.erased_at IS NULL AND r.country = $3
               AND ((r.event_id = ANY($1) AND r.attended) OR (r.event_id = ANY($2) AND (r.attended OR r.status = 'confirmed')))
             ORDER BY r.id"
        ),
        checked.to_vec(),
        unchecked.to_vec(),
        country
    ))
    .await
}

/// The person key of a registration.
pub async fn key_of(conn: &mut Conn, registration_id: i64) -> Result<String, AppError> {
    conn.scalar_optional(sql!(
        format!("SELECT {KEY} FROM registrations r {MERGED} WHERE r.id = $1 AND r.erased_at IS NULL"),
        registration_id
    ))
    .await?
    .ok_or(AppError::NotFound)
}

/// One registration of a person, for their page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Participation {
    pub id: i64,
    pub event_id: i64,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub organization: String,
    pub country: String,
    pub status: String,
    pub attended: bool,
}

/// Every registration of the person, latest event first.
pub async fn registrations_of(conn: &mut Conn, key: &str) -> Result<Vec<Participation>, AppError> {
    conn.fetch_all(sql!(
        format!(
            "SELECT r.id, r.event_id, r.email, r.given_name, r.family_name, r.organization, r.country, r.status, r.attended
             FROM registrations r {MERGED} JOIN events e ON e.id = r.event_id
             WHERE (r.email_norm = $1 OR m.into_norm = $1) AND r.erased_at IS NULL
             ORDER BY e.starts_at DESC, r.id"
        ),
        key
    ))
    .await
}

/// Whether any registration that is not erased has this address.
pub async fn address_known(conn: &mut Conn, email_norm: &str) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT event_id FROM registrations WHERE email_norm = $1 AND erased_at IS NULL", email_norm)).await
}

/// Counts `from` as `into` from now on; merges into `from` follow it.
pub async fn merge(conn: &mut Conn, from: &str, into: &str, by_user: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE person_merges SET into_norm = $2 WHERE into_norm = $1", from, into)).await?;
    conn.execute(sql!(
        "INSERT INTO person_merges (email_norm, into_norm, merged_by, merged_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email_norm) DO UPDATE SET into_norm = excluded.into_norm, merged_by = excluded.merged_by, merged_at = excluded.merged_at",
        from,
        into,
        by_user,
        now
    ))
    .await?;
    Ok(())
}
