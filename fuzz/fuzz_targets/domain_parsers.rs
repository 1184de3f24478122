//! Checks that no text panics the domain's parsers (email, country code, names and texts, the
//! coded enums) and that what they accept is canonical: it parses again to the same value, and
//! serde agrees with `parse`; and that `check_sessions` accepts exactly the choices of known
//! sessions with at most one per parallel group.
#![no_main]
use app::domain::{
    CountryCode, Email, EventKind, EventStatus, FieldError, FreeText, Gender, Language, OrganizationType, PersonName, RegistrationStatus,
    RequiredText, Role, SessionChoiceStatus, SessionRule, Visibility, check_sessions,
};
use libfuzzer_sys::{arbitrary::Unstructured, fuzz_target};
use plenary_fuzz::{assert_free_text, assert_one_line, assert_sessions_allowed};
use serde::Deserialize;
use std::collections::BTreeSet;

/// A coded enum: `parse` trims and knows exactly the codes; serde knows exactly the codes, untrimmed.
macro_rules! check_enums {
    ($raw:expr, $($enum:ty),+) => {$({
        let raw: &str = $raw;
        let parsed = <$enum>::parse(raw);
        match parsed {
            Ok(v) => {
                assert_eq!(v.code(), raw.trim());
                assert_eq!(<$enum>::parse(v.code()), Ok(v));
                assert_eq!(v.to_string(), v.code());
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::from(v.code()));
            }
            Err(e) => {
                assert_eq!(e, if raw.trim().is_empty() { FieldError::Required } else { FieldError::UnknownChoice });
                assert!(!<$enum>::ALL.iter().any(|v| v.code() == raw.trim()));
            }
        }
        let by_serde = serde_json::from_value::<$enum>(serde_json::Value::from(raw)).ok();
        assert_eq!(by_serde, parsed.ok().filter(|v| v.code() == raw), "serde and parse disagree on {raw:?}");
    })+};
}

fuzz_target!(|data: &[u8]| {
    let raw = &*String::from_utf8_lossy(data);

    if let Ok(email) = Email::parse(raw) {
        assert_eq!(email.as_str(), raw.trim());
        assert_eq!(Email::parse(email.as_str()).as_ref(), Ok(&email));
        let (local, domain) = email.as_str().rsplit_once('@').expect("an email has an @");
        assert!(!local.is_empty() && domain.contains('.'));
        assert!(email.redacted().ends_with(&format!("***@{domain}")));
        let _ = email.normalized();
    }

    let country = CountryCode::parse(raw);
    if let Ok(code) = country {
        assert_eq!(code.as_str(), raw.trim().to_ascii_uppercase());
        assert!(code.as_str().len() == 2 && code.as_str().bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(CountryCode::parse(code.as_str()), Ok(code));
        assert_eq!(code.country().iso2, code.as_str());
        assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::from(code.as_str()));
    }
    assert_eq!(CountryCode::deserialize(serde_json::Value::from(raw)).ok(), country.ok(), "serde reads a code as parse does");

    if let Ok(name) = PersonName::parse(raw) {
        assert_one_line(name.as_str(), PersonName::MAX);
        assert_eq!(PersonName::parse(name.as_str()).as_ref(), Ok(&name));
        assert_eq!(name.as_str(), raw.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if let Ok(text) = RequiredText::parse(raw) {
        assert_one_line(text.as_str(), RequiredText::MAX);
        assert_eq!(RequiredText::parse(text.as_str()).as_ref(), Ok(&text));
    }
    if let Ok(text) = FreeText::parse(raw) {
        assert_free_text(text.as_str());
        assert_eq!(FreeText::parse(text.as_str()).as_ref(), Ok(&text));
    }

    check_enums!(
        raw,
        EventKind,
        EventStatus,
        Gender,
        Language,
        OrganizationType,
        RegistrationStatus,
        Role,
        SessionChoiceStatus,
        Visibility
    );

    // The same bytes as session choices: small ids so that they meet, and a few groups.
    let mut u = Unstructured::new(data);
    let small = |u: &mut Unstructured| u.int_in_range(-2i64..=9).unwrap_or(0);
    let rules: Vec<SessionRule> = (0..u.int_in_range(0..=8).unwrap_or(0))
        .map(|_| {
            let id = small(&mut u);
            let group = u.int_in_range(0u8..=3).unwrap_or(0);
            SessionRule { id, parallel_group: (group > 0).then(|| format!("g{group}")) }
        })
        .collect();
    let chosen: Vec<i64> = (0..u.int_in_range(0..=8).unwrap_or(0)).map(|_| small(&mut u)).collect();
    let unique: BTreeSet<i64> = chosen.iter().copied().collect();
    let group_of = |id: &i64| rules.iter().find(|r| r.id == *id).map(|r| r.parallel_group.clone());
    let unknown = unique.iter().any(|id| group_of(id).is_none());
    let groups: Vec<String> = unique.iter().filter_map(|id| group_of(id).flatten()).collect();
    let clash = groups.len() != groups.iter().collect::<BTreeSet<_>>().len();
    match check_sessions(&chosen, &rules) {
        Ok(ids) => {
            assert!(!unknown && !clash, "accepted {chosen:?} against {rules:?}");
            assert_eq!(ids, unique.into_iter().collect::<Vec<_>>());
            assert_sessions_allowed(&ids, &rules);
        }
        Err(FieldError::UnknownSession) => assert!(unknown),
        Err(FieldError::ParallelSessions) => assert!(clash),
        Err(e) => panic!("check_sessions answered {e:?}"),
    }
});
