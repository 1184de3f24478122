//! Batches of one kind of write. A `Batcher` gathers the requests of one kind (registrations,
//! address confirmations) that are waiting at the same moment and hands them to one function
//! that applies them all in one write on the store, with a few set-based statements instead of
//! a dozen statements each. The writer's round trips, not the disk, limit a rush: this is what
//! takes registrations from hundreds to thousands a second.
//!
//! One batch is in flight at a time: while the writer applies and commits it, the next one
//! gathers. Each request gets its own answer; the batch function decides each one by the same
//! rules as a single write, so a rejected request does not spoil the others. An acknowledged
//! request is committed, as with `Store::write`.
use super::{BoxFuture, Conn, Store};
use crate::error::AppError;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Applies a batch in the open transaction and returns one answer per item, in order. An
/// `Err` from the function rolls back the whole batch and fails every item in it.
pub type ApplyBatch<I, O> =
    Arc<dyn for<'c> Fn(&'c mut Conn, Vec<I>) -> BoxFuture<'c, Result<Vec<Result<O, AppError>>, AppError>> + Send + Sync>;

type Waiting<I, O> = (I, oneshot::Sender<Result<O, AppError>>);

pub struct Batcher<I, O> {
    queue: mpsc::Sender<Waiting<I, O>>,
}

impl<I, O> Clone for Batcher<I, O> {
    fn clone(&self) -> Self {
        Self { queue: self.queue.clone() }
    }
}

impl<I: Send + 'static, O: Send + 'static> Batcher<I, O> {
    /// Starts the gathering task. Batches hold at most the store's batch size, so
    /// `PLENARY_WRITE_BATCH=1` gives one request per transaction here too.
    pub fn start(store: Store, apply: ApplyBatch<I, O>) -> Self {
        let max = store.max_batch();
        let (queue, mut rx) = mpsc::channel::<Waiting<I, O>>(8192);
        tokio::spawn(async move {
            let mut waiting = Vec::with_capacity(max);
            while rx.recv_many(&mut waiting, max).await > 0 {
                let (items, answers): (Vec<I>, Vec<_>) = waiting.drain(..).unzip();
                let apply = apply.clone();
                let count = items.len();
                let started = std::time::Instant::now();
                let applied = Arc::new(std::sync::atomic::AtomicU64::new(0));
                let took = applied.clone();
                let written = store
                    .write(move |conn| {
                        Box::pin(async move {
                            let begun = std::time::Instant::now();
                            let results = apply(conn, items).await;
                            took.store(begun.elapsed().as_micros() as u64, std::sync::atomic::Ordering::Relaxed);
                            results
                        })
                    })
                    .await;
                // What a batch costs: its own statements, and the wait for its turn and commit.
                tracing::debug!(
                    items = count,
                    applied_us = applied.load(std::sync::atomic::Ordering::Relaxed),
                    committed_us = started.elapsed().as_micros() as u64,
                    "batch written"
                );
                match written {
                    Ok(results) if results.len() == count => {
                        for (answer, result) in answers.into_iter().zip(results) {
                            let _ = answer.send(result);
                        }
                    }
                    Ok(_) => {
                        tracing::error!("a batch function answered the wrong number of items");
                        for answer in answers {
                            let _ = answer.send(Err(AppError::Internal("a batch lost its answers".into())));
                        }
                    }
                    Err(e) => {
                        e.log();
                        for answer in answers {
                            let _ = answer.send(Err(AppError::Internal("the batch failed".into())));
                        }
                    }
                }
            }
        });
        Self { queue }
    }

    /// Queues `item` and waits until its batch is committed.
    pub async fn submit(&self, item: I) -> Result<O, AppError> {
        let (tx, rx) = oneshot::channel();
        self.queue.send((item, tx)).await.map_err(|_| AppError::Internal("the batcher has stopped".into()))?;
        rx.await.map_err(|_| AppError::Internal("the batcher dropped a request".into()))?
    }
}
