//! The SQLite store: one writer connection owned by a writer task, and a pool of read-only
//! connections that the writer never blocks (WAL).
//!
//! Every write is a function applied to an open `BEGIN IMMEDIATE` transaction. The writer task
//! gathers the writes waiting at that moment into one transaction, gives each its own savepoint
//! (a write that fails is rolled back alone) and commits once: one fsync for the batch (group
//! commit). A caller is answered only after the commit, so an acknowledged write is on disk.
//! Running the writes on the writer task also means a caller that goes away mid-request cannot
//! leave a transaction half open.
use super::AppError;
use sqlx::{
    Connection, SqliteConnection, SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use std::{
    future::Future,
    pin::Pin,
    str::FromStr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};
use tokio::sync::{Notify, mpsc, oneshot};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The open transaction a write function is applied to. Services name this, not the engine;
/// the storage modules (`registrations::ssr::rows`, `events::ssr`, `mail::outbox`) hold the SQL.
pub type Conn = SqliteConnection;
/// The read-only connections for pages, API reads and reports.
pub type ReadPool = SqlitePool;

/// Called after the batch's commit with the commit's outcome; answers the waiting caller.
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
/// One write: applies itself, says whether it succeeded, and how to answer its caller.
type Job = Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, (bool, Finish)> + Send>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// How the store is opened.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub url: String,
    /// Most writes gathered into one transaction; 1 turns group commit off.
    pub max_batch: usize,
    pub readers: u32,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_batch: 256, readers: 4 }
    }
}

#[derive(Clone)]
pub struct Store {
    readers: SqlitePool,
    jobs: mpsc::Sender<Job>,
    max_batch: usize,
    /// Commits so far: what the page cache compares to know a page is still fresh.
    commits: Arc<AtomicU64>,
    /// Woken after every commit: the mail worker listens.
    committed: Arc<Notify>,
}

fn connect_options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged registration must survive power loss, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5)))
}

impl Store {
    /// Opens (creating if needed) the database, applies the migrations and starts the writer.
    pub async fn open(options: &StoreOptions) -> Result<Self, AppError> {
        if let Some(path) = options.url.strip_prefix("sqlite://").or_else(|| options.url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(AppError::internal)?;
            }
        }
        let connect = connect_options(&options.url)?;
        let mut writer = SqliteConnection::connect_with(&connect).await?;
        MIGRATOR.run(&mut writer).await?;
        let readers = SqlitePoolOptions::new().max_connections(options.readers).connect_with(connect.read_only(true)).await?;
        let (jobs, rx) = mpsc::channel(4096);
        let committed = Arc::new(Notify::new());
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run_writer(writer, rx, options.max_batch.max(1), committed.clone(), commits.clone()));
        Ok(Self { readers, jobs, max_batch: options.max_batch.max(1), commits, committed })
    }

    /// The read-only pool, for pages, API reads and reports.
    pub fn reader(&self) -> &SqlitePool {
        &self.readers
    }

    /// Most writes gathered into one transaction (1: group commit is off).
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// How many write transactions have committed (or failed to) since the store opened.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }

    /// Notified after each commit.
    pub fn committed(&self) -> Arc<Notify> {
        self.committed.clone()
    }

    /// Applies `op` inside a write transaction and answers once it is committed. An `Err` from
    /// `op` rolls back what `op` did, and nothing else.
    pub async fn write<T, F>(&self, op: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, AppError>> + Send + 'static,
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

    /// Runs a consistent online copy of the database into `path` (`VACUUM INTO`).
    pub async fn backup(&self, path: &str) -> Result<(), AppError> {
        let mut conn = self.readers.acquire().await?;
        sqlx::query("VACUUM INTO ?").bind(path).execute(&mut *conn).await?;
        Ok(())
    }
}

/// Opens a savepoint inside a write, for an item of a batch that is applied on its own; close
/// it with `end_savepoint`.
pub async fn savepoint(conn: &mut Conn) -> Result<(), AppError> {
    sqlx::query("SAVEPOINT item").execute(&mut *conn).await?;
    Ok(())
}

/// Closes the savepoint: an `Err` outcome takes back what was done since it, and nothing else.
/// Returns the outcome; the outer `Err` is a failure of the database itself.
pub async fn end_savepoint<T>(conn: &mut Conn, outcome: Result<T, AppError>) -> Result<Result<T, AppError>, AppError> {
    if outcome.is_err() {
        sqlx::query("ROLLBACK TO item").execute(&mut *conn).await?;
    }
    sqlx::query("RELEASE item").execute(&mut *conn).await?;
    Ok(outcome)
}

async fn run_writer(
    mut conn: SqliteConnection,
    mut rx: mpsc::Receiver<Job>,
    max_batch: usize,
    committed: Arc<Notify>,
    commits: Arc<AtomicU64>,
) {
    let mut batch: Vec<Job> = Vec::with_capacity(max_batch);
    while rx.recv_many(&mut batch, max_batch).await > 0 {
        let mut finishes = Vec::with_capacity(batch.len());
        let begun = sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await;
        if let Err(e) = begun {
            tracing::error!(error = %e, "could not begin a write transaction");
            for job in batch.drain(..) {
                drop(job);
            }
            continue;
        }
        for job in batch.drain(..) {
            // A savepoint per write, so a write that fails takes back only its own changes.
            let saved = sqlx::query("SAVEPOINT w").execute(&mut conn).await;
            let (ok, finish) = job(&mut conn).await;
            let undo = if ok || saved.is_err() { Ok(()) } else { sqlx::query("ROLLBACK TO w").execute(&mut conn).await.map(|_| ()) };
            if saved.is_ok() {
                let _ = sqlx::query("RELEASE w").execute(&mut conn).await;
            }
            if let Err(e) = undo {
                tracing::error!(error = %e, "could not roll back a failed write");
            }
            finishes.push(finish);
        }
        let commit = sqlx::query("COMMIT").execute(&mut conn).await.map(|_| ()).map_err(|e| e.to_string());
        if commit.is_err() {
            let _ = sqlx::query("ROLLBACK").execute(&mut conn).await;
            tracing::error!(error = ?commit, "a write transaction failed to commit");
        }
        // Counted before anyone is answered: a page rendered after an answer sees the change.
        commits.fetch_add(1, Ordering::Release);
        for finish in finishes {
            finish(commit.clone());
        }
        committed.notify_one();
    }
}
