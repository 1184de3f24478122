//! `/admin/login` and `/admin/invitation/:token`: plain forms that work without JavaScript.
use super::LoginRefused;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let refused = SharedValue::new(use_context::<LoginRefused>).into_inner();
    let query = use_query_map();
    let next = query.get_untracked().get("next").unwrap_or_default();
    let done = query.get_untracked().get("done");
    let email = refused.as_ref().map(|r| r.email.clone()).unwrap_or_default();
    let message = refused.map(|r| {
        if r.reason == "throttled" {
            t_string!(i18n, admin.login.throttled).to_string()
        } else {
            t_string!(i18n, admin.login.wrong).to_string()
        }
    });
    view! {
        <Meta name="robots" content="noindex" />
        <Title text=t_string!(i18n, admin.login.title).to_string() />
        <h1>{t!(i18n, admin.login.title)}</h1>
        {done.map(|d| view! { <p class="notice" role="status">{if d == "password_set" { t_string!(i18n, admin.login.password_set) } else { t_string!(i18n, admin.login.signed_out) }}</p> })}
        {message.map(|m| view! { <p class="error-summary" role="alert">{m}</p> })}
        <form method="post" action="/admin/login" class="admin-form narrow">
            <input type="hidden" name="next" value=next />
            <div class="field"><label for="email">{t!(i18n, manage.email)}</label><input id="email" name="email" type="email" autocomplete="username" value=email required /></div>
            <div class="field"><label for="password">{t!(i18n, admin.login.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required /></div>
            <button type="submit" class="button">{t!(i18n, admin.login.submit)}</button>
        </form>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let refused = SharedValue::new(use_context::<LoginRefused>).into_inner();
    let token = params.get_untracked().get("token").unwrap_or_default();
    view! {
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="no-referrer" />
        <Title text=t_string!(i18n, admin.login.choose_title).to_string() />
        <h1>{t!(i18n, admin.login.choose_title)}</h1>
        {refused.map(|_| view! { <p class="error-summary" role="alert">{t!(i18n, admin.login.too_short)}</p> })}
        <form method="post" action=format!("/admin/invitation/{token}") class="admin-form narrow">
            <div class="field"><label for="password">{t!(i18n, admin.login.new_password)}</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required /></div>
            <button type="submit" class="button">{t!(i18n, admin.login.save_password)}</button>
        </form>
    }
}
