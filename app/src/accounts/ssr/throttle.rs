//! Login rate limits, per account and per client address: after too many failures within a
//! window, further attempts are refused until the oldest failure leaves the window. Kept in
//! memory: a restart forgets them, which only ever helps the rightful owner.
use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

/// Failures allowed per account within the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures allowed per client address within the window (an office shares one address).
pub const PER_ADDRESS: usize = 30;
/// The window, in seconds.
pub const WINDOW: i64 = 15 * 60;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<i64>>>,
}

fn account_key(email_norm: &str) -> String {
    format!("a:{email_norm}")
}

fn address_key(address: &str) -> String {
    format!("i:{address}")
}

impl LoginThrottle {
    /// Whether an attempt for this account from this address may go ahead at `now`.
    pub fn allows(&self, email_norm: &str, address: &str, now: i64) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut recent = |key: String| {
            let list = map.entry(key).or_default();
            while list.front().is_some_and(|t| *t <= now - WINDOW) {
                list.pop_front();
            }
            list.len()
        };
        recent(account_key(email_norm)) < PER_ACCOUNT && recent(address_key(address)) < PER_ADDRESS
    }

    pub fn failed(&self, email_norm: &str, address: &str, now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [account_key(email_norm), address_key(address)] {
            map.entry(key).or_default().push_back(now);
        }
        // Forget keys with nothing recent, so the map stays small under a spray of addresses.
        if map.len() > 10_000 {
            map.retain(|_, list| list.back().is_some_and(|t| *t > now - WINDOW));
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn succeeded(&self, email_norm: &str) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&account_key(email_norm));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_five_failures_until_the_window_passes() {
        let t = LoginThrottle::default();
        for i in 0..PER_ACCOUNT as i64 {
            assert!(t.allows("a@x.org", "10.0.0.1", 100 + i));
            t.failed("a@x.org", "10.0.0.1", 100 + i);
        }
        assert!(!t.allows("a@x.org", "10.0.0.2", 110), "another address does not help");
        assert!(t.allows("b@x.org", "10.0.0.1", 110), "other accounts from the address still may try");
        assert!(t.allows("a@x.org", "10.0.0.2", 100 + WINDOW + 1));
    }

    #[test]
    fn an_address_spraying_accounts_is_stopped() {
        let t = LoginThrottle::default();
        for i in 0..PER_ADDRESS {
            t.failed(&format!("u{i}@x.org"), "10.0.0.9", 100);
        }
        assert!(!t.allows("new@x.org", "10.0.0.9", 101));
        assert!(t.allows("new@x.org", "10.0.0.8", 101));
    }
}
