//! Benchmark 8: documents on the release server. Badges for 3,000 people as one PDF (time and
//! the memory it takes beyond the server's resting size), one certificate and one letter
//! (median of five downloads), and "Send certificates" for 1,000 attendees (the time to queue
//! them; each PDF is rendered later, when its email goes out).
use super::{Report, seed, server::Server};
use std::{
    path::Path,
    time::{Duration, Instant},
};

async fn get(http: &reqwest::Client, url: &str, token: &str) -> (u16, usize) {
    let r = http.get(url).bearer_auth(token).send().await.expect("the server answers");
    let status = r.status().as_u16();
    (status, r.bytes().await.map(|b| b.len()).unwrap_or(0))
}

/// The median of five timed downloads, in ms.
async fn median_ms(http: &reqwest::Client, url: &str, token: &str) -> f64 {
    let mut ms = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let (status, _) = get(http, url, token).await;
        assert_eq!(status, 200, "{url}");
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    ms[2]
}

pub async fn run(r: &mut Report, dir: &Path) {
    r.line("## 8. Documents\n");
    let (db, pool) = seed::fresh(dir, "documents.db").await;
    let event = seed::event(&pool, "documents", None).await;
    seed::registrations(&pool, (event, 1), 3000, false).await;
    let now = chrono::Utc::now().timestamp();
    for sql in [
        "UPDATE events SET online = 0, title = 'Regional Forum on Digital Government', venue = 'Songdo Convensia', city = 'Incheon', host_country = 'KR' WHERE id = ?1",
        "INSERT INTO event_documents (event_id, letters, certificates, badge_layout, office, signatory_name, signatory_title, updated_at)
         VALUES (?1, 1, 1, 'a6', 'Project Office on Governance', 'Min-jun Kim', 'Head of Office', 0)",
        // A thousand attendees, checked in once.
        "INSERT INTO checkins (registration_id, session_id, at) SELECT id, 0, 1700003600 FROM registrations WHERE event_id = ?1 ORDER BY id LIMIT 1000",
        // Arabic and Chinese names among them, so shaping and CJK fonts are in the work.
        "UPDATE registrations SET given_name = 'محمد', family_name = 'حداد', language = 'ar' WHERE event_id = ?1 AND id % 3 = 1",
        "UPDATE registrations SET given_name = '伟', family_name = '李', language = 'zh' WHERE event_id = ?1 AND id % 3 = 2",
    ] {
        sqlx::query(sql).bind(event).execute(&pool).await.expect("documents seeded");
    }
    // One letter already issued with passport details (as the participant gave them).
    let first: i64 = sqlx::query_scalar("SELECT MIN(id) FROM registrations WHERE event_id = ?1")
        .bind(event)
        .fetch_one(&pool)
        .await
        .expect("a registration");
    sqlx::query(
        "INSERT INTO documents (code, kind, event_id, registration_id, reference, number, holder_name, language, details, issued_at)
         VALUES ('BNCH-LTTR-0000-0001', 'letter', ?1, ?2, 'DOCUMENTS/L/0001', 1, 'Given Family', 'en',
                 '{\"passport\":{\"number\":\"N0123456\",\"nationality\":\"PH\",\"expires\":\"2031-01-01\"},\"organization\":\"Ministry\",\"country\":\"PH\"}', ?3)",
    )
    .bind(event)
    .bind(first)
    .bind(now)
    .execute(&pool)
    .await
    .expect("a letter");
    let token = seed::admin_token(dir, &db).await;
    let server = Server::start(dir, &db, 256).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(120)).build().expect("a client");
    let base = server.base.clone();

    // One certificate (issued by the first request) and one letter.
    let certificate = format!("{base}/api/v1/registrations/{first}/certificate.pdf");
    assert_eq!(get(&http, &certificate, &token).await.0, 200, "the certificate is issued");
    let certificate_ms = median_ms(&http, &certificate, &token).await;
    let letter_ms = median_ms(&http, &format!("{base}/api/v1/registrations/{first}/letter.pdf"), &token).await;

    // Badges for 3,000 as one PDF.
    let resting_kb = server.status_kb("VmRSS:");
    let t = Instant::now();
    let (status, bytes) = get(&http, &format!("{base}/api/v1/events/documents/badges.pdf"), &token).await;
    let badges_s = t.elapsed().as_secs_f64();
    assert_eq!(status, 200);
    let extra_mb = server.status_kb("VmHWM:").saturating_sub(resting_kb) as f64 / 1024.0;

    // "Send certificates" for the thousand attendees (one was issued above).
    let t = Instant::now();
    let sent = http
        .post(format!("{base}/admin/events/documents/documents/certificates"))
        .bearer_auth(&token)
        .header("origin", &base)
        .send()
        .await
        .expect("the server answers");
    let queue_s = t.elapsed().as_secs_f64();
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE document_id IS NOT NULL").fetch_one(&pool).await.unwrap_or(0);

    r.line("| what | time | target | other |");
    r.line("|---|---|---|---|");
    r.line(format!("| badges for 3,000 people, one PDF (A6, a third Arabic, a third Chinese) | {badges_s:.2} s | < 10 s | {:.1} MB; {extra_mb:.0} MB of memory above the resting server (target < 200) |", bytes as f64 / 1e6));
    r.line(format!("| one certificate (PDF/A-2b), median of 5 | {certificate_ms:.1} ms | < 50 ms | |"));
    r.line(format!("| one letter, median of 5 | {letter_ms:.1} ms | < 50 ms | |"));
    r.line(format!(
        "| \"Send certificates\" for 1,000 attendees: queued | {queue_s:.2} s | < 5 s | {queued} emails queued (answer {}) |",
        sent.status().as_u16()
    ));
    r.line("");
    server.stop().await;
}
