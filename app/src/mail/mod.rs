//! Email: the outbox (rows written with the change that causes them), the templates, the
//! calendar file, the delivery backends and the worker that delivers with retries.
pub mod backend;
pub mod ics;
pub mod outbox;
pub mod templates;
pub mod worker;

pub use backend::Mailer;
pub use outbox::OutgoingEmail;
