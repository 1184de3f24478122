//! Questions on the server: their storage and the organizer's service.
pub mod service;
pub mod storage;

use crate::domain::Question;

/// A question as stored: its row id, whether it was removed from the form with its answers
/// kept (archived), and its definition.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredQuestion {
    pub id: i64,
    pub archived: bool,
    pub question: Question,
}

/// The live questions of a stored form, in its order (what the form asks).
pub fn live(stored: &[StoredQuestion]) -> Vec<Question> {
    stored.iter().filter(|s| !s.archived).map(|s| s.question.clone()).collect()
}
