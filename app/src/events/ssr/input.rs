//! Checking the event and session forms: each bad field gets an error code; a valid form
//! becomes the values stored. Times are typed in the event's own time zone.
use crate::{
    domain::{CountryCode, EventKind, FormErrors, Visibility},
    events::{EventForm, SessionForm},
    time_fmt,
};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

pub struct ValidEvent {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub summary: String,
    pub description: String,
    pub online: bool,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub host_country: Option<String>,
    pub join_url: Option<String>,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub changes_close_at: Option<i64>,
    pub capacity: Option<i64>,
    pub requires_approval: bool,
    pub visibility: Visibility,
    pub partners: Vec<String>,
    pub activity_tag: String,
}

pub struct ValidSession {
    pub title: String,
    pub room: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub parallel_group: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// `2027-05-12T09:00` (from `<input type=datetime-local>`, seconds optional) in `tz`.
pub fn local_time(raw: &str, tz: &str) -> Result<i64, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("required");
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(t.timestamp());
    }
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| "invalid_time")?;
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.from_local_datetime(&naive).earliest().map(|t| t.timestamp()).ok_or("invalid_time")
}

/// The form value for a stored time: `2027-05-12T09:00` in `tz`.
pub fn form_time(ts: i64, tz: &str) -> String {
    let zone: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    zone.timestamp_opt(ts, 0).single().map(|t| t.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

fn capacity(raw: &str) -> Result<Option<i64>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse::<i64>().ok().filter(|n| *n >= 0 && *n <= 1_000_000).map(Some).ok_or("invalid_number"),
    }
}

fn text(errors: &mut FormErrors, field: &str, raw: &str, max: usize, required: bool) -> String {
    let t = raw.trim();
    if required && t.is_empty() {
        errors.insert(field.into(), "required".into());
    } else if t.chars().count() > max {
        errors.insert(field.into(), "too_long".into());
    }
    t.to_owned()
}

fn valid_slug(s: &str) -> bool {
    (3..=80).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn event(form: &EventForm) -> Result<ValidEvent, FormErrors> {
    let mut e = FormErrors::new();
    let slug = form.slug.trim().to_lowercase();
    if !valid_slug(&slug) {
        e.insert("slug".into(), if slug.is_empty() { "required" } else { "invalid_slug" }.into());
    }
    let title = text(&mut e, "title", &form.title, 200, true);
    let kind = EventKind::parse(&form.kind).unwrap_or_else(|_| {
        e.insert("kind".into(), "required".into());
        EventKind::Other
    });
    let summary = text(&mut e, "summary", &form.summary, 500, false);
    let description = text(&mut e, "description", &form.description, 20_000, false);
    let timezone = form.timezone.trim().to_owned();
    if !time_fmt::is_valid_zone(&timezone) {
        e.insert("timezone".into(), if timezone.is_empty() { "required" } else { "unknown_zone" }.into());
    }
    let mut time = |field: &str, raw: &str, required: bool| -> Option<i64> {
        if !required && raw.trim().is_empty() {
            return None;
        }
        match local_time(raw, &timezone) {
            Ok(t) => Some(t),
            Err(code) => {
                e.insert(field.into(), code.into());
                None
            }
        }
    };
    let starts_at = time("starts_at", &form.starts_at, true);
    let ends_at = time("ends_at", &form.ends_at, true);
    let opens_at = time("registration_opens_at", &form.registration_opens_at, false);
    let closes_at = time("registration_closes_at", &form.registration_closes_at, false);
    let changes_close_at = time("changes_close", &form.changes_close, false);
    if let (Some(s), Some(end)) = (starts_at, ends_at)
        && end < s
    {
        e.insert("ends_at".into(), "end_before_start".into());
    }
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        e.insert("registration_closes_at".into(), "end_before_start".into());
    }
    let capacity = capacity(&form.capacity).unwrap_or_else(|code| {
        e.insert("capacity".into(), code.into());
        None
    });
    let host_country = opt(&form.host_country);
    if let Some(c) = &host_country
        && CountryCode::parse(c).is_err()
    {
        e.insert("host_country".into(), "unknown_choice".into());
    }
    let join_url = opt(&form.join_url);
    if let Some(u) = &join_url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        e.insert("join_url".into(), "invalid_url".into());
    }
    if !form.online && opt(&form.city).is_none() && opt(&form.venue).is_none() {
        e.insert("venue".into(), "venue_or_online".into());
    }
    let visibility = Visibility::parse(if form.visibility.trim().is_empty() { "public" } else { &form.visibility }).unwrap_or_else(|_| {
        e.insert("visibility".into(), "unknown_choice".into());
        Visibility::Public
    });
    let partners: Vec<String> = form.partners.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    if partners.iter().any(|p| p.chars().count() > 200) || partners.len() > 50 {
        e.insert("partners".into(), "too_long".into());
    }
    let activity_tag = text(&mut e, "activity_tag", &form.activity_tag, 100, false);
    let venue = opt(&form.venue);
    let city = opt(&form.city);
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidEvent {
        slug,
        title,
        kind,
        summary,
        description,
        online: form.online,
        venue,
        city,
        host_country: host_country.map(|c| c.to_uppercase()),
        join_url,
        timezone,
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        opens_at,
        closes_at,
        changes_close_at,
        capacity,
        requires_approval: form.requires_approval,
        visibility,
        partners,
        activity_tag,
    })
}

