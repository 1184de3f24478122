//! Free-text fields: names, organisations, job titles and needs. Trimmed, bounded in length,
//! free of control characters (which break emails, CSV exports and badges).
use super::FieldError;
use serde::{Deserialize, Serialize};

fn clean(raw: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    // Collapse inner runs of whitespace so "Ana   Maria" and "Ana Maria" are the same name.
    let collapsed: String = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().any(char::is_control) {
        return Err(FieldError::ControlCharacters);
    }
    if collapsed.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(collapsed)
}

/// A given or family name: required, at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = clean(raw, Self::MAX)?;
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A required one-line text such as an organisation or job title: at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredText(String);

impl RequiredText {
    pub const MAX: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = clean(raw, Self::MAX)?;
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Optional longer text such as accessibility or dietary needs: at most 1,000 characters, line
/// breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FreeText(String);

impl FreeText {
    pub const MAX: usize = 1000;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().replace("\r\n", "\n");
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::ControlCharacters);
        }
        if s.chars().count() > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_name_is_trimmed_and_inner_spaces_collapsed() {
        assert_eq!(PersonName::parse("  Ana   María ").unwrap().as_str(), "Ana María");
    }

    #[test]
    fn an_empty_name_is_required() {
        assert_eq!(PersonName::parse("   "), Err(FieldError::Required));
    }

    #[test]
    fn a_name_with_a_control_character_is_refused() {
        assert_eq!(PersonName::parse("Ana\u{0}"), Err(FieldError::ControlCharacters));
    }

    #[test]
    fn a_name_over_100_characters_is_too_long() {
        assert_eq!(PersonName::parse(&"é".repeat(101)), Err(FieldError::TooLong { max: 100 }));
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn needs_keep_line_breaks() {
        assert_eq!(FreeText::parse("wheelchair\r\nramp").unwrap().as_str(), "wheelchair\nramp");
    }

    proptest! {
        #[test]
        fn a_parsed_name_parses_again_to_itself(raw in "\\PC{0,120}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
                prop_assert!(!name.as_str().is_empty());
                prop_assert!(name.as_str().chars().count() <= PersonName::MAX);
            }
        }
    }
}
