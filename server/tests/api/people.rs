//! People counted once across events: the activity table's unique people against a hand
//! count (one address in two cases, a webinar without check-ins), an organizer merging two
//! addresses of one person from the person's page, and the counts of a year unchanged after
//! its registrations are erased.
use super::{
    helpers::TestApp,
    organizer::{post, signed_in},
};
use app::{store::BoxFuture, time_fmt::at};
use serde_json::Value;

/// (email, attended) of one event; everyone confirmed.
type People = &'static [(&'static str, bool)];

async fn event(app: &TestApp, slug: &'static str, kind: &'static str, tag: &'static str, month: u32, people: People) {
    let now = app.state.clock.now();
    app.state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move {
                let start = at("UTC", 2025, month, 10, 9, 0);
                let id: i64 = conn
                    .scalar(app::sql!(
                        "INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, online, activity_tag, status, created_at, updated_at)
                         VALUES ($1, $2, $3, 'UTC', $4, $5, TRUE, $6, 'published', $7, $7) RETURNING id",
                        slug,
                        kind,
                        format!("Event {slug}"),
                        start,
                        start + 86_400,
                        tag,
                        now
                    ))
                    .await?;
                for (i, (email, attended)) in people.iter().enumerate() {
                    let reg: i64 = conn
                        .scalar(app::sql!(
                            "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
                                 organization_type, job_title, consent_at, status, created_at, updated_at, checkin_code)
                             VALUES ($1, $2, 'Given', 'Family', $3, $4, 'BT', 'Ministry', 'government', 'Officer', $5, 'confirmed', $5, $5, $6)
                             RETURNING id",
                            format!("{slug}-{i}"),
                            id,
                            *email,
                            email.to_lowercase(),
                            start - 86_400,
                            format!("C{i}")
                        ))
                        .await?;
                    if *attended {
                        conn.execute(app::sql!("INSERT INTO checkins (registration_id, session_id, at) VALUES ($1, 0, $2)", reg, start + 600)).await?;
                    }
                }
                Ok(())
            })
        })
        .await
        .unwrap();
}

/// Two trainings of one programme (checked in) and a webinar (nobody checked in), in 2025.
async fn fixture(app: &TestApp) {
    event(app, "ntp-a", "training", "NTP", 3, &[("pema@mof.gov.bt", true), ("amina@mofa.gov.jo", true), ("li@ndrc.gov.cn", false)]).await;
    event(app, "ntp-b", "training", "NTP", 6, &[("PEMA@mof.gov.bt", true), ("olga@minec.gov.ru", true), ("sita.sharma@gmail.com", true)])
        .await;
    event(app, "webinar", "webinar", "", 9, &[("pema@mof.gov.bt", false), ("li@ndrc.gov.cn", false), ("sita@npc.gov.np", false)]).await;
}

async fn activity(app: &TestApp, token: &str) -> Value {
    let r = app.client.get(app.url("/api/v1/reports/activity?from=2025&to=2025")).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// (participants, unique people) of an activity line, or of the total.
fn figures(t: &Value, activity: Option<&str>) -> (i64, i64) {
    let l = match activity {
        Some(a) => t["lines"].as_array().unwrap().iter().find(|l| l["activity"] == a).unwrap().clone(),
        None => t["total"].clone(),
    };
    (l["participants"].as_i64().unwrap(), l["unique_people"].as_i64().unwrap())
}

#[tokio::test]
async fn each_person_counts_once_merges_join_two_addresses_and_erasure_keeps_past_counts() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let (admin, token) = app.admin_client().await;

    // By hand: NTP participants are the checked-in (A: Pema, Amina; B: Pema, Olga, Sita's
    // Gmail) = 5, people 4 (Pema once, whatever the case of her address); the webinar has no
    // check-ins, so its confirmed count: 3 and 3; in all 8 participations of 6 people (Pema,
    // Amina, Li, Olga, and Sita's two addresses).
    let t = activity(&app, &token).await;
    assert_eq!(figures(&t, Some("NTP")), (5, 4));
    assert_eq!(figures(&t, Some("webinar")), (3, 3));
    assert_eq!(figures(&t, None), (8, 6));
    let page = admin.get(app.url("/admin/reports?from=2025&to=2025")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("People (each once)"), "the activity table has the column");

    // Sita's page, from her webinar registration: one event so far; her Gmail address merged in.
    let sita: i64 = app.value("SELECT id FROM registrations WHERE email = 'sita@npc.gov.np'").await;
    let path = format!("/admin/people/{sita}");
    let html = admin.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Event webinar") && !html.contains("Event ntp-b"), "{html}");
    let r = post(&admin, &app, &format!("{path}/merge"), "email=nobody%40nowhere.org").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="email-error""#) && html.contains("Nobody registered with this address"), "{html}");
    assert!(html.contains(r#"value="nobody@nowhere.org""#), "the address typed is kept");
    let r = post(&admin, &app, &format!("{path}/merge"), "email=Sita.Sharma%40gmail.com").await;
    assert_eq!(super::helpers::location(&r), format!("{path}?done=saved"));
    let html = admin.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Event webinar") && html.contains("Event ntp-b"), "both events on her page");
    let t = activity(&app, &token).await;
    assert_eq!(figures(&t, Some("NTP")), (5, 4), "one address per activity: unchanged");
    assert_eq!(figures(&t, None), (8, 5), "Sita counts once in all");
    // The country's history lists each person once, with their events.
    let html =
        admin.get(app.url("/admin/reports/countries/BT?from=2025&to=2025")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
    assert!(html.contains("5 people, each counted once"), "{html}");
    assert!(
        html.contains(&format!(r#"href="/admin/people/{sita}""#)) && html.contains("Event webinar; Event ntp-b"),
        "Sita once, both events"
    );
    let audit = app.value::<String>("SELECT detail FROM audit_log WHERE action = 'person.merge'").await;
    assert!(!audit.contains('@'), "the audit line names no address: {audit}");

    // Another organizer's account cannot open her page or merge into it.
    super::organizer::account(&app, "other@un.org", app::domain::Role::Organizer, &[]).await;
    let other = signed_in(&app, "other@un.org").await;
    assert_eq!(other.get(app.url(&path)).send().await.unwrap().status(), 404);

    // Training A's registrations are erased (retention): Amina came to nothing else, so she
    // can no longer be linked; the year's figures stay as they were.
    app.exec("UPDATE events SET retention_days = 0 WHERE slug = 'ntp-a'").await;
    app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE erased_at IS NOT NULL").await, 3);
    let t = activity(&app, &token).await;
    assert_eq!(figures(&t, Some("NTP")), (5, 4));
    assert_eq!(figures(&t, Some("webinar")), (3, 3));
    assert_eq!(figures(&t, None), (8, 5));
    assert_eq!(app.count("SELECT COUNT(*) FROM person_merges").await, 1, "Sita's merge stays: both addresses still registered");

    // Erasing again changes nothing; erasing Sita's webinar registration drops her merge.
    app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(figures(&activity(&app, &token).await, None), (8, 5));
    app.exec("UPDATE events SET retention_days = 0 WHERE slug = 'webinar'").await;
    app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM person_merges").await, 0, "no erased address is kept in a merge");
    let t = activity(&app, &token).await;
    assert_eq!(figures(&t, Some("webinar")), (3, 3));
    assert_eq!(figures(&t, None), (8, 5));
}
