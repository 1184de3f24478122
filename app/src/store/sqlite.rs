//! SQLite: one file in WAL mode, one writer connection and a pool of read-only ones that the
//! writer never blocks.
use super::StoreOptions;
use crate::error::AppError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::{str::FromStr, time::Duration};

/// A writer's transaction takes the database's write lock at once.
pub const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged registration must survive power loss, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Erased personal data is overwritten, not left in free pages of the file.
        .pragma("secure_delete", "on")
        .busy_timeout(Duration::from_secs(5)))
}

/// Creates the file's folder, applies the migrations; returns the readers and the writer.
pub async fn open(options: &StoreOptions) -> Result<(SqlitePool, SqlitePool), AppError> {
    if let Some(path) = options.url.strip_prefix("sqlite://").or_else(|| options.url.strip_prefix("sqlite:")) {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(AppError::internal)?;
        }
    }
    let connect = connect_options(&options.url)?;
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .test_before_acquire(false)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(connect.clone())
        .await?;
    MIGRATOR.run(&writer).await?;
    let readers =
        SqlitePoolOptions::new().max_connections(options.readers).test_before_acquire(false).connect_with(connect.read_only(true)).await?;
    Ok((readers, writer))
}
