//! Organizer accounts on the server: passwords, sign-in sessions and API tokens, the rights of
//! each account, login rate limits and the audit log.
pub mod audit;
pub mod handlers;
pub mod password;
pub mod principal;
pub mod service;
pub mod throttle;

pub use principal::Principal;
