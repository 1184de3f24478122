//! The questions an organizer adds to an event's registration form, and the rules their answers
//! follow. Shared by the browser (live checks), the HTML form handler and the JSON API, like the
//! fixed fields' rules in `registration_form`.
//!
//! Answers arrive as text, whatever their type (`Answers`: the values posted for each key, one
//! per chosen option for multiple choice), and leave as canonical text: ISO dates, `yes`/`no`,
//! option keys, ISO country codes, E.164 numbers. That text is what the store keeps, one row per
//! value, so a filter or a tally is an equality on one column.
use super::{CountryCode, Email, FieldError, Language};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a person typed or chose for each question key, before any rule.
pub type Answers = BTreeMap<String, Vec<String>>;

/// Why an answer was refused, per question key.
pub type AnswerErrors = BTreeMap<String, FieldError>;

/// The canonical values of the answers that passed, per question key (empty answers left out).
pub type CleanAnswers = BTreeMap<String, Vec<String>>;

super::enums::coded_enum!(
    /// What a question asks for.
    QuestionKind {
        ShortText => "short_text",
        LongText => "long_text",
        SingleChoice => "single_choice",
        MultipleChoice => "multiple_choice",
        YesNo => "yes_no",
        Number => "number",
        Date => "date",
        Datetime => "datetime",
        Country => "country",
        Email => "email",
        Phone => "phone",
        Agreement => "agreement",
    }
);

impl QuestionKind {
    /// Kinds whose answers are a closed set, so the table filters and the report tallies them.
    pub fn is_tallied(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo)
    }

    /// Kinds the registrations table can filter on (an equality on the stored value).
    pub fn is_filterable(self) -> bool {
        self.is_tallied() || matches!(self, QuestionKind::Country | QuestionKind::Date)
    }

    fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }
}

/// A text in the event's languages: English always, the other five UN languages when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "TextOrMap", into = "TextOrMap")]
pub struct Translated(pub BTreeMap<Language, String>);

/// The API's two spellings of a text: a string (English) or an object keyed by language code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum TextOrMap {
    Text(String),
    Map(BTreeMap<Language, String>),
}

impl From<TextOrMap> for Translated {
    fn from(t: TextOrMap) -> Self {
        let map = match t {
            TextOrMap::Text(s) => [(Language::En, s)].into(),
            TextOrMap::Map(m) => m,
        };
        Translated(map.into_iter().map(|(l, s)| (l, s.trim().to_owned())).filter(|(_, s)| !s.is_empty()).collect())
    }
}

impl From<Translated> for TextOrMap {
    fn from(t: Translated) -> Self {
        match (t.0.len(), t.0.get(&Language::En)) {
            (1, Some(en)) => TextOrMap::Text(en.clone()),
            (0, _) => TextOrMap::Text(String::new()),
            _ => TextOrMap::Map(t.0),
        }
    }
}

impl Translated {
    pub fn en(text: &str) -> Self {
        Translated::from(TextOrMap::Text(text.to_owned()))
    }

    /// The text in `lang`, or in English when it has none.
    pub fn get(&self, lang: Language) -> &str {
        self.0.get(&lang).or_else(|| self.0.get(&Language::En)).map_or("", String::as_str)
    }

    /// The text given for exactly `lang` (empty when it falls back).
    pub fn exact(&self, lang: Language) -> &str {
        self.0.get(&lang).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.get(Language::En).is_empty()
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub key: String,
    pub label: Translated,
}

/// Shown only when another (earlier) question's answer is, or includes, `equals`: an option
/// key, or `yes`/`no`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    #[serde(deserialize_with = "condition_value")]
    pub equals: String,
}

/// `equals` may be a string or, for yes/no questions, a boolean.
fn condition_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(b) => yes_no(b).to_owned(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// How a single-choice question is shown: radio buttons, or a drop-down list for long lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    #[default]
    Radio,
    List,
}

/// One question of an event's registration form, as the API and the store spell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable: answers, exports and the API refer to the question by it.
    pub key: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub label: Translated,
    #[serde(default)]
    pub help: Translated,
    #[serde(default)]
    pub required: bool,
    /// The section heading it is shown under ("Travel", "Visa"); empty for the first, untitled one.
    #[serde(default)]
    pub section: Translated,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default)]
    pub visible_if: Option<Condition>,
    /// Personal-sensitive (a passport number): out of exports unless asked for, erased first,
    /// never shown to check-in staff.
    #[serde(default)]
    pub sensitive: bool,
    /// Filled in by organizers; not on the public form.
    #[serde(default)]
    pub organizer_only: bool,
    #[serde(default)]
    pub display: Display,
}

