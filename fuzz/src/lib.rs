//! What the fuzz targets share: the sessions and questions a registration is checked against,
//! and what `RegistrationInput::validate` promises about the registrations it accepts.
use app::domain::{
    Country, CountryCode, Email, Field, FieldErrors, FormRules, FreeText, Gender, Language, OrganizationType, PersonName, Question,
    RegistrationInput, RequiredText, SessionRule, check_sessions,
    question::{Audience, check_answers},
};
use std::collections::BTreeSet;

/// An event's sessions (one alone, two pairs that run in parallel, and odd ids) and questions
/// of every type, one of them conditional.
pub fn rules() -> FormRules {
    let rule = |id, group: Option<&str>| SessionRule { id, parallel_group: group.map(str::to_owned) };
    let questions: Vec<Question> = serde_json::from_value(serde_json::json!([
        { "key": "visa", "type": "yes_no", "label": "Visa?", "required": true },
        { "key": "passport", "type": "short_text", "label": "Passport", "required": true, "sensitive": true,
          "visible_if": { "question": "visa", "equals": "yes" } },
        { "key": "visit", "type": "single_choice", "label": "Visit", "options": [{ "key": "port", "label": "Port" }, { "key": "city", "label": "City" }] },
        { "key": "topics", "type": "multiple_choice", "label": "Topics", "options": [{ "key": "a", "label": "A" }, { "key": "b", "label": "B" }] },
        { "key": "nights", "type": "number", "label": "Nights", "min": 1, "max": 30 },
        { "key": "arrival", "type": "datetime", "label": "Arrival" },
        { "key": "born", "type": "date", "label": "Born" },
        { "key": "nationality", "type": "country", "label": "Nationality" },
        { "key": "assistant", "type": "email", "label": "Assistant" },
        { "key": "phone", "type": "phone", "label": "Phone" },
        { "key": "why", "type": "long_text", "label": "Why" },
        { "key": "terms", "type": "agreement", "label": "I agree", "required": true }
    ]))
    .expect("the fuzz form decodes");
    let sessions = vec![
        rule(1, None),
        rule(2, Some("day2-am")),
        rule(3, Some("day2-am")),
        rule(4, Some("day2-pm")),
        rule(5, Some("day2-pm")),
        rule(0, None),
        rule(-1, None),
        rule(i64::MAX, Some("late")),
    ];
    FormRules { sessions, questions, audience: Audience::Participant }
}

/// Validates `input` as the server does and checks the result against each field's own rule.
pub fn check_registration(input: &RegistrationInput, rules: &FormRules) {
    let mut per_field: FieldErrors = Field::ALL.iter().filter_map(|f| input.check_field(*f, rules).map(|e| (*f, e))).collect();
    if let Err(answers) = check_answers(&rules.questions, &input.answers, rules.audience) {
        per_field.answers = answers;
    }
    let v = match input.validate(rules) {
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused registration names at least one field");
            assert_eq!(errors, per_field, "validation refuses exactly the fields the field checks refuse");
            for e in errors.values() {
                assert!(!e.message().is_empty());
            }
            return;
        }
        Ok(v) => v,
    };
    assert!(per_field.is_empty(), "accepted although {per_field:?}");
    assert!(input.consent, "accepted without consent");

    // The email is kept as typed, trimmed, and re-parses to itself.
    assert_eq!(v.email.as_str(), input.email.trim());
    assert_eq!(Email::parse(v.email.as_str()).as_ref(), Ok(&v.email));
    let _ = (v.email.normalized(), v.email.redacted());

    // The country is one of the table's, by its upper-case code.
    assert_eq!(v.country.as_str(), input.country.trim().to_ascii_uppercase());
    assert_eq!(CountryCode::parse(v.country.as_str()), Ok(v.country));
    assert_eq!(v.country.country().iso2, v.country.as_str());
    assert!(Country::all().iter().any(|c| c.iso2 == v.country.as_str()));

    for name in [&v.given_name, &v.family_name] {
        assert_one_line(name.as_str(), PersonName::MAX);
        assert_eq!(PersonName::parse(name.as_str()).as_ref(), Ok(name));
    }
    for text in [&v.organization, &v.job_title] {
        assert_one_line(text.as_str(), RequiredText::MAX);
        assert_eq!(RequiredText::parse(text.as_str()).as_ref(), Ok(text));
    }
    for text in [&v.accessibility, &v.dietary] {
        assert_free_text(text.as_str());
        assert_eq!(FreeText::parse(text.as_str()).as_ref(), Ok(text));
    }

    // The choices are the codes typed; empty optional ones fall back as documented.
    assert_eq!(v.organization_type.code(), input.organization_type.trim());
    assert_eq!(v.gender.map(Gender::code), Some(input.gender.trim()).filter(|g| !g.is_empty()));
    let language = input.language.trim();
    assert_eq!(v.language, if language.is_empty() { Language::En } else { Language::parse(language).unwrap() });
    assert_eq!(OrganizationType::parse(v.organization_type.code()), Ok(v.organization_type));

    // The sessions are the chosen ones, once each, in order, of this event, one per parallel group.
    assert_eq!(v.sessions.iter().collect::<BTreeSet<_>>(), input.sessions.iter().collect::<BTreeSet<_>>());
    assert_sessions_allowed(&v.sessions, &rules.sessions);
    assert_eq!(check_sessions(&v.sessions, &rules.sessions).as_ref(), Ok(&v.sessions));

    // Every answer kept is to a question asked, applies, and checks again to itself.
    for (key, values) in &v.answers {
        let q = rules.questions.iter().find(|q| &q.key == key).unwrap_or_else(|| panic!("an answer to an unknown question {key}"));
        assert!(q.applies(&v.answers), "{key} answered though its condition does not hold");
        assert!(!values.is_empty());
        assert_eq!(q.check(values).as_ref(), Ok(values), "{key}'s canonical values are canonical");
    }
}

/// A name or one-line text: non-empty, within `max` characters, no control characters, and
/// whitespace only as single inner spaces.
pub fn assert_one_line(s: &str, max: usize) {
    assert!(!s.is_empty());
    assert!(s.chars().count() <= max, "{} characters over {max}", s.chars().count());
    assert!(!s.chars().any(char::is_control), "control character in {s:?}");
    assert!(s.chars().all(|c| c == ' ' || !c.is_whitespace()), "whitespace other than a space in {s:?}");
    assert!(s.trim() == s && !s.contains("  "), "unclean spaces in {s:?}");
}

/// Longer text: within `FreeText::MAX` characters, trimmed, line breaks as `\n` only, and no
/// other control character than `\n` and tab.
pub fn assert_free_text(s: &str) {
    assert!(s.chars().count() <= FreeText::MAX);
    assert_eq!(s, s.trim());
    assert!(!s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "control character in {s:?}");
}

/// Ids strictly increasing, each a session of the event (the first rule with that id), and at
/// most one of each parallel group.
pub fn assert_sessions_allowed(ids: &[i64], rules: &[SessionRule]) {
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "session ids not sorted and unique: {ids:?}");
    let mut groups = BTreeSet::new();
    for id in ids {
        let rule = rules.iter().find(|r| r.id == *id).unwrap_or_else(|| panic!("session {id} is not the event's"));
        if let Some(g) = &rule.parallel_group {
            assert!(groups.insert(g), "two sessions of group {g:?} in {ids:?}");
        }
    }
}
