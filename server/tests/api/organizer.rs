//! The organizer's back office over HTTP: sign-in, rights per event (an access matrix), the
//! cross-site refusal on every state-changing route, approvals, capacity changes, check-in.
use super::helpers::{EventSpec, TestApp, eventually, location, person};
use app::{
    accounts::ssr::service::{NewUser, create_api_token, create_user},
    domain::Role,
};
use reqwest::{Client, redirect::Policy};

pub(crate) const PASSWORD: &str = "a long enough passphrase";

pub(crate) async fn account(app: &TestApp, email: &str, role: Role, events: &[&str]) {
    let user = NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        role,
        events: events.iter().map(|s| s.to_string()).collect(),
        all_events: false,
        password: Some(PASSWORD.into()),
    };
    create_user(&app.state.ctx(), None, user).await.unwrap();
}

/// A browser-like client signed in as `email` (cookie kept), sending same-origin headers.
pub(crate) async fn signed_in(app: &TestApp, email: &str) -> Client {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).timeout(super::helpers::RESPONSE_WAIT).build().unwrap();
    let r = client
        .post(app.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(format!("email={}&password={}", email.replace('@', "%40"), PASSWORD.replace(' ', "+")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "sign-in of {email}");
    client
}

pub(crate) async fn post(client: &Client, app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// A registration through the public API, confirmed through its emailed link.
async fn confirmed_registration(app: &TestApp, slug: &str, email: &str) -> i64 {
    assert_eq!(app.register_api(slug, &person(email, &[])).await.status(), 202);
    let mail = app.smtp.wait_for(email, "confirm").await;
    let link = mail.link("confirm").unwrap();
    app.follow(&link).await;
    app.count(&format!("SELECT id FROM registrations WHERE email = '{email}'")).await
}

#[tokio::test]
async fn sign_in_refuses_alike_throttles_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    account(&app, "admin@un.org", Role::Admin, &[]).await;
    let wrong = |email: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/admin/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("email={email}&password=wrong+password+here"))
                .send()
                .await
                .unwrap()
        }
    };
    let known = wrong("admin%40un.org").await;
    assert_eq!(known.status(), 401);
    let known_text = known.text().await.unwrap();
    let unknown = wrong("nobody%40un.org").await;
    assert_eq!(unknown.status(), 401);
    let unknown_text = unknown.text().await.unwrap();
    assert!(known_text.contains("The email address or the password is not right."));
    // The pages differ only in the address typed (kept in the field) and the script nonce.
    let strip = |page: &str, email: &str| {
        regex::Regex::new(r#"nonce="[^"]+"|crossorigin="[^"]+""#).unwrap().replace_all(&page.replace(email, ""), "").into_owned()
    };
    assert_eq!(strip(&known_text, "admin@un.org"), strip(&unknown_text, "nobody@un.org"), "the answer does not say which part was wrong");
    for _ in 0..4 {
        wrong("admin%40un.org").await;
    }
    assert_eq!(wrong("admin%40un.org").await.status(), 429, "the sixth try within 15 minutes is refused");

    let other = TestApp::spawn().await;
    account(&other, "admin@un.org", Role::Admin, &[]).await;
    let client = signed_in(&other, "admin@un.org").await;
    assert_eq!(client.get(other.url("/admin")).send().await.unwrap().status(), 200);
    assert_eq!(post(&client, &other, "/admin/logout", "").await.status(), 303);
    assert_eq!(other.count("SELECT COUNT(*) FROM auth_sessions").await, 0, "the session ended on the server");
    let after = client.get(other.url("/admin")).send().await.unwrap();
    let status = after.status();
    let loc = after.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    let body = after.text().await.unwrap();
    assert!(
        status.is_redirection(),
        "signed out: the back office sends to sign-in, got {status} {loc:?} {}",
        body.split("<main").nth(1).unwrap_or("")
    );
}

