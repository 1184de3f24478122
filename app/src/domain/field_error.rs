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
    /// A required agreement (e.g. the funding conditions) was not ticked.
    AgreementRequired,
    /// Several answers to a question that takes one.
    OneAnswer,
    InvalidNumber,
    OutOfRange {
        min: Option<i64>,
        max: Option<i64>,
    },
    InvalidDate,
    InvalidDateTime,
    /// Not an international number in E.164 (`+` and 8 to 15 digits).
    InvalidPhone,
    /// An answer to a question the form does not ask.
    UnknownQuestion,
    /// A nomination beyond the seats of the nominee's country (or all seats for nominees).
    NoSeatsLeft,
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
            FieldError::AgreementRequired => "Please tick the box to agree.".into(),
            FieldError::OneAnswer => "Please give one answer.".into(),
            FieldError::InvalidNumber => "Please enter a number, like 3 or 2.5.".into(),
            FieldError::OutOfRange { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("Please enter a number from {min} to {max}."),
                (Some(min), None) => format!("Please enter a number of at least {min}."),
                (None, Some(max)) => format!("Please enter a number of at most {max}."),
                (None, None) => "Please enter a number.".into(),
            },
            FieldError::InvalidDate => "Please enter a date like 2027-03-15 (year, month, day).".into(),
            FieldError::InvalidDateTime => "Please enter a date and time like 2027-03-15 14:30.".into(),
            FieldError::InvalidPhone => "Please enter the number with its country code, like +66 2 288 1234.".into(),
            FieldError::UnknownQuestion => "This form does not ask this question.".into(),
            FieldError::NoSeatsLeft => "All seats for nominees of this country are taken: withdraw or replace a nominee first.".into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The errors of a submitted form, at most one per fixed field and one per question of the
/// event's own (`answers`, keyed by the question's key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    fields: BTreeMap<Field, FieldError>,
    pub answers: BTreeMap<String, FieldError>,
}

impl FieldErrors {
    pub fn get(&self, field: &Field) -> Option<&FieldError> {
        self.fields.get(field)
    }

    pub fn insert(&mut self, field: Field, error: FieldError) -> Option<FieldError> {
        self.fields.insert(field, error)
    }

    pub fn remove(&mut self, field: &Field) -> Option<FieldError> {
        self.fields.remove(field)
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.fields.contains_key(field)
    }

    /// The fixed fields that have an error, in the form's order.
    pub fn keys(&self) -> impl Iterator<Item = &Field> {
        self.fields.keys()
    }

    /// The fixed fields' errors.
    pub fn iter(&self) -> impl Iterator<Item = (&Field, &FieldError)> {
        self.fields.iter()
    }

    /// Every error, fixed fields first.
    pub fn values(&self) -> impl Iterator<Item = &FieldError> {
        self.fields.values().chain(self.answers.values())
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.answers.is_empty()
    }

    pub fn len(&self) -> usize {
        self.fields.len() + self.answers.len()
    }

    /// Every error under the name the HTML form and the JSON API give its field: `email`,
    /// `answers.passport_number`.
    pub fn named(&self) -> impl Iterator<Item = (String, FieldError)> + '_ {
        let fields = self.fields.iter().map(|(f, e)| (f.name().to_owned(), *e));
        fields.chain(self.answers.iter().map(|(k, e)| (format!("answers.{k}"), *e)))
    }
}

impl FromIterator<(Field, FieldError)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (Field, FieldError)>>(iter: I) -> Self {
        Self { fields: iter.into_iter().collect(), answers: BTreeMap::new() }
    }
}

impl<const N: usize> From<[(Field, FieldError); N]> for FieldErrors {
    fn from(pairs: [(Field, FieldError); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// Error codes per back-office form field (labels come from the i18n layer).
pub type FormErrors = std::collections::BTreeMap<String, String>;
