//! `plenary copy-data --to postgres://...`: moves an install from SQLite to PostgreSQL. The
//! target is migrated, must be empty, and receives every table in one transaction, read from
//! one snapshot of the SQLite file (so the copy is consistent even while Plenary runs). Ids are
//! kept, the identity sequences moved past them, and the row counts of every table compared
//! afterwards.
use crate::settings::{Settings, redact};
use app::store::{Conn, Engine, Store, StoreOptions};
use futures_util::TryStreamExt;
use sqlx::{Connection, Row};

/// Every table, parents before children (the foreign keys' order).
pub const TABLES: &[&str] = &[
    "events",
    "country_quotas",
    "focal_points",
    "event_partners",
    "sessions",
    "questions",
    "users",
    "user_events",
    "registrations",
    "registration_sessions",
    "answers",
    "event_documents",
    // Before the outbox, whose certificate emails name them.
    "documents",
    "tokens",
    "messages",
    "outbox",
    "auth_sessions",
    "api_tokens",
    "invitations",
    "checkins",
    "attendance_reports",
    "online_attendance",
    "person_merges",
    "people_erased",
    "nomination_letters",
    "event_invitations",
    "audit_log",
    "job_leases",
    "signin_attempts",
];

/// Rows per insert.
const CHUNK: usize = 5000;

/// One column's values of a chunk, by the PostgreSQL type it goes into.
enum Column {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
    Bool(Vec<Option<bool>>),
    Bytes(Vec<Option<Vec<u8>>>),
}

impl Column {
    fn new(pg_type: &str) -> Result<Self, String> {
        Ok(match pg_type {
            "bigint" => Column::Int(Vec::new()),
            "text" => Column::Text(Vec::new()),
            "boolean" => Column::Bool(Vec::new()),
            "bytea" => Column::Bytes(Vec::new()),
            other => return Err(format!("copy-data does not know the column type {other}")),
        })
    }

    fn cast(&self) -> &'static str {
        match self {
            Column::Int(_) => "bigint[]",
            Column::Text(_) => "text[]",
            Column::Bool(_) => "boolean[]",
            Column::Bytes(_) => "bytea[]",
        }
    }

    fn push(&mut self, row: &sqlx::sqlite::SqliteRow, i: usize) -> Result<(), sqlx::Error> {
        match self {
            Column::Int(v) => v.push(row.try_get(i)?),
            Column::Text(v) => v.push(row.try_get(i)?),
            Column::Bool(v) => v.push(row.try_get(i)?),
            Column::Bytes(v) => v.push(row.try_get(i)?),
        }
        Ok(())
    }

    fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::Text(v) => v.len(),
            Column::Bool(v) => v.len(),
            Column::Bytes(v) => v.len(),
        }
    }

    fn bind<'q>(
        self,
        q: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
        match self {
            Column::Int(v) => q.bind(v),
            Column::Text(v) => q.bind(v),
            Column::Bool(v) => q.bind(v),
            Column::Bytes(v) => q.bind(v),
        }
    }
}

/// The columns of a PostgreSQL table and their types, in order.
async fn columns(pg: &mut sqlx::PgConnection, table: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pg)
    .await
}

/// Row counts of every table in one engine's connection.
async fn counts(conn: &mut Conn) -> Result<Vec<i64>, String> {
    let mut out = Vec::new();
    for t in TABLES {
        out.push(conn.scalar::<i64>(app::sql!(format!("SELECT COUNT(*) FROM {t}"))).await.map_err(|e| format!("counting {t}: {e:?}"))?);
    }
    Ok(out)
}

