//! The registration questions in the reports: the event report's tables of answers per option
//! (registered against attended, small counts hidden on the printed page like the other
//! tallies), and the attendee export's question columns in its column picker.
use super::QuestionTally;
use crate::{admin::QuestionColumn, i18n::*};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A table per tallied question: option, registered, attended.
#[component]
pub fn QuestionTallies(questions: Vec<QuestionTally>, threshold: i64, print: bool) -> impl IntoView {
    let i18n = use_i18n();
    if questions.is_empty() {
        return ().into_any();
    }
    let tables = questions
        .into_iter()
        .map(|q| {
            let cells = super::pages::tally_cells(&q.lines, threshold, print);
            let rows = q
                .lines
                .into_iter()
                .zip(cells)
                .map(|(l, (registered, attended))| {
                    view! {
                        <tr>
                            <th scope="row">{l.label}</th>
                            <td class="num">{registered}</td>
                            <td class="num">{attended}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="tally question-tally" id=format!("question-{}", q.key)>
                    <h3>{q.label}</h3>
                    <table class="data">
                        <thead><tr>
                            <th scope="col">{t!(i18n, answers_admin.option)}</th>
                            <th scope="col" class="num">{t!(i18n, report.registered)}</th>
                            <th scope="col" class="num">{t!(i18n, report.attended)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
        .collect_view();
    view! {
        <h2>{t!(i18n, answers_admin.questions_title)}</h2>
        <div class="tallies">{tables}</div>
    }
    .into_any()
}

/// The export form's question columns: a box per question that is not sensitive (all ticked),
/// and one tick for the sensitive answers. The hidden `col=q.` says the questions were chosen
/// here, so unticking them all leaves them all out; without it (the report page, the API)
/// every question that is not sensitive is exported.
pub fn question_picks(i18n: I18n, questions: &[QuestionColumn]) -> impl IntoView + use<> {
    let boxes = questions
        .iter()
        .filter(|c| !c.sensitive)
        .map(|c| {
            let label = if c.archived { format!("{} {}", c.label, t_string!(i18n, answers_admin.archived)) } else { c.label.clone() };
            view! { <label class="check"><input type="checkbox" name="col" value=format!("q.{}", c.key) checked=true /> {label}</label> }
        })
        .collect_view();
    let chosen_here = !questions.is_empty();
    view! {
        {chosen_here.then(|| view! {
            <input type="hidden" name="col" value="q." />
            <fieldset>
                <legend>{t!(i18n, answers_admin.export_questions)}</legend>
                <div class="columns">{boxes}</div>
            </fieldset>
        })}
        <label class="check"><input type="checkbox" name="sensitive" value="1" /> {t!(i18n, answers_admin.export_sensitive)}</label>
    }
}
