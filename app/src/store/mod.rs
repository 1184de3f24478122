//! The store: the database behind every concept's storage module, on SQLite (one file, the
//! embedded default) or PostgreSQL (several Plenary instances on one database).
//!
//! Reads take a connection from a pool (`Store::read`). Every write is a function applied to
//! an open transaction by the store's writer task (`Store::write`), which gathers the writes
//! waiting at that moment into one transaction, gives each its own savepoint (a write that
//! fails is rolled back alone) and commits once: one fsync for the batch (group commit). A
//! caller is answered only after the commit, so an acknowledged write is on disk, and a caller
//! that goes away mid-request cannot leave a transaction half open.
//!
//! The writer's transactions are the only ones that decide (seats, waiting-list numbers, one
//! registration per address): on SQLite `BEGIN IMMEDIATE` makes them one at a time; on
//! PostgreSQL each takes the same transaction-scoped advisory lock first, so the writers of all
//! instances take turns exactly as SQLite's one writer does, and no decision is made on a
//! stale count. Writes that decide nothing another write decides (the outbox worker's claims,
//! which skip rows another instance has locked) go beside the writer (`Store::write_apart`).
pub mod batch;
pub mod changes;
pub mod jobs;
mod postgres;
mod sql;
mod sqlite;
mod writer;

pub use sql::{Arg, Conn, Engine, Record, Scalar, Sql};

use crate::error::AppError;
use changes::Changes;
use std::{future::Future, pin::Pin, sync::Arc};
use tokio::sync::{Notify, mpsc, oneshot};
use writer::{Finish, Job};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How the store is opened.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `sqlite://path` or `postgres://user:pass@host:port/db` (also `postgresql://`).
    pub url: String,
    /// Most writes gathered into one transaction; 1 turns group commit off.
    pub max_batch: usize,
    /// Connections for reads.
    pub readers: u32,
    /// Test-only: PostgreSQL writers skip their advisory lock, as a naive port would, so the
    /// cross-instance race test can show what the lock prevents.
    pub no_writer_lock: bool,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_batch: 256, readers: 4, no_writer_lock: false }
    }
}

/// The engine a database URL names, or why it names none.
pub fn engine_of(url: &str) -> Result<Engine, String> {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    match scheme {
        "sqlite" => Ok(Engine::Sqlite),
        "postgres" | "postgresql" => Ok(Engine::Postgres),
        _ => Err(format!(
            "PLENARY_DATABASE_URL must be sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE, not a URL starting {:?}",
            url.chars().take(16).collect::<String>()
        )),
    }
}

/// The read connections, per engine.
#[derive(Clone)]
enum Readers {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

#[derive(Clone)]
pub struct Store {
    engine: Engine,
    readers: Readers,
    jobs: mpsc::Sender<Job>,
    max_batch: usize,
    changes: Arc<Changes>,
}

impl Store {
    /// Opens the database (creating a SQLite file if needed), applies the migrations (on
    /// PostgreSQL under the migrator's lock, so instances starting together migrate once) and
    /// starts the writer.
    pub async fn open(options: &StoreOptions) -> Result<Self, AppError> {
        let engine = engine_of(&options.url).map_err(AppError::Refused)?;
        let changes = Arc::new(Changes::default());
        let (readers, writer) = match engine {
            Engine::Sqlite => {
                let (readers, writer) = sqlite::open(options).await?;
                (Readers::Sqlite(readers), writer::Writer::sqlite(writer))
            }
            Engine::Postgres => {
                let (readers, writer) = postgres::open(options).await?;
                changes.listen(readers.clone());
                (Readers::Postgres(readers), writer::Writer::postgres(writer, !options.no_writer_lock))
            }
        };
        let (jobs, rx) = mpsc::channel(4096);
        let max_batch = options.max_batch.max(1);
        tokio::spawn(writer.run(rx, max_batch, changes.clone()));
        Ok(Self { engine, readers, jobs, max_batch, changes })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A connection for reading (pages, API reads, reports).
    pub async fn read(&self) -> Result<Conn, AppError> {
        Ok(match &self.readers {
            Readers::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Readers::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// Most writes gathered into one transaction (1: group commit is off).
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// How many changes are known to this instance: its own commits, and on PostgreSQL every
    /// other instance's as their notifications arrive. What the page cache compares.
    pub fn commits(&self) -> u64 {
        self.changes.count()
    }

    /// Notified after each change this instance learns of.
    pub fn committed(&self) -> Arc<Notify> {
        self.changes.notify()
    }

    /// Applies `op` inside a write transaction and answers once it is committed. An `Err` from
    /// `op` rolls back what `op` did, and nothing else.
    pub async fn write<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, AppError>> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T, AppError>>();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let outcome = op(conn).await;
                let ok = outcome.is_ok();
                let finish: Finish = Box::new(move |commit| {
                    let answer = match commit {
                        Ok(()) => outcome,
                        Err(e) => Err(AppError::Internal(e.into())),
                    };
                    let _ = tx.send(answer);
                });
                (ok, finish)
            })
        });
        self.jobs.send(job).await.map_err(|_| AppError::Internal("the writer has stopped".into()))?;
        rx.await.map_err(|_| AppError::Internal("the writer dropped a write".into()))?
    }

