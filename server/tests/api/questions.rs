//! An event's own questions from the participant's side and through the API: defining the form,
//! registering with good and bad answers (form and JSON), conditions, archived questions,
//! corrections through the manage link, and retention.
use super::helpers::{EventSpec, TestApp, location, person};
use serde_json::{Value, json};

/// The study visit's form: visa needed? then the passport number (sensitive) only when it is;
/// a field visit choice; topics; nights (a number from 1 to 30); arrival date.
fn study_visit_form() -> Value {
    json!([
        { "key": "visa_required", "type": "yes_no", "label": { "en": "Do you need a visa?", "fr": "Avez-vous besoin d'un visa ?" }, "required": true, "section": "Visa" },
        { "key": "passport_number", "type": "short_text", "label": "Passport number", "required": true, "sensitive": true, "section": "Visa",
          "visible_if": { "question": "visa_required", "equals": "yes" } },
        { "key": "field_visit", "type": "single_choice", "label": "Field visit", "required": true,
          "options": [ { "key": "port", "label": "Port of Busan" }, { "key": "smart_city", "label": { "en": "Smart city", "fr": "Ville intelligente" } } ] },
        { "key": "topics", "type": "multiple_choice", "label": "Topics", "options": [ { "key": "trade", "label": "Trade" }, { "key": "health", "label": "Health" } ] },
        { "key": "nights", "type": "number", "label": "Nights", "min": 1, "max": 30 },
        { "key": "arrival", "type": "date", "label": "Arrival date" },
        { "key": "desk_note", "type": "long_text", "label": "Desk note", "organizer_only": true }
    ])
}

