//! Checks that no form body panics the registration form's decoder (`serde_html_form`, as
//! `POST /events/{slug}/register` reads it) or its validation, and that every registration
//! validation accepts keeps the promises checked in `plenary_fuzz::check_registration`.
#![no_main]
use app::domain::{FieldError, RegistrationInput};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// A copy of `HtmlRegistration` in app/src/registrations/ssr/handlers.rs (behind the `ssr`
/// feature, which this crate does not build): the type browsers' form bodies are decoded into.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HtmlRegistration {
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

impl HtmlRegistration {
    /// As `HtmlRegistration::into_input`: session ids that are not numbers are an error.
    fn into_input(self) -> (RegistrationInput, Option<FieldError>) {
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
        };
        (input, bad)
    }
}

fuzz_target!(|data: &[u8]| {
    let rules = plenary_fuzz::rules();
    if let Ok(form) = serde_html_form::from_bytes::<HtmlRegistration>(data) {
        match form.into_input() {
            // The handler shows the other fields' errors beside the sessions' one.
            (input, Some(_)) => drop(input.validate(&[])),
            (input, None) => plenary_fuzz::check_registration(&input, &rules),
        }
    }
    // The domain's own input type decodes from a form too (typed sessions and consent).
    if let Ok(input) = serde_html_form::from_bytes::<RegistrationInput>(data) {
        plenary_fuzz::check_registration(&input, &rules);
    }
});
