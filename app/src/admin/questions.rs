//! The back office's form editor, as its pages see it: the editor page's read model and the
//! question form as typed, with its two-way conversion to the domain's `Question`. The form's
//! own checks (a number that is not one, an option line that cannot be read) are here; every
//! rule on the form as a whole stays in `questions::ssr::service`.
use super::{EventSummary, FormErrors};
use crate::domain::{
    Language, Question, QuestionKind,
    question::{ChoiceOption, Condition, Display, Translated},
};
use serde::{Deserialize, Serialize};

/// One question's form, as typed: texts per language, options one per line `key | label`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub key: String,
    pub kind: String,
    pub label_en: String,
    pub label_fr: String,
    pub label_es: String,
    pub label_ru: String,
    pub label_zh: String,
    pub label_ar: String,
    pub help_en: String,
    pub help_fr: String,
    pub help_es: String,
    pub help_ru: String,
    pub help_zh: String,
    pub help_ar: String,
    pub section_en: String,
    pub section_fr: String,
    pub section_es: String,
    pub section_ru: String,
    pub section_zh: String,
    pub section_ar: String,
    pub required: bool,
    pub sensitive: bool,
    pub organizer_only: bool,
    /// `radio` or `list` (single choice only).
    pub display: String,
    pub min: String,
    pub max: String,
    pub options: String,
    /// The earlier question it depends on (empty: always asked), and the answer that shows it.
    pub condition: String,
    pub condition_equals: String,
}

/// Which of a question's texts a form field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Label,
    Help,
    Section,
}

/// The form field holding a text in a language, and its name: `text_field!([&] form, which, lang)`
/// or `[&mut]`.
macro_rules! text_field {
    ([$($r:tt)*] $s:expr, $which:expr, $lang:expr) => {{
        use Language::*;
        use TextField::*;
        match ($which, $lang) {
            (Label, En) => ("label_en", $($r)* $s.label_en),
            (Label, Fr) => ("label_fr", $($r)* $s.label_fr),
            (Label, Es) => ("label_es", $($r)* $s.label_es),
            (Label, Ru) => ("label_ru", $($r)* $s.label_ru),
            (Label, Zh) => ("label_zh", $($r)* $s.label_zh),
            (Label, Ar) => ("label_ar", $($r)* $s.label_ar),
            (Help, En) => ("help_en", $($r)* $s.help_en),
            (Help, Fr) => ("help_fr", $($r)* $s.help_fr),
            (Help, Es) => ("help_es", $($r)* $s.help_es),
            (Help, Ru) => ("help_ru", $($r)* $s.help_ru),
            (Help, Zh) => ("help_zh", $($r)* $s.help_zh),
            (Help, Ar) => ("help_ar", $($r)* $s.help_ar),
            (Section, En) => ("section_en", $($r)* $s.section_en),
            (Section, Fr) => ("section_fr", $($r)* $s.section_fr),
            (Section, Es) => ("section_es", $($r)* $s.section_es),
            (Section, Ru) => ("section_ru", $($r)* $s.section_ru),
            (Section, Zh) => ("section_zh", $($r)* $s.section_zh),
            (Section, Ar) => ("section_ar", $($r)* $s.section_ar),
        }
    }};
}

impl QuestionForm {
    /// The form field holding `which` in `lang`, and its name.
    pub fn text(&self, which: TextField, lang: Language) -> (&'static str, &String) {
        text_field!([&] self, which, lang)
    }

    fn text_mut(&mut self, which: TextField, lang: Language) -> &mut String {
        text_field!([&mut] self, which, lang).1
    }

    fn translated(&self, which: TextField) -> Translated {
        Translated(Language::ALL.iter().map(|l| (*l, self.text(which, *l).1.trim().to_owned())).filter(|(_, s)| !s.is_empty()).collect())
    }

    /// The form showing `q`. Options show their English labels; their other languages are kept
    /// by `merge_option_translations` when the form comes back.
    pub fn of(q: &Question) -> QuestionForm {
        let mut f = QuestionForm {
            key: q.key.clone(),
            kind: q.kind.code().to_owned(),
            required: q.required,
            sensitive: q.sensitive,
            organizer_only: q.organizer_only,
            display: match q.display {
                Display::Radio => "radio",
                Display::List => "list",
            }
            .to_owned(),
            min: q.min.map(|n| n.to_string()).unwrap_or_default(),
            max: q.max.map(|n| n.to_string()).unwrap_or_default(),
            options: q.options.iter().map(|o| format!("{} | {}", o.key, o.label.exact(Language::En))).collect::<Vec<_>>().join("\n"),
            condition: q.visible_if.as_ref().map(|c| c.question.clone()).unwrap_or_default(),
            condition_equals: q.visible_if.as_ref().map(|c| c.equals.clone()).unwrap_or_default(),
            ..QuestionForm::default()
        };
        for (which, text) in [(TextField::Label, &q.label), (TextField::Help, &q.help), (TextField::Section, &q.section)] {
            for lang in Language::ALL {
                *f.text_mut(which, *lang) = text.exact(*lang).to_owned();
            }
        }
        f
    }

