//! Several Plenary instances on one PostgreSQL database are one system: seats are never given
//! twice across them, every email goes out once whichever instance wrote it (and once more
//! only if its claimer died), a page cached by one shows another's change within a second,
//! migrations and demo data happen once, background jobs run on one at a time, and sign-in
//! throttling and sessions hold whichever instance a request reaches.
//!
//! These need PostgreSQL (`PLENARY_TEST_POSTGRES`); the test command runs them in its
//! PostgreSQL pass and leaves them out of the SQLite one by name. Without a server they fail.
use super::helpers::{EventSpec, Setup, TestApp, enc, eventually, fresh_database, person, postgres, start_server_with};
use app::store::{BoxFuture, Engine, Store, StoreOptions, jobs};
use futures::future::join_all;
use std::collections::HashMap;

/// Two instances on one fresh PostgreSQL database.
async fn two(setup: Setup) -> (TestApp, TestApp) {
    assert!(postgres().is_some(), "the two-instance tests need PostgreSQL: set PLENARY_TEST_POSTGRES (./scripts/test.sh starts one)");
    let a = TestApp::with(setup.clone()).await;
    assert_eq!(a.engine(), Engine::Postgres);
    let b = a.another(setup).await;
    (a, b)
}

/// The confirmation links in the outbox, one per person.
async fn links(app: &TestApp, slug: &str) -> Vec<String> {
    let re = regex::Regex::new(r"https?://\S+/confirm/[A-Za-z0-9_-]{43}").unwrap();
    let bodies: Vec<String> = app
        .column(&format!(
            "SELECT o.body_text FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.kind = 'confirm_address' AND e.slug = '{slug}' ORDER BY o.id"
        ))
        .await;
    bodies.iter().map(|b| re.find(b).unwrap().as_str().to_owned()).collect()
}

