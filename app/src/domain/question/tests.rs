use super::*;
use proptest::prelude::*;

fn q(key: &str, kind: QuestionKind) -> Question {
    Question {
        key: key.into(),
        kind,
        label: Translated::en(key),
        help: Translated::default(),
        required: true,
        section: Translated::default(),
        options: Vec::new(),
        min: None,
        max: None,
        visible_if: None,
        sensitive: false,
        organizer_only: false,
        display: Display::Radio,
    }
}

fn options(keys: &[&str]) -> Vec<ChoiceOption> {
    keys.iter().map(|k| ChoiceOption { key: (*k).into(), label: Translated::en(k) }).collect()
}

/// The study visit's form: visa needed? then the passport questions only when it is.
fn visa_form() -> Vec<Question> {
    let mut passport = q("passport_number", QuestionKind::ShortText);
    passport.visible_if = Some(Condition { question: "visa_required".into(), equals: "yes".into() });
    passport.sensitive = true;
    let mut field_visit = q("field_visit", QuestionKind::SingleChoice);
    field_visit.options = options(&["port", "factory"]);
    let mut topics = q("topics", QuestionKind::MultipleChoice);
    topics.options = options(&["trade", "health", "digital"]);
    topics.required = false;
    let mut note = q("desk_note", QuestionKind::LongText);
    note.organizer_only = true;
    note.required = false;
    vec![q("visa_required", QuestionKind::YesNo), passport, field_visit, topics, note]
}

fn answers(pairs: &[(&str, &[&str])]) -> Answers {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect())).collect()
}

fn one(kind: QuestionKind, raw: &str) -> Result<Vec<String>, FieldError> {
    q("x", kind).check(&[raw.to_owned()])
}

#[test]
fn every_type_takes_its_good_answers_in_canonical_form() {
    assert_eq!(one(QuestionKind::ShortText, "  Ministry   of Finance "), Ok(vec!["Ministry of Finance".into()]));
    assert_eq!(one(QuestionKind::LongText, "line one\r\nline two"), Ok(vec!["line one\nline two".into()]));
    assert_eq!(one(QuestionKind::YesNo, "yes"), Ok(vec!["yes".into()]));
    assert_eq!(one(QuestionKind::YesNo, "false"), Ok(vec!["no".into()]));
    assert_eq!(one(QuestionKind::Number, "3.0"), Ok(vec!["3".into()]));
    assert_eq!(one(QuestionKind::Number, "-2.5"), Ok(vec!["-2.5".into()]));
    assert_eq!(one(QuestionKind::Date, "2028-02-29"), Ok(vec!["2028-02-29".into()]));
    assert_eq!(one(QuestionKind::Datetime, "2027-03-15T14:30"), Ok(vec!["2027-03-15T14:30".into()]));
    assert_eq!(one(QuestionKind::Datetime, "2027-03-15 14:30:00"), Ok(vec!["2027-03-15T14:30".into()]));
    assert_eq!(one(QuestionKind::Country, "bt"), Ok(vec!["BT".into()]));
    assert_eq!(one(QuestionKind::Email, "Pema@mof.gov.bt"), Ok(vec!["Pema@mof.gov.bt".into()]));
    assert_eq!(one(QuestionKind::Phone, "+975 (2) 33-44.55"), Ok(vec!["+97523344 55".replace(' ', "")]));
    assert_eq!(one(QuestionKind::Phone, "0066 2 288 1234"), Ok(vec!["+6622881234".into()]));
    assert_eq!(one(QuestionKind::Agreement, "on"), Ok(vec!["yes".into()]));
}

