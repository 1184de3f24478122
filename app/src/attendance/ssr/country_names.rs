//! Countries as the platforms name them in their reports ("Peru", "Russia", "South Korea"),
//! to the ISO codes registrations carry.
use crate::domain::{Country, Language};

/// The ISO code of a country as a platform names it ("Peru", "Russia", "South Korea"), in
/// any of the six languages, or already as a code. The platforms use short English names
/// where M49 has long ones: a name M49's begins with ("Bolivia", "Iran") is
/// one, and the few that differ otherwise ("Russia", "Vietnam", "United States", which
/// would otherwise find its Minor Outlying Islands) are listed.
pub fn code(name: &str) -> Option<String> {
    const ALIASES: &[(&str, &str)] = &[
        ("russia", "RU"),
        ("united states", "US"),
        ("usa", "US"),
        ("united kingdom", "GB"),
        ("uk", "GB"),
        ("south korea", "KR"),
        ("korea", "KR"),
        ("north korea", "KP"),
        ("vietnam", "VN"),
        ("laos", "LA"),
        ("tanzania", "TZ"),
        ("moldova", "MD"),
        ("czech republic", "CZ"),
        ("turkey", "TR"),
        ("ivory coast", "CI"),
        ("cape verde", "CV"),
        ("swaziland", "SZ"),
        ("macedonia", "MK"),
        ("palestine", "PS"),
        ("brunei", "BN"),
        ("syria", "SY"),
        ("hong kong", "HK"),
        ("macau", "MO"),
    ];
    let name = name.trim();
    let lower = name.to_lowercase();
    if lower.is_empty() || lower == "--" {
        return None;
    }
    let all = Country::all();
    let exact = all
        .iter()
        .find(|c| c.iso2.eq_ignore_ascii_case(name) || Language::ALL.iter().any(|l| c.name(*l).to_lowercase() == lower))
        .map(|c| c.iso2);
    let alias = || ALIASES.iter().find(|(a, _)| *a == lower).map(|(_, code)| *code);
    let prefix = || {
        all.iter()
            .find(|c| {
                let en = c.name(Language::En).to_lowercase();
                en.strip_prefix(&lower).is_some_and(|rest| rest.starts_with([' ', '(', ',']))
            })
            .map(|c| c.iso2)
    };
    exact.or_else(alias).or_else(prefix).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn the_platforms_country_names_find_their_codes() {
        let found: Vec<Option<String>> =
            ["Peru", "Russia", "South Korea", "United States", "Bolivia", "Viet Nam", "Vietnam", "BT", "Pérou", "--", "Atlantis", "Niger"]
                .iter()
                .map(|n| code(n))
                .collect();
        let want = ["PE", "RU", "KR", "US", "BO", "VN", "VN", "BT", "PE", "", "", "NE"];
        assert_eq!(found, want.iter().map(|c| (!c.is_empty()).then(|| c.to_string())).collect::<Vec<_>>());
    }
}
