//! What each document says: the templates' inputs, built from the event, the person and the
//! office's settings, in the document's language; and the rules of who gets which document
//! (a letter for a confirmed participant of an in-person event, a certificate for one who
//! attended enough days). Pure functions, so the rules are tested without a database.
use super::{
    engine::{Input, Inputs},
    storage::{BadgeRow, DocumentRow, Settings},
    wording::{fill, paragraphs, text},
};
use crate::{
    domain::{BadgeRole, DocumentKind, Language, RegistrationStatus},
    events::ssr::EventRow,
    locale::{country_name, locale_of},
    time_fmt,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Why a document does not apply; the API's 409 says this.
pub mod refusal {
    pub const LETTERS_OFF: &str = "this event does not offer invitation letters";
    pub const ONLINE: &str = "invitation letters are for in-person events";
    pub const NOT_CONFIRMED: &str = "the registration is not confirmed";
    pub const CERTIFICATES_OFF: &str = "this event does not issue certificates";
    pub const NOT_ATTENDED: &str = "this person did not attend";
    pub const TOO_FEW_DAYS: &str = "this person attended fewer days than the certificate requires";
    pub const NOT_OVER: &str = "certificates are available once the event is over";
    pub const NO_PASSPORT: &str = "the letter needs the person's passport number and nationality";
    pub const NO_CHECKIN_CODE: &str = "this registration has no check-in code";
}

/// The passport details a letter prints, from the registration's answers or the form the
/// participant fills in before the letter is made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Passport {
    #[serde(default)]
    pub name: String,
    pub number: String,
    /// ISO country code.
    pub nationality: String,
    #[serde(default)]
    pub expires: String,
}

impl Passport {
    /// From the answers of the passport and visa set (`passport_number`, `nationality`, ...).
    pub fn from_answers(answers: &BTreeMap<String, String>) -> Option<Passport> {
        let get = |k: &str| answers.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let p = Passport {
            name: get("passport_name"),
            number: get("passport_number"),
            nationality: get("nationality"),
            expires: get("passport_expires"),
        };
        (!p.number.is_empty() && !p.nationality.is_empty()).then_some(p)
    }
}

/// What a letter keeps of its holder (`documents.details`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LetterDetails {
    #[serde(default)]
    pub passport: Passport,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub country: String,
}

/// A person's name as documents print it: "Karma Wangchuk"; a name written in Chinese
/// characters family name first and without a space ("李伟"), as it is written in Chinese.
pub fn full_name(given: &str, family: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    let han = |s: &str| {
        !s.is_empty() && s.chars().all(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}'))
    };
    if han(given) && han(family) { format!("{family}{given}") } else { format!("{given} {family}").trim().to_owned() }
}

/// The office's texts per language, as stored (JSON) or edited.
pub fn texts_of(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The body of a letter or certificate in `lang`: the organizer's text for that language, or
/// the default.
fn body(custom_json: &str, default_key: &str, lang: Language) -> String {
    texts_of(custom_json).remove(lang.code()).filter(|t| !t.trim().is_empty()).unwrap_or_else(|| text(lang, default_key))
}

fn dir(lang: Language) -> &'static str {
    if lang.is_rtl() { "rtl" } else { "ltr" }
}

/// "STUDY-VISIT-KOREA-2026/L/": the event's reference for a kind, before the number.
pub fn reference_prefix(event: &EventRow, kind: DocumentKind) -> String {
    let letter = match kind {
        DocumentKind::Letter => 'L',
        DocumentKind::Certificate => 'C',
    };
    format!("{}/{letter}/", event.slug.to_uppercase())
}

/// Where the event takes place, for a document: the venue and city, else "Online".
fn place(event: &EventRow, lang: Language) -> String {
    let parts: Vec<&str> = [event.venue.as_deref(), event.city.as_deref()].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect();
    if parts.is_empty() { crate::i18n::td_string!(locale_of(lang.code()), event.online).to_string() } else { parts.join(", ") }
}

fn host_country(event: &EventRow, lang: Language) -> String {
    event.host_country.as_deref().map(|c| country_name(c, locale_of(lang.code()))).unwrap_or_default()
}

fn dates(event: &EventRow, lang: Language) -> String {
    time_fmt::date_range(event.starts_at, event.ends_at, &event.timezone, locale_of(lang.code()))
}

fn verify_url(base_url: &str, code: &str) -> String {
    format!("{base_url}/verify/{code}")
}

