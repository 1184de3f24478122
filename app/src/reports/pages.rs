//! The report pages: one event's report (`/admin/events/:slug/report`, printable with
//! `?print=1`, where small counts are hidden), the activity table across events
//! (`/admin/reports`) and one country's history (`/admin/reports/countries/:code`).
use super::{
    ActivityTable, CountryHistory, DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, EventReport, Line, ReportSettings,
    api::{report_activity, report_country, report_event},
    chart::{Bar, BarChart},
    suppression,
    words::{activity_label, dimension_heading, dimensions, line_label},
};
use crate::{
    admin::{
        FormErrors, Refused, RegQuery,
        api::whoami,
        pages::{AdminNav, FieldNote, Flash, refused},
    },
    i18n::*,
    labels,
    locale::country_name,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

type I18n = leptos_i18n::I18nContext<Locale>;

/// A count on its own as shown: "< n" when a printed page hides it.
pub(super) fn count(n: i64, threshold: i64, print: bool) -> String {
    if print { suppression::single(n, threshold).text(threshold) } else { n.to_string() }
}

/// A tally's (registered, attended) as shown: on a printed page, as published (small counts
/// hidden, and what would give one away withheld).
pub(super) fn tally_cells(lines: &[Line], threshold: i64, print: bool) -> Vec<(String, String)> {
    if print {
        suppression::lines(lines, threshold).into_iter().map(|(r, a)| (r.text(threshold), a.text(threshold))).collect()
    } else {
        lines.iter().map(|l| (l.counts.registered.to_string(), l.counts.attended.to_string())).collect()
    }
}

#[component]
pub fn EventReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let print = move || query.read().get("print").is_some();
    let refused_form = SharedValue::new(use_context::<Refused<ReportSettings>>).into_inner();
    let data = Resource::new_blocking(slug, report_event);
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(report), Ok(me)) => {
                            let print = print();
                            view! {
                                {(!print).then(|| view! { <AdminNav me=Some(me) /> })}
                                <ReportView report print refused_form />
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ReportView(report: EventReport, print: bool, refused_form: Option<Refused<ReportSettings>>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = report.slug.clone();
    let th = report.threshold;
    let s = report.states.clone();
    let rate = report.attendance_rate.map(|r| format!("{r}%")).unwrap_or_else(|| "—".into());
    let state_rows = [
        (t_string!(i18n, report.states.registered).to_string(), s.registered),
        (t_string!(i18n, report.states.awaiting_approval).to_string(), s.awaiting_approval),
        (t_string!(i18n, report.states.confirmed).to_string(), s.confirmed),
        (t_string!(i18n, report.states.waitlisted).to_string(), s.waitlisted),
        (t_string!(i18n, report.states.cancelled).to_string(), s.cancelled),
        (t_string!(i18n, report.states.rejected).to_string(), s.rejected),
        (t_string!(i18n, report.states.attended).to_string(), s.attended),
    ]
    .into_iter()
    .map(|(label, n)| view! { <tr><th scope="row">{label}</th><td class="num">{count(n, th, print)}</td></tr> })
    .collect_view();
    // A printed chart draws only the lines whose counts are published.
    let bars = |lines: &[Line], dimension: &str, top: usize| -> Vec<Bar> {
        let published = suppression::lines(lines, th);
        lines
            .iter()
            .zip(published)
            .filter(|(_, (r, a))| !print || (r.value().is_some() && a.value().is_some()))
            .map(|(l, _)| l)
            .take(top)
            .map(|l| Bar { label: line_label(i18n, dimension, l), registered: l.counts.registered, attended: l.counts.attended })
            .collect()
    };
    let country_bars = bars(&report.tallies.countries, "country", 20);
    let type_bars = bars(&report.tallies.organization_types, "organization_type", 10);
    let (reg_word, att_word) = (t_string!(i18n, report.registered).to_string(), t_string!(i18n, report.attended).to_string());
    let more_countries = report.tallies.countries.len().saturating_sub(20);
    let tables = dimensions(&report)
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(dimension, lines)| {
            let rows = lines
                .iter()
                .zip(tally_cells(lines, th, print))
                .map(|(l, (registered, attended))| {
                    view! {
                        <tr>
                            <th scope="row">{line_label(i18n, dimension, l)}</th>
                            <td class="num">{registered}</td>
                            <td class="num">{attended}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="tally">
                    <h3>{dimension_heading(i18n, dimension)}</h3>
                    <table class="data">
                        <thead><tr><th></th><th class="num">{reg_word.clone()}</th><th class="num">{att_word.clone()}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
        .collect_view();
    let total = report.tallies.total;
    view! {
        <Title text=format!("{} · {}", t_string!(i18n, report.title), report.title) />
        <h1>{report.title.clone()}</h1>
        <p class="muted">{labels::kind(i18n, report.kind)} " · " {report.when.clone()}</p>
        <Flash />
        <p class="report-sentence" id="report-sentence">{if print { report.published_sentence.clone() } else { report.sentence.clone() }}</p>
        {(!report.has_checkins).then(|| view! { <p class="muted">{t!(i18n, report.no_checkins)}</p> })}
        {(report.erased > 0).then(|| view! { <p class="muted">{t!(i18n, report.erased, count = move || report.erased)}</p> })}
        {(!print).then(|| {
            let slug = slug.clone();
            view! {
                <p class="actions no-print">
                    <a class="button" href=format!("/admin/events/{slug}/report.xlsx") download="" rel="external">{t!(i18n, report.download_xlsx)}</a>
                    <a class="button secondary" href=format!("/admin/events/{slug}/report.csv") download="" rel="external">{t!(i18n, report.download_csv)}</a>
                    <a class="button secondary" href=format!("/admin/events/{slug}/report?print=1")>{t!(i18n, report.printable)}</a>
                    <a class="button secondary" href=format!("/admin/events/{slug}")>{t!(i18n, report.back_to_event)}</a>
                </p>
            }
        })}
        {print.then(|| (th > 0).then(|| view! { <p class="muted">{t!(i18n, report.hidden_below, n = move || th)}</p> }))}
        <div class="report-grid">
            <section>
                <h2>{t!(i18n, report.states_title)}</h2>
                <table class="data states">
                    <tbody>
                        {state_rows}
                        <tr><th scope="row">{t!(i18n, report.attendance_rate)}</th><td class="num">{rate}</td></tr>
                    </tbody>
                </table>
                <p class="muted">{t!(i18n, report.definitions)}</p>
            </section>
            <section>
                <h2>{t!(i18n, report.totals_title)}</h2>
                <p>{t!(i18n, report.totals, registered = count(total.registered, th, print), attended = count(total.attended, th, print))}</p>
                <dl class="counts">
                    <div><dt>{t!(i18n, report.activity.participants)}</dt><dd>{count(report.participants, th, print)}</dd></div>
                    <div><dt>{t!(i18n, report.activity.countries)}</dt><dd>{report.participant_countries}</dd></div>
                    {report.attendance_rate.map(|r| view! { <div><dt>{t!(i18n, report.attendance_rate)}</dt><dd>{format!("{r}%")}</dd></div> })}
                </dl>
            </section>
        </div>
        <BarChart title=t_string!(i18n, report.chart_countries).to_string() bars=country_bars registered=reg_word.clone() attended=att_word.clone() />
        {(more_countries > 0).then(|| view! { <p class="muted">{t!(i18n, report.more_countries, count = move || more_countries)}</p> })}
        <BarChart title=t_string!(i18n, report.chart_types).to_string() bars=type_bars registered=reg_word.clone() attended=att_word.clone() />
        <h2>{t!(i18n, report.tallies_title)}</h2>
        <div class="tallies">{tables}</div>
        <super::question_tables::QuestionTallies questions=report.questions.clone() threshold=th print />
        {(!print && !report.nominations.is_empty()).then(|| view! {
            <h2 id="nominations">{t!(i18n, nominations.by_country)}</h2>
            <crate::nominations::pages::CountryTable lines=report.nominations.clone() />
        })}
        {(!print).then(|| view! {
            <ExportForm slug=slug.clone() query=RegQuery::default() />
            <SettingsForm slug=slug.clone() threshold=report.threshold retention=report.retention_days refused_form />
        })}
    }
}

/// The attendee list download: the columns to include, the format, Excel's byte-order mark.
/// The table's current filters travel along as hidden fields.
#[component]
pub fn ExportForm(slug: String, query: RegQuery, #[prop(optional)] questions: Vec<crate::admin::QuestionColumn>) -> impl IntoView {
    let i18n = use_i18n();
    let picks = super::question_tables::question_picks(i18n, &questions);
    let answer_filters =
        query.answers.iter().map(|(k, v)| view! { <input type="hidden" name=format!("a.{k}") value=v.clone() /> }).collect_view();
    let hidden = [
        ("status", query.status),
        ("country", query.country),
        ("region", query.region),
        ("org_type", query.org_type),
        ("session", query.session),
        ("q", query.q),
        ("sort", query.sort),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| view! { <input type="hidden" name=k value=v /> })
    .collect_view();
    let boxes = EXPORT_COLUMNS
        .iter()
        .map(|col| {
            let checked = DEFAULT_EXPORT_COLUMNS.contains(col);
            view! {
                <label class="check"><input type="checkbox" name="col" value=*col checked=checked /> {column_name(i18n, col)}</label>
            }
        })
        .collect_view();
    view! {
        <details class="export no-print" id="export">
            <summary>{t!(i18n, report.export_title)}</summary>
            <form method="get" action=format!("/admin/events/{slug}/registrations.xlsx")>
                {hidden}
                {answer_filters}
                <fieldset>
                    <legend>{t!(i18n, report.export_columns)}</legend>
                    <div class="columns">{boxes}</div>
                </fieldset>
                {picks}
                <label class="check"><input type="checkbox" name="bom" value="1" checked=true /> {t!(i18n, report.export_bom)}</label>
                <p class="actions">
                    <button type="submit" class="button">{t!(i18n, report.download_xlsx)}</button>
                    <button type="submit" class="button secondary" formaction=format!("/admin/events/{slug}/registrations.csv")>
                        {t!(i18n, report.download_csv)}
                    </button>
                </p>
            </form>
        </details>
    }
}

fn column_name(i18n: I18n, col: &str) -> String {
    match col {
        "reference" => t_string!(i18n, export.reference),
        "given_name" => t_string!(i18n, export.given_name),
        "family_name" => t_string!(i18n, export.family_name),
        "email" => t_string!(i18n, export.email),
        "country" => t_string!(i18n, export.country),
        "country_code" => t_string!(i18n, export.country_code),
        "organization" => t_string!(i18n, export.organization),
        "organization_type" => t_string!(i18n, export.organization_type),
        "job_title" => t_string!(i18n, export.job_title),
        "gender" => t_string!(i18n, export.gender),
        "status" => t_string!(i18n, export.status),
        "sessions" => t_string!(i18n, export.sessions),
        "registered_at" => t_string!(i18n, export.registered_at),
        "checked_in" => t_string!(i18n, export.checked_in),
        "language" => t_string!(i18n, export.language),
        "accessibility_needs" => t_string!(i18n, export.accessibility_needs),
        "dietary_needs" => t_string!(i18n, export.dietary_needs),
        _ => t_string!(i18n, export.reference),
    }
    .to_string()
}

#[component]
fn SettingsForm(slug: String, threshold: i64, retention: Option<i64>, refused_form: Option<Refused<ReportSettings>>) -> impl IntoView {
    let i18n = use_i18n();
    let (values, errors) = refused_form.map(|r| (r.values, r.errors)).unwrap_or_else(|| {
        (
            ReportSettings { threshold: threshold.to_string(), retention_days: retention.map(|d| d.to_string()).unwrap_or_default() },
            FormErrors::new(),
        )
    });
    let invalid = |f: &str| errors.contains_key(f).then_some("true");
    view! {
        <section class="no-print settings">
            <h2>{t!(i18n, report.settings_title)}</h2>
            <form method="post" action=format!("/admin/events/{slug}/report")>
                <label for="threshold">{t!(i18n, report.threshold)}</label>
                <p class="hint">{t!(i18n, report.threshold_hint)}</p>
                <input id="threshold" name="threshold" inputmode="numeric" value=values.threshold aria-invalid=invalid("threshold") />
                <FieldNote errors=errors.clone() field="threshold" />
                <label for="retention_days">{t!(i18n, report.retention)}</label>
                <p class="hint">{t!(i18n, report.retention_hint)}</p>
                <input id="retention_days" name="retention_days" inputmode="numeric" value=values.retention_days aria-invalid=invalid("retention_days") />
                <FieldNote errors=errors.clone() field="retention_days" />
                <p><button type="submit" class="button">{t!(i18n, report.save_settings)}</button></p>
            </form>
        </section>
    }
}

/// The years asked for in the query string; a bad year is named beside its field and left to
/// the server's default (the last three years), so the page and the browser agree without a clock.
fn years(from: Option<String>, to: Option<String>) -> (Option<i32>, Option<i32>, FormErrors) {
    let mut errors = FormErrors::new();
    let mut read = |name: &str, raw: Option<String>| match raw.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let year = text.parse::<i32>().ok().filter(|y| (1990..=2200).contains(y));
            if year.is_none() {
                errors.insert(name.to_owned(), "invalid_number".to_owned());
            }
            year
        }
    };
    let (from, to) = (read("from", from), read("to", to));
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.insert("to".to_owned(), "end_before_start".to_owned());
        return (None, None, errors);
    }
    (from, to, errors)
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        years(q.get("from"), q.get("to"))
    };
    let data = Resource::new_blocking(move || (key().0, key().1), |(from, to)| report_activity(from, to));
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || {
                let (_, _, errors) = key();
                let hide = query.read().get("hide_below").unwrap_or_default();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(table), Ok(me)) => view! { <AdminNav me=Some(me) /> <ActivityView table errors hide /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn country_links(codes: &[String], i18n: I18n, from: i32, to: i32) -> impl IntoView + use<> {
    let loc = i18n.get_locale_untracked();
    let mut named: Vec<(String, String)> = codes.iter().map(|c| (country_name(c, loc), c.clone())).collect();
    named.sort();
    let n = named.len();
    named
        .into_iter()
        .enumerate()
        .map(|(i, (name, code))| {
            view! {
                <a href=format!("/admin/reports/countries/{code}?from={from}&to={to}")>{name}</a>
                {(i + 1 < n).then_some(", ")}
            }
        })
        .collect_view()
}

#[component]
fn ActivityView(table: ActivityTable, errors: FormErrors, hide: String) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to) = (table.from, table.to);
    let hide_q = if hide.trim().is_empty() { String::new() } else { format!("&hide_below={}", hide.trim()) };
    let rows = table
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{activity_label(i18n, &l.activity, l.is_tag)}</th>
                    <td class="num">{l.events}</td>
                    <td class="num">{l.countries}</td>
                    <td class="num">{l.participants}</td>
                    <td class="num">{l.unique_people}</td>
                </tr>
            }
        })
        .collect_view();
    let reached = table
        .lines
        .iter()
        .map(|l| {
            view! {
                <section class="reached">
                    <h3>{activity_label(i18n, &l.activity, l.is_tag)}</h3>
                    <p><strong>{t!(i18n, report.activity.countries_reached)}": "</strong>{country_links(&l.country_codes, i18n, from, to)}</p>
                    {(!l.hosts.is_empty()).then(|| view! {
                        <p><strong>{t!(i18n, report.activity.hosts)}": "</strong>{country_links(&l.hosts, i18n, from, to)}</p>
                    })}
                </section>
            }
        })
        .collect_view();
    let total = table.total.clone();
    let bars: Vec<Bar> = table
        .lines
        .iter()
        .map(|l| Bar { label: activity_label(i18n, &l.activity, l.is_tag), registered: l.participants, attended: l.participants })
        .collect();
    view! {
        <Title text=t_string!(i18n, report.activity.title).to_string() />
        <h1>{t!(i18n, report.activity.title)}</h1>
        <form method="get" action="/admin/reports" class="years no-print">
            <div>
                <label for="from">{t!(i18n, report.activity.from)}</label>
                <input id="from" name="from" inputmode="numeric" size="6" value=from.to_string() aria-invalid=errors.contains_key("from").then_some("true") />
                <FieldNote errors=errors.clone() field="from" />
            </div>
            <div>
                <label for="to">{t!(i18n, report.activity.to)}</label>
                <input id="to" name="to" inputmode="numeric" size="6" value=to.to_string() aria-invalid=errors.contains_key("to").then_some("true") />
                <FieldNote errors=errors.clone() field="to" />
            </div>
            <div>
                <label for="hide_below">{t!(i18n, report.threshold)}</label>
                <input id="hide_below" name="hide_below" inputmode="numeric" size="4" value=hide.clone() />
            </div>
            <button type="submit" class="button secondary">{t!(i18n, report.activity.show)}</button>
        </form>
        <p class="actions no-print">
            <a class="button" href=format!("/admin/reports/activity.xlsx?from={from}&to={to}{hide_q}") download="" rel="external">{t!(i18n, report.download_xlsx)}</a>
            <a class="button secondary" href=format!("/admin/reports/activity.csv?from={from}&to={to}{hide_q}") download="" rel="external">{t!(i18n, report.download_csv)}</a>
        </p>
        <p class="muted">{t!(i18n, report.activity.explain)}</p>
        <table class="data activity" id="activity-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, report.activity.type_)}</th>
                    <th scope="col" class="num">{t!(i18n, report.activity.events)}</th>
                    <th scope="col" class="num">{t!(i18n, report.activity.countries)}</th>
                    <th scope="col" class="num">{t!(i18n, report.activity.participants)}</th>
                    <th scope="col" class="num">{t!(i18n, report.activity.unique_people)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>
                <tr>
                    <th scope="row">{t!(i18n, report.activity.total)}</th>
                    <td class="num">{total.events}</td>
                    <td class="num">{total.countries}</td>
                    <td class="num">{total.participants}</td>
                    <td class="num">{total.unique_people}</td>
                </tr>
            </tfoot>
        </table>
        <BarChart title=t_string!(i18n, report.activity.chart).to_string() bars registered=t_string!(i18n, report.activity.participants).to_string() attended=String::new() />
        <h2>{t!(i18n, report.activity.reach_title)}</h2>
        {reached}
        {(!total.hosts.is_empty()).then(|| view! {
            <p><strong>{t!(i18n, report.activity.all_hosts)}": "</strong>{country_links(&total.hosts, i18n, from, to)}</p>
        })}
    }
}

