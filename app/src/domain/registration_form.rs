//! The registration form's rules, applied alike by the browser as people type, by the HTML form
//! handler and by the JSON API.
use super::question::{Audience, CleanAnswers, check_answers};
use super::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a person submitted, as text, before any rule was applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub country: String,
    pub organization: String,
    pub organization_type: String,
    pub job_title: String,
    pub gender: String,
    pub accessibility: String,
    pub dietary: String,
    pub sessions: Vec<i64>,
    pub consent: bool,
    pub language: String,
    /// Answers to the event's own questions, by question key (`question::Answers`).
    pub answers: Answers,
}

/// What the form needs to know of a session to check a choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRule {
    pub id: i64,
    /// Sessions sharing a group run in parallel: at most one of them may be chosen.
    pub parallel_group: Option<String>,
}

/// What a form is checked against: the event's sessions, its questions and who fills it in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRules {
    pub sessions: Vec<SessionRule>,
    /// In the form's order, archived questions left out.
    pub questions: Vec<Question>,
    pub audience: Audience,
}

/// A registration that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub email: Email,
    pub country: CountryCode,
    pub organization: RequiredText,
    pub organization_type: OrganizationType,
    pub job_title: RequiredText,
    pub gender: Option<Gender>,
    pub accessibility: FreeText,
    pub dietary: FreeText,
    pub sessions: Vec<i64>,
    pub language: Language,
    /// Canonical values per question key; unanswered and not-applicable questions left out.
    pub answers: CleanAnswers,
}

impl RegistrationInput {
    /// Checks one field alone, as the browser does while a person types.
    pub fn check_field(&self, field: Field, rules: &FormRules) -> Option<FieldError> {
        let sessions = &rules.sessions;
        match field {
            Field::GivenName => PersonName::parse(&self.given_name).err(),
            Field::FamilyName => PersonName::parse(&self.family_name).err(),
            Field::Email => Email::parse(&self.email).err(),
            Field::Country => CountryCode::parse(&self.country).err(),
            Field::Organization => RequiredText::parse(&self.organization).err(),
            Field::OrganizationType => OrganizationType::parse(&self.organization_type).err(),
            Field::JobTitle => RequiredText::parse(&self.job_title).err(),
            Field::Gender => optional(&self.gender, Gender::parse).err(),
            Field::Accessibility => FreeText::parse(&self.accessibility).err(),
            Field::Dietary => FreeText::parse(&self.dietary).err(),
            Field::Sessions => check_sessions(&self.sessions, sessions).err(),
            Field::Consent => (!self.consent).then_some(FieldError::ConsentRequired),
            Field::Language => optional(&self.language, Language::parse).err(),
        }
    }

    /// Applies every rule; on failure returns one error per bad field.
    pub fn validate(&self, rules: &FormRules) -> Result<ValidRegistration, FieldErrors> {
        let mut errors: FieldErrors = Field::ALL.iter().filter_map(|f| self.check_field(*f, rules).map(|e| (*f, e))).collect();
        let answers = check_answers(&rules.questions, &self.answers, rules.audience);
        if let Err(bad) = &answers {
            errors.answers = bad.clone();
        }
        let (true, Ok(answers)) = (errors.is_empty(), answers) else { return Err(errors) };
        let sessions = &rules.sessions;
        // Every field was checked above, so these parses cannot fail.
        const OK: &str = "checked above";
        Ok(ValidRegistration {
            given_name: PersonName::parse(&self.given_name).expect(OK),
            family_name: PersonName::parse(&self.family_name).expect(OK),
            email: Email::parse(&self.email).expect(OK),
            country: CountryCode::parse(&self.country).expect(OK),
            organization: RequiredText::parse(&self.organization).expect(OK),
            organization_type: OrganizationType::parse(&self.organization_type).expect(OK),
            job_title: RequiredText::parse(&self.job_title).expect(OK),
            gender: optional(&self.gender, Gender::parse).expect(OK),
            accessibility: FreeText::parse(&self.accessibility).expect(OK),
            dietary: FreeText::parse(&self.dietary).expect(OK),
            sessions: check_sessions(&self.sessions, sessions).expect(OK),
            language: optional(&self.language, Language::parse).expect(OK).unwrap_or(Language::En),
            answers,
        })
    }
}

impl RegistrationInput {
    /// The text of a one-value field, as the form shows it.
    pub fn text(&self, field: Field) -> String {
        match field {
            Field::GivenName => self.given_name.clone(),
            Field::FamilyName => self.family_name.clone(),
            Field::Email => self.email.clone(),
            Field::Country => self.country.clone(),
            Field::Organization => self.organization.clone(),
            Field::OrganizationType => self.organization_type.clone(),
            Field::JobTitle => self.job_title.clone(),
            Field::Gender => self.gender.clone(),
            Field::Accessibility => self.accessibility.clone(),
            Field::Dietary => self.dietary.clone(),
            Field::Language => self.language.clone(),
            Field::Sessions | Field::Consent => String::new(),
        }
    }