#[test]
fn every_type_refuses_its_bad_answers() {
    assert_eq!(one(QuestionKind::ShortText, &"a".repeat(SHORT_MAX + 1)), Err(FieldError::TooLong { max: SHORT_MAX }));
    assert_eq!(one(QuestionKind::ShortText, "a\u{7}b"), Err(FieldError::ControlCharacters));
    assert_eq!(one(QuestionKind::YesNo, "maybe"), Err(FieldError::UnknownChoice));
    assert_eq!(one(QuestionKind::Number, "three"), Err(FieldError::InvalidNumber));
    assert_eq!(one(QuestionKind::Number, "inf"), Err(FieldError::InvalidNumber));
    assert_eq!(one(QuestionKind::Number, "NaN"), Err(FieldError::InvalidNumber));
    assert_eq!(one(QuestionKind::Number, "1e30"), Err(FieldError::InvalidNumber), "its canonical text would be 31 digits");
    assert_eq!(one(QuestionKind::Date, "2027-02-29"), Err(FieldError::InvalidDate));
    assert_eq!(one(QuestionKind::Date, "15/03/2027"), Err(FieldError::InvalidDate));
    assert_eq!(one(QuestionKind::Date, "2027-3-15"), Err(FieldError::InvalidDate));
    assert_eq!(one(QuestionKind::Datetime, "2027-03-15T24:00"), Err(FieldError::InvalidDateTime));
    assert_eq!(one(QuestionKind::Datetime, "2027-03-15"), Err(FieldError::InvalidDateTime));
    assert_eq!(one(QuestionKind::Country, "XX"), Err(FieldError::UnknownCountry));
    assert_eq!(one(QuestionKind::Email, "pema@"), Err(FieldError::InvalidEmail));
    assert_eq!(one(QuestionKind::Phone, "02 288 1234"), Err(FieldError::InvalidPhone));
    assert_eq!(one(QuestionKind::Phone, "+1234"), Err(FieldError::InvalidPhone));
    assert_eq!(one(QuestionKind::Phone, "+66 2 288 1234 ext 5"), Err(FieldError::InvalidPhone));
    assert_eq!(one(QuestionKind::Agreement, "no"), Err(FieldError::AgreementRequired));
}

#[test]
fn numbers_keep_to_their_range() {
    let nights = Question { min: Some(0), max: Some(14), ..q("nights", QuestionKind::Number) };
    assert_eq!(nights.check(&["15".into()]), Err(FieldError::OutOfRange { min: Some(0), max: Some(14) }));
    assert_eq!(nights.check(&["-1".into()]), Err(FieldError::OutOfRange { min: Some(0), max: Some(14) }));
    assert_eq!(nights.check(&["14".into()]), Ok(vec!["14".into()]));
}

#[test]
fn an_empty_answer_is_required_only_when_the_question_says_so() {
    let mut question = q("x", QuestionKind::ShortText);
    assert_eq!(question.check(&["  ".into()]), Err(FieldError::Required));
    assert_eq!(q("x", QuestionKind::Agreement).check(&[]), Err(FieldError::AgreementRequired));
    question.required = false;
    assert_eq!(question.check(&[]), Ok(vec![]));
}

#[test]
fn choices_take_only_their_options_and_multiple_ones_come_back_in_their_order() {
    let form = visa_form();
    let topics = &form[3];
    assert_eq!(topics.check(&["digital".into(), "trade".into(), "digital".into()]), Ok(vec!["trade".into(), "digital".into()]));
    assert_eq!(topics.check(&["space".into()]), Err(FieldError::UnknownChoice));
    assert_eq!(form[2].check(&["port".into(), "factory".into()]), Err(FieldError::OneAnswer));
    assert_eq!(form[2].check(&["zoo".into()]), Err(FieldError::UnknownChoice));
}

#[test]
fn a_conditional_question_is_required_only_when_its_condition_holds() {
    let form = visa_form();
    let no_visa = answers(&[("visa_required", &["no"]), ("field_visit", &["port"])]);
    assert!(check_answers(&form, &no_visa, Audience::Participant).is_ok());
    let visa = answers(&[("visa_required", &["yes"]), ("field_visit", &["port"])]);
    let errors = check_answers(&form, &visa, Audience::Participant).unwrap_err();
    assert_eq!(errors, [("passport_number".to_owned(), FieldError::Required)].into());
}

