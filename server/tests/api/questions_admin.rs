//! The back office's form editor over HTTP, without JavaScript: a ready-made set added with one
//! click, a question edited, moved and removed (archived when answered), a refused form shown
//! again with its error beside the field, check-in staff kept out; and the event form's
//! "changes close" time.
use super::{
    helpers::{EventSpec, TestApp, enc, location, person},
    organizer::{account, post, signed_in},
};
use app::domain::Role;

/// The event's live question keys, in the form's order.
async fn live_keys(app: &TestApp) -> Vec<String> {
    app.column("SELECT key FROM questions WHERE archived_at IS NULL ORDER BY position").await
}

fn body(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

#[tokio::test]
async fn an_organizer_edits_the_form_with_plain_html_forms() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    account(&app, "owner@un.org", Role::Organizer, &["forum"]).await;
    let owner = signed_in(&app, "owner@un.org").await;
    let page = owner.get(app.url("/admin/events/forum")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/admin/events/forum/questions"), "the event page links to the editor");

    // The passport set, with one click.
    let r = post(&owner, &app, "/admin/events/forum/questions/preset", "preset=passport").await;
    assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, "/admin/events/forum/questions?done=saved"));
    let keys = live_keys(&app).await;
    assert_eq!(keys.first().map(String::as_str), Some("visa_required"));
    assert!(keys.contains(&"passport_number".to_owned()), "{keys:?}");
    let page = owner.get(app.url("/admin/events/forum/questions")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Passport number") && page.contains(">sensitive</span>"), "listed with its markers");

    // The edit form shows the question, its translations kept.
    let edit = owner.get(app.url("/admin/events/forum/questions/visa_required/edit")).send().await.unwrap();
    assert_eq!(edit.status(), 200);
    let edit = edit.text().await.unwrap();
    assert!(edit.contains("Avez-vous besoin d&#x27;un visa") || edit.contains("Avez-vous besoin d'un visa"), "French label in the form");
    let saved = body(&[("kind", "yes_no"), ("label_en", "Will you need a visa?"), ("label_fr", "Visa ?"), ("required", "true")]);
    let r = post(&owner, &app, "/admin/events/forum/questions/visa_required/edit", &saved).await;
    assert_eq!(r.status(), 303);
    let definition: String = app.value("SELECT CAST(definition AS TEXT) FROM questions WHERE key = 'visa_required'").await;
    assert!(definition.contains("Will you need a visa?") && definition.contains("Visa ?"), "{definition}");

    // A question of one's own, added at the end, then moved up one place.
    let added = body(&[("key", "dietary_note"), ("kind", "short_text"), ("label_en", "Anything we should know?")]);
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions", &added).await.status(), 303);
    assert_eq!(live_keys(&app).await.last().map(String::as_str), Some("dietary_note"));
    let r = post(&owner, &app, "/admin/events/forum/questions/dietary_note/move", "to=up").await;
    assert_eq!(r.status(), 303);
    let keys = live_keys(&app).await;
    assert_eq!(keys[keys.len() - 2], "dietary_note", "{keys:?}");

    // A choice whose option line cannot be read: 422, the values kept, the error beside the field.
    let bad = body(&[("key", "meal"), ("kind", "single_choice"), ("label_en", "Meal"), ("options", "veg | Vegetarian\nno pipe here")]);
    let r = post(&owner, &app, "/admin/events/forum/questions", &bad).await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Line 2 is not of the form key | label."), "the line is named");
    assert!(page.contains("id=\"options-error\"") && page.contains("no pipe here") && page.contains("value=\"meal\""), "values kept");
    assert!(!live_keys(&app).await.contains(&"meal".to_owned()));
    // A rule of the service: an option key that is not one, shown beside the options too.
    let bad = body(&[("key", "meal"), ("kind", "single_choice"), ("label_en", "Meal"), ("options", "Veg Food | Vegetarian")]);
    let r = post(&owner, &app, "/admin/events/forum/questions", &bad).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Each choice needs its own key"));

    // A participant answers; the answered question's type is then locked, and removing it archives it.
    let mut someone = person("p@gov.example", &[]);
    someone["answers"] = serde_json::json!({ "visa_required": false, "dietary_note": "No nuts" });
    assert_eq!(app.register_api("forum", &someone).await.status(), 202);
    assert!(app.count("SELECT COUNT(*) FROM answers").await >= 2);
    let relabelled = body(&[("kind", "short_text"), ("label_en", "Anything else we should know?")]);
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions/dietary_note/edit", &relabelled).await.status(), 303);
    let retyped = body(&[("kind", "long_text"), ("label_en", "Anything else we should know?")]);
    let r = post(&owner, &app, "/admin/events/forum/questions/dietary_note/edit", &retyped).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("People have answered this question"));

    // Removing a question others depend on is refused and named; nothing changes.
    let before = live_keys(&app).await;
    let r = post(&owner, &app, "/admin/events/forum/questions/visa_required/remove", "").await;
    assert_eq!(location(&r), "/admin/events/forum/questions?error=questions_condition");
    assert_eq!(live_keys(&app).await, before);

    // Removing an unanswered question deletes it; an answered one is archived with its answers.
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions/passport_number/remove", "").await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE key = 'passport_number'").await, 0);
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions/dietary_note/remove", "").await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM questions WHERE key = 'dietary_note' AND archived_at IS NOT NULL").await, 1);
    assert!(!live_keys(&app).await.contains(&"dietary_note".to_owned()));
    let page = owner.get(app.url("/admin/events/forum/questions")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("archived, answers kept"), "the archived question is listed apart");
}

