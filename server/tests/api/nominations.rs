//! Nominations through focal points: seats per country under concurrency (two focal points'
//! nominees racing for their country's last seat get one, and without the lock the same race
//! overbooks), what a focal point's link lets them see and change, the nomination letter
//! (PDF only, 10 MB at most, served to organizers and that focal point alone), the quotas API,
//! and personal invitations to an invitation-only event.
use super::{
    helpers::{EventSpec, TestApp, enc, location},
    organizer::{account, post, signed_in},
};
use app::{context::Faults, domain::Role};
use serde_json::{Value, json};

/// A nomination form for `email` (the country sent is ignored: the focal point's is used).
fn nominee(email: &str) -> String {
    format!(
        "given_name=Karma&family_name=Wangchuk&email={}&country=FR&organization=Ministry+of+Foreign+Affairs\
         &organization_type=government&job_title=Director&consent=on&language=en",
        enc(email)
    )
}

/// POSTs a form to a public address, as a browser on this site does.
async fn submit(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    post(&app.client, app, path, body).await
}

/// Names a focal point for `country` through the back office; returns their link's path.
async fn focal_point(app: &TestApp, admin: &reqwest::Client, slug: &str, country: &str, email: &str) -> String {
    let body =
        format!("focal.country={country}&focal.name=Focal+{country}&focal.email={}&focal.ministry=MFA&focal.language=en", enc(email));
    let r = post(admin, app, &format!("/admin/events/{slug}/focal-points"), &body).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let mail = app.smtp.wait_for(email, "Nominate").await;
    let link = mail.link("nominate").expect("the email carries the nomination link");
    link[link.find("/nominate/").unwrap()..].to_owned()
}

async fn public_id(app: &TestApp, email: &str) -> String {
    app.value(&format!("SELECT public_id FROM registrations WHERE email = '{email}' AND status <> 'cancelled'")).await
}

async fn status(app: &TestApp, email: &str) -> String {
    app.value(&format!("SELECT status FROM registrations WHERE email = '{email}' ORDER BY id DESC LIMIT 1")).await
}

