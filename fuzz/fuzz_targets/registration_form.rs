//! Checks that no form body panics the registration form's decoder (`serde_html_form`, as
//! `POST /events/{slug}/register` reads it) or its validation, and that every registration
//! validation accepts keeps the promises checked in `plenary_fuzz::check_registration`.
#![no_main]
use app::domain::{FormRules, HtmlRegistration, RegistrationInput, wire::html_answers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rules = plenary_fuzz::rules();
    if let Ok(form) = serde_html_form::from_bytes::<HtmlRegistration>(data) {
        // The answers as the handler reads them: every `q.*` field of the same body.
        let answers = serde_html_form::from_bytes::<Vec<(String, String)>>(data).map(html_answers).unwrap_or_default();
        match form.into_input(answers) {
            // The handler shows the other fields' errors beside the sessions' one.
            (input, Some(_)) => drop(input.validate(&FormRules::default())),
            (input, None) => plenary_fuzz::check_registration(&input, &rules),
        }
    }
    // The domain's own input type decodes from a form too (typed sessions and consent).
    if let Ok(input) = serde_html_form::from_bytes::<RegistrationInput>(data) {
        plenary_fuzz::check_registration(&input, &rules);
    }
});
