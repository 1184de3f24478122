//! Databases for the benchmarks, written straight into SQLite (set-based inserts, so a million
//! registrations take seconds): the bench webinar, 100,000 registrations for the export, and
//! 2,000 events with 1,000,000 registrations and their check-ins for the reports.
use super::server::command;
use sqlx::{SqlitePool, sqlite::SqliteConnectOptions};
use std::{path::Path, str::FromStr};

/// A fresh database with Plenary's schema (applied by `plenary migrate`).
pub async fn fresh(dir: &Path, name: &str) -> (String, SqlitePool) {
    let db = dir.join(name).display().to_string();
    let _ = std::fs::remove_file(&db);
    let status = command(dir, &db, 256).arg("migrate").status().await.expect("plenary migrate");
    assert!(status.success(), "plenary migrate failed");
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{db}")).expect("a SQLite URL");
    (db, SqlitePool::connect_with(options).await.expect("the database opens"))
}

/// A published event open for registration, far in the future; returns its id.
pub async fn event(pool: &SqlitePool, slug: &str, capacity: Option<i64>) -> i64 {
    let now = chrono::Utc::now().timestamp();
    sqlx::query_scalar(
        "INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, online, capacity, created_at, updated_at)
         VALUES (?, 'webinar', 'Benchmark webinar', 'UTC', ?, ?, 1, ?, ?, ?) RETURNING id",
    )
    .bind(slug)
    .bind(now + 90 * 86_400)
    .bind(now + 90 * 86_400 + 7200)
    .bind(capacity)
    .bind(now)
    .bind(now)
    .fetch_one(pool)
    .await
    .expect("the bench event")
}

/// Sixty countries' ISO codes, two letters each: registration `i` comes from the `i % 60`th.
const COUNTRIES: &str =
    "PHVNTHKHLAIDMYMNNPBDLKBTINPKFJPGWSTOKEUGTZRWETGHNGSNCIMAEGZAZMMWMZBRARCLCOPEMXECBOPYUYCRGTHNSVDOJMTTKZKGUZTJTMAZGEAMUAMD";

/// `n` confirmed registrations for the event (ids `first`..), from 60 countries, a quarter
/// of them checked in when `checkins`.
pub async fn registrations(pool: &SqlitePool, event_ids: (i64, i64), n: i64, checkins: bool) {
    let (first_event, events) = event_ids;
    let per_event = (n / events).max(1);
    let sql = format!(
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 - 1)
         INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, gender, language, consent_at, status, created_at, confirmed_at, updated_at, checkin_code)
         SELECT printf('b-%d', i), ?2 + i / ?3, 'Given' || i, 'Family ' || (i % 997), printf('p%d@bench.example', i),
                printf('p%d@bench.example', i), substr('{COUNTRIES}', (i % 60) * 2 + 1, 2), 'Ministry of ' || (i % 50),
                CASE WHEN i % 10 < 7 THEN 'government' WHEN i % 10 < 8 THEN 'civil_society' WHEN i % 10 < 9 THEN 'academia' ELSE 'private_sector' END,
                'Officer', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, 'en', 1700000000, 'confirmed', 1700000000, 1700000000,
                1700000000, printf('C%d', i)
         FROM seq"
    );
    sqlx::query(&sql).bind(n).bind(first_event).bind(per_event).execute(pool).await.expect("registrations seeded");
    if checkins {
        sqlx::query("INSERT INTO checkins (registration_id, session_id, at) SELECT id, 0, 1700003600 FROM registrations WHERE id % 5 != 0")
            .execute(pool)
            .await
            .expect("check-ins seeded");
    }
}

/// `n` past events in 2024 and 2025 of five activity types; returns the first id.
pub async fn past_events(pool: &SqlitePool, n: i64) -> i64 {
    let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetch_one(pool).await.expect("next id");
    sqlx::query(
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 - 1)
         INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, online, host_country, activity_tag, status, created_at, updated_at)
         SELECT printf('past-%d', i), CASE i % 5 WHEN 0 THEN 'training' WHEN 1 THEN 'workshop' WHEN 2 THEN 'webinar' WHEN 3 THEN 'conference' ELSE 'study_visit' END,
                printf('Past event %d', i), 'UTC', 1704153600 + (i * 31536000 * 2 / ?1), 1704153600 + (i * 31536000 * 2 / ?1) + 86400,
                i % 5 = 2, CASE WHEN i % 5 = 2 THEN NULL ELSE 'TH' END,
                CASE i % 5 WHEN 0 THEN 'National Training Program' ELSE '' END, 'published', 1700000000, 1700000000
         FROM seq",
    )
    .bind(n)
    .execute(pool)
    .await
    .expect("past events seeded");
    first
}

/// An administrator and an API token of theirs, made with the command line as on an install.
pub async fn admin_token(dir: &Path, db: &str) -> String {
    let made = command(dir, db, 256)
        .args(["create-user", "--email", "bench@plenary.localhost", "--name", "Bench", "--role", "admin"])
        .env("PLENARY_PASSWORD", "bench passphrase long enough")
        .status()
        .await
        .expect("plenary create-user");
    assert!(made.success());
    let out = command(dir, db, 256)
        .args(["api-token", "--email", "bench@plenary.localhost"])
        .stdout(std::process::Stdio::piped())
        .output()
        .await
        .expect("plenary api-token");
    String::from_utf8_lossy(&out.stdout).trim().lines().last().unwrap_or_default().to_owned()
}
