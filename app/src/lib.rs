//! Plenary's application: the HTML shell, the routes and pages (rendered on the server and
//! hydrated in the browser), the domain types both sides share, and, behind the `ssr`
//! feature, the services, storage and email that run on the server.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod accounts;
pub mod admin;
pub mod attendance;
pub mod documents;
pub mod domain;
pub mod events;
pub mod labels;
pub mod layout;
pub mod locale;
pub mod nominations;
pub mod page_error;
pub mod people;
pub mod questions;
pub mod registrations;
pub mod reports;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod checkin;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod time_fmt;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod web;

pub use routes::{App, shell};