/// Longest short and long text answers, in characters.
pub const SHORT_MAX: usize = 200;
pub const LONG_MAX: usize = 2000;
/// Most questions one event may ask.
pub const MAX_QUESTIONS: usize = 100;

/// Who fills the form in: participants never see organizer-only questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    #[default]
    Participant,
    Organizer,
}

impl Question {
    pub fn label(&self, lang: Language) -> &str {
        self.label.get(lang)
    }

    pub fn option(&self, key: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.key == key)
    }

    /// What a stored value reads as for people: the option's label, "Yes"/"No" via `yes_no`,
    /// the country's name, or the value itself.
    pub fn value_label(&self, value: &str, lang: Language, yes_no: (&str, &str)) -> String {
        match self.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                self.option(value).map_or_else(|| value.to_owned(), |o| o.label.get(lang).to_owned())
            }
            QuestionKind::YesNo | QuestionKind::Agreement => if value == "yes" { yes_no.0 } else { yes_no.1 }.to_owned(),
            QuestionKind::Country => CountryCode::parse(value).map_or_else(|_| value.to_owned(), |c| c.country().name(lang).to_owned()),
            _ => value.to_owned(),
        }
    }

    /// The values one question's answer may take, with their labels, for tallies and filters.
    pub fn choices(&self, lang: Language, yes_no: (&str, &str)) -> Vec<(String, String)> {
        match self.kind {
            QuestionKind::YesNo => vec![("yes".into(), yes_no.0.into()), ("no".into(), yes_no.1.into())],
            _ => self.options.iter().map(|o| (o.key.clone(), o.label.get(lang).to_owned())).collect(),
        }
    }

    /// Checks one question's raw answer; `Ok` holds its canonical values (empty when unanswered).
    pub fn check(&self, raw: &[String]) -> Result<Vec<String>, FieldError> {
        let given: Vec<&str> = raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        if given.is_empty() {
            return match (self.required, self.kind) {
                (true, QuestionKind::Agreement) => Err(FieldError::AgreementRequired),
                (true, _) => Err(FieldError::Required),
                (false, _) => Ok(Vec::new()),
            };
        }
        if self.kind == QuestionKind::MultipleChoice {
            let mut chosen = BTreeSet::new();
            for key in &given {
                self.option(key).ok_or(FieldError::UnknownChoice)?;
                chosen.insert(key.to_string());
            }
            // In the options' order, so exports read as the form does.
            return Ok(self.options.iter().filter(|o| chosen.contains(&o.key)).map(|o| o.key.clone()).collect());
        }
        if given.len() > 1 {
            return Err(FieldError::OneAnswer);
        }
        self.check_one(raw.iter().find(|s| !s.trim().is_empty()).map_or("", String::as_str)).map(|v| vec![v])
    }

    fn check_one(&self, raw: &str) -> Result<String, FieldError> {
        let value = raw.trim();
        match self.kind {
            QuestionKind::ShortText => one_line(value, SHORT_MAX),
            QuestionKind::LongText => long_text(raw, LONG_MAX),
            QuestionKind::SingleChoice => self.option(value).map(|o| o.key.clone()).ok_or(FieldError::UnknownChoice),
            QuestionKind::MultipleChoice => unreachable!("multiple choice is checked as a set"),
            QuestionKind::YesNo => match value {
                "yes" | "true" => Ok("yes".into()),
                "no" | "false" => Ok("no".into()),
                _ => Err(FieldError::UnknownChoice),
            },
            QuestionKind::Agreement => match value {
                "yes" | "true" | "on" => Ok("yes".into()),
                _ => Err(FieldError::AgreementRequired),
            },
            QuestionKind::Number => number(value, self.min, self.max),
            QuestionKind::Date => date(value).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            QuestionKind::Datetime => datetime(value),
            QuestionKind::Country => CountryCode::parse(value).map(|c| c.as_str().to_owned()),
            QuestionKind::Email => Email::parse(value).map(|e| e.as_str().to_owned()),
            QuestionKind::Phone => phone(value),
        }
    }

    /// Puts stored values in the order the form shows its options (the store keeps them by
    /// value); values of options since removed go last.
    pub fn ordered(&self, mut values: Vec<String>) -> Vec<String> {
        values.sort_by_key(|v| self.options.iter().position(|o| &o.key == v).unwrap_or(usize::MAX));
        values
    }

    /// Whether the question applies, given the answers so far (canonical or raw alike).
    pub fn applies(&self, answers: &BTreeMap<String, Vec<String>>) -> bool {
        match &self.visible_if {
            None => true,
            Some(c) => answers.get(&c.question).is_some_and(|v| v.iter().any(|a| a.trim() == c.equals)),
        }
    }
}

