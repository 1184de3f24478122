//! Across events: the yearly activity table (per activity type: events, distinct countries,
//! participants; the countries reached and the host countries) and each country's history.
//! Counting happens in one grouped query per (event, country), so a million registrations
//! are read once.
use super::storage;
use crate::{
    accounts::ssr::Principal,
    domain::EventKind,
    error::AppError,
    i18n::Locale,
    locale::country_name,
    reports::{ActivityLine, ActivityTable, CountryHistory, HistoryLine},
    store::{Conn, Store},
    time_fmt,
};
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An event held in the range, as the table needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldEvent {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub activity_tag: String,
    pub online: bool,
    pub host_country: Option<String>,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

impl HeldEvent {
    /// The activity type: the organizer's tag, or the event kind.
    pub fn activity(&self) -> (String, bool) {
        let tag = self.activity_tag.trim();
        if tag.is_empty() { (self.kind.code().to_owned(), false) } else { (tag.to_owned(), true) }
    }

    /// The year of its start, in its own time zone.
    pub fn year(&self) -> i32 {
        let tz: chrono_tz::Tz = self.timezone.parse().unwrap_or(chrono_tz::UTC);
        chrono::DateTime::from_timestamp(self.starts_at, 0).map(|t| t.with_timezone(&tz).year()).unwrap_or(1970)
    }
}

/// Participants of one event from one country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCount {
    pub event_id: i64,
    pub country: String,
    pub attended: i64,
    pub registered: i64,
}

/// Events that have started and were neither drafts nor cancelled, starting in the years (a
/// day's margin each side, then each event's own time zone decides its year).
async fn held(conn: &mut Conn, from: i32, to: i32, now: i64) -> Result<Vec<HeldEvent>, AppError> {
    let start = chrono::NaiveDate::from_ymd_opt(from, 1, 1).map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp());
    let end = chrono::NaiveDate::from_ymd_opt(to + 1, 1, 1).map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp());
    let (Some(start), Some(end)) = (start, end) else { return Ok(Vec::new()) };
    let rows = storage::held(conn, start - 86_400, end + 86_400, now).await?;
    Ok(rows.into_iter().filter(|e| (from..=to).contains(&e.year())).collect())
}

/// Attended and registered per event and country, for the given events (and one country).
async fn counts(conn: &mut Conn, events: &[i64], country: Option<&str>) -> Result<Vec<CountryCount>, AppError> {
    let rows = storage::country_counts(conn, events, country).await?;
    Ok(rows.into_iter().map(|(event_id, country, attended, registered)| CountryCount { event_id, country, attended, registered }).collect())
}

/// Whether each event had any check-in. An event's participants are its attendees, or its
/// registered people where nobody was checked in.
async fn with_checkins(conn: &mut Conn, events: &[i64]) -> Result<BTreeSet<i64>, AppError> {
    let rows = storage::with_checkins(conn, events).await?;
    Ok(rows.into_iter().collect())
}

/// Folds the counts into the table. Pure, so the counting rules are tested on their own.
pub fn fold(from: i32, to: i32, events: &[HeldEvent], counts: &[CountryCount], checked: &BTreeSet<i64>) -> ActivityTable {
    #[derive(Default)]
    struct Acc {
        is_tag: bool,
        events: i64,
        participants: i64,
        countries: BTreeSet<String>,
        hosts: BTreeSet<String>,
    }
    let by_id: HashMap<i64, &HeldEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for e in events {
        let (activity, is_tag) = e.activity();
        let a = acc.entry(activity).or_default();
        a.is_tag = is_tag;
        a.events += 1;
        if let (false, Some(host)) = (e.online, e.host_country.as_ref().filter(|h| !h.is_empty())) {
            a.hosts.insert(host.clone());
        }
    }
    for c in counts {
        let Some(e) = by_id.get(&c.event_id) else { continue };
        let n = if checked.contains(&c.event_id) { c.attended } else { c.registered };
        if n == 0 {
            continue;
        }
        let a = acc.entry(e.activity().0).or_default();
        a.participants += n;
        a.countries.insert(c.country.clone());
    }
    let mut total = ActivityLine::default();
    let (mut all_countries, mut all_hosts) = (BTreeSet::new(), BTreeSet::new());
    let mut lines: Vec<ActivityLine> = acc
        .into_iter()
        .map(|(activity, a)| {
            total.events += a.events;
            total.participants += a.participants;
            all_countries.extend(a.countries.iter().cloned());
            all_hosts.extend(a.hosts.iter().cloned());
            ActivityLine {
                activity,
                is_tag: a.is_tag,
                events: a.events,
                countries: a.countries.len() as i64,
                participants: a.participants,
                unique_people: 0,
                country_codes: a.countries.into_iter().collect(),
                hosts: a.hosts.into_iter().collect(),
            }
        })
        .collect();
    lines.sort_by(|a, b| b.participants.cmp(&a.participants).then_with(|| a.activity.cmp(&b.activity)));
    total.countries = all_countries.len() as i64;
    total.country_codes = all_countries.into_iter().collect();
    total.hosts = all_hosts.into_iter().collect();
    ActivityTable { from, to, lines, total }
}

/// The range the page opens with: the last three years, this one included.
pub fn default_range(now: i64) -> (i32, i32) {
    let year = chrono::DateTime::from_timestamp(now, 0).map(|t| t.year()).unwrap_or(2026);
    (year - 2, year)
}

/// Years outside what an office could mean are refused rather than scanned.
fn check_range(from: i32, to: i32) -> Result<(), AppError> {
    if !(1990..=2200).contains(&from) || !(1990..=2200).contains(&to) || from > to {
        return Err(AppError::Form([("from".to_owned(), "invalid_number".to_owned())].into()));
    }
    Ok(())
}

