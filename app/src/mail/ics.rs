//! A calendar file (RFC 5545) for a confirmed registration, so the event lands in the
//! participant's calendar at the right time whatever their time zone.

/// What the calendar entry shows.
pub struct CalendarEntry<'a> {
    pub uid: &'a str,
    pub title: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub stamp: i64,
}

fn utc(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
fn text(value: &str) -> String {
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n").replace('\r', "")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
    out
}

pub fn render(entry: &CalendarEntry<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Plenary//Registration//EN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", text(entry.uid)),
        format!("DTSTAMP:{}", utc(entry.stamp)),
        format!("DTSTART:{}", utc(entry.starts_at)),
        format!("DTEND:{}", utc(entry.ends_at)),
        format!("SUMMARY:{}", text(entry.title)),
        format!("LOCATION:{}", text(entry.location)),
        format!("DESCRIPTION:{}", text(entry.description)),
        format!("URL:{}", entry.url),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(title: &'a str, description: &'a str) -> CalendarEntry<'a> {
        CalendarEntry {
            uid: "r1@plenary",
            title,
            starts_at: 1_800_000_000,
            ends_at: 1_800_003_600,
            location: "Incheon, Republic of Korea",
            description,
            url: "http://x/",
            stamp: 1_700_000_000,
        }
    }

    #[test]
    fn times_are_utc_and_text_is_escaped() {
        let ics = render(&entry("Forum; Day 1, plenary", "line1\nline2"));
        assert!(ics.contains("DTSTART:20270115T080000Z\r\n"));
        assert!(ics.contains("SUMMARY:Forum\\; Day 1\\, plenary\r\n"));
        assert!(ics.contains("DESCRIPTION:line1\\nline2\r\n"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_are_folded_within_75_octets_on_character_boundaries() {
        let ics = render(&entry(&"政府创新".repeat(20), ""));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", "政府创新".repeat(20))));
    }
}
