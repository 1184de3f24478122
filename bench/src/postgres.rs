//! Benchmark 4: registrations on PostgreSQL, against one and two instances on one database
//! (same machine), at 64 and 256 clients, group commit on and off; every acknowledged
//! registration and its email checked afterwards, and the CPU seconds each part used per 1,000
//! registrations. The server is `BENCH_POSTGRES`
//! (`scripts/bench.sh` starts a throwaway cluster with fsync on).
use super::{Report, cpu, load, person, server::Server};
use reqwest::Method;
use sqlx::{Connection, Executor, PgConnection};
use std::{path::Path, time::Duration};

/// A fresh database on the server, migrated, with the bench event; returns its URL.
async fn fresh(server: &str, name: &str, dir: &Path) -> String {
    let mut admin = PgConnection::connect(&format!("{server}/postgres")).await.expect("the bench PostgreSQL server");
    let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await;
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("a bench database");
    let url = format!("{server}/{name}");
    let status = super::server::command(dir, &url, 256).arg("migrate").status().await.expect("plenary migrate");
    assert!(status.success(), "plenary migrate failed on PostgreSQL");
    let mut conn = PgConnection::connect(&url).await.expect("the bench database");
    let now = chrono::Utc::now().timestamp();
    sqlx::query(
        "INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, online, created_at, updated_at)
         VALUES ('bench', 'webinar', 'Benchmark webinar', 'UTC', $1, $2, TRUE, $3, $3)",
    )
    .bind(now + 90 * 86_400)
    .bind(now + 90 * 86_400 + 7200)
    .bind(now)
    .execute(&mut conn)
    .await
    .expect("the bench event");
    url
}

/// Prints the PostgreSQL rows of the registrations table.
pub async fn registrations(r: &mut Report, dir: &Path, seconds: u64) {
    r.line("\n## 4. Registrations on PostgreSQL (one database; one or two instances on this machine)\n");
    let Some(server) = std::env::var("BENCH_POSTGRES").ok().filter(|s| !s.is_empty()) else {
        r.line("**Not measured: BENCH_POSTGRES is not set (scripts/bench.sh starts a PostgreSQL server).**\n");
        return;
    };
    r.line("| instances | clients | group commit | registrations/s | p50 ms | p99 ms | failed | ratio to baseline | CPU s per 1,000: Plenary / PostgreSQL / load |");
    r.line("|---|---|---|---|---|---|---|---|---|");
    for instances in [1usize, 2] {
        for clients in [64usize, 256] {
            let mut baseline = 0.0;
            for batch in [1u16, 256] {
                let name = format!("bench_{instances}_{clients}_{batch}");
                let url = fresh(&server, &name, dir).await;
                let mut servers = Vec::new();
                for _ in 0..instances {
                    servers.push(Server::start(dir, &url, batch).await);
                }
                let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
                let tag = format!("pg{instances}c{clients}b{batch}");
                let plenary_cpu = || servers.iter().map(|s| cpu::process_seconds(s.pid())).sum::<f64>();
                let before = (plenary_cpu(), cpu::postgres_seconds(), cpu::own_seconds());
                let stats = load::run_across(&bases, clients, Duration::from_secs(seconds), &[202], move |n| {
                    Some(load::Job { method: Method::POST, path: "/api/v1/events/bench/registrations".into(), body: Some(person(n, &tag)) })
                })
                .await;
                let after = (plenary_cpu(), cpu::postgres_seconds(), cpu::own_seconds());
                let per_1000 = |a: f64, b: f64| (a - b) * 1000.0 / stats.ok.max(1) as f64;
                let cpu =
                    format!("{:.2} / {:.2} / {:.2}", per_1000(after.0, before.0), per_1000(after.1, before.1), per_1000(after.2, before.2));
                let mut conn = PgConnection::connect(&url).await.expect("the bench database");
                let stored: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM registrations r WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.registration_id = r.id)",
                )
                .fetch_one(&mut conn)
                .await
                .unwrap_or(-1);
                assert!(stored >= stats.ok as i64, "{name}: {} acknowledged but {stored} stored with their email", stats.ok);
                for s in servers {
                    s.stop().await;
                }
                let on = batch > 1;
                if !on {
                    baseline = stats.per_second();
                }
                let ratio = if on && baseline > 0.0 { format!("{:.1}×", stats.per_second() / baseline) } else { "1.0×".into() };
                r.line(format!(
                    "| {instances} | {clients} | {} | {:.0} | {:.1} | {:.1} | {} | {ratio} | {cpu} |",
                    if on { "on" } else { "off" },
                    stats.per_second(),
                    stats.quantile_ms(0.5),
                    stats.quantile_ms(0.99),
                    stats.failed
                ));
            }
        }
    }
    r.line("\nEvery acknowledged registration and its email were in the database after each run.\n");
}
