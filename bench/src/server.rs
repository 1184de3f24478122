//! The server under test: the release `plenary` binary as its own process on loopback, its
//! start-up time and its memory (RSS) read from `/proc`.
use std::{
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};
use tokio::process::{Child, Command};

pub const BINARY: &str = "target/release/plenary";

pub struct Server {
    child: Child,
    pub base: String,
    pub startup: Duration,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

/// The environment every `plenary` command of a run shares.
pub fn command(dir: &Path, db: &str, batch: u16) -> Command {
    let mut c = Command::new(BINARY);
    // A path is a SQLite file; a URL (postgres://...) is used as it is.
    let url = if db.contains("://") { db.to_owned() } else { format!("sqlite://{db}") };
    c.env("PLENARY_DATABASE_URL", url)
        .env("PLENARY_MAIL_DIR", dir.join("mail"))
        .env("PLENARY_RATE_LIMIT", "off")
        .env("PLENARY_WRITE_BATCH", batch.to_string())
        .env("PLENARY_LOG", std::env::var("BENCH_LOG").unwrap_or_else(|_| "warn".into()))
        .env("LEPTOS_SITE_ROOT", "target/site")
        // BENCH_LOG (a PLENARY_LOG filter) shows the server's log, e.g. the batches' timings.
        .stdout(if std::env::var("BENCH_LOG").is_ok() { Stdio::inherit() } else { Stdio::null() })
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    c
}

impl Server {
    /// Starts `plenary serve` and waits for its first answered request.
    pub async fn start(dir: &Path, db: &str, batch: u16) -> Server {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let begun = Instant::now();
        let child = command(dir, db, batch)
            .arg("serve")
            .env("PLENARY_LISTEN", format!("127.0.0.1:{port}"))
            .env("PLENARY_BASE_URL", &base)
            .spawn()
            .expect("target/release/plenary (build it with cargo leptos build --release)");
        let http = reqwest::Client::new();
        loop {
            if http.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(begun.elapsed() < Duration::from_secs(30), "plenary did not start");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Server { child, base, startup: begun.elapsed() }
    }

    pub fn status_kb(&self, field: &str) -> u64 {
        let Some(pid) = self.child.id() else { return 0 };
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// A function reading this server's resident memory in MB, for a sampling task.
    pub fn rss_probe(&self) -> impl Fn() -> f64 + Send + 'static {
        let pid = self.child.id().unwrap_or(0);
        move || {
            std::fs::read_to_string(format!("/proc/{pid}/status"))
                .unwrap_or_default()
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<f64>().ok())
                .map_or(0.0, |kb| kb / 1024.0)
        }
    }

    /// The process id, for reading its CPU time.
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }

    /// Resident memory now, in MB.
    pub fn rss_mb(&self) -> f64 {
        self.status_kb("VmRSS:") as f64 / 1024.0
    }

    /// Stops the server with SIGTERM and waits (it finishes the requests in flight).
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").arg(pid.to_string()).status().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}
