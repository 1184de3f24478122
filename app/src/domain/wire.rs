//! The registration as it arrives: the HTML form's fields and the JSON API's body, as the
//! server decodes them, each turned into a `RegistrationInput`. Outside the `ssr` feature, so
//! the fuzz targets (`fuzz/`) decode with exactly these types.
use super::{Answers, FieldError, RegistrationInput, question::answers_from_json};
use serde::Deserialize;

/// The registration form as browsers post it: text fields, repeated `sessions`, a checkbox.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HtmlRegistration {
    given_name: String,
    family_name: String,
    email: String,
    country: String,
    organization: String,
    organization_type: String,
    job_title: String,
    gender: String,
    accessibility: String,
    dietary: String,
    sessions: Vec<String>,
    consent: Option<String>,
    language: String,
}

/// The prefix of the form fields that answer the event's own questions: `q.<key>`, repeated
/// for each option ticked of a multiple-choice question.
pub const ANSWER_PREFIX: &str = "q.";

/// The answers among a form's fields (all of them, as decoded pairs).
pub fn html_answers(pairs: impl IntoIterator<Item = (String, String)>) -> Answers {
    let mut answers = Answers::new();
    for (name, value) in pairs {
        if let Some(key) = name.strip_prefix(ANSWER_PREFIX) {
            answers.entry(key.to_owned()).or_default().push(value);
        }
    }
    answers
}

impl HtmlRegistration {
    /// Session ids that are not numbers cannot be sessions of the event: report them as such.
    /// `answers` are the form's `q.*` fields (`html_answers`).
    pub fn into_input(self, answers: Answers) -> (RegistrationInput, Option<FieldError>) {
        let parsed: Result<Vec<i64>, _> = self.sessions.iter().map(|s| s.trim().parse::<i64>()).collect();
        let (sessions, bad) = match parsed {
            Ok(ids) => (ids, None),
            Err(_) => (Vec::new(), Some(FieldError::UnknownSession)),
        };
        let input = RegistrationInput {
            given_name: self.given_name,
            family_name: self.family_name,
            email: self.email,
            country: self.country,
            organization: self.organization,
            organization_type: self.organization_type,
            job_title: self.job_title,
            gender: self.gender,
            accessibility: self.accessibility,
            dietary: self.dietary,
            sessions,
            consent: self.consent.is_some_and(|v| !v.is_empty()),
            language: self.language,
            answers,
        };
        (input, bad)
    }
}

/// The registration body; absent and `null` optional fields mean the same.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApiRegistration {
    given_name: Option<String>,
    family_name: Option<String>,
    email: Option<String>,
    country: Option<String>,
    organization: Option<String>,
    organization_type: Option<String>,
    job_title: Option<String>,
    gender: Option<String>,
    accessibility: Option<String>,
    dietary: Option<String>,
    sessions: Option<Vec<i64>>,
    consent: Option<bool>,
    language: Option<String>,
    /// Answers by question key: a string, number, boolean, array of option keys, or null.
    answers: Option<serde_json::Map<String, serde_json::Value>>,
}

impl From<ApiRegistration> for RegistrationInput {
    fn from(r: ApiRegistration) -> Self {
        RegistrationInput {
            given_name: r.given_name.unwrap_or_default(),
            family_name: r.family_name.unwrap_or_default(),
            email: r.email.unwrap_or_default(),
            country: r.country.unwrap_or_default(),
            organization: r.organization.unwrap_or_default(),
            organization_type: r.organization_type.unwrap_or_default(),
            job_title: r.job_title.unwrap_or_default(),
            gender: r.gender.unwrap_or_default(),
            accessibility: r.accessibility.unwrap_or_default(),
            dietary: r.dietary.unwrap_or_default(),
            sessions: r.sessions.unwrap_or_default(),
            consent: r.consent.unwrap_or(false),
            language: r.language.unwrap_or_default(),
            answers: r.answers.as_ref().map(answers_from_json).unwrap_or_default(),
        }
    }
}