/// The office's part of a letter or certificate: letterhead, signature and verification.
struct Office<'a> {
    settings: &'a Settings,
    logo: Option<Vec<u8>>,
    signature: Option<Vec<u8>>,
    base_url: &'a str,
}

fn with_office(inputs: Inputs, office: &Office<'_>, doc: &DocumentRow, lang: Language) -> Inputs {
    inputs
        .text("office", office.settings.office.clone())
        .put("logo", Input::Image(office.logo.clone()))
        .put("signature", Input::Image(office.signature.clone()))
        .text("signatory_name", office.settings.signatory_name.clone())
        .text("signatory_title", office.settings.signatory_title.clone())
        .text("code_label", text(lang, "verify.code"))
        .text("code", doc.code.clone())
        .text("verify_text", text(lang, "verify.text"))
        .text("verify_url", verify_url(office.base_url, &doc.code))
        .put("qr", Input::Qr(verify_url(office.base_url, &doc.code)))
}

/// The images and base address a letter or certificate needs besides its row.
pub struct Letterhead {
    pub settings: Settings,
    pub logo: Option<Vec<u8>>,
    pub signature: Option<Vec<u8>>,
    pub base_url: String,
}

/// A certificate's inputs.
pub fn certificate(event: &EventRow, doc: &DocumentRow, head: &Letterhead) -> Inputs {
    let lang = Language::parse(&doc.language).unwrap_or(Language::En);
    let loc = locale_of(lang.code());
    let values =
        [("event", event.title.as_str()), ("dates", &dates(event, lang)), ("place", &place(event, lang))].map(|(k, v)| (k, v.to_owned()));
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = fill(&body(&head.settings.certificate_texts, "certificate.body", lang), &values);
    let office = Office { settings: &head.settings, logo: head.logo.clone(), signature: head.signature.clone(), base_url: &head.base_url };
    let inputs = Inputs::default()
        .text("lang", lang.code())
        .text("dir", dir(lang))
        .text("heading", text(lang, "certificate.heading"))
        .text("certify", text(lang, "certificate.certify"))
        .text("name", doc.holder_name.clone())
        .put("paragraphs", Input::List(paragraphs(&body).into_iter().map(Input::Text).collect()))
        .text("issued", fill(&text(lang, "certificate.issued"), &[("date", &time_fmt::date(doc.issued_at, &event.timezone, loc))]))
        // The PDF's own date (PDF/A needs one): the issue date, so a copy downloaded later is the same file.
        .text("date_iso", time_fmt::local_date(doc.issued_at, &event.timezone).format("%Y-%m-%d").to_string());
    with_office(inputs, &office, doc, lang)
}

/// A letter's inputs.
pub fn letter(event: &EventRow, doc: &DocumentRow, head: &Letterhead) -> Inputs {
    let lang = Language::parse(&doc.language).unwrap_or(Language::En);
    let loc = locale_of(lang.code());
    let details: LetterDetails = serde_json::from_str(&doc.details).unwrap_or_default();
    let nationality =
        if details.passport.nationality.is_empty() { String::new() } else { country_name(&details.passport.nationality, loc) };
    let name = if details.passport.name.is_empty() { doc.holder_name.clone() } else { details.passport.name.clone() };
    let owned = [
        ("name", name.clone()),
        ("passport_number", details.passport.number.clone()),
        ("passport_expires", details.passport.expires.clone()),
        ("nationality", nationality),
        ("organization", details.organization.clone()),
        ("event", event.title.clone()),
        ("dates", dates(event, lang)),
        ("venue", place(event, lang)),
        ("host_country", host_country(event, lang)),
    ];
    let values: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = fill(&body(&head.settings.letter_texts, "letter.body", lang), &values);
    let recipient: Vec<Input> =
        [name, details.organization.clone(), if details.country.is_empty() { String::new() } else { country_name(&details.country, loc) }]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .map(Input::Text)
            .collect();
    let office = Office { settings: &head.settings, logo: head.logo.clone(), signature: head.signature.clone(), base_url: &head.base_url };
    let inputs = Inputs::default()
        .text("lang", lang.code())
        .text("dir", dir(lang))
        .text("reference_label", text(lang, "letter.reference"))
        .text("reference", doc.reference.clone())
        .text("date_label", text(lang, "letter.date"))
        .text("date", time_fmt::date(doc.issued_at, &event.timezone, loc))
        .put("recipient", Input::List(recipient))
        .text("subject", fill(&text(lang, "letter.subject"), &[("event", &event.title)]))
        .put("paragraphs", Input::List(paragraphs(&body).into_iter().map(Input::Text).collect()))
        .text("closing", text(lang, "letter.closing"));
    with_office(inputs, &office, doc, lang)
}