#[component]
pub fn CountryHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        let (from, to, _) = years(q.get("from"), q.get("to"));
        (params.read().get("code").unwrap_or_default(), from, to)
    };
    let data = Resource::new_blocking(key, |(code, from, to)| report_country(code, from, to));
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(history), Ok(me)) => view! { <AdminNav me=Some(me) /> <HistoryView history /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HistoryView(history: CountryHistory) -> impl IntoView {
    let i18n = use_i18n();
    let n_people = history.people.len();
    let people = history
        .people
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td><a href=format!("/admin/people/{}", p.registration)><bdi>{p.name}</bdi></a></td>
                    <td><bdi>{p.organization}</bdi></td>
                    <td>{p.events.join("; ")}</td>
                </tr>
            }
        })
        .collect_view();
    let n_events = history.lines.len();
    let total = history.participants;
    let rows = history
        .lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td>{l.year}</td>
                    <td><a href=format!("/admin/events/{}/report", l.slug)>{l.title}</a><br /><span class="muted">{l.when}</span></td>
                    <td>{activity_label(i18n, &l.activity, l.is_tag)}</td>
                    <td class="num">{l.participants}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=history.name.clone() />
        <h1>{history.name.clone()}</h1>
        <p>{t!(i18n, report.history.summary, count = move || n_events, participants = move || total)}</p>
        <table class="data history">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, report.history.year)}</th>
                    <th scope="col">{t!(i18n, report.history.event)}</th>
                    <th scope="col">{t!(i18n, report.activity.type_)}</th>
                    <th scope="col" class="num">{t!(i18n, report.activity.participants)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <h2>{t!(i18n, report.history.people_title)}</h2>
        <p>{t!(i18n, report.history.people_summary, count = move || n_people)}</p>
        <table class="data history" id="country-people">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, people.name)}</th>
                    <th scope="col">{t!(i18n, manage.organization)}</th>
                    <th scope="col">{t!(i18n, people.events)}</th>
                </tr>
            </thead>
            <tbody>{people}</tbody>
        </table>
        <p class="no-print"><a href="/admin/reports">{t!(i18n, report.activity.title)}</a></p>
    }
}
