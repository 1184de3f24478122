//! Domain types shared by the server and the browser: each is parsed once from untrusted input,
//! so the form in the browser and the server apply the same rules and say the same thing.
pub mod country;
pub mod email;
pub mod enums;
pub mod field_error;
pub mod question;
pub mod registration_form;
pub mod text;
pub mod wire;

pub use country::{Country, CountryCode};
pub use email::Email;
pub use enums::{
    BadgeLayout, BadgeRole, DocumentKind, EventKind, EventStatus, Gender, Language, OrganizationType, RegistrationStatus, Role,
    SessionChoiceStatus, Visibility,
};
pub use field_error::{Field, FieldError, FieldErrors, FormErrors};
pub use question::{Answers, Question, QuestionKind, Translated};
pub use registration_form::{FormRules, RegistrationInput, SessionRule, ValidRegistration, check_sessions};
pub use text::{FreeText, PersonName, RequiredText};
pub use wire::{ApiRegistration, HtmlRegistration};
