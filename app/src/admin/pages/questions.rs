//! `/admin/events/:slug/questions` and `.../questions/:key/edit`: the event's own registration
//! questions, listed by section with a small form for each change (move, remove), the add form,
//! the ready-made sets and the copy from another event. Every button is a plain POST.
use super::{AdminNav, Flash, refused};
use crate::{
    admin::{
        Refused,
        api::{admin_questions, whoami},
        pages::question_form::{QuestionFormView, kind_label},
        questions::{QuestionForm, QuestionLine, QuestionsPage},
    },
    i18n::*,
    questions::presets::Preset,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

type I18n = leptos_i18n::I18nContext<Locale>;

fn preset_name(i18n: I18n, p: Preset) -> String {
    match p {
        Preset::PassportAndVisa => t_string!(i18n, admin_questions.preset.passport),
        Preset::Travel => t_string!(i18n, admin_questions.preset.travel),
        Preset::Accommodation => t_string!(i18n, admin_questions.preset.accommodation),
        Preset::Funding => t_string!(i18n, admin_questions.preset.funding),
    }
    .to_string()
}

#[component]
pub fn QuestionsEditorPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let refused_form = SharedValue::new(use_context::<Refused<QuestionForm>>).into_inner();
    let data = Resource::new_blocking(slug, admin_questions);
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || {
                let r = refused_form.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => view! { <AdminNav me=Some(me) /> <EditorView page refused=r /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A question's markers: type, required, sensitive, organizers only, its condition.
fn markers(i18n: I18n, q: &QuestionLine) -> impl IntoView + use<> {
    let badge = |on: bool, text: String| on.then(|| view! { " " <span class="badge">{text}</span> });
    view! {
        <span class="muted">{kind_label(i18n, q.kind)}</span>
        {badge(q.required, t_string!(i18n, admin_questions.required).to_string())}
        {badge(q.sensitive, t_string!(i18n, admin_questions.sensitive).to_string())}
        {badge(q.organizer_only, t_string!(i18n, admin_questions.organizer_only).to_string())}
        {q.condition.clone().map(|c| view! { " " <span class="muted">{t_string!(i18n, admin_questions.only_if, condition = c).to_string()}</span> })}
    }
}

/// A one-button form posting to `action`.
fn button(action: String, to: Option<&'static str>, label: String) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline">
            {to.map(|to| view! { <input type="hidden" name="to" value=to /> })}
            <button type="submit" class="button secondary">{label}</button>
        </form>
    }
}

#[component]
fn EditorView(page: QuestionsPage, refused: Option<Refused<QuestionForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = page.event.slug.clone();
    let base = format!("/admin/events/{slug}/questions");
    let n = page.live.len();
    // Consecutive questions under the same heading make one group, as the public form shows them.
    let mut groups: Vec<(String, Vec<(usize, QuestionLine)>)> = Vec::new();
    for (i, q) in page.live.iter().cloned().enumerate() {
        match groups.last_mut() {
            Some((s, items)) if *s == q.section => items.push((i, q)),
            _ => groups.push((q.section.clone(), vec![(i, q)])),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(section, items)| {
            let heading = if section.is_empty() { t_string!(i18n, admin_questions.no_section).to_string() } else { section };
            let items = items
                .into_iter()
                .map(|(i, q)| {
                    let at = format!("{base}/{}", q.key);
                    view! {
                        <li id=format!("q-{}", q.key)>
                            <strong>{q.label.clone()}</strong> " " <code>{q.key.clone()}</code> " " {markers(i18n, &q)}
                            <div class="actions">
                                <a class="button secondary" href=format!("{at}/edit")>{t!(i18n, admin_questions.edit)}</a>
                                {(i > 0).then(|| button(format!("{at}/move"), Some("up"), t_string!(i18n, admin_questions.move_up).to_string()))}
                                {(i + 1 < n).then(|| button(format!("{at}/move"), Some("down"), t_string!(i18n, admin_questions.move_down).to_string()))}
                                {button(format!("{at}/remove"), None, t_string!(i18n, admin_questions.remove).to_string())}
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! { <h3>{heading}</h3> <ol class="questions">{items}</ol> }
        })
        .collect_view();
    let archived = (!page.archived.is_empty()).then(|| {
        let items = page
            .archived
            .iter()
            .map(|q| view! { <li><strong>{q.label.clone()}</strong> " " <code>{q.key.clone()}</code> " " <span class="badge">{t!(i18n, admin_questions.archived)}</span></li> })
            .collect_view();
        view! { <h2>{t!(i18n, admin_questions.archived_title)}</h2> <ul>{items}</ul> }
    });
    let (values, errors) = refused.map(|r| (r.values, r.errors)).unwrap_or_default();
    let open = !errors.is_empty();
    let presets = Preset::ALL
        .iter()
        .map(|p| {
            view! {
                <form method="post" action=format!("{base}/preset") class="inline">
                    <input type="hidden" name="preset" value=p.code() />
                    <button type="submit" class="button secondary">{t_string!(i18n, admin_questions.add_preset, set = preset_name(i18n, *p)).to_string()}</button>
                </form>
            }
        })
        .collect_view();
    let copy = if page.others.is_empty() {
        view! { <p class="muted">{t!(i18n, admin_questions.no_others)}</p> }.into_any()
    } else {
        let others = page
            .others
            .iter()
            .map(|(s, title)| view! { <option value=s.clone()>{title.clone()} " (" {s.clone()} ")"</option> })
            .collect_view();
        view! {
            <form method="post" action=format!("{base}/copy") class="admin-form">
                <div class="field">
                    <label for="from">{t!(i18n, admin_questions.copy_from)}</label>
                    <select id="from" name="from">{others}</select>
                </div>
                <button type="submit" class="button secondary">{t!(i18n, admin_questions.copy)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=format!("{} · {}", t_string!(i18n, admin_questions.title), page.event.title) />
        <p><a href=format!("/admin/events/{slug}")>{page.event.title.clone()}</a></p>
        <h1>{t!(i18n, admin_questions.title)}</h1>
        <Flash />
        <p class="muted">{t!(i18n, admin_questions.intro)}</p>
        {if n == 0 { Some(view! { <p>{t!(i18n, admin_questions.none)}</p> }) } else { None }}
        {groups}
        {archived}
        <details class="session-edit" open=open>
            <summary>{t!(i18n, admin_questions.add_title)}</summary>
            <QuestionFormView action=base.clone() values errors editing=false earlier=page.live.clone() />
        </details>
        <h2>{t!(i18n, admin_questions.presets_title)}</h2>
        <p class="muted">{t!(i18n, admin_questions.presets_intro)}</p>
        <div class="actions">{presets}</div>
        <h2>{t!(i18n, admin_questions.copy_title)}</h2>
        {copy}
    }
}

#[component]
pub fn QuestionEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let key = move || params.read().get("key").unwrap_or_default();
    let refused_form = SharedValue::new(use_context::<Refused<QuestionForm>>).into_inner();
    let data = Resource::new_blocking(slug, admin_questions);
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || {
                let r = refused_form.clone();
                let key = key();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(page), Ok(me)) => {
                            let Some(i) = page.live.iter().position(|q| q.key == key) else {
                                return view! { <crate::layout::NotFound /> }.into_any();
                            };
                            let base = format!("/admin/events/{}/questions", page.event.slug);
                            let (values, errors) = r.map(|r| (r.values, r.errors)).unwrap_or_else(|| (page.live[i].form.clone(), Default::default()));
                            view! {
                                <AdminNav me=Some(me) />
                                <Title text=format!("{} · {}", t_string!(i18n, admin_questions.edit_title), page.live[i].label) />
                                <p><a href=base.clone()>{t!(i18n, admin_questions.back)}</a></p>
                                <h1>{t!(i18n, admin_questions.edit_title)} " " <code>{key.clone()}</code></h1>
                                <QuestionFormView action=format!("{base}/{key}/edit") values errors editing=true earlier=page.live[..i].to_vec() />
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
