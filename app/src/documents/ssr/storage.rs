//! The tables of documents: an event's settings and images (`event_documents`), the letters
//! and certificates issued (`documents`), and the badge role of a registration.
use crate::{
    error::AppError,
    registrations::{RegQuery, ssr::storage as registrations},
    sql,
    store::{Conn, Sql},
};

/// An event's document settings, as stored (no row reads as `Default`).
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct Settings {
    pub letters: bool,
    pub letter_attached: bool,
    /// JSON: the organizer's letter text by language.
    pub letter_texts: String,
    pub certificates: bool,
    pub certificate_texts: String,
    pub certificate_min_days: Option<i64>,
    pub badge_layout: String,
    pub office: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub has_logo: bool,
    pub has_signature: bool,
}

pub async fn settings(conn: &mut Conn, event_id: i64) -> Result<Settings, AppError> {
    let row: Option<Settings> = conn
        .fetch_optional(sql!(
            "SELECT letters, letter_attached, letter_texts, certificates, certificate_texts, certificate_min_days, badge_layout,
                    office, signatory_name, signatory_title, logo IS NOT NULL AS has_logo, signature IS NOT NULL AS has_signature
             FROM event_documents WHERE event_id = $1",
            event_id
        ))
        .await?;
    Ok(row.unwrap_or_else(|| Settings {
        letter_texts: "{}".into(),
        certificate_texts: "{}".into(),
        badge_layout: "a6".into(),
        ..Default::default()
    }))
}

/// Saves the settings (not the images), creating the row on first save.
pub async fn save_settings(conn: &mut Conn, event_id: i64, s: &Settings, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO event_documents (event_id, letters, letter_attached, letter_texts, certificates, certificate_texts,
                                      certificate_min_days, badge_layout, office, signatory_name, signatory_title, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (event_id) DO UPDATE SET letters = excluded.letters, letter_attached = excluded.letter_attached,
             letter_texts = excluded.letter_texts, certificates = excluded.certificates, certificate_texts = excluded.certificate_texts,
             certificate_min_days = excluded.certificate_min_days, badge_layout = excluded.badge_layout, office = excluded.office,
             signatory_name = excluded.signatory_name, signatory_title = excluded.signatory_title, updated_at = excluded.updated_at",
        event_id,
        s.letters,
        s.letter_attached,
        &s.letter_texts,
        s.certificates,
        &s.certificate_texts,
        s.certificate_min_days,
        &s.badge_layout,
        &s.office,
        &s.signatory_name,
        &s.signatory_title,
        now
    ))
    .await?;
    Ok(())
}

/// Which image: the letterhead logo or the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Logo,
    Signature,
}

impl Image {
    fn column(self) -> &'static str {
        match self {
            Image::Logo => "logo",
            Image::Signature => "signature",
        }
    }
}

/// Replaces (or with `None` removes) an image; the settings row is created if need be.
pub async fn set_image(conn: &mut Conn, event_id: i64, which: Image, bytes: Option<Vec<u8>>, now: i64) -> Result<(), AppError> {
    conn.execute(sql!(
        "INSERT INTO event_documents (event_id, updated_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING",
        event_id,
        now
    ))
    .await?;
    let col = which.column();
    conn.execute(sql!(format!("UPDATE event_documents SET {col} = $2, updated_at = $3 WHERE event_id = $1"), event_id, bytes, now)).await?;
    Ok(())
}

/// An image as stored, if any.
type Picture = Option<Vec<u8>>;

/// The letterhead logo and the signature.
pub async fn images(conn: &mut Conn, event_id: i64) -> Result<(Picture, Picture), AppError> {
    let row: Option<(Picture, Picture)> =
        conn.fetch_optional(sql!("SELECT logo, signature FROM event_documents WHERE event_id = $1", event_id)).await?;
    Ok(row.unwrap_or_default())
}

/// A `documents` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub event_id: i64,
    pub registration_id: i64,
    pub reference: String,
    pub holder_name: String,
    pub language: String,
    pub details: String,
    pub issued_at: i64,
    pub issued_by: Option<i64>,
    pub downloads: i64,
    pub downloaded_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, code, kind, event_id, registration_id, reference, holder_name, language, details, issued_at, issued_by,
                       downloads, downloaded_at, revoked_at";

/// A registration's valid document of a kind: the latest not revoked.
pub async fn current(conn: &mut Conn, registration_id: i64, kind: &str) -> Result<Option<DocumentRow>, AppError> {
    conn.fetch_optional(sql!(
        format!("SELECT {COLUMNS} FROM documents WHERE registration_id = $1 AND kind = $2 AND revoked_at IS NULL ORDER BY id DESC LIMIT 1"),
        registration_id,
        kind
    ))
    .await
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<DocumentRow>, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {COLUMNS} FROM documents WHERE id = $1"), id)).await
}

pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<DocumentRow>, AppError> {
    conn.fetch_optional(sql!(format!("SELECT {COLUMNS} FROM documents WHERE code = $1"), code)).await
}

/// A document about to be issued.
pub struct NewDocument<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub event_id: i64,
    pub registration_id: i64,
    /// The reference before its number: "STUDY-VISIT-2026/L/".
    pub reference_prefix: &'a str,
    pub holder_name: &'a str,
    pub language: &'a str,
    pub details: &'a str,
    pub issued_by: Option<i64>,
}

/// Issues a document, numbered after the event's last of its kind (inside the writer's
/// transaction, so two never share a number).
pub async fn insert(conn: &mut Conn, d: &NewDocument<'_>, now: i64) -> Result<i64, AppError> {
    let number: i64 = conn
        .scalar(sql!("SELECT COALESCE(MAX(number), 0) + 1 FROM documents WHERE event_id = $1 AND kind = $2", d.event_id, d.kind))
        .await?;
    conn.scalar(sql!(
        "INSERT INTO documents (code, kind, event_id, registration_id, reference, number, holder_name, language, details, issued_at, issued_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        d.code,
        d.kind,
        d.event_id,
        d.registration_id,
        format!("{}{number:04}", d.reference_prefix),
        number,
        d.holder_name,
        d.language,
        d.details,
        now,
        d.issued_by
    ))
    .await
}