/// Checks every answer of a form: unknown keys are refused, a question whose condition does not
/// hold is skipped (whatever was typed into it is dropped), and organizer-only questions are
/// the organizer's. Conditions refer to earlier questions only, so one pass in order suffices.
pub fn check_answers(questions: &[Question], raw: &Answers, audience: Audience) -> Result<CleanAnswers, AnswerErrors> {
    let asked = |q: &&Question| audience == Audience::Organizer || !q.organizer_only;
    let mut errors: AnswerErrors = raw
        .keys()
        .filter(|k| !questions.iter().filter(asked).any(|q| &q.key == *k))
        .map(|k| (k.clone(), FieldError::UnknownQuestion))
        .collect();
    let mut clean = CleanAnswers::new();
    let mut seen = CleanAnswers::new();
    for q in questions.iter().filter(asked) {
        if !q.applies(&seen) {
            continue;
        }
        let mut q = q.clone();
        // Organizers fill in what they know; what people must answer is the participants' rule.
        q.required &= audience == Audience::Participant;
        match q.check(raw.get(&q.key).map_or(&[][..], Vec::as_slice)) {
            Ok(values) if values.is_empty() => {}
            Ok(values) => {
                seen.insert(q.key.clone(), values.clone());
                clean.insert(q.key.clone(), values);
            }
            Err(e) => {
                errors.insert(q.key.clone(), e);
            }
        }
    }
    if errors.is_empty() { Ok(clean) } else { Err(errors) }
}

/// Checks one answer alone, as the browser does while a person types; `None` when it is fine
/// or does not apply.
pub fn check_answer(questions: &[Question], raw: &Answers, key: &str) -> Option<FieldError> {
    let q = questions.iter().find(|q| q.key == key)?;
    if !q.applies(raw) {
        return None;
    }
    q.check(raw.get(key).map_or(&[][..], Vec::as_slice)).err()
}

fn one_line(value: &str, max: usize) -> Result<String, FieldError> {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().any(char::is_control) {
        return Err(FieldError::ControlCharacters);
    }
    if collapsed.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(collapsed)
}

fn long_text(raw: &str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim().replace("\r\n", "\n");
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::ControlCharacters);
    }
    if s.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(s)
}

fn number(value: &str, min: Option<i64>, max: Option<i64>) -> Result<String, FieldError> {
    let n: f64 = value.parse().map_err(|_| FieldError::InvalidNumber)?;
    // `parse` takes "inf", "NaN" and "1e400"; none is an answer.
    if !n.is_finite() || value.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') || value.len() > 30 {
        return Err(FieldError::InvalidNumber);
    }
    if min.is_some_and(|m| n < m as f64) || max.is_some_and(|m| n > m as f64) {
        return Err(FieldError::OutOfRange { min, max });
    }
    let canonical = if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") };
    // "1e30" or "1e-30" would be stored as 31 digits or more: no answer, and not one that would
    // pass this check again.
    if canonical.len() > 30 {
        return Err(FieldError::InvalidNumber);
    }
    Ok(canonical)
}

fn leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// A calendar date `YYYY-MM-DD` (what `<input type=date>` posts), years 1900-2199.
fn date(value: &str) -> Result<(u32, u32, u32), FieldError> {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts[..] else { return Err(FieldError::InvalidDate) };
    let digits = |s: &str, len: usize| (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten();
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else { return Err(FieldError::InvalidDate) };
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(y) => 29,
        2 => 28,
        _ => return Err(FieldError::InvalidDate),
    };
    if !(1900..=2199).contains(&y) || d == 0 || d > days {
        return Err(FieldError::InvalidDate);
    }
    Ok((y, m, d))
}

/// A local date and time `YYYY-MM-DDTHH:MM` (what `<input type=datetime-local>` posts; seconds
/// and a space instead of `T` are taken too).
fn datetime(value: &str) -> Result<String, FieldError> {
    let (d, t) = value.split_once(['T', ' ']).ok_or(FieldError::InvalidDateTime)?;
    let (y, m, d) = date(d).map_err(|_| FieldError::InvalidDateTime)?;
    let parts: Vec<&str> = t.split(':').collect();
    let two = |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten();
    let (h, min) = match parts[..] {
        [h, min] | [h, min, "00"] => (two(h), two(min)),
        _ => (None, None),
    };
    match (h, min) {
        (Some(h), Some(min)) if h < 24 && min < 60 => Ok(format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}")),
        _ => Err(FieldError::InvalidDateTime),
    }
}

