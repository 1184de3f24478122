//! The set-based statements of the participant path's batches (`batch`). Each takes a whole
//! batch in a fixed number of parameters, so the statement's text stays the same whatever the
//! batch size (one prepared statement, one round trip): on SQLite the rows go as one JSON array
//! read with `json_each`; on PostgreSQL each column goes as an array read with `unnest`.
//! Single-row statements are in `storage`.
use super::storage::{COLUMNS, RegistrationRow};
use crate::{
    domain::{RegistrationStatus, ValidRegistration},
    error::AppError,
    sql,
    store::{Conn, Engine},
    tokens,
};

/// A registration about to be stored by `insert_many`.
pub struct NewRegistration<'a> {
    pub public_id: String,
    pub event_id: i64,
    pub valid: &'a ValidRegistration,
    pub status: RegistrationStatus,
    pub now: i64,
    pub expires_at: i64,
    pub checkin_code: String,
}

/// Stores new registrations and their requested sessions; returns their ids, in order.
pub async fn insert_many(conn: &mut Conn, new: &[NewRegistration<'_>]) -> Result<Vec<i64>, AppError> {
    let stored: Vec<(i64, String)> = match conn.engine() {
        Engine::Sqlite => {
            let rows = new.iter().map(|r| {
                let v = r.valid;
                serde_json::json!({
                    "p": r.public_id, "e": r.event_id, "g": v.given_name.as_str(), "f": v.family_name.as_str(),
                    "m": v.email.as_str(), "n": v.email.normalized(), "c": v.country.as_str(), "o": v.organization.as_str(),
                    "t": v.organization_type.code(), "j": v.job_title.as_str(), "x": v.gender.map(|g| g.code()),
                    "a": v.accessibility.as_str(), "d": v.dietary.as_str(), "l": v.language.code(), "s": r.status.code(),
                    "now": r.now, "exp": r.expires_at, "k": r.checkin_code,
                })
            });
            conn.fetch_all(sql!(
                "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
                     organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status,
                     created_at, expires_at, updated_at, checkin_code)
                 SELECT r->>'p', r->>'e', r->>'g', r->>'f', r->>'m', r->>'n', r->>'c', r->>'o', r->>'t', r->>'j', r->>'x', r->>'a',
                        r->>'d', r->>'l', r->>'now', r->>'s', r->>'now', r->>'exp', r->>'now', r->>'k'
                 FROM (SELECT value AS r FROM json_each($1))
                 RETURNING id, public_id",
                json_rows(rows.into_iter())
            ))
            .await?
        }
        Engine::Postgres => {
            let text = |f: &dyn Fn(&NewRegistration) -> String| new.iter().map(f).collect::<Vec<String>>();
            conn.fetch_all(sql!(
                "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
                     organization_type, job_title, gender, accessibility_needs, dietary_needs, language, consent_at, status,
                     created_at, expires_at, updated_at, checkin_code)
                 SELECT p, e, g, f, m, n, c, o, t, j, x, a, d, l, at, s, at, exp, at, k
                 FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                             $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[],
                             $17::bigint[], $18::text[])
                      AS r(p, e, g, f, m, n, c, o, t, j, x, a, d, l, at, s, exp, k)
                 RETURNING id, public_id",
                text(&|r| r.public_id.clone()),
                new.iter().map(|r| r.event_id).collect::<Vec<i64>>(),
                text(&|r| r.valid.given_name.as_str().to_owned()),
                text(&|r| r.valid.family_name.as_str().to_owned()),
                text(&|r| r.valid.email.as_str().to_owned()),
                text(&|r| r.valid.email.normalized()),
                text(&|r| r.valid.country.as_str().to_owned()),
                text(&|r| r.valid.organization.as_str().to_owned()),
                text(&|r| r.valid.organization_type.code().to_owned()),
                text(&|r| r.valid.job_title.as_str().to_owned()),
                new.iter().map(|r| r.valid.gender.map(|g| g.code().to_owned())).collect::<Vec<Option<String>>>(),
                text(&|r| r.valid.accessibility.as_str().to_owned()),
                text(&|r| r.valid.dietary.as_str().to_owned()),
                text(&|r| r.valid.language.code().to_owned()),
                new.iter().map(|r| r.now).collect::<Vec<i64>>(),
                text(&|r| r.status.code().to_owned()),
                new.iter().map(|r| r.expires_at).collect::<Vec<i64>>(),
                text(&|r| r.checkin_code.clone()),
            ))
            .await?
        }
    };
    // RETURNING does not promise an order: match the ids back by public id.
    let by_public: std::collections::HashMap<&str, i64> = stored.iter().map(|(id, p)| (p.as_str(), *id)).collect();
    let ids: Vec<i64> = new.iter().filter_map(|r| by_public.get(r.public_id.as_str()).copied()).collect();
    if ids.len() != new.len() {
        return Err(AppError::Internal("a batch insert lost rows".into()));
    }
    let choices: Vec<(i64, i64, i64)> =
        new.iter().zip(&ids).flat_map(|(r, id)| r.valid.sessions.iter().map(move |s| (*id, *s, r.now))).collect();
    if !choices.is_empty() {
        let q = match conn.engine() {
            Engine::Sqlite => sql!(
                "INSERT INTO registration_sessions (registration_id, session_id, status, created_at)
                 SELECT value->>0, value->>1, 'requested', value->>2 FROM json_each($1)",
                json_rows(choices.iter().map(|(r, s, a)| serde_json::json!([r, s, a])))
            ),
            Engine::Postgres => sql!(
                "INSERT INTO registration_sessions (registration_id, session_id, status, created_at)
                 SELECT r, s, 'requested', a FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS x(r, s, a)",
                choices.iter().map(|c| c.0).collect::<Vec<i64>>(),
                choices.iter().map(|c| c.1).collect::<Vec<i64>>(),
                choices.iter().map(|c| c.2).collect::<Vec<i64>>()
            ),
        };
        conn.execute(q).await?;
    }
    Ok(ids)
}