/// One badge's inputs, in `lang` (the person's language unless the organizer chose one).
pub fn badge(row: &BadgeRow, lang: Option<Language>) -> Inputs {
    let lang = lang.or_else(|| Language::parse(&row.language).ok()).unwrap_or(Language::En);
    let role = BadgeRole::parse(&row.badge_role).unwrap_or(BadgeRole::Participant);
    let code = row.checkin_code.clone().unwrap_or_default();
    // A Chinese name is read whole ("李伟"), not as a large given name over a small family name.
    let whole = full_name(&row.given_name, &row.family_name);
    let (given, family) =
        if whole.contains(' ') || whole.is_empty() { (row.given_name.clone(), row.family_name.clone()) } else { (whole, String::new()) };
    Inputs::default()
        .text("lang", lang.code())
        .text("dir", dir(lang))
        .text("given", given)
        .text("family", family)
        .text("organization", row.organization.clone())
        .text("country", if row.country.is_empty() { String::new() } else { country_name(&row.country, locale_of(lang.code())) })
        .text("role", text(lang, &format!("badge.role.{}", role.code())))
        .text("colour", role.colour())
        .text("code", code.clone())
        .put("qr", Input::Qr(code))
}

/// A sheet of badges: the layout, the event, and each badge.
pub fn badges(event: &EventRow, layout: &str, rows: &[BadgeRow], lang: Option<Language>) -> Inputs {
    let event_lang = lang.unwrap_or(Language::En);
    let when = dates(event, event_lang);
    Inputs::default()
        .text("layout", layout)
        .put("event", Input::Map(Inputs::default().text("title", event.title.clone()).text("when", when).text("dir", dir(event_lang))))
        .put("badges", Input::List(rows.iter().map(|r| Input::Map(badge(r, lang))).collect()))
}

/// Whether a letter applies to this registration of this event, else why not.
pub fn letter_applies(settings: &Settings, event: &EventRow, status: RegistrationStatus) -> Result<(), &'static str> {
    if !settings.letters {
        return Err(refusal::LETTERS_OFF);
    }
    if event.online {
        return Err(refusal::ONLINE);
    }
    if status != RegistrationStatus::Confirmed {
        return Err(refusal::NOT_CONFIRMED);
    }
    Ok(())
}

/// The days of the event in its zone (1 for a one-day event).
pub fn event_days(event: &EventRow) -> i64 {
    let day = |t: i64| time_fmt::local_date(t, &event.timezone);
    (day(event.ends_at) - day(event.starts_at)).num_days() + 1
}

/// Days with at least one check-in, in the event's zone.
pub fn days_attended(event: &EventRow, checkins: &[i64]) -> i64 {
    checkins.iter().map(|t| time_fmt::local_date(*t, &event.timezone)).collect::<BTreeSet<_>>().len() as i64
}

