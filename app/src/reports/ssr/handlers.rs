//! The reports' HTTP surface outside the pages: file downloads (attendee lists, report tables,
//! the activity table) for the signed-in organizer or an API token, the JSON API, and the
//! report settings form. Downloads are GETs that change nothing but the audit log.
use super::{
    activity, attendees,
    attendees::ExportQuery,
    event_report,
    export::{self, Cell, Format},
};
use crate::{
    accounts::ssr::{Principal, audit},
    admin::Refused,
    domain::FormErrors,
    error::AppError,
    events::ssr::{managed, service as events},
    i18n::{Locale, td_string},
    locale::{country_name, locale_of_headers},
    reports::{
        ActivityTable, EventReport, Line, ReportSettings, suppression,
        words::{activity_label, dimension_heading, dimensions, line_label},
    },
    state::AppState,
    store::BoxFuture,
    web::{
        endpoint::{caller, failure, read},
        render,
    },
};
use axum::{
    Json,
    body::Body,
    extract::{Path, Query, RawQuery, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A download: the type, the file name, and no caching (the file holds personal data).
fn download(format: Format, name: &str, body: Body) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Logs a whole-file export to the audit log.
async fn log_export(state: &AppState, who: &Principal, event_id: Option<i64>, detail: String) -> Result<(), AppError> {
    let (who, now) = (who.clone(), state.clock.now());
    state
        .store
        .write(move |conn| -> BoxFuture<'_, _> {
            Box::pin(async move { audit::record(conn, &who, "export", event_id, &detail, now).await })
        })
        .await
}

// ---- Attendee lists ----

async fn registrations(state: AppState, headers: HeaderMap, slug: String, raw: Option<String>, ext: &str) -> Response {
    let outcome =
        async {
            let who = caller(&state, &headers).await?;
            let eq = ExportQuery::parse(raw.as_deref())?;
            let format = Format::from_extension(ext, eq.bom()).ok_or(AppError::NotFound)?;
            let loc = locale_of_headers(&headers);
            let (event, rx) = attendees::start(&state.ctx(), who, &slug, format, eq, loc).await?;
            // Fused: the compression layer may poll again after the end, which a bare `unfold` forbids.
            let stream = futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|chunk| (chunk, rx))
            }));
            let name = attendees::file_name(&event.slug, "registrations", format, state.clock.now());
            Ok::<_, AppError>(download(format, &name, Body::from_stream(stream)))
        };
    outcome.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET .../registrations.csv`: the attendee list with the table's filters and chosen columns.
pub async fn registrations_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    registrations(state, headers, slug, raw, "csv").await
}

/// `GET .../registrations.xlsx`.
pub async fn registrations_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    registrations(state, headers, slug, raw, "xlsx").await
}

// ---- The event report ----

/// A count as a cell: the number, or "< n" when the threshold hides it.
fn count_cell(n: i64, threshold: i64) -> Cell {
    published(suppression::single(n, threshold), threshold)
}

/// A published count in a file: the number, or the text that stands for it.
fn published(c: suppression::Cell, threshold: i64) -> Cell {
    match c.value() {
        Some(n) => Cell::Int(n),
        None => Cell::Text(c.text(threshold)),
    }
}

/// The report's tables as rows: the sentence, the counts by state, then each tally.
fn report_rows(r: &EventReport, loc: Locale) -> Vec<Vec<Cell>> {
    let th = r.threshold;
    let mut rows: Vec<Vec<Cell>> = vec![vec![r.title.clone().into()], vec![r.published_sentence.clone().into()], vec![]];
    let s = &r.states;
    rows.push(vec![td_string!(loc, report.state).into(), td_string!(loc, report.count).into()]);
    for (label, n) in [
        (td_string!(loc, report.states.registered), s.registered),
        (td_string!(loc, report.states.confirmed), s.confirmed),
        (td_string!(loc, report.states.waitlisted), s.waitlisted),
        (td_string!(loc, report.states.cancelled), s.cancelled),
        (td_string!(loc, report.states.attended), s.attended),
    ] {
        rows.push(vec![label.into(), count_cell(n, th)]);
    }
    for (dimension, lines) in dimensions(r) {
        if lines.is_empty() {
            continue;
        }
        rows.push(vec![]);
        rows.push(vec![
            dimension_heading(loc, dimension).into(),
            td_string!(loc, report.code).into(),
            td_string!(loc, report.registered).into(),
            td_string!(loc, report.attended).into(),
        ]);
        for (line, (registered, attended)) in lines.iter().zip(suppression::lines(lines, th)) {
            rows.push(vec![
                line_label(loc, dimension, line).into(),
                line.key.clone().into(),
                published(registered, th),
                published(attended, th),
            ]);
        }
    }
    for q in &r.questions {
        rows.push(vec![]);
        rows.push(vec![
            q.label.clone().into(),
            td_string!(loc, report.code).into(),
            td_string!(loc, report.registered).into(),
            td_string!(loc, report.attended).into(),
        ]);
        for (line, (registered, attended)) in q.lines.iter().zip(suppression::lines(&q.lines, th)) {
            rows.push(vec![line.label.clone().into(), line.key.clone().into(), published(registered, th), published(attended, th)]);
        }
    }
    rows
}

async fn event_report_file(state: AppState, headers: HeaderMap, slug: String, ext: &str) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let format = Format::from_extension(ext, true).ok_or(AppError::NotFound)?;
        let loc = locale_of_headers(&headers);
        let report = event_report::build(&state.store, &who, &slug, loc).await?;
        let rows = report_rows(&report, loc);
        let sheet = td_string!(loc, report.sheet).to_string();
        let bytes = tokio::task::spawn_blocking(move || export::table(format, &sheet, &rows))
            .await
            .map_err(AppError::internal)?
            .map_err(|e| AppError::internal(std::io::Error::other(e)))?;
        let event_id = managed(&mut state.store.read().await?, &who, &slug).await?.id;
        log_export(&state, &who, Some(event_id), format!("report.{}", format.extension())).await?;
        let name = attendees::file_name(&report.slug, "report", format, state.clock.now());
        Ok::<_, AppError>(download(format, &name, Body::from(bytes)))
    };
    outcome.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /admin/events/{slug}/report.csv`: the report's tables, small counts hidden.