    /// The question the form describes, or the fields it could not read (keyed by form field).
    pub fn to_question(&self) -> Result<Question, FormErrors> {
        let mut errors = FormErrors::new();
        let kind = QuestionKind::parse(&self.kind).unwrap_or_else(|_| {
            errors.insert("kind".into(), "required".into());
            QuestionKind::ShortText
        });
        let mut number = |field: &str, raw: &str| match raw.trim() {
            "" => None,
            s => s.parse::<i64>().map_err(|_| errors.insert(field.into(), "not_a_number".into())).ok(),
        };
        let (min, max) = (number("min", &self.min), number("max", &self.max));
        let options = parse_options(&self.options).unwrap_or_else(|line| {
            errors.insert("options".into(), format!("option_line:{line}"));
            Vec::new()
        });
        let visible_if = match (self.condition.trim(), self.condition_equals.trim()) {
            ("", _) => None,
            (_, "") => {
                errors.insert("condition_equals".into(), "required".into());
                None
            }
            (q, equals) => Some(Condition { question: q.to_owned(), equals: equals.to_owned() }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Question {
            key: self.key.trim().to_owned(),
            kind,
            label: self.translated(TextField::Label),
            help: self.translated(TextField::Help),
            required: self.required,
            section: self.translated(TextField::Section),
            options,
            min,
            max,
            visible_if,
            sensitive: self.sensitive,
            organizer_only: self.organizer_only,
            display: if self.display == "list" { Display::List } else { Display::Radio },
        })
    }
}

/// Options typed one per line, `key | English label`; blank lines are skipped. `Err` holds the
/// number of the first line that is not of that shape.
pub fn parse_options(text: &str) -> Result<Vec<ChoiceOption>, usize> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let Some((key, label)) = line.split_once('|') else { return Err(n + 1) };
        let (key, label) = (key.trim(), label.trim());
        if key.is_empty() || label.is_empty() || label.contains('|') {
            return Err(n + 1);
        }
        out.push(ChoiceOption { key: key.to_owned(), label: Translated::en(label) });
    }
    Ok(out)
}

/// The form's options lose nothing but what was changed: an option whose key and English label
/// are as before keeps its other languages (the form shows English only).
pub fn merge_option_translations(edited: &mut Question, before: &Question) {
    for o in &mut edited.options {
        if let Some(old) = before.option(&o.key)
            && old.label.exact(Language::En) == o.label.exact(Language::En)
        {
            o.label = old.label.clone();
        }
    }
}

/// One question as the editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionLine {
    pub key: String,
    pub kind: QuestionKind,
    /// Label and section in the reader's language.
    pub label: String,
    pub section: String,
    pub required: bool,
    pub sensitive: bool,
    pub organizer_only: bool,
    /// "passport_needed = yes" when it is asked only after that answer.
    pub condition: Option<String>,
    /// The answers a later question may depend on (yes/no, choice questions), else empty.
    pub answers: Vec<String>,
    pub form: QuestionForm,
}

impl QuestionLine {
    pub fn of(q: &Question, lang: Language) -> QuestionLine {
        let answers = match q.kind {
            QuestionKind::YesNo => vec!["yes".into(), "no".into()],
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => q.options.iter().map(|o| o.key.clone()).collect(),
            _ => Vec::new(),
        };
        QuestionLine {
            key: q.key.clone(),
            kind: q.kind,
            label: q.label(lang).to_owned(),
            section: q.section.get(lang).to_owned(),
            required: q.required,
            sensitive: q.sensitive,
            organizer_only: q.organizer_only,
            condition: q.visible_if.as_ref().map(|c| format!("{} = {}", c.question, c.equals)),
            answers,
            form: QuestionForm::of(q),
        }
    }
}

/// The editor page: the live questions in order, the archived ones, and the other events whose
/// questions may be copied (slug, title).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionsPage {
    pub event: EventSummary,
    pub live: Vec<QuestionLine>,
    pub archived: Vec<QuestionLine>,
    pub others: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_one_per_line_and_a_bad_line_is_named() {
        let o = parse_options("yes_visa | Yes\n\n no | No, thanks ").unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!((o[1].key.as_str(), o[1].label.get(Language::En)), ("no", "No, thanks"));
        assert_eq!(parse_options("a | A\njust a label"), Err(2));
        assert_eq!(parse_options("a | A | B"), Err(1));
    }

    #[test]
    fn a_question_survives_its_form() {
        for preset in crate::questions::presets::Preset::ALL {
            for q in preset.questions() {
                let mut back = QuestionForm::of(&q).to_question().unwrap();
                merge_option_translations(&mut back, &q);
                assert_eq!(back, q);
            }
        }
    }

    #[test]
    fn unreadable_fields_are_keyed_by_form_field() {
        let f = QuestionForm { kind: "colour".into(), min: "x".into(), condition: "a".into(), ..Default::default() };
        let e = f.to_question().unwrap_err();
        assert_eq!(e.get("kind").map(String::as_str), Some("required"));
        assert_eq!(e.get("min").map(String::as_str), Some("not_a_number"));
        assert_eq!(e.get("condition_equals").map(String::as_str), Some("required"));
    }
}
