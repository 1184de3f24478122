//! Check-in: a confirmed person arrives and is checked in, for the whole event, one day of a
//! multi-day event, or one session; the desk finds them by name, organisation or the code in
//! their confirmation email. Attendance in every report comes from these check-ins.
pub mod service;
pub mod storage;

use crate::{events::ssr::EventRow, i18n::Locale, time_fmt};

/// The days of a multi-day event, each with its check-in scope: day N is stored as session
/// `-N` in `checkins` (0 is the event as a whole, positive ids are sessions). One-day events
/// have none: the whole-event desk is that day's.
pub fn event_days(event: &EventRow, loc: Locale) -> Vec<(i64, String)> {
    let dates = event_dates(event);
    if dates.len() < 2 {
        return Vec::new();
    }
    (1..)
        .zip(dates)
        .map(|(n, d)| {
            use chrono::Datelike;
            let noon = time_fmt::at(&event.timezone, d.year(), d.month(), d.day(), 12, 0);
            (-n, time_fmt::day_label(noon, &event.timezone, loc))
        })
        .collect()
}

/// The event's dates in its own zone, first to last (at most 60): day N is the Nth. A date
/// counts when the event runs over some quarter-day step of it, so a reception ending after
/// midnight does not make a second day.
pub fn event_dates(event: &EventRow) -> Vec<chrono::NaiveDate> {
    let zone: chrono_tz::Tz = event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let mut dates: Vec<chrono::NaiveDate> = Vec::new();
    let mut t = event.starts_at;
    while t <= event.ends_at && dates.len() < 60 {
        if let Some(d) = chrono::DateTime::from_timestamp(t, 0).map(|u| u.with_timezone(&zone).date_naive())
            && dates.last() != Some(&d)
        {
            dates.push(d);
        }
        t += 6 * 3600;
    }
    dates
}

/// "K7M4QX2P" as "K7M4-QX2P", easier to read aloud.
pub fn format_code(code: &str) -> String {
    if code.len() == 8 { format!("{}-{}", &code[..4], &code[4..]) } else { code.to_owned() }
}

/// What a person types at the desk, as a code: "k7m4-qx2p" is "K7M4QX2P".
pub fn code_of(typed: &str) -> String {
    typed.trim().to_uppercase().replace(['-', ' '], "")
}