    /// Sets a one-value field from what the person typed.
    pub fn set_text(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::GivenName => &mut self.given_name,
            Field::FamilyName => &mut self.family_name,
            Field::Email => &mut self.email,
            Field::Country => &mut self.country,
            Field::Organization => &mut self.organization,
            Field::OrganizationType => &mut self.organization_type,
            Field::JobTitle => &mut self.job_title,
            Field::Gender => &mut self.gender,
            Field::Accessibility => &mut self.accessibility,
            Field::Dietary => &mut self.dietary,
            Field::Language => &mut self.language,
            Field::Sessions | Field::Consent => return,
        };
        *slot = value;
    }
}

fn optional<T>(raw: &str, parse: impl Fn(&str) -> Result<T, FieldError>) -> Result<Option<T>, FieldError> {
    if raw.trim().is_empty() { Ok(None) } else { parse(raw).map(Some) }
}

/// Deduplicates the chosen session ids and checks each belongs to the event and that no two
/// run in parallel.
pub fn check_sessions(chosen: &[i64], sessions: &[SessionRule]) -> Result<Vec<i64>, FieldError> {
    let chosen: BTreeSet<i64> = chosen.iter().copied().collect();
    let mut groups = BTreeSet::new();
    for id in &chosen {
        let rule = sessions.iter().find(|s| s.id == *id).ok_or(FieldError::UnknownSession)?;
        if let Some(group) = &rule.parallel_group
            && !groups.insert(group.as_str())
        {
            return Err(FieldError::ParallelSessions);
        }
    }
    Ok(chosen.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn forum_sessions() -> Vec<SessionRule> {
        vec![
            SessionRule { id: 1, parallel_group: None },
            SessionRule { id: 2, parallel_group: Some("day2-am".into()) },
            SessionRule { id: 3, parallel_group: Some("day2-am".into()) },
            SessionRule { id: 4, parallel_group: Some("day2-pm".into()) },
        ]
    }

    fn forum_rules() -> FormRules {
        FormRules { sessions: forum_sessions(), ..Default::default() }
    }

    pub(crate) fn valid_input() -> RegistrationInput {
        RegistrationInput {
            given_name: "Ana".into(),
            family_name: "Lopez".into(),
            email: "ana@mofa.gov.ph".into(),
            country: "PH".into(),
            organization: "Department of Foreign Affairs".into(),
            organization_type: "government".into(),
            job_title: "Director".into(),
            consent: true,
            sessions: vec![2, 4, 2],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_sessions_are_deduplicated() {
        let v = valid_input().validate(&forum_rules()).unwrap();
        assert_eq!(v.sessions, vec![2, 4]);
        assert_eq!(v.gender, None);
        assert_eq!(v.language, Language::En);
    }

    #[test]
    fn every_bad_field_gets_its_own_error() {
        let input = RegistrationInput { email: "nope".into(), country: "ZZ".into(), consent: false, ..valid_input() };
        let errors = input.validate(&forum_rules()).unwrap_err();
        assert_eq!(errors.get(&Field::Email), Some(&FieldError::InvalidEmail));
        assert_eq!(errors.get(&Field::Country), Some(&FieldError::UnknownCountry));
        assert_eq!(errors.get(&Field::Consent), Some(&FieldError::ConsentRequired));
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn parallel_sessions_cannot_both_be_chosen() {
        let input = RegistrationInput { sessions: vec![2, 3], ..valid_input() };
        assert_eq!(input.check_field(Field::Sessions, &forum_rules()), Some(FieldError::ParallelSessions));
    }

    #[test]
    fn a_session_of_another_event_is_refused() {
        let input = RegistrationInput { sessions: vec![99], ..valid_input() };
        assert_eq!(input.check_field(Field::Sessions, &forum_rules()), Some(FieldError::UnknownSession));
    }

    #[test]
    fn an_unknown_gender_is_refused_but_an_empty_one_is_fine() {
        let input = RegistrationInput { gender: "x".into(), ..valid_input() };
        assert_eq!(input.check_field(Field::Gender, &FormRules::default()), Some(FieldError::UnknownChoice));
        let input = RegistrationInput { gender: "prefer_not_to_say".into(), ..valid_input() };
        assert_eq!(input.check_field(Field::Gender, &FormRules::default()), None);
    }

    proptest! {
        #[test]
        fn accepted_session_choices_never_hold_two_of_one_group(chosen in proptest::collection::vec(1i64..=4, 0..6)) {
            if let Ok(ids) = check_sessions(&chosen, &forum_sessions()) {
                let groups: Vec<_> = ids.iter().filter_map(|id| forum_sessions().into_iter().find(|s| s.id == *id).unwrap().parallel_group).collect();
                let unique: BTreeSet<_> = groups.iter().collect();
                prop_assert_eq!(groups.len(), unique.len());
            }
        }

        #[test]
        fn validation_agrees_with_the_field_checks(given in "\\PC{0,5}", email in "[a-z@.]{0,12}", consent: bool) {
            let input = RegistrationInput { given_name: given, email, consent, ..valid_input() };
            let per_field = Field::ALL.iter().filter(|f| input.check_field(**f, &forum_rules()).is_some()).count();
            match input.validate(&forum_rules()) {
                Ok(_) => prop_assert_eq!(per_field, 0),
                Err(e) => prop_assert_eq!(e.len(), per_field),
            }
        }
    }
}
