//! One question's add or edit form, shared by the editor page (add) and the edit page: the
//! texts in English with the other five languages folded away, the type's settings, and the
//! condition on an earlier question. Errors come keyed by form field, each shown beside it.
use crate::{
    admin::{
        FormErrors,
        questions::{QuestionForm, QuestionLine, TextField},
    },
    domain::{Language, QuestionKind},
    i18n::*,
};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A type's name for organizers.
pub fn kind_label(i18n: I18n, k: QuestionKind) -> String {
    use QuestionKind::*;
    match k {
        ShortText => t_string!(i18n, admin_questions.kind.short_text),
        LongText => t_string!(i18n, admin_questions.kind.long_text),
        SingleChoice => t_string!(i18n, admin_questions.kind.single_choice),
        MultipleChoice => t_string!(i18n, admin_questions.kind.multiple_choice),
        YesNo => t_string!(i18n, admin_questions.kind.yes_no),
        Number => t_string!(i18n, admin_questions.kind.number),
        Date => t_string!(i18n, admin_questions.kind.date),
        Datetime => t_string!(i18n, admin_questions.kind.datetime),
        Country => t_string!(i18n, admin_questions.kind.country),
        Email => t_string!(i18n, admin_questions.kind.email),
        Phone => t_string!(i18n, admin_questions.kind.phone),
        Agreement => t_string!(i18n, admin_questions.kind.agreement),
    }
    .to_string()
}

/// The text of an error code of the question form (`option_line:3` names its line).
pub fn error_text(i18n: I18n, code: &str) -> String {
    match code.split_once(':') {
        Some(("option_line", line)) => return t_string!(i18n, admin_questions.error.option_line, line = line.to_owned()).to_string(),
        _ if code.starts_with("option_line") => return t_string!(i18n, admin_questions.error.option_line, line = "?").to_string(),
        _ => {}
    }
    match code {
        "invalid_key" => t_string!(i18n, admin_questions.error.invalid_key),
        "duplicate_key" => t_string!(i18n, admin_questions.error.duplicate_key),
        "required" => t_string!(i18n, admin_questions.error.required),
        "options_required" => t_string!(i18n, admin_questions.error.options_required),
        "invalid_options" => t_string!(i18n, admin_questions.error.invalid_options),
        "no_options" => t_string!(i18n, admin_questions.error.no_options),
        "min_over_max" => t_string!(i18n, admin_questions.error.min_over_max),
        "unknown_question" => t_string!(i18n, admin_questions.error.unknown_question),
        "unknown_answer" => t_string!(i18n, admin_questions.error.unknown_answer),
        "type_locked" => t_string!(i18n, admin_questions.error.type_locked),
        "invalid_text" => t_string!(i18n, admin_questions.error.invalid_text),
        "too_many" => t_string!(i18n, admin_questions.error.too_many),
        "not_a_number" => t_string!(i18n, admin_questions.error.not_a_number),
        _ => t_string!(i18n, admin_questions.error.other),
    }
    .to_string()
}

/// The error beside field `name`, if any.
#[component]
fn Note(errors: FormErrors, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    errors.get(name).map(|code| view! { <p class="error" id=format!("{name}-error")>{error_text(i18n, code)}</p> })
}

/// A one-line text field.
#[component]
fn Line(
    label: String,
    name: &'static str,
    value: String,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let invalid = errors.contains_key(name);
    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{label}</label>
            <input type=kind id=name name=name value=value aria-invalid=invalid.to_string() aria-describedby=format!("{name}-error") />
            <Note errors name />
        </div>
    }
}

#[component]
fn Check(label: String, name: &'static str, checked: bool) -> impl IntoView {
    view! {
        <div class="field check">
            <input type="checkbox" id=name name=name value="true" checked=checked />
            <label for=name>{label}</label>
        </div>
    }
}

fn language_name(i18n: I18n, l: Language) -> String {
    match l {
        Language::Fr => t_string!(i18n, admin_questions.lang.fr),
        Language::Es => t_string!(i18n, admin_questions.lang.es),
        Language::Ru => t_string!(i18n, admin_questions.lang.ru),
        Language::Zh => t_string!(i18n, admin_questions.lang.zh),
        Language::Ar => t_string!(i18n, admin_questions.lang.ar),
        Language::En => "English",
    }
    .to_string()
}

