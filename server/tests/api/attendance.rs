//! Webinar attendance from the platforms' own reports (`fixtures/attendance/`): every format
//! read and matched (email, then exact name), the minutes recorded and the threshold applied,
//! the same file twice changing nothing and another day's report adding that day; the back
//! office's upload, preview, hand matching and walk-ins without JavaScript; bad files and
//! choices refused beside their fields; other organizers kept out.
use super::{
    helpers::{TestApp, location, person},
    organizer::{account, post, signed_in},
};
use app::domain::Role;
use serde_json::Value;

/// 2026-12-03 09:00 and 10:30 UTC: the fixtures' webinar.
const STARTS: i64 = 1_796_288_400;
const ENDS: i64 = 1_796_293_800;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../fixtures/attendance/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The webinar on the fixtures' day, and the six registered people of the fixtures (Juan
/// Pérez is not registered; Olga registered with her work address, the reports give another).
async fn webinar(app: &TestApp, ends: i64) {
    app.add_event(super::helpers::EventSpec::default()).await;
    for (given, family, email, country) in [
        ("伟", "李", "li.wei@ndrc.gov.cn", "CN"),
        ("Pema", "Wangchuk", "pema.wangchuk@mof.gov.bt", "BT"),
        ("أمينة", "حداد", "amina.haddad@mofa.gov.jo", "JO"),
        ("सीता", "शर्मा", "sita.sharma@npc.gov.np", "NP"),
        ("Ольга", "Иванова", "olga.ivanova@minec.gov.ru", "RU"),
        ("สมชาย", "กิตติ", "somchai.k@mof.go.th", "TH"),
    ] {
        let mut p = person(email, &[]);
        p["given_name"] = given.into();
        p["family_name"] = family.into();
        p["country"] = country.into();
        let r = app.register_api("forum", &p).await;
        assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    }
    // They confirmed their addresses and have seats; the webinar is on the fixtures' day.
    app.exec(&format!("UPDATE events SET timezone = 'UTC', starts_at = {STARTS}, ends_at = {ends}")).await;
    app.exec(&format!(
        "UPDATE registrations SET status = 'confirmed', email_confirmed_at = {STARTS}, confirmed_at = {STARTS}, expires_at = NULL"
    ))
    .await;
}

async fn upload_api(app: &TestApp, token: &str, file: &str, query: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/events/forum/attendance{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(fixture(file))
        .send()
        .await
        .unwrap()
}

/// Minutes recorded per email, for day `scope`.
async fn minutes(app: &TestApp, scope: i64) -> Vec<(String, i64)> {
    let rows: Vec<String> = app
        .column(&format!(
            "SELECT r.email || '=' || CAST(o.minutes AS TEXT) FROM online_attendance o JOIN registrations r ON r.id = o.registration_id
             WHERE o.scope = {scope} ORDER BY r.email"
        ))
        .await;
    rows.iter()
        .map(|r| {
            let (e, m) = r.split_once('=').unwrap();
            (e.to_owned(), m.parse().unwrap())
        })
        .collect()
}

fn expected() -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = [
        ("li.wei@ndrc.gov.cn", 92),
        ("pema.wangchuk@mof.gov.bt", 89),
        ("amina.haddad@mofa.gov.jo", 85),
        ("sita.sharma@npc.gov.np", 85),
        ("olga.ivanova@minec.gov.ru", 75),
        ("somchai.k@mof.go.th", 10),
    ]
    .into_iter()
    .map(|(e, m)| (e.to_owned(), m))
    .collect();
    v.sort();
    v
}

