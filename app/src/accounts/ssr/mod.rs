//! Organizer accounts on the server: passwords, sign-in sessions and API tokens, the rights of
//! each account, sign-in throttling and the audit log. `storage` holds the statements.
pub mod audit;
pub mod handlers;
pub mod password;
pub mod principal;
pub mod service;
pub mod storage;
pub mod throttle;

pub use principal::Principal;