pub async fn downloaded(conn: &mut Conn, id: i64, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE documents SET downloads = downloads + 1, downloaded_at = $2 WHERE id = $1", id, now)).await?;
    Ok(())
}

/// Revokes one of the event's documents; false when it has no such document.
pub async fn revoke(conn: &mut Conn, event_id: i64, id: i64, now: i64) -> Result<bool, AppError> {
    let n = conn
        .execute(sql!("UPDATE documents SET revoked_at = $3 WHERE id = $1 AND event_id = $2 AND revoked_at IS NULL", id, event_id, now))
        .await?;
    Ok(n == 1)
}

/// An issued document on the organizer's list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssuedRow {
    pub id: i64,
    pub kind: String,
    pub reference: String,
    pub holder_name: String,
    pub registration_id: i64,
    pub public_id: String,
    pub issued_at: i64,
    pub by_organizer: bool,
    pub downloads: i64,
    pub downloaded_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// The certificate's email: pending, sending, sent or failed (none: not emailed).
    pub email_status: Option<String>,
}

/// The event's documents whose reference or holder contains `q` (all when empty), newest
/// first, at most `limit`; and how many match in all.
pub async fn of_event(conn: &mut Conn, event_id: i64, q: &str, limit: i64) -> Result<(Vec<IssuedRow>, i64), AppError> {
    let pattern = format!("%{}%", q.trim().to_lowercase());
    let rows = conn
        .fetch_all(sql!(
            "SELECT d.id, d.kind, d.reference, d.holder_name, d.registration_id, r.public_id, d.issued_at, d.issued_by IS NOT NULL AS by_organizer,
                    d.downloads, d.downloaded_at, d.revoked_at,
                    (SELECT o.status FROM outbox o WHERE o.document_id = d.id ORDER BY o.id DESC LIMIT 1) AS email_status
             FROM documents d JOIN registrations r ON r.id = d.registration_id
             WHERE d.event_id = $1 AND (lower(d.reference) LIKE $2 OR lower(d.holder_name) LIKE $2)
             ORDER BY d.id DESC LIMIT $3",
            event_id,
            &pattern,
            limit
        ))
        .await?;
    let total = conn
        .scalar(sql!(
            "SELECT COUNT(*) FROM documents d WHERE d.event_id = $1 AND (lower(d.reference) LIKE $2 OR lower(d.holder_name) LIKE $2)",
            event_id,
            &pattern
        ))
        .await?;
    Ok((rows, total))
}

/// What a badge prints of a registration.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BadgeRow {
    pub id: i64,
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub organization: String,
    pub country: String,
    pub language: String,
    pub checkin_code: Option<String>,
    pub badge_role: String,
}

const BADGE_COLUMNS: &str =
    "SELECT r.id, r.public_id, r.given_name, r.family_name, r.organization, r.country, r.language, r.checkin_code, r.badge_role
     FROM registrations r";

/// The badges of the registrations the table's filters show, in its order.
pub fn badges(event_id: i64, f: &RegQuery) -> Sql {
    let mut q = Sql::new(BADGE_COLUMNS);
    registrations::filters(&mut q, event_id, f);
    q.push(" ORDER BY ").push(registrations::order(&f.sort));
    q
}

pub async fn badge_of(conn: &mut Conn, reg_id: i64) -> Result<Option<BadgeRow>, AppError> {
    conn.fetch_optional(sql!(format!("{BADGE_COLUMNS} WHERE r.id = $1"), reg_id)).await
}

pub async fn set_badge_role(conn: &mut Conn, reg_id: i64, role: &str) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE registrations SET badge_role = $2 WHERE id = $1", reg_id, role)).await?;
    Ok(())
}

/// The check-in times of the event's attendees who have no valid certificate yet, for
/// counting the days each attended: (registration, time).
pub async fn uncertified_checkins(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    conn.fetch_all(sql!(
        "SELECT c.registration_id, c.at FROM checkins c JOIN registrations r ON r.id = c.registration_id
         WHERE r.event_id = $1 AND r.attended AND r.status = 'confirmed'
           AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.registration_id = r.id AND d.kind = 'certificate' AND d.revoked_at IS NULL)
         ORDER BY c.registration_id",
        event_id
    ))
    .await
}

/// One registration's check-in times.
pub async fn checkins_of(conn: &mut Conn, registration_id: i64) -> Result<Vec<i64>, AppError> {
    conn.scalars(sql!("SELECT at FROM checkins WHERE registration_id = $1", registration_id)).await
}

/// Blanks the passport details printed on letters of events that are over and have a
/// retention period, with the events' sensitive answers; the verification pages stay.
pub async fn erase_details_of_past(conn: &mut Conn, now: i64) -> Result<u64, AppError> {
    conn.execute(sql!(
        "UPDATE documents SET details = '{}'
         WHERE details <> '{}' AND event_id IN (SELECT id FROM events WHERE ends_at <= $1 AND retention_days IS NOT NULL)",
        now
    ))
    .await
}

/// Forgets who held the documents of erased registrations: their pages then say only the
/// type, the event and the dates.
pub async fn forget_holders(conn: &mut Conn, registration_ids: &[i64]) -> Result<u64, AppError> {
    conn.execute(sql!("UPDATE documents SET holder_name = '', details = '{}' WHERE registration_id = ANY($1)", registration_ids.to_vec()))
        .await
}
