//! Checks that no JSON body panics the registration API's decoder (`serde_json`, as
//! `POST /api/v1/events/{slug}/registrations` reads it) or its validation, that every
//! registration validation accepts keeps the promises checked in
//! `plenary_fuzz::check_registration`, and that `RegistrationInput` survives a JSON round trip.
#![no_main]
use app::domain::{ApiRegistration, RegistrationInput};
use libfuzzer_sys::fuzz_target;

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