/// Whether a certificate applies: certificates on, and the person attended (on at least the
/// days the event asks for).
pub fn certificate_applies(settings: &Settings, event: &EventRow, checkins: &[i64]) -> Result<(), &'static str> {
    if !settings.certificates {
        return Err(refusal::CERTIFICATES_OFF);
    }
    if checkins.is_empty() {
        return Err(refusal::NOT_ATTENDED);
    }
    match settings.certificate_min_days {
        Some(min) if days_attended(event, checkins) < min => Err(refusal::TOO_FEW_DAYS),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventKind, EventStatus, Visibility};

    fn event() -> EventRow {
        EventRow {
            id: 1,
            slug: "forum".into(),
            kind: EventKind::Conference,
            title: "Forum".into(),
            summary: String::new(),
            description: String::new(),
            online: false,
            venue: Some("Hall".into()),
            city: Some("Seoul".into()),
            host_country: Some("KR".into()),
            join_url: None,
            timezone: "Asia/Seoul".into(),
            starts_at: time_fmt::at("Asia/Seoul", 2026, 3, 9, 9, 0),
            ends_at: time_fmt::at("Asia/Seoul", 2026, 3, 13, 17, 0),
            registration_opens_at: None,
            registration_closes_at: None,
            capacity: None,
            requires_approval: false,
            visibility: Visibility::Public,
            status: EventStatus::Published,
            activity_tag: String::new(),
            changes_close_at: None,
        }
    }

    #[test]
    fn chinese_names_put_the_family_name_first() {
        assert_eq!(full_name("伟", "李"), "李伟");
        assert_eq!(full_name("Karma", "Wangchuk"), "Karma Wangchuk");
        assert_eq!(full_name("محمد Ali", "حداد"), "محمد Ali حداد");
        assert_eq!(full_name(" Wei", "李"), "Wei 李", "mixed scripts keep the usual order");
    }

    #[test]
    fn days_are_counted_in_the_event_zone() {
        let e = event();
        assert_eq!(event_days(&e), 5);
        // 23:30 UTC on 9 March is 08:30 on 10 March in Seoul: two check-ins, two days.
        let monday = time_fmt::at("Asia/Seoul", 2026, 3, 9, 10, 0);
        let tuesday_early = time_fmt::at("UTC", 2026, 3, 9, 23, 30);
        assert_eq!(days_attended(&e, &[monday, monday + 3600, tuesday_early]), 2);
    }

    #[test]
    fn certificates_go_to_those_who_attended_enough_days() {
        let e = event();
        let on = Settings { certificates: true, certificate_min_days: Some(4), ..Default::default() };
        let day = |d| time_fmt::at("Asia/Seoul", 2026, 3, d, 10, 0);
        assert_eq!(certificate_applies(&on, &e, &[]), Err(refusal::NOT_ATTENDED));
        assert_eq!(certificate_applies(&on, &e, &[day(9), day(10), day(11)]), Err(refusal::TOO_FEW_DAYS));
        assert_eq!(certificate_applies(&on, &e, &[day(9), day(10), day(11), day(12)]), Ok(()));
        let off = Settings { certificates: false, ..on.clone() };
        assert_eq!(certificate_applies(&off, &e, &[day(9)]), Err(refusal::CERTIFICATES_OFF));
        let any = Settings { certificate_min_days: None, ..on };
        assert_eq!(certificate_applies(&any, &e, &[day(13)]), Ok(()));
    }

    #[test]
    fn letters_go_to_confirmed_people_of_in_person_events() {
        let mut e = event();
        let on = Settings { letters: true, ..Default::default() };
        assert_eq!(letter_applies(&on, &e, RegistrationStatus::Confirmed), Ok(()));
        assert_eq!(letter_applies(&on, &e, RegistrationStatus::AwaitingApproval), Err(refusal::NOT_CONFIRMED));
        assert_eq!(letter_applies(&Settings::default(), &e, RegistrationStatus::Confirmed), Err(refusal::LETTERS_OFF));
        e.online = true;
        assert_eq!(letter_applies(&on, &e, RegistrationStatus::Confirmed), Err(refusal::ONLINE));
    }

    #[test]
    fn a_letter_fills_the_office_text_in_the_holder_language() {
        let e = event();
        let details = LetterDetails {
            passport: Passport { name: String::new(), number: "PB1234567".into(), nationality: "BT".into(), expires: "2030-01-01".into() },
            organization: "Ministry of Finance".into(),
            country: "BT".into(),
        };
        let doc = DocumentRow {
            id: 1,
            code: "ABCD-EFGH-JKMN-PQRS".into(),
            kind: "letter".into(),
            event_id: 1,
            registration_id: 1,
            reference: "FORUM/L/0001".into(),
            holder_name: "Karma Wangchuk".into(),
            language: "fr".into(),
            details: serde_json::to_string(&details).unwrap(),
            issued_at: e.starts_at - 86_400 * 30,
            issued_by: None,
            downloads: 0,
            downloaded_at: None,
            revoked_at: None,
        };
        let custom = serde_json::json!({"fr": "Cher consul, {name} ({passport_number}, {nationality}) vient à {event}."}).to_string();
        let head = Letterhead {
            settings: Settings { letters: true, letter_texts: custom, ..Default::default() },
            logo: None,
            signature: None,
            base_url: "https://plenary.example".into(),
        };
        let inputs = letter(&e, &doc, &head);
        assert_eq!(
            inputs.get("paragraphs"),
            Some(&Input::List(vec![Input::Text("Cher consul, Karma Wangchuk (PB1234567, Bhoutan) vient à Forum.".into())]))
        );
        assert_eq!(inputs.get("verify_url"), Some(&Input::Text("https://plenary.example/verify/ABCD-EFGH-JKMN-PQRS".into())));
        assert_eq!(inputs.get("dir"), Some(&Input::Text("ltr".into())));
    }
}
