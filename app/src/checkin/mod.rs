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
    let mut days = Vec::new();
    let mut t = event.starts_at;
    let mut n = 1;
    let mut last = String::new();
    while t <= event.ends_at && n <= 60 {
        let label = time_fmt::day_label(t, &event.timezone, loc);
        if label != last {
            days.push((-n, label.clone()));
            last = label;
            n += 1;
        }
        t += 6 * 3600;
    }
    if days.len() < 2 { Vec::new() } else { days }
}

/// "K7M4QX2P" as "K7M4-QX2P", easier to read aloud.
pub fn format_code(code: &str) -> String {
    if code.len() == 8 { format!("{}-{}", &code[..4], &code[4..]) } else { code.to_owned() }
}

/// What a person types at the desk, as a code: "k7m4-qx2p" is "K7M4QX2P".
pub fn code_of(typed: &str) -> String {
    typed.trim().to_uppercase().replace(['-', ' '], "")
}
