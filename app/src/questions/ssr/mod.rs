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

/// The questions a reader may see: check-in staff never see sensitive ones (a passport number).
pub fn readable(stored: Vec<StoredQuestion>, role: crate::domain::Role) -> Vec<StoredQuestion> {
    stored.into_iter().filter(|s| role != crate::domain::Role::Checkin || !s.question.sensitive).collect()
}

/// One answer as people read it: its values' labels joined by "; ".
pub fn joined(q: &Question, values: &[String], lang: crate::domain::Language, yes_no: (&str, &str)) -> String {
    values.iter().map(|v| q.value_label(v, lang, yes_no)).collect::<Vec<_>>().join("; ")
}

/// "Yes" and "No" in the reader's language, for yes/no answers.
pub fn yes_no(loc: crate::i18n::Locale) -> (&'static str, &'static str) {
    use crate::i18n::td_string;
    (td_string!(loc, questions.yes), td_string!(loc, questions.no))
}
