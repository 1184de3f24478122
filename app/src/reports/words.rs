//! Words for the reports' codes in the reader's language, shared by the pages and the files.
use super::{EventReport, Line};
use crate::{
    domain::{EventKind, Gender, OrganizationType},
    i18n::*,
    labels::{self, ToLocale},
};

/// The dimensions of a report, in the order of the page and the files.
pub fn dimensions(r: &EventReport) -> [(&'static str, &[Line]); 7] {
    let t = &r.tallies;
    [
        ("country", &t.countries),
        ("region", &t.regions),
        ("subregion", &t.subregions),
        ("grouping", &t.groupings),
        ("organization_type", &t.organization_types),
        ("gender", &t.genders),
        ("session", &t.sessions),
    ]
}

pub fn dimension_heading(l: impl ToLocale, dimension: &str) -> String {
    let loc = l.locale();
    match dimension {
        "country" => td_string!(loc, report.by.country),
        "region" => td_string!(loc, report.by.region),
        "subregion" => td_string!(loc, report.by.subregion),
        "grouping" => td_string!(loc, report.by.grouping),
        "organization_type" => td_string!(loc, report.by.organization_type),
        "gender" => td_string!(loc, report.by.gender),
        _ => td_string!(loc, report.by.session),
    }
    .to_owned()
}

pub fn grouping_label(l: impl ToLocale, key: &str) -> String {
    let loc = l.locale();
    match key {
        "member" => td_string!(loc, report.grouping.member),
        "ldc" => td_string!(loc, report.grouping.ldc),
        "lldc" => td_string!(loc, report.grouping.lldc),
        "sids" => td_string!(loc, report.grouping.sids),
        _ => "",
    }
    .to_owned()
}

/// A tally line's name: translated for codes; countries and sessions come named.
pub fn line_label(l: impl ToLocale, dimension: &str, line: &Line) -> String {
    let loc = l.locale();
    match dimension {
        "organization_type" => OrganizationType::parse(&line.key).map(|t| labels::org_type(loc, t)).unwrap_or_else(|_| line.key.clone()),
        "gender" => {
            Gender::parse(&line.key).map(|g| labels::gender(loc, g)).unwrap_or_else(|_| td_string!(loc, report.not_stated).to_owned())
        }
        "grouping" => grouping_label(loc, &line.key),
        _ => line.label.clone(),
    }
}

/// An activity type: the organizer's tag as written, or the event kind translated.
pub fn activity_label(l: impl ToLocale, activity: &str, is_tag: bool) -> String {
    match (is_tag, EventKind::parse(activity)) {
        (false, Ok(k)) => labels::kind(l.locale(), k),
        _ => activity.to_owned(),
    }
}