#[tokio::test]
async fn an_organizer_sets_up_an_event_with_sessions_publishes_it_and_approves_registrations() {
    let app = TestApp::spawn().await;
    account(&app, "org@un.org", Role::Organizer, &[]).await;
    let org = signed_in(&app, "org@un.org").await;
    // A bad form comes back with the values kept and errors beside the fields.
    let bad = post(&org, &app, "/admin/events", "title=Study+visit&slug=Bad+Slug&kind=study_visit&timezone=Europe%2FTallinn&starts_at=2099-06-07T09%3A00&ends_at=2099-06-01T17%3A00&city=Tallinn").await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(page.contains("id=\"slug-error\"") && page.contains("id=\"ends_at-error\""), "errors beside slug and end: {page}");
    assert!(page.contains("value=\"Study visit\""), "typed values kept");

    let form = "title=Study+visit+on+e-government&slug=study-visit&kind=study_visit&timezone=Europe%2FTallinn&starts_at=2099-06-07T09%3A00&ends_at=2099-06-11T17%3A00&city=Tallinn&capacity=2&requires_approval=true&visibility=public";
    let created = post(&org, &app, "/admin/events", form).await;
    assert_eq!(created.status(), 303);
    assert_eq!(location(&created), "/admin/events/study-visit?done=created");
    assert_eq!(app.get("/events/study-visit").await.status(), 404, "a draft is not public");
    let session = post(
        &org,
        &app,
        "/admin/events/study-visit/sessions",
        "title=Site+visit&starts_at=2099-06-08T09%3A00&ends_at=2099-06-08T12%3A00&capacity=2&parallel_group=",
    )
    .await;
    assert_eq!(session.status(), 303);
    assert_eq!(post(&org, &app, "/admin/events/study-visit/status", "to=published").await.status(), 303);
    assert_eq!(app.get("/events/study-visit").await.status(), 200);

    let a = confirmed_registration(&app, "study-visit", "a@gov.example").await;
    let b = confirmed_registration(&app, "study-visit", "b@gov.example").await;
    let c = confirmed_registration(&app, "study-visit", "c@gov.example").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'awaiting_approval'").await, 3);
    for id in [a, b] {
        assert_eq!(post(&org, &app, &format!("/admin/registrations/{id}/approve"), "note=").await.status(), 303);
    }
    app.smtp.wait_for("a@gov.example", "You are registered").await;
    // Approving a third when both seats are taken puts them on the waiting list.
    post(&org, &app, &format!("/admin/registrations/{c}/approve"), "").await;
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM registrations WHERE id = {c} AND status = 'waitlisted'")).await, 1);
    // A capacity below the confirmed count is refused; raising it seats the next in line.
    let lower = post(&org, &app, "/admin/events/study-visit", &form.replace("capacity=2", "capacity=1")).await;
    assert_eq!(lower.status(), 422);
    assert!(lower.text().await.unwrap().contains("fewer seats than people already confirmed"));
    assert_eq!(post(&org, &app, "/admin/events/study-visit", &form.replace("capacity=2", "capacity=3")).await.status(), 303);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM registrations WHERE id = {c} AND status = 'confirmed'")).await, 1);
    app.smtp.wait_for("c@gov.example", "A seat opened").await;
    // Rejection with a message reaches the person.
    let d = confirmed_registration(&app, "study-visit", "d@gov.example").await;
    post(&org, &app, &format!("/admin/registrations/{d}/reject"), "note=Nominations+come+through+the+ministry.").await;
    let rejected = app.smtp.wait_for("d@gov.example", "not accepted").await;
    assert!(rejected.decoded().contains("Nominations come through the ministry."));
    // Everything is in the audit log.
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'registration.%'").await >= 4);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'event.create'").await, 1);
}

