//! `TestApp`: Plenary on a fresh database, served on a loopback port, delivering email to an
//! in-process SMTP server; one method per endpoint.
//!
//! The backend is SQLite (a file in a temporary folder), or PostgreSQL when
//! `PLENARY_TEST_POSTGRES` names a server (`postgres://postgres@127.0.0.1:PORT`): each test
//! then gets a database of its own on it. The test command runs the whole suite both ways.
use super::smtp::SmtpSink;
use app::{
    clock::Clock,
    context::{Config, Faults},
    state::AppState,
    store::{BoxFuture, Engine, Scalar, Store, StoreOptions},
};
use leptos::prelude::LeptosOptions;
use reqwest::{Client, Response, redirect::Policy};
use serde_json::Value;
use std::sync::Arc;

/// The PostgreSQL server the tests run on, if any.
pub fn postgres() -> Option<String> {
    std::env::var("PLENARY_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

/// A new, empty database: a SQLite file in `dir`, or a database of its own on the test's
/// PostgreSQL server.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    fresh_database_on(dir, postgres()).await
}

async fn fresh_database_on(dir: &std::path::Path, server: Option<String>) -> String {
    match server {
        None => format!("sqlite://{}/test.db", dir.display()),
        Some(server) => {
            use sqlx::Connection;
            let name = format!("plenary_test_{}", app::tokens::generate().text.to_lowercase().replace(['-', '_'], "")[..16].to_owned());
            let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("the test PostgreSQL server answers");
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            format!("{server}/{name}")
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub smtp: SmtpSink,
    pub client: Client,
    /// The database's URL, for tests that open it again (another instance, a copy).
    pub db_url: String,
    /// The SQLite file, for tests that copy it (empty on PostgreSQL).
    pub db_path: String,
    _dir: Arc<tempfile::TempDir>,
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

/// How a test app is made.
#[derive(Clone, Default)]
pub struct Setup {
    pub faults: Faults,
    /// Rate limits on (tests register hundreds of people from one address, so the others
    /// run without them).
    pub limits: bool,
    /// Test-only: PostgreSQL writers without their lock (the cross-instance race's control).
    pub no_writer_lock: bool,
    pub trusted_proxies: String,
    /// Serve as if the site's address were `https://events.example.org`.
    pub https_site: bool,
    /// Run no email worker (so another instance's claims are the only ones).
    pub no_worker: bool,
    /// SQLite whatever the suite's backend (a copy's source).
    pub sqlite: bool,
    /// A server without the documents' fonts (documents off).
    pub no_fonts: bool,
}

/// The documents' renderer, loaded once for the whole suite (the fonts weigh 60 MB).
pub fn documents() -> app::documents::ssr::engine::Documents {
    use app::documents::ssr::engine::{DEFAULT_FONT_DIR, Documents};
    static DOCUMENTS: std::sync::OnceLock<Documents> = std::sync::OnceLock::new();
    DOCUMENTS.get_or_init(|| Documents::load(std::path::Path::new(DEFAULT_FONT_DIR))).clone()
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::with(Setup::default()).await
    }

    pub async fn spawn_with(faults: Faults) -> Self {
        Self::with(Setup { faults, ..Setup::default() }).await
    }

    pub async fn spawn_limited() -> Self {
        Self::with(Setup { limits: true, ..Setup::default() }).await
    }

    pub async fn with(setup: Setup) -> Self {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let url = fresh_database_on(dir.path(), if setup.sqlite { None } else { postgres() }).await;
        let smtp = SmtpSink::start().await;
        Self::on(url, dir, smtp, setup).await
    }

    /// Another instance on this one's database, delivering to the same SMTP server: what a
    /// second `plenary serve` behind the same proxy is.
    pub async fn another(&self, setup: Setup) -> Self {
        Self::on(self.db_url.clone(), self._dir.clone(), self.smtp.clone(), setup).await
    }

    /// An instance on another database (a copy of this one's), delivering to the same SMTP server.
    pub async fn another_on(&self, url: &str) -> Self {
        Self::on(url.to_owned(), self._dir.clone(), self.smtp.clone(), Setup::default()).await
    }

    async fn on(url: String, dir: Arc<tempfile::TempDir>, smtp: SmtpSink, setup: Setup) -> Self {
        let options = StoreOptions { no_writer_lock: setup.no_writer_lock, ..StoreOptions::new(&url) };
        let store = Store::open(&options).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let state = AppState {
            batches: app::registrations::ssr::batch::Batches::start(&store),
            pages: Default::default(),
            store,
            config: Arc::new(Config {
                base_url: if setup.https_site { "https://events.example.org".into() } else { base.clone() },
                documents: if setup.no_fonts { Default::default() } else { documents() },
                ..Config::default()
            }),
            clock: Clock::default(),
            leptos_options: LeptosOptions::builder().output_name("plenary").site_addr(addr).build(),
            faults: Arc::new(setup.faults),
            limits: Arc::new(app::web::rate_limit::RateLimiter::new(setup.limits)),
            proxies: Arc::new(app::web::client::TrustedProxies::parse(&setup.trusted_proxies).unwrap()),
        };
        let mailer = app::mail::Mailer::smtp(&format!("smtp://127.0.0.1:{}", smtp.port)).unwrap();
        if !setup.no_worker {
            server::spawn_worker(&state, mailer);
        }
        server::spawn_jobs(&state);
        let router = server::router::build(state.clone());
        tokio::spawn(
            async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() },
        );
        // The background jobs' first runs write at start; wait for them, so a test that counts
        // commits counts only its own.
        let mut seen = state.store.commits();
        for _ in 0..40 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let now = state.store.commits();
            if now == seen && now > 0 {
                break;
            }
            seen = now;
        }
        let client = Client::builder().redirect(Policy::none()).timeout(RESPONSE_WAIT).build().unwrap();
        let db_path = url.strip_prefix("sqlite://").unwrap_or_default().to_owned();
        Self { base, state, smtp, client, db_url: url, db_path, _dir: dir }
    }

    pub fn engine(&self) -> Engine {
        self.state.store.engine()
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
                    let id: i64 = conn
                        .scalar(app::sql!(
                            "INSERT INTO events (slug, kind, title, timezone, starts_at, ends_at, registration_opens_at, registration_closes_at,
                                 capacity, requires_approval, venue, city, host_country, created_at, updated_at)
                             VALUES ($1, 'forum', 'Test Forum', 'Asia/Seoul', $2, $3, $4, $5, $6, $7, 'Songdo Convensia', 'Incheon', 'KR', $8, $8)
                             RETURNING id",
                            spec.slug,
                            now + 40 * 24 * 3600,
                            now + 43 * 24 * 3600,
                            now + spec.opens_in,
                            now + spec.closes_in,
                            spec.capacity,
                            spec.requires_approval,
                            now
                        ))
                        .await?;
                    let mut ids = Vec::new();
                    for (i, (title, cap, group)) in spec.sessions.iter().enumerate() {
                        let start = now + 40 * 24 * 3600 + i as i64 * 3600;
                        let sid: i64 = conn
                            .scalar(app::sql!(
                                "INSERT INTO sessions (event_id, title, starts_at, ends_at, capacity, parallel_group)
                                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                id,
                                *title,
                                start,
                                start + 3600,
                                *cap,
                                group.map(str::to_owned)
                            ))
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

    /// The administrator `head@un.org` (password "a long enough passphrase").
    pub async fn create_admin(&self) {
        use app::accounts::ssr::service::{NewUser, create_user};
        let user = NewUser {
            email: "head@un.org".into(),
            name: "Head".into(),
            role: app::domain::Role::Admin,
            events: vec![],
            all_events: true,
            password: Some("a long enough passphrase".into()),
        };
        create_user(&self.state.ctx(), None, user).await.unwrap();
    }

    /// An administrator signed in (a cookie-keeping client) and an API token of theirs.
    pub async fn admin_client(&self) -> (Client, String) {
        self.create_admin().await;
        let client = self.sign_in("head@un.org", "a long enough passphrase").await;
        let token = app::accounts::ssr::service::create_api_token(&self.state.ctx(), "head@un.org", "tests", None).await.unwrap();
        (client, token)
    }

    /// A cookie-keeping client signed in with these credentials.
    pub async fn sign_in(&self, email: &str, password: &str) -> Client {
        let client = Client::builder().redirect(Policy::none()).cookie_store(true).timeout(RESPONSE_WAIT).build().unwrap();
        let r = client
            .post(self.url("/admin/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(format!("email={}&password={}", enc(email), enc(password)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "signed in as {email}");
        client
    }

    /// The one value a statement returns.
    pub async fn value<T: Scalar>(&self, sql: &str) -> T {
        self.state.store.read().await.unwrap().scalar(app::sql!(sql.to_owned())).await.unwrap()
    }

    /// The first column of every row a statement returns.
    pub async fn column<T: Scalar>(&self, sql: &str) -> Vec<T> {
        self.state.store.read().await.unwrap().scalars(app::sql!(sql.to_owned())).await.unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        self.value(sql).await
    }

    /// Runs a statement through the writer, as the application's own writes go.
    pub async fn exec(&self, sql: &str) {
        let sql = sql.to_owned();
        self.state
            .store
            .write(move |conn| -> BoxFuture<'_, _> { Box::pin(async move { conn.execute(app::sql!(sql.to_owned())).await.map(|_| ()) }) })
            .await
            .unwrap();
    }

    /// Runs a statement on a connection of its own, behind the writer's back: no commit is
    /// counted and no other instance is told.
    pub async fn exec_behind(&self, sql: &str) {
        use sqlx::Connection;
        match self.engine() {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.db_url).await.unwrap();
                sqlx::Executor::execute(&mut c, sql).await.unwrap();
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.db_url).await.unwrap();
                sqlx::Executor::execute(&mut c, sql).await.unwrap();
            }
        }
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A valid registration for the JSON API.
/// How long a test waits for any one response. A whole test once hung now and then: a page
/// rendered while another test's router generated Leptos's route list (which suspends every
/// resource of the process) never answered; routes are now generated once per process
/// (`server::router::build`). Past this wait a test fails naming the request instead of
/// holding the suite until CI's limit.
pub const RESPONSE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

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

/// Polls `cond` every 50 ms for up to `secs` seconds.
pub async fn eventually(secs: u64, mut cond: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..secs * 20 {
        if cond().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Server {
    pub child: tokio::process::Child,
    pub base: String,
}

/// `plenary serve` as its own process on the given database, mail to `smtp_port`.
pub async fn start_server(db_url: &str, smtp_port: u16) -> Server {
    start_server_with(db_url, smtp_port, &[]).await
}

/// The same, with more settings (`PLENARY_DEMO`, ...).
pub async fn start_server_with(db_url: &str, smtp_port: u16, env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .arg("serve")
        .env("PLENARY_LISTEN", format!("127.0.0.1:{port}"))
        .env("PLENARY_BASE_URL", &base)
        .env("PLENARY_DATABASE_URL", db_url)
        .env("PLENARY_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("PLENARY_RATE_LIMIT", "off")
        .env("PLENARY_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the plenary binary starts");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
            return Server { child, base };
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("plenary did not start");
}
