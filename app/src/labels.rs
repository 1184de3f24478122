//! Words for the domain's codes in the reader's language, so pages never show a raw code.
use crate::{
    domain::{EventKind, FieldError, Gender, OrganizationType, RegistrationStatus},
    events::RegistrationState,
    i18n::*,
};

type I18n = leptos_i18n::I18nContext<Locale>;

/// Either the page's i18n context or a locale chosen on the server (exports, emails).
pub trait ToLocale: Copy {
    fn locale(self) -> Locale;
}
impl ToLocale for Locale {
    fn locale(self) -> Locale {
        self
    }
}
impl ToLocale for I18n {
    fn locale(self) -> Locale {
        self.get_locale()
    }
}

pub fn kind(i18n: impl ToLocale, k: EventKind) -> String {
    match k {
        EventKind::Conference => td_string!(i18n.locale(), kind.conference),
        EventKind::Forum => td_string!(i18n.locale(), kind.forum),
        EventKind::Workshop => td_string!(i18n.locale(), kind.workshop),
        EventKind::Training => td_string!(i18n.locale(), kind.training),
        EventKind::StudyVisit => td_string!(i18n.locale(), kind.study_visit),
        EventKind::Webinar => td_string!(i18n.locale(), kind.webinar),
        EventKind::ExpertGroupMeeting => td_string!(i18n.locale(), kind.expert_group_meeting),
        EventKind::Other => td_string!(i18n.locale(), kind.other),
    }
    .to_string()
}

pub fn state(i18n: impl ToLocale, s: RegistrationState) -> String {
    match s {
        RegistrationState::Open => td_string!(i18n.locale(), state.open),
        RegistrationState::Waitlist => td_string!(i18n.locale(), state.waitlist),
        RegistrationState::Closed => td_string!(i18n.locale(), state.closed),
        RegistrationState::NotYetOpen => td_string!(i18n.locale(), state.not_yet_open),
    }
    .to_string()
}

pub fn org_type(i18n: impl ToLocale, t: OrganizationType) -> String {
    match t {
        OrganizationType::Government => td_string!(i18n.locale(), org_type.government),
        OrganizationType::CivilSociety => td_string!(i18n.locale(), org_type.civil_society),
        OrganizationType::PrivateSector => td_string!(i18n.locale(), org_type.private_sector),
        OrganizationType::Academia => td_string!(i18n.locale(), org_type.academia),
        OrganizationType::InternationalOrganization => td_string!(i18n.locale(), org_type.international_organization),
        OrganizationType::Media => td_string!(i18n.locale(), org_type.media),
        OrganizationType::Other => td_string!(i18n.locale(), org_type.other),
    }
    .to_string()
}

pub fn gender(i18n: impl ToLocale, g: Gender) -> String {
    match g {
        Gender::Female => td_string!(i18n.locale(), gender.female),
        Gender::Male => td_string!(i18n.locale(), gender.male),
        Gender::Other => td_string!(i18n.locale(), gender.other),
        Gender::PreferNotToSay => td_string!(i18n.locale(), gender.prefer_not_to_say),
    }
    .to_string()
}

pub fn status(i18n: impl ToLocale, s: RegistrationStatus) -> String {
    match s {
        RegistrationStatus::AwaitingEmailConfirmation => td_string!(i18n.locale(), status.awaiting_email_confirmation),
        RegistrationStatus::AwaitingApproval => td_string!(i18n.locale(), status.awaiting_approval),
        RegistrationStatus::Confirmed => td_string!(i18n.locale(), status.confirmed),
        RegistrationStatus::Waitlisted => td_string!(i18n.locale(), status.waitlisted),
        RegistrationStatus::Cancelled => td_string!(i18n.locale(), status.cancelled),
        RegistrationStatus::Rejected => td_string!(i18n.locale(), status.rejected),
        RegistrationStatus::Expired => td_string!(i18n.locale(), status.expired),
    }
    .to_string()
}

pub fn field_error(i18n: impl ToLocale, e: FieldError) -> String {
    match e {
        FieldError::Required => td_string!(i18n.locale(), error.required).to_string(),
        FieldError::TooLong { max } => td_string!(i18n.locale(), error.too_long, max = max).to_string(),
        FieldError::ControlCharacters => td_string!(i18n.locale(), error.control_characters).to_string(),
        FieldError::InvalidEmail => td_string!(i18n.locale(), error.invalid_email).to_string(),
        FieldError::UnknownCountry => td_string!(i18n.locale(), error.unknown_country).to_string(),
        FieldError::UnknownChoice => td_string!(i18n.locale(), error.unknown_choice).to_string(),
        FieldError::ConsentRequired => td_string!(i18n.locale(), error.consent_required).to_string(),
        FieldError::UnknownSession => td_string!(i18n.locale(), error.unknown_session).to_string(),
        FieldError::ParallelSessions => td_string!(i18n.locale(), error.parallel_sessions).to_string(),
        FieldError::AlreadyRegistered => td_string!(i18n.locale(), error.already_registered).to_string(),
        FieldError::TooManyAttempts => td_string!(i18n.locale(), error.too_many_attempts).to_string(),
        FieldError::AgreementRequired => td_string!(i18n.locale(), error.agreement_required).to_string(),
        FieldError::OneAnswer => td_string!(i18n.locale(), error.one_answer).to_string(),
        FieldError::InvalidNumber => td_string!(i18n.locale(), error.invalid_number).to_string(),
        FieldError::OutOfRange { min: Some(min), max: Some(max) } => {
            td_string!(i18n.locale(), error.out_of_range, min = min, max = max).to_string()
        }
        FieldError::OutOfRange { min: Some(min), max: None } => td_string!(i18n.locale(), error.out_of_range_min, min = min).to_string(),
        FieldError::OutOfRange { min: None, max: Some(max) } => td_string!(i18n.locale(), error.out_of_range_max, max = max).to_string(),
        FieldError::OutOfRange { min: None, max: None } => td_string!(i18n.locale(), error.invalid_number).to_string(),
        FieldError::InvalidDate => td_string!(i18n.locale(), error.invalid_date).to_string(),
        FieldError::InvalidDateTime => td_string!(i18n.locale(), error.invalid_datetime).to_string(),
        FieldError::InvalidPhone => td_string!(i18n.locale(), error.invalid_phone).to_string(),
        FieldError::UnknownQuestion => td_string!(i18n.locale(), error.unknown_question).to_string(),
        FieldError::NoSeatsLeft => td_string!(i18n.locale(), error.no_seats_left).to_string(),
    }
}

pub fn event_status(i18n: impl ToLocale, s: crate::domain::EventStatus) -> String {
    use crate::domain::EventStatus;
    match s {
        EventStatus::Draft => td_string!(i18n.locale(), admin.event_status.draft),
        EventStatus::Published => td_string!(i18n.locale(), admin.event_status.published),
        EventStatus::Cancelled => td_string!(i18n.locale(), admin.event_status.cancelled),
        EventStatus::Archived => td_string!(i18n.locale(), admin.event_status.archived),
    }
    .to_string()
}