/// `people` register (alternating instances), then all their links are followed at once,
/// alternating instances too.
async fn rush(a: &TestApp, b: &TestApp, slug: &str, people: usize) {
    let apps = [a, b];
    let answers =
        join_all((0..people).map(|i| async move { apps[i % 2].register_api(slug, &person(&format!("p{i}@gov.example"), &[])).await }))
            .await;
    assert!(answers.iter().all(|r| r.status() == 202));
    let links = links(a, slug).await;
    assert_eq!(links.len(), people);
    let handles: Vec<_> = links
        .into_iter()
        .enumerate()
        .map(|(i, link)| {
            let other = apps[(i + 1) % 2];
            let path = link.split_once("/confirm/").map(|(_, t)| format!("/confirm/{t}")).unwrap();
            let (client, url) = (other.client.clone(), other.url(&path));
            tokio::spawn(async move { client.get(url).send().await.unwrap().status() })
        })
        .collect();
    for status in join_all(handles).await {
        assert_eq!(status.unwrap(), 303);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn six_hundred_people_for_five_hundred_seats_across_two_instances_get_exactly_500_and_100_waiting() {
    let (a, b) = two(Setup::default()).await;
    a.add_event(EventSpec { capacity: Some(500), ..Default::default() }).await;
    rush(&a, &b, "forum", 600).await;
    assert_eq!(a.count("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").await, 500);
    assert_eq!(a.count("SELECT COUNT(*) FROM registrations WHERE status = 'waitlisted'").await, 100);
    let ranks: Vec<i64> = a
        .column(
            "SELECT (SELECT COUNT(*) FROM registrations w WHERE w.status = 'waitlisted' AND w.waitlist_seq <= r.waitlist_seq)
             FROM registrations r WHERE r.status = 'waitlisted' ORDER BY r.waitlist_seq",
        )
        .await;
    assert_eq!(ranks, (1..=100).collect::<Vec<_>>(), "positions 1..100, none twice");
    // Both instances decided seats, each in its own batches.
    let (sa, sb) = (a.state.batches.stats.counts(), b.state.batches.stats.counts());
    assert!(sa.0 > 0 && sb.0 > 0, "both instances confirmed set-based: {sa:?} {sb:?}");
}

/// The negative control: the same rush with the writers' lock taken away overbooks, so the
/// test above can see a race across instances. (Fifty seats: the instances' first batches,
/// begun together, each see them all free. The race depends on timing, so up to three rushes.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_writers_lock_two_instances_overbook() {
    let (a, b) = two(Setup { no_writer_lock: true, ..Setup::default() }).await;
    let mut seen = Vec::new();
    for attempt in ["first", "second", "third"] {
        a.add_event(EventSpec { slug: attempt, capacity: Some(50), ..Default::default() }).await;
        rush(&a, &b, attempt, 600).await;
        let confirmed = a
            .count(&format!(
                "SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = '{attempt}' AND r.status = 'confirmed'"
            ))
            .await;
        seen.push(confirmed);
        if confirmed > 50 {
            return;
        }
    }
    panic!("without the lock the race must show; saw {seen:?} confirmed for 50 seats");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_emails_written_by_two_instances_each_go_out_once() {
    let (a, b) = two(Setup::default()).await;
    a.add_event(EventSpec::default()).await;
    let apps = [&a, &b];
    let answers =
        join_all((0..500).map(|i| async move { apps[i % 2].register_api("forum", &person(&format!("m{i}@gov.example"), &[])).await }))
            .await;
    assert!(answers.iter().all(|r| r.status() == 202));
    assert!(eventually(60, async || a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await == 500).await, "all sent");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mut per: HashMap<String, usize> = HashMap::new();
    for m in a.smtp.messages() {
        *per.entry(m.to.to_lowercase()).or_default() += 1;
    }
    assert_eq!(per.len(), 500, "everyone got their email");
    assert!(per.values().all(|n| *n == 1), "nobody twice: {:?}", per.iter().filter(|(_, n)| **n > 1).take(3).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_killed_while_it_holds_claims_leaves_its_emails_to_another_and_each_goes_out_once() {
    // A writes the emails but delivers none; P (a real process) claims them and hangs on a mail
    // server that never answers; P is killed; B takes over once the claims' lease runs out.
    let a = TestApp::with(Setup { no_worker: true, ..Setup::default() }).await;
    assert!(postgres().is_some() && a.engine() == Engine::Postgres, "needs PostgreSQL");
    a.add_event(EventSpec::default()).await;
    let app = &a;
    let answers =
        join_all((0..100).map(|i| async move { app.register_api("forum", &person(&format!("k{i}@gov.example"), &[])).await })).await;
    assert!(answers.iter().all(|r| r.status() == 202));
    let stuck = super::smtp::SmtpSink::start().await;
    stuck.stall();
    let mut p = start_server_with(&a.db_url, stuck.port, &[]).await;
    assert!(
        eventually(20, async || a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sending'").await > 0).await,
        "the process holds claims"
    );
    let claimed = a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sending'").await;
    p.child.start_kill().unwrap(); // SIGKILL, claims held
    p.child.wait().await.unwrap();
    assert!(stuck.messages().is_empty(), "nothing was delivered through the dead instance");

    let b = a.another(Setup::default()).await;
    // The unclaimed ones go at once; the dead instance's claims only after their lease.
    assert!(eventually(30, async || a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await == 100 - claimed).await);
    assert_eq!(a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sending'").await, claimed, "claims are respected");
    b.state.clock.advance(app::mail::outbox::LEASE_SECONDS + 1);
    assert!(
        eventually(30, async || a.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await == 100).await,
        "the dead instance's emails go out after the lease"
    );
    let mut per: HashMap<String, usize> = HashMap::new();
    for m in a.smtp.messages() {
        *per.entry(m.to.to_lowercase()).or_default() += 1;
    }
    assert_eq!(per.len(), 100);
    assert!(per.values().all(|n| *n == 1), "each once");
}

#[tokio::test]
async fn a_page_cached_by_one_instance_shows_a_change_made_through_the_other_within_a_second() {
    let (a, b) = two(Setup::default()).await;
    a.add_event(EventSpec::default()).await;
    // The cache's age counts from the render that filled it, so the clock starts before it.
    let started = std::time::Instant::now();
    assert!(a.get("/events/forum").await.text().await.unwrap().contains("Test Forum"));
    // A change behind every writer's back is not announced: A serves its cached page.
    a.exec_behind("UPDATE events SET title = 'Quiet Change' WHERE slug = 'forum'").await;
    let cached = a.get("/events/forum").await.text().await.unwrap();
    if started.elapsed() < std::time::Duration::from_millis(800) {
        assert!(cached.contains("Test Forum"), "A serves the page from memory");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(a.get("/events/forum").await.text().await.unwrap().contains("Quiet Change"));
    // A change committed through B: A shows it well within a second.
    b.exec("UPDATE events SET title = 'Renamed Through B' WHERE slug = 'forum'").await;
    let started = std::time::Instant::now();
    let seen = eventually(1, async || a.get("/events/forum").await.text().await.unwrap().contains("Renamed Through B")).await;
    assert!(seen, "not shown by A within a second");
    eprintln!("A showed B's change after {:?}", started.elapsed());
}

#[tokio::test]
async fn two_instances_started_together_migrate_once_and_seed_the_demo_once() {
    assert!(postgres().is_some(), "needs PostgreSQL");
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let smtp = super::smtp::SmtpSink::start().await;
    let demo = [("PLENARY_DEMO", "true"), ("PLENARY_MAIL_DIR", dir.path().to_str().unwrap())];
    let (one, other) = tokio::join!(start_server_with(&url, smtp.port, &demo), start_server_with(&url, smtp.port, &demo));
    let store = Store::open(&StoreOptions::new(&url)).await.unwrap();
    let mut conn = store.read().await.unwrap();
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/postgres")).unwrap().count() as i64;
    assert_eq!(conn.scalar::<i64>(app::sql!("SELECT COUNT(*) FROM _sqlx_migrations")).await.unwrap(), migrations, "each migration once");
    let events: i64 = conn.scalar(app::sql!("SELECT COUNT(*) FROM events")).await.unwrap();
    let slugs: i64 = conn.scalar(app::sql!("SELECT COUNT(DISTINCT slug) FROM events")).await.unwrap();
    assert!(events >= 20, "the demo events are there ({events})");
    assert_eq!(events, slugs);
    assert_eq!(conn.scalar::<i64>(app::sql!("SELECT COUNT(*) FROM users")).await.unwrap(), 1, "one demo administrator");
    // Both serve the same demo.
    let titles: Vec<String> =
        conn.scalars(app::sql!("SELECT title FROM events WHERE status = 'published' ORDER BY starts_at DESC LIMIT 1")).await.unwrap();
    for server in [&one, &other] {
        let r = reqwest::get(format!("{}/events", server.base)).await.unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(page.contains(&titles[0].replace('&', "&amp;")), "both instances list the demo");
    }
}

#[tokio::test]
async fn a_background_job_runs_on_the_one_instance_holding_its_lease() {
    let (a, b) = two(Setup::default()).await;
    let take = async |app: &TestApp, holder: &'static str, now: i64| {
        app.state
            .store
            .write(move |c| -> BoxFuture<'_, _> { Box::pin(async move { jobs::take(c, "test-job", holder, now, 90).await }) })
            .await
            .unwrap()
    };
    assert!(take(&a, "a", 1000).await, "the first instance takes the job");
    assert!(!take(&b, "b", 1010).await, "the other may not while the lease runs");
    assert!(take(&a, "a", 1060).await, "the holder renews it");
    assert!(!take(&b, "b", 1100).await);
    assert!(take(&b, "b", 1151).await, "the lease ran out: the other takes over");
    assert!(!take(&a, "a", 1160).await);
    // And each real job is led by exactly one of the two instances.
    for job in ["expire_unconfirmed", "retention"] {
        let holders: Vec<String> = a.column(&format!("SELECT holder FROM job_leases WHERE name = '{job}'")).await;
        assert_eq!(holders.len(), 1, "{job} has one holder");
    }
}

#[tokio::test]
async fn sign_in_throttling_and_sessions_hold_across_instances() {
    let (a, b) = two(Setup::default()).await;
    let (admin, _) = a.admin_client().await;
    // A session made on one instance works on the other (cookies do not care for ports).
    assert_eq!(admin.get(b.url("/admin/accounts")).send().await.unwrap().status(), 200);
    // Twenty wrong guesses at once, half at each instance: the throttle counts each attempt
    // before its password is checked, so at most five pass to be refused as wrong.
    let guesses = (0..20).map(|i| {
        let app = if i % 2 == 0 { &a } else { &b };
        app.client
            .post(app.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(format!("email=head%40un.org&password={}", enc(&format!("guess number {i}"))))
            .send()
    });
    let statuses: Vec<u16> = join_all(guesses).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(wrong + throttled, 20, "{statuses:?}");
    assert!(wrong <= app::accounts::ssr::throttle::PER_ACCOUNT as usize, "{wrong} guesses were checked");
    // Even the right password now waits, at either instance.
    for app in [&a, &b] {
        let r = app
            .client
            .post(app.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body("email=head%40un.org&password=a+long+enough+passphrase")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
    }
}
