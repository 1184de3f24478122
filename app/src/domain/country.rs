//! Countries and areas from `app/data/countries.csv` (UNSD M49; see the README beside it), with
//! their names in the six UN languages and their groupings. The database stores the ISO 3166
//! alpha-2 code; everything else is looked up here.
use super::{FieldError, Language};
use serde::{Deserialize, Serialize};

/// One row of the M49 table.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    pub iso2: &'static str,
    pub iso3: &'static str,
    pub m49: &'static str,
    /// Names in `Language::ALL` order: en, fr, es, ru, zh, ar.
    pub names: [&'static str; 6],
    pub region: &'static str,
    pub subregion: &'static str,
    pub intermediate_region: &'static str,
    pub un_status: &'static str,
    pub ldc: bool,
    pub lldc: bool,
    pub sids: bool,
}

include!(concat!(env!("OUT_DIR"), "/countries.rs"));

impl Country {
    pub fn all() -> &'static [Country] {
        COUNTRIES
    }

    pub fn name(&self, lang: Language) -> &'static str {
        self.names[lang.index()]
    }

    /// The countries sorted by their name in `lang`, for a select list.
    pub fn sorted_by_name(lang: Language) -> Vec<&'static Country> {
        let mut all: Vec<&Country> = COUNTRIES.iter().collect();
        all.sort_by_cached_key(|c| sort_key(c.name(lang)));
        all
    }
}

/// A sort key that puts "Åland" beside "Aland" and "Côte" beside "Cote" without a collation
/// table: letters with diacritics sort after their base letter's neighbours but close to them.
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'ò'..='ö' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            'Ý' | 'ý' | 'ÿ' => 'y',
            other => other.to_lowercase().next().unwrap_or(other),
        })
        .collect()
}

/// An ISO 3166-1 alpha-2 code known to the M49 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(&'static str);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::Required);
        }
        COUNTRIES.iter().find(|c| c.iso2 == code).map(|c| Self(c.iso2)).ok_or(FieldError::UnknownCountry)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    pub fn country(&self) -> &'static Country {
        COUNTRIES.iter().find(|c| c.iso2 == self.0).expect("a CountryCode is always in the table")
    }
}

impl TryFrom<String> for CountryCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> Self {
        c.0.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_249_countries_and_193_member_states() {
        assert_eq!(Country::all().len(), 249);
        assert_eq!(Country::all().iter().filter(|c| c.un_status == "member").count(), 193);
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = Country::all().iter().map(|c| c.iso2).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 249);
    }

    #[test]
    fn a_code_is_parsed_case_insensitively_and_names_come_in_six_languages() {
        let kr = CountryCode::parse(" kr ").unwrap();
        assert_eq!(kr.as_str(), "KR");
        assert_eq!(kr.country().name(Language::En), "Republic of Korea");
        assert_eq!(kr.country().name(Language::Zh), "大韩民国");
        assert_eq!(kr.country().region, "Asia");
    }

    #[test]
    fn quoted_names_with_commas_survive_the_build_step() {
        let mo = CountryCode::parse("MO").unwrap().country();
        assert!(mo.name(Language::Ar).contains('،'));
        assert!(mo.name(Language::En).contains("Macao"));
    }

    #[test]
    fn unknown_and_empty_codes_are_refused() {
        assert_eq!(CountryCode::parse("XX"), Err(FieldError::UnknownCountry));
        assert_eq!(CountryCode::parse(""), Err(FieldError::Required));
    }

    #[test]
    fn the_select_list_is_sorted_by_the_shown_name() {
        let names: Vec<_> = Country::sorted_by_name(Language::En).iter().map(|c| c.name(Language::En)).collect();
        assert_eq!(names[0], "Afghanistan");
        let aland = names.iter().position(|n| n.starts_with("Åland")).unwrap();
        assert!(aland < 3, "Åland sorts among the A's, at {aland}");
    }
}