/// The addresses among `emails_norm` that already have an active registration for the event.
pub async fn active_emails(conn: &mut Conn, event_id: i64, emails_norm: &[String]) -> Result<Vec<String>, AppError> {
    conn.scalars(sql!(
        format!("SELECT email_norm FROM registrations WHERE event_id = $1 AND email_norm = ANY($2) AND {}", super::storage::ACTIVE),
        event_id,
        emails_norm
    ))
    .await
}

/// A link token about to be stored by `issue_tokens`.
pub struct NewToken {
    pub registration_id: i64,
    pub purpose: &'static str,
    pub now: i64,
    pub expires_at: i64,
    pub token: tokens::NewToken,
}

/// Stores many link tokens at once (their hashes only).
pub async fn issue_tokens(conn: &mut Conn, new: &[NewToken]) -> Result<(), AppError> {
    let q = match conn.engine() {
        Engine::Sqlite => sql!(
            "INSERT INTO tokens (hash, registration_id, purpose, created_at, expires_at)
             SELECT unhex(value->>0), value->>1, value->>2, value->>3, value->>4 FROM json_each($1)",
            json_rows(new.iter().map(|t| serde_json::json!([
                tokens::to_hex(&t.token.hash),
                t.registration_id,
                t.purpose,
                t.now,
                t.expires_at
            ])))
        ),
        Engine::Postgres => sql!(
            "INSERT INTO tokens (hash, registration_id, purpose, created_at, expires_at)
             SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[])",
            new.iter().map(|t| t.token.hash.clone()).collect::<Vec<Vec<u8>>>(),
            new.iter().map(|t| t.registration_id).collect::<Vec<i64>>(),
            new.iter().map(|t| t.purpose.to_owned()).collect::<Vec<String>>(),
            new.iter().map(|t| t.now).collect::<Vec<i64>>(),
            new.iter().map(|t| t.expires_at).collect::<Vec<i64>>()
        ),
    };
    conn.execute(q).await?;
    Ok(())
}

/// Rows for SQLite's `json_each`: one JSON array, one element per row.
fn json_rows(rows: impl Iterator<Item = serde_json::Value>) -> String {
    serde_json::Value::Array(rows.collect()).to_string()
}

/// A confirmation link's token with the registration behind it.
#[derive(Debug, sqlx::FromRow)]
pub struct Confirmable {
    #[sqlx(flatten)]
    pub registration: RegistrationRow,
    pub hash: Vec<u8>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub checkin_code: Option<String>,
    /// Whether the registration asked for sessions (those take the one-by-one way).
    pub has_sessions: bool,
}

/// The confirmation tokens among `hashes` that exist, with their registrations.
pub async fn confirmables(conn: &mut Conn, hashes: Vec<Vec<u8>>) -> Result<Vec<Confirmable>, AppError> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("r.{c}")).collect();
    conn.fetch_all(sql!(
        format!(
            "SELECT {}, r.checkin_code, t.hash, t.expires_at, t.used_at,
                    EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id) AS has_sessions
             FROM tokens t JOIN registrations r ON r.id = t.registration_id
             WHERE t.hash = ANY($1) AND t.purpose = 'confirm'",
            columns.join(", ")
        ),
        hashes
    ))
    .await
}

pub async fn mark_tokens_used(conn: &mut Conn, hashes: Vec<Vec<u8>>, now: i64) -> Result<(), AppError> {
    conn.execute(sql!("UPDATE tokens SET used_at = $2 WHERE hash = ANY($1)", hashes, now)).await?;
    Ok(())
}

/// Where a registration goes once its address is confirmed: `confirmed`, `waitlisted` (with
/// its number on the list) or `awaiting_approval`.
pub struct Settled {
    pub id: i64,
    pub status: RegistrationStatus,
    pub waitlist_seq: Option<i64>,
}

/// Marks many addresses confirmed and each registration settled as decided, in one statement.
pub async fn settle_addresses(conn: &mut Conn, settled: &[Settled], now: i64) -> Result<(), AppError> {
    let q = match conn.engine() {
        Engine::Sqlite => sql!(
            "UPDATE registrations
             SET status = j.value->>1, waitlist_seq = j.value->>2, email_confirmed_at = $2, expires_at = NULL, updated_at = $2,
                 confirmed_at = CASE WHEN j.value->>1 = 'confirmed' THEN $2 END
             FROM json_each($1) AS j WHERE registrations.id = j.value->>0",
            json_rows(settled.iter().map(|s| serde_json::json!([s.id, s.status.code(), s.waitlist_seq]))),
            now
        ),
        Engine::Postgres => sql!(
            "UPDATE registrations
             SET status = j.status, waitlist_seq = j.seq, email_confirmed_at = $4, expires_at = NULL, updated_at = $4,
                 confirmed_at = CASE WHEN j.status = 'confirmed' THEN $4 END
             FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS j(id, status, seq)
             WHERE registrations.id = j.id",
            settled.iter().map(|s| s.id).collect::<Vec<i64>>(),
            settled.iter().map(|s| s.status.code().to_owned()).collect::<Vec<String>>(),
            settled.iter().map(|s| s.waitlist_seq).collect::<Vec<Option<i64>>>(),
            now
        ),
    };
    conn.execute(q).await?;
    Ok(())
}