#[tokio::test]
async fn an_account_without_rights_to_an_event_gets_no_data_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "ours", capacity: Some(10), sessions: vec![("Plenary", None, None)], ..EventSpec::default() }).await;
    app.add_event(EventSpec { slug: "theirs", capacity: Some(10), ..EventSpec::default() }).await;
    account(&app, "owner@un.org", Role::Organizer, &["ours"]).await;
    account(&app, "stranger@un.org", Role::Organizer, &["theirs"]).await;
    account(&app, "desk@un.org", Role::Checkin, &["ours"]).await;
    let reg = confirmed_registration(&app, "ours", "p@gov.example").await;
    let stranger = signed_in(&app, "stranger@un.org").await;
    let desk = signed_in(&app, "desk@un.org").await;
    let snapshot = || async {
        let rows: Vec<(Option<String>,)> = app
            .state
            .store
            .read()
            .await
            .unwrap()
            .fetch_all(app::sql!(
                "SELECT string_agg(x, '|' ORDER BY x) FROM (
                     SELECT status || COALESCE(CAST(capacity AS TEXT), '-') || title AS x FROM events
                     UNION ALL SELECT status FROM registrations
                     UNION ALL SELECT title || COALESCE(CAST(capacity AS TEXT), '-') FROM sessions
                     UNION ALL SELECT CAST(registration_id AS TEXT) FROM checkins
                     UNION ALL SELECT 'messages ' || CAST(COUNT(*) AS TEXT) FROM messages
                     UNION ALL SELECT 'audit ' || CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action != 'login' AND action NOT LIKE 'api_token.%'
                     UNION ALL SELECT 'outbox ' || CAST(COUNT(*) AS TEXT) FROM outbox) AS s"
            ))
            .await
            .unwrap();
        rows
    };
    let before = snapshot().await;
    let event_form =
        "title=Taken&slug=ours&kind=forum&timezone=UTC&starts_at=2099-01-01T09%3A00&ends_at=2099-01-02T09%3A00&city=X&capacity=1";
    let session = app.count("SELECT id FROM sessions LIMIT 1").await;
    let writes = [
        ("/admin/events/ours".to_owned(), event_form.to_owned()),
        ("/admin/events/ours/status".into(), "to=cancelled".into()),
        ("/admin/events/ours/sessions".into(), "title=X&starts_at=2099-01-01T09%3A00&ends_at=2099-01-01T10%3A00".into()),
        (format!("/admin/events/ours/sessions/{session}"), "title=X&starts_at=2099-01-01T09%3A00&ends_at=2099-01-01T10%3A00".into()),
        (
            "/admin/events/ours/registrations".into(),
            "given_name=A&family_name=B&email=x%40y.org&country=FR&organization=O&organization_type=government&job_title=J".into(),
        ),
        (format!("/admin/registrations/{reg}/cancel"), String::new()),
        (format!("/admin/registrations/{reg}/reject"), String::new()),
        (format!("/admin/registrations/{reg}/checkin"), String::new()),
    ];
    for (path, body) in &writes {
        let r = post(&stranger, &app, path, body).await;
        assert_eq!(r.status(), 404, "stranger POST {path}");
    }
    // And every other back-office form route of the router, so new ones are covered too.
    let outbox = app.count("SELECT MIN(id) FROM outbox").await;
    for (template, _) in server::router::form_routes() {
        if !template.starts_with("/admin/")
            || [
                "/admin/login",
                "/admin/logout",
                "/admin/invitation/{token}",
                "/admin/accounts",
                "/admin/tokens",
                "/admin/tokens/{id}/revoke",
                // One's own account: a stranger may change theirs.
                "/admin/account/password",
                "/admin/account/sessions",
                "/admin/events",
            ]
            .contains(&template)
        {
            continue;
        }
        let path = template
            .replace("{slug}", "ours")
            .replace("{decision}", "approve")
            .replace("/emails/{id}", &format!("/emails/{outbox}"))
            .replace("/sessions/{id}", &format!("/sessions/{session}"))
            .replace("{id}", &reg.to_string());
        let r = post(&stranger, &app, &path, "to=cancelled&subject=S&body=B&csv=given_name%0A&commit=1&note=x&title=T&starts_at=2099-01-01T09%3A00&ends_at=2099-01-01T10%3A00").await;
        assert!(r.status() == 404 || r.status() == 403, "stranger POST {path}: {}", r.status());
    }
    // Check-in staff may check in, but not manage.
    for (path, body) in writes.iter().filter(|(p, _)| !p.ends_with("/checkin")) {
        let r = post(&desk, &app, path, body).await;
        assert_eq!(r.status(), 404, "check-in staff POST {path}");
    }
    assert_eq!(snapshot().await, before, "nothing changed");
    for path in
        ["/admin/events/ours", "/admin/events/ours/registrations", &format!("/admin/registrations/{reg}"), "/admin/events/ours/checkin"]
    {
        let page = stranger.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 404, "stranger GET {path}");
        assert!(!page.text().await.unwrap().contains("p@gov.example"));
    }
    // The server functions behind the pages refuse the same way.
    for (endpoint, body) in [
        ("admin_event", "slug=ours".to_owned()),
        ("admin_registration", format!("id={reg}")),
        (
            "admin_registrations",
            "slug=ours&query[status]=&query[country]=&query[region]=&query[org_type]=&query[session]=&query[q]=&query[sort]=&query[page]=1"
                .into(),
        ),
        ("admin_desk", "slug=ours&q=".into()),
        ("admin_checkin", format!("id={reg}&undo=false")),
    ] {
        let r = post(&stranger, &app, &format!("/api/fn/{endpoint}"), &body).await;
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(!status.is_success(), "stranger server fn {endpoint}: {status}");
        assert!(!text.contains("p@gov.example"), "{endpoint} leaked data");
    }
    // Every registered server function: whatever its arguments, no data of this event comes back.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let body = format!("slug=ours&id={reg}&undo=false&q=&event=ours");
        let r = post(&stranger, &app, path, &body).await;
        let text = r.text().await.unwrap();
        assert!(!text.contains("p@gov.example"), "{path} leaked data");
    }
    assert_eq!(snapshot().await, before, "nothing changed through server functions");
    // The API with the stranger's token: 404, nothing changes; without a token: 401.
    let token = create_api_token(&app.state.ctx(), "stranger@un.org", "test", None).await.unwrap();
    let api = |path: &str| app.client.post(app.url(path)).bearer_auth(&token).send();
    assert_eq!(api(&format!("/api/v1/registrations/{reg}/cancel")).await.unwrap().status(), 404);
    assert_eq!(api(&format!("/api/v1/registrations/{reg}/checkins")).await.unwrap().status(), 404);
    assert_eq!(app.client.get(app.url("/api/v1/events/ours/registrations")).bearer_auth(&token).send().await.unwrap().status(), 404);
    assert_eq!(app.client.get(app.url("/api/v1/events/ours/registrations")).send().await.unwrap().status(), 401);
    assert_eq!(snapshot().await, before, "nothing changed through the API");
    // The owner, by contrast, sees and changes.
    let owner_token = create_api_token(&app.state.ctx(), "owner@un.org", "test", None).await.unwrap();
    let list: serde_json::Value =
        app.client.get(app.url("/api/v1/events/ours/registrations")).bearer_auth(&owner_token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["registrations"][0]["email"], "p@gov.example");
    assert_eq!(post(&desk, &app, &format!("/admin/registrations/{reg}/checkin"), "").await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM checkins").await, 1);
}

