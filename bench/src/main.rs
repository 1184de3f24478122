//! Plenary's benchmark suite (`./scripts/bench.sh`): runs the release server on loopback and
//! measures, side by side in one run, what the rush and the reports cost. Prints a Markdown
//! table and writes it to `target/bench/results.md`.
//!
//! 1. Registrations through the API with unique people at 64 and 256 clients, group commit on
//!    and off (the baseline); then every acknowledged registration and its email are checked in
//!    the database. Then the confirmation links against a capacity of half of them. The same
//!    registrations on PostgreSQL, against one and two instances (`postgres`).
//! 2. The event page and the events list at 64 clients.
//! 3. The weight of the event page and the registration form.
//! 4. Exporting 100,000 registrations as CSV and XLSX: time and peak memory.
//! 5. The event report and the activity table over 1,000,000 registrations in 2,000 events.
//! 6. Memory idle and after the rush; start-up time on an existing database.
mod cpu;
mod documents;
mod load;
mod postgres;
mod seed;
mod server;

use load::Job;
use reqwest::Method;
use server::Server;
use std::{
    fmt::Write as _,
    io::Write as _,
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

struct Report(String);

impl Report {
    fn line(&mut self, text: impl AsRef<str>) {
        println!("{}", text.as_ref());
        let _ = writeln!(self.0, "{}", text.as_ref());
    }
}

fn person(n: u64, run: &str) -> serde_json::Value {
    serde_json::json!({
        "given_name": "Ana", "family_name": format!("Reyes {n}"), "email": format!("{run}-{n}@bench.example"),
        "country": "PH", "organization": "Department of Foreign Affairs", "organization_type": "government",
        "job_title": "Director", "consent": true
    })
}

/// Benchmark 1: registrations at `clients` with group commit on (`batch` 256) or off (1).
async fn registrations(dir: &Path, clients: usize, batch: u16, seconds: u64) -> (load::Stats, Server, String, sqlx::SqlitePool) {
    let (db, pool) = seed::fresh(dir, &format!("rush-{clients}-{batch}.db")).await;
    seed::event(&pool, "bench", None).await;
    let server = Server::start(dir, &db, batch).await;
    let run = format!("c{clients}b{batch}");
    let tag = run.clone();
    let stats = load::run(&server.base, clients, Duration::from_secs(seconds), &[202], move |n| {
        Some(Job { method: Method::POST, path: "/api/v1/events/bench/registrations".into(), body: Some(person(n, &tag)) })
    })
    .await;
    // Every acknowledged registration and its email are on disk.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE id IN (SELECT registration_id FROM outbox)")
        .fetch_one(&pool)
        .await
        .unwrap_or(-1);
    assert!(stored >= stats.ok as i64, "{run}: {} acknowledged but {stored} stored with their email", stats.ok);
    (stats, server, run, pool)
}

/// Benchmark 1b: the confirmation links of every registration at 64 clients, capacity half.
async fn confirmations(server: &Server, pool: &sqlx::SqlitePool) -> (load::Stats, i64, i64, i64) {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body_text FROM outbox WHERE kind = 'confirm_address' ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap_or_default();
    let paths: Vec<String> = bodies
        .iter()
        .filter_map(|b| b.split_whitespace().find(|w| w.contains("/confirm/")))
        .map(|url| url[url.find("/confirm/").unwrap_or(0)..].to_owned())
        .collect();
    let capacity = paths.len() as i64 / 2;
    sqlx::query("UPDATE events SET capacity = ? WHERE slug = 'bench'").bind(capacity).execute(pool).await.expect("capacity set");
    let paths = Arc::new(paths);
    let list = paths.clone();
    let stats = load::run(&server.base, 64, Duration::from_secs(120), &[303], move |n| {
        list.get(n as usize).map(|p| Job { method: Method::GET, path: p.clone(), body: None })
    })
    .await;
    let count = |status: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM registrations WHERE status = ?")
                .bind(status)
                .fetch_one(&pool)
                .await
                .unwrap_or(-1)
        }
    };
    (stats, capacity, count("confirmed").await, count("waitlisted").await)
}

/// Benchmark 2: GET `path` at 64 clients.
async fn pages(server: &Server, path: &'static str, seconds: u64) -> load::Stats {
    load::run(&server.base, 64, Duration::from_secs(seconds), &[200], move |_| {
        Some(Job { method: Method::GET, path: path.into(), body: None })
    })
    .await
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(bytes);
    e.finish().map(|v| v.len()).unwrap_or(0)
}

async fn fetch(base: &str, path: &str) -> Vec<u8> {
    reqwest::get(format!("{base}{path}")).await.expect("a page").bytes().await.expect("its body").to_vec()
}

