//! `/admin/people/:id`: the person of a registration across the events this account manages,
//! the addresses counted as them, and the form that merges another address in.
use super::{MergeRefused, PersonPage, load_person};
use crate::{
    admin::pages::{AdminNav, Flash, refused},
    i18n::*,
    labels,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let merge = SharedValue::new(use_context::<MergeRefused>).into_inner();
    let data = Resource::new_blocking(id, load_person);
    let me = Resource::new_blocking(|| (), |_| crate::admin::api::whoami());
    view! {
        <Suspense>
            {move || {
                let merge = merge.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(p), Ok(me)) => view! { <AdminNav me=Some(me) /> <Person p refused=merge.unwrap_or_default() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Person(p: PersonPage, refused: MergeRefused) -> impl IntoView {
    let i18n = use_i18n();
    let error = match refused.error.as_str() {
        "" => None,
        "invalid_email" => Some(t_string!(i18n, people.error.invalid_email).to_string()),
        "same_person" => Some(t_string!(i18n, people.error.same_person).to_string()),
        _ => Some(t_string!(i18n, people.error.unknown_person).to_string()),
    };
    let id = p.id;
    let invalid = error.is_some();
    view! {
        <Title text=p.name.clone() />
        <h1><bdi>{p.name.clone()}</bdi></h1>
        <p class="lead"><a href=format!("/admin/registrations/{id}")>{t!(i18n, people.back)}</a></p>
        <Flash />
        <p>{t!(i18n, people.intro)}</p>
        <p><strong>{t!(i18n, people.addresses)}": "</strong><span dir="ltr">{p.addresses.join(", ")}</span></p>
        <table class="data" id="person-events">
            <thead><tr>
                <th scope="col">{t!(i18n, people.event)}</th>
                <th scope="col">{t!(i18n, people.when)}</th>
                <th scope="col">{t!(i18n, manage.email)}</th>
                <th scope="col">{t!(i18n, manage.organization)}</th>
                <th scope="col">{t!(i18n, manage.country)}</th>
                <th scope="col">{t!(i18n, people.status)}</th>
            </tr></thead>
            <tbody>
                {p.lines.into_iter().map(|l| view! {
                    <tr>
                        <td><a href=format!("/admin/registrations/{}", l.registration)>{l.event}</a></td>
                        <td>{l.when}</td>
                        <td dir="ltr">{l.email}</td>
                        <td><bdi>{l.organization}</bdi></td>
                        <td>{l.country}</td>
                        <td>{labels::status(i18n, l.status)} {l.attended.then(|| format!(" · {}", t_string!(i18n, people.attended)))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>{t!(i18n, people.merge_title)}</h2>
        <p class="hint">{t!(i18n, people.merge_hint)}</p>
        <form method="post" action=format!("/admin/people/{id}/merge") class="admin-form">
            <div class="field" class:invalid=invalid>
                <label for="merge-email">{t!(i18n, people.merge_email)}</label>
                <input type="email" id="merge-email" name="email" dir="ltr" value=refused.email.clone() aria-describedby="email-error" />
                {error.map(|e| view! { <p class="error" id="email-error">{e}</p> })}
            </div>
            <button type="submit" class="button secondary">{t!(i18n, people.merge)}</button>
        </form>
    }
}
