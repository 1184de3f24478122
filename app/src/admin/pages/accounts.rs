//! `/admin/accounts` (administrators invite people and disable accounts), `/admin/audit` (who
//! did what) and `/admin/account` (one's own password, other sessions and API tokens).
use super::{AdminNav, Flash, NewToken, RedirectedError, redirected_to, refused};
use crate::{admin::api, domain::Role, i18n::*};
use leptos::prelude::*;
use leptos_meta::Title;

/// A role's name in the reader's language.
fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, admin.accounts.role_admin).to_string(),
        Role::Organizer => t_string!(i18n, admin.accounts.role_organizer).to_string(),
        Role::Checkin => t_string!(i18n, admin.accounts.role_checkin).to_string(),
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| api::admin_accounts());
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.nav.accounts).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(list), Ok(me)) => view! {
                        <AdminNav me=Some(me) />
                        <h1>{t!(i18n, admin.nav.accounts)}</h1>
                        <Flash />
                        <table class="data">
                            <thead><tr><th>{t!(i18n, manage.name)}</th><th>{t!(i18n, manage.email)}</th><th>{t!(i18n, admin.accounts.role)}</th><th>{t!(i18n, admin.accounts.events)}</th><th></th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|a| {
                                    let (to, label) = if a.disabled { ("enable", t_string!(i18n, admin.accounts.enable)) } else { ("disable", t_string!(i18n, admin.accounts.disable)) };
                                    view! {
                                        <tr>
                                            <td>
                                                <bdi>{a.name}</bdi>
                                                {a.invited.then(|| view! { " " <span class="badge">{t!(i18n, admin.accounts.invited)}</span> })}
                                                {a.disabled.then(|| view! { " " <span class="badge">{t!(i18n, admin.accounts.disabled)}</span> })}
                                            </td>
                                            <td>{a.email}</td>
                                            <td>{role_name(i18n, a.role)}</td>
                                            <td>{if a.all_events { t_string!(i18n, admin.accounts.all).to_string() } else { a.events }}</td>
                                            <td>{(!a.me).then(|| view! {
                                                <form method="post" action=format!("/admin/accounts/{}/{to}", a.id) class="inline">
                                                    <button type="submit" class="link">{label}</button>
                                                </form>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p class="hint">{t!(i18n, admin.accounts.disable_hint)}</p>
                        <h2>{t!(i18n, admin.accounts.invite)}</h2>
                        <form method="post" action="/admin/accounts" class="admin-form">
                            <div class="field"><label for="acc-name">{t!(i18n, manage.name)}</label><input id="acc-name" name="name" required /></div>
                            <div class="field"><label for="acc-email">{t!(i18n, manage.email)}</label><input id="acc-email" name="email" type="email" required /></div>
                            <div class="field"><label for="acc-role">{t!(i18n, admin.accounts.role)}</label>
                                <select id="acc-role" name="role">
                                    {Role::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == Role::Organizer>{role_name(i18n, *r)}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field"><label for="acc-events">{t!(i18n, admin.accounts.events_hint)}</label><input id="acc-events" name="events" /></div>
                            <div class="field check"><input type="checkbox" id="acc-all" name="all_events" value="1" /><label for="acc-all">{t!(i18n, admin.accounts.all_events)}</label></div>
                            <button type="submit" class="button">{t!(i18n, admin.accounts.invite)}</button>
                        </form>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new_blocking(move || query.read().get("event"), api::admin_audit);
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.nav.audit).to_string() />
        <Suspense>
            {move || Suspend::new(async move {
                match (data.await, me.await) {
                    (Err(e), _) | (_, Err(e)) => refused(e),
                    (Ok(lines), Ok(me)) => view! {
                        <AdminNav me=Some(me) />
                        <h1>{t!(i18n, admin.nav.audit)}</h1>
                        <table class="data">
                            <thead><tr><th>{t!(i18n, admin.audit.when)}</th><th>{t!(i18n, admin.audit.who)}</th><th>{t!(i18n, admin.audit.action)}</th><th>{t!(i18n, admin.home.event)}</th><th>{t!(i18n, admin.audit.detail)}</th></tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| view! { <tr><td>{l.at}</td><td>{l.actor}</td><td>{l.action}</td><td>{l.event}</td><td>{l.detail}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The signed-in person's own account: password, other sessions, API tokens.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let fresh = SharedValue::new(use_context::<NewToken>).into_inner();
    let data = Resource::new_blocking(|| (), |_| api::admin_tokens());
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    // The label typed into a token form that was refused comes back with the redirect.
    let query = leptos_router::hooks::use_query_map();
    let label = move || query.read().get("label").unwrap_or_default();
    view! {
        <Title text=t_string!(i18n, admin.account.title).to_string() />
        <Suspense>
            {move || {
                let fresh = fresh.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(tokens), Ok(me)) => view! {
                            <AdminNav me=Some(me.clone()) />
                            <h1>{t!(i18n, admin.account.title)}</h1>
                            <p><bdi>{me.name}</bdi> " · " <span dir="ltr">{me.email}</span></p>
                            <Flash />
                            <h2 id="password">{t!(i18n, admin.account.password_heading)}</h2>
                            <form method="post" action="/admin/account/password" class="admin-form">
                                <div class="field" class:invalid=redirected_to("pw-current")><label for="pw-current">{t!(i18n, admin.account.current_password)}</label>
                                    <input id="pw-current" name="current" type="password" autocomplete="current-password" required
                                        aria-invalid=move || redirected_to("pw-current")().then_some("true")
                                        aria-describedby=move || redirected_to("pw-current")().then_some("pw-current-error") />
                                    <RedirectedError id="pw-current" /></div>
                                <div class="field" class:invalid=redirected_to("pw-new")><label for="pw-new">{t!(i18n, admin.account.new_password)}</label>
                                    <input id="pw-new" name="new" type="password" autocomplete="new-password" minlength="10" required
                                        aria-invalid=move || redirected_to("pw-new")().then_some("true")
                                        aria-describedby=move || redirected_to("pw-new")().then_some("pw-new-error") />
                                    <RedirectedError id="pw-new" /></div>
                                <p class="hint">{t!(i18n, admin.account.password_hint)}</p>
                                <button type="submit" class="button">{t!(i18n, admin.account.change_password)}</button>
                            </form>
                            <h2 id="sessions">{t!(i18n, admin.account.sessions_heading)}</h2>
                            <form method="post" action="/admin/account/sessions" class="admin-form">
                                <p class="hint">{t!(i18n, admin.account.sessions_hint)}</p>
                                <button type="submit" class="button secondary">{t!(i18n, admin.account.sign_out_others)}</button>
                            </form>
                            <h2 id="tokens">{t!(i18n, admin.account.tokens_heading)}</h2>
                            {fresh.map(|NewToken(text)| view! {
                                <div class="notice" role="status">
                                    <p>{t!(i18n, admin.tokens.shown_once)}</p>
                                    <p><code id="new-token" dir="ltr">{text}</code></p>
                                </div>
                            })}
                            <table class="data">
                                <thead><tr><th>{t!(i18n, admin.tokens.label)}</th><th>{t!(i18n, admin.tokens.created)}</th><th>{t!(i18n, admin.tokens.last_used)}</th><th>{t!(i18n, admin.account.expires)}</th><th></th></tr></thead>
                                <tbody>
                                    {tokens.into_iter().map(|t| view! {
                                        <tr>
                                            <td>{t.label}</td><td>{t.created}</td><td>{t.last_used}</td><td>{t.expires}</td>
                                            <td>{if t.revoked { t_string!(i18n, admin.tokens.revoked).into_any() } else { view! {
                                                <form method="post" action=format!("/admin/tokens/{}/revoke", t.id) class="inline">
                                                    <button type="submit" class="link">{t!(i18n, admin.tokens.revoke)}</button>
                                                </form>
                                            }.into_any() }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <form method="post" action="/admin/tokens" class="admin-form">
                                <div class="field"><label for="token-label">{t!(i18n, admin.tokens.label)}</label>
                                    <input id="token-label" name="label" value=label /></div>
                                <div class="field" class:invalid=redirected_to("token-days")><label for="token-days">{t!(i18n, admin.account.token_days)}</label>
                                    <RedirectedError id="token-days" />
                                    <select id="token-days" name="days">
                                        <option value="30">{t!(i18n, admin.account.days_30)}</option>
                                        <option value="90" selected>{t!(i18n, admin.account.days_90)}</option>
                                        <option value="365">{t!(i18n, admin.account.days_365)}</option>
                                        <option value="never">{t!(i18n, admin.account.days_never)}</option>
                                    </select>
                                </div>
                                <div class="field" class:invalid=redirected_to("token-password")><label for="token-password">{t!(i18n, admin.account.token_password)}</label>
                                    <input id="token-password" name="password" type="password" autocomplete="current-password"
                                        aria-invalid=move || redirected_to("token-password")().then_some("true")
                                        aria-describedby=move || redirected_to("token-password")().then_some("token-password-error") />
                                    <RedirectedError id="token-password" /></div>
                                <button type="submit" class="button">{t!(i18n, admin.tokens.create)}</button>
                            </form>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
