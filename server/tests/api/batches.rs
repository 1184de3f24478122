//! Set-based batches (`registrations::ssr::batch`): a batch of the tests' choosing is handed to
//! the batch function whole, so each mix below is applied in one batch, not left to timing.
//! Each request must get the answer and the emails it would get alone.
use super::helpers::{EventSpec, TestApp, person};
use app::{
    domain::RegistrationInput,
    error::AppError,
    registrations::ssr::batch::{self, Confirming, Registering},
    store::BoxFuture,
};

fn registering(app: &TestApp, slug: &str, email: &str) -> Registering {
    let input: RegistrationInput = serde_json::from_value(person(email, &[])).unwrap();
    Registering { ctx: app.state.ctx(), slug: slug.into(), input }
}

async fn register_batch(app: &TestApp, items: Vec<Registering>) -> Vec<Result<(), AppError>> {
    let stats = app.state.batches.stats.clone();
    app.state.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(batch::register_all(conn, items, stats)) }).await.unwrap()
}

async fn confirm_batch(app: &TestApp, tokens: Vec<String>) -> Vec<Result<String, AppError>> {
    let items: Vec<_> = tokens.into_iter().map(|token| Confirming { ctx: app.state.ctx(), token }).collect();
    let stats = app.state.batches.stats.clone();
    app.state.store.write(move |conn| -> BoxFuture<'_, _> { Box::pin(batch::confirm_all(conn, items, stats)) }).await.unwrap()
}

/// The confirmation token in the newest `confirm_address` email to `email`.
async fn confirm_token(app: &TestApp, email: &str) -> String {
    let body: String = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalar(app::sql!("SELECT body_text FROM outbox WHERE kind = 'confirm_address' AND recipient = $1 ORDER BY id DESC", email))
        .await
        .unwrap();
    let at = body.find("/confirm/").unwrap() + "/confirm/".len();
    body[at..at + 43].to_owned()
}

async fn emails_of(app: &TestApp, email: &str) -> Vec<String> {
    app.state
        .store
        .read()
        .await
        .unwrap()
        .scalars(app::sql!("SELECT kind FROM outbox WHERE recipient = $1 ORDER BY id", email))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_batch_of_registrations_answers_each_as_it_would_alone() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec::default()).await;
    app.add_event(EventSpec { slug: "closed", closes_in: -60, ..Default::default() }).await;
    assert_eq!(app.register_api("forum", &person("before@example.org", &[])).await.status(), 202);

    let mut items: Vec<_> = (0..20).map(|i| registering(&app, "forum", &format!("p{i}@example.org"))).collect();
    items.push(registering(&app, "forum", "P3@Example.org")); // the same person again, in the same batch
    items.push(registering(&app, "forum", "before@example.org")); // registered before the batch
    items.push(registering(&app, "forum", "not an address"));
    items.push(registering(&app, "no-such-event", "x@example.org"));
    items.push(registering(&app, "closed", "y@example.org"));
    let before = app.state.batches.stats.counts();
    let answers = register_batch(&app, items).await;
    let after = app.state.batches.stats.counts();
    // The common case took the set-based way; only the five unusual ones went one by one.
    assert_eq!((after.0 - before.0, after.1 - before.1), (20, 5), "set-based and one-by-one items");

    assert!(answers[..22].iter().all(|a| a.is_ok()), "{:?}", &answers[..22]);
    assert!(matches!(answers[22], Err(AppError::Validation(_))), "{:?}", answers[22]);
    assert!(matches!(answers[23], Err(AppError::NotFound)), "{:?}", answers[23]);
    assert!(matches!(answers[24], Err(AppError::Conflict(_))), "{:?}", answers[24]);

    // 21 people, one registration each, each with one confirmation email and two links.
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 21);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'confirm_address'").await, 21);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM registrations r WHERE (SELECT COUNT(*) FROM tokens t WHERE t.registration_id = r.id) < 2").await,
        0
    );
    // Whoever registers again gets their links again, not a second registration.
    // (the email goes to the address as first registered)
    assert_eq!(emails_of(&app, "p3@example.org").await, ["confirm_address", "already_registered"]);
    assert_eq!(emails_of(&app, "before@example.org").await, ["confirm_address", "already_registered"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient IN ('not an address', 'x@example.org', 'y@example.org')").await, 0);

    // A link from the batch works like any other.
    let token = confirm_token(&app, "p7@example.org").await;
    assert_eq!(app.follow(&format!("{}/confirm/{token}", app.base)).await.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM registrations WHERE email = 'p7@example.org' AND status = 'confirmed'").await, 1);
}

#[tokio::test]
async fn a_batch_of_confirmations_fills_the_seats_in_order_and_answers_each_link() {
    let app = TestApp::spawn().await;
    app.add_event(EventSpec { capacity: Some(5), ..Default::default() }).await;
    for i in 0..12 {
        assert_eq!(app.register_api("forum", &person(&format!("p{i}@example.org"), &[])).await.status(), 202);
    }
    let mut tokens = Vec::new();
    for i in 0..12 {
        tokens.push(confirm_token(&app, &format!("p{i}@example.org")).await);
    }
    // p11 confirmed before the batch; its link comes again within it.
    assert_eq!(app.follow(&format!("{}/confirm/{}", app.base, tokens[11])).await.status(), 303);
    let mut batch = tokens[..11].to_vec();
    batch.push(tokens[0].clone()); // the same link twice in one batch
    batch.push(tokens[11].clone()); // a used link
    batch.push("not-a-token".into());
    let before = app.state.batches.stats.counts();
    let answers = confirm_batch(&app, batch).await;
    let after = app.state.batches.stats.counts();
    assert_eq!((after.0 - before.0, after.1 - before.1), (11, 3), "set-based and one-by-one links");

    assert!(answers[..11].iter().all(|a| a.is_ok()), "{:?}", &answers[..11]);
    assert!(matches!(answers[11], Err(AppError::Gone)), "{:?}", answers[11]);
    assert!(matches!(answers[12], Err(AppError::Gone)), "{:?}", answers[12]);
    assert!(matches!(answers[13], Err(AppError::NotFound)), "{:?}", answers[13]);

    // Five seats: p11 took one, p0..p3 the rest in link order; p4..p10 wait in that order.
    let confirmed: Vec<String> = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalars(app::sql!("SELECT email FROM registrations WHERE status = 'confirmed' ORDER BY id"))
        .await
        .unwrap();
    assert_eq!(confirmed, ["p0@example.org", "p1@example.org", "p2@example.org", "p3@example.org", "p11@example.org"]);
    let waiting: Vec<String> = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalars(app::sql!("SELECT email FROM registrations WHERE status = 'waitlisted' ORDER BY waitlist_seq"))
        .await
        .unwrap();
    assert_eq!(waiting, (4..=10).map(|i| format!("p{i}@example.org")).collect::<Vec<_>>());

    // Each got the email of its outcome: a seat with a check-in code, or a place on the list.
    assert_eq!(emails_of(&app, "p0@example.org").await, ["confirm_address", "confirmed"]);
    assert_eq!(emails_of(&app, "p6@example.org").await, ["confirm_address", "waitlisted"]);
    let position: String = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalar(app::sql!("SELECT body_text FROM outbox WHERE kind = 'waitlisted' AND recipient = 'p6@example.org'"))
        .await
        .unwrap();
    assert!(position.contains('3'), "p6 is third on the list: {position}");
    let code: String = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalar(app::sql!("SELECT checkin_code FROM registrations WHERE email = 'p0@example.org'"))
        .await
        .unwrap();
    let seat: String = app
        .state
        .store
        .read()
        .await
        .unwrap()
        .scalar(app::sql!("SELECT body_text FROM outbox WHERE kind = 'confirmed' AND recipient = 'p0@example.org'"))
        .await
        .unwrap();
    assert!(seat.contains(&app::checkin::format_code(&code)), "{seat}");

    // The manage token each confirmation answered with opens that person's page.
    let manage = answers[0].as_ref().unwrap();
    let page = app.get(&format!("/manage/{manage}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("p0@example.org"));
}