/// Runs the command: copies `settings.database_url` (SQLite) into `to` (PostgreSQL).
pub async fn run(settings: &Settings, to: &str) -> Result<(), String> {
    let source = Store::open(&StoreOptions::new(&settings.database_url))
        .await
        .map_err(|e| format!("cannot open the database {}: {e:?}", settings.redacted_database_url()))?;
    if source.engine() != Engine::Sqlite {
        return Err("copy-data copies from SQLite: set PLENARY_DATABASE_URL to the sqlite:// database to copy".into());
    }
    if app::store::engine_of(to) != Ok(Engine::Postgres) {
        return Err(format!("--to must be a postgres:// URL, not {}", redact(to)));
    }
    let target = Store::open(&StoreOptions::new(to)).await.map_err(|e| format!("cannot open {}: {e:?}", redact(to)))?;
    let copied = copy(&source, &target).await?;
    println!("{:<24} {:>10} {:>10}", "table", "SQLite", "PostgreSQL");
    for (table, (from, into)) in TABLES.iter().zip(&copied) {
        println!("{table:<24} {from:>10} {into:>10}");
    }
    if copied.iter().any(|(a, b)| a != b) {
        return Err("the row counts differ: the copy is incomplete".into());
    }
    println!("copied {} rows; every table's count matches", copied.iter().map(|(a, _)| a).sum::<i64>());
    Ok(())
}

/// Copies every table; returns each table's (source, target) row counts afterwards.
pub async fn copy(source: &Store, target: &Store) -> Result<Vec<(i64, i64)>, String> {
    let db = |e: sqlx::Error| e.to_string();
    let mut from = source.read().await.map_err(|e| format!("{e:?}"))?;
    let mut into = target.read().await.map_err(|e| format!("{e:?}"))?;
    for (table, n) in TABLES.iter().zip(counts(&mut into).await?) {
        if n > 0 {
            return Err(format!("the target database is not empty ({table} has {n} rows): copy-data only fills an empty database"));
        }
    }
    let (Conn::Sqlite(lite), Conn::Postgres(pg)) = (&mut from, &mut into) else {
        return Err("copy-data copies SQLite into PostgreSQL".into());
    };
    // One snapshot of the source for every table and the counts.
    sqlx::raw_sql("BEGIN").execute(&mut **lite).await.map_err(db)?;
    let mut tx = pg.begin().await.map_err(db)?;
    for table in TABLES {
        let cols = columns(&mut tx, table).await.map_err(db)?;
        if cols.is_empty() {
            return Err(format!("the PostgreSQL schema has no table {table}"));
        }
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        let select = format!("SELECT {} FROM {table}", names.join(", "));
        let placeholders: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, (_, t))| Column::new(t).map(|c| format!("${}::{}", i + 1, c.cast())))
            .collect::<Result<_, _>>()?;
        let insert = format!("INSERT INTO {table} ({}) SELECT * FROM unnest({})", names.join(", "), placeholders.join(", "));
        let fresh = || cols.iter().map(|(_, t)| Column::new(t)).collect::<Result<Vec<_>, _>>();
        let mut chunk = fresh()?;
        let mut rows = sqlx::query(&select).fetch(&mut **lite);
        loop {
            let row = rows.try_next().await.map_err(|e| format!("reading {table}: {e}"))?;
            if let Some(row) = &row {
                for (i, c) in chunk.iter_mut().enumerate() {
                    c.push(row, i).map_err(|e| format!("reading {table}.{}: {e}", names[i]))?;
                }
            }
            let full = chunk.first().map_or(0, Column::len);
            if full >= CHUNK || (row.is_none() && full > 0) {
                let mut q = sqlx::query(&insert);
                for c in std::mem::replace(&mut chunk, fresh()?) {
                    q = c.bind(q);
                }
                q.execute(&mut *tx).await.map_err(|e| format!("writing {table}: {e}"))?;
            }
            if row.is_none() {
                break;
            }
        }
        drop(rows);
        if names.contains(&"id") {
            // New rows get ids after the copied ones.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {table}"
            ))
            .execute(&mut *tx)
            .await
            .map_err(|e| format!("moving {table}'s ids on: {e}"))?;
        }
    }
    tx.commit().await.map_err(db)?;
    let before = counts(&mut from).await?;
    let _ = from.batch_execute("COMMIT").await;
    let after = counts(&mut into).await?;
    Ok(before.into_iter().zip(after).collect())
}
