//! What documents say by default, in the six languages (`texts.json`): the badge roles, the
//! certificate's and the letter's texts and labels. Server only, so none of it reaches the
//! browser bundle. An organizer's own text for an event replaces a default text; placeholders
//! (`{name}`, `{event}`) are filled in here, as plain text, never as Typst markup.
use crate::domain::Language;
use std::{collections::HashMap, sync::OnceLock};

type Texts = HashMap<String, HashMap<String, String>>;

fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| serde_json::from_str(include_str!("../texts.json")).expect("documents/texts.json is valid"))
}

/// The default text of `key` in `lang` (English if that language lacks it).
pub fn text(lang: Language, key: &str) -> String {
    let of = |l: &str| texts().get(l).and_then(|t| t.get(key));
    of(lang.code()).or_else(|| of("en")).cloned().unwrap_or_else(|| key.to_owned())
}

/// `template` with each `{name}` replaced by its value; unknown placeholders stay as written,
/// so an organizer sees their typo in the document rather than losing the text.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(k, _)| *k == name) => {
                out.push_str(values.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or(""));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text's paragraphs: separated by blank lines, inner line breaks kept as spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n").split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let en = &texts()["en"];
        for lang in Language::ALL {
            let t = texts().get(lang.code()).unwrap_or_else(|| panic!("{} is missing", lang.code()));
            for key in en.keys() {
                assert!(t.get(key).is_some_and(|v| !v.trim().is_empty()), "{}: {key} is missing", lang.code());
            }
            // Placeholders are the same in every language, so an organizer's variables work in all.
            for key in en.keys() {
                let names = |s: &str| {
                    let mut v: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned())).collect();
                    v.sort();
                    v.dedup();
                    v
                };
                assert_eq!(names(&t[key]), names(&en[key]), "{}: {key} has other placeholders", lang.code());
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let filled = fill("Dear {name}, {event} {unknown} {", &[("name", "محمد Ali"), ("event", "Forum {x}")]);
        assert_eq!(filled, "Dear محمد Ali, Forum {x} {unknown} {");
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs("One\nline.\r\n\r\nTwo.\n\n\n"), vec!["One line.", "Two."]);
    }
}