#[test]
fn an_answer_to_a_question_whose_condition_fails_is_dropped_not_stored() {
    let form = visa_form();
    let raw = answers(&[("visa_required", &["no"]), ("passport_number", &["PB123"]), ("field_visit", &["port"])]);
    let clean = check_answers(&form, &raw, Audience::Participant).unwrap();
    assert!(!clean.contains_key("passport_number"));
    assert_eq!(clean["visa_required"], vec!["no".to_owned()]);
}

#[test]
fn unknown_and_organizer_only_keys_are_refused_from_participants() {
    let form = visa_form();
    let raw = answers(&[("visa_required", &["no"]), ("field_visit", &["port"]), ("shoe_size", &["42"]), ("desk_note", &["vip"])]);
    let errors = check_answers(&form, &raw, Audience::Participant).unwrap_err();
    assert_eq!(errors.get("shoe_size"), Some(&FieldError::UnknownQuestion));
    assert_eq!(errors.get("desk_note"), Some(&FieldError::UnknownQuestion));
    let clean = check_answers(&form, &raw, Audience::Organizer).unwrap_err();
    assert_eq!(clean.len(), 1, "organizers may fill in their own questions: {clean:?}");
}

#[test]
fn organizers_need_not_answer_what_participants_must() {
    assert!(check_answers(&visa_form(), &Answers::new(), Audience::Organizer).is_ok());
    assert!(check_answers(&visa_form(), &Answers::new(), Audience::Participant).is_err());
}