pub async fn report_csv(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    event_report_file(state, headers, slug, "csv").await
}

/// `GET /admin/events/{slug}/report.xlsx`.
pub async fn report_xlsx(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    event_report_file(state, headers, slug, "xlsx").await
}

/// Tally lines keyed by code, counts below the threshold as `null`.
fn keyed(lines: &[Line], threshold: i64) -> Value {
    let map: Map<String, Value> = lines
        .iter()
        .zip(suppression::lines(lines, threshold))
        .map(|(l, (registered, attended))| {
            let v = json!({
                "label": l.label,
                "registered": registered.value(),
                "attended": attended.value(),
            });
            (l.key.clone(), v)
        })
        .collect();
    Value::Object(map)
}

/// Per question, per option: one of the counts, `null` below the threshold.
fn question_counts(r: &EventReport, attended: bool) -> Value {
    let per = |lines: &[Line]| -> Map<String, Value> {
        lines
            .iter()
            .zip(suppression::lines(lines, r.threshold))
            .map(|(l, (reg, att))| (l.key.clone(), json!(if attended { att.value() } else { reg.value() })))
            .collect()
    };
    Value::Object(r.questions.iter().map(|q| (q.key.clone(), Value::Object(per(&q.lines)))).collect())
}

/// `GET /api/v1/events/{slug}/report`: counts by state and every tally as JSON; `questions`
/// holds the registered per option of each tallied question, `questions_attended` the attended.
pub async fn report_json(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let r = event_report::build(&state.store, &who, &slug, locale_of_headers(&headers)).await?;
        let th = r.threshold;
        let t = &r.tallies;
        Ok::<_, AppError>(Json(json!({
            "slug": r.slug,
            "title": r.title,
            "kind": r.kind,
            "has_checkins": r.has_checkins,
            "states": r.states,
            "attendance_rate": r.attendance_rate,
            "participants": r.participants,
            "participant_countries": r.participant_countries,
            "sentence": r.published_sentence,
            "threshold": th,
            "tallies": {
                "country": keyed(&t.countries, th),
                "region": keyed(&t.regions, th),
                "subregion": keyed(&t.subregions, th),
                "grouping": keyed(&t.groupings, th),
                "organization_type": keyed(&t.organization_types, th),
                "gender": keyed(&t.genders, th),
                "session": keyed(&t.sessions, th),
                "total": t.total,
            },
            "questions": question_counts(&r, false),
            "questions_attended": question_counts(&r, true),
        })))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

// ---- The activity table ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Years {
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Participant counts below this are hidden in the file.
    pub hide_below: Option<i64>,
}

impl Years {
    pub fn range(&self, now: i64) -> (i32, i32) {
        let (from, to) = activity::default_range(now);
        (self.from.unwrap_or(from), self.to.unwrap_or(to))
    }
}

fn names(codes: &[String], loc: Locale) -> String {
    let mut names: Vec<String> = codes.iter().map(|c| country_name(c, loc)).collect();
    names.sort();
    names.join("; ")
}

fn activity_rows(t: &ActivityTable, loc: Locale, threshold: i64) -> Vec<Vec<Cell>> {
    let mut rows = vec![vec![
        td_string!(loc, report.activity.type_).into(),
        td_string!(loc, report.activity.events).into(),
        td_string!(loc, report.activity.countries).into(),
        td_string!(loc, report.activity.participants).into(),
        td_string!(loc, report.activity.unique_people).into(),
        td_string!(loc, report.activity.countries_reached).into(),
        td_string!(loc, report.activity.hosts).into(),
    ]];
    let total_label = td_string!(loc, report.activity.total).to_string();
    // Participants add up to the total, so a lone hidden line takes another with it; people
    // counted once do not add up.
    let participants = suppression::column(&t.lines.iter().map(|l| l.participants).collect::<Vec<_>>(), threshold)
        .into_iter()
        .chain([suppression::single(t.total.participants, threshold)]);
    let lines = t.lines.iter().map(|l| (activity_label(loc, &l.activity, l.is_tag), l)).chain([(total_label, &t.total)]);
    for ((label, l), participants) in lines.zip(participants) {
        rows.push(vec![
            label.into(),
            l.events.into(),
            l.countries.into(),
            published(participants, threshold),
            count_cell(l.unique_people, threshold),
            names(&l.country_codes, loc).into(),
            names(&l.hosts, loc).into(),
        ]);
    }
    rows
}