#[tokio::test]
async fn check_in_staff_and_strangers_cannot_reach_the_editor() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    account(&app, "desk@un.org", Role::Checkin, &["forum"]).await;
    account(&app, "owner@un.org", Role::Organizer, &["forum"]).await;
    let desk = signed_in(&app, "desk@un.org").await;
    let owner = signed_in(&app, "owner@un.org").await;
    assert_eq!(desk.get(app.url("/admin/events/forum/questions")).send().await.unwrap().status(), 404);
    let added = body(&[("key", "note"), ("kind", "short_text"), ("label_en", "Note")]);
    for (path, form) in [
        ("/admin/events/forum/questions", added.as_str()),
        ("/admin/events/forum/questions/preset", "preset=passport"),
        ("/admin/events/forum/questions/copy", "from=forum"),
    ] {
        assert_eq!(post(&desk, &app, path, form).await.status(), 404, "check-in staff POST {path}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM questions").await, 0);
    // The owner may, so the refusal above is the account's.
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions", &added).await.status(), 303);
    for path in ["/admin/events/forum/questions/note/edit", "/admin/events/forum/questions/note/remove"] {
        assert_eq!(post(&desk, &app, path, &added).await.status(), 404, "check-in staff POST {path}");
    }
    assert_eq!(live_keys(&app).await, ["note"]);
}

#[tokio::test]
async fn questions_are_copied_from_another_event_the_organizer_manages() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    app.add_event(EventSpec { slug: "seminar", ..EventSpec::default() }).await;
    account(&app, "owner@un.org", Role::Organizer, &["forum", "seminar"]).await;
    let owner = signed_in(&app, "owner@un.org").await;
    assert_eq!(post(&owner, &app, "/admin/events/forum/questions/preset", "preset=travel").await.status(), 303);
    let page = owner.get(app.url("/admin/events/seminar/questions")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("value=\"forum\""), "the other event is offered");
    assert_eq!(post(&owner, &app, "/admin/events/seminar/questions/copy", "from=forum").await.status(), 303);
    let per_event: Vec<i64> = app.column("SELECT COUNT(*) FROM questions GROUP BY event_id ORDER BY event_id").await;
    assert_eq!(per_event.len(), 2);
    assert_eq!(per_event[0], per_event[1]);
}

#[tokio::test]
async fn the_event_form_keeps_when_changes_close() {
    let app = TestApp::spawn().await;
    account(&app, "admin@un.org", Role::Admin, &[]).await;
    let admin = signed_in(&app, "admin@un.org").await;
    let form = "title=Seminar&slug=seminar&kind=forum&timezone=Asia%2FSeoul&starts_at=2099-01-10T09%3A00&ends_at=2099-01-11T17%3A00\
                &city=Incheon&changes_close=2099-01-05T18%3A00";
    let r = post(&admin, &app, "/admin/events", form).await;
    assert_eq!(r.status(), 303, "{}", location(&r));
    // 18:00 in Seoul (UTC+9) is 09:00 UTC.
    let stored: i64 = app.value("SELECT changes_close_at FROM events WHERE slug = 'seminar'").await;
    assert_eq!(stored, chrono::DateTime::parse_from_rfc3339("2099-01-05T09:00:00Z").unwrap().timestamp());
    let page = admin.get(app.url("/admin/events/seminar")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("value=\"2099-01-05T18:00\""), "shown back on the event page");
    let cleared = form.replace("&changes_close=2099-01-05T18%3A00", "&changes_close=");
    assert_eq!(post(&admin, &app, "/admin/events/seminar", &cleared).await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE changes_close_at IS NULL").await, 1);
    let bad = form.replace("2099-01-05T18%3A00", "soon");
    assert_eq!(post(&admin, &app, "/admin/events/seminar", &bad).await.status(), 422);
}