#[tokio::test]
async fn every_state_changing_route_refuses_cross_site_requests() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    account(&app, "admin@un.org", Role::Admin, &[]).await;
    let admin = signed_in(&app, "admin@un.org").await;
    let fill = |path: &str| path.replace("{slug}", "forum").replace("{token}", "x").replace("{id}", "1").replace("{decision}", "cancel");
    let mut paths: Vec<String> = server::router::form_routes().iter().map(|(p, _)| fill(p)).collect();
    paths.extend(leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_owned()));
    paths.extend([
        "/api/v1/events/forum/registrations".to_owned(),
        "/api/v1/registrations/1/cancel".into(),
        "/api/v1/registrations/1/checkins".into(),
    ]);
    assert!(paths.len() > 25, "the routes were enumerated: {paths:?}");
    for path in &paths {
        for headers in [
            vec![("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")],
            vec![("origin", "https://evil.example")],
            vec![("referer", "https://evil.example/form")],
        ] {
            let mut req = admin.post(app.url(path)).header("content-type", "application/x-www-form-urlencoded").body("to=cancelled");
            for (k, v) in &headers {
                req = req.header(*k, *v);
            }
            assert_eq!(req.send().await.unwrap().status(), 403, "POST {path} with {headers:?}");
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action != 'login'").await, 0);
}

#[tokio::test]
async fn two_desks_checking_in_at_once_lose_no_check_in() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "forum", ..EventSpec::default() }).await;
    account(&app, "desk1@un.org", Role::Checkin, &["forum"]).await;
    account(&app, "desk2@un.org", Role::Checkin, &["forum"]).await;
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(confirmed_registration(&app, "forum", &format!("p{i}@gov.example")).await);
    }
    let (d1, d2) = (signed_in(&app, "desk1@un.org").await, signed_in(&app, "desk2@un.org").await);
    let mut tasks = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let client = if n % 2 == 0 { d1.clone() } else { d2.clone() };
        let url = app.url(&format!("/admin/registrations/{id}/checkin"));
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .body("")
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 303);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM checkins").await, 40);
    // Undo takes one back; the desk's counts agree.
    post(&d1, &app, &format!("/admin/registrations/{}/checkin", ids[0]), "undo=1").await;
    let page = d2.get(app.url("/admin/events/forum/checkin")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("39 of 40 checked in"), "counts on the desk");
}

