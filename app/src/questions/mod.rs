//! An event's own registration questions: the ready-made sets organizers start from
//! (`presets`), and behind `ssr` their storage and the organizer's service that replaces an
//! event's form. The question itself and the rules of its answers are the domain's
//! (`domain::question`), shared with the browser.
pub mod presets;
#[cfg(feature = "ssr")]
pub mod ssr;
