//! The Plenary server: settings, the router (reused by the tests), the background tasks and
//! the demo data.
pub mod demo;
pub mod router;
pub mod settings;

use app::server::{
    AppState,
    clock::Clock,
    db::{Store, StoreOptions},
    mail::{Mailer, worker},
    state::{Config, Faults},
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
    let store = Store::open(&options).await.map_err(|e| format!("cannot open the database {}: {e:?}", settings.database_url))?;
    Ok(AppState {
        batches: app::server::state::Batches::start(&store),
        pages: Default::default(),
        store,
        config: Arc::new(Config { base_url: settings.base_url(), mail_from: settings.mail_from.clone(), ..Config::default() }),
        clock: Clock::default(),
        leptos_options: leptos_options(settings),
        faults: Arc::new(Faults::default()),
        throttle: Default::default(),
        limits: Arc::new(app::server::rate_limit::RateLimiter::new(settings.rate_limit != "off")),
    })
}

/// The email backend the settings choose.
pub fn mailer(settings: &Settings) -> Result<Mailer, String> {
    match &settings.smtp_url {
        Some(url) => Mailer::smtp(url),
        None => Mailer::folder(&settings.mail_dir),
    }
}

/// Starts the background tasks: email delivery, the expiry of unconfirmed registrations and
/// the retention job.
pub fn spawn_background(state: &AppState, mailer: Mailer) {
    tokio::spawn(worker::run(state.clone(), mailer));
    app::reports::ssr::retention::spawn(state.clone());
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match app::registrations::ssr::service::expire_unconfirmed(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "unconfirmed registrations expired"),
                Err(e) => e.log(),
            }
        }
    });
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
