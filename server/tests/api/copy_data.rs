//! Moving an install from SQLite to PostgreSQL: the two schemas hold the same tables, columns
//! and indexes; `plenary copy-data` fills an empty PostgreSQL database, refuses a non-empty
//! one, and every report reads the same afterwards. Needs PostgreSQL (the PostgreSQL pass).
use super::helpers::{EventSpec, Setup, TestApp, fresh_database, person, postgres};
use app::{
    accounts::ssr::Principal,
    domain::Role,
    reports::ssr::{activity, event_report},
    store::{Store, StoreOptions},
};
use std::collections::BTreeSet;

async fn schema_of(store: &Store) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let mut conn = store.read().await.unwrap();
    let columns: Vec<(String, String)> = conn
        .fetch_all(app::sql!(
            sqlite: "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name != '_sqlx_migrations'",
            postgres: "SELECT table_name::text, column_name::text FROM information_schema.columns
                       WHERE table_schema = current_schema() AND table_name != '_sqlx_migrations'"
        ))
        .await
        .unwrap();
    let indexes: Vec<String> = conn
        .scalars(app::sql!(
            sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
            // Indexes PostgreSQL makes for primary keys and UNIQUE constraints are SQLite's autoindexes.
            postgres: "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema()
                       AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ))
        .await
        .unwrap();
    (columns.into_iter().collect(), indexes.into_iter().collect())
}

fn admin() -> Principal {
    Principal { user_id: 0, email: "t@un.org".into(), name: "T".into(), role: Role::Admin, all_events: true, events: vec![], session: None }
}

/// Every event's report and the activity table of the last five years, as JSON.
async fn reports(store: &Store, now: i64) -> serde_json::Value {
    let mut conn = store.read().await.unwrap();
    let events = app::events::ssr::storage::listed_ids(&mut conn, now).await.unwrap();
    let mut out = Vec::new();
    for id in events {
        let event = app::events::ssr::by_id(&mut conn, id).await.unwrap();
        out.push(serde_json::to_value(event_report::of_event(&mut conn, &event, app::i18n::Locale::en).await.unwrap()).unwrap());
    }
    let (_, to) = activity::default_range(now);
    let table = activity::table(store, &admin(), now, to - 4, to).await.unwrap();
    serde_json::json!({ "events": out, "activity": table })
}

#[tokio::test]
async fn both_engines_have_the_same_tables_columns_and_indexes() {
    assert!(postgres().is_some(), "needs PostgreSQL: set PLENARY_TEST_POSTGRES");
    let lite = TestApp::with(Setup { sqlite: true, ..Setup::default() }).await;
    let pg = TestApp::spawn().await;
    let (lite_columns, lite_indexes) = schema_of(&lite.state.store).await;
    let (pg_columns, pg_indexes) = schema_of(&pg.state.store).await;
    assert_eq!(lite_columns, pg_columns, "the same columns");
    assert_eq!(lite_indexes, pg_indexes, "the same indexes");
    let tables: BTreeSet<String> = lite_columns.iter().map(|(t, _)| t.clone()).collect();
    let copied: BTreeSet<String> = server::copy::TABLES.iter().map(|t| t.to_string()).collect();
    assert_eq!(tables, copied, "copy-data copies every table");
}

#[tokio::test]
async fn copy_data_moves_a_sqlite_install_into_an_empty_postgres_database_and_every_report_is_the_same() {
    assert!(postgres().is_some(), "needs PostgreSQL: set PLENARY_TEST_POSTGRES");
    let source = TestApp::with(Setup { sqlite: true, ..Setup::default() }).await;
    assert!(server::demo::seed_if_empty(&source.state).await.unwrap(), "the demo, with three years of past events");
    source.add_event(EventSpec { slug: "extra", capacity: Some(2), ..Default::default() }).await;
    for i in 0..3 {
        assert_eq!(source.register_api("extra", &person(&format!("x{i}@gov.example"), &[])).await.status(), 202);
    }
    source.admin_client().await;
    let now = source.state.clock.now();
    let before = reports(&source.state.store, now).await;

    let dir = tempfile::tempdir().unwrap();
    let target = fresh_database(dir.path()).await;
    let run = |to: String| {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["copy-data", "--to", &to])
            .env("PLENARY_DATABASE_URL", &source.db_url)
            .env("PLENARY_LOG", "warn")
            .output()
    };
    let out = run(target.clone()).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("every table's count matches"), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("registrations ")), "{stdout}");

    let copy = Store::open(&StoreOptions::new(&target)).await.unwrap();
    assert_eq!(reports(&copy, now).await, before, "every report reads the same");

    // A second copy into the now full database is refused and changes nothing.
    let again = run(target.clone()).await.unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(reports(&copy, now).await, before);

    // Plenary runs on the copy: new rows get new ids, the old links and accounts work.
    let moved = source.another_on(&target).await;
    assert_eq!(moved.register_api("extra", &person("after@gov.example", &[])).await.status(), 202);
    moved.sign_in("head@un.org", "a long enough passphrase").await;
}
