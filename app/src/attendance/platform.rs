//! Webinar platforms' attendance reports: recognising which platform exported a file (Zoom
//! webinar attendee report, Zoom meeting participants export, Microsoft Teams attendance report)
//! from its header rows, never its file name, and reading one [`Attendee`] per person from it,
//! with their rejoins merged and their minutes counted once. Matching attendees to
//! registrations is not done here.
//!
//! The files are as the platforms export them: UTF-8 (with or without a BOM) or UTF-16 (Teams
//! writes UTF-16 LE with a BOM and tabs), comma- or tab-separated, with preambles, section
//! titles and blank lines around the tables that matter.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::fmt;

/// The report layouts this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    ZoomWebinar,
    ZoomMeeting,
    Teams,
}

impl Platform {
    /// A stable code, for storage and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Platform::ZoomWebinar => "zoom_webinar",
            Platform::ZoomMeeting => "zoom_meeting",
            Platform::Teams => "teams",
        }
    }
}

/// One person who attended, with all their join segments merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    /// Display name, whitespace collapsed; Zoom's "Name (Original Name)" gives the first part.
    pub name: String,
    /// Trimmed and lowercased; `None` when the report has none.
    pub email: Option<String>,
    /// Earliest join.
    pub joined: Option<NaiveDateTime>,
    /// Latest leave.
    pub left: Option<NaiveDateTime>,
    /// Minutes attended: the union of the join segments when all have times, else the sum of
    /// the report's durations (Teams' per-person "In-Meeting Duration" when it has one).
    pub minutes: u32,
    /// The platform's country text, when the file has one (Zoom webinar "Country/Region Name").
    pub country: Option<String>,
}

/// What a report file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub platform: Platform,
    /// The date of the earliest join among the attendees.
    pub day: Option<NaiveDate>,
    /// One per person, in the order they first appear in the file.
    pub attendees: Vec<Attendee>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No known header row found.
    NotRecognised,
    /// Recognised, but no attendee rows.
    Empty,
    /// Not UTF-8/UTF-16 text, or CSV that cannot be read.
    Unreadable,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseError::NotRecognised => "not a Zoom or Teams attendance report",
            ParseError::Empty => "the attendance report lists no attendees",
            ParseError::Unreadable => "the file is not readable text",
        })
    }
}

impl std::error::Error for ParseError {}

/// Reads an attendance report exported by Zoom or Microsoft Teams.
pub fn parse(bytes: &[u8]) -> Result<Report, ParseError> {
    let text = decode(bytes)?;
    let mut recognised = false;
    // Teams writes tabs, Zoom commas, and a spreadsheet re-save in some locales semicolons; the
    // delimiter is the one under which a known header row appears.
    for delimiter in [b'\t', b',', b';'] {
        if !text.as_bytes().contains(&delimiter) {
            continue;
        }
        let rows = read_rows(&text, delimiter)?;
        if let Some(platform) = rows.iter().find_map(|row| classify(row).map(|h| h.platform())) {
            recognised = true;
            let report = read_report(platform, &rows);
            if !report.attendees.is_empty() {
                return Ok(report);
            }
        }
    }
    Err(if recognised { ParseError::Empty } else { ParseError::NotRecognised })
}

// ---------------------------------------------------------------------------------------------
// Text

/// Bytes to text: UTF-8 (BOM optional) or UTF-16 (BOM, or guessed from its zero bytes, since
/// ASCII in UTF-16 is also valid UTF-8 full of NULs).
fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8(rest.to_vec()).map_err(|_| ParseError::Unreadable)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)?
    } else if let Some(little) = utf16_without_bom(bytes) {
        utf16(bytes, if little { u16::from_le_bytes } else { u16::from_be_bytes })?
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| ParseError::Unreadable)?
    };
    // A text with NULs left in it is binary that happened to decode.
    if text.contains('\0') {
        return Err(ParseError::Unreadable);
    }
    Ok(text.trim_start_matches('\u{feff}').to_owned())
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ParseError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(ParseError::Unreadable);
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]])).collect();
    String::from_utf16(&units).map_err(|_| ParseError::Unreadable)
}