#[test]
fn a_label_falls_back_to_english() {
    let label: Translated = serde_json::from_str(r#"{"en": "Nights", "fr": "Nuits"}"#).unwrap();
    assert_eq!(label.get(Language::Fr), "Nuits");
    assert_eq!(label.get(Language::Ar), "Nights");
    assert_eq!(label.exact(Language::Ar), "");
    let plain: Translated = serde_json::from_str(r#""Nights""#).unwrap();
    assert_eq!(plain.get(Language::Zh), "Nights");
    assert_eq!(serde_json::to_string(&plain).unwrap(), r#""Nights""#);
}

#[test]
fn a_question_reads_from_the_apis_json() {
    let json = r#"{"key": "visa", "type": "yes_no", "label": {"en": "Visa?", "ru": "Виза?"}, "required": true,
        "visible_if": null}"#;
    let question: Question = serde_json::from_str(json).unwrap();
    assert_eq!(question.kind, QuestionKind::YesNo);
    assert_eq!(question.label(Language::Ru), "Виза?");
    let json = r#"{"key": "passport", "type": "short_text", "label": "Passport", "visible_if": {"question": "visa", "equals": true}}"#;
    let question: Question = serde_json::from_str(json).unwrap();
    assert_eq!(question.visible_if.unwrap().equals, "yes");
    assert!(serde_json::from_str::<Question>(r#"{"key": "x", "type": "colour", "label": "X"}"#).is_err());
}

#[test]
fn a_definition_names_each_broken_question() {
    let mut form = visa_form();
    form.push(q("visa_required", QuestionKind::ShortText));
    form.push(Question {
        visible_if: Some(Condition { question: "later".into(), equals: "yes".into() }),
        ..q("early", QuestionKind::ShortText)
    });
    form.push(q("later", QuestionKind::YesNo));
    form.push(q("Bad Key", QuestionKind::ShortText));
    form.push(q("no_options", QuestionKind::SingleChoice));
    form.push(Question { min: Some(5), max: Some(1), ..q("range", QuestionKind::Number) });
    form.push(Question {
        visible_if: Some(Condition { question: "field_visit".into(), equals: "zoo".into() }),
        ..q("zoo", QuestionKind::ShortText)
    });
    form.push(Question { label: Translated::default(), ..q("unlabelled", QuestionKind::ShortText) });
    let errors = check_definition(&form).unwrap_err();
    assert_eq!(errors[&5]["key"], "duplicate_key");
    assert_eq!(errors[&6]["visible_if"], "unknown_question", "a condition must look back");
    assert_eq!(errors[&8]["key"], "invalid_key");
    assert_eq!(errors[&9]["options"], "options_required");
    assert_eq!(errors[&10]["min"], "min_over_max");
    assert_eq!(errors[&11]["visible_if"], "unknown_answer");
    assert_eq!(errors[&12]["label"], "required");
    assert_eq!(errors.len(), 7);
    assert!(check_definition(&visa_form()).is_ok());
}

#[test]
fn api_answers_become_text_and_come_back_typed() {
    let body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"visa": true, "nights": 3, "topics": ["trade", "health"], "note": null, "arrive": "2027-03-15"}"#)
            .unwrap();
    let raw = answers_from_json(&body);
    assert_eq!(raw["visa"], vec!["yes".to_owned()]);
    assert_eq!(raw["nights"], vec!["3".to_owned()]);
    assert_eq!(raw["topics"].len(), 2);
    assert!(raw["note"].is_empty());
    let nights = q("nights", QuestionKind::Number);
    assert_eq!(answer_to_json(&nights, &["2.5".into()]), serde_json::json!(2.5));
    assert_eq!(answer_to_json(&q("v", QuestionKind::YesNo), &["no".into()]), serde_json::json!(false));
}

proptest! {
    /// What the rules accept, they accept again unchanged: stored answers always re-validate,
    /// so a participant correcting one answer is never stopped by another.
    #[test]
    fn canonical_answers_check_again_to_themselves(raw in "\\PC{0,24}", kind in proptest::sample::select(QuestionKind::ALL.to_vec())) {
        let mut question = q("x", kind);
        question.options = options(&["a", "b"]);
        if let Ok(values) = question.check(&[raw]) {
            prop_assert_eq!(question.check(&values), Ok(values.clone()));
        }
    }

    /// Whatever is posted, the passport number is kept only when a visa is needed, and nothing
    /// outside the form's own keys and options is ever kept.
    #[test]
    fn clean_answers_hold_only_asked_questions_and_known_options(
        visa in proptest::sample::select(vec!["yes", "no", "", "maybe"]),
        passport in "[A-Z0-9]{0,9}",
        visit in proptest::sample::select(vec!["port", "factory", "zoo", ""]),
        topics in proptest::collection::vec(proptest::sample::select(vec!["trade", "health", "digital", "space"]), 0..4),
    ) {
        let form = visa_form();
        let topic_refs: Vec<&str> = topics.to_vec();
        let raw = answers(&[("visa_required", &[visa]), ("passport_number", &[passport.as_str()]), ("field_visit", &[visit]), ("topics", &topic_refs)]);
        if let Ok(clean) = check_answers(&form, &raw, Audience::Participant) {
            prop_assert_eq!(clean.contains_key("passport_number"), visa == "yes");
            for (key, values) in &clean {
                let question = form.iter().find(|q| &q.key == key).unwrap();
                if question.kind.is_tallied() && question.kind != QuestionKind::YesNo {
                    prop_assert!(values.iter().all(|v| question.option(v).is_some()));
                }
            }
        }
    }
}

#[test]
fn every_type_is_spelled_by_its_code_in_json() {
    for kind in QuestionKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::String(kind.code().into()));
        assert_eq!(serde_json::from_value::<QuestionKind>(kind.code().into()).unwrap(), *kind);
    }
}

#[test]
fn sensitive_and_organizer_only_survive_the_round_trip_through_the_store() {
    let mut q = q("passport_number", QuestionKind::ShortText);
    q.sensitive = true;
    q.organizer_only = true;
    let back: Question = serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
    assert_eq!(back, q);
}