/// Benchmark 4: one download with the server's memory sampled every 5 ms; (seconds, rows, MB
/// above the memory before).
async fn export(server: &Server, token: &str, path: &str) -> (f64, usize, f64) {
    let before = server.rss_mb();
    let peak = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let pid_status = server.rss_probe();
    let (p, d) = (peak.clone(), done.clone());
    let sampler = tokio::spawn(async move {
        while !d.load(Ordering::Relaxed) {
            p.fetch_max((pid_status() * 1024.0) as u64, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let started = Instant::now();
    let body = reqwest::Client::new()
        .get(format!("{}{path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("the export")
        .bytes()
        .await
        .expect("the whole file");
    let seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.await;
    let rows = if path.contains(".csv") { body.iter().filter(|b| **b == b'\n').count().saturating_sub(1) } else { body.len() };
    (seconds, rows, (peak.load(Ordering::Relaxed) as f64 / 1024.0 - before).max(0.0))
}

/// Benchmark 5: the median of five timings of `path`, in milliseconds.
async fn timed(server: &Server, token: &str, path: &str) -> f64 {
    let http = reqwest::Client::new();
    let mut ms = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = http.get(format!("{}{path}", server.base)).bearer_auth(token).send().await.expect("a report");
        assert!(r.status().is_success(), "{path}: {}", r.status());
        let _ = r.bytes().await;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    ms[2]
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let dir = PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| "target/bench".into()));
    std::fs::create_dir_all(&dir).expect("the bench folder");
    let mut r = Report(String::new());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    r.line(format!(
        "# Plenary benchmarks, {} ({cores} cores, {seconds} s per load run)\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    ));

    if std::env::var("BENCH_ONLY").as_deref() == Ok("documents") {
        // While working on documents: benchmark 8 alone.
        documents::run(&mut r, &dir).await;
        std::fs::write(dir.join("results.md"), &r.0).expect("results written");
        return;
    }

    if std::env::var("BENCH_ONLY").as_deref() == Ok("postgres") {
        // While working on the PostgreSQL write path: benchmark 4 alone.
        postgres::registrations(&mut r, &dir, seconds).await;
        std::fs::write(dir.join("results.md"), &r.0).expect("results written");
        return;
    }

    // 1. Registrations, and the server's memory around the rush.
    r.line("## 1. Registrations through the API (unique people, durable before the answer)\n");
    r.line("| clients | group commit | registrations/s | p50 ms | p99 ms | failed | ratio to baseline |");
    r.line("|---|---|---|---|---|---|---|");
    let mut rush_rss = 0.0;
    let mut kept = None;
    for clients in [64, 256] {
        let mut baseline = 0.0;
        for batch in [1u16, 256] {
            let (stats, server, _, pool) = registrations(&dir, clients, batch, seconds).await;
            let on = batch > 1;
            if !on {
                baseline = stats.per_second();
            }
            let ratio = if on && baseline > 0.0 { format!("{:.1}×", stats.per_second() / baseline) } else { "1.0×".into() };
            r.line(format!(
                "| {clients} | {} | {:.0} | {:.1} | {:.1} | {} | {ratio} |",
                if on { "on" } else { "off" },
                stats.per_second(),
                stats.quantile_ms(0.5),
                stats.quantile_ms(0.99),
                stats.failed
            ));
            if on && clients == 256 {
                rush_rss = server.rss_mb();
            }
            if on && clients == 64 {
                kept = Some((server, pool));
            } else {
                server.stop().await;
            }
        }
    }
    let (server, pool) = kept.expect("the 64-client run's server");
    let (stats, capacity, confirmed, waitlisted) = confirmations(&server, &pool).await;
    r.line(format!(
        "\nConfirmations at 64 clients: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms; {} links, capacity {capacity}: {confirmed} confirmed, {waitlisted} waitlisted ({}).\n",
        stats.per_second(),
        stats.quantile_ms(0.5),
        stats.quantile_ms(0.99),
        stats.ok + stats.failed,
        if confirmed == capacity { "exact" } else { "NOT EXACT" }
    ));

    // 2. Pages, once the rush's emails are delivered: every delivery commits, and a commit
    // makes the page cache render again, so a backlog would measure the mail, not the pages.
    let drained = Instant::now();
    while drained.elapsed() < Duration::from_secs(180) {
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')").fetch_one(&pool).await.unwrap_or(0);
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    r.line("## 2. Pages at 64 clients\n");
    r.line(format!("(After the rush's emails were delivered: {:.0} s of waiting.)\n", drained.elapsed().as_secs_f64()));
    r.line("| page | requests/s | p50 ms | p99 ms | failed |");
    r.line("|---|---|---|---|---|");
    for path in ["/events/bench", "/events"] {
        let s = pages(&server, path, (seconds / 2).max(5)).await;
        r.line(format!("| `{path}` | {:.0} | {:.2} | {:.2} | {} |", s.per_second(), s.quantile_ms(0.5), s.quantile_ms(0.99), s.failed));
    }

    // 3. Page weight.
    r.line("\n## 3. Page weight\n");
    r.line("| resource | raw bytes | gzip bytes |");
    r.line("|---|---|---|");
    let css = fetch(&server.base, "/pkg/plenary.css").await;
    let js = fetch(&server.base, "/pkg/plenary.js").await;
    let wasm = fetch(&server.base, "/pkg/plenary.wasm").await;
    for path in ["/events/bench", "/events/bench/register"] {
        let html = fetch(&server.base, path).await;
        r.line(format!("| `{path}` HTML | {} | {} |", html.len(), gzip_len(&html)));
        r.line(format!("| `{path}` HTML + CSS (no script) | {} | {} |", html.len() + css.len(), gzip_len(&html) + gzip_len(&css)));
    }
    r.line(format!("| CSS | {} | {} |", css.len(), gzip_len(&css)));
    r.line(format!("| JS glue | {} | {} |", js.len(), gzip_len(&js)));
    r.line(format!("| wasm bundle | {} | {} |", wasm.len(), gzip_len(&wasm)));
    r.line("\nRequests per page: HTML, CSS, JS, wasm, icon (5); without JavaScript: HTML, CSS, icon (3).\n");
    server.stop().await;

    // 4. The registrations on PostgreSQL, one and two instances (after the SQLite server
    // above has stopped, so nothing else runs beside them).
    postgres::registrations(&mut r, &dir, seconds).await;
    if std::env::var("BENCH_ONLY").as_deref() == Ok("rush") {
        // While working on the write path: benchmarks 1 to 3 only.
        let out = dir.join("results.md");
        std::fs::write(&out, &r.0).expect("results written");
        return;
    }

    // 7. Start-up and idle memory on an existing database (the rush's).
    let existing = dir.join("rush-64-256.db").display().to_string();
    let again = Server::start(&dir, &existing, 256).await;
    let startup = again.startup;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss = again.rss_mb();
    again.stop().await;

    // 5. Exports.
    r.line("## 5. Export of 100,000 registrations\n");
    let (db, pool) = seed::fresh(&dir, "export.db").await;
    let event = seed::event(&pool, "export", None).await;
    seed::registrations(&pool, (event, 1), 100_000, false).await;
    let token = seed::admin_token(&dir, &db).await;
    let server = Server::start(&dir, &db, 256).await;
    r.line("| format | seconds | rows | extra memory MB |");
    r.line("|---|---|---|---|");
    for (name, path) in [
        (
            "CSV",
            "/api/v1/events/export/registrations.csv?col=given_name&col=family_name&col=email&col=country&col=organization&col=organization_type&col=status",
        ),
        (
            "XLSX",
            "/api/v1/events/export/registrations.xlsx?col=given_name&col=family_name&col=email&col=country&col=organization&col=organization_type&col=status",
        ),
    ] {
        let (secs, rows, extra) = export(&server, &token, path).await;
        let rows = if name == "CSV" { rows.to_string() } else { format!("{} bytes", rows) };
        r.line(format!("| {name} | {secs:.2} | {rows} | {extra:.0} |"));
    }
    server.stop().await;

    // 6. Reports over a million registrations.
    r.line("\n## 6. Reports over 1,000,000 registrations in 2,000 events (80% checked in)\n");
    let (db, pool) = seed::fresh(&dir, "reports.db").await;
    let seeding = Instant::now();
    let first = seed::past_events(&pool, 2000).await;
    seed::registrations(&pool, (first, 2000), 1_000_000, true).await;
    let seeded = seeding.elapsed().as_secs_f64();
    let token = seed::admin_token(&dir, &db).await;
    let server = Server::start(&dir, &db, 256).await;
    r.line("| report | ms (median of 5) |");
    r.line("|---|---|");
    r.line(format!("| one event's report (500 registrations) | {:.1} |", timed(&server, &token, "/api/v1/events/past-1000/report").await));
    r.line(format!(
        "| activity table 2024–2025 (2,000 events) | {:.1} |",
        timed(&server, &token, "/api/v1/reports/activity?from=2024&to=2025").await
    ));
    r.line(format!("\n(Seeding the million took {seeded:.1} s.)\n"));
    server.stop().await;

    r.line("## 7. Memory and start-up\n");
    r.line(format!("- RSS idle (after start on the rush's database): {idle_rss:.1} MB"));
    r.line(format!("- RSS at the end of the 256-client rush: {rush_rss:.1} MB"));
    r.line(format!("- Start-up to the first answered request on an existing database: {} ms\n", startup.as_millis()));

    documents::run(&mut r, &dir).await;

    let out = dir.join("results.md");
    std::fs::write(&out, &r.0).expect("results written");
    println!("\nwritten to {}", out.display());
}
