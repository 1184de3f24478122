//! The questions' part of the registrations pages: in the table's filter form, which questions
//! to show as columns and the answer filters (plain GET fields, so no script is needed); on one
//! registration's page, its answers, the organizer's form for them, when the participant
//! corrected them and its history.
use crate::{
    admin::{AnswerFilter, AnswersSubmission, AuditLine, QuestionColumn, RegQuery},
    domain::{Answers, Country, FieldErrors, Question, RegistrationInput},
    i18n::*,
    locale::language_of,
    registrations::question_fields::{AnswersCtx, QuestionFields},
};
use leptos::prelude::*;

/// The shown question columns, in the query's order.
pub fn shown<'a>(questions: &'a [QuestionColumn], query: &RegQuery) -> Vec<&'a QuestionColumn> {
    query.cols.iter().filter_map(|k| questions.iter().find(|c| &c.key == k)).collect()
}

/// A question's name with its marks (removed from the form, sensitive).
fn name(i18n: leptos_i18n::I18nContext<Locale>, c: &QuestionColumn) -> String {
    let mut s = c.label.clone();
    if c.archived {
        s = format!("{s} {}", t_string!(i18n, answers_admin.archived));
    }
    if c.sensitive {
        s = format!("{s} {}", t_string!(i18n, answers_admin.sensitive));
    }
    s
}

/// The filter form's questions: a checkbox per question to show it as a column, and a field
/// per filterable question (`a.<key>`).
#[component]
pub fn AnswerControls(questions: Vec<QuestionColumn>, query: RegQuery) -> impl IntoView {
    let i18n = use_i18n();
    let lang = language_of(i18n.get_locale_untracked());
    if questions.is_empty() {
        return ().into_any();
    }
    let boxes = questions
        .iter()
        .map(|c| {
            let checked = query.cols.contains(&c.key);
            view! { <label class="check"><input type="checkbox" name="col" value=format!("q.{}", c.key) checked=checked /> {name(i18n, c)}</label> }
        })
        .collect_view();
    let filters = questions
        .iter()
        .filter_map(|c| {
            let field = format!("a.{}", c.key);
            let current = query.answers.get(&c.key).cloned().unwrap_or_default();
            let input = match c.filter.as_ref()? {
                AnswerFilter::Choices(choices) => view! {
                    <select id=field.clone() name=field.clone()>
                        <option value="">{t!(i18n, answers_admin.any)}</option>
                        {choices.iter().map(|(v, l)| view! { <option value=v.clone() selected=*v == current>{l.clone()}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
                AnswerFilter::Country => view! {
                    <select id=field.clone() name=field.clone()>
                        <option value="">{t!(i18n, answers_admin.any)}</option>
                        {Country::sorted_by_name(lang).into_iter().map(|k| view! { <option value=k.iso2 selected=k.iso2 == current>{k.name(lang)}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
                AnswerFilter::Date => view! { <input type="date" id=field.clone() name=field.clone() value=current /> }.into_any(),
            };
            Some(view! { <div class="field"><label for=field>{name(i18n, c)}</label>{input}</div> })
        })
        .collect_view();
    view! {
        <fieldset class="answer-columns">
            <legend>{t!(i18n, answers_admin.columns)}</legend>
            <div class="columns">{boxes}</div>
        </fieldset>
        <fieldset class="answer-filters">
            <legend>{t!(i18n, answers_admin.filters)}</legend>
            {filters}
        </fieldset>
    }
    .into_any()
}

/// One registration's answers, its correction by the participant and its history.
#[component]
pub fn RegistrationAnswers(answers: Vec<(String, String)>, corrected: Option<String>, history: Vec<AuditLine>) -> impl IntoView {
    let i18n = use_i18n();
    let has_history = !history.is_empty();
    view! {
        {corrected.map(|when| view! { <p class="notice" id="corrected">{t!(i18n, answers_admin.corrected_on, when = move || when.clone())}</p> })}
        {(!answers.is_empty()).then(|| view! {
            <h2>{t!(i18n, answers_admin.answers)}</h2>
            <dl class="details answers">
                {answers.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
        })}
        <h2>{t!(i18n, answers_admin.history)}</h2>
        {if has_history {
            view! {
                <table class="data history" id="registration-history">
                    <thead><tr>
                        <th scope="col">{t!(i18n, admin.audit.when)}</th>
                        <th scope="col">{t!(i18n, admin.audit.who)}</th>
                        <th scope="col">{t!(i18n, admin.audit.action)}</th>
                        <th scope="col">{t!(i18n, admin.audit.detail)}</th>
                    </tr></thead>
                    <tbody>
                        {history.into_iter().map(|l| view! { <tr><td>{l.at}</td><td>{l.actor}</td><td>{l.action}</td><td>{l.detail}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        } else {
            view! { <p class="muted">{t!(i18n, answers_admin.no_history)}</p> }.into_any()
        }}
    }
}

/// The organizer's answers form on one registration: every question the form asks now,
/// organizer-only ones too, none of them required of the organizer (an organizer fills in what
/// they know; the participant's required answers were checked when they registered). A refused
/// form comes back open, with each message beside its field and everything typed kept.
#[component]
pub fn OrganizerAnswers(id: i64, questions: Vec<Question>, given: Answers, refused: Option<AnswersSubmission>) -> impl IntoView {
    let i18n = use_i18n();
    if questions.is_empty() {
        return ().into_any();
    }
    let questions: Vec<Question> = questions.into_iter().map(|q| Question { required: false, ..q }).collect();
    let open = refused.is_some();
    let (values, errors) = match refused {
        Some(r) => (r.answers, r.errors),
        None => (given, FieldErrors::default()),
    };
    let input = RwSignal::new(RegistrationInput { answers: values.clone(), ..Default::default() });
    let errors = RwSignal::new(errors);
    let ctx = AnswersCtx::new(input, errors, questions, i18n);
    view! {
        <details class="session-edit" id="organizer-answers" open=open>
            <summary>{t!(i18n, answers_admin.edit)}</summary>
            <p class="hint">{t!(i18n, answers_admin.edit_note)}</p>
            {move || (errors.with(|e| e.len()) > 0).then(|| view! {
                <div class="error-summary" role="alert" tabindex="-1"><p>{t!(i18n, form.errors_summary, count = move || errors.with(|e| e.len()))}</p></div>
            })}
            <form method="post" action=format!("/admin/registrations/{id}/answers") novalidate class="register">
                <QuestionFields ctx initial=values />
                <button type="submit" class="button">{t!(i18n, admin.save)}</button>
            </form>
        </details>
    }
    .into_any()
}
