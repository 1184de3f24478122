//! Cross-site request refusal for every state-changing request (forms, server functions, the
//! API): a browser tells us where a request comes from (`Sec-Fetch-Site`, else `Origin`, else
//! `Referer`); anything but this site is refused. A request with none of these comes from a
//! program, not a browser page, so nothing can be forged with it.
use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The host (and port) part of `scheme://host:port/...`.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether a request with these headers comes from this site (`base_url` is the public address).
pub fn same_site(headers: &HeaderMap, base_url: &str) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    let host = get(header::HOST.as_str());
    let ours = |url: &str| authority(url).is_some_and(|a| Some(a) == host || Some(a) == authority(base_url));
    if let Some(origin) = get(header::ORIGIN.as_str()) {
        return ours(origin);
    }
    if let Some(referer) = get(header::REFERER.as_str()) {
        return ours(referer);
    }
    true
}

pub async fn refuse_cross_site(State(base_url): State<String>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || same_site(request.headers(), &base_url) {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "Cross-site requests are refused.").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_browser_s_word_decides() {
        let base = "https://events.example.org";
        assert!(same_site(&headers(&[("sec-fetch-site", "same-origin")]), base));
        assert!(!same_site(&headers(&[("sec-fetch-site", "cross-site"), ("origin", base)]), base));
        assert!(!same_site(&headers(&[("sec-fetch-site", "same-site")]), base));
        assert!(same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]), base));
        assert!(same_site(&headers(&[("host", "10.0.0.5"), ("origin", "https://events.example.org")]), base));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]), base));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]), base));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000"), ("referer", "https://evil.example/page")]), base));
        assert!(same_site(&headers(&[("host", "127.0.0.1:3000")]), base), "programs send none of these");
    }
}