/// The events of the range this account may report on.
async fn visible(conn: &mut Conn, who: &Principal, from: i32, to: i32, now: i64) -> Result<Vec<HeldEvent>, AppError> {
    if !who.can_create_events() {
        return Err(AppError::Forbidden);
    }
    Ok(held(conn, from, to, now).await?.into_iter().filter(|e| who.can_manage(e.id)).collect())
}

pub async fn table(store: &Store, who: &Principal, now: i64, from: i32, to: i32) -> Result<ActivityTable, AppError> {
    check_range(from, to)?;
    let mut conn = store.read().await?;
    let events = visible(&mut conn, who, from, to, now).await?;
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let counts = counts(&mut conn, &ids, None).await?;
    let checked = with_checkins(&mut conn, &ids).await?;
    let mut table = fold(from, to, &events, &counts, &checked);
    count_people(&mut conn, &mut table, &events, &checked).await?;
    Ok(table)
}

/// Each person once, per activity type and in total: one count over the events of each.
async fn count_people(conn: &mut Conn, table: &mut ActivityTable, events: &[HeldEvent], checked: &BTreeSet<i64>) -> Result<(), AppError> {
    use crate::people::ssr::counting;
    let erased = counting::erased(conn, table.from, table.to).await?;
    let split = |activity: Option<&str>| -> (Vec<i64>, Vec<i64>) {
        events.iter().filter(|e| activity.is_none_or(|a| e.activity().0 == a)).map(|e| e.id).partition(|id| checked.contains(id))
    };
    for line in &mut table.lines {
        let (with, without) = split(Some(&line.activity));
        line.unique_people = counting::unique(conn, &with, &without, &erased, &line.activity).await?;
    }
    let (with, without) = split(None);
    table.total.unique_people = counting::unique(conn, &with, &without, &erased, "").await?;
    Ok(())
}

/// Every event (in the years given) that the country's officials took part in, latest first.
pub async fn country_history(
    store: &Store,
    who: &Principal,
    now: i64,
    code: &str,
    from: i32,
    to: i32,
    loc: Locale,
) -> Result<CountryHistory, AppError> {
    check_range(from, to)?;
    let country = crate::domain::CountryCode::parse(code).map_err(|_| AppError::NotFound)?;
    let mut conn = store.read().await?;
    let events = visible(&mut conn, who, from, to, now).await?;
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let counts = counts(&mut conn, &ids, Some(country.as_str())).await?;
    let checked = with_checkins(&mut conn, &ids).await?;
    let by_id: HashMap<i64, &HeldEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut lines: Vec<(i64, HistoryLine)> = counts
        .iter()
        .filter_map(|c| {
            let e = by_id.get(&c.event_id)?;
            let n = if checked.contains(&c.event_id) { c.attended } else { c.registered };
            let (activity, is_tag) = e.activity();
            (n > 0).then(|| {
                let line = HistoryLine {
                    slug: e.slug.clone(),
                    title: e.title.clone(),
                    when: time_fmt::date_range(e.starts_at, e.ends_at, &e.timezone, loc),
                    year: e.year(),
                    activity,
                    is_tag,
                    participants: n,
                };
                (e.starts_at, line)
            })
        })
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    let participants = lines.iter().map(|(_, l)| l.participants).sum();
    let people = crate::people::ssr::counting::country_people(&mut conn, &events, &checked, country.as_str()).await?;
    Ok(CountryHistory {
        code: country.as_str().to_owned(),
        name: country_name(country.as_str(), loc),
        lines: lines.into_iter().map(|(_, l)| l).collect(),
        participants,
        people,
    })
}

/// The kind's code, for an activity that is not a tag (used by tests and exports).
pub fn kind_code(activity: &str) -> Option<EventKind> {
    EventKind::parse(activity).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, kind: &str, tag: &str, host: Option<&str>, online: bool) -> HeldEvent {
        HeldEvent {
            id,
            slug: format!("e{id}"),
            title: format!("Event {id}"),
            kind: EventKind::parse(kind).unwrap(),
            activity_tag: tag.into(),
            online,
            host_country: host.map(Into::into),
            timezone: "UTC".into(),
            starts_at: 1_700_000_000,
            ends_at: 1_700_086_400,
        }
    }

    fn count(event_id: i64, country: &str, attended: i64, registered: i64) -> CountryCount {
        CountryCount { event_id, country: country.into(), attended, registered }
    }

    #[test]
    fn a_country_counts_once_per_type_and_events_without_checkins_count_the_registered() {
        let events = vec![
            event(1, "training", "National Training Program", Some("VN"), false),
            event(2, "training", "National Training Program", Some("KH"), false),
            event(3, "webinar", "", None, true),
        ];
        let counts = vec![
            count(1, "VN", 20, 25),
            count(1, "LA", 2, 2),
            count(2, "KH", 18, 22),
            count(2, "LA", 1, 3),
            count(3, "LA", 0, 40),
            count(3, "KE", 0, 10),
        ];
        let checked: BTreeSet<i64> = [1, 2].into();
        let t = fold(2023, 2023, &events, &counts, &checked);
        let ntp = &t.lines.iter().find(|l| l.activity == "National Training Program").unwrap();
        assert_eq!((ntp.events, ntp.countries, ntp.participants), (2, 3, 41));
        assert_eq!(ntp.hosts, vec!["KH".to_owned(), "VN".to_owned()]);
        let web = &t.lines.iter().find(|l| l.activity == "webinar").unwrap();
        assert_eq!((web.events, web.countries, web.participants, web.is_tag), (1, 2, 50, false));
        assert!(web.hosts.is_empty(), "online events have no host");
        assert_eq!((t.total.events, t.total.countries, t.total.participants), (3, 4, 91));
    }
}