const NOMINEES: &str = "given_name,family_name,email,country,organization,organization_type,job_title\n\
    Kadri,Tamm,kadri@gov.example,Estonia,Ministry of Economic Affairs,government,Adviser\n\
    Juan,Pérez,juan@gov.example,CL,Secretaría de Gobierno Digital,government,Director\n\
    Amina,Diallo,amina@gov.example,SN,Ministère du Numérique,government,Head of division\n\
    ,Nobody,bad-address,Atlantis,X,ngo,Y\n";

#[tokio::test]
async fn nominees_are_previewed_row_by_row_and_saved_only_when_confirmed() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "visit", capacity: Some(15), requires_approval: true, ..EventSpec::default() }).await;
    account(&app, "org@un.org", Role::Organizer, &["visit"]).await;
    let org = signed_in(&app, "org@un.org").await;
    let body = |commit: bool| format!("csv={}{}", urlenc(NOMINEES), if commit { "&commit=1" } else { "" });
    let preview = post(&org, &app, "/admin/events/visit/import", &body(false)).await;
    assert_eq!(preview.status(), 200);
    let page = preview.text().await.unwrap();
    assert!(page.contains("3 of 4 rows can be imported"), "the preview counts the valid rows");
    assert!(page.contains("Please enter an email address like name@example.org."), "the bad row says why");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0, "nothing saved by the preview");
    // A file without the needed columns is refused whole.
    let broken = post(&org, &app, "/admin/events/visit/import", "csv=name%2Cemail%0AA%2Ca%40b.org").await;
    assert_eq!(broken.status(), 422);
    assert!(broken.text().await.unwrap().contains("missing column"));
    // Confirming saves the valid rows, each invited to confirm their address.
    let done = post(&org, &app, "/admin/events/visit/import", &body(true)).await;
    assert_eq!(location(&done), "/admin/events/visit/registrations?done=imported&count=3");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations WHERE status = 'awaiting_email_confirmation' AND added_by_organizer = TRUE").await,
        3
    );
    let invite = app.smtp.wait_for("kadri@gov.example", "confirm").await;
    assert!(invite.decoded().contains("registered you as a nominee"));
    // Importing the same file again finds them already registered.
    let again = post(&org, &app, "/admin/events/visit/import", &body(false)).await.text().await.unwrap();
    assert!(again.contains("0 of 4 rows can be imported"));
    // A multipart upload of the file works the same.
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(NOMINEES.as_bytes().to_vec()).file_name("n.csv"));
    let upload =
        org.post(app.url("/admin/events/visit/import")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert!(upload.text().await.unwrap().contains("0 of 4 rows can be imported"));
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_message_reaches_exactly_the_people_the_filter_shows_and_failed_emails_can_be_retried() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "forum", ..EventSpec::default() }).await;
    account(&app, "org@un.org", Role::Organizer, &["forum"]).await;
    let org = signed_in(&app, "org@un.org").await;
    for (email, country) in [("ph1@gov.example", "PH"), ("ph2@gov.example", "PH"), ("fr1@gouv.example", "FR")] {
        let mut p = person(email, &[]);
        p["country"] = country.into();
        assert_eq!(app.register_api("forum", &p).await.status(), 202);
    }
    let empty = post(&org, &app, "/admin/events/forum/messages", "subject=&body=Hello&country=PH").await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("id=\"subject-error\""));
    let sent = post(&org, &app, "/admin/events/forum/messages", "subject=Visa+letters&body=Your+visa+letter+is+attached.&country=PH").await;
    assert_eq!(location(&sent), "/admin/events/forum/mail?done=message_queued&count=2");
    app.smtp.wait_for("ph1@gov.example", "Visa letters").await;
    app.smtp.wait_for("ph2@gov.example", "Visa letters").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE subject = 'Visa letters' AND recipient LIKE 'fr%'").await,
        0,
        "not the French participant"
    );
    // A failed email shows with its reason, and a retry delivers it. (Its first delivery is
    // settled before the test marks it failed, so the worker cannot overwrite the mark.)
    app.smtp.wait_for("fr1@gouv.example", "confirm").await;
    let settled = eventually(5, async || {
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'fr1@gouv.example' AND status <> 'sent'").await == 0
    })
    .await;
    assert!(settled, "fr1's first email settled");
    app.state
        .store
        .write(|conn| -> app::store::BoxFuture<'_, _> {
            Box::pin(async move {
                conn.execute(app::sql!(
                    "UPDATE outbox SET status = 'failed', last_error = '550 mailbox unavailable' WHERE recipient = 'fr1@gouv.example'"
                ))
                .await?;
                Ok(())
            })
        })
        .await
        .unwrap();
    let page = org.get(app.url("/admin/events/forum/mail")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("550 mailbox unavailable"));
    assert!(page.contains("1 failed"));
    let failed = app.count("SELECT id FROM outbox WHERE status = 'failed'").await;
    assert_eq!(post(&org, &app, &format!("/admin/emails/{failed}/retry"), "").await.status(), 303);
    assert!(eventually(5, async || app.smtp.to("fr1@gouv.example").len() >= 2).await, "the retry delivered it again");
}