pub fn session(form: &SessionForm, tz: &str) -> Result<ValidSession, FormErrors> {
    let mut e = FormErrors::new();
    let title = text(&mut e, "title", &form.title, 200, true);
    let room = opt(&form.room);
    let mut time = |field: &str, raw: &str| match local_time(raw, tz) {
        Ok(t) => Some(t),
        Err(code) => {
            e.insert(field.into(), code.into());
            None
        }
    };
    let starts_at = time("starts_at", &form.starts_at);
    let ends_at = time("ends_at", &form.ends_at);
    if let (Some(s), Some(end)) = (starts_at, ends_at)
        && end < s
    {
        e.insert("ends_at".into(), "end_before_start".into());
    }
    let capacity = capacity(&form.capacity).unwrap_or_else(|code| {
        e.insert("capacity".into(), code.into());
        None
    });
    let parallel_group = opt(&form.parallel_group);
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidSession {
        title,
        room,
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        capacity,
        parallel_group,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EventForm {
        EventForm {
            slug: "study-visit-2027".into(),
            title: "Study visit".into(),
            kind: "study_visit".into(),
            city: "Tallinn".into(),
            timezone: "Europe/Tallinn".into(),
            starts_at: "2027-06-07T09:00".into(),
            ends_at: "2027-06-11T17:00".into(),
            capacity: "15".into(),
            ..EventForm::default()
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_times_are_in_the_event_zone() {
        let v = event(&form()).unwrap();
        assert_eq!(v.capacity, Some(15));
        // 09:00 in Tallinn (UTC+3 in summer) is 06:00 UTC.
        assert_eq!(v.starts_at, chrono::DateTime::parse_from_rfc3339("2027-06-07T06:00:00Z").unwrap().timestamp());
        assert_eq!(form_time(v.starts_at, "Europe/Tallinn"), "2027-06-07T09:00");
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = EventForm {
            slug: "Bad Slug!".into(),
            ends_at: "2027-06-01T09:00".into(),
            capacity: "-3".into(),
            timezone: "Mars/Olympus".into(),
            ..form()
        };
        let e = event(&bad).err().unwrap();
        assert_eq!(e.get("slug").map(String::as_str), Some("invalid_slug"));
        assert_eq!(e.get("capacity").map(String::as_str), Some("invalid_number"));
        assert_eq!(e.get("timezone").map(String::as_str), Some("unknown_zone"));
        let e = event(&EventForm { ends_at: "2027-06-01T09:00".into(), ..form() }).err().unwrap();
        assert_eq!(e.get("ends_at").map(String::as_str), Some("end_before_start"));
    }

    #[test]
    fn a_session_needs_a_title_and_ordered_times() {
        let s = SessionForm {
            title: "".into(),
            starts_at: "2027-06-07T10:00".into(),
            ends_at: "2027-06-07T09:00".into(),
            ..Default::default()
        };
        let e = session(&s, "UTC").err().unwrap();
        assert!(e.contains_key("title") && e.contains_key("ends_at"));
    }
}
