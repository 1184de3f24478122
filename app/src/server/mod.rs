//! Server-only infrastructure (the `ssr` feature): application state, errors, the database,
//! link tokens, email and the clock.
pub mod batch;
pub mod clock;
pub mod csrf;
pub mod db;
pub mod error;
pub mod headers;
pub mod mail;
pub mod page_cache;
pub mod rate_limit;
pub mod render;
pub mod state;
pub mod tokens;

pub use error::AppError;
pub use state::AppState;
