//! Checks that no JSON body panics the registration API's decoder (`serde_json`, as
//! `POST /api/v1/events/{slug}/registrations` reads it) or its validation, that every
//! registration validation accepts keeps the promises checked in
//! `plenary_fuzz::check_registration`, and that `RegistrationInput` survives a JSON round trip.
#![no_main]
use app::domain::RegistrationInput;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

/// A copy of `ApiRegistration` in app/src/api/mod.rs (behind the `ssr` feature, which this
/// crate does not build): absent and `null` optional fields mean the same.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApiRegistration {
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
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let rules = plenary_fuzz::rules();
    if let Ok(body) = serde_json::from_slice::<ApiRegistration>(data) {
        plenary_fuzz::check_registration(&body.into(), &rules);
    }
    if let Ok(input) = serde_json::from_slice::<RegistrationInput>(data) {
        plenary_fuzz::check_registration(&input, &rules);
        let again: RegistrationInput = serde_json::from_slice(&serde_json::to_vec(&input).unwrap()).unwrap();
        assert_eq!(again, input, "a RegistrationInput reads back as written");
    }
});
