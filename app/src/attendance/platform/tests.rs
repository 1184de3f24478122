//! The parser against the fixtures (`fixtures/attendance/`, one webinar as each platform
//! exports it) and against files it must refuse or survive.
use super::*;
use chrono::NaiveTime;

const ZOOM_WEBINAR: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/attendance/zoom_webinar_attendee_report.csv"));
const ZOOM_MEETING: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/attendance/zoom_meeting_participants.csv"));
const TEAMS: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/attendance/teams_attendance_report.csv"));
const TEAMS_LEGACY: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/attendance/teams_attendance_report_legacy.csv"));

/// Every fixture lists these people, in this order, with these figures (see the README).
const EXPECTED: &[(&str, &str, u32)] = &[
    ("李伟", "li.wei@ndrc.gov.cn", 92),
    ("Pema Wangchuk", "pema.wangchuk@mof.gov.bt", 89),
    ("أمينة حداد", "amina.haddad@mofa.gov.jo", 85),
    ("सीता शर्मा", "sita.sharma@npc.gov.np", 85),
    ("Ольга Иванова", "olga.personal@mail.ru", 75),
    ("Juan Pérez", "juan.perez@minhacienda.gob.pe", 55),
    ("สมชาย กิตติ", "somchai.k@mof.go.th", 10),
];

fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3).and_then(|d| d.and_hms_opt(h, m, s)).expect("valid test time")
}

fn day() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 12, 3)
}

fn person<'a>(report: &'a Report, email: &str) -> &'a Attendee {
    report.attendees.iter().find(|a| a.email.as_deref() == Some(email)).unwrap_or_else(|| panic!("{email} missing"))
}

