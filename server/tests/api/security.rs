//! Behind a reverse proxy, and the accounts' safeguards: only a trusted proxy's forwarded
//! address counts (and then clients are told apart), bodies are limited on every route, the
//! language switch goes back only to this site, the session cookie is `__Host-` on HTTPS,
//! erased data is overwritten, API tokens expire and need a fresh password, disabled accounts
//! stop at once, and one can change one's password and sign out one's other sessions.
use super::helpers::{Setup, TestApp, enc, location};
use app::store::Engine;
use reqwest::StatusCode;

/// A failed sign-in for `email`, sent as if forwarded for `client`.
async fn wrong_sign_in(app: &TestApp, email: &str, forwarded_for: &str) -> StatusCode {
    app.client
        .post(app.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", forwarded_for)
        .body(format!("email={}&password=not+the+password", enc(email)))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored() {
    // No trusted proxies: the socket's address is the client, whatever the header says, so a
    // client cannot escape the per-address throttle by inventing addresses.
    let app = TestApp::spawn().await;
    let per_address = app::accounts::ssr::throttle::PER_ADDRESS;
    for i in 0..per_address {
        assert_eq!(wrong_sign_in(&app, &format!("u{i}@un.org"), &format!("198.51.100.{i}")).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(wrong_sign_in(&app, "next@un.org", "203.0.113.77").await, StatusCode::TOO_MANY_REQUESTS, "one address for all");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client_and_clients_are_kept_apart() {
    let app = TestApp::with(Setup { trusted_proxies: "127.0.0.1".into(), ..Setup::default() }).await;
    let per_address = app::accounts::ssr::throttle::PER_ADDRESS;
    // One office's address runs out of attempts...
    for i in 0..per_address {
        assert_eq!(wrong_sign_in(&app, &format!("u{i}@un.org"), "198.51.100.7").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(wrong_sign_in(&app, "more@un.org", "198.51.100.7").await, StatusCode::TOO_MANY_REQUESTS);
    // ...and everyone else behind the same proxy still may try (a spoofed first entry is
    // passed over: the proxy appended the real address last).
    assert_eq!(wrong_sign_in(&app, "other@un.org", "198.51.100.7, 203.0.113.9").await, StatusCode::UNAUTHORIZED);
    // IPv6 clients are kept apart by their /64.
    for i in 0..per_address {
        assert_eq!(wrong_sign_in(&app, &format!("v{i}@un.org"), &format!("2001:db8:1:2::{i:x}")).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(wrong_sign_in(&app, "v6@un.org", "2001:db8:1:2:ffff::1").await, StatusCode::TOO_MANY_REQUESTS, "same /64");
    assert_eq!(wrong_sign_in(&app, "v6@un.org", "2001:db8:1:3::1").await, StatusCode::UNAUTHORIZED, "another /64");
}

#[tokio::test]
async fn the_forwarded_scheme_is_believed_only_from_a_trusted_proxy() {
    let hsts = async |app: &TestApp| {
        let r = app.client.get(app.url("/events")).header("x-forwarded-proto", "https").send().await.unwrap();
        r.headers().contains_key("strict-transport-security")
    };
    assert!(!hsts(&TestApp::spawn().await).await, "an untrusted peer's word is ignored");
    assert!(hsts(&TestApp::with(Setup { trusted_proxies: "127.0.0.0/8".into(), ..Setup::default() }).await).await);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_on_every_route() {
    let app = TestApp::spawn().await;
    let big = vec![b'a'; 8 * 1024 * 1024];
    for path in ["/api/fn/admin_events", "/events/forum/register", "/api/v1/events/forum/registrations", "/admin/login"] {
        let r = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(big.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
}

#[tokio::test]
async fn the_language_switch_goes_back_only_to_this_site() {
    let app = TestApp::spawn().await;
    for (back, to) in [
        ("/events/forum", "/events/forum"),
        ("/%5Cevil.example", "/events"),
        ("//evil.example", "/events"),
        ("https://evil.example", "/events"),
        ("/ok%5C..", "/events"),
    ] {
        let r = app.get(&format!("/lang/fr?back={back}")).await;
        assert_eq!(location(&r), to, "back={back}");
    }
}

#[tokio::test]
async fn on_an_https_site_the_session_cookie_is_host_prefixed_and_secure() {
    let app = TestApp::with(Setup { https_site: true, ..Setup::default() }).await;
    app.create_admin().await;
    let r = app
        .client
        .post(app.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("email=head%40un.org&password=a+long+enough+passphrase")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-plenary_session="), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("; Path=/") && !cookie.contains("Domain"), "{cookie}");
    let value = cookie.split(';').next().unwrap().to_owned();
    let page = app.client.get(app.url("/admin/accounts")).header("cookie", &value).send().await.unwrap();
    assert_eq!(page.status(), 200, "the prefixed cookie signs in");
    let plain = value.replace("__Host-plenary_session", "plenary_session");
    let page = app.client.get(app.url("/admin/accounts")).header("cookie", &plain).send().await.unwrap();
    assert!(location(&page).starts_with("/admin/login"), "an unprefixed cookie does not");
}

#[tokio::test]
async fn sqlite_overwrites_erased_data() {
    let app = TestApp::spawn().await;
    if app.engine() == Engine::Sqlite {
        assert_eq!(app.value::<i64>("PRAGMA secure_delete").await, 1);
    }
}

async fn create_token(client: &reqwest::Client, app: &TestApp, password: &str, days: &str) -> reqwest::Response {
    client
        .post(app.url("/admin/tokens"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(format!("label=ci&days={days}&password={}", enc(password)))
        .send()
        .await
        .unwrap()
}

fn token_of(html: &str) -> String {
    let at = html.find("id=\"new-token\"").expect("the new token is shown");
    let start = at + html[at..].find('>').unwrap() + 1;
    html[start..start + html[start..].find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn api_tokens_need_a_fresh_password_and_expire() {
    let app = TestApp::spawn().await;
    let (client, _) = app.admin_client().await;
    // Just signed in: no password asked.
    let r = create_token(&client, &app, "", "1").await;
    assert_eq!(r.status(), 200);
    let token = token_of(&r.text().await.unwrap());
    // A password typed is checked even then.
    assert_eq!(
        location(&create_token(&client, &app, "wrong password!", "30").await),
        "/admin/account?error=wrong_password&field=token-password&label=ci#tokens"
    );
    let api = |t: &str| app.client.get(app.url("/api/v1/events/forum/registrations")).bearer_auth(t.to_owned()).send();
    assert_ne!(api(&token).await.unwrap().status(), StatusCode::UNAUTHORIZED, "the token works");
    // Ten minutes later the password must be typed again, and right.
    app.state.clock.advance(10 * 60);
    let refused = location(&create_token(&client, &app, "", "30").await);
    assert_eq!(refused, "/admin/account?error=reauthenticate&field=token-password&label=ci#tokens");
    // The message stands beside the password field, and the label typed is kept.
    let page = client.get(app.url(&refused)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="token-password-error""#) && page.contains("Type your password to create a token."));
    assert!(page.contains(r#"aria-describedby="token-password-error""#));
    assert!(page.contains(r#"name="label" value="ci""#), "the label comes back");
    assert!(!page.contains("error-summary"), "not also at the top");
    assert_eq!(
        location(&create_token(&client, &app, "wrong password!", "30").await),
        "/admin/account?error=wrong_password&field=token-password&label=ci#tokens"
    );
    let r = create_token(&client, &app, "a long enough passphrase", "30").await;
    assert_eq!(r.status(), 200);
    let second = token_of(&r.text().await.unwrap());
    let page = client.get(app.url("/admin/account")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Expires") && page.matches("<tr>").count() >= 3, "both tokens listed with their expiry");
    // A day and a bit later the one-day token has expired; the 30-day one works.
    app.state.clock.advance(25 * 3600);
    assert_eq!(api(&token).await.unwrap().status(), StatusCode::UNAUTHORIZED, "expired");
    assert_ne!(api(&second).await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_account_stops_at_once_and_can_be_enabled_again() {
    use app::accounts::ssr::service::{NewUser, create_api_token, create_user};
    let app = TestApp::spawn().await;
    let (admin, _) = app.admin_client().await;
    let user = NewUser {
        email: "org@un.org".into(),
        name: "Org".into(),
        role: app::domain::Role::Organizer,
        events: vec![],
        all_events: true,
        password: Some("another long passphrase".into()),
    };
    let id = create_user(&app.state.ctx(), None, user).await.unwrap();
    let org = app.sign_in("org@un.org", "another long passphrase").await;
    let token = create_api_token(&app.state.ctx(), "org@un.org", "t", None).await.unwrap();
    let api = || app.client.get(app.url("/api/v1/events/none/registrations")).bearer_auth(token.clone()).send();
    assert_eq!(api().await.unwrap().status(), StatusCode::NOT_FOUND, "the token works (no such event)");
    assert_eq!(org.get(app.url("/admin")).send().await.unwrap().status(), 200);

    let post = |path: String| admin.post(app.url(&path)).header("sec-fetch-site", "same-origin").send();
    assert_eq!(location(&post(format!("/admin/accounts/{id}/disable")).await.unwrap()), "/admin/accounts?done=disabled");
    assert!(location(&org.get(app.url("/admin/events/new")).send().await.unwrap()).starts_with("/admin/login"), "the session ended");
    assert_eq!(api().await.unwrap().status(), StatusCode::UNAUTHORIZED, "the token stopped");
    let again = app
        .client
        .post(app.url("/admin/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("email=org%40un.org&password=another+long+passphrase")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "and it cannot sign in");
    let list = admin.get(app.url("/admin/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("disabled"));
    // Administrators cannot lock themselves out.
    let me: i64 = app.value("SELECT id FROM users WHERE email_norm = 'head@un.org'").await;
    assert_eq!(location(&post(format!("/admin/accounts/{me}/disable")).await.unwrap()), "/admin/accounts?error=conflict");
    assert_eq!(location(&post(format!("/admin/accounts/{id}/enable")).await.unwrap()), "/admin/accounts?done=enabled");
    app.sign_in("org@un.org", "another long passphrase").await;
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('account.disable', 'account.enable')").await == 2);
}

#[tokio::test]
async fn changing_the_password_and_signing_out_other_sessions() {
    let app = TestApp::spawn().await;
    let (laptop, _) = app.admin_client().await;
    let phone = app.sign_in("head@un.org", "a long enough passphrase").await;
    let tablet = app.sign_in("head@un.org", "a long enough passphrase").await;
    let post = |c: &reqwest::Client, path: &str, body: &str| {
        c.post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(body.to_owned())
            .send()
    };
    // Sign out the others from the tablet: the tablet stays, the rest end.
    let r = post(&tablet, "/admin/account/sessions", "").await.unwrap();
    assert_eq!(location(&r), "/admin/account?done=signed_out_others&count=2");
    assert_eq!(tablet.get(app.url("/admin/events/new")).send().await.unwrap().status(), 200);
    assert!(location(&phone.get(app.url("/admin/events/new")).send().await.unwrap()).starts_with("/admin/login"));
    assert!(location(&laptop.get(app.url("/admin/events/new")).send().await.unwrap()).starts_with("/admin/login"));

    let other = app.sign_in("head@un.org", "a long enough passphrase").await;
    assert_eq!(
        location(&post(&tablet, "/admin/account/password", "current=wrong+one+here&new=a+brand+new+passphrase").await.unwrap()),
        "/admin/account?error=wrong_password&field=pw-current#password"
    );
    let page = tablet.get(app.url("/admin/account?error=wrong_password&field=pw-current")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="pw-current-error""#) && page.contains("That password is not right."), "beside the field");
    assert_eq!(
        location(&post(&tablet, "/admin/account/password", "current=a+long+enough+passphrase&new=short").await.unwrap()),
        "/admin/account?error=too_short&field=pw-new#password"
    );
    assert_eq!(
        location(&post(&tablet, "/admin/account/password", "current=a+long+enough+passphrase&new=a+brand+new+passphrase").await.unwrap()),
        "/admin/account?done=password_changed"
    );
    assert!(location(&other.get(app.url("/admin/events/new")).send().await.unwrap()).starts_with("/admin/login"), "others signed out");
    assert_eq!(tablet.get(app.url("/admin/events/new")).send().await.unwrap().status(), 200, "this session stays");
    app.sign_in("head@un.org", "a brand new passphrase").await;
    let old = post(&app.client, "/admin/login", "email=head%40un.org&password=a+long+enough+passphrase").await.unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED, "the old password is gone");
}
