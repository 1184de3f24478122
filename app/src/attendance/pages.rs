//! `/admin/events/:slug/attendance` (the threshold, the upload, the reports so far) and
//! `/admin/events/:slug/attendance/:id` (one report's preview: who matched, who did not, and
//! the organizer's choice for each of them). Plain forms: they work without JavaScript.
use super::{AttendancePage, ChoicesRefused, Found, Preview, PreviewRow, UploadRefused, load_attendance, load_attendance_preview};
use crate::{
    admin::{
        FormErrors,
        pages::{AdminNav, Flash, refused},
    },
    domain::Country,
    i18n::*,
    locale::language_of,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A platform's report by its code.
fn platform(i18n: I18n, code: &str) -> String {
    match code {
        "zoom_webinar" => t_string!(i18n, attendance.platform.zoom_webinar),
        "zoom_meeting" => t_string!(i18n, attendance.platform.zoom_meeting),
        _ => t_string!(i18n, attendance.platform.teams),
    }
    .to_string()
}

/// The message for an error code of these forms.
fn error_text(i18n: I18n, code: &str) -> String {
    match code {
        "not_recognised" => t_string!(i18n, attendance.error.not_recognised),
        "empty" => t_string!(i18n, attendance.error.empty),
        "unreadable" => t_string!(i18n, attendance.error.unreadable),
        "no_file" => t_string!(i18n, attendance.error.no_file),
        "wrong_day" => t_string!(i18n, attendance.error.wrong_day),
        "choose_day" => t_string!(i18n, attendance.error.choose_day),
        "unknown_day" => t_string!(i18n, attendance.error.unknown_day),
        "threshold" => t_string!(i18n, attendance.error.threshold),
        "walk_in_without_email" => t_string!(i18n, attendance.error.walk_in_without_email),
        "walk_in_country" => t_string!(i18n, attendance.error.walk_in_country),
        _ => t_string!(i18n, attendance.error.unknown_registration),
    }
    .to_string()
}

fn note(i18n: I18n, errors: &FormErrors, field: &str) -> Option<impl IntoView + use<>> {
    let id = format!("{}-error", field.replace('.', "-"));
    errors.get(field).map(|code| view! { <p class="error" id=id>{error_text(i18n, code)}</p> })
}

#[component]
pub fn AttendancePageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refused_form = SharedValue::new(use_context::<UploadRefused>).into_inner();
    let data = Resource::new_blocking(slug, load_attendance);
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Title text=t_string!(i18n, attendance.title).to_string() />
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <Attendance page refused=refused_form.unwrap_or_default() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Attendance(page: AttendancePage, refused: UploadRefused) -> impl IntoView {
    let i18n = use_i18n();
    let slug = page.event.slug.clone();
    let errors = refused.errors;
    let threshold = if refused.threshold.is_empty() { page.threshold.to_string() } else { refused.threshold };
    view! {
        <h1>{t!(i18n, attendance.title)}</h1>
        <p class="lead"><a href=format!("/admin/events/{slug}")>{page.event.title.clone()}</a></p>
        <Flash />
        {(!errors.is_empty()).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, attendance.refused)}</p></div> })}
        <p>{t!(i18n, attendance.intro)}</p>
        <form method="post" action=format!("/admin/events/{slug}/attendance") enctype="multipart/form-data" class="admin-form">
            <div class="field" class:invalid=errors.contains_key("file")>
                <label for="file">{t!(i18n, attendance.file)}</label>
                <input type="file" id="file" name="file" accept=".csv,.txt,text/csv" aria-describedby="file-error" />
                {note(i18n, &errors, "file")}
            </div>
            <div class="field" class:invalid=errors.contains_key("day")>
                <label for="day">{t!(i18n, attendance.day)}</label>
                <select id="day" name="day" aria-describedby="day-error">
                    <option value="">{t!(i18n, attendance.day_auto)}</option>
                    {page.days.iter().map(|(scope, label)| view! { <option value=scope.to_string()>{label.clone()}</option> }).collect_view()}
                </select>
                {note(i18n, &errors, "day")}
            </div>
            <button type="submit" class="button">{t!(i18n, attendance.upload)}</button>
        </form>
        <form method="post" action=format!("/admin/events/{slug}/attendance/threshold") class="admin-form">
            <div class="field" class:invalid=errors.contains_key("threshold")>
                <label for="threshold">{t!(i18n, attendance.threshold)}</label>
                <input type="number" id="threshold" name="threshold" min="1" max="1440" inputmode="numeric" value=threshold aria-describedby="threshold-error" />
                {note(i18n, &errors, "threshold")}
            </div>
            <button type="submit" class="button secondary">{t!(i18n, admin.save)}</button>
        </form>
        <h2>{t!(i18n, attendance.reports)}</h2>
        {if page.reports.is_empty() {
            view! { <p class="muted">{t!(i18n, attendance.none)}</p> }.into_any()
        } else {
            view! {
                <table class="data" id="attendance-reports">
                    <thead><tr>
                        <th scope="col">{t!(i18n, attendance.col_platform)}</th>
                        <th scope="col">{t!(i18n, attendance.col_day)}</th>
                        <th scope="col">{t!(i18n, attendance.col_uploaded)}</th>
                        <th scope="col">{t!(i18n, attendance.col_state)}</th>
                        <th scope="col">{t!(i18n, attendance.col_people)}</th>
                    </tr></thead>
                    <tbody>
                        {page.reports.into_iter().map(|r| {
                            let state = match r.saved.clone() {
                                Some(when) => t_string!(i18n, attendance.saved_on, when = when).to_string(),
                                None => t_string!(i18n, attendance.waiting).to_string(),
                            };
                            view! {
                                <tr>
                                    <td><a href=format!("/admin/events/{slug}/attendance/{}", r.id)>{platform(i18n, &r.platform)}</a></td>
                                    <td>{r.day}</td>
                                    <td>{r.uploaded}</td>
                                    <td>{state}</td>
                                    <td>{r.saved.is_some().then_some(r.matched)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
pub fn AttendancePreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (p.get("slug").unwrap_or_default(), p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
    };
    let refused_form = SharedValue::new(use_context::<ChoicesRefused>).into_inner();
    let data = Resource::new_blocking(key, |(slug, id)| load_attendance_preview(slug, id));
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Title text=t_string!(i18n, attendance.preview_title).to_string() />
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(p), Ok(me)) => view! { <AdminNav me=Some(me) /> <Review p refused=refused_form.unwrap_or_default() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Review(p: Preview, refused: ChoicesRefused) -> impl IntoView {
    let i18n = use_i18n();
    let slug = p.event.slug.clone();
    let (matched, ambiguous, unmatched) =
        (p.count(|f| f.registration().is_some()), p.count(|f| matches!(f, Found::Ambiguous(_))), p.count(|f| *f == Found::Unmatched));
    let threshold = p.threshold;
    let saved = p.saved.clone();
    let people = p.people.clone();
    view! {
        <h1>{t!(i18n, attendance.preview_title)}</h1>
        <p class="lead"><a href=format!("/admin/events/{slug}/attendance")>{p.event.title.clone()}</a></p>
        <Flash />
        <p><strong>{platform(i18n, &p.platform)}</strong> " · " {p.day.clone()}</p>
        {match saved {
            Some(when) => view! { <p class="notice" role="status">{t_string!(i18n, attendance.already, when = when).to_string()}</p> }.into_any(),
            None => view! {
                <p role="status">{t_string!(i18n, attendance.summary, matched = matched, ambiguous = ambiguous, unmatched = unmatched).to_string()}</p>
                <p class="hint">{t_string!(i18n, attendance.threshold_note, minutes = threshold).to_string()}</p>
                {(!refused.errors.is_empty()).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, attendance.refused)}</p></div> })}
                <form method="post" action=format!("/admin/events/{slug}/attendance/{}", p.id)>
                    <table class="data" id="attendance-preview">
                        <thead><tr>
                            <th scope="col">{t!(i18n, attendance.col_name)}</th>
                            <th scope="col">{t!(i18n, attendance.col_email)}</th>
                            <th scope="col">{t!(i18n, attendance.col_joined)}</th>
                            <th scope="col">{t!(i18n, attendance.col_left)}</th>
                            <th scope="col">{t!(i18n, attendance.col_minutes)}</th>
                            <th scope="col">{t!(i18n, attendance.col_match)}</th>
                        </tr></thead>
                        <tbody>
                            {p.rows.into_iter().map(|r| view! { <ReviewRow r people=people.clone() threshold refused=refused.clone() /> }).collect_view()}
                        </tbody>
                    </table>
                    <button type="submit" class="button">{t!(i18n, attendance.save)}</button>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
fn ReviewRow(r: PreviewRow, people: Vec<(i64, String)>, threshold: i64, refused: ChoicesRefused) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    let n = r.index;
    let field = format!("row.{n}");
    let chosen = refused.values.get(&field).cloned().unwrap_or_default();
    let country = refused.values.get(&format!("country.{n}")).cloned().unwrap_or(r.country.clone());
    let attended = r.minutes >= threshold;
    let how = match &r.found {
        Found::Email(_) => Some(t_string!(i18n, attendance.by_email).to_string()),
        Found::Name(_) => Some(t_string!(i18n, attendance.by_name).to_string()),
        _ => None,
    };
    let matched_to = r.found.registration().and_then(|id| people.iter().find(|(p, _)| *p == id)).map(|(_, s)| s.clone());

    // Ambiguous rows offer their candidates first; every row may pick any registration.
    let candidates: Vec<(i64, String)> = match &r.found {
        Found::Ambiguous(ids) => people.iter().filter(|(id, _)| ids.contains(id)).cloned().collect(),
        _ => Vec::new(),
    };
    let select_id = format!("row-{n}");
    // Only a row that matched nobody may become a walk-in, and only one with an address.
    let open = r.found.registration().is_none();
    let has_email = open && r.found == Found::Unmatched && !r.email.is_empty();
    let people = if open { people } else { Vec::new() };
    let invalid = refused.errors.contains_key(&field);
    view! {
        <tr class:invalid=invalid class:matched=r.found.registration().is_some()>
            <td><bdi>{r.name.clone()}</bdi></td>
            <td dir="ltr">{r.email.clone()}</td>
            <td>{r.joined.clone()}</td>
            <td>{r.left.clone()}</td>
            <td>{r.minutes} " " {if attended { t_string!(i18n, attendance.attended) } else { t_string!(i18n, attendance.below) }.to_string()}</td>
            <td>
                {matched_to.map(|who| view! { <p><bdi>{who}</bdi> " " <span class="muted">{how.clone()}</span></p> })}
                <select id=select_id.clone() name=field.clone() aria-describedby=format!("row-{n}-error")
                    aria-label=format!("{} {}", t_string!(i18n, attendance.col_match), r.name)>
                    <option value="" selected=chosen.is_empty()>{if r.found.registration().is_some() { t_string!(i18n, attendance.keep) } else { t_string!(i18n, attendance.choose) }.to_string()}</option>
                    <option value="skip" selected=chosen == "skip">{t!(i18n, attendance.leave)}</option>
                    {has_email.then(|| view! { <option value="walk_in" selected=chosen == "walk_in">{t!(i18n, attendance.walk_in)}</option> })}
                    {candidates.into_iter().chain(people.into_iter()).map(|(id, shown)| {
                        let v = id.to_string();
                        let selected = chosen == v;
                        view! { <option value=v selected=selected>{shown}</option> }
                    }).collect_view()}
                </select>
                {has_email.then(|| {
                    let cid = format!("country-{n}");
                    view! {
                        <label for=cid.clone()>{t!(i18n, attendance.walk_in_country)}</label>
                        <select id=cid name=format!("country.{n}")>
                            <option value="">{t!(i18n, form.choose_country)}</option>
                            {Country::sorted_by_name(lang).into_iter().map(|c| view! { <option value=c.iso2 selected=c.iso2 == country>{c.name(lang)}</option> }).collect_view()}
                        </select>
                    }
                })}
                {note(i18n, &refused.errors, &field)}
            </td>
        </tr>
    }
}
