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

/// The sentence as published under a small-cell threshold: nothing when the participants
/// themselves are too few, organisation types only where their counts are published (one
/// small type takes the next smallest with it, as in the tables), and the share of women only
/// when neither the women nor the others are too few to publish.
pub fn write_published(loc: Locale, s: &Summary, threshold: i64) -> String {
    use crate::reports::suppression::{Cell, column, single};
    if threshold <= 1 {
        return write(loc, s);
    }
    if single(s.participants, threshold) != Cell::Count(s.participants) {
        return String::new();
    }
    let counts: Vec<i64> = s.types.iter().map(|(_, n)| *n).collect();
    let types = s.types.iter().zip(column(&counts, threshold)).filter(|(_, c)| c.value().is_some()).map(|(t, _)| t.clone()).collect();
    let others = s.gender_stated - s.women;
    let gender_published = [s.women, others].iter().all(|n| single(*n, threshold).value().is_some());
    let published = Summary { types, gender_stated: if gender_published { s.gender_stated } else { 0 }, ..s.clone() };
    write(loc, &published)
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
    fn the_published_sentence_shows_no_count_the_tables_hide() {
        let s = Summary {
            participants: 87,
            countries: 21,
            types: vec![("private_sector".into(), 2), ("government".into(), 61), ("civil_society".into(), 14), ("academia".into(), 10)],
            women: 84,
            gender_stated: 87,
        };
        // The 2 from the private sector is small; the 10 from academia, the smallest other,
        // goes with it so that 87 - 61 - 14 cannot give it; 3 men would show in "97% women".
        assert_eq!(
            write_published(Locale::en, &s, 5),
            "87 participants from 21 countries: 61 government, 14 civil society representatives"
        );
        assert_eq!(write_published(Locale::en, &Summary { participants: 3, ..s.clone() }, 5), "");
        assert_eq!(write_published(Locale::en, &s, 0), write(Locale::en, &s), "no threshold, the whole sentence");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(40, 87), 46);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
    }
}
