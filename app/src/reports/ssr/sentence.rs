//! The summary sentence in the office's style, written from the counts in the reader's
//! language: "87 participants from 21 countries: 61 government, 14 civil society, 12 private
//! sector representatives; 46% women".
use crate::{domain::OrganizationType, i18n::*};

/// What the sentence says, counted over an event's participants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub participants: i64,
    pub countries: i64,
    /// Participants per organisation type code.
    pub types: Vec<(String, i64)>,
    pub women: i64,
    /// Participants who stated a gender; without any, the sentence leaves gender out.
    pub gender_stated: i64,
}

fn noun(loc: Locale, code: &str) -> String {
    match OrganizationType::parse(code) {
        Ok(OrganizationType::Government) => td_string!(loc, report.noun.government).to_string(),
        Ok(OrganizationType::CivilSociety) => td_string!(loc, report.noun.civil_society).to_string(),
        Ok(OrganizationType::PrivateSector) => td_string!(loc, report.noun.private_sector).to_string(),
        Ok(OrganizationType::Academia) => td_string!(loc, report.noun.academia).to_string(),
        Ok(OrganizationType::InternationalOrganization) => td_string!(loc, report.noun.international_organization).to_string(),
        Ok(OrganizationType::Media) => td_string!(loc, report.noun.media).to_string(),
        _ => td_string!(loc, report.noun.other).to_string(),
    }
}

/// The percentage of women among all participants, rounded to the nearest whole number.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 { 0 } else { (part * 200 + whole) / (whole * 2) }
}

pub fn write(loc: Locale, s: &Summary) -> String {
    let participants = td_string!(loc, report.participants, count = s.participants).to_string();
    let countries = td_string!(loc, report.countries, count = s.countries).to_string();
    let mut text = td_string!(loc, report.sentence_head, participants = participants, countries = countries).to_string();
    let mut types: Vec<&(String, i64)> = s.types.iter().filter(|(_, n)| *n > 0).collect();
    // Largest first; equal counts in the order of the form's choices.
    let rank = |code: &str| OrganizationType::ALL.iter().position(|t| t.code() == code).unwrap_or(usize::MAX);
    types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| rank(&a.0).cmp(&rank(&b.0))));
    if !types.is_empty() {
        let sep = td_string!(loc, report.list_separator).to_string();
        let list = types.iter().map(|(code, n)| format!("{n} {}", noun(loc, code))).collect::<Vec<_>>().join(&sep);
        let total: i64 = types.iter().map(|(_, n)| n).sum();
        let types = td_string!(loc, report.sentence_types, count = total, list = list).to_string();
        text = td_string!(loc, report.sentence_with_types, head = text, types = types).to_string();
    }
    if s.gender_stated > 0 && s.participants > 0 {
        let women = td_string!(loc, report.sentence_women, pct = percent(s.women, s.participants)).to_string();
        text = td_string!(loc, report.sentence_with_women, text = text, women = women).to_string();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_reads_like_the_office_writes_it() {
        let s = Summary {
            participants: 87,
            countries: 21,
            types: vec![("private_sector".into(), 12), ("government".into(), 61), ("civil_society".into(), 14)],
            women: 40,
            gender_stated: 80,
        };
        assert_eq!(
            write(Locale::en, &s),
            "87 participants from 21 countries: 61 government, 14 civil society, 12 private sector representatives; 46% women"
        );
    }

    #[test]
    fn one_participant_from_one_country_and_no_gender_data() {
        let s = Summary { participants: 1, countries: 1, types: vec![("academia".into(), 1)], women: 0, gender_stated: 0 };
        assert_eq!(write(Locale::en, &s), "1 participant from 1 country: 1 academic representative");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(40, 87), 46);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
    }
}