    /// A write that decides nothing another write decides, in its own transaction. On
    /// PostgreSQL it runs beside the writer (and beside other instances' writers); on SQLite,
    /// which has one writer, it is an ordinary write.
    pub async fn write_apart<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, AppError>> + Send + 'static,
    {
        if self.engine == Engine::Sqlite {
            return self.write(op).await;
        }
        let mut conn = self.read().await?;
        // On its own task, as the writer's are: a caller that goes away cannot leave the
        // transaction open on a pooled connection.
        let run = tokio::spawn(async move {
            conn.batch_execute("BEGIN").await?;
            match op(&mut conn).await {
                Ok(value) => {
                    conn.batch_execute("COMMIT").await?;
                    Ok(value)
                }
                Err(e) => {
                    conn.batch_execute("ROLLBACK").await?;
                    Err(e)
                }
            }
        });
        run.await.map_err(AppError::internal)?
    }

    /// Writes a consistent online copy of a SQLite database into `path` (`VACUUM INTO`). A
    /// PostgreSQL database is backed up with its own tools.
    pub async fn backup(&self, path: &str) -> Result<(), AppError> {
        match self.engine {
            Engine::Sqlite => {
                let mut conn = self.read().await?;
                conn.execute(crate::sql!("VACUUM INTO $1", path)).await?;
                Ok(())
            }
            Engine::Postgres => Err(AppError::Refused(
                "plenary backup copies SQLite databases; back up PostgreSQL with pg_dump (see the README's deployment section)".into(),
            )),
        }
    }
}

/// Opens a savepoint inside a write, for an item of a batch that is applied on its own; close
/// it with `end_savepoint`.
pub async fn savepoint(conn: &mut Conn) -> Result<(), AppError> {
    conn.batch_execute("SAVEPOINT item").await
}

/// Closes the savepoint: an `Err` outcome takes back what was done since it, and nothing else.
/// Returns the outcome; the outer `Err` is a failure of the database itself.
pub async fn end_savepoint<T>(conn: &mut Conn, outcome: Result<T, AppError>) -> Result<Result<T, AppError>, AppError> {
    if outcome.is_err() {
        conn.batch_execute("ROLLBACK TO SAVEPOINT item").await?;
    }
    conn.batch_execute("RELEASE SAVEPOINT item").await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_engine() {
        assert_eq!(engine_of("sqlite://data/plenary.db"), Ok(Engine::Sqlite));
        assert_eq!(engine_of("sqlite::memory:"), Ok(Engine::Sqlite));
        assert_eq!(engine_of("postgres://u:p@db:5432/plenary?sslmode=require"), Ok(Engine::Postgres));
        assert_eq!(engine_of("postgresql://db/plenary"), Ok(Engine::Postgres));
        let refused = engine_of("mysql://db/plenary").unwrap_err();
        assert!(refused.contains("PLENARY_DATABASE_URL"), "{refused}");
        assert!(engine_of("data/plenary.db").is_err());
    }
}