#[tokio::test]
async fn every_platform_format_is_matched_by_email_then_name_and_recorded_once() {
    for (file, platform) in [
        ("zoom_webinar_attendee_report.csv", "zoom_webinar"),
        ("zoom_meeting_participants.csv", "zoom_meeting"),
        ("teams_attendance_report.csv", "teams"),
        ("teams_attendance_report_legacy.csv", "teams"),
    ] {
        let app = TestApp::spawn().await;
        let (_, token) = app.admin_client().await;
        webinar(&app, ENDS).await;

        // The preview keeps nothing.
        let r = upload_api(&app, &token, file, "?dry_run=1").await;
        assert_eq!(r.status(), 200, "{file}");
        let preview: Value = r.json().await.unwrap();
        assert_eq!(preview["platform"], platform, "{file}");
        assert_eq!(preview["day"], "2026-12-03");
        assert_eq!((preview["saved"].as_bool(), preview["matched"].as_u64()), (Some(false), Some(6)), "{file}: {preview}");
        let unmatched: Vec<&str> = preview["unmatched"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
        assert_eq!(unmatched, ["juan.perez@minhacienda.gob.pe"], "{file}");
        let olga = preview["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Ольга Иванова").unwrap();
        assert!(olga["found"].get("Name").is_some(), "{file}: Olga matches by her exact name: {olga}");
        assert_eq!(app.count("SELECT COUNT(*) FROM attendance_reports").await, 0, "{file}: a dry run keeps nothing");

        // Saved: each person's minutes for the day; five over the 30-minute threshold attended.
        let r = upload_api(&app, &token, file, "").await;
        assert_eq!(r.status(), 200);
        let saved: Value = r.json().await.unwrap();
        assert_eq!((saved["saved"].as_bool(), saved["attended"].as_u64()), (Some(true), Some(5)), "{file}: {saved}");
        assert_eq!(minutes(&app, 0).await, expected(), "{file}");
        assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE attended").await, 5, "{file}");
        assert_eq!(app.count("SELECT COUNT(*) FROM attendance_reports WHERE rows IS NOT NULL").await, 0, "{file}: names not kept twice");

        // The same file again changes nothing.
        let before = app.count("SELECT COUNT(*) FROM audit_log").await;
        let r = upload_api(&app, &token, file, "").await;
        assert_eq!(r.status(), 200);
        assert_eq!(minutes(&app, 0).await, expected(), "{file}");
        assert_eq!(app.count("SELECT COUNT(*) FROM attendance_reports").await, 1, "{file}: one report");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, before, "{file}: nothing written");
    }
}