/// An international number in E.164: `+`, a country code and the number, 8 to 15 digits in all.
/// Spaces, dots, dashes and brackets people type between the digits are dropped.
fn phone(value: &str) -> Result<String, FieldError> {
    let rest = value.strip_prefix('+').or_else(|| value.strip_prefix("00")).ok_or(FieldError::InvalidPhone)?;
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(FieldError::InvalidPhone),
        }
    }
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(FieldError::InvalidPhone);
    }
    Ok(format!("+{digits}"))
}

/// What is wrong with one question of a form definition: a code per field of the question
/// (`key`, `type`, `label`, `options`, `visible_if`, `min`), as the API and the editor show it.
pub type DefinitionErrors = BTreeMap<String, String>;

/// A question key: lower-case letters, digits and `_`, starting with a letter, at most 40.
pub fn valid_key(key: &str) -> bool {
    key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Checks a whole form definition; errors are keyed by the question's place in the list.
/// Conditions must name an earlier yes/no or choice question and one of its answers, so a form
/// can never hide a question behind itself.
pub fn check_definition(questions: &[Question]) -> Result<(), BTreeMap<usize, DefinitionErrors>> {
    let mut all = BTreeMap::new();
    if questions.len() > MAX_QUESTIONS {
        all.insert(MAX_QUESTIONS, [("key".to_owned(), "too_many".to_owned())].into());
    }
    for (i, q) in questions.iter().enumerate() {
        let mut errors = DefinitionErrors::new();
        if !valid_key(&q.key) {
            errors.insert("key".into(), "invalid_key".into());
        } else if questions[..i].iter().any(|p| p.key == q.key) {
            errors.insert("key".into(), "duplicate_key".into());
        }
        let texts = [&q.label, &q.help, &q.section].into_iter().flat_map(|t| t.0.values());
        let options = q.options.iter().flat_map(|o| o.label.0.values());
        if texts.chain(options).any(|s| s.chars().any(|c| c.is_control() && c != '\n') || s.chars().count() > 1000) {
            errors.insert("label".into(), "invalid_text".into());
        } else if q.label.is_empty() {
            errors.insert("label".into(), "required".into());
        }
        if q.kind.has_options() {
            let keys: BTreeSet<&str> = q.options.iter().map(|o| o.key.as_str()).collect();
            if q.options.is_empty() {
                errors.insert("options".into(), "options_required".into());
            } else if keys.len() != q.options.len() || q.options.iter().any(|o| !valid_key(&o.key) || o.label.is_empty()) {
                errors.insert("options".into(), "invalid_options".into());
            }
        } else if !q.options.is_empty() {
            errors.insert("options".into(), "no_options".into());
        }
        if let (Some(min), Some(max)) = (q.min, q.max)
            && min > max
        {
            errors.insert("min".into(), "min_over_max".into());
        }
        if let Some(c) = &q.visible_if {
            match questions[..i].iter().find(|p| p.key == c.question) {
                None => {
                    errors.insert("visible_if".into(), "unknown_question".into());
                }
                Some(p) => {
                    let fits = match p.kind {
                        QuestionKind::YesNo => c.equals == "yes" || c.equals == "no",
                        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => p.option(&c.equals).is_some(),
                        _ => false,
                    };
                    if !fits || p.organizer_only != q.organizer_only && !q.organizer_only {
                        errors.insert("visible_if".into(), "unknown_answer".into());
                    }
                }
            }
        }
        if !errors.is_empty() {
            all.insert(i, errors);
        }
    }
    if all.is_empty() { Ok(()) } else { Err(all) }
}

/// The raw answers of an API body: a string, number, boolean, array of strings, or null per key.
pub fn answers_from_json(object: &serde_json::Map<String, serde_json::Value>) -> Answers {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(yes_no(*b).to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        // Not a value any question takes: kept so the rules refuse it rather than ignore it.
        other => Some(other.to_string()),
    };
    object
        .iter()
        .map(|(k, v)| {
            let values = match v {
                Value::Array(items) => items.iter().filter_map(text).collect(),
                v => text(v).into_iter().collect(),
            };
            (k.clone(), values)
        })
        .collect()
}

/// The canonical values of one answer as the API gives them back: a string, number, boolean or
/// array of option keys.
pub fn answer_to_json(q: &Question, values: &[String]) -> serde_json::Value {
    use serde_json::Value;
    match q.kind {
        QuestionKind::MultipleChoice => Value::Array(values.iter().cloned().map(Value::String).collect()),
        QuestionKind::YesNo | QuestionKind::Agreement => Value::Bool(values.first().is_some_and(|v| v == "yes")),
        QuestionKind::Number => {
            values.first().and_then(|v| serde_json::from_str::<serde_json::Number>(v).ok()).map_or(Value::Null, Value::Number)
        }
        _ => values.first().cloned().map_or(Value::Null, Value::String),
    }
}

#[cfg(test)]
mod tests;