/// `Some(true)` for UTF-16 LE, `Some(false)` for BE, judged on the first bytes: text in these
/// reports is mostly ASCII, so one byte of most pairs is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let head = &bytes[..bytes.len().min(512)];
    let pairs = head.len() / 2;
    let zero_high = head.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let zero_low = head.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if zero_high * 2 > pairs {
        Some(true)
    } else if zero_low * 2 > pairs {
        Some(false)
    } else {
        None
    }
}

/// All records, trimmed, with trailing empty cells dropped; blank lines are skipped.
fn read_rows(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, ParseError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| ParseError::Unreadable)?;
        let mut row: Vec<String> = record.iter().map(|cell| cell.trim().trim_start_matches('\u{feff}').trim().to_owned()).collect();
        while row.last().is_some_and(|cell| cell.is_empty()) {
            row.pop();
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Header rows

/// Where each column of a table of people is; any may be missing.
#[derive(Debug, Clone, Default)]
struct Columns {
    name: Option<usize>,
    first_name: Option<usize>,
    last_name: Option<usize>,
    email: Option<usize>,
    upn: Option<usize>,
    join: Option<usize>,
    leave: Option<usize>,
    duration: Option<usize>,
    attended: Option<usize>,
    role: Option<usize>,
    country: Option<usize>,
}

#[derive(Debug, Clone)]
enum Header {
    /// `Topic,Webinar ID,…`: the webinar's own figures; no people.
    ZoomWebinarSummary,
    /// `Meeting ID,Topic,…,User Email,…`: the meeting's row, whose email is the host's.
    ZoomMeetingSummary { host_email: Option<usize> },
    /// One row per join segment; `webinar` when it has the `Attended` column.
    ZoomPeople { webinar: bool, cols: Columns },
    /// Teams' "2. Participants": one row per person with first join, last leave and total.
    TeamsParticipants(Columns),
    /// Teams' "3. In-Meeting Activities", or the older layout's table: one row per segment.
    TeamsActivities(Columns),
}

impl Header {
    fn platform(&self) -> Platform {
        match self {
            Header::ZoomWebinarSummary => Platform::ZoomWebinar,
            Header::ZoomMeetingSummary { .. } => Platform::ZoomMeeting,
            Header::ZoomPeople { webinar: true, .. } => Platform::ZoomWebinar,
            Header::ZoomPeople { webinar: false, .. } => Platform::ZoomMeeting,
            Header::TeamsParticipants(_) | Header::TeamsActivities(_) => Platform::Teams,
        }
    }

    fn is_zoom(&self) -> bool {
        self.platform() != Platform::Teams
    }
}

/// A header cell as compared: lowercased, spaces collapsed, none before "(", so that
/// "Duration (Minutes)", "duration(minutes)" and " DURATION  (Minutes) " are one.
fn header_key(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(" (", "(")
}

/// The first column named one of `names` (in order of preference), also when followed by a
/// parenthesised note, as in "Join Time (UTC)" or "Duration (Minutes)".
fn column(keys: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| keys.iter().position(|key| key == name || key.strip_prefix(name).is_some_and(|rest| rest.starts_with('('))))
}