#[tokio::test]
async fn the_threshold_decides_who_attended_and_the_event_report_counts_them() {
    let app = TestApp::spawn().await;
    let (admin, token) = app.admin_client().await;
    webinar(&app, ENDS).await;
    assert_eq!(upload_api(&app, &token, "teams_attendance_report.csv", "").await.status(), 200);
    let report = |app: &TestApp| {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/events/forum/report"), token.clone());
        async move { client.get(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(report(&app).await["states"]["attended"], 5);

    let r = post(&admin, &app, "/admin/events/forum/attendance/threshold", "threshold=86").await;
    assert_eq!(location(&r), "/admin/events/forum/attendance?done=saved");
    // 92, 89 (Li Wei, Pema) stay; 85, 85, 75 and 10 fall below.
    assert_eq!(report(&app).await["states"]["attended"], 2);
    let r = post(&admin, &app, "/admin/events/forum/attendance/threshold", "threshold=5").await;
    assert_eq!(r.status(), 303);
    assert_eq!(report(&app).await["states"]["attended"], 6);

    // A desk check-in stands whatever the threshold.
    let somchai: i64 = app.value("SELECT id FROM registrations WHERE email = 'somchai.k@mof.go.th'").await;
    app.exec(&format!("DELETE FROM checkins WHERE registration_id = {somchai}")).await;
    app.exec(&format!("INSERT INTO checkins (registration_id, session_id, at) VALUES ({somchai}, 0, {STARTS})")).await;
    let r = post(&admin, &app, "/admin/events/forum/attendance/threshold", "threshold=60").await;
    assert_eq!(r.status(), 303);
    assert_eq!(report(&app).await["states"]["attended"], 6, "five online over an hour, and Somchai checked in at the desk");

    // Bad thresholds are refused beside the field, the value kept.
    let r = post(&admin, &app, "/admin/events/forum/attendance/threshold", "threshold=half+an+hour").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="threshold-error""#) && html.contains("Enter a whole number of minutes from 1 to 1440."), "{html}");
    assert!(html.contains(r#"value="half an hour""#));
    assert_eq!(app.value::<i64>("SELECT attendance_minutes FROM events").await, 60);
}

#[tokio::test]
async fn a_second_day_adds_to_the_first_and_a_report_needs_a_day_of_the_event() {
    let app = TestApp::spawn().await;
    let (_, token) = app.admin_client().await;
    // Two days: 3 and 4 December.
    webinar(&app, ENDS + 86_400).await;
    assert_eq!(upload_api(&app, &token, "zoom_webinar_attendee_report.csv", "").await.status(), 200);
    assert_eq!(minutes(&app, -1).await, expected(), "the report's date is day 1");
    // The second day's report (here: another export, named day 2).
    assert_eq!(upload_api(&app, &token, "zoom_meeting_participants.csv", "?day=2").await.status(), 200);
    assert_eq!(minutes(&app, -2).await, expected());
    assert_eq!(minutes(&app, -1).await, expected(), "day 1 is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM checkins WHERE minutes IS NOT NULL").await, 10);

    // A report whose date is not a day of the event.
    app.exec(&format!("UPDATE events SET starts_at = {}, ends_at = {}", STARTS + 7 * 86_400, ENDS + 7 * 86_400)).await;
    let r = upload_api(&app, &token, "teams_attendance_report.csv", "").await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"]["file"], "wrong_day");
    let r = upload_api(&app, &token, "teams_attendance_report.csv", "?day=9").await;
    assert_eq!(r.status(), 422, "{}", r.text().await.unwrap());
}

#[tokio::test]
async fn an_organizer_reviews_a_report_matches_by_hand_and_adds_a_walk_in_without_javascript() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.admin_client().await;
    webinar(&app, ENDS).await;
    // A second "Ольга Иванова" makes the name ambiguous.
    app.exec(
        "INSERT INTO registrations (public_id, event_id, given_name, family_name, email, email_norm, country, organization,
             organization_type, job_title, language, consent_at, status, created_at, updated_at, checkin_code)
         SELECT 'twin', event_id, given_name, family_name, 'o.ivanova@economy.gov.ru', 'o.ivanova@economy.gov.ru', country,
             organization, organization_type, job_title, language, consent_at, status, created_at, updated_at, 'TWIN0001'
         FROM registrations WHERE email = 'olga.ivanova@minec.gov.ru'",
    )
    .await;

    let page = admin.get(app.url("/admin/events/forum")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/admin/events/forum/attendance"), "the event page links to attendance");

    // Not a report: refused beside the file field.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"given_name,family_name,email\nAna,Reyes,ana@x.org\n".to_vec()).file_name("list.csv"),
    );
    let r =
        admin.post(app.url("/admin/events/forum/attendance")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="file-error""#) && html.contains("not an attendance report Plenary knows"), "{html}");

    // The Zoom webinar report: kept for review, nothing recorded yet.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(fixture("zoom_webinar_attendee_report.csv")).file_name("report.csv"));
    let r =
        admin.post(app.url("/admin/events/forum/attendance")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let preview_path = location(&r);
    let id: i64 = app.value("SELECT id FROM attendance_reports").await;
    assert_eq!(preview_path, format!("/admin/events/forum/attendance/{id}"));
    assert_eq!(app.count("SELECT COUNT(*) FROM online_attendance").await, 0);

    let html = admin.get(app.url(&preview_path)).send().await.unwrap().text().await.unwrap().replace("<!>", "");
    assert!(html.contains("5 matched, 1 with several possible registrations, 1 not matched."), "{html}");
    for name in ["李伟", "أمينة حداد", "सीता शर्मा", "สมชาย กิตติ", "Juan Pérez"] {
        assert!(html.contains(name), "{name} is listed");
    }
    // Row 4 is Olga (ambiguous), row 5 Juan (a walk-in candidate, his country from the report).
    assert!(html.contains(r#"<option value="walk_in">"#));
    assert!(html.contains(r#"<option value="PE" selected"#), "Peru preselected for Juan");

    // A walk-in without a country is refused beside its row, the choices kept.
    let olga: i64 = app.value("SELECT id FROM registrations WHERE email = 'olga.ivanova@minec.gov.ru'").await;
    let r = post(&admin, &app, &preview_path, &format!("row.4={olga}&row.5=walk_in&country.5=")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap().replace("<!>", "");
    assert!(html.contains(r#"id="row-5-error""#), "{html}");
    assert!(html.contains("Choose the walk-in&#x27;s country.") || html.contains("Choose the walk-in's country."), "{html}");
    assert!(html.contains(&format!(r#"<option value="{olga}" selected"#)), "the hand match is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM online_attendance").await, 0, "nothing saved");

    let r = post(&admin, &app, &preview_path, &format!("row.4={olga}&row.5=walk_in&country.5=PE")).await;
    assert_eq!(location(&r), "/admin/events/forum/attendance?done=attendance_saved");
    assert_eq!(app.count("SELECT COUNT(*) FROM online_attendance").await, 7);
    let juan: String = app
        .value("SELECT country || ' ' || status || ' ' || CASE WHEN attended THEN 'attended' ELSE 'absent' END FROM registrations WHERE email = 'juan.perez@minhacienda.gob.pe'")
        .await;
    assert_eq!(juan, "PE confirmed attended", "the walk-in counts in the tallies, as attended");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM online_attendance WHERE registration_id = {olga} AND minutes = 75")).await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id WHERE r.email LIKE 'juan%'").await,
        0,
        "a walk-in gets no email for a webinar that is over"
    );
    let audit = app.value::<String>("SELECT detail FROM audit_log WHERE action = 'attendance.save'").await;
    assert!(audit.contains("7 people recorded, 1 walk-ins"), "{audit}");

    // The report is listed as saved; uploading the same file again changes nothing.
    let html = admin.get(app.url("/admin/events/forum/attendance")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Zoom webinar attendee report") && html.contains("Saved"), "{html}");
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(fixture("zoom_webinar_attendee_report.csv")).file_name("report.csv"));
    let r =
        admin.post(app.url("/admin/events/forum/attendance")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(location(&r), format!("{preview_path}?done=already_saved"));
    assert_eq!(app.count("SELECT COUNT(*) FROM attendance_reports").await, 1);
}

#[tokio::test]
async fn only_the_events_organizers_may_upload_or_see_attendance() {
    let app = TestApp::spawn().await;
    let (_, token) = app.admin_client().await;
    webinar(&app, ENDS).await;
    assert_eq!(upload_api(&app, &token, "zoom_meeting_participants.csv", "?dry_run=1").await.status(), 200);
    account(&app, "other@un.org", Role::Organizer, &[]).await;
    account(&app, "desk@un.org", Role::Checkin, &["forum"]).await;
    for who in ["other@un.org", "desk@un.org"] {
        let client = signed_in(&app, who).await;
        let r = client.get(app.url("/admin/events/forum/attendance")).send().await.unwrap();
        assert!(matches!(r.status().as_u16(), 403 | 404), "{who}: {}", r.status());
        let r = post(&client, &app, "/admin/events/forum/attendance/threshold", "threshold=1").await;
        assert!(matches!(r.status().as_u16(), 303 | 403 | 404), "{who}");
        assert_eq!(app.value::<i64>("SELECT attendance_minutes FROM events").await, 30, "{who} changed nothing");
    }
    let r =
        app.client.post(app.url("/api/v1/events/forum/attendance")).body(fixture("zoom_meeting_participants.csv")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}
