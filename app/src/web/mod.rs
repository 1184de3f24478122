//! The HTTP layer's own rules, shared by every route: security headers, the cross-site check,
//! rate limits, the public pages' cache and rendering a page from a form endpoint.
pub mod client;
pub mod csrf;
pub mod endpoint;
pub mod headers;
pub mod page_cache;
pub mod rate_limit;
pub mod render;
