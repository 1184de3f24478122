//! The whole HTTP surface in one place: pages, form endpoints, the JSON API, static files.
use app::{App, api, registrations::ssr::handlers, server::AppState, shell};
use axum::{
    Router,
    routing::{get, post},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/events/{slug}/register", post(handlers::submit_registration))
        .route("/confirm/{token}", get(handlers::confirm))
        .route("/manage/{token}/sessions", post(handlers::change_sessions))
        .route("/manage/{token}/cancel", post(handlers::cancel))
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api::routes())
        // Also provides `AppState` as context to every page and server function.
        .leptos_routes_with_context(&state, routes, || (), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .with_state(state)
}
