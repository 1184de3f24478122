//! The Plenary server: settings, the router (reused by the tests), the background tasks, the
//! demo data and the copy of a SQLite database into PostgreSQL.
pub mod copy;
pub mod demo;
pub mod router;
pub mod settings;

use app::{
    clock::Clock,
    context::{Config, Faults},
    documents::ssr::engine::Documents,
    mail::{Mailer, worker},
    state::AppState,
    store::{Store, StoreOptions, jobs},
};
use leptos::prelude::LeptosOptions;
use settings::Settings;
use std::{sync::Arc, time::Duration};

/// The Leptos options for serving the compiled site from `site_root`.
pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("plenary")
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.listen)
        .build()
}

/// Opens the database and assembles the shared state.
pub async fn state(settings: &Settings) -> Result<AppState, String> {
    let options = StoreOptions { max_batch: usize::from(settings.write_batch), ..StoreOptions::new(&settings.database_url) };
    let store = Store::open(&options).await.map_err(|e| format!("cannot open the database {}: {e:?}", settings.redacted_database_url()))?;
    let documents = Documents::load(std::path::Path::new(&settings.font_dir));
    if let Documents::Off(why) = &documents {
        tracing::error!("{why}");
    }
    let config = Config { base_url: settings.base_url(), mail_from: settings.mail_from.clone(), documents, ..Config::default() };
    Ok(assemble(store, config, settings))
}

/// The state around an open store.
fn assemble(store: Store, config: Config, settings: &Settings) -> AppState {
    AppState {
        batches: app::registrations::ssr::batch::Batches::start(&store),
        pages: Default::default(),
        store,
        config: Arc::new(config),
        clock: Clock::default(),
        leptos_options: leptos_options(settings),
        faults: Arc::new(Faults::default()),
        limits: Arc::new(app::web::rate_limit::RateLimiter::new(settings.rate_limit != "off")),
        proxies: Arc::new(settings.trusted_proxies().unwrap_or_default()),
    }
}

/// The email backend the settings choose.
pub fn mailer(settings: &Settings) -> Result<Mailer, String> {
    match &settings.smtp_url {
        Some(url) => Mailer::smtp(url),
        None => Mailer::folder(&settings.mail_dir),
    }
}

/// How often each background job runs, and how long its lease lasts (longer, so the holder
/// keeps the job while it lives).
const EXPIRY_EVERY: Duration = Duration::from_secs(60);
const EXPIRY_LEASE: i64 = 90;
const RETENTION_EVERY: Duration = Duration::from_secs(3600);
const RETENTION_LEASE: i64 = 3900;

/// Starts the background tasks: email delivery on every instance; the expiry of unconfirmed
/// registrations (and of old sign-in attempts) and the retention job on the one instance that
/// holds each job's lease.
pub fn spawn_background(state: &AppState, mailer: Mailer) {
    spawn_worker(state, mailer);
    spawn_jobs(state);
}

/// The email worker (every instance runs one).
pub fn spawn_worker(state: &AppState, mailer: Mailer) {
    tokio::spawn(worker::run(worker::Worker {
        store: state.store.clone(),
        clock: state.clock.clone(),
        from: state.config.mail_from.as_str().into(),
        mailer,
        attach: app::documents::ssr::attachments::hook(state.store.clone(), state.config.clone(), state.clock.clone()),
    }));
}

/// The jobs that run on one instance at a time.
pub fn spawn_jobs(state: &AppState) {
    let holder = uuid_like();
    let s = state.clone();
    let me = holder.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EXPIRY_EVERY);
        loop {
            tick.tick().await;
            let ctx = s.ctx();
            match jobs::lead(&s.store, "expire_unconfirmed", me.clone(), ctx.now, EXPIRY_LEASE).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    e.log();
                    continue;
                }
            }
            match app::registrations::ssr::service::expire_unconfirmed(&ctx).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "unconfirmed registrations expired"),
                Err(e) => e.log(),
            }
            if let Err(e) = app::accounts::ssr::throttle::forget_old(&s.store, ctx.now).await {
                e.log();
            }
        }
    });
    let s = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RETENTION_EVERY);
        loop {
            tick.tick().await;
            let ctx = s.ctx();
            match jobs::lead(&s.store, "retention", holder.clone(), ctx.now, RETENTION_LEASE).await {
                Ok(true) => {
                    if let Err(e) = app::registrations::ssr::erasure::run_once(&ctx).await {
                        tracing::error!(error = %e, "retention job failed");
                    }
                }
                Ok(false) => {}
                Err(e) => e.log(),
            }
        }
    });
}

/// A name for this instance as a job's lease holder.
fn uuid_like() -> String {
    format!("{}-{}", std::process::id(), app::tokens::generate().text.get(..12).unwrap_or_default())
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(settings: &Settings) -> Result<(), String> {
    let state = state(settings).await?;
    if settings.demo && demo::seed_if_empty(&state).await.map_err(|e| format!("{e:?}"))? {
        tracing::info!("seeded the demo events");
        demo::seed_admin(&state).await.map_err(|e| format!("{e:?}"))?;
    }
    let mailer = mailer(settings)?;
    match &settings.smtp_url {
        Some(_) => tracing::info!("emails go to the SMTP server"),
        None => tracing::info!(folder = %settings.mail_dir, "emails are written to a folder; links are logged"),
    }
    spawn_background(&state, mailer);
    let listener =
        tokio::net::TcpListener::bind(settings.listen).await.map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    tracing::info!("Plenary is listening on http://{} (links in emails use {})", settings.listen, settings.base_url());
    axum::serve(listener, router::build(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
