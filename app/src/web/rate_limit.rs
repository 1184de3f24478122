//! Rate limits on the endpoints a script could hammer: registering (per client address and per
//! email address, so nobody can flood an inbox with "you are already registered" emails),
//! following emailed links, and resending an email. Over a limit the answer is 429 with a
//! `Retry-After`. Counts live in memory per window; `PLENARY_RATE_LIMIT=off` turns them off for
//! benchmarks on loopback. Clients are told apart by `client::Client::key` (behind a trusted
//! proxy, the forwarded address; IPv6 by its /64). Keys are stored as hashes, so a key of any
//! length costs the same few bytes, and the map holds at most `MOST_KEYS` of them. (Sign-in
//! has its own, stricter throttle in `accounts`, shared by every instance.)
use crate::{error::AppError, state::AppState};
use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, sync::Mutex};

/// Most keys counted at once; a spray of new keys beyond this forgets the oldest windows
/// rather than growing without end.
pub const MOST_KEYS: usize = 100_000;

/// At most `max` hits per `window` seconds for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: i64,
}

/// Registrations from one client address. Generous: a ministry's whole delegation may sit
/// behind one address and register in the same hour.
pub const REGISTER_PER_ADDRESS: Limit = Limit { name: "register-address", max: 300, window: 600 };
/// Registrations (and so emails) for one email address.
pub const REGISTER_PER_EMAIL: Limit = Limit { name: "register-email", max: 5, window: 3600 };
/// Emailed links (confirm, manage) followed from one client address.
pub const LINKS_PER_ADDRESS: Limit = Limit { name: "links-address", max: 600, window: 600 };
/// Verification pages looked up from one client address: enough for an office checking a
/// delegation's certificates, too few to try codes at random (80 bits would take forever anyway).
pub const VERIFY_PER_ADDRESS: Limit = Limit { name: "verify-address", max: 120, window: 600 };
/// Emails resent to one registration by organizers.
pub const RESEND_PER_REGISTRATION: Limit = Limit { name: "resend", max: 5, window: 3600 };

/// (limit, hash of the key) → (window start, hits in it).
type Windows = HashMap<(&'static str, [u8; 16]), (i64, u32)>;

fn hashed(key: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&Sha256::digest(key.as_bytes())[..16]);
    out
}

pub struct RateLimiter {
    on: bool,
    hits: Mutex<Windows>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(true)
    }
}

impl RateLimiter {
    pub fn new(on: bool) -> Self {
        Self { on, hits: Mutex::new(HashMap::new()) }
    }

    /// Counts a hit; `Err(seconds)` when over the limit, with the time until the window ends.
    pub fn hit(&self, limit: Limit, key: &str, now: i64) -> Result<(), i64> {
        if !self.on {
            return Ok(());
        }
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() >= MOST_KEYS {
            // Finished windows first; then, if the map is still full, the older half.
            hits.retain(|(name, _), (start, _)| now < *start + window_of(name));
            if hits.len() >= MOST_KEYS {
                let mut starts: Vec<i64> = hits.values().map(|(s, _)| *s).collect();
                starts.sort_unstable();
                let median = starts[starts.len() / 2];
                hits.retain(|_, (start, _)| *start > median);
            }
        }
        let entry = hits.entry((limit.name, hashed(key))).or_insert((now, 0));
        if now >= entry.0 + limit.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit.max {
            return Err((entry.0 + limit.window - now).max(1));
        }
        entry.1 += 1;
        Ok(())
    }

    /// The same, as the application's error.
    pub fn check(&self, limit: Limit, key: &str, now: i64) -> Result<(), AppError> {
        self.hit(limit, key, now).map_err(AppError::RateLimited)
    }

    /// How many keys are counted now.
    pub fn len(&self) -> usize {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn window_of(name: &str) -> i64 {
    [REGISTER_PER_ADDRESS, REGISTER_PER_EMAIL, LINKS_PER_ADDRESS, RESEND_PER_REGISTRATION, VERIFY_PER_ADDRESS]
        .iter()
        .find(|l| l.name == name)
        .map_or(3600, |l| l.window)
}

/// Which per-address limit a request falls under, if any.
fn limit_for(method: &Method, path: &str) -> Option<Limit> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        (&Method::POST, ["events", _, "register"]) | (&Method::POST, ["api", "v1", "events", _, "registrations"]) => {
            Some(REGISTER_PER_ADDRESS)
        }
        (_, ["confirm", _]) | (_, ["manage", _, ..]) => Some(LINKS_PER_ADDRESS),
        (_, ["verify", _]) | (_, ["api", "v1", "verify", _]) | (_, ["api", "fn", "verify_document"]) => Some(VERIFY_PER_ADDRESS),
        _ => None,
    }
}

/// The per-address limits, as a middleware.
pub async fn by_address(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(limit) = limit_for(request.method(), request.uri().path()) {
        let address = super::client::of(&request).key();
        if let Err(e) = state.limits.check(limit, &address, state.clock.now()) {
            tracing::warn!(limit = limit.name, %address, "rate limit reached");
            return e.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limit = Limit { name: "register-email", max: 2, window: 60 };

    #[test]
    fn a_key_over_its_limit_waits_for_the_window_to_end() {
        let r = RateLimiter::new(true);
        assert_eq!(r.hit(L, "a", 100), Ok(()));
        assert_eq!(r.hit(L, "a", 110), Ok(()));
        assert_eq!(r.hit(L, "a", 120), Err(40), "retry when the window that began at 100 ends");
        assert_eq!(r.hit(L, "b", 120), Ok(()), "other keys are not affected");
        assert_eq!(r.hit(L, "a", 160), Ok(()), "a new window");
    }

    #[test]
    fn a_spray_of_keys_stays_bounded() {
        let r = RateLimiter::new(true);
        for i in 0..(MOST_KEYS + 10) {
            let _ = r.hit(L, &format!("{i}-{}", "x".repeat(1000)), i as i64 / 1000);
        }
        assert!(r.len() <= MOST_KEYS, "{} keys", r.len());
        assert_eq!(r.hit(L, "fresh", 200), Ok(()));
    }

    #[test]
    fn off_means_off() {
        let r = RateLimiter::new(false);
        for t in 0..100 {
            assert_eq!(r.hit(L, "a", t), Ok(()));
        }
    }

    #[test]
    fn the_endpoints_each_limit_covers() {
        assert_eq!(limit_for(&Method::POST, "/events/forum/register"), Some(REGISTER_PER_ADDRESS));
        assert_eq!(limit_for(&Method::POST, "/api/v1/events/forum/registrations"), Some(REGISTER_PER_ADDRESS));
        assert_eq!(limit_for(&Method::GET, "/api/v1/events/forum/registrations"), None, "organizers reading are not limited");
        assert_eq!(limit_for(&Method::GET, "/confirm/abc"), Some(LINKS_PER_ADDRESS));
        assert_eq!(limit_for(&Method::POST, "/manage/abc/cancel"), Some(LINKS_PER_ADDRESS));
        assert_eq!(limit_for(&Method::GET, "/events/forum"), None);
    }
}
