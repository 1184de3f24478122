//! Batches of one kind of write. A `Batcher` gathers the requests of one kind (registrations,
//! address confirmations) that are waiting at the same moment and hands them to one function
//! that applies them all in one write on the store, with a few set-based statements instead of
//! a dozen statements each. The writer's round trips, not the disk, limit a rush: this is what
//! takes registrations from hundreds to thousands a second.
//!
//! One batch is in flight at a time: while the writer applies and commits it, the next one
//! gathers, and when its turn comes it also takes what arrived while it waited for the writer
//! (or, on PostgreSQL, for another instance's write). Each request gets its own answer; the batch function decides each one by the same
//! rules as a single write, so a rejected request does not spoil the others. An acknowledged
//! request is committed, as with `Store::write`.
use super::{BoxFuture, Conn, Store};
use crate::error::AppError;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

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
        let (queue, rx) = mpsc::channel::<Waiting<I, O>>(8192);
        // Shared with the batch in flight (one at a time), which takes the latecomers itself.
        let rx = Arc::new(Mutex::new(rx));
        tokio::spawn(async move {
            loop {
                let mut first = Vec::with_capacity(max);
                if rx.lock().await.recv_many(&mut first, max).await == 0 {
                    break;
                }
                let (items, answers): (Vec<I>, Vec<_>) = first.into_iter().unzip();
                // The answers stay out here, so a batch that never runs still answers everyone.
                let answers = Arc::new(std::sync::Mutex::new(answers));
                let (apply, rx, joined) = (apply.clone(), rx.clone(), answers.clone());
                let started = std::time::Instant::now();
                let applied = Arc::new(std::sync::atomic::AtomicU64::new(0));
                let took = applied.clone();
                let written = store
                    .write(move |conn| {
                        Box::pin(async move {
                            let begun = std::time::Instant::now();
                            // The write's transaction is open now (on PostgreSQL with the
                            // writers' lock, which another instance may have held a while):
                            // whatever arrived while it waited for its turn joins this batch
                            // rather than waiting for the next one.
                            let mut items = items;
                            let mut rx = rx.lock().await;
                            while items.len() < max {
                                let Ok((item, answer)) = rx.try_recv() else { break };
                                items.push(item);
                                joined.lock().expect("the answers").push(answer);
                            }
                            drop(rx);
                            let results = apply(conn, items).await;
                            took.store(begun.elapsed().as_micros() as u64, std::sync::atomic::Ordering::Relaxed);
                            results
                        })
                    })
                    .await;
                let answers = std::mem::take(&mut *answers.lock().expect("the answers"));
                let count = answers.len();
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