#[tokio::test]
async fn an_organizer_corrects_details_and_resends_the_last_email() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "forum", ..EventSpec::default() }).await;
    account(&app, "org@un.org", Role::Organizer, &["forum"]).await;
    let org = signed_in(&app, "org@un.org").await;
    let id = confirmed_registration(&app, "forum", "typo@gov.exmaple").await;
    let fields = "given_name=Ana&family_name=Reyes&email={}&country=PH&organization=DFA&organization_type=government&job_title=Director";
    let bad = post(&org, &app, &format!("/admin/registrations/{id}/edit"), &fields.replace("{}", "not-an-address")).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("id=\"edit-email-error\""));
    let ok = post(&org, &app, &format!("/admin/registrations/{id}/edit"), &fields.replace("{}", "ana%40gov.example")).await;
    assert_eq!(location(&ok), format!("/admin/registrations/{id}?done=saved"));
    assert_eq!(post(&org, &app, &format!("/admin/registrations/{id}/resend"), "").await.status(), 303);
    let mail = app.smtp.wait_for("ana@gov.example", "You are registered").await;
    assert!(mail.link("manage").is_some(), "a fresh manage link");
}

#[tokio::test]
async fn events_and_sessions_are_created_and_changed_through_the_api() {
    let app = TestApp::spawn().await;
    account(&app, "org@un.org", Role::Organizer, &[]).await;
    account(&app, "other@un.org", Role::Organizer, &[]).await;
    let token = create_api_token(&app.state.ctx(), "org@un.org", "t", None).await.unwrap();
    let other = create_api_token(&app.state.ctx(), "other@un.org", "t", None).await.unwrap();
    let event = serde_json::json!({
        "slug": "webinar-2099", "title": "Webinar", "kind": "webinar", "online": true, "timezone": "UTC",
        "starts_at": "2099-03-01T13:00", "ends_at": "2099-03-01T14:30", "capacity": "500", "visibility": "public"
    });
    let created = app.client.post(app.url("/api/v1/events")).bearer_auth(&token).json(&event).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let bad = app.client.post(app.url("/api/v1/events")).bearer_auth(&token).json(&serde_json::json!({"slug": "x"})).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    let errors: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(errors["errors"]["slug"], "invalid_slug");
    let patch = app
        .client
        .patch(app.url("/api/v1/events/webinar-2099"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"capacity": 600}))
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), 200);
    assert_eq!(app.count("SELECT capacity FROM events WHERE slug = 'webinar-2099'").await, 600);
    let session = serde_json::json!({"title": "Q&A", "starts_at": "2099-03-01T14:00", "ends_at": "2099-03-01T14:30", "capacity": "100"});
    assert_eq!(
        app.client.post(app.url("/api/v1/events/webinar-2099/sessions")).bearer_auth(&token).json(&session).send().await.unwrap().status(),
        201
    );
    let sid = app.count("SELECT id FROM sessions").await;
    let s = app
        .client
        .patch(app.url(&format!("/api/v1/events/webinar-2099/sessions/{sid}")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"room": "Zoom 2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(s.status(), 200);
    // Another organizer's token changes nothing.
    let denied = app
        .client
        .patch(app.url("/api/v1/events/webinar-2099"))
        .bearer_auth(&other)
        .json(&serde_json::json!({"capacity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 404);
    assert_eq!(app.count("SELECT capacity FROM events WHERE slug = 'webinar-2099'").await, 600);
    assert_eq!(app.client.post(app.url("/api/v1/events")).json(&event).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_multi_day_event_has_a_desk_per_day_and_a_check_in_on_any_day_counts_as_attended() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "forum", ..EventSpec::default() }).await;
    account(&app, "desk@un.org", Role::Checkin, &["forum"]).await;
    let a = confirmed_registration(&app, "forum", "a@gov.example").await;
    confirmed_registration(&app, "forum", "b@gov.example").await;
    let desk = signed_in(&app, "desk@un.org").await;
    let page = desk.get(app.url("/admin/events/forum/checkin")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("?session=-1") && page.contains("?session=-4"), "the four days of the forum each have a desk");
    assert_eq!(post(&desk, &app, &format!("/admin/registrations/{a}/checkin"), "session=-2").await.status(), 303);
    assert_eq!(post(&desk, &app, &format!("/admin/registrations/{a}/checkin"), "session=-9").await.status(), 404, "no ninth day");
    let day2 = desk.get(app.url("/admin/events/forum/checkin?session=-2")).send().await.unwrap().text().await.unwrap();
    assert!(day2.contains("1 of 2 checked in"));
    let day1 = desk.get(app.url("/admin/events/forum/checkin?session=-1")).send().await.unwrap().text().await.unwrap();
    assert!(day1.contains("0 of 2 checked in"));
    assert_eq!(app.count("SELECT COUNT(DISTINCT registration_id) FROM checkins").await, 1);
}
