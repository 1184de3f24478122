//! The writer task: takes the writes waiting at one moment (and those that arrive while its
//! transaction begins), applies each under its own savepoint in one transaction, commits once
//! and only then answers their callers.
use super::{BoxFuture, Conn, changes::Changes, postgres, sqlite};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Called after the batch's commit with the commit's outcome; answers the waiting caller.
pub(super) type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
/// One write: applies itself, says whether it succeeded, and how to answer its caller.
pub(super) type Job = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, (bool, Finish)> + Send>;

/// The writer's connection (a pool of one, so a broken connection is replaced) and how its
/// transactions begin on that engine.
pub(super) enum Writer {
    Sqlite(sqlx::SqlitePool),
    Postgres { pool: sqlx::PgPool, lock: bool },
}

impl Writer {
    pub fn sqlite(pool: sqlx::SqlitePool) -> Self {
        Writer::Sqlite(pool)
    }

    pub fn postgres(pool: sqlx::PgPool, lock: bool) -> Self {
        Writer::Postgres { pool, lock }
    }

    async fn connect(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Writer::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Writer::Postgres { pool, .. } => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// The statements that open a writer's transaction.
    fn begin(&self) -> &'static str {
        match self {
            Writer::Sqlite(_) => sqlite::BEGIN_WRITE,
            Writer::Postgres { lock: true, .. } => postgres::BEGIN_WRITE,
            Writer::Postgres { lock: false, .. } => "BEGIN",
        }
    }

    /// Said inside the transaction before it commits, so other instances hear of the change.
    fn announce(&self) -> Option<&'static str> {
        match self {
            Writer::Sqlite(_) => None,
            Writer::Postgres { .. } => Some(postgres::ANNOUNCE),
        }
    }

    pub async fn run(self, mut rx: mpsc::Receiver<Job>, max_batch: usize, changes: Arc<Changes>) {
        let mut batch: Vec<Job> = Vec::with_capacity(max_batch);
        while rx.recv_many(&mut batch, max_batch).await > 0 {
            let mut conn = match self.connect().await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::error!(error = %e, "the writer has no database connection");
                    batch.clear();
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    continue;
                }
            };
            if let Err(e) = conn.batch_execute(self.begin()).await {
                tracing::error!(error = ?e, "could not begin a write transaction");
                // Dropping the jobs answers their callers with an error.
                batch.clear();
                close(conn).await;
                continue;
            }
            // The transaction has begun (on PostgreSQL with the writers' lock, which another
            // instance may have held a while): the writes that arrived meanwhile join this one.
            while batch.len() < max_batch {
                let Ok(job) = rx.try_recv() else { break };
                batch.push(job);
            }
            let mut finishes = Vec::with_capacity(batch.len());
            let mut any_ok = false;
            for job in batch.drain(..) {
                // A savepoint per write, so a write that fails takes back only its own changes.
                let saved = conn.batch_execute("SAVEPOINT w").await;
                let (ok, finish) = job(&mut conn).await;
                any_ok |= ok;
                let undo = if ok || saved.is_err() { Ok(()) } else { conn.batch_execute("ROLLBACK TO SAVEPOINT w").await };
                if saved.is_ok() {
                    let _ = conn.batch_execute("RELEASE SAVEPOINT w").await;
                }
                if let Err(e) = undo {
                    tracing::error!(error = ?e, "could not roll back a failed write");
                }
                finishes.push(finish);
            }
            if let (true, Some(announce)) = (any_ok, self.announce()) {
                let _ = conn.batch_execute(announce).await;
            }
            let commit = conn.batch_execute("COMMIT").await.map_err(|e| format!("{e:?}"));
            if commit.is_err() {
                let _ = conn.batch_execute("ROLLBACK").await;
                tracing::error!(error = ?commit, "a write transaction failed to commit");
            }
            // Counted before anyone is answered: a page rendered after an answer sees the change.
            changes.add();
            for finish in finishes {
                finish(commit.clone());
            }
        }
    }
}

/// Closes a connection that failed, so the next batch gets a fresh one.
async fn close(conn: Conn) {
    let _ = match conn {
        Conn::Sqlite(c) => c.close().await,
        Conn::Postgres(c) => c.close().await,
    };
}
