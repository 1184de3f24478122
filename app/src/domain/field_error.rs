//! Why one field of a form was refused. The code is stable and translated by the UI; the
//! English message is what the JSON API returns.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A form field of the registration form, named as in the HTML form and the JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    GivenName,
    FamilyName,
    Email,
    Country,
    Organization,
    OrganizationType,
    JobTitle,
    Gender,
    Accessibility,
    Dietary,
    Sessions,
    Consent,
    Language,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::GivenName,
        Field::FamilyName,
        Field::Email,
        Field::Country,
        Field::Organization,
        Field::OrganizationType,
        Field::JobTitle,
        Field::Gender,
        Field::Accessibility,
        Field::Dietary,
        Field::Sessions,
        Field::Consent,
        Field::Language,
    ];

    /// The name used in HTML forms and JSON bodies.
    pub fn name(self) -> &'static str {
        match self {
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::Email => "email",
            Field::Country => "country",
            Field::Organization => "organization",
            Field::OrganizationType => "organization_type",
            Field::JobTitle => "job_title",
            Field::Gender => "gender",
            Field::Accessibility => "accessibility",
            Field::Dietary => "dietary",
            Field::Sessions => "sessions",
            Field::Consent => "consent",
            Field::Language => "language",
        }
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum FieldError {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    InvalidEmail,
    UnknownCountry,
    UnknownChoice,
    ConsentRequired,
    UnknownSession,
    ParallelSessions,
    /// Organizers adding someone by hand: the address is already registered for the event.
    AlreadyRegistered,
    /// Too many registrations with this email address within the hour (a rate limit).
    TooManyAttempts,
}

impl FieldError {
    /// The English message, used by the JSON API and as the translation source.
    pub fn message(self) -> String {
        match self {
            FieldError::Required => "This field is required.".into(),
            FieldError::TooLong { max } => format!("Please use at most {max} characters."),
            FieldError::ControlCharacters => "This field contains characters that are not allowed.".into(),
            FieldError::InvalidEmail => "Please enter an email address like name@example.org.".into(),
            FieldError::UnknownCountry => "Please choose a country from the list.".into(),
            FieldError::UnknownChoice => "Please choose one of the options.".into(),
            FieldError::ConsentRequired => "Please agree to the use of your data to register.".into(),
            FieldError::UnknownSession => "One of the chosen sessions is not part of this event.".into(),
            FieldError::ParallelSessions => "Two of the chosen sessions run at the same time; please choose one of them.".into(),
            FieldError::AlreadyRegistered => "This email address is already registered for the event.".into(),
            FieldError::TooManyAttempts => "Too many registrations with this email address. Please try again in an hour.".into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The errors of a submitted form, at most one per field.
pub type FieldErrors = BTreeMap<Field, FieldError>;

/// Error codes per back-office form field (labels come from the i18n layer).
pub type FormErrors = std::collections::BTreeMap<String, String>;
