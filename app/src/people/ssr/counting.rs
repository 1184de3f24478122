//! Counting each person once: unique people over a set of events, and what erasure takes
//! away from those counts. An erased registration links to nobody, so before erasing, each
//! person who thereby stops being countable in a year (and an activity type) is added to
//! `people_erased` for it; the counts add those back, and a past year's figure stays as it was.
use super::storage;
use crate::{
    error::AppError,
    reports::ssr::{activity::HeldEvent, storage as reports},
    store::Conn,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A count's slot: (year, activity type), the activity '' for the year as a whole.
type Slot = (i64, String);

fn slots(e: &HeldEvent) -> [Slot; 2] {
    let year = i64::from(e.year());
    [(year, e.activity().0), (year, String::new())]
}

/// People who took part, each once: `checked` events count their attendees, `unchecked` ones
/// (nobody checked in) their confirmed people; plus the people erased from the years of the
/// range, for `activity` ('' for all).
pub async fn unique(
    conn: &mut Conn,
    checked: &[i64],
    unchecked: &[i64],
    erased: &BTreeMap<Slot, i64>,
    activity: &str,
) -> Result<i64, AppError> {
    let live = storage::unique_people(conn, checked, unchecked).await?;
    Ok(live + erased.iter().filter(|((_, a), _)| a == activity).map(|(_, n)| n).sum::<i64>())
}

/// A country's people over the events (latest first), each once with their events.
pub async fn country_people(
    conn: &mut Conn,
    events: &[HeldEvent],
    checked: &BTreeSet<i64>,
    country: &str,
) -> Result<Vec<crate::reports::HistoryPerson>, AppError> {
    let (with, without): (Vec<i64>, Vec<i64>) = events.iter().map(|e| e.id).partition(|id| checked.contains(id));
    let by_id: HashMap<i64, &HeldEvent> = events.iter().map(|e| (e.id, e)).collect();
    let mut people: BTreeMap<String, (i64, i64, String, String, Vec<&HeldEvent>)> = BTreeMap::new();
    for (key, reg, given, family, org, event) in storage::of_country(conn, &with, &without, country).await? {
        let Some(e) = by_id.get(&event) else { continue };
        let p = people.entry(key).or_insert((i64::MIN, reg, String::new(), String::new(), Vec::new()));
        if e.starts_at >= p.0 {
            // The latest registration names the person.
            *p = (e.starts_at, reg, format!("{given} {family}"), org, std::mem::take(&mut p.4));
        }
        p.4.push(e);
    }
    let mut out: Vec<(i64, crate::reports::HistoryPerson)> = people
        .into_values()
        .map(|(latest, registration, name, organization, mut evs)| {
            evs.sort_by_key(|e| std::cmp::Reverse(e.starts_at));
            let events = evs.iter().map(|e| e.title.clone()).collect();
            (latest, crate::reports::HistoryPerson { registration, name, organization, events })
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

/// The erased counts of the years `from..=to`.
pub async fn erased(conn: &mut Conn, from: i32, to: i32) -> Result<BTreeMap<Slot, i64>, AppError> {
    Ok(storage::erased_counts(conn, i64::from(from), i64::from(to)).await?.into_iter().map(|(y, a, n)| ((y, a), n)).collect())
}

/// Called in the erasure's transaction, before the registrations `ids` are erased.
pub async fn note_erasure(conn: &mut Conn, ids: &[i64]) -> Result<(), AppError> {
    let leaving = storage::participants_among(conn, ids).await?;
    if leaving.is_empty() {
        return Ok(());
    }
    let mut by_person: BTreeMap<String, (BTreeSet<i64>, Vec<i64>)> = BTreeMap::new();
    for (_, event, key) in leaving {
        by_person.entry(key).or_default().0.insert(event);
    }
    for (key, (_, staying)) in by_person.iter_mut() {
        *staying = storage::other_participations(conn, key, ids).await?;
    }
    let mut event_ids: Vec<i64> = by_person.values().flat_map(|(l, s)| l.iter().chain(s.iter()).copied()).collect();
    event_ids.sort_unstable();
    event_ids.dedup();
    let events: HashMap<i64, HeldEvent> = reports::events_by_ids(conn, &event_ids).await?.into_iter().map(|e| (e.id, e)).collect();
    let slots_of =
        |ids: &mut dyn Iterator<Item = &i64>| -> BTreeSet<Slot> { ids.filter_map(|id| events.get(id)).flat_map(slots).collect() };
    let mut lost: BTreeMap<Slot, i64> = BTreeMap::new();
    for (leaving, staying) in by_person.values() {
        let kept = slots_of(&mut staying.iter());
        for slot in slots_of(&mut leaving.iter()).difference(&kept) {
            *lost.entry(slot.clone()).or_default() += 1;
        }
    }
    for ((year, activity), n) in lost {
        storage::add_erased(conn, year, &activity, n).await?;
    }
    Ok(())
}
