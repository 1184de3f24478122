//! Dates and times as people read them, in the event's own time zone (server only, so the
//! browser bundle carries no time-zone database).
use chrono::{DateTime, Datelike, TimeZone};
use chrono_tz::Tz;

fn local(ts: i64, tz: &str) -> DateTime<Tz> {
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.timestamp_opt(ts, 0).single().unwrap_or_else(|| zone.timestamp_opt(0, 0).unwrap())
}

/// Whether `tz` is an IANA time zone name we know.
pub fn is_valid_zone(tz: &str) -> bool {
    tz.parse::<Tz>().is_ok()
}

/// "12–15 May 2027", "30 April – 2 May 2027", "12 May 2027, 14:00–15:30 KST".
pub fn date_range(start: i64, end: i64, tz: &str) -> String {
    let (s, e) = (local(start, tz), local(end, tz));
    if s.date_naive() == e.date_naive() {
        return format!("{}, {}–{} {}", s.format("%-d %B %Y"), s.format("%H:%M"), e.format("%H:%M"), s.format("%Z"));
    }
    if s.year() != e.year() {
        format!("{} – {}", s.format("%-d %B %Y"), e.format("%-d %B %Y"))
    } else if s.month() != e.month() {
        format!("{} – {}", s.format("%-d %B"), e.format("%-d %B %Y"))
    } else {
        format!("{}–{}", s.format("%-d"), e.format("%-d %B %Y"))
    }
}

/// "09:00–10:30".
pub fn time_range(start: i64, end: i64, tz: &str) -> String {
    format!("{}–{}", local(start, tz).format("%H:%M"), local(end, tz).format("%H:%M"))
}

/// "Wednesday 12 May 2027".
pub fn day_label(ts: i64, tz: &str) -> String {
    local(ts, tz).format("%A %-d %B %Y").to_string()
}

/// "12 May 2027, 23:59 KST".
pub fn date_time(ts: i64, tz: &str) -> String {
    local(ts, tz).format("%-d %B %Y, %H:%M %Z").to_string()
}

/// The Unix time of a wall-clock time in `tz` (for seeding and forms).
pub fn at(tz: &str, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.with_ymd_and_hms(y, m, d, h, min, 0).earliest().map(|t| t.timestamp()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_written_compactly_in_the_event_zone() {
        let seoul = "Asia/Seoul";
        assert_eq!(date_range(at(seoul, 2027, 5, 12, 9, 0), at(seoul, 2027, 5, 15, 17, 0), seoul), "12–15 May 2027");
        assert_eq!(date_range(at(seoul, 2027, 4, 30, 9, 0), at(seoul, 2027, 5, 2, 17, 0), seoul), "30 April – 2 May 2027");
        assert_eq!(date_range(at(seoul, 2027, 3, 3, 14, 0), at(seoul, 2027, 3, 3, 15, 30), seoul), "3 March 2027, 14:00–15:30 KST");
    }

    #[test]
    fn a_utc_instant_shows_in_local_time() {
        // 2027-01-15 08:00 UTC is 17:00 in Seoul.
        assert_eq!(time_range(1_800_000_000, 1_800_003_600, "Asia/Seoul"), "17:00–18:00");
        assert!(is_valid_zone("Asia/Bangkok"));
        assert!(!is_valid_zone("Mars/Olympus"));
    }
}
