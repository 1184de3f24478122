//! The whole HTTP surface in one place: pages, form endpoints, the JSON API, static files.
//! Every state-changing request passes the cross-site check first.
use app::{
    App,
    accounts::ssr::handlers as accounts,
    admin::ssr::{handlers as admin, question_forms as questions},
    api,
    attendance::ssr::handlers as attendance,
    documents::ssr::handlers as documents,
    nominations::ssr::handlers as nominations,
    people::ssr::handlers as people,
    registrations::ssr::handlers,
    reports::ssr::handlers as reports,
    shell,
    state::AppState,
    web::{client, csrf, headers, page_cache, rate_limit},
};
use axum::{
    Router,
    routing::{MethodRouter, get, post},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;

/// The largest request body any route takes (an import of 5,000 nominees is about 1 MB);
/// larger ones are answered 413 before they are read.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// A nomination letter's upload: a PDF of up to 10 MB in its multipart form. A larger one is
/// cut off at this size and its form answered with the reason beside the field.
pub const LETTER_BODY: usize = app::nominations::ssr::letter::MAX_BYTES + 64 * 1024;

/// Caps every request body: `LETTER_BODY` on the letter upload, `MAX_BODY` elsewhere.
async fn limit_body(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    let letter = path.starts_with("/nominate/") && path.ends_with("/letter");
    let limit = if letter { LETTER_BODY } else { MAX_BODY };
    let declared =
        request.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    // A letter too large still reaches its form, which says so beside the field.
    if !letter && declared.is_some_and(|n| n > limit) {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// The HTML form endpoints, by path. Listed here (not inline) so the cross-site test can
/// enumerate every one of them.
pub fn form_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/events/{slug}/register", post(handlers::submit_registration)),
        ("/manage/{token}", post(handlers::correct_details)),
        ("/manage/{token}/sessions", post(handlers::change_sessions)),
        ("/manage/{token}/cancel", post(handlers::cancel)),
        ("/manage/{token}/erase", post(handlers::erase)),
        ("/nominate/{token}", post(nominations::nominate)),
        ("/nominate/{token}/withdraw", post(nominations::withdraw)),
        ("/nominate/{token}/letter", post(nominations::upload_letter)),
        ("/invited/{token}", post(nominations::register_invited)),
        ("/admin/login", post(accounts::login)),
        ("/admin/logout", post(accounts::logout)),
        ("/admin/invitation/{token}", post(accounts::accept_invitation)),
        ("/admin/events", post(admin::create_event)),
        ("/admin/events/{slug}", post(admin::update_event)),
        ("/admin/events/{slug}/status", post(admin::event_status)),
        ("/admin/events/{slug}/sessions", post(admin::save_session)),
        ("/admin/events/{slug}/sessions/{id}", post(admin::save_session)),
        ("/admin/events/{slug}/questions", post(questions::add)),
        ("/admin/events/{slug}/questions/preset", post(questions::add_preset)),
        ("/admin/events/{slug}/questions/copy", post(questions::copy)),
        ("/admin/events/{slug}/questions/{key}/edit", post(questions::edit)),
        ("/admin/events/{slug}/questions/{key}/move", post(questions::move_question)),
        ("/admin/events/{slug}/questions/{key}/remove", post(questions::remove)),
        ("/admin/events/{slug}/registrations", post(admin::add_registration)),
        ("/admin/events/{slug}/import", post(admin::import)),
        ("/admin/events/{slug}/messages", post(admin::send_message)),
        ("/admin/events/{slug}/attendance", post(attendance::upload)),
        ("/admin/events/{slug}/attendance/threshold", post(attendance::threshold)),
        ("/admin/events/{slug}/attendance/{id}", post(attendance::save)),
        ("/admin/events/{slug}/report", post(reports::save_settings)),
        ("/admin/events/{slug}/nominations", post(nominations::save_settings)),
        ("/admin/events/{slug}/documents", post(documents::save_settings)),
        ("/admin/events/{slug}/documents/images", post(documents::save_image)),
        ("/admin/events/{slug}/documents/certificates", post(documents::send_certificates)),
        ("/admin/events/{slug}/documents/issue", post(documents::issue_by_hand)),
        ("/admin/events/{slug}/documents/{id}/revoke", post(documents::revoke)),
        ("/admin/registrations/{id}/badge-role", post(documents::badge_role)),
        ("/manage/{token}/passport", post(documents::give_passport)),
        ("/admin/events/{slug}/focal-points", post(nominations::add_focal)),
        ("/admin/events/{slug}/focal-points/{id}/{action}", post(nominations::focal_action)),
        ("/admin/emails/{id}/retry", post(admin::retry_email)),
        ("/admin/registrations/{id}/checkin", post(admin::checkin)),
        ("/admin/registrations/{id}/edit", post(admin::edit_registration)),
        ("/admin/registrations/{id}/answers", post(admin::registration_answers)),
        ("/admin/registrations/{id}/resend", post(admin::resend)),
        ("/admin/people/{id}/merge", post(people::merge)),
        ("/admin/registrations/{id}/{decision}", post(admin::decide)),
        ("/admin/accounts", post(admin::create_account)),
        ("/admin/tokens", post(admin::create_token)),
        ("/admin/accounts/{id}/{to}", post(admin::account_state)),
        ("/admin/account/password", post(accounts::change_password)),
        ("/admin/account/sessions", post(accounts::sign_out_others)),
        ("/admin/tokens/{id}/revoke", post(admin::revoke_token)),
    ]
}

/// The pages' routes, generated once per process. Leptos generates them by running the whole
/// application with every resource of the process suspended (a global flag): a page rendered
/// meanwhile by another router of the same process never answers. Several routers live in one
/// process in the integration tests (a test of it: `pages_render_while_other_routers_are_built`).
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let routes = page_routes();
    let options = state.leptos_options.clone();
    let mut router = Router::new();
    for (path, method) in form_routes() {
        router = router.route(path, method);
    }
    router
        .route("/confirm/{token}", get(handlers::confirm))
        .route("/manage/{token}/data.json", get(handlers::my_data))
        .route("/nominate/{token}/letter.pdf", get(nominations::own_letter))
        .route("/admin/events/{slug}/focal-points/{id}/letter.pdf", get(nominations::organizer_letter))
        // Documents: the participant's by their link; badges, letters and certificates for
        // organizers (cookie or API token).
        .route("/manage/{token}/{file}", get(documents::participant_pdf))
        .route("/admin/events/{slug}/badges.pdf", get(documents::badges))
        // The same pattern as the decisions (POST), so the router merges the two methods.
        .route("/admin/registrations/{id}/{decision}", get(documents::registration_pdf))
        // Downloads: signed-in organizers (cookie) or API tokens.
        .route("/admin/events/{slug}/registrations.csv", get(reports::registrations_csv))
        .route("/admin/events/{slug}/registrations.xlsx", get(reports::registrations_xlsx))
        .route("/admin/events/{slug}/report.csv", get(reports::report_csv))
        .route("/admin/events/{slug}/report.xlsx", get(reports::report_xlsx))
        .route("/admin/reports/activity.csv", get(reports::activity_csv))
        .route("/admin/reports/activity.xlsx", get(reports::activity_xlsx))
        .route("/healthz", get(api::healthz))
        .route("/lang/{code}", get(app::locale::choose))
        .nest("/api/v1", api::routes())
        // Also provides `AppState` as context to every page and server function.
        .leptos_routes_with_context(&state, routes, || (), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_cache::serve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), rate_limit::by_address))
        .layer(axum::middleware::from_fn_with_state(state.config.base_url.clone(), csrf::refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.config.base_url.clone(), headers::secure))
        // Every route, the Leptos server functions included.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(limit_body))
        .layer(axum::middleware::from_fn_with_state(state.proxies.clone(), client::mark))
        .layer(CompressionLayer::new())
        .with_state(state)
}
