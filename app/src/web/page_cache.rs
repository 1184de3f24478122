//! The public pages' cache: the events list and each event's page, as rendered for anonymous
//! visitors, kept in memory so a rush of readers costs no rendering and no database reads.
//!
//! Fresh by construction: an entry is good only while no write has committed since it was
//! rendered (the writer counts its commits, `Store::commits`) and for at most a second, so a
//! page never shows seats or a state older than that. Pages differ by language, so the key
//! holds what picks the language (the query, the language cookie, `Accept-Language`). Signed-in
//! visitors, and any answer that sets a cookie or is not a plain 200 page, go around the cache.
//!
//! A cached page keeps no nonce: every answer gets a fresh one, written into the stored HTML
//! and its Content-Security-Policy, so one page's nonce never serves two answers.
use super::headers::page_policy;
use crate::state::AppState;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// The longest a page is served from memory, for what changes with time alone (a deadline).
const FRESH_FOR: Duration = Duration::from_secs(1);
/// Most pages kept; past that the cache starts again empty (language variants of some
/// hundred events fit).
const MOST_ENTRIES: usize = 2048;
/// Larger pages are not kept.
const LARGEST_PAGE: usize = 512 * 1024;

struct Entry {
    commits: u64,
    at: Instant,
    headers: HeaderMap,
    /// The HTML with the nonce it was rendered with; replaced on every answer.
    html: String,
    nonce: String,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
}

/// The pages kept: the home page, the events list and an event's page.
fn cacheable(path: &str) -> bool {
    match path.strip_prefix("/events/") {
        Some(slug) => !slug.is_empty() && !slug.contains('/'),
        None => path == "/" || path == "/events",
    }
}

fn key(request: &Request) -> Option<String> {
    if request.method() != Method::GET || !cacheable(request.uri().path()) {
        return None;
    }
    let h = request.headers();
    let text = |name| h.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).unwrap_or("");
    let cookies = text(header::COOKIE);
    if cookies.contains(crate::accounts::ssr::principal::COOKIE) {
        return None;
    }
    Some(format!("{}\n{cookies}\n{}", request.uri(), text(header::ACCEPT_LANGUAGE)))
}

/// The nonce named in a page's Content-Security-Policy.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(policy[start..start + len].to_owned())
}

fn fresh_nonce() -> String {
    use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    STANDARD_NO_PAD.encode(bytes)
}

/// Answers from a stored page, under a fresh nonce.
fn answer(entry: &Entry) -> Response {
    let nonce = fresh_nonce();
    let html = entry.html.replace(&entry.nonce, &nonce);
    let mut response = (StatusCode::OK, html).into_response();
    *response.headers_mut() = entry.headers.clone();
    if let Ok(policy) = HeaderValue::from_str(&page_policy(&nonce)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// The middleware.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(key) = key(&request) else { return next.run(request).await };
    let commits = state.store.commits();
    {
        let entries = state.pages.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get(&key).filter(|e| e.commits == commits && e.at.elapsed() < FRESH_FOR) {
            return answer(entry);
        }
    }
    let response = next.run(request).await;
    let keep = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let Some(nonce) = keep.then(|| nonce_of(response.headers())).flatten() else { return response };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be read").into_response();
    };
    let Ok(html) = String::from_utf8(bytes.to_vec()) else { return Response::from_parts(parts, Body::from(bytes)) };
    let entry = Entry { commits, at: Instant::now(), headers: parts.headers.clone(), html, nonce };
    let mut entries = state.pages.entries.lock().unwrap_or_else(|e| e.into_inner());
    if entries.len() >= MOST_ENTRIES {
        entries.clear();
    }
    let fresh = answer(&entry);
    entries.insert(key, entry);
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_kept() {
        assert!(cacheable("/"));
        assert!(cacheable("/events"));
        assert!(cacheable("/events/forum-2027"));
        assert!(!cacheable("/events/forum-2027/register"));
        assert!(!cacheable("/events/"));
        assert!(!cacheable("/admin"));
        assert!(!cacheable("/manage/abc"));
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&page_policy("n0nce")).unwrap());
        assert_eq!(nonce_of(&h).as_deref(), Some("n0nce"));
    }

    #[test]
    fn every_answer_has_its_own_nonce_in_page_and_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        let entry = Entry {
            commits: 0,
            at: Instant::now(),
            headers,
            html: r#"<script nonce="OLD">x</script><script nonce="OLD">y</script>"#.into(),
            nonce: "OLD".into(),
        };
        let (a, b) = (answer(&entry), answer(&entry));
        let (na, nb) = (nonce_of(a.headers()).unwrap(), nonce_of(b.headers()).unwrap());
        assert_ne!(na, nb);
        assert_ne!(na, "OLD");
    }
}