fn assert_expected(report: &Report) {
    let got: Vec<(&str, Option<&str>, u32)> = report.attendees.iter().map(|a| (a.name.as_str(), a.email.as_deref(), a.minutes)).collect();
    let want: Vec<(&str, Option<&str>, u32)> = EXPECTED.iter().map(|&(n, e, m)| (n, Some(e), m)).collect();
    assert_eq!(got, want);
    assert_eq!(report.day, day());
    // The host is in every file and never an attendee.
    assert!(report.attendees.iter().all(|a| a.email.as_deref() != Some("host@un.org") && a.name != "Conference Host"));
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn text_of(bytes: &[u8]) -> String {
    decode(bytes).expect("fixture decodes")
}

// ---- Zoom webinar

#[test]
fn zoom_webinar_report() {
    let report = parse(ZOOM_WEBINAR).expect("parses");
    assert_eq!(report.platform, Platform::ZoomWebinar);
    assert_expected(&report);
    // Kofi Mensah registered but did not come (Attended = No).
    assert!(report.attendees.iter().all(|a| a.name != "Kofi Mensah"));
    // Pema's "Pema Wangchuk (Pema W.)" is Zoom's "Name (Original Name)".
    assert_eq!(person(&report, "pema.wangchuk@mof.gov.bt").name, "Pema Wangchuk");
    // 09:00:12-10:29:40 is 89 min 28 s: rounded down, though Zoom's own column says 90.
    assert_eq!(person(&report, "pema.wangchuk@mof.gov.bt").minutes, 89);
    // Sita's address is mixed case in the file.
    assert_eq!(person(&report, "sita.sharma@npc.gov.np").name, "सीता शर्मा");
}

#[test]
fn zoom_webinar_merges_rejoins_and_reads_country() {
    let report = parse(ZOOM_WEBINAR).expect("parses");
    let amina = person(&report, "amina.haddad@mofa.gov.jo");
    assert_eq!((amina.joined, amina.left), (Some(at(9, 1, 30)), Some(at(10, 30, 0))));
    // 38 min 40 s + 46 min 55 s, with the gap between left out.
    assert_eq!(amina.minutes, 85);
    assert_eq!(amina.country.as_deref(), Some("Jordan"));
    assert_eq!(person(&report, "juan.perez@minhacienda.gob.pe").country.as_deref(), Some("Peru"));
    // A panelist is taken too.
    assert_eq!(person(&report, "li.wei@ndrc.gov.cn").country.as_deref(), Some("China"));
    assert_eq!(report.attendees.iter().filter(|a| a.name == "أمينة حداد").count(), 1);
}

#[test]
fn zoom_webinar_with_numeric_dates() {
    // Some accounts export "12/03/2026 09:00:12" (24-hour) in place of "Dec 3, 2026 09:00:12".
    let mut text = text_of(ZOOM_WEBINAR);
    while let Some(i) = text.find("\"Dec 3, 2026 ") {
        let clock = text.get(i + 13..i + 21).expect("a time follows").to_owned();
        text.replace_range(i..i + 22, &format!("12/03/2026 {clock}"));
    }
    assert!(text.contains(",12/03/2026 09:00:12,"));
    assert_expected(&parse(text.as_bytes()).expect("parses"));
}

// ---- Zoom meeting

#[test]
fn zoom_meeting_export() {
    let report = parse(ZOOM_MEETING).expect("parses");
    assert_eq!(report.platform, Platform::ZoomMeeting);
    assert_expected(&report);
    // Olga came with her own address; her name is the registered one, to match on.
    let olga = person(&report, "olga.personal@mail.ru");
    assert_eq!(olga.name, "Ольга Иванова");
    assert_eq!(olga.country, None);
}

#[test]
fn zoom_meeting_overlapping_devices_count_once() {
    let report = parse(ZOOM_MEETING).expect("parses");
    let amina = person(&report, "amina.haddad@mofa.gov.jo");
    // Laptop 09:01:30-10:00:10 and phone 09:50:00-10:26:35: the union is 85 min 5 s, where
    // Zoom's columns add up to 59 + 37 = 96.
    assert_eq!(amina.minutes, 85);
    assert_eq!((amina.joined, amina.left), (Some(at(9, 1, 30)), Some(at(10, 26, 35))));
}

#[test]
fn zoom_meeting_row_without_email_merges_by_name() {
    let report = parse(ZOOM_MEETING).expect("parses");
    let li: Vec<&Attendee> = report.attendees.iter().filter(|a| a.name == "李伟").collect();
    assert_eq!(li.len(), 1);
    assert_eq!(li[0].email.as_deref(), Some("li.wei@ndrc.gov.cn"));
    assert_eq!((li[0].joined, li[0].left), (Some(at(8, 58, 3)), Some(at(10, 30, 40))));
}

#[test]
fn zoom_meeting_without_summary_and_with_waiting_room_column() {
    let text = "\u{feff} Name (Original Name) , User Email ,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room,,\r\n\
        Ana Silva (Ana),ANA@Example.org,12/03/2026 09:00:00 AM,12/03/2026 09:45:30 AM,46,Yes,No,,\r\n\
        \"Silva, Ana\",,12/03/2026 01:00:00 PM,12/03/2026 01:10:00 PM,10,Yes,No,,\r\n";
    let report = parse(text.as_bytes()).expect("parses");
    assert_eq!(report.platform, Platform::ZoomMeeting);
    let got: Vec<(&str, Option<&str>, u32)> = report.attendees.iter().map(|a| (a.name.as_str(), a.email.as_deref(), a.minutes)).collect();
    assert_eq!(got, vec![("Ana Silva", Some("ana@example.org"), 45), ("Silva, Ana", None, 10)]);
    assert_eq!(report.attendees[1].joined, Some(at(13, 0, 0)));
}

#[test]
fn zoom_meeting_host_from_a_summary_with_other_columns() {
    let text = "Topic,ID,Host Name,Host Email,Start Time,End Time,Participants\n\
        Budget,912 3456 7890,Conference Host,HOST@un.org,12/03/2026 08:55:41 AM,12/03/2026 10:31:02 AM,2\n\
        \n\
        Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n\
        Conference Host,host@un.org,12/03/2026 08:55:41 AM,12/03/2026 10:31:02 AM,96,No\n\
        Ana,ana@x.org,12/03/2026 09:00:00 AM,12/03/2026 09:30:00 AM,30,Yes\n";
    let report = parse(text.as_bytes()).expect("parses");
    assert_eq!(report.platform, Platform::ZoomMeeting);
    assert_eq!(report.attendees.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Ana"]);
}

#[test]
fn durations_are_summed_when_a_time_is_missing() {
    let text = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n\
        A,a@x.org,12/03/2026 09:00:00 AM,12/03/2026 09:30:00 AM,30\n\
        A,a@x.org,12/03/2026 09:20:00 AM,,25\n";
    let report = parse(text.as_bytes()).expect("parses");
    // No union without both times on every row: 30 + 25.
    assert_eq!(report.attendees[0].minutes, 55);
    assert_eq!(report.attendees[0].left, Some(at(9, 30, 0)));
}

#[test]
fn a_leave_before_its_join_counts_nothing() {
    let text = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n\
        A,a@x.org,12/03/2026 10:00:00 AM,12/03/2026 09:00:00 AM,-60\n";
    assert_eq!(parse(text.as_bytes()).expect("parses").attendees[0].minutes, 0);
}

// ---- Teams

#[test]
fn teams_report() {
    let report = parse(TEAMS).expect("parses");
    assert_eq!(report.platform, Platform::Teams);
    assert_expected(&report);
    let amina = person(&report, "amina.haddad@mofa.gov.jo");
    // Section 2's one row: first join, last leave, "1h 25m 35s" in the meeting.
    assert_eq!((amina.joined, amina.left, amina.minutes), (Some(at(9, 1, 30)), Some(at(10, 30, 0)), 85));
    // "Li.Wei@NDRC.gov.cn" in the file; the presenter is an attendee, the organizer is not.
    assert_eq!(person(&report, "li.wei@ndrc.gov.cn").name, "李伟");
    assert!(report.attendees.iter().all(|a| a.country.is_none()));
}

#[test]
fn teams_activities_alone_give_the_same_figures() {
    let text = text_of(TEAMS);
    let (before, after) = text.split_once("2. Participants").expect("has section 2");
    let (_, activities) = after.split_once("3. In-Meeting Activities").expect("has section 3");
    let report = parse(&utf16le(&format!("{before}3. In-Meeting Activities{activities}"), true)).expect("parses");
    assert_expected(&report);
    assert_eq!(report, parse(TEAMS).expect("parses"));
}

#[test]
fn teams_legacy_report() {
    let report = parse(TEAMS_LEGACY).expect("parses");
    assert_eq!(report.platform, Platform::Teams);
    assert_expected(&report);
    let amina = person(&report, "amina.haddad@mofa.gov.jo");
    assert_eq!((amina.joined, amina.left), (Some(at(9, 1, 30)), Some(at(10, 30, 0))));
    assert_eq!(report.attendees.iter().filter(|a| a.name == "أمينة حداد").count(), 1);
}

#[test]
fn teams_reencoded_as_utf8_still_parses() {
    for fixture in [TEAMS, TEAMS_LEGACY] {
        let text = text_of(fixture);
        let expected = parse(fixture).expect("parses");
        assert_eq!(parse(text.as_bytes()), Ok(expected.clone()));
        assert_eq!(parse(format!("\u{feff}{text}").as_bytes()), Ok(expected.clone()));
        // UTF-16 without its BOM is recognised from its zero bytes.
        assert_eq!(parse(&utf16le(&text, false)), Ok(expected));
    }
}

#[test]
fn teams_with_commas_and_guest_tags() {
    let text = "Name,First Join,Last Leave,In-Meeting Duration,Email,Participant ID (UPN),Role\r\n\
        Juan Pérez (Guest),\"12/3/26, 9:10:00\u{202f}AM\",\"12/3/26, 10:05:59\u{202f}AM\",55m 59s,,juan.perez_minhacienda.gob.pe#EXT#@un.onmicrosoft.com,Attendee\r\n\
        Host,\"12/3/26, 8:55:41 AM\",\"12/3/26, 10:31:02 AM\",1h 35m 21s,host@un.org,host@un.org,Organizer\r\n";
    let report = parse(&utf16le(text, true)).expect("parses");
    assert_eq!(report.platform, Platform::Teams);
    assert_eq!(report.attendees.len(), 1);
    let juan = &report.attendees[0];
    assert_eq!((juan.name.as_str(), juan.email.as_deref(), juan.minutes), ("Juan Pérez", None, 55));
    assert_eq!(juan.joined, Some(at(9, 10, 0)));
}

// ---- Encodings and layouts

#[test]
fn utf16_without_tabs() {
    let expected = parse(ZOOM_MEETING).expect("parses");
    let text = text_of(ZOOM_MEETING);
    assert_eq!(parse(&utf16le(&text, true)), Ok(expected.clone()));
    assert_eq!(parse(&utf16le(&text, false)), Ok(expected.clone()));
    let mut big_endian = vec![0xFE, 0xFF];
    big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(parse(&big_endian), Ok(expected));
}

#[test]
fn semicolons_from_a_spreadsheet_resave() {
    let text = text_of(ZOOM_MEETING).replace(',', ";");
    assert_expected(&parse(text.as_bytes()).expect("parses"));
}

#[test]
fn unrelated_csv_is_not_recognised() {
    assert_eq!(parse(b"id,title,price\n1,Tea,2.50\n2,Coffee,3.10\n"), Err(ParseError::NotRecognised));
    assert_eq!(parse(b"Name,Email\nAna,ana@example.org\n"), Err(ParseError::NotRecognised));
    assert_eq!(parse(b""), Err(ParseError::NotRecognised));
    assert_eq!(parse(b"\xef\xbb\xbf"), Err(ParseError::NotRecognised));
}

#[test]
fn header_without_rows_is_empty() {
    assert_eq!(parse(b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"), Err(ParseError::Empty));
    // Only the organizer, and only a no-show.
    let teams = "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n\
        Host\t12/3/26, 8:55:41 AM\t12/3/26, 10:31:02 AM\t1h 35m 21s\thost@un.org\thost@un.org\tOrganizer\n";
    assert_eq!(parse(&utf16le(teams, true)), Err(ParseError::Empty));
    let webinar = "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes)\n\
        No,Kofi Mensah,kofi@x.org,--,--,--\n";
    assert_eq!(parse(webinar.as_bytes()), Err(ParseError::Empty));
    // A webinar summary alone says what the file is, with nobody in it.
    assert_eq!(parse(b"Topic,Webinar ID,Actual Start Time\nBudget,912,x\n"), Err(ParseError::Empty));
}

#[test]
fn binary_is_unreadable() {
    assert_eq!(parse(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00]), Err(ParseError::Unreadable));
    // An odd byte count, and an unpaired surrogate, are not UTF-16.
    assert_eq!(parse(&[0xFF, 0xFE, b'a']), Err(ParseError::Unreadable));
    assert_eq!(parse(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0]), Err(ParseError::Unreadable));
}

/// xorshift64*: a fixed sequence of bytes, no dependency.
fn noise(seed: u64) -> impl FnMut() -> u8 {
    let mut x = seed.max(1);
    move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
    }
}

#[test]
fn random_bytes_are_refused_without_panic() {
    for seed in 1..300u64 {
        let mut next = noise(seed);
        let len = usize::from(next()) * 8;
        let mut bytes: Vec<u8> = (0..len).map(|_| next()).collect();
        if seed % 3 == 0 {
            bytes.splice(0..0, [0xFF, 0xFE]);
        }
        let result = parse(&bytes);
        assert!(matches!(result, Err(ParseError::Unreadable | ParseError::NotRecognised)), "seed {seed}: {result:?}");
    }
}

#[test]
fn damaged_fixtures_never_panic() {
    for fixture in [ZOOM_WEBINAR, ZOOM_MEETING, TEAMS, TEAMS_LEGACY] {
        for end in (0..fixture.len()).step_by(7) {
            let _ = parse(&fixture[..end]);
        }
        for seed in 1..200u64 {
            let mut next = noise(seed);
            let mut bytes = fixture.to_vec();
            for _ in 0..4 {
                let at = (usize::from(next()) << 8 | usize::from(next())) % bytes.len();
                bytes[at] = next();
            }
            let _ = parse(&bytes);
        }
    }
}

// ---- Pieces

#[test]
fn times_in_every_platform_format() {
    let t = Some(at(9, 0, 12));
    for raw in [
        "Dec 3, 2026 09:00:12",
        "Dec 03, 2026 09:00:12",
        "Dec 3, 2026 09:00:12 AM",
        "12/03/2026 09:00:12 AM",
        "12/03/2026 9:00:12 am",
        "12/3/2026 09:00:12",
        "2026-12-03 09:00:12",
        "2026-12-03T09:00:12Z",
        "12/3/26, 9:00:12 AM",
        "12/3/26, 9:00:12\u{202f}AM",
        "12/3/2026, 9:00:12 AM",
        " 12/3/26,  9:00:12 AM ",
    ] {
        assert_eq!(time(raw), t, "{raw}");
    }
    assert_eq!(time("12/3/26, 9:00 PM"), NaiveDate::from_ymd_opt(2026, 12, 3).and_then(|d| d.and_hms_opt(21, 0, 0)));
    assert_eq!(time("12/3/2026, 12:05:00 AM").map(|t| t.time()), NaiveTime::from_hms_opt(0, 5, 0));
    for raw in ["", "--", "tomorrow", "13/45/2026 09:00:00", "12/3/0026 09:00:00"] {
        assert_eq!(time(raw), None, "{raw}");
    }
}

#[test]
fn durations_in_every_platform_format() {
    for (raw, secs) in [
        ("90", Some(5400)),
        ("89.5", Some(5370)),
        ("1.15", Some(69)),
        ("1h 28m 55s", Some(5335)),
        ("45m 3s", Some(2703)),
        ("38s", Some(38)),
        ("1h", Some(3600)),
        ("2h 5s", Some(7205)),
        ("1 hr 2 min", Some(3720)),
        ("01:28:55", Some(5335)),
        ("45:03", Some(2703)),
        ("", None),
        ("--", None),
        ("-5", None),
        ("NaN", None),
        ("5 parsecs", None),
        ("99999999999999999999h", None),
    ] {
        assert_eq!(duration(raw), secs, "{raw}");
    }
}

#[test]
fn names_and_emails() {
    assert_eq!(zoom_name("Pema Wangchuk (Pema W.)"), "Pema Wangchuk");
    assert_eq!(zoom_name("  Juan   (JP) Pérez (Juan (J.) Pérez) "), "Juan (JP) Pérez");
    assert_eq!(zoom_name("(Pema)"), "(Pema)");
    assert_eq!(zoom_name("Ольга Иванова"), "Ольга Иванова");
    assert_eq!(zoom_name("a)"), "a)");
    assert_eq!(teams_name("Juan Pérez (Guest)"), "Juan Pérez");
    assert_eq!(teams_name("Juan Pérez (Peru)"), "Juan Pérez (Peru)");
    assert_eq!(email("  Sita.Sharma@NPC.gov.np "), Some("sita.sharma@npc.gov.np".to_owned()));
    assert_eq!(email("--"), None);
    assert_eq!(email(""), None);
}

#[test]
fn platform_codes() {
    let all = [Platform::ZoomWebinar, Platform::ZoomMeeting, Platform::Teams];
    assert_eq!(all.map(Platform::code), ["zoom_webinar", "zoom_meeting", "teams"]);
}
