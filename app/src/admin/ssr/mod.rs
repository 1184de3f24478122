//! The back office on the server: form input checks, event and registration services, the
//! HTML form endpoints and the lists only administrators read.
pub mod checkin;
pub mod events;
pub mod handlers;
pub mod import;
pub mod input;
pub mod lists;
pub mod mailing;
pub mod registrations;