async fn with_form(app: &TestApp, token: &str) {
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(token).json(&study_visit_form()).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

fn answered(email: &str, answers: Value) -> Value {
    let mut p = person(email, &[]);
    p["answers"] = answers;
    p
}

#[tokio::test]
async fn an_organizer_defines_the_form_through_the_api_and_bad_definitions_are_named_per_question() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;

    let event: Value = app.get("/api/v1/events/forum").await.json().await.unwrap();
    let questions = event["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 7);
    assert_eq!(questions[0]["key"], "visa_required");
    assert_eq!(questions[0]["type"], "yes_no");
    assert_eq!(questions[0]["label"]["fr"], "Avez-vous besoin d'un visa ?");
    assert_eq!(questions[1]["visible_if"], json!({ "question": "visa_required", "equals": "yes" }));
    assert_eq!(questions[2]["options"][1]["label"]["fr"], "Ville intelligente");
    assert_eq!(questions[4]["min"], 1);
    assert_eq!(questions[3]["label"], "Topics", "an English-only text is a plain string");

    let bad = json!([
        { "key": "a", "type": "multiple_guess", "label": "A" },
        { "key": "b", "type": "short_text", "label": "B" },
        { "key": "b", "type": "short_text", "label": "B again" },
        { "key": "c", "type": "short_text", "label": "C", "visible_if": { "question": "nope", "equals": "yes" } }
    ]);
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(&token).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"]["questions.0.type"], "unknown_type", "{body}");
    let bad = json!([
        { "key": "b", "type": "short_text", "label": "B" },
        { "key": "b", "type": "short_text", "label": "B again" },
        { "key": "c", "type": "short_text", "label": "C", "visible_if": { "question": "nope", "equals": "yes" } }
    ]);
    let body: Value = app
        .client
        .put(app.url("/api/v1/events/forum/questions"))
        .bearer_auth(&token)
        .json(&bad)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["errors"]["questions.1.key"], "duplicate_key", "{body}");
    assert_eq!(body["errors"]["questions.2.visible_if"], "unknown_question", "{body}");
    let after: Value = app.get("/api/v1/events/forum").await.json().await.unwrap();
    assert_eq!(after["questions"].as_array().unwrap().len(), 7, "a refused form changes nothing");

    // Without a token: 401.
    assert_eq!(app.client.put(app.url("/api/v1/events/forum/questions")).json(&bad).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_api_refuses_each_bad_answer_under_its_key_and_stores_good_ones_canonically() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;

    let r = app
        .register_api(
            "forum",
            &answered(
                "bad@example.org",
                json!({ "visa_required": true, "field_visit": "zoo", "nights": 45, "arrival": "2027-02-30", "shoe_size": 42 }),
            ),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let errors = &body["errors"];
    assert_eq!(errors["answers.passport_number"], "This field is required.", "{body}");
    assert_eq!(errors["answers.field_visit"], "Please choose one of the options.", "{body}");
    assert_eq!(errors["answers.nights"], "Please enter a number from 1 to 30.", "{body}");
    assert_eq!(errors["answers.arrival"], "Please enter a date like 2027-03-15 (year, month, day).", "{body}");
    assert_eq!(errors["answers.shoe_size"], "This form does not ask this question.", "{body}");
    assert!(errors.get("answers.topics").is_none(), "an optional question may stay unanswered");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0);

    // An organizer-only question is not the participant's to answer.
    let r = app
        .register_api("forum", &answered("note@example.org", json!({ "visa_required": false, "field_visit": "port", "desk_note": "hi" })))
        .await;
    assert_eq!(r.status(), 422);

    // Visa not needed: the passport question does not apply, and what was typed into it is dropped.
    let r = app
        .register_api(
            "forum",
            &answered(
                "ana@example.org",
                json!({ "visa_required": false, "passport_number": "P123", "field_visit": "smart_city", "topics": ["health", "trade"], "nights": 3.0, "arrival": "2027-03-15" }),
            ),
        )
        .await;
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let stored = app
        .column::<String>(
            "SELECT q.key || '=' || a.value FROM answers a JOIN questions q ON q.id = a.question_id ORDER BY q.position, a.value",
        )
        .await;
    assert_eq!(stored, ["visa_required=no", "field_visit=smart_city", "topics=health", "topics=trade", "nights=3", "arrival=2027-03-15"]);

    // The organizer's listing carries the answers as the API spells them.
    let list: Value =
        app.client.get(app.url("/api/v1/events/forum/registrations")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let answers = &list["registrations"][0]["answers"];
    assert_eq!(answers["visa_required"], false);
    assert_eq!(answers["topics"], json!(["trade", "health"]), "in the options' order");
    assert_eq!(answers["nights"], 3);
    assert_eq!(answers["field_visit"], "smart_city");
}

#[tokio::test]
async fn the_html_form_shows_the_questions_and_a_bad_answer_comes_back_beside_its_field_with_everything_kept() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;

    let html = app.get("/events/forum/register").await.text().await.unwrap().replace("<!>", "");
    assert!(html.contains(r#"name="q.passport_number""#), "the question is on the form");
    assert!(html.contains("Only if you answered “Yes” to “Do you need a visa?”"), "the condition written out");
    assert!(!html.contains("q.desk_note"), "organizer-only questions are not on the public form");
    assert!(html.contains("<legend>Visa</legend>"), "grouped under its section");

    let fields = |passport: &'static str| {
        vec![
            ("given_name", "Pema"),
            ("family_name", "Wangchuk"),
            ("email", "pema@mof.gov.bt"),
            ("country", "BT"),
            ("organization", "Ministry of Finance"),
            ("organization_type", "government"),
            ("job_title", "Planning Officer"),
            ("consent", "on"),
            ("language", "en"),
            ("q.visa_required", "yes"),
            ("q.passport_number", passport),
            ("q.field_visit", "port"),
            ("q.topics", "trade"),
            ("q.topics", "health"),
            ("q.nights", "4"),
        ]
    };
    let r = app.post_form("/events/forum/register", &fields("")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap().replace("<!>", "");
    assert!(html.contains(r#"id="q-passport_number-error""#), "the message stands beside its field");
    assert!(html.contains("This field is required."));
    assert!(html.contains(r#"value="4""#), "the typed number is kept");
    assert!(html.contains(r#"id="q-topics-health" name="q.topics" value="health" checked"#), "ticked options stay ticked");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 0);

    let r = app.post_form("/events/forum/register", &fields("BT1234567")).await;
    assert_eq!(location(&r), "/events/forum/registered");
    assert_eq!(app.count("SELECT COUNT(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'topics'").await, 2);
    assert_eq!(
        app.value::<String>("SELECT a.value FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'passport_number'").await,
        "BT1234567"
    );
}

#[tokio::test]
async fn registrations_arriving_together_store_their_answers_in_one_batch() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;
    let before = app.state.batches.stats.counts();
    let rush = (0..20).map(|i| {
        let app = &app;
        async move {
            let body = answered(&format!("p{i}@example.org"), json!({ "visa_required": "no", "field_visit": "port", "topics": ["trade"] }));
            app.register_api("forum", &body).await.status()
        }
    });
    for status in futures_util::future::join_all(rush).await {
        assert_eq!(status, 202);
    }
    let after = app.state.batches.stats.counts();
    assert!(after.0 > before.0, "the set-based way was taken ({before:?} → {after:?})");
    assert_eq!(app.count("SELECT COUNT(*) FROM answers").await, 60, "three answers each");
    assert_eq!(app.count("SELECT COUNT(DISTINCT registration_id) FROM answers").await, 20);
}

#[tokio::test]
async fn an_answered_question_keeps_its_type_and_is_archived_with_its_answers_when_removed() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;
    let r =
        app.register_api("forum", &answered("ana@example.org", json!({ "visa_required": "no", "field_visit": "port", "nights": 2 }))).await;
    assert_eq!(r.status(), 202);

    let mut form = study_visit_form();
    form[4]["type"] = json!("short_text");
    form[4].as_object_mut().unwrap().remove("min");
    form[4].as_object_mut().unwrap().remove("max");
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(&token).json(&form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"]["questions.4.type"], "type_locked");

    // Remove the answered "nights" and the unanswered "arrival".
    let mut form = study_visit_form();
    form.as_array_mut().unwrap().retain(|q| q["key"] != "nights" && q["key"] != "arrival");
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(&token).json(&form).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE key = 'nights' AND archived_at IS NOT NULL").await, 1, "archived");
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE key = 'arrival'").await, 0, "deleted: nobody answered it");
    assert_eq!(app.count("SELECT COUNT(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'nights'").await, 1);
    let event: Value = app.get("/api/v1/events/forum").await.json().await.unwrap();
    assert!(!event["questions"].as_array().unwrap().iter().any(|q| q["key"] == "nights"), "off the form");
    let list: Value =
        app.client.get(app.url("/api/v1/events/forum/registrations")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["registrations"][0]["answers"]["nights"], 2, "its answers still listed");

    // Putting it back brings the question and its answers back.
    let r = app.client.put(app.url("/api/v1/events/forum/questions")).bearer_auth(&token).json(&study_visit_form()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE archived_at IS NOT NULL").await, 0);
}

/// Registers through the API, confirms through the email's link; returns the manage path.
async fn registered(app: &TestApp, email: &str, answers: Value) -> String {
    let r = app.register_api("forum", &answered(email, answers)).await;
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let link = app.smtp.wait_for(email, "Please confirm").await.link("confirm").unwrap();
    location(&app.follow(&link).await).replace("?done=confirmed", "")
}

#[tokio::test]
async fn a_participant_corrects_their_details_and_answers_until_changes_close_and_the_organizer_sees_what_changed() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;
    let manage =
        registered(&app, "pema@mof.gov.bt", json!({ "visa_required": "yes", "passport_number": "BT111", "field_visit": "port" })).await;

    let html = app.get(&manage).await.text().await.unwrap().replace("<!>", "");
    assert!(html.contains("Correct your details"));
    assert!(html.contains(r#"value="BT111""#), "the answer is in the correction form");

    let form = |passport: &'static str, nights: &'static str| {
        vec![
            ("given_name", "Pema"),
            ("family_name", "Wangchuk"),
            ("organization", "Ministry of Finance"),
            ("job_title", "Chief Planning Officer"),
            ("q.visa_required", "yes"),
            ("q.passport_number", passport),
            ("q.field_visit", "port"),
            ("q.nights", nights),
        ]
    };
    let r = app.post_form(&manage, &form("BT222", "99")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap().replace("<!>", "");
    assert!(html.contains(r#"id="q-nights-error""#) && html.contains("Please enter a number from 1 to 30."));
    assert!(html.contains(r#"value="BT222""#), "what was typed is kept");
    assert_eq!(
        app.value::<String>("SELECT a.value FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'passport_number'").await,
        "BT111"
    );

    let r = app.post_form(&manage, &form("BT222", "5")).await;
    assert_eq!(location(&r), format!("{manage}?done=details"));
    assert_eq!(
        app.value::<String>("SELECT a.value FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'passport_number'").await,
        "BT222"
    );
    assert_eq!(app.value::<String>("SELECT job_title FROM registrations").await, "Chief Planning Officer");
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE details_changed_at IS NOT NULL").await, 1);
    let line = app.value::<String>("SELECT detail FROM audit_log WHERE action = 'registration.correct'").await;
    assert!(line.contains("job_title") && line.contains("passport_number") && line.contains("nights"), "{line}");
    assert!(!line.contains("BT222"), "the audit log names fields, never their values");

    let list: Value =
        app.client.get(app.url("/api/v1/events/forum/registrations")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["registrations"][0]["answers"]["passport_number"], "BT222", "the organizer sees the change");

    // Once changes close, the form is gone and a correction is refused.
    app.exec("UPDATE events SET changes_close_at = 1").await;
    let html = app.get(&manage).await.text().await.unwrap();
    assert!(!html.contains("Correct your details"));
    let r = app.post_form(&manage, &form("BT333", "5")).await;
    assert_eq!(location(&r), format!("{manage}?error=locked"));
    assert_eq!(
        app.value::<String>("SELECT a.value FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = 'passport_number'").await,
        "BT222"
    );
}

/// One answer of the registration, by question key.
async fn answer(app: &TestApp, key: &str) -> Vec<String> {
    app.column(&format!("SELECT a.value FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.key = '{key}' ORDER BY a.value"))
        .await
}

#[tokio::test]
async fn an_organizer_fills_in_organizer_only_answers_with_a_plain_form_and_the_participant_cannot_undo_them() {
    use super::helpers::enc;
    use super::organizer::{account, post, signed_in};
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (admin, token) = app.admin_client().await;
    with_form(&app, &token).await;
    let manage = registered(&app, "pema@mof.gov.bt", json!({ "visa_required": "no", "field_visit": "port", "nights": 3 })).await;
    let id: i64 = app.value("SELECT id FROM registrations").await;
    let path = format!("/admin/registrations/{id}/answers");

    // The registration's page has the form, the organizer-only question in it, the answers filled.
    let page = admin.get(app.url(&format!("/admin/registrations/{id}"))).send().await.unwrap().text().await.unwrap().replace("<!>", "");
    assert!(page.contains(&format!(r#"action="{path}""#)), "the answers form posts to its route");
    assert!(page.contains(r#"name="q.desk_note""#), "organizer-only questions are in it");
    assert!(page.contains(r#"id="q-nights""#) && page.contains(r#"value="3""#), "the participant's answers are filled in");

    let body = |fields: &[(&str, &str)]| fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
    // A bad answer: 422, its message beside its field, everything typed kept, nothing saved.
    let bad = body(&[("q.visa_required", "no"), ("q.field_visit", "port"), ("q.nights", "99"), ("q.desk_note", "Needs a ramp")]);
    let r = post(&admin, &app, &path, &bad).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap().replace("<!>", "");
    assert!(
        html.contains(r#"id="q-nights-error""#) && html.contains("Please enter a number from 1 to 30."),
        "the message is beside the field"
    );
    assert!(html.contains("Needs a ramp") && html.contains(r#"value="99""#), "what was typed is kept");
    let at = html.find(r#"id="organizer-answers""#).expect("the answers form");
    let details = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
    assert!(details.contains("open"), "the refused form is open: {details}");
    assert_eq!(answer(&app, "nights").await, ["3"]);
    assert!(answer(&app, "desk_note").await.is_empty());

    // Good answers are saved and audited by field name; an empty optional answer is allowed.
    let good = body(&[("q.visa_required", "no"), ("q.field_visit", "smart_city"), ("q.nights", "4"), ("q.desk_note", "Needs a ramp")]);
    let r = post(&admin, &app, &path, &good).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/admin/registrations/{id}?done=saved")));
    assert_eq!(answer(&app, "desk_note").await, ["Needs a ramp"]);
    assert_eq!(answer(&app, "field_visit").await, ["smart_city"]);
    let line = app.value::<String>("SELECT detail FROM audit_log WHERE action = 'registration.answers'").await;
    assert!(line.contains("desk_note") && line.contains("field_visit") && !line.contains("ramp"), "{line}");

    // The participant never sees the organizer's note, and their correction keeps it.
    let html = app.get(&manage).await.text().await.unwrap();
    assert!(!html.contains("Desk note") && !html.contains("Needs a ramp"));
    let correction = vec![
        ("given_name", "Pema"),
        ("family_name", "Wangchuk"),
        ("organization", "Ministry of Finance"),
        ("job_title", "Director"),
        ("q.visa_required", "no"),
        ("q.field_visit", "port"),
    ];
    assert_eq!(location(&app.post_form(&manage, &correction).await), format!("{manage}?done=details"));
    assert_eq!(answer(&app, "desk_note").await, ["Needs a ramp"], "the participant's correction leaves organizer-only answers alone");
    assert_eq!(answer(&app, "field_visit").await, ["port"]);

    // An organizer of another event may not.
    account(&app, "other@un.org", app::domain::Role::Organizer, &[]).await;
    let other = signed_in(&app, "other@un.org").await;
    assert_eq!(post(&other, &app, &path, &good).await.status(), 404);
}

#[tokio::test]
async fn retention_erases_sensitive_answers_first_and_the_tallied_answers_stay() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    let (_, token) = app.admin_client().await;
    with_form(&app, &token).await;
    registered(&app, "pema@mof.gov.bt", json!({ "visa_required": "yes", "passport_number": "BT111", "field_visit": "port", "nights": 3 }))
        .await;
    let erase = async || app::registrations::ssr::erasure::run_once(&app.state.ctx()).await.unwrap();

    // A retention period, and the event over but not the period: only sensitive answers go.
    app.exec("UPDATE events SET retention_days = 30").await;
    let now = app.state.clock.now();
    app.exec(&format!("UPDATE events SET starts_at = {}, ends_at = {}", now - 3 * 86400, now - 2 * 86400)).await;
    assert_eq!(erase().await, 0, "nobody erased yet");
    let keys = app.column::<String>("SELECT q.key FROM answers a JOIN questions q ON q.id = a.question_id ORDER BY q.position").await;
    assert_eq!(keys, ["visa_required", "field_visit", "nights"], "the passport number is erased first");
    assert_eq!(app.value::<String>("SELECT given_name FROM registrations").await, "Ana", "the person is still there");

    // Past the retention period: the person's free answers go; the choices stay for the tallies.
    app.exec(&format!("UPDATE events SET starts_at = {}, ends_at = {}", now - 41 * 86400, now - 40 * 86400)).await;
    assert_eq!(erase().await, 1);
    let keys = app.column::<String>("SELECT q.key FROM answers a JOIN questions q ON q.id = a.question_id ORDER BY q.position").await;
    assert_eq!(keys, ["visa_required", "field_visit"]);
}
