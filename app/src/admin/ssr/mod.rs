//! The back office on the server: the read models its pages show (each from the concepts'
//! storage), and the HTML form endpoints that hand each form to its concept's service.
pub mod desk;
pub mod events;
pub mod handlers;
pub mod import;
pub mod lists;
pub mod mailing;
pub mod question_forms;
pub mod questions;
pub mod registrations;
