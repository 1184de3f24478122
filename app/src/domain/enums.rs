//! The closed vocabularies of the domain. Each has a stable snake_case code used in the
//! database, forms and the API; labels for people come from the i18n layer.
use super::FieldError;
use serde::{Deserialize, Serialize};

/// Declares a string-coded enum with `ALL`, `code()` and `parse()`.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code; an unknown one is `FieldError::UnknownChoice`, an empty one `Required`.
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                match raw.trim() {
                    "" => Err(FieldError::Required),
                    $($code => Ok($name::$variant),)+
                    _ => Err(FieldError::UnknownChoice),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        /// Stored as its code.
        #[cfg(feature = "ssr")]
        impl From<$name> for crate::store::Arg {
            fn from(v: $name) -> Self {
                crate::store::Arg::Text(Some(v.code().to_owned()))
            }
        }

        #[cfg(feature = "ssr")]
        impl From<Option<$name>> for crate::store::Arg {
            fn from(v: Option<$name>) -> Self {
                crate::store::Arg::Text(v.map(|v| v.code().to_owned()))
            }
        }

        #[cfg(feature = "ssr")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        /// Read from its code; a code the domain does not know is an error, never a default.
        #[cfg(feature = "ssr")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&str as sqlx::Decode<DB>>::decode(value)?;
                $name::parse(code).map_err(|_| format!("unknown {} {:?} in the database", stringify!($name), code).into())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// What kind of activity an event is; reports are counted per kind.
    EventKind {
        Conference => "conference",
        Forum => "forum",
        Workshop => "workshop",
        Training => "training",
        StudyVisit => "study_visit",
        Webinar => "webinar",
        ExpertGroupMeeting => "expert_group_meeting",
        Other => "other",
    }
);

coded_enum!(
    /// The sector a participant's organisation belongs to.
    OrganizationType {
        Government => "government",
        CivilSociety => "civil_society",
        PrivateSector => "private_sector",
        Academia => "academia",
        InternationalOrganization => "international_organization",
        Media => "media",
        Other => "other",
    }
);

coded_enum!(
    /// Gender as the participant chooses to state it; the field itself is optional.
    Gender {
        Female => "female",
        Male => "male",
        Other => "other",
        PreferNotToSay => "prefer_not_to_say",
    }
);

coded_enum!(
    /// Where a registration stands.
    RegistrationStatus {
        AwaitingEmailConfirmation => "awaiting_email_confirmation",
        AwaitingApproval => "awaiting_approval",
        Confirmed => "confirmed",
        Waitlisted => "waitlisted",
        Cancelled => "cancelled",
        Rejected => "rejected",
        Expired => "expired",
    }
);

coded_enum!(
    /// Where one session choice stands: `Requested` until the registration itself holds a seat.
    SessionChoiceStatus {
        Requested => "requested",
        Confirmed => "confirmed",
        Waitlisted => "waitlisted",
    }
);

coded_enum!(
    /// The six official UN languages, in which the interface and emails are offered.
    Language {
        En => "en",
        Fr => "fr",
        Es => "es",
        Ru => "ru",
        Zh => "zh",
        Ar => "ar",
    }
);

coded_enum!(
    /// What an organizer account may do.
    Role {
        Admin => "admin",
        Organizer => "organizer",
        Checkin => "checkin",
    }
);

coded_enum!(
    /// Whether an event is being prepared, open to the public, called off or put away.
    EventStatus {
        Draft => "draft",
        Published => "published",
        Cancelled => "cancelled",
        Archived => "archived",
    }
);

coded_enum!(
    /// Who can find an event: everyone, only people with its address, or invited people only.
    Visibility {
        Public => "public",
        Unlisted => "unlisted",
        Invitation => "invitation",
    }
);

coded_enum!(
    /// The role printed on a badge, each with its colour band.
    BadgeRole {
        Participant => "participant",
        Speaker => "speaker",
        Organizer => "organizer",
        Press => "press",
        Staff => "staff",
    }
);

impl BadgeRole {
    /// The band's colour: dark enough for white text on it (WCAG AA), told apart in print.
    pub fn colour(self) -> &'static str {
        match self {
            BadgeRole::Participant => "#005a9c",
            BadgeRole::Speaker => "#8a1538",
            BadgeRole::Organizer => "#1b6b3a",
            BadgeRole::Press => "#5b3e96",
            BadgeRole::Staff => "#4d4d4d",
        }
    }
}

coded_enum!(
    /// How badges are printed: one A6 card per page, one 100×70 mm card per page, or A4
    /// sheets of eight to cut.
    BadgeLayout {
        A6 => "a6",
        Card => "card",
        A4x8 => "a4x8",
    }
);

coded_enum!(
    /// The documents Plenary records and anyone can verify.
    DocumentKind {
        Letter => "letter",
        Certificate => "certificate",
    }
);

impl Language {
    /// Position in `Country::names`.
    pub fn index(self) -> usize {
        Language::ALL.iter().position(|l| *l == self).expect("every language is in ALL")
    }

    pub fn is_rtl(self) -> bool {
        self == Language::Ar
    }
}

impl RegistrationStatus {
    /// The states that no longer hold a place: a person in one may register again.
    pub const INACTIVE: &'static [RegistrationStatus] = &[RegistrationStatus::Cancelled, RegistrationStatus::Expired];

    /// Still in play: waiting for the address, an approval or a seat, or holding one.
    pub const OPEN: &'static [RegistrationStatus] = &[
        RegistrationStatus::AwaitingEmailConfirmation,
        RegistrationStatus::AwaitingApproval,
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
    ];

    /// Active: counts against the one-registration-per-address rule (the storage's `ACTIVE`
    /// condition and the unique index say the same, checked by a test).
    pub fn is_active(self) -> bool {
        !Self::INACTIVE.contains(&self)
    }
}

impl EventStatus {
    /// The event's state machine: a draft is published (or unpublished), called off before it
    /// is over, and anything may be archived and brought back as a draft.
    pub fn can_move_to(self, to: EventStatus) -> bool {
        use EventStatus::*;
        self != to
            && matches!(
                (self, to),
                (Draft, Published) | (Published, Draft) | (Draft | Published, Cancelled) | (_, Archived) | (Archived, Draft)
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_to_its_variant() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.code()), Ok(*k));
        }
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(s.code()), Ok(*s));
        }
        for t in OrganizationType::ALL {
            assert_eq!(OrganizationType::parse(t.code()), Ok(*t));
        }
    }

    #[test]
    fn serde_uses_the_same_codes() {
        assert_eq!(serde_json::to_string(&EventKind::StudyVisit).unwrap(), "\"study_visit\"");
        assert_eq!(serde_json::to_string(&RegistrationStatus::AwaitingEmailConfirmation).unwrap(), "\"awaiting_email_confirmation\"");
    }

    #[test]
    fn unknown_and_empty_codes_are_told_apart() {
        assert_eq!(Gender::parse("robot"), Err(FieldError::UnknownChoice));
        assert_eq!(Gender::parse(""), Err(FieldError::Required));
    }

    #[test]
    fn arabic_is_written_right_to_left() {
        assert!(Language::Ar.is_rtl());
        assert!(!Language::Zh.is_rtl());
        assert_eq!(Language::Ar.index(), 5);
    }
}
