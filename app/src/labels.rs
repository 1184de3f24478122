//! Words for the domain's codes in the reader's language, so pages never show a raw code.
use crate::{
    domain::{EventKind, FieldError, Gender, OrganizationType, RegistrationStatus},
    events::RegistrationState,
    i18n::*,
};

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn kind(i18n: I18n, k: EventKind) -> String {
    match k {
        EventKind::Conference => t_string!(i18n, kind.conference),
        EventKind::Forum => t_string!(i18n, kind.forum),
        EventKind::Workshop => t_string!(i18n, kind.workshop),
        EventKind::Training => t_string!(i18n, kind.training),
        EventKind::StudyVisit => t_string!(i18n, kind.study_visit),
        EventKind::Webinar => t_string!(i18n, kind.webinar),
        EventKind::ExpertGroupMeeting => t_string!(i18n, kind.expert_group_meeting),
        EventKind::Other => t_string!(i18n, kind.other),
    }
    .to_string()
}

pub fn state(i18n: I18n, s: RegistrationState) -> String {
    match s {
        RegistrationState::Open => t_string!(i18n, state.open),
        RegistrationState::Waitlist => t_string!(i18n, state.waitlist),
        RegistrationState::Closed => t_string!(i18n, state.closed),
        RegistrationState::NotYetOpen => t_string!(i18n, state.not_yet_open),
    }
    .to_string()
}

pub fn org_type(i18n: I18n, t: OrganizationType) -> String {
    match t {
        OrganizationType::Government => t_string!(i18n, org_type.government),
        OrganizationType::CivilSociety => t_string!(i18n, org_type.civil_society),
        OrganizationType::PrivateSector => t_string!(i18n, org_type.private_sector),
        OrganizationType::Academia => t_string!(i18n, org_type.academia),
        OrganizationType::InternationalOrganization => t_string!(i18n, org_type.international_organization),
        OrganizationType::Media => t_string!(i18n, org_type.media),
        OrganizationType::Other => t_string!(i18n, org_type.other),
    }
    .to_string()
}

pub fn gender(i18n: I18n, g: Gender) -> String {
    match g {
        Gender::Female => t_string!(i18n, gender.female),
        Gender::Male => t_string!(i18n, gender.male),
        Gender::Other => t_string!(i18n, gender.other),
        Gender::PreferNotToSay => t_string!(i18n, gender.prefer_not_to_say),
    }
    .to_string()
}

pub fn status(i18n: I18n, s: RegistrationStatus) -> String {
    match s {
        RegistrationStatus::AwaitingEmailConfirmation => t_string!(i18n, status.awaiting_email_confirmation),
        RegistrationStatus::AwaitingApproval => t_string!(i18n, status.awaiting_approval),
        RegistrationStatus::Confirmed => t_string!(i18n, status.confirmed),
        RegistrationStatus::Waitlisted => t_string!(i18n, status.waitlisted),
        RegistrationStatus::Cancelled => t_string!(i18n, status.cancelled),
        RegistrationStatus::Rejected => t_string!(i18n, status.rejected),
        RegistrationStatus::Expired => t_string!(i18n, status.expired),
    }
    .to_string()
}

pub fn field_error(i18n: I18n, e: FieldError) -> String {
    match e {
        FieldError::Required => t_string!(i18n, error.required).to_string(),
        FieldError::TooLong { max } => t_string!(i18n, error.too_long, max = max).to_string(),
        FieldError::ControlCharacters => t_string!(i18n, error.control_characters).to_string(),
        FieldError::InvalidEmail => t_string!(i18n, error.invalid_email).to_string(),
        FieldError::UnknownCountry => t_string!(i18n, error.unknown_country).to_string(),
        FieldError::UnknownChoice => t_string!(i18n, error.unknown_choice).to_string(),
        FieldError::ConsentRequired => t_string!(i18n, error.consent_required).to_string(),
        FieldError::UnknownSession => t_string!(i18n, error.unknown_session).to_string(),
        FieldError::ParallelSessions => t_string!(i18n, error.parallel_sessions).to_string(),
        FieldError::AlreadyRegistered => t_string!(i18n, error.already_registered).to_string(),
    }
}

pub fn event_status(i18n: I18n, s: crate::domain::EventStatus) -> String {
    use crate::domain::EventStatus;
    match s {
        EventStatus::Draft => t_string!(i18n, admin.event_status.draft),
        EventStatus::Published => t_string!(i18n, admin.event_status.published),
        EventStatus::Cancelled => t_string!(i18n, admin.event_status.cancelled),
        EventStatus::Archived => t_string!(i18n, admin.event_status.archived),
    }
    .to_string()
}