async fn activity_file(state: AppState, headers: HeaderMap, years: Years, ext: &str) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let format = Format::from_extension(ext, true).ok_or(AppError::NotFound)?;
        let loc = locale_of_headers(&headers);
        let (from, to) = years.range(state.clock.now());
        let table = activity::table(&state.store, &who, state.clock.now(), from, to).await?;
        let rows = activity_rows(&table, loc, years.hide_below.unwrap_or(0));
        let sheet = format!("{from}-{to}");
        let bytes = tokio::task::spawn_blocking(move || export::table(format, &sheet, &rows))
            .await
            .map_err(AppError::internal)?
            .map_err(|e| AppError::internal(std::io::Error::other(e)))?;
        log_export(&state, &who, None, format!("activity {from}-{to}.{}", format.extension())).await?;
        let name = format!("activity-{from}-{to}.{}", format.extension());
        Ok::<_, AppError>(download(format, &name, Body::from(bytes)))
    };
    outcome.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /admin/reports/activity.csv?from=&to=`.
pub async fn activity_csv(State(state): State<AppState>, headers: HeaderMap, Query(years): Query<Years>) -> Response {
    activity_file(state, headers, years, "csv").await
}

/// `GET /admin/reports/activity.xlsx?from=&to=`.
pub async fn activity_xlsx(State(state): State<AppState>, headers: HeaderMap, Query(years): Query<Years>) -> Response {
    activity_file(state, headers, years, "xlsx").await
}

/// `GET /api/v1/reports/activity?from=YEAR&to=YEAR`.
pub async fn activity_json(State(state): State<AppState>, headers: HeaderMap, Query(years): Query<Years>) -> Response {
    let outcome = async {
        let who = caller(&state, &headers).await?;
        let (from, to) = years.range(state.clock.now());
        Ok::<_, AppError>(Json(activity::table(&state.store, &who, state.clock.now(), from, to).await?))
    };
    outcome.await.map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

// ---- Settings ----

/// Checks the settings form: whole numbers, the threshold at most 100, retention at most ten years.
pub fn check_settings(form: &ReportSettings) -> Result<(i64, Option<i64>), FormErrors> {
    let mut errors = FormErrors::new();
    let threshold = match form.threshold.trim() {
        "" => 0,
        t => t.parse::<i64>().ok().filter(|n| (0..=100).contains(n)).unwrap_or_else(|| {
            errors.insert("threshold".into(), "invalid_number".into());
            0
        }),
    };
    let retention = match form.retention_days.trim() {
        "" => None,
        t => match t.parse::<i64>().ok().filter(|n| (0..=3650).contains(n)) {
            Some(n) => Some(n),
            None => {
                errors.insert("retention_days".into(), "invalid_number".into());
                None
            }
        },
    };
    if errors.is_empty() { Ok((threshold, retention)) } else { Err(errors) }
}

/// `POST /admin/events/{slug}/report`: the threshold and retention period.
pub async fn save_settings(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    read!(state, request => parts, who, form: ReportSettings);
    let back = format!("/admin/events/{slug}/report");
    let (threshold, retention) = match check_settings(&form) {
        Ok(v) => v,
        Err(errors) => {
            return render::page_with(state, parts, Refused { values: form, errors, target: None }, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let outcome = events::save_report_settings(&state.ctx(), who, slug, threshold, retention).await;
    match outcome {
        Ok(()) => Redirect::to(&format!("{back}?done=saved")).into_response(),
        Err(e) => failure(e, &back),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_whole_numbers_in_range() {
        let f = |t: &str, r: &str| check_settings(&ReportSettings { threshold: t.into(), retention_days: r.into() });
        assert_eq!(f("", ""), Ok((0, None)));
        assert_eq!(f("5", "365"), Ok((5, Some(365))));
        let e = f("-1", "x").unwrap_err();
        assert_eq!(e.get("threshold").map(String::as_str), Some("invalid_number"));
        assert_eq!(e.get("retention_days").map(String::as_str), Some("invalid_number"));
    }

    #[test]
    fn hidden_counts_read_as_below_the_threshold() {
        assert_eq!(count_cell(3, 5), Cell::Text("< 5".into()));
        assert_eq!(count_cell(0, 5), Cell::Int(0));
        assert_eq!(count_cell(5, 5), Cell::Int(5));
        assert_eq!(count_cell(1, 0), Cell::Int(1));
    }
}
