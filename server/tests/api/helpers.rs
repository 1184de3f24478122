//! `TestApp`: Plenary on a fresh database in a temporary folder, served on a loopback port,
//! delivering email to an in-process SMTP server; one method per endpoint.
use super::smtp::SmtpSink;
use app::server::{
    AppState,
    clock::Clock,
    db::{BoxFuture, Store, StoreOptions},
    state::{Config, Faults},
};
use leptos::prelude::LeptosOptions;
use reqwest::{Client, Response, redirect::Policy};
use serde_json::Value;
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub smtp: SmtpSink,
    pub client: Client,
    /// The SQLite file, for tests that copy or reopen it.
    pub db_path: String,
    _dir: tempfile::TempDir,
}

/// A small event for tests, in the past or future as asked.
pub struct EventSpec {
    pub slug: &'static str,
    pub capacity: Option<i64>,
    pub requires_approval: bool,
    /// Registration window relative to now, in seconds.
    pub opens_in: i64,
    pub closes_in: i64,
    /// (title, capacity, parallel group)
    pub sessions: Vec<(&'static str, Option<i64>, Option<&'static str>)>,
}

impl Default for EventSpec {
    fn default() -> Self {
        Self { slug: "forum", capacity: None, requires_approval: false, opens_in: -3600, closes_in: 30 * 24 * 3600, sessions: vec![] }
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Faults::default()).await
    }

    pub async fn spawn_with(faults: Faults) -> Self {
        Self::spawn_configured(faults, false).await
    }

    /// With the rate limits on (tests register hundreds of people from one address, so the
    /// others run without them).
    pub async fn spawn_limited() -> Self {
        Self::spawn_configured(Faults::default(), true).await
    }

    async fn spawn_configured(faults: Faults, limits: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db_path = format!("{}/test.db", dir.path().display());
        let url = format!("sqlite://{db_path}");
        let store = Store::open(&StoreOptions::new(url)).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let smtp = SmtpSink::start().await;
        let state = AppState {
            batches: app::server::state::Batches::start(&store),
            pages: Default::default(),
            store,
            config: Arc::new(Config { base_url: base.clone(), ..Config::default() }),
            clock: Clock::default(),
            leptos_options: LeptosOptions::builder().output_name("plenary").site_addr(addr).build(),
            faults: Arc::new(faults),
            throttle: Default::default(),
            limits: Arc::new(app::server::rate_limit::RateLimiter::new(limits)),
        };
        let mailer = app::server::mail::Mailer::smtp(&format!("smtp://127.0.0.1:{}", smtp.port)).unwrap();
        server::spawn_background(&state, mailer);
        let router = server::router::build(state.clone());
        tokio::spawn(
            async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() },
        );
        let client = Client::builder().redirect(Policy::none()).build().unwrap();
        Self { base, state, smtp, client, db_path, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Inserts an event (published, public) with its sessions; returns the session ids.
    pub async fn add_event(&self, spec: EventSpec) -> Vec<i64> {
        let now = self.state.clock.now();
        self.state
            .store
            .write(move |conn| -> BoxFuture<'_, _> {
                Box::pin(async move {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, registration_opens_at, registration_closes_at,
                             capacity, requires_approval, venue, city, host_country, created_at, updated_at)
                         VALUES (?, 'forum', 'Test Forum', 'Asia/Seoul', ?, ?, ?, ?, ?, ?, 'Songdo Convensia', 'Incheon', 'KR', ?, ?) RETURNING id",
                    )
                    .bind(spec.slug)
                    .bind(now + 40 * 24 * 3600)
                    .bind(now + 43 * 24 * 3600)
                    .bind(now + spec.opens_in)
                    .bind(now + spec.closes_in)
                    .bind(spec.capacity)
                    .bind(spec.requires_approval)
                    .bind(now)
                    .bind(now)
                    .fetch_one(&mut *conn)
                    .await?;
                    let mut ids = Vec::new();
                    for (i, (title, cap, group)) in spec.sessions.iter().enumerate() {
                        let start = now + 40 * 24 * 3600 + i as i64 * 3600;
                        let sid: i64 = sqlx::query_scalar(
                            "INSERT INTO sessions (event_id, title, starts_at, ends_at, capacity, parallel_group) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        )
                        .bind(id)
                        .bind(title)
                        .bind(start)
                        .bind(start + 3600)
                        .bind(cap)
                        .bind(group)
                        .fetch_one(&mut *conn)
                        .await?;
                        ids.push(sid);
                    }
                    Ok(ids)
                })
            })
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// POSTs a form as a browser does (`application/x-www-form-urlencoded`).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body: String = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        self.client.post(self.url(path)).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap()
    }

    pub async fn register_api(&self, slug: &str, body: &Value) -> Response {
        self.client.post(self.url(&format!("/api/v1/events/{slug}/registrations"))).json(body).send().await.unwrap()
    }

    /// Follows a link from an email (which points at this server) and returns the response.
    pub async fn follow(&self, link: &str) -> Response {
        self.client.get(link).send().await.unwrap()
    }

    /// An administrator signed in (a cookie-keeping client) and an API token of theirs.
    pub async fn admin_client(&self) -> (Client, String) {
        use app::accounts::ssr::service::{NewUser, create_api_token, create_user};
        let user = NewUser {
            email: "head@un.org".into(),
            name: "Head".into(),
            role: app::domain::Role::Admin,
            events: vec![],
            all_events: true,
            password: Some("a long enough passphrase".into()),
        };
        create_user(&self.state, None, user).await.unwrap();
        let client = Client::builder().redirect(Policy::none()).cookie_store(true).build().unwrap();
        let r = client
            .post(self.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body("email=head%40un.org&password=a+long+enough+passphrase")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let token = create_api_token(&self.state, "head@un.org", "tests").await.unwrap();
        (client, token)
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.state.store.reader()).await.unwrap()
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A valid registration for the JSON API.
pub fn person(email: &str, sessions: &[i64]) -> Value {
    serde_json::json!({
        "given_name": "Ana", "family_name": "Reyes", "email": email, "country": "PH",
        "organization": "Department of Foreign Affairs", "organization_type": "government",
        "job_title": "Director", "sessions": sessions, "consent": true
    })
}

pub fn location(r: &Response) -> String {
    r.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}
