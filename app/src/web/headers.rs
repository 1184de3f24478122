//! Security headers on every response. Pages get a Content-Security-Policy with the nonce
//! Leptos puts on its own scripts (no `unsafe-inline`); everything else a policy that allows
//! nothing to run. Links carrying tokens (`/manage/...`, `/confirm/...`) never leak through
//! `Referer` to other sites, and pages with personal data are never stored by a cache.
use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// The policy for a rendered page: scripts only from this site or with the page's nonce, the
/// wasm bundle compiled, no plugins, no framing, forms only to this site.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For JSON, files and redirects: nothing may run or frame them.
const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Pages and answers that hold personal data: the back office, a person's manage page, the API.
fn private(path: &str) -> bool {
    ["/admin", "/manage/", "/confirm/", "/api/", "/link/"].iter().any(|p| path.starts_with(p))
}

/// HSTS only where the site is served over HTTPS on a real host (not on a developer's machine).
pub fn wants_hsts(base_url: &str) -> bool {
    let Some(rest) = base_url.strip_prefix("https://") else { return false };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    !(host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "[::1]")
}

/// The middleware; its state is the site's base URL.
pub async fn secure(State(base_url): State<String>, request: Request, next: Next) -> Response {
    let private = private(request.uri().path());
    // Over HTTPS as the site's address says, or as a trusted proxy says it reached us.
    let https = wants_hsts(&base_url) || super::client::of(&request).https;
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING));
    }
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_only_on_https_hosts_that_are_not_this_machine() {
        assert!(wants_hsts("https://events.un.org"));
        assert!(wants_hsts("https://events.un.org:8443/"));
        assert!(!wants_hsts("http://events.un.org"));
        assert!(!wants_hsts("https://localhost:3000"));
        assert!(!wants_hsts("https://127.0.0.1"));
    }

    #[test]
    fn the_page_policy_allows_no_inline_script_without_the_nonce() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!p.contains("unsafe-inline"));
        assert!(p.contains("frame-ancestors 'none'"));
    }
}
