//! Dates and times as people read them, in the event's own time zone and the reader's language
//! (server only, so the browser bundle carries no time-zone database). Month and day names and
//! the order of the parts come from the i18n layer (`date.*` keys).
use crate::i18n::{Locale, td_string};
use chrono::{DateTime, Datelike, TimeZone, Weekday};
use chrono_tz::Tz;

fn local(ts: i64, tz: &str) -> DateTime<Tz> {
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.timestamp_opt(ts, 0).single().unwrap_or_else(|| zone.timestamp_opt(0, 0).unwrap())
}

/// Whether `tz` is an IANA time zone name we know.
pub fn is_valid_zone(tz: &str) -> bool {
    tz.parse::<Tz>().is_ok()
}

fn month(loc: Locale, m: u32) -> String {
    match m {
        1 => td_string!(loc, date.month.jan),
        2 => td_string!(loc, date.month.feb),
        3 => td_string!(loc, date.month.mar),
        4 => td_string!(loc, date.month.apr),
        5 => td_string!(loc, date.month.may),
        6 => td_string!(loc, date.month.jun),
        7 => td_string!(loc, date.month.jul),
        8 => td_string!(loc, date.month.aug),
        9 => td_string!(loc, date.month.sep),
        10 => td_string!(loc, date.month.oct),
        11 => td_string!(loc, date.month.nov),
        _ => td_string!(loc, date.month.dec),
    }
    .to_string()
}

fn weekday(loc: Locale, d: Weekday) -> String {
    match d {
        Weekday::Mon => td_string!(loc, date.weekday.mon),
        Weekday::Tue => td_string!(loc, date.weekday.tue),
        Weekday::Wed => td_string!(loc, date.weekday.wed),
        Weekday::Thu => td_string!(loc, date.weekday.thu),
        Weekday::Fri => td_string!(loc, date.weekday.fri),
        Weekday::Sat => td_string!(loc, date.weekday.sat),
        Weekday::Sun => td_string!(loc, date.weekday.sun),
    }
    .to_string()
}

/// "12 May 2027".
fn full_date(loc: Locale, t: &DateTime<Tz>) -> String {
    td_string!(loc, date.full, day = t.day(), month = month(loc, t.month()), year = t.year()).to_string()
}

/// "12 May".
fn day_month(loc: Locale, t: &DateTime<Tz>) -> String {
    td_string!(loc, date.day_month, day = t.day(), month = month(loc, t.month())).to_string()
}

fn clock(t: &DateTime<Tz>) -> String {
    t.format("%H:%M").to_string()
}

/// "12–15 May 2027", "30 April – 2 May 2027", "12 May 2027, 14:00–15:30 KST".
pub fn date_range(start: i64, end: i64, tz: &str, loc: Locale) -> String {
    let (s, e) = (local(start, tz), local(end, tz));
    if s.date_naive() == e.date_naive() {
        let zone = s.format("%Z").to_string();
        return td_string!(loc, date.one_day, date = full_date(loc, &s), from = clock(&s), to = clock(&e), zone = zone).to_string();
    }
    if s.year() != e.year() {
        td_string!(loc, date.range, from = full_date(loc, &s), to = full_date(loc, &e)).to_string()
    } else if s.month() != e.month() {
        td_string!(loc, date.range, from = day_month(loc, &s), to = full_date(loc, &e)).to_string()
    } else {
        td_string!(loc, date.range_same_month, from = s.day(), to = e.day(), month = month(loc, e.month()), year = e.year()).to_string()
    }
}

/// "09:00–10:30".
pub fn time_range(start: i64, end: i64, tz: &str) -> String {
    format!("{}–{}", clock(&local(start, tz)), clock(&local(end, tz)))
}

/// "Wednesday 12 May 2027".
pub fn day_label(ts: i64, tz: &str, loc: Locale) -> String {
    let t = local(ts, tz);
    td_string!(loc, date.weekday_date, weekday = weekday(loc, t.weekday()), date = full_date(loc, &t)).to_string()
}

/// The calendar day of `ts` in the zone `tz` (days attended are counted in the event's zone).
pub fn local_date(ts: i64, tz: &str) -> chrono::NaiveDate {
    local(ts, tz).date_naive()
}

/// "12 May 2027" in the zone `tz`.
pub fn date(ts: i64, tz: &str, loc: Locale) -> String {
    full_date(loc, &local(ts, tz))
}

/// "12 May 2027, 23:59 KST".
pub fn date_time(ts: i64, tz: &str, loc: Locale) -> String {
    let t = local(ts, tz);
    let zone = t.format("%Z").to_string();
    td_string!(loc, date.date_time, date = full_date(loc, &t), time = clock(&t), zone = zone).to_string()
}

/// The Unix time of a wall-clock time in `tz` (for seeding and forms).
pub fn at(tz: &str, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.with_ymd_and_hms(y, m, d, h, min, 0).earliest().map(|t| t.timestamp()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    const EN: Locale = Locale::en;

    #[test]
    fn ranges_are_written_compactly_in_the_event_zone() {
        let seoul = "Asia/Seoul";
        assert_eq!(date_range(at(seoul, 2027, 5, 12, 9, 0), at(seoul, 2027, 5, 15, 17, 0), seoul, EN), "12–15 May 2027");
        assert_eq!(date_range(at(seoul, 2027, 4, 30, 9, 0), at(seoul, 2027, 5, 2, 17, 0), seoul, EN), "30 April – 2 May 2027");
        assert_eq!(date_range(at(seoul, 2027, 12, 30, 9, 0), at(seoul, 2028, 1, 2, 17, 0), seoul, EN), "30 December 2027 – 2 January 2028");
        assert_eq!(date_range(at(seoul, 2027, 3, 3, 14, 0), at(seoul, 2027, 3, 3, 15, 30), seoul, EN), "3 March 2027, 14:00–15:30 KST");
    }

    #[test]
    fn day_labels_and_deadlines_name_the_day() {
        let seoul = "Asia/Seoul";
        assert_eq!(day_label(at(seoul, 2027, 5, 12, 9, 0), seoul, EN), "Wednesday 12 May 2027");
        assert_eq!(date_time(at(seoul, 2027, 5, 12, 23, 59), seoul, EN), "12 May 2027, 23:59 KST");
    }

    #[test]
    fn a_utc_instant_shows_in_local_time() {
        // 2027-01-15 08:00 UTC is 17:00 in Seoul.
        assert_eq!(time_range(1_800_000_000, 1_800_003_600, "Asia/Seoul"), "17:00–18:00");
        assert!(is_valid_zone("Asia/Bangkok"));
        assert!(!is_valid_zone("Mars/Olympus"));
    }
}
