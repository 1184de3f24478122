//! Organizer accounts: the sign-in and invitation pages, and (server side) passwords, sessions,
//! rights, rate limits and the audit log.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// A refused sign-in (or password) form, shown again: the address typed and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginRefused {
    pub email: String,
    /// `wrong`, `throttled` or (for a new password) `too_short`.
    pub reason: String,
}