/// The form. `editing`: the key is shown, not typed (the action's path names it); `earlier`:
/// the questions before this one, which a condition may name.
#[component]
pub fn QuestionFormView(
    action: String,
    values: QuestionForm,
    errors: FormErrors,
    editing: bool,
    earlier: Vec<QuestionLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (v, e) = (values, errors);
    let kinds = QuestionKind::ALL
        .iter()
        .map(|k| view! { <option value=k.code() selected=k.code() == v.kind>{kind_label(i18n, *k)}</option> })
        .collect_view();
    let conditions = earlier
        .into_iter()
        .filter(|q| !q.answers.is_empty())
        .map(|q| {
            let text = format!("{} ({}: {})", q.label, q.key, q.answers.join(", "));
            view! { <option value=q.key.clone() selected=q.key == v.condition>{text}</option> }
        })
        .collect_view();
    let translations = Language::ALL
        .iter()
        .filter(|l| **l != Language::En)
        .map(|l| {
            let name = language_name(i18n, *l);
            let field = |which: TextField, label: String| {
                let (id, value) = v.text(which, *l);
                view! { <div class="field"><label for=id>{label} " · " {name.clone()}</label><input type="text" id=id name=id value=value.clone() dir="auto" /></div> }
            };
            view! {
                <fieldset>
                    <legend>{name.clone()}</legend>
                    {field(TextField::Label, t_string!(i18n, admin_questions.field.label).to_string())}
                    {field(TextField::Help, t_string!(i18n, admin_questions.field.help).to_string())}
                    {field(TextField::Section, t_string!(i18n, admin_questions.field.section).to_string())}
                </fieldset>
            }
        })
        .collect_view();
    let n_errors = e.len();
    let other = e.get("other").map(|c| error_text(i18n, c));
    let list = v.display == "list";
    view! {
        <form method="post" action=action class="admin-form">
            {(n_errors > 0).then(|| view! { <div class="error-summary" role="alert"><p>{t!(i18n, form.errors_summary, count = move || n_errors)}</p>{other.map(|o| view! { <p>{o}</p> })}</div> })}
            {if editing {
                view! { <p><strong>{t!(i18n, admin_questions.field.key)}</strong> ": " <code>{v.key.clone()}</code></p> }.into_any()
            } else {
                view! {
                    <Line label=t_string!(i18n, admin_questions.field.key).to_string() name="key" value=v.key.clone() errors=e.clone() />
                    <p class="hint">{t!(i18n, admin_questions.field.key_hint)}</p>
                }.into_any()
            }}
            <div class="field" class:invalid=e.contains_key("kind")>
                <label for="kind">{t!(i18n, admin_questions.field.kind)}</label>
                <select id="kind" name="kind">{kinds}</select>
                <Note errors=e.clone() name="kind" />
            </div>
            <Line label=t_string!(i18n, admin_questions.field.label).to_string() name="label_en" value=v.label_en.clone() errors=e.clone() />
            <Line label=t_string!(i18n, admin_questions.field.help).to_string() name="help_en" value=v.help_en.clone() errors=e.clone() />
            <Line label=t_string!(i18n, admin_questions.field.section).to_string() name="section_en" value=v.section_en.clone() errors=e.clone() />
            <details>
                <summary>{t!(i18n, admin_questions.field.translations)}</summary>
                {translations}
            </details>
            <Check label=t_string!(i18n, admin_questions.field.required).to_string() name="required" checked=v.required />
            <Check label=t_string!(i18n, admin_questions.field.sensitive).to_string() name="sensitive" checked=v.sensitive />
            <Check label=t_string!(i18n, admin_questions.field.organizer_only).to_string() name="organizer_only" checked=v.organizer_only />
            <div class="field" class:invalid=e.contains_key("options")>
                <label for="options">{t!(i18n, admin_questions.field.options)}</label>
                <p class="hint">{t!(i18n, admin_questions.field.options_hint)}</p>
                <textarea id="options" name="options" rows="5" aria-invalid=e.contains_key("options").to_string() aria-describedby="options-error">{v.options.clone()}</textarea>
                <Note errors=e.clone() name="options" />
            </div>
            <div class="field">
                <label for="display">{t!(i18n, admin_questions.field.display)}</label>
                <select id="display" name="display">
                    <option value="radio" selected=!list>{t!(i18n, admin_questions.field.display_radio)}</option>
                    <option value="list" selected=list>{t!(i18n, admin_questions.field.display_list)}</option>
                </select>
            </div>
            <Line label=t_string!(i18n, admin_questions.field.min).to_string() name="min" value=v.min.clone() errors=e.clone() kind="number" />
            <Line label=t_string!(i18n, admin_questions.field.max).to_string() name="max" value=v.max.clone() errors=e.clone() kind="number" />
            <div class="field" class:invalid=e.contains_key("condition")>
                <label for="condition">{t!(i18n, admin_questions.field.condition)}</label>
                <select id="condition" name="condition">
                    <option value="" selected=v.condition.is_empty()>{t!(i18n, admin_questions.field.condition_none)}</option>
                    {conditions}
                </select>
                <Note errors=e.clone() name="condition" />
            </div>
            <Line label=t_string!(i18n, admin_questions.field.condition_equals).to_string() name="condition_equals" value=v.condition_equals.clone() errors=e.clone() />
            <button type="submit" class="button">
                {if editing { t_string!(i18n, admin_questions.field.save) } else { t_string!(i18n, admin_questions.field.add) }}
            </button>
        </form>
    }
}