#[tokio::test]
async fn focal_points_nominate_within_their_countrys_seats_and_organizers_approve_each_nominee() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "visit", capacity: Some(15), ..EventSpec::default() }).await;
    let (admin, token) = app.admin_client().await;
    let api = |method: reqwest::Method, body: Option<Value>| {
        let mut r = app.client.request(method, app.url("/api/v1/events/visit/quotas")).bearer_auth(&token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send()
    };
    // Bad keys are named; nothing is saved.
    let bad = api(reqwest::Method::PUT, Some(json!({"XX": 1, "BT": -1, "total": "many"}))).await.unwrap();
    assert_eq!(bad.status(), 422);
    let errors: Value = bad.json().await.unwrap();
    assert_eq!(errors["errors"], json!({"XX": "unknown_country", "BT": "invalid_number", "total": "invalid_number"}));
    let set: Value = api(reqwest::Method::PUT, Some(json!({"BT": 2, "BD": 1, "total": 3}))).await.unwrap().json().await.unwrap();
    assert_eq!(set["countries"]["BT"]["seats"], 2);
    assert_eq!(set["total"], 3);

    let bt = focal_point(&app, &admin, "visit", "BT", "focal@mfa.gov.bt").await;
    let bd = focal_point(&app, &admin, "visit", "BD", "focal@mofa.gov.bd").await;
    let page = app.get(&bt).await.text().await.unwrap();
    assert!(page.contains("Seats for Bhutan: 2"), "the focal point sees their country's seats");

    assert_eq!(location(&submit(&app, &bt, &nominee("one@gov.bt")).await), format!("{bt}?done=nominated#nominees"));
    assert_eq!(submit(&app, &bt, &nominee("two@gov.bt")).await.status(), 303);
    let full = submit(&app, &bt, &nominee("three@gov.bt")).await;
    assert_eq!(full.status(), 422, "Bhutan's two seats are taken");
    let page = full.text().await.unwrap();
    assert!(
        page.contains("All seats for nominees of this country are taken") && page.contains("value=\"three@gov.bt\""),
        "refused, values kept"
    );
    assert_eq!(
        app.value::<String>("SELECT country FROM registrations WHERE email = 'one@gov.bt'").await,
        "BT",
        "the focal point's country"
    );
    assert_eq!(submit(&app, &bd, &nominee("one@gov.bd")).await.status(), 303);

    // A focal point sees only their own nominees and can change only theirs.
    let bd_page = app.get(&bd).await.text().await.unwrap();
    assert!(bd_page.contains("one@gov.bd") && !bd_page.contains("one@gov.bt"), "Bangladesh's page shows no Bhutanese nominee");
    let theirs = public_id(&app, "one@gov.bt").await;
    assert_eq!(submit(&app, &format!("{bd}/withdraw"), &format!("nominee={theirs}")).await.status(), 404);
    assert_eq!(status(&app, "one@gov.bt").await, "awaiting_email_confirmation");
    assert_eq!(app.get(&format!("{bd}x")).await.status(), 404, "a made-up link opens nothing");

    // The nominee confirms their address and waits for the organizers, though the event
    // itself asks no approval.
    let mail = app.smtp.wait_for("one@gov.bt", "confirm").await;
    assert!(mail.decoded().contains("as a nominee"));
    app.follow(&mail.link("confirm").unwrap()).await;
    assert_eq!(status(&app, "one@gov.bt").await, "awaiting_approval");
    let reg: i64 = app.value("SELECT id FROM registrations WHERE email = 'one@gov.bt'").await;
    let table = admin.get(app.url("/admin/events/visit/registrations")).send().await.unwrap().text().await.unwrap();
    assert!(table.contains("Nominated by") && table.contains("Focal BT, MFA"), "the table names the nominating focal point");
    assert_eq!(post(&admin, &app, &format!("/admin/registrations/{reg}/approve"), "").await.status(), 303);
    assert_eq!(status(&app, "one@gov.bt").await, "confirmed");

    // Replacing a nominee when the seats are full: the old one is withdrawn in the same step.
    let two = public_id(&app, "two@gov.bt").await;
    let replaced = submit(&app, &bt, &format!("{}&replace={two}", nominee("four@gov.bt"))).await;
    assert_eq!(replaced.status(), 303);
    assert_eq!(status(&app, "two@gov.bt").await, "cancelled");
    assert_eq!(status(&app, "four@gov.bt").await, "awaiting_email_confirmation");
    // A refused replacement withdraws nobody.
    let four = public_id(&app, "four@gov.bt").await;
    let refused = submit(&app, &bt, &format!("{}&replace={four}", nominee("not-an-address"))).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(status(&app, "four@gov.bt").await, "awaiting_email_confirmation");
    // Withdrawing frees the seat.
    assert_eq!(submit(&app, &format!("{bt}/withdraw"), &format!("nominee={four}")).await.status(), 303);
    assert_eq!(status(&app, "four@gov.bt").await, "cancelled");
    app.smtp.wait_for("four@gov.bt", "cancelled").await;
    let logged = app.column::<String>("SELECT action || ' ' || actor FROM audit_log WHERE action LIKE 'nomination.%' ORDER BY id").await;
    assert_eq!(logged.len(), 6, "four nominations, a replacement's withdrawal and a withdrawal: {logged:?}");
    assert!(logged.iter().all(|l| l.contains(" focal point ")), "by focal point number, no name or address: {logged:?}");

    // The report per country, with an attendee checked in.
    assert_eq!(post(&admin, &app, &format!("/admin/registrations/{reg}/checkin"), "").await.status(), 303);
    let report: Value = api(reqwest::Method::GET, None).await.unwrap().json().await.unwrap();
    assert_eq!(report["countries"]["BT"], json!({"seats": 2, "nominated": 1, "approved": 1, "attended": 1}));
    assert_eq!(report["countries"]["BD"], json!({"seats": 1, "nominated": 1, "approved": 0, "attended": 0}));
    let printed = admin.get(app.url("/admin/events/visit/report")).send().await.unwrap().text().await.unwrap();
    assert!(printed.contains("Nominations by country"));

    // Seats cannot go below what nominees hold.
    let below = post(&admin, &app, "/admin/events/visit/nominations", "closes=&total=&country.0=BT&seats.0=0&country.1=BD&seats.1=1").await;
    assert_eq!(below.status(), 422);
    assert!(below.text().await.unwrap().contains("More nominees hold seats than this"));

    // Once nominations close, the link opens only that news, and nominates nobody.
    let closed = post(&admin, &app, "/admin/events/visit/nominations", "closes=2020-01-01T09%3A00&total=3&country.0=BT&seats.0=2").await;
    assert_eq!(closed.status(), 303);
    let page = app.get(&bt).await.text().await.unwrap();
    assert!(page.contains("closed on") && !page.contains("one@gov.bt"), "the closed link shows no nominee");
    submit(&app, &bt, &nominee("late@gov.bt")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE email = 'late@gov.bt'").await, 0);
}

/// Two focal points of one country each send `per_focal` nominations at once for a country
/// with `seats` of which `held` are taken; returns the nominations accepted.
async fn race(app: &TestApp, seats: i64, held: usize, per_focal: usize) -> usize {
    app.add_event(EventSpec { slug: "visit", ..EventSpec::default() }).await;
    let (admin, token) = app.admin_client().await;
    let r = app.client.put(app.url("/api/v1/events/visit/quotas")).bearer_auth(&token).json(&json!({ "BT": seats })).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let links = [
        focal_point(app, &admin, "visit", "BT", "first@mfa.gov.bt").await,
        focal_point(app, &admin, "visit", "BT", "second@mfa.gov.bt").await,
    ];
    for i in 0..held {
        assert_eq!(submit(app, &links[0], &nominee(&format!("held{i}@gov.bt"))).await.status(), 303);
    }
    let handles: Vec<_> = (0..per_focal)
        .flat_map(|i| links.iter().enumerate().map(move |(f, link)| (i, f, link.clone())))
        .map(|(i, f, link)| {
            let (client, url, body) = (app.client.clone(), app.url(&link), nominee(&format!("racer{f}-{i}@gov.bt")));
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(handles).await.into_iter().map(Result::unwrap).collect();
    assert!(statuses.iter().all(|s| *s == 303 || *s == 422), "only accepted or refused: {statuses:?}");
    statuses.iter().filter(|s| **s == 303).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_focal_points_racing_for_their_countrys_last_seat_get_one() {
    let app = TestApp::spawn().await;
    let accepted = race(&app, 3, 2, 20).await;
    assert_eq!(accepted, 1, "one of forty nominations takes the last seat");
    let held = app
        .count("SELECT COUNT(*) FROM registrations WHERE nominated_by IS NOT NULL AND status IN ('awaiting_email_confirmation', 'awaiting_approval', 'confirmed', 'waitlisted')")
        .await;
    assert_eq!(held, 3, "never more nominees than seats");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_lock_the_same_race_exceeds_the_quota() {
    // Exceeding needs two nominations in one write batch across the last seat; on a busy
    // machine the batches can come small, so up to five races.
    let mut seen = Vec::new();
    for _ in 0..5 {
        let app = TestApp::spawn_with(Faults { no_seat_lock: true }).await;
        let accepted = race(&app, 3, 0, 20).await;
        seen.push(accepted);
        if accepted > 3 {
            eprintln!("without the lock: {accepted} of 40 nominations accepted for 3 seats (races: {seen:?})");
            return;
        }
    }
    panic!("the race never exceeded the quota without the lock: accepted {seen:?}; the race test cannot see a race");
}

/// A tiny but well-formed PDF.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

async fn upload(app: &TestApp, link: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    app.client.post(app.url(&format!("{link}/letter"))).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn a_nomination_letter_is_a_pdf_of_at_most_ten_megabytes_seen_only_by_organizers_and_its_focal_point() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "visit", ..EventSpec::default() }).await;
    app.add_event(EventSpec { slug: "other", ..EventSpec::default() }).await;
    let (admin, _) = app.admin_client().await;
    let bt = focal_point(&app, &admin, "visit", "BT", "focal@mfa.gov.bt").await;
    let np = focal_point(&app, &admin, "visit", "NP", "focal@mofa.gov.np").await;

    let word = upload(&app, &bt, "letter.docx", b"PK\x03\x04 a word document".to_vec()).await;
    assert_eq!(word.status(), 422);
    assert!(word.text().await.unwrap().contains("This file is not a PDF"));
    let mut huge = pdf();
    huge.resize(10 * 1024 * 1024 + 1, b' ');
    huge.extend_from_slice(b"\n%%EOF\n");
    let big = upload(&app, &bt, "letter.pdf", huge).await;
    assert!(big.status() == 413 || big.status() == 422, "{}", big.status());
    assert!(big.text().await.unwrap().contains("larger than 10 MB"));
    assert_eq!(app.count("SELECT COUNT(*) FROM nomination_letters").await, 0);

    let ok = upload(&app, &bt, "Note Verbale 12-2026.pdf", pdf()).await;
    assert_eq!(location(&ok), format!("{bt}?done=letter_kept#letter"));
    let own = app.get(&format!("{bt}/letter.pdf")).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers()["content-type"], "application/pdf");
    assert!(own.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(own.bytes().await.unwrap().to_vec(), pdf());
    assert_eq!(app.get(&format!("{np}/letter.pdf")).await.status(), 404, "another focal point has no letter of theirs");

    let id: i64 = app.value("SELECT focal_point_id FROM nomination_letters").await;
    let path = format!("/admin/events/visit/focal-points/{id}/letter.pdf");
    assert_eq!(admin.get(app.url(&path)).send().await.unwrap().bytes().await.unwrap().to_vec(), pdf(), "the organizers read it");
    assert_eq!(app.get(&path).await.status(), 303, "without signing in: to the sign-in page");
    account(&app, "stranger@un.org", Role::Organizer, &["other"]).await;
    let stranger = signed_in(&app, "stranger@un.org").await;
    assert_eq!(stranger.get(app.url(&path)).send().await.unwrap().status(), 404, "an organizer of another event");
    let wrong_event = format!("/admin/events/other/focal-points/{id}/letter.pdf");
    assert_eq!(admin.get(app.url(&wrong_event)).send().await.unwrap().status(), 404, "not through another event's address");
    let nominations = admin.get(app.url("/admin/events/visit/nominations")).send().await.unwrap().text().await.unwrap();
    assert!(nominations.contains("Note_Verbale_12-2026.pdf") || nominations.contains("NoteVerbale12-2026.pdf"));
}

#[tokio::test]
async fn an_invitation_only_event_takes_only_people_with_their_personal_link() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "visit", ..EventSpec::default() }).await;
    app.exec("UPDATE events SET visibility = 'invitation' WHERE slug = 'visit'").await;
    let (admin, _) = app.admin_client().await;
    // Nobody without a link.
    let r = app.register_api("visit", &super::helpers::person("walkin@example.org", &[])).await;
    assert!(r.status() == 409 || r.status() == 404, "{}", r.status());
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0);

    let csv = "Given name,Family name,Email,Country,Organisation,Type,Job title\n\
               Sonam,Dorji,sonam@gov.bt,BT,Ministry of Finance,government,Director\n\
               Ana,Reyes,ana@dfa.gov.ph,PH,Department of Foreign Affairs,government,Adviser\n";
    let r = post(&admin, &app, "/admin/events/visit/import", &format!("csv={}&commit=invite", enc(csv))).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0, "an invitation registers nobody by itself");
    let link = app.smtp.wait_for("sonam@gov.bt", "Invitation").await.link("invited").unwrap();
    let path = link[link.find("/invited/").unwrap()..].to_owned();
    let form = app.get(&path).await.text().await.unwrap();
    assert!(form.contains("value=\"Sonam\"") && form.contains("value=\"sonam@gov.bt\""), "the form is filled in");

    // The invited address: registered and confirmed at once (the link proved the address).
    let body = "given_name=Sonam&family_name=Dorji&email=sonam%40gov.bt&country=BT&organization=Ministry+of+Finance\
                &organization_type=government&job_title=Director&consent=on&language=en";
    let done = submit(&app, &path, body).await;
    assert!(location(&done).starts_with("/manage/") && location(&done).ends_with("?done=confirmed"), "{}", location(&done));
    assert_eq!(status(&app, "sonam@gov.bt").await, "confirmed");
    assert!(app.get(&path).await.text().await.unwrap().contains("You are registered with this invitation"));
    submit(&app, &path, &body.replace("sonam%40", "other%40")).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 1, "one registration per invitation");

    // Another address: it confirms as on the public form.
    let link = app.smtp.wait_for("ana@dfa.gov.ph", "Invitation").await.link("invited").unwrap();
    let path = link[link.find("/invited/").unwrap()..].to_owned();
    let other = "given_name=Ana&family_name=Reyes&email=ana.reyes%40gmail.com&country=PH&organization=DFA\
                 &organization_type=government&job_title=Adviser&consent=on&language=en";
    assert_eq!(location(&submit(&app, &path, other).await), "/events/visit/registered");
    assert_eq!(status(&app, "ana.reyes@gmail.com").await, "awaiting_email_confirmation");
    app.smtp.wait_for("ana.reyes@gmail.com", "confirm").await;
}

