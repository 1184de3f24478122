//! The participant's path through the HTTP interface: the form, the emails, the links.
use super::helpers::{EventSpec, TestApp, location, person};
use serde_json::json;

#[tokio::test]
async fn the_whole_path_from_form_to_cancellation_works_through_http_and_email() {
    let app = TestApp::spawn().await;
    let s = app
        .add_event(EventSpec {
            sessions: vec![("Plenary", None, None), ("Workshop A", Some(10), Some("am")), ("Workshop B", Some(10), Some("am"))],
            ..Default::default()
        })
        .await;

    let page = app.get("/events/forum/register").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Workshop A"));

    let (a, b) = (s[1].to_string(), s[0].to_string());
    let r = app
        .post_form(
            "/events/forum/register",
            &[
                ("given_name", "Ana"),
                ("family_name", "Reyes"),
                ("email", "Ana@Example.org"),
                ("country", "PH"),
                ("organization", "DFA"),
                ("organization_type", "government"),
                ("job_title", "Director"),
                ("sessions", &a),
                ("sessions", &b),
                ("consent", "on"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/events/forum/registered");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'awaiting_email_confirmation'").await, 1);

    let mail = app.smtp.wait_for("Ana@Example.org", "Please confirm").await;
    let confirm = mail.link("confirm").expect("a confirmation link");
    let r = app.follow(&confirm).await;
    assert_eq!(r.status(), 303);
    let manage = location(&r);
    assert!(manage.starts_with("/manage/") && manage.ends_with("?done=confirmed"), "{manage}");

    let page = app.get(&manage).await.text().await.unwrap().replace("<!>", "");
    assert!(page.contains("Thank you: your email address is confirmed."));
    assert!(page.contains(r#"class="badge confirmed">Confirmed<"#), "status shown");
    let confirmed = app.smtp.wait_for("Ana@Example.org", "You are registered").await;
    assert!(confirmed.raw.contains("text/calendar"), "an .ics attachment");
    assert!(confirmed.decoded().contains("BEGIN:VCALENDAR") || confirmed.raw.contains("event.ics"));

    // Change sessions through the manage page's form.
    let token_path = manage.trim_end_matches("?done=confirmed");
    let c = s[2].to_string();
    let r = app.post_form(&format!("{token_path}/sessions"), &[("sessions", &c)]).await;
    assert_eq!(location(&r), format!("{token_path}?done=sessions"));
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM registration_sessions WHERE session_id = {} AND status = 'confirmed'", s[2])).await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM registration_sessions").await, 1);
    app.smtp.wait_for("Ana@Example.org", "Your sessions were updated").await;

    // Parallel sessions cannot both be chosen.
    let r = app.post_form(&format!("{token_path}/sessions"), &[("sessions", &a), ("sessions", &c)]).await;
    assert_eq!(location(&r), format!("{token_path}?error=parallel_sessions"));

    // Cancel is a POST; a GET of the same address changes nothing.
    assert_ne!(app.get(&format!("{token_path}/cancel")).await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").await, 1);
    let r = app.post_form(&format!("{token_path}/cancel"), &[]).await;
    assert_eq!(location(&r), format!("{token_path}?done=cancelled"));
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'cancelled'").await, 1);
    app.smtp.wait_for("Ana@Example.org", "Registration cancelled").await;
}

#[tokio::test]
async fn bad_form_input_is_shown_next_to_each_field_with_everything_typed_kept() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let r = app
        .post_form(
            "/events/forum/register",
            &[("given_name", "Mei <b>"), ("family_name", ""), ("email", "mei@@gov"), ("country", "ZZ"), ("job_title", "Deputy Director")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="email-error""#) && html.contains("Please enter an email address like name@example.org."));
    assert!(html.contains(r#"id="family_name-error""#));
    assert!(html.contains(r#"id="country-error""#) && html.contains("Please choose a country from the list."));
    assert!(html.contains(r#"id="consent-error""#));
    assert!(!html.contains(r#"id="given_name-error""#), "a valid field has no message");
    assert!(html.contains(r#"value="mei@@gov""#), "the typed email is kept");
    assert!(html.contains(r#"value="Mei &lt;b&gt;""#), "typed text is kept, escaped");
    assert!(html.contains("Deputy Director"));
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0);
}

#[tokio::test]
async fn the_api_answers_bad_input_with_a_message_per_field() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let r = app.register_api("forum", &json!({ "given_name": "Ana", "email": "nope", "country": "XX", "consent": false })).await;
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"]["email"], "Please enter an email address like name@example.org.");
    assert_eq!(body["errors"]["country"], "Please choose a country from the list.");
    assert_eq!(body["errors"]["consent"], "Please agree to the use of your data to register.");
    assert!(body["errors"].get("given_name").is_none());
    let r = app
        .client
        .post(app.url("/api/v1/events/forum/registrations"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(app.register_api("nope", &person("a@b.org", &[])).await.status(), 404);
}

#[tokio::test]
async fn registering_again_with_the_same_email_looks_the_same_and_emails_the_manage_link() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let first = app.register_api("forum", &person("ana@example.org", &[])).await;
    let second = app.register_api("forum", &person("ANA@example.ORG", &[])).await;
    assert_eq!(first.status(), 202);
    assert_eq!(second.status(), 202);
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 1);
    let again = app.smtp.wait_for("ana@example.org", "You are already registered").await;
    assert!(again.link("manage").is_some());
    assert!(again.link("confirm").is_some(), "still unconfirmed, so a fresh confirmation link too");
    // The HTML form gives the same redirect for a repeated address.
    let r = app
        .post_form(
            "/events/forum/register",
            &[
                ("given_name", "Ana"),
                ("family_name", "Reyes"),
                ("email", "ana@example.org"),
                ("country", "PH"),
                ("organization", "DFA"),
                ("organization_type", "government"),
                ("job_title", "Director"),
                ("consent", "on"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/events/forum/registered");
}

#[tokio::test]
async fn a_confirmation_link_works_once() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    app.register_api("forum", &person("ana@example.org", &[])).await;
    let link = app.smtp.wait_for("ana@example.org", "Please confirm").await.link("confirm").unwrap();
    assert!(location(&app.follow(&link).await).starts_with("/manage/"));
    assert_eq!(location(&app.follow(&link).await), "/link/used");
    assert_eq!(app.get("/link/used").await.status(), 410);
    assert_eq!(location(&app.follow(&app.url("/confirm/not-a-token")).await), "/link/invalid");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").await, 1);
}

#[tokio::test]
async fn an_unconfirmed_registration_expires_after_48_hours_and_its_link_stops_working() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { capacity: Some(1), ..Default::default() }).await;
    app.register_api("forum", &person("ana@example.org", &[])).await;
    let link = app.smtp.wait_for("ana@example.org", "Please confirm").await.link("confirm").unwrap();
    app.state.clock.advance(48 * 3600 + 1);
    assert_eq!(location(&app.follow(&link).await), "/link/used");
    assert_eq!(app::registrations::ssr::service::expire_unconfirmed(&app.state.ctx()).await.unwrap(), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'expired'").await, 1);
    // It held no seat, and the address can register again.
    assert_eq!(app.register_api("forum", &person("ana@example.org", &[])).await.status(), 202);
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'awaiting_email_confirmation'").await, 1);
}

#[tokio::test]
async fn registration_outside_the_window_is_refused() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { slug: "closed", opens_in: -7200, closes_in: -3600, ..Default::default() }).await;
    app.add_event(EventSpec { slug: "later", opens_in: 3600, ..Default::default() }).await;
    assert_eq!(app.register_api("closed", &person("a@example.org", &[])).await.status(), 409);
    assert_eq!(app.register_api("later", &person("a@example.org", &[])).await.status(), 409);
    let r = app.post_form("/events/closed/register", &[("given_name", "Ana")]).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("Registration for this event is closed."));
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0);
    let events: serde_json::Value = app.get("/api/v1/events").await.json().await.unwrap();
    let states: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["slug"].as_str().unwrap().to_owned(), e["registration"].as_str().unwrap().to_owned()))
        .collect();
    assert!(states.contains(&("closed".into(), "closed".into())));
    assert!(states.contains(&("later".into(), "not_yet_open".into())));
}

#[tokio::test]
async fn a_cancellation_promotes_the_first_in_line_and_emails_them() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { capacity: Some(1), ..Default::default() }).await;
    let mut manage = Vec::new();
    for who in ["first@example.org", "second@example.org", "third@example.org"] {
        app.register_api("forum", &person(who, &[])).await;
        let link = app.smtp.wait_for(who, "Please confirm").await.link("confirm").unwrap();
        manage.push(location(&app.follow(&link).await).replace("?done=confirmed", ""));
    }
    app.smtp.wait_for("second@example.org", "waiting list").await;
    assert!(app.smtp.wait_for("third@example.org", "waiting list").await.decoded().contains("position 2"));
    app.post_form(&format!("{}/cancel", manage[0]), &[]).await;
    let promoted = app.smtp.wait_for("second@example.org", "A seat opened for you").await;
    assert!(promoted.raw.contains("text/calendar"));
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed' AND email = 'second@example.org'").await, 1);
    let page = app.get(&manage[2]).await.text().await.unwrap().replace("<!>", "");
    assert!(page.contains("Position on the waiting list: 1"), "the third moved up to position 1");
}

#[tokio::test]
async fn the_api_lists_events_and_sessions_and_documents_itself() {
    let app = TestApp::spawn().await;
    let s = app
        .add_event(EventSpec {
            capacity: Some(50),
            sessions: vec![("Plenary", None, None), ("W1", Some(20), Some("am"))],
            ..Default::default()
        })
        .await;
    let events: serde_json::Value = app.get("/api/v1/events").await.json().await.unwrap();
    assert_eq!(events[0]["slug"], "forum");
    assert_eq!(events[0]["seats_left"], 50);
    assert_eq!(events[0]["registration"], "open");
    assert_eq!(events[0]["timezone"], "Asia/Seoul");
    assert!(events[0]["starts_at"].as_str().unwrap().ends_with('Z'));
    let event: serde_json::Value = app.get("/api/v1/events/forum").await.json().await.unwrap();
    assert_eq!(event["sessions"][1]["id"], s[1]);
    assert_eq!(event["sessions"][1]["parallel_group"], "am");
    assert_eq!(event["sessions"][0]["capacity"], serde_json::Value::Null);
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in ["/api/v1/events", "/api/v1/events/{slug}", "/api/v1/events/{slug}/registrations", "/healthz"] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/api/v1/events/nope").await.status(), 404);
    assert_eq!(app.get("/events/nope").await.status(), 404);
}

#[tokio::test]
async fn a_state_the_domain_does_not_know_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    assert_eq!(app.register_api("forum", &person("odd@gov.example", &[])).await.status(), 202);
    let id: i64 = app.value("SELECT id FROM registrations").await;
    app.exec("UPDATE registrations SET status = 'misspelt'").await;
    let mut conn = app.state.store.read().await.unwrap();
    let read = app::registrations::ssr::storage::by_id(&mut conn, id).await;
    let Err(app::error::AppError::Internal(cause)) = read else { panic!("read as {read:?}") };
    assert!(cause.to_string().contains("unknown RegistrationStatus \"misspelt\""), "{cause}");
}
