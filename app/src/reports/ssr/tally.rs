//! Counting: the registrations of one event, folded into counts by state and the tallies.
//! Pure functions over plain facts, so the rules are tested without a database.
use crate::{
    domain::{CountryCode, RegistrationStatus},
    reports::{Line, Pair, StateCounts, Tallies},
};
use std::collections::HashMap;

/// What a report needs to know of one registration: nothing that names the person, so it
/// survives the erasure of personal data unchanged.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Fact {
    pub status: RegistrationStatus,
    pub country: String,
    pub organization_type: String,
    pub gender: Option<String>,
    pub attended: bool,
}

impl Fact {
    /// Registered for the tallies: holds a seat, or came anyway.
    pub fn registered(&self) -> bool {
        self.attended || self.status == RegistrationStatus::Confirmed
    }

    /// Whether this person is one of the event's participants.
    pub fn participant(&self, has_checkins: bool) -> bool {
        if has_checkins { self.attended } else { self.registered() }
    }
}

pub fn states(facts: &[Fact]) -> StateCounts {
    let mut s = StateCounts::default();
    for f in facts {
        match f.status {
            RegistrationStatus::Expired | RegistrationStatus::AwaitingEmailConfirmation => {}
            status => {
                s.registered += 1;
                match status {
                    RegistrationStatus::AwaitingApproval => s.awaiting_approval += 1,
                    RegistrationStatus::Confirmed => s.confirmed += 1,
                    RegistrationStatus::Waitlisted => s.waitlisted += 1,
                    RegistrationStatus::Cancelled => s.cancelled += 1,
                    RegistrationStatus::Rejected => s.rejected += 1,
                    _ => {}
                }
            }
        }
        if f.attended {
            s.attended += 1;
        }
    }
    s
}

/// The groupings a country belongs to, by code.
pub fn groupings(code: &str) -> Vec<&'static str> {
    let Ok(c) = CountryCode::parse(code) else { return Vec::new() };
    let c = c.country();
    let mut out = Vec::new();
    if c.un_status == "member" {
        out.push("member");
    }
    if c.ldc {
        out.push("ldc");
    }
    if c.lldc {
        out.push("lldc");
    }
    if c.sids {
        out.push("sids");
    }
    out
}

#[derive(Default)]
struct Counter(HashMap<String, Pair>);

impl Counter {
    fn add(&mut self, key: &str, f: &Fact) {
        let p = self.0.entry(key.to_owned()).or_default();
        p.registered += i64::from(f.registered());
        p.attended += i64::from(f.attended);
    }

    /// Lines sorted by registered, then attended, largest first; ties by key so the order is stable.
    fn lines(self, label: impl Fn(&str) -> String) -> Vec<Line> {
        let mut lines: Vec<Line> = self.0.into_iter().map(|(key, counts)| Line { label: label(&key), key, counts }).collect();
        lines.sort_by(|a, b| {
            (b.counts.registered, b.counts.attended).cmp(&(a.counts.registered, a.counts.attended)).then_with(|| a.key.cmp(&b.key))
        });
        lines
    }
}

/// The tallies of everyone registered or attending; `country_label` names a country code.
pub fn tallies(facts: &[Fact], country_label: impl Fn(&str) -> String) -> Tallies {
    let (mut countries, mut regions, mut subregions, mut groups, mut types, mut genders) =
        (Counter::default(), Counter::default(), Counter::default(), Counter::default(), Counter::default(), Counter::default());
    let mut total = Pair::default();
    for f in facts.iter().filter(|f| f.registered()) {
        total.registered += 1;
        total.attended += i64::from(f.attended);
        countries.add(&f.country, f);
        if let Ok(c) = CountryCode::parse(&f.country) {
            regions.add(c.country().region, f);
            subregions.add(c.country().subregion, f);
        }
        for g in groupings(&f.country) {
            groups.add(g, f);
        }
        types.add(&f.organization_type, f);
        genders.add(f.gender.as_deref().unwrap_or(""), f);
    }
    let same = |k: &str| k.to_owned();
    Tallies {
        countries: countries.lines(country_label),
        regions: regions.lines(same),
        subregions: subregions.lines(same),
        groupings: groups.lines(same),
        organization_types: types.lines(same),
        genders: genders.lines(same),
        sessions: Vec::new(),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(status: &str, country: &str, org: &str, gender: Option<&str>, attended: bool) -> Fact {
        Fact {
            status: RegistrationStatus::parse(status).unwrap(),
            country: country.into(),
            organization_type: org.into(),
            gender: gender.map(Into::into),
            attended,
        }
    }

    #[test]
    fn registered_and_attended_are_counted_per_country_and_grouping() {
        let facts = vec![
            fact("confirmed", "KH", "government", Some("female"), true),
            fact("confirmed", "KH", "government", Some("male"), false),
            fact("confirmed", "FJ", "civil_society", None, true),
            fact("cancelled", "FJ", "government", Some("female"), false),
            fact("waitlisted", "TH", "government", Some("female"), false),
            fact("expired", "TH", "government", Some("female"), false),
        ];
        let s = states(&facts);
        assert_eq!((s.registered, s.confirmed, s.cancelled, s.waitlisted, s.attended), (5, 3, 1, 1, 2));
        let t = tallies(&facts, |c| c.to_owned());
        assert_eq!(t.total, Pair { registered: 3, attended: 2 });
        assert_eq!(t.countries[0], Line { key: "KH".into(), label: "KH".into(), counts: Pair { registered: 2, attended: 1 } });
        assert_eq!(t.countries[1].counts, Pair { registered: 1, attended: 1 });
        assert_eq!(t.countries.len(), 2, "the cancelled and waitlisted are not registered participants");
        let get = |lines: &[Line], k: &str| lines.iter().find(|l| l.key == k).map(|l| l.counts);
        // Cambodia is an LDC; Fiji a SIDS; both Member States.
        assert_eq!(get(&t.groupings, "member"), Some(Pair { registered: 3, attended: 2 }));
        assert_eq!(get(&t.groupings, "ldc"), Some(Pair { registered: 2, attended: 1 }));
        assert_eq!(get(&t.groupings, "sids"), Some(Pair { registered: 1, attended: 1 }));
        assert_eq!(get(&t.genders, ""), Some(Pair { registered: 1, attended: 1 }), "not stated has its own line");
        assert_eq!(get(&t.regions, "Asia"), Some(Pair { registered: 2, attended: 1 }));
        assert_eq!(get(&t.subregions, "Melanesia"), Some(Pair { registered: 1, attended: 1 }));
    }

    #[test]
    fn someone_checked_in_without_a_seat_still_counts() {
        let f = fact("cancelled", "KE", "government", None, true);
        assert!(f.registered());
        assert!(f.participant(true));
        assert!(!fact("confirmed", "KE", "government", None, false).participant(true));
        assert!(fact("confirmed", "KE", "government", None, false).participant(false));
    }
}
