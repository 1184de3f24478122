//! `/admin/events/:slug/nominations`: when nominations close, the seats per country, the focal
//! points and the report per country. Plain forms: they work without JavaScript. (The pages a
//! link opens, a focal point's and an invited person's, are `link_pages`.)
use super::{CountryLine, NominationsPage, NominationsRefused, load_nominations};
use crate::{
    admin::{
        FormErrors,
        pages::{AdminNav, Flash, refused},
    },
    domain::{Country, Language},
    i18n::*,
    locale::language_of,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The message for an error code of the organizer's forms and the letter upload.
pub(super) fn error_text(i18n: I18n, code: &str) -> String {
    match code {
        "unknown_country" => t_string!(i18n, nominations.error.unknown_country),
        "duplicate_country" => t_string!(i18n, nominations.error.duplicate_country),
        "invalid_number" => t_string!(i18n, nominations.error.invalid_number),
        "below_nominated" => t_string!(i18n, nominations.error.below_nominated),
        "invalid_time" | "required" => t_string!(i18n, nominations.error.invalid_time),
        "required_text" | "invalid_email" => t_string!(i18n, nominations.error.invalid_email),
        "not_pdf" => t_string!(i18n, nominations.error.not_pdf),
        "too_large" => t_string!(i18n, nominations.error.too_large),
        "no_file" => t_string!(i18n, nominations.error.no_file),
        _ => t_string!(i18n, nominations.error.required),
    }
    .to_string()
}

fn note(i18n: I18n, errors: &FormErrors, field: &str) -> Option<impl IntoView + use<>> {
    let id = format!("{}-error", field.replace('.', "-"));
    errors.get(field).map(|code| view! { <p class="error" id=id>{error_text(i18n, code)}</p> })
}

fn countries(lang: Language) -> Vec<(String, String)> {
    Country::sorted_by_name(lang).into_iter().map(|c| (c.iso2.to_owned(), c.name(lang).to_owned())).collect()
}

#[component]
pub fn NominationsPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refused_form = SharedValue::new(use_context::<NominationsRefused>).into_inner();
    let data = Resource::new_blocking(slug, load_nominations);
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Title text=t_string!(i18n, nominations.title).to_string() />
        <Suspense>
            {move || {
                let refused_form = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <Nominations page refused=refused_form.unwrap_or_default() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Nominations(page: NominationsPage, refused: NominationsRefused) -> impl IntoView {
    let i18n = use_i18n();
    let slug = page.event.slug.clone();
    let lang = language_of(i18n.get_locale_untracked());
    let NominationsRefused { values, errors } = refused;
    let sent = |k: &str| values.get(k).cloned();
    let closes = sent("closes").unwrap_or(page.closes_value.clone());
    let total = sent("total").unwrap_or(page.total.map(|t| t.to_string()).unwrap_or_default());
    // The countries with seats, then three empty rows for more.
    let mut rows: Vec<(String, String)> = page.countries.iter().filter_map(|c| c.quota.map(|q| (c.code.clone(), q.to_string()))).collect();
    rows.extend(std::iter::repeat_n((String::new(), String::new()), 3));
    if values.keys().any(|k| k.starts_with("country.")) {
        rows = values
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("country.").map(|n| (v.clone(), values.get(&format!("seats.{n}")).cloned().unwrap_or_default()))
            })
            .collect();
    }
    let all = countries(lang);
    let country_select = move |name: String, chosen: String, described: String| {
        let options = all.clone();
        view! {
            <select id=name.clone() name=name aria-describedby=described>
                <option value="">{t!(i18n, form.choose_country)}</option>
                {options.into_iter().map(|(code, label)| { let selected = code == chosen; view! { <option value=code selected=selected>{label}</option> } }).collect_view()}
            </select>
        }
    };
    let focal_country = sent("focal.country").unwrap_or_default();
    view! {
        <h1>{t!(i18n, nominations.title)}</h1>
        <p class="lead"><a href=format!("/admin/events/{slug}")>{page.event.title.clone()}</a></p>
        <Flash />
        {(!errors.is_empty()).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, nominations.refused)}</p></div> })}
        <p>{t!(i18n, nominations.intro)}</p>
        {if page.invitation_only {
            view! { <p class="notice">{t!(i18n, nominations.invitation_only)}</p> }.into_any()
        } else {
            view! { <p class="notice">{t!(i18n, nominations.public_too)}</p> }.into_any()
        }}
        <p>
            {if page.open { t_string!(i18n, nominations.open_until, when = page.closes.clone()).to_string() } else { t_string!(i18n, nominations.closed_on, when = page.closes.clone()).to_string() }}
        </p>

        <h2 id="report">{t!(i18n, nominations.by_country)}</h2>
        <CountryTable lines=page.countries.clone() />

        <h2 id="seats">{t!(i18n, nominations.seats_title)}</h2>
        <form method="post" action=format!("/admin/events/{slug}/nominations") class="admin-form">
            <div class="field" class:invalid=errors.contains_key("closes")>
                <label for="closes">{t!(i18n, nominations.closes)}</label>
                <p class="hint" id="closes-hint">{t!(i18n, nominations.closes_hint)}</p>
                <input type="datetime-local" id="closes" name="closes" value=closes aria-describedby="closes-hint closes-error" />
                {note(i18n, &errors, "closes")}
            </div>
            <div class="field" class:invalid=errors.contains_key("total")>
                <label for="total">{t!(i18n, nominations.total)}</label>
                <p class="hint" id="total-hint">{t!(i18n, nominations.total_hint)}</p>
                <input type="number" id="total" name="total" min="0" inputmode="numeric" value=total aria-describedby="total-hint total-error" />
                {note(i18n, &errors, "total")}
            </div>
            <table class="data" id="quotas">
                <caption>{t!(i18n, nominations.quotas_caption)}</caption>
                <thead><tr><th scope="col">{t!(i18n, nominations.col_country)}</th><th scope="col">{t!(i18n, nominations.col_seats)}</th></tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(n, (code, seats))| {
                        let (c, s) = (format!("country.{n}"), format!("seats.{n}"));
                        let (c_err, s_err) = (format!("country-{n}-error"), format!("seats-{n}-error"));
                        view! {
                            <tr>
                                <td class:invalid=errors.contains_key(&c)>
                                    {country_select(c.clone(), code, c_err)}
                                    {note(i18n, &errors, &c)}
                                </td>
                                <td class:invalid=errors.contains_key(&s)>
                                    <input type="number" id=s.clone() name=s.clone() min="0" inputmode="numeric" value=seats aria-describedby=s_err
                                        aria-label=t_string!(i18n, nominations.col_seats).to_string() />
                                    {note(i18n, &errors, &s)}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{t!(i18n, nominations.quotas_hint)}</p>
            <button type="submit" class="button">{t!(i18n, admin.save)}</button>
        </form>

        <h2 id="focal-points">{t!(i18n, nominations.focal_points)}</h2>
        {if page.focal_points.is_empty() {
            view! { <p class="muted">{t!(i18n, nominations.no_focal_points)}</p> }.into_any()
        } else {
            let slug = slug.clone();
            view! {
                <table class="data" id="focal-point-list">
                    <thead><tr>
                        <th scope="col">{t!(i18n, nominations.col_country)}</th>
                        <th scope="col">{t!(i18n, nominations.col_focal_point)}</th>
                        <th scope="col">{t!(i18n, nominations.col_nominees)}</th>
                        <th scope="col">{t!(i18n, nominations.col_letter)}</th>
                        <th scope="col">{t!(i18n, nominations.col_link)}</th>
                    </tr></thead>
                    <tbody>
                        {page.focal_points.into_iter().map(|f| {
                            let base = format!("/admin/events/{slug}/focal-points/{}", f.id);
                            view! {
                                <tr>
                                    <td>{f.country_name}</td>
                                    <td><bdi>{f.name}</bdi><br /><span class="muted" dir="ltr">{f.email}</span><br /><bdi class="muted">{f.ministry}</bdi></td>
                                    <td>{f.nominees}</td>
                                    <td>{match f.letter {
                                        Some(l) => view! { <a href=format!("{base}/letter.pdf")>{l.file_name}</a> <span class="muted">" (" {l.size} ", " {l.uploaded} ")"</span> }.into_any(),
                                        None => view! { <span class="muted">{t!(i18n, nominations.no_letter)}</span> }.into_any(),
                                    }}</td>
                                    <td>
                                        {f.link_sent.map(|w| view! { <span class="muted">{t!(i18n, nominations.link_sent_on, when = w)}</span> })}
                                        <form method="post" action=format!("{base}/link") class="inline">
                                            <button type="submit" class="button secondary">{t!(i18n, nominations.send_link)}</button>
                                        </form>
                                        <form method="post" action=format!("{base}/remove") class="inline">
                                            <button type="submit" class="button secondary">{t!(i18n, nominations.remove)}</button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h3>{t!(i18n, nominations.add_focal_point)}</h3>
        <form method="post" action=format!("/admin/events/{slug}/focal-points") class="admin-form" id="add-focal-point">
            <div class="field" class:invalid=errors.contains_key("focal.country")>
                <label for="focal.country">{t!(i18n, nominations.col_country)}</label>
                {country_select("focal.country".into(), focal_country, "focal-country-error".into())}
                {note(i18n, &errors, "focal.country")}
            </div>
            <div class="field" class:invalid=errors.contains_key("focal.name")>
                <label for="focal.name">{t!(i18n, nominations.focal_name)}</label>
                <input type="text" id="focal.name" name="focal.name" value=sent("focal.name").unwrap_or_default() aria-describedby="focal-name-error" />
                {note(i18n, &errors, "focal.name")}
            </div>
            <div class="field" class:invalid=errors.contains_key("focal.email")>
                <label for="focal.email">{t!(i18n, nominations.focal_email)}</label>
                <input type="email" id="focal.email" name="focal.email" dir="ltr" value=sent("focal.email").unwrap_or_default() aria-describedby="focal-email-error" />
                {note(i18n, &errors, "focal.email")}
            </div>
            <div class="field">
                <label for="focal.ministry">{t!(i18n, nominations.focal_ministry)}</label>
                <input type="text" id="focal.ministry" name="focal.ministry" value=sent("focal.ministry").unwrap_or_default() />
            </div>
            <div class="field">
                <label for="focal.language">{t!(i18n, nominations.focal_language)}</label>
                <select id="focal.language" name="focal.language">
                    {crate::locale::ENDONYMS.iter().map(|(code, name)| {
                        let selected = sent("focal.language").map_or(*code == lang.code(), |v| v == *code);
                        view! { <option value=*code selected=selected>{*name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t!(i18n, nominations.add_and_send)}</button>
        </form>
        <h2>{t!(i18n, nominations.invitations_title)}</h2>
        <p>{t!(i18n, nominations.invitations_text)} " " <a href=format!("/admin/events/{slug}/import")>{t!(i18n, admin.import.title)}</a></p>
    }
}

/// Per country: seats, nominated, approved, attended (the event's report shows it too).
#[component]
pub fn CountryTable(lines: Vec<CountryLine>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="muted">{t!(i18n, nominations.none_yet)}</p> }.into_any();
    }
    view! {
        <table class="data" id="nominations-by-country">
            <thead><tr>
                <th scope="col">{t!(i18n, nominations.col_country)}</th>
                <th scope="col" class="num">{t!(i18n, nominations.col_seats)}</th>
                <th scope="col" class="num">{t!(i18n, nominations.col_nominated)}</th>
                <th scope="col" class="num">{t!(i18n, nominations.col_approved)}</th>
                <th scope="col" class="num">{t!(i18n, nominations.col_attended)}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr>
                        <th scope="row">{l.name}</th>
                        <td class="num">{l.quota.map(|q| q.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <td class="num">{l.nominated}</td>
                        <td class="num">{l.approved}</td>
                        <td class="num">{l.attended}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
