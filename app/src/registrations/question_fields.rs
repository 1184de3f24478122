//! The event's own questions on a participant's form (registering, and correcting answers on
//! the manage page): one field per question by its type, grouped under the questions'
//! sections, each error beside its field.
//!
//! Without JavaScript every question is shown, a conditional one with its condition written
//! out ("Only if ..."), and the server checks it only when the condition holds. With
//! JavaScript, a conditional question is hidden while its condition does not hold: only after
//! hydration, so the page the server sent and the hydrated one agree.
use crate::{
    domain::{
        Answers, Country, FieldErrors, Language, Question, QuestionKind, RegistrationInput,
        question::{Display, check_answer},
    },
    i18n::*,
    labels,
};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// What the question fields need: the form's values and errors, and the questions.
#[derive(Clone, Copy)]
pub struct AnswersCtx {
    pub input: RwSignal<RegistrationInput>,
    pub errors: RwSignal<FieldErrors>,
    pub questions: StoredValue<Vec<Question>>,
    /// True once the page has hydrated (conditional questions may then hide).
    pub hydrated: RwSignal<bool>,
    pub i18n: I18n,
}

impl AnswersCtx {
    pub fn new(input: RwSignal<RegistrationInput>, errors: RwSignal<FieldErrors>, questions: Vec<Question>, i18n: I18n) -> Self {
        let hydrated = RwSignal::new(false);
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| hydrated.set(true));
        Self { input, errors, questions: StoredValue::new(questions), hydrated, i18n }
    }

    /// Checks one answer and shows or clears its message; answers whose condition no longer
    /// holds lose theirs.
    fn check(self, key: &str) {
        let error = self.questions.with_value(|qs| self.input.with_untracked(|i| check_answer(qs, &i.answers, key)));
        self.errors.update(|e| {
            match error {
                Some(err) => e.answers.insert(key.to_owned(), err),
                None => e.answers.remove(key),
            };
            let shown: Vec<String> = e.answers.keys().cloned().collect();
            for other in shown {
                if other != key
                    && self.questions.with_value(|qs| self.input.with_untracked(|i| check_answer(qs, &i.answers, &other))).is_none()
                {
                    e.answers.remove(&other);
                }
            }
        });
    }

    fn set(self, key: &str, values: Vec<String>) {
        self.input.update(|i| {
            i.answers.insert(key.to_owned(), values);
        });
    }

    /// While an answer shows an error, recheck it as the person types.
    fn typed(self, key: &str, value: String) {
        self.set(key, vec![value]);
        if self.errors.with_untracked(|e| e.answers.contains_key(key)) {
            self.check(key);
        }
    }

    fn invalid(self, key: &str) -> bool {
        self.errors.with(|e| e.answers.contains_key(key))
    }

    fn hidden(self, q: &Question) -> bool {
        self.hydrated.get() && !self.input.with(|i| q.applies(&i.answers))
    }
}

/// The HTML id of a question's field (`q-passport_number`) and its form name (`q.passport_number`).
pub fn field_id(key: &str) -> String {
    format!("q-{key}")
}

fn language(i18n: I18n) -> Language {
    Language::parse(i18n.get_locale_untracked().as_str()).unwrap_or(Language::En)
}

