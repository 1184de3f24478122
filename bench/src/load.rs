//! The load generator: `clients` tasks on keep-alive connections send requests back to back
//! until the time is up (or the work runs out), recording each latency and status.
use reqwest::{Client, Method};
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

/// One request to make: method, path, JSON body.
pub struct Job {
    pub method: Method,
    pub path: String,
    pub body: Option<serde_json::Value>,
}

pub struct Stats {
    pub ok: u64,
    pub failed: u64,
    pub seconds: f64,
    /// Sorted latencies of every answered request, in microseconds.
    pub latencies: Vec<u64>,
    /// The job numbers answered with a success status.
    pub acknowledged: Vec<u64>,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.seconds
    }

    /// The latency at quantile `q` (0.5, 0.99), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[i] as f64 / 1000.0
    }
}

pub fn client(clients: usize) -> Client {
    Client::builder()
        .pool_max_idle_per_host(clients)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

/// Runs `make(n)` for n = 0, 1, 2... on `clients` tasks for `duration`, or until `make` returns
/// `None`. A status in `good` counts as success.
pub async fn run(
    base: &str,
    clients: usize,
    duration: Duration,
    good: &'static [u16],
    make: impl Fn(u64) -> Option<Job> + Send + Sync + 'static,
) -> Stats {
    run_across(&[base.to_owned()], clients, duration, good, make).await
}

/// The same across several servers: request n goes to server n modulo their number, as a
/// round-robin proxy would send it.
pub async fn run_across(
    bases: &[String],
    clients: usize,
    duration: Duration,
    good: &'static [u16],
    make: impl Fn(u64) -> Option<Job> + Send + Sync + 'static,
) -> Stats {
    let http = client(clients);
    let next = Arc::new(AtomicU64::new(0));
    let make = Arc::new(make);
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (http, next, make, bases) = (http.clone(), next.clone(), make.clone(), bases.to_vec());
            tokio::spawn(async move {
                let (mut latencies, mut acked, mut failed) = (Vec::new(), Vec::new(), 0u64);
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = make(n) else { break };
                    let base = &bases[n as usize % bases.len()];
                    let mut request = http.request(job.method, format!("{base}{}", job.path));
                    if let Some(body) = &job.body {
                        request = request.json(body);
                    }
                    let sent = Instant::now();
                    match request.send().await {
                        Ok(r) => {
                            let status = r.status().as_u16();
                            let _ = r.bytes().await;
                            latencies.push(sent.elapsed().as_micros() as u64);
                            if good.contains(&status) {
                                acked.push(n);
                            } else {
                                failed += 1;
                            }
                        }
                        Err(_) => failed += 1,
                    }
                }
                (latencies, acked, failed)
            })
        })
        .collect();
    let mut stats = Stats { ok: 0, failed: 0, seconds: 0.0, latencies: Vec::new(), acknowledged: Vec::new() };
    for t in tasks {
        let (l, a, f) = t.await.expect("a load task");
        stats.latencies.extend(l);
        stats.ok += a.len() as u64;
        stats.acknowledged.extend(a);
        stats.failed += f;
    }
    stats.seconds = start.elapsed().as_secs_f64();
    stats.latencies.sort_unstable();
    stats
}