#[tokio::test]
async fn past_its_retention_period_an_event_keeps_no_letter_invitation_or_focal_points_name() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "visit", ..EventSpec::default() }).await;
    let (admin, _) = app.admin_client().await;
    let bt = focal_point(&app, &admin, "visit", "BT", "focal@mfa.gov.bt").await;
    assert_eq!(upload(&app, &bt, "letter.pdf", pdf()).await.status(), 303);
    assert_eq!(submit(&app, &bt, &nominee("one@gov.bt")).await.status(), 303);
    let csv = "Given name,Family name,Email,Country,Organisation,Type,Job title\nSonam,Dorji,sonam@gov.bt,BT,MoF,government,Director\n";
    assert_eq!(post(&admin, &app, "/admin/events/visit/import", &format!("csv={}&commit=invite", enc(csv))).await.status(), 303);
    let left = || async {
        (
            app.count("SELECT COUNT(*) FROM nomination_letters").await,
            app.count("SELECT COUNT(*) FROM event_invitations").await,
            app.count("SELECT COUNT(*) FROM focal_points WHERE name <> '' OR email <> '' OR token_hash IS NOT NULL").await,
        )
    };
    app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(left().await, (1, 1, 1), "kept while the event's data is kept");
    app.exec("UPDATE events SET starts_at = 0, ends_at = 3600, retention_days = 0 WHERE slug = 'visit'").await;
    app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();
    assert_eq!(left().await, (0, 0, 0), "letters, invitations and who the focal points were are gone");
    assert_eq!(app.value::<String>("SELECT country FROM focal_points").await, "BT", "the country stays for the counts");
    assert_eq!(app.get(&bt).await.status(), 404, "the link opens nothing");
}
