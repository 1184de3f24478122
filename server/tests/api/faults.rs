//! Staying power: the mail server down during a rush, a permanent refusal, the server killed
//! in the middle of a burst, and an online backup taken while people register. Each test is
//! bounded in time and count.
use super::helpers::{EventSpec, TestApp, eventually, person, start_server};
use app::store::{Engine, Store, StoreOptions};
use futures::future::join_all;
use std::{collections::HashSet, time::Duration};

#[tokio::test]
async fn mail_server_down_during_500_registrations_then_every_email_once() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    app.smtp.set_down(true);
    let emails: Vec<String> = (0..500).map(|i| format!("p{i}@gov.example")).collect();
    let bodies: Vec<_> = emails.iter().map(|e| person(e, &[])).collect();
    let answers = join_all(bodies.iter().map(|b| app.register_api("forum", b))).await;
    assert!(answers.iter().all(|r| r.status() == 202), "every request is answered while mail is down");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 500);
    // The worker tried and failed; nothing was delivered.
    assert!(eventually(20, async || app.count("SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND status = 'pending'").await == 500).await);
    assert!(app.smtp.messages().is_empty());

    // The server comes back; the retries fall due.
    app.smtp.set_down(false);
    app.state.clock.advance(3600);
    assert!(
        eventually(60, async || app.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await == 500).await,
        "all 500 delivered"
    );
    let received: Vec<String> = app.smtp.messages().into_iter().map(|m| m.to.to_lowercase()).collect();
    assert_eq!(received.len(), 500, "none twice");
    assert_eq!(received.iter().collect::<HashSet<_>>().len(), 500, "each person once");
}

#[tokio::test]
async fn a_permanent_refusal_fails_after_one_attempt_and_spares_the_others() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    app.smtp.refuse("gone@gov.example");
    for e in ["gone@gov.example", "here@gov.example"] {
        assert_eq!(app.register_api("forum", &person(e, &[])).await.status(), 202);
    }
    app.smtp.wait_for("here@gov.example", "confirm").await;
    assert!(eventually(10, async || app.count("SELECT COUNT(*) FROM outbox WHERE status = 'failed'").await == 1).await);
    // Later retries never come: the clock moves a day on, and still one attempt.
    app.state.clock.advance(86_400);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.smtp.attempts("gone@gov.example"), 1, "one attempt only");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'gone@gov.example' AND status = 'failed' AND attempts = 1 AND last_error LIKE '%550%'").await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'here@gov.example' AND status = 'sent'").await, 1);
    // Organizers see it on the event's mail page.
    let (client, _) = app.admin_client().await;
    let page = client.get(app.url("/admin/events/forum/mail")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("gone@gov.example") && page.contains("550"), "the failure is shown to organizers");
}