/// The questions, a fieldset per section in the form's order.
#[component]
pub fn QuestionFields(ctx: AnswersCtx, initial: Answers) -> impl IntoView {
    let questions = ctx.questions.get_value();
    if questions.is_empty() {
        return ().into_any();
    }
    let lang = language(ctx.i18n);
    let mut groups: Vec<(String, Vec<Question>)> = Vec::new();
    for q in questions {
        let section = q.section.get(lang).to_owned();
        match groups.last_mut() {
            Some((s, qs)) if *s == section => qs.push(q),
            _ => groups.push((section, vec![q])),
        }
    }
    let i18n = ctx.i18n;
    groups
        .into_iter()
        .map(|(section, qs)| {
            let legend = if section.is_empty() { t_string!(i18n, questions.more).to_string() } else { section };
            view! {
                <fieldset class="questions">
                    <legend>{legend}</legend>
                    {qs.into_iter().map(|q| {
                        let values = initial.get(&q.key).cloned().unwrap_or_default();
                        view! { <QuestionField ctx q values /> }
                    }).collect_view()}
                </fieldset>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn QuestionField(ctx: AnswersCtx, q: Question, values: Vec<String>) -> impl IntoView {
    let i18n = ctx.i18n;
    let lang = language(i18n);
    let key = q.key.clone();
    let id = field_id(&key);
    let name = format!("q.{key}");
    let first = values.first().cloned().unwrap_or_default();
    let label = if q.required || q.kind == QuestionKind::Agreement {
        format!("{} *", q.label(lang))
    } else {
        format!("{} {}", q.label(lang), t_string!(i18n, questions.optional))
    };
    let help = q.help.get(lang).to_owned();
    let condition = condition_note(ctx, &q, lang);
    let described = format!("{id}-hint {id}-error {id}-condition");
    let k = key.clone();
    let invalid = move || ctx.invalid(&k);
    let k = key.clone();
    let on_text = move |ev| ctx.typed(&k, event_target_value(&ev));
    let k = key.clone();
    let on_change = move |_| ctx.check(&k);
    let yes_no = (t_string!(i18n, questions.yes).to_string(), t_string!(i18n, questions.no).to_string());

    let control = match q.kind {
        QuestionKind::LongText => view! {
            <textarea id=id.clone() name=name.clone() rows="3" aria-describedby=described.clone() aria-invalid=move || invalid().to_string()
                on:input=on_text on:change=on_change>{first}</textarea>
        }
        .into_any(),
        QuestionKind::SingleChoice if q.display == Display::List => {
            let options = q.options.iter().map(|o| (o.key.clone(), o.label.get(lang).to_owned())).collect();
            select(ctx, &key, &id, &name, &described, first, options, t_string!(i18n, form.choose).to_string())
        }
        QuestionKind::Country => {
            let options = Country::sorted_by_name(lang).into_iter().map(|c| (c.iso2.to_owned(), c.name(lang).to_owned())).collect();
            select(ctx, &key, &id, &name, &described, first, options, t_string!(i18n, form.choose_country).to_string())
        }
        QuestionKind::SingleChoice | QuestionKind::YesNo | QuestionKind::MultipleChoice => {
            let multiple = q.kind == QuestionKind::MultipleChoice;
            let choices = q.choices(lang, (&yes_no.0, &yes_no.1));
            let k = key.clone();
            view! {
                <div class="choices" role=if multiple { "group" } else { "radiogroup" } aria-labelledby=format!("{id}-label") aria-describedby=described.clone() id=id.clone()>
                    {choices.into_iter().map(|(code, text)| {
                        let opt_id = format!("{id}-{code}");
                        let checked = values.contains(&code);
                        let k = k.clone();
                        let c = code.clone();
                        view! {
                            <div class="check">
                                <input type=if multiple { "checkbox" } else { "radio" } id=opt_id.clone() name=name.clone() value=code checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        ctx.input.update(|i| {
                                            let chosen = i.answers.entry(k.clone()).or_default();
                                            if !multiple { chosen.clear(); }
                                            chosen.retain(|v| *v != c);
                                            if on { chosen.push(c.clone()); }
                                        });
                                        ctx.check(&k);
                                    } />
                                <label for=opt_id>{text}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Agreement => {
            let k = key.clone();
            view! {
                <input type="checkbox" id=id.clone() name=name.clone() value="yes" checked=first == "yes" aria-describedby=described.clone()
                    aria-invalid=move || invalid().to_string()
                    on:change=move |ev| { ctx.set(&k, if event_target_checked(&ev) { vec!["yes".into()] } else { Vec::new() }); ctx.check(&k); } />
            }
            .into_any()
        }
        kind => {
            let (input_type, mode) = match kind {
                QuestionKind::Number => ("number", "decimal"),
                QuestionKind::Date => ("date", "numeric"),
                QuestionKind::Datetime => ("datetime-local", "numeric"),
                QuestionKind::Email => ("email", "email"),
                QuestionKind::Phone => ("tel", "tel"),
                _ => ("text", "text"),
            };
            view! {
                <input type=input_type inputmode=mode id=id.clone() name=name.clone() value=first aria-describedby=described.clone()
                    min=q.min.map(|m| m.to_string()) max=q.max.map(|m| m.to_string()) step=(kind == QuestionKind::Number).then_some("any")
                    aria-invalid=move || invalid().to_string()
                    on:input=on_text on:change=on_change />
            }
            .into_any()
        }
    };
    let grouped = matches!(q.kind, QuestionKind::MultipleChoice | QuestionKind::YesNo)
        || (q.kind == QuestionKind::SingleChoice && q.display == Display::Radio);
    let label_view = if grouped {
        view! { <p class="label" id=format!("{id}-label")>{label}</p> }.into_any()
    } else {
        view! { <label for=id.clone() id=format!("{id}-label")>{label}</label> }.into_any()
    };
    let k = key.clone();
    let shown = q.clone();
    let agreement = q.kind == QuestionKind::Agreement;
    view! {
        <div class="field question" class:check=agreement class:invalid=move || ctx.invalid(&k) hidden=move || ctx.hidden(&shown)>
            {if agreement { view! { {control} {label_view} }.into_any() } else { view! { {label_view} {control} }.into_any() }}
            {(!help.is_empty()).then(|| view! { <p class="hint" id=format!("{id}-hint")>{help}</p> })}
            {condition.map(|c| view! { <p class="hint condition" id=format!("{id}-condition")>{c}</p> })}
            <AnswerMessage ctx key=key.clone() id=id.clone() />
        </div>
    }
}

#[expect(clippy::too_many_arguments, reason = "one select, its values and its messages")]
fn select(
    ctx: AnswersCtx,
    key: &str,
    id: &str,
    name: &str,
    described: &str,
    value: String,
    options: Vec<(String, String)>,
    placeholder: String,
) -> AnyView {
    let k = key.to_owned();
    let k2 = key.to_owned();
    view! {
        <select id=id.to_owned() name=name.to_owned() aria-describedby=described.to_owned() aria-invalid=move || ctx.invalid(&k2).to_string()
            on:change=move |ev| { ctx.set(&k, vec![event_target_value(&ev)]); ctx.check(&k); }>
            <option value="">{placeholder}</option>
            {options.into_iter().map(|(code, text)| {
                let selected = code == value;
                view! { <option value=code selected=selected>{text}</option> }
            }).collect_view()}
        </select>
    }
    .into_any()
}

/// "Only if you answered “Yes” to “Do you need a visa?”", for a conditional question.
fn condition_note(ctx: AnswersCtx, q: &Question, lang: Language) -> Option<String> {
    let c = q.visible_if.as_ref()?;
    let i18n = ctx.i18n;
    let yes_no = (t_string!(i18n, questions.yes).to_string(), t_string!(i18n, questions.no).to_string());
    ctx.questions.with_value(|qs| {
        let other = qs.iter().find(|o| o.key == c.question)?;
        let answer = other.value_label(&c.equals, lang, (&yes_no.0, &yes_no.1));
        Some(t_string!(i18n, questions.only_if, answer = answer, question = other.label(lang).to_owned()).to_string())
    })
}

#[component]
fn AnswerMessage(ctx: AnswersCtx, key: String, id: String) -> impl IntoView {
    move || {
        ctx.errors
            .with(|e| e.answers.get(&key).copied())
            .map(|err| view! { <p class="error" id=format!("{id}-error")>{labels::field_error(ctx.i18n, err)}</p> })
    }
}

/// The answers the question fields hold now, read from the page (for text typed before the
/// script started, and autofill).
#[cfg(feature = "hydrate")]
pub fn read_answers(doc: &leptos::web_sys::Document) -> Answers {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    let mut found = Answers::new();
    let Ok(fields) = doc.query_selector_all("[name^='q.']") else { return found };
    for n in 0..fields.length() {
        let Some(node) = fields.item(n) else { continue };
        let (name, value) = if let Some(i) = node.dyn_ref::<HtmlInputElement>() {
            if matches!(i.type_().as_str(), "radio" | "checkbox") && !i.checked() {
                continue;
            }
            (i.name(), i.value())
        } else if let Some(s) = node.dyn_ref::<HtmlSelectElement>() {
            (s.name(), s.value())
        } else if let Some(t) = node.dyn_ref::<HtmlTextAreaElement>() {
            (t.name(), t.value())
        } else {
            continue;
        };
        if let Some(key) = name.strip_prefix("q.") {
            found.entry(key.to_owned()).or_default().push(value);
        }
    }
    found
}
