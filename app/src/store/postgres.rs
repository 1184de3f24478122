//! PostgreSQL: a pool for reads and writes beside the writer, and one writer connection per
//! instance whose transactions take turns with every other instance's under one advisory lock.
use super::StoreOptions;
use crate::error::AppError;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::{str::FromStr, time::Duration};

/// A writer's transaction: begun, then the writers' advisory lock (its key is "Plenary" in
/// ASCII, 0x00506c656e617279), held until it commits.
pub const BEGIN_WRITE: &str = "BEGIN; SELECT pg_advisory_xact_lock(22637181036229241)";
/// The channel on which writers announce their commits.
pub const CHANNEL: &str = "plenary_changes";
/// Said inside a writer's transaction; delivered to every listener when it commits.
pub const ANNOUNCE: &str = "NOTIFY plenary_changes";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

pub fn connect_options(url: &str) -> Result<PgConnectOptions, sqlx::Error> {
    Ok(PgConnectOptions::from_str(url)?.application_name("plenary"))
}

/// Applies the migrations (the migrator's own advisory lock makes instances that start
/// together wait for one another); returns the readers and the writer.
pub async fn open(options: &StoreOptions) -> Result<(PgPool, PgPool), AppError> {
    let connect = connect_options(&options.url)?;
    let writer = PgPoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(10)).connect_with(connect.clone()).await?;
    MIGRATOR.run(&writer).await?;
    // Readers, writes beside the writer, and one connection kept by the change listener.
    let readers =
        PgPoolOptions::new().max_connections(options.readers + 2).acquire_timeout(Duration::from_secs(10)).connect_with(connect).await?;
    Ok((readers, writer))
}