#[tokio::test]
async fn killed_mid_burst_then_restarted_every_acknowledged_registration_and_email_is_there() {
    let app = TestApp::spawn().await; // its database holds the event; its SMTP sink receives the mail
    app.add_event(EventSpec::default()).await;
    let db = app.db_url.clone();
    let mut server = start_server(&db, app.smtp.port).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    // 64 clients register people one after another until the server dies under them.
    let clients: Vec<_> = (0..64)
        .map(|c| {
            let (client, base, acked) = (client.clone(), server.base.clone(), acked.clone());
            tokio::spawn(async move {
                for i in 0..400 {
                    let email = format!("c{c}-{i}@gov.example");
                    match client.post(format!("{base}/api/v1/events/forum/registrations")).json(&person(&email, &[])).send().await {
                        Ok(r) if r.status() == 202 => acked.lock().unwrap().push(email),
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    assert!(eventually(60, async || acked.lock().unwrap().len() >= 500).await, "the burst is under way");
    server.child.start_kill().unwrap(); // SIGKILL
    server.child.wait().await.unwrap();
    join_all(clients).await;
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 500);

    // Restarted on the same database: every acknowledged registration and its email are there.
    let server = start_server(&db, app.smtp.port).await;
    let check = Store::open(&StoreOptions::new(&db)).await.unwrap();
    if check.engine() == Engine::Sqlite {
        let integrity: String = check.read().await.unwrap().scalar(app::sql!("PRAGMA integrity_check")).await.unwrap();
        assert_eq!(integrity, "ok");
    }
    let stored: HashSet<String> =
        check.read().await.unwrap().scalars(app::sql!("SELECT email FROM registrations")).await.unwrap().into_iter().collect();
    let mailed: HashSet<String> =
        check.read().await.unwrap().scalars(app::sql!("SELECT recipient FROM outbox")).await.unwrap().into_iter().collect();
    let missing: Vec<&String> = acked.iter().filter(|e| !stored.contains(*e) || !mailed.contains(*e)).collect();
    assert!(missing.is_empty(), "{} of {} acknowledged registrations lost, e.g. {:?}", missing.len(), acked.len(), missing.first());
    let r = reqwest::get(format!("{}/events/forum", server.base)).await.unwrap();
    assert_eq!(r.status(), 200, "and it serves again");
}

#[tokio::test]
async fn an_online_backup_during_a_burst_is_consistent_starts_and_holds_everything_before_it() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    if app.engine() == Engine::Postgres {
        // PostgreSQL is backed up with its own tools: the command says so and does not pretend.
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["backup", "/tmp/never-written.db"])
            .env("PLENARY_DATABASE_URL", &app.db_url)
            .env("PLENARY_LOG", "warn")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success(), "backup on PostgreSQL fails");
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!std::path::Path::new("/tmp/never-written.db").exists());
        return;
    }
    let emails: Vec<String> = (0..300).map(|i| format!("b{i}@gov.example")).collect();
    // The first 100 are committed before the backup begins; the other 200 race it.
    let bodies: Vec<_> = emails.iter().map(|e| person(e, &[])).collect();
    let before = join_all(bodies[..100].iter().map(|b| app.register_api("forum", b))).await;
    assert!(before.iter().all(|r| r.status() == 202));
    let copy = format!("{}.backup", app.db_path);
    let burst = join_all(bodies[100..].iter().map(|b| app.register_api("forum", b)));
    let backup = tokio::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["backup", &copy])
        .env("PLENARY_DATABASE_URL", format!("sqlite://{}", app.db_path))
        .env("PLENARY_LOG", "warn")
        .output();
    let (answers, out) = tokio::join!(burst, backup);
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(answers.iter().all(|r| r.status() == 202));

    // The copy opens as a Plenary database (migrations check it), is consistent, and has the 100.
    let store = Store::open(&StoreOptions::new(format!("sqlite://{copy}"))).await.unwrap();
    let integrity: String = store.read().await.unwrap().scalar(app::sql!("PRAGMA integrity_check")).await.unwrap();
    assert_eq!(integrity, "ok");
    let stored: HashSet<String> =
        store.read().await.unwrap().scalars(app::sql!("SELECT email FROM registrations")).await.unwrap().into_iter().collect();
    assert!(emails[..100].iter().all(|e| stored.contains(e)), "every registration committed before the backup");
    let orphans: i64 = store
        .read()
        .await
        .unwrap()
        .scalar(app::sql!("SELECT COUNT(*) FROM registrations r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.registration_id = r.id)"))
        .await
        .unwrap();
    assert_eq!(orphans, 0, "no registration without its email: each transaction is in the copy whole or not at all");
}

#[tokio::test]
async fn pages_answer_every_one_of_many_concurrent_requests() {
    // Under load, a page title read after its owner was disposed once panicked (5% of requests
    // to the events list failed at 64 clients); every request must be answered whole.
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    for round in 0..4 {
        let answers = join_all((0..64).map(|i| app.get(if i % 2 == 0 { "/events" } else { "/events/forum" }))).await;
        for r in answers {
            assert_eq!(r.status(), 200, "round {round}");
            assert!(r.text().await.unwrap().contains("</html>"), "the whole page");
        }
    }
}