fn classify(row: &[String]) -> Option<Header> {
    // A header has at least three cells; that also keeps labels and key/value lines out cheaply.
    if row.len() < 3 {
        return None;
    }
    let keys: Vec<String> = row.iter().map(|c| header_key(c)).collect();
    let has = |name: &str| column(&keys, &[name]).is_some();
    if has("topic") && has("webinar id") {
        return Some(Header::ZoomWebinarSummary);
    }
    if has("topic") && (has("meeting id") || has("id")) {
        return Some(Header::ZoomMeetingSummary { host_email: column(&keys, &["user email", "host email", "email"]) });
    }
    let join = column(&keys, &["join time", "first join"]);
    let leave = column(&keys, &["leave time", "last leave"]);
    if join.is_none() || leave.is_none() {
        return None;
    }
    let teams_name = column(&keys, &["name", "full name"]);
    if teams_name.is_some() && has("first join") && has("last leave") {
        return Some(Header::TeamsParticipants(Columns {
            name: teams_name,
            email: column(&keys, &["email"]),
            upn: column(&keys, &["participant id(upn)", "upn"]),
            join,
            leave,
            duration: column(&keys, &["in-meeting duration", "duration"]),
            role: column(&keys, &["role"]),
            ..Columns::default()
        }));
    }
    let zoom_name = column(&keys, &["user name", "name", "participant", "participant name", "display name"]);
    let attended = column(&keys, &["attended"]);
    // Zoom's columns say "(Original Name)", "User Email" or "Duration (Minutes)"; Teams' say neither.
    let zoomish = attended.is_some()
        || keys.iter().any(|k| k.ends_with("(original name)"))
        || has("user email")
        || has("time in session")
        || keys.iter().any(|k| k == "duration(minutes)");
    if zoom_name.is_some() && zoomish {
        return Some(Header::ZoomPeople {
            webinar: attended.is_some(),
            cols: Columns {
                name: zoom_name,
                first_name: column(&keys, &["first name"]),
                last_name: column(&keys, &["last name"]),
                email: column(&keys, &["email", "user email", "email address"]),
                join,
                leave,
                duration: column(&keys, &["time in session", "duration"]),
                attended,
                role: column(&keys, &["role"]),
                country: column(&keys, &["country/region name", "country/region", "country"]),
                ..Columns::default()
            },
        });
    }
    if teams_name.is_some() {
        return Some(Header::TeamsActivities(Columns {
            name: teams_name,
            email: column(&keys, &["email"]),
            upn: column(&keys, &["participant id(upn)", "upn"]),
            join,
            leave,
            duration: column(&keys, &["duration"]),
            role: column(&keys, &["role"]),
            ..Columns::default()
        }));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Rows

/// One join segment of one person, as read from a row.
#[derive(Debug, Clone)]
struct Segment {
    joined: Option<NaiveDateTime>,
    left: Option<NaiveDateTime>,
    seconds: Option<i64>,
    /// The row is already a person's total (Teams section 2): its duration is the answer.
    total: bool,
}

#[derive(Debug, Clone)]
struct Row {
    name: String,
    email: Option<String>,
    country: Option<String>,
    segment: Segment,
}

fn read_report(platform: Platform, rows: &[Vec<String>]) -> Report {
    let zoom = platform != Platform::Teams;
    let mut table: Option<Header> = None;
    let mut in_hosts = false;
    let mut hosts: Vec<String> = Vec::new();
    let mut segments: Vec<Row> = Vec::new();
    let mut totals: Vec<Row> = Vec::new();
    let mut saw_totals = false;

    for row in rows {
        if let Some(header) = classify(row) {
            // A table of another platform's shape is not this report's; its rows are not read.
            table = (header.is_zoom() == zoom).then_some(header);
            continue;
        }
        // Section titles ("Host Details,", "2. Participants", "Meeting Summary") are one cell;
        // no row of people is, since each has at least its times. A title ends the table.
        if row.len() == 1 {
            in_hosts = row[0].to_lowercase().contains("host");
            table = None;
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(String::as_str).unwrap_or("");
        match &table {
            None | Some(Header::ZoomWebinarSummary) => {}
            Some(Header::ZoomMeetingSummary { host_email }) => {
                // The meeting's "User Email" is its host's account, which also appears among
                // the participants.
                if let Some(email) = email(cell(*host_email)) {
                    hosts.push(email);
                }
                table = None;
            }
            Some(Header::ZoomPeople { cols, .. }) => {
                if cell(cols.attended).eq_ignore_ascii_case("no") {
                    continue; // registered, did not come
                }
                let mut name = zoom_name(cell(cols.name));
                if name.is_empty() {
                    name = collapse(&format!("{} {}", cell(cols.first_name), cell(cols.last_name)));
                }
                let row = Row {
                    name,
                    email: email(cell(cols.email)),
                    country: Some(collapse(cell(cols.country))).filter(|c| !c.is_empty() && c != "--"),
                    segment: segment(row, cols, false),
                };
                if in_hosts || cell(cols.role).eq_ignore_ascii_case("host") {
                    hosts.extend(row.email);
                    continue;
                }
                segments.push(row);
            }
            Some(Header::TeamsParticipants(cols)) | Some(Header::TeamsActivities(cols)) => {
                let total = matches!(table, Some(Header::TeamsParticipants(_)));
                saw_totals |= total;
                if cell(cols.role).eq_ignore_ascii_case("organizer") {
                    continue;
                }
                let upn = cell(cols.upn);
                // A guest's UPN is a tenant alias ("…#EXT#@…"), not an address to match on.
                let fallback = if upn.to_lowercase().contains("#ext#") { "" } else { upn };
                let row = Row {
                    name: teams_name(cell(cols.name)),
                    email: email(cell(cols.email)).or_else(|| email(fallback)),
                    country: None,
                    segment: segment(row, cols, total),
                };
                if total { totals.push(row) } else { segments.push(row) }
            }
        }
    }

    // Teams' per-person section, when the file has it, already merges the segments listed in
    // the next section; reading both would count everyone twice.
    let rows = if saw_totals { totals } else { segments };
    let attendees = merge(rows.into_iter().filter(|r| r.email.as_ref().is_none_or(|e| !hosts.contains(e))));
    let day = attendees.iter().filter_map(|a| a.joined).min().map(|t| t.date());
    Report { platform, day, attendees }
}

fn segment(row: &[String], cols: &Columns, total: bool) -> Segment {
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(String::as_str).unwrap_or("");
    Segment { joined: time(cell(cols.join)), left: time(cell(cols.leave)), seconds: duration(cell(cols.duration)), total }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Zoom shows a renamed participant as "Name (Original Name)": the name is the part before the
/// last, balanced, parenthesised group.
fn zoom_name(raw: &str) -> String {
    let name = collapse(raw);
    if let Some(open) = trailing_group(&name) {
        let before = name[..open].trim_end();
        if !before.is_empty() {
            return before.to_owned();
        }
    }
    name
}

/// Where the parenthesised group that ends `s` opens, if it does end with one.
fn trailing_group(s: &str) -> Option<usize> {
    if !s.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Teams appends a tag to some names; it is the platform's note, not part of the name.
fn teams_name(raw: &str) -> String {
    let name = collapse(raw);
    if let Some(open) = trailing_group(&name) {
        let tag = name[open..].to_lowercase();
        let before = name[..open].trim_end();
        if matches!(tag.as_str(), "(guest)" | "(external)" | "(unverified)") && !before.is_empty() {
            return before.to_owned();
        }
    }
    name
}

/// An address, lowercased; anything without an "@" (blank, "--") is none.
fn email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    e.contains('@').then_some(e)
}

// ---------------------------------------------------------------------------------------------
// Times and durations

/// The formats the platforms write, after commas are dropped and spaces collapsed: Zoom's
/// "Dec 3, 2026 09:00:12" and "12/03/2026 09:00:12 AM", Teams' "12/3/26, 9:00:05 AM", ISO.
/// Two-digit years come before four-digit ones: "%Y" would read "26" as the year 26.
const TIME_FORMATS: &[&str] = &[
    "%b %d %Y %H:%M:%S",
    "%b %d %Y %I:%M:%S %p",
    "%b %d %Y %H:%M",
    "%b %d %Y %I:%M %p",
    "%B %d %Y %H:%M:%S",
    "%B %d %Y %I:%M:%S %p",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %I:%M:%S %p",
];

fn time(raw: &str) -> Option<NaiveDateTime> {
    // Newer Windows and browsers put a (narrow) no-break space before AM/PM.
    let cleaned: String = raw.chars().map(|c| if c == ',' || c.is_whitespace() { ' ' } else { c }).collect();
    let s = collapse(&cleaned);
    let s = s.strip_suffix('Z').unwrap_or(&s);
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    TIME_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        // A year outside this is a misread (a two-digit year taken whole), not a meeting.
        .filter(|t| (1970..=2200).contains(&t.year()))
}

/// Seconds in a duration cell: Zoom's whole (or decimal) minutes, Teams' "1h 28m 55s", "45m 3s",
/// "38s", or "h:mm:ss".
fn duration(raw: &str) -> Option<i64> {
    let s = raw.trim().to_lowercase();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    if let Ok(minutes) = s.parse::<f64>() {
        // To the nearest second, so that "1.15" is 69 seconds and not 68.999….
        return (minutes.is_finite() && minutes >= 0.0).then_some((minutes * 60.0).round() as i64);
    }
    if s.contains(':') {
        let parts: Vec<i64> = s.split(':').map(|p| p.trim().parse::<i64>().ok().filter(|n| *n >= 0)).collect::<Option<_>>()?;
        return match parts[..] {
            [h, m, sec] => Some(h * 3600 + m * 60 + sec),
            [m, sec] => Some(m * 60 + sec),
            _ => None,
        };
    }
    let mut total: i64 = 0;
    let mut rest = s.as_str();
    let mut any = false;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let number: i64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let unit = match &rest[..letters] {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(unit)?)?;
        rest = rest[letters..].trim_start();
        any = true;
    }
    any.then_some(total)
}

// ---------------------------------------------------------------------------------------------
// People

struct Person {
    name: String,
    email: Option<String>,
    country: Option<String>,
    segments: Vec<Segment>,
}

/// Rows of one person become one attendee: the same email, or, where a row has no email (or the
/// person has none yet), the same name.
fn merge(rows: impl Iterator<Item = Row>) -> Vec<Attendee> {
    let mut people: Vec<Person> = Vec::new();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for row in rows {
        let name_key = row.name.to_lowercase();
        if name_key.is_empty() && row.email.is_none() {
            continue;
        }
        let found = row.email.as_ref().and_then(|e| by_email.get(e).copied()).or_else(|| {
            by_name.get(&name_key)?.iter().copied().find(|&i| row.email.is_none() || people.get(i).is_some_and(|p| p.email.is_none()))
        });
        match found {
            Some(i) => {
                let Some(person) = people.get_mut(i) else { continue };
                if person.email.is_none()
                    && let Some(e) = &row.email
                {
                    person.email = Some(e.clone());
                    by_email.insert(e.clone(), i);
                }
                if person.name.is_empty() && !row.name.is_empty() {
                    person.name = row.name;
                    by_name.entry(name_key).or_default().push(i);
                }
                if person.country.is_none() {
                    person.country = row.country;
                }
                person.segments.push(row.segment);
            }
            None => {
                let i = people.len();
                if let Some(e) = &row.email {
                    by_email.insert(e.clone(), i);
                }
                if !name_key.is_empty() {
                    by_name.entry(name_key).or_default().push(i);
                }
                people.push(Person { name: row.name, email: row.email, country: row.country, segments: vec![row.segment] });
            }
        }
    }
    people
        .into_iter()
        .map(|p| Attendee {
            joined: p.segments.iter().filter_map(|s| s.joined).min(),
            left: p.segments.iter().filter_map(|s| s.left).max(),
            minutes: minutes(&p.segments),
            name: p.name,
            email: p.email,
            country: p.country,
        })
        .collect()
}

/// Minutes attended, rounded down: the length of the union of the segments when every one has
/// both times (two devices at once count once), else the sum of the durations.
fn minutes(segments: &[Segment]) -> u32 {
    let spans: Option<Vec<(NaiveDateTime, NaiveDateTime)>> =
        segments.iter().map(|s| if s.total { None } else { Some((s.joined?, s.left?)) }).collect();
    let seconds = match spans {
        Some(mut spans) => {
            spans.sort();
            let mut total = 0i64;
            let mut current: Option<(NaiveDateTime, NaiveDateTime)> = None;
            for (start, end) in spans {
                // A leave before its join is a broken row; it adds nothing.
                let end = end.max(start);
                current = match current {
                    Some((s, e)) if start <= e => Some((s, e.max(end))),
                    Some((s, e)) => {
                        total = total.saturating_add((e - s).num_seconds());
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            if let Some((s, e)) = current {
                total = total.saturating_add((e - s).num_seconds());
            }
            total
        }
        None => segments
            .iter()
            .map(|s| match (s.seconds, s.joined, s.left) {
                (Some(d), _, _) => d,
                (None, Some(j), Some(l)) => (l - j).num_seconds(),
                _ => 0,
            })
            .map(|d| d.max(0))
            .fold(0i64, i64::saturating_add),
    };
    u32::try_from((seconds / 60).max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
