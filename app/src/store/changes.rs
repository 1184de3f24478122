//! What an instance knows of the database's changes: a count that goes up with every commit,
//! which the page cache compares to know a page is still fresh, and a wake-up for the mail
//! worker. On PostgreSQL other instances' commits count too: each writer says `NOTIFY` in its
//! transaction, and every instance listens.
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};
use tokio::sync::Notify;

#[derive(Default)]
pub struct Changes {
    count: AtomicU64,
    notify: Arc<Notify>,
}

impl Changes {
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Acquire)
    }

    pub fn notify(&self) -> Arc<Notify> {
        self.notify.clone()
    }

    /// A change committed (here, or announced by another instance).
    pub fn add(&self) {
        self.count.fetch_add(1, Ordering::Release);
        self.notify.notify_one();
    }

    /// Listens for other instances' commits on PostgreSQL. A lost connection counts as a
    /// change (what was said meanwhile was not heard), and the listener reconnects.
    pub fn listen(self: &Arc<Self>, pool: sqlx::PgPool) {
        let changes = self.clone();
        tokio::spawn(async move {
            loop {
                let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for other instances' changes; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                if let Err(e) = listener.listen(super::postgres::CHANNEL).await {
                    tracing::warn!(error = %e, "cannot listen for other instances' changes; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                loop {
                    match listener.try_recv().await {
                        Ok(Some(_)) => changes.add(),
                        // The connection was lost and will be remade by the next call.
                        Ok(None) => changes.add(),
                        Err(e) => {
                            tracing::warn!(error = %e, "lost the change notifications; reconnecting");
                            changes.add();
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            break;
                        }
                    }
                }
            }
        });
    }
}
