//! `/admin/accounts` (administrators invite people), `/admin/audit` (who did what) and
//! `/admin/tokens` (the account's API tokens).
use super::{AdminNav, Flash, NewToken, refused};
use crate::{admin::api, domain::Role, i18n::*};
use leptos::prelude::*;
use leptos_meta::Title;

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
                            <thead><tr><th>{t!(i18n, manage.name)}</th><th>{t!(i18n, manage.email)}</th><th>{t!(i18n, admin.accounts.role)}</th><th>{t!(i18n, admin.accounts.events)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|a| view! {
                                    <tr>
                                        <td>{a.name} {a.invited.then(|| view! { <span class="badge">{t!(i18n, admin.accounts.invited)}</span> })}</td>
                                        <td>{a.email}</td>
                                        <td>{a.role.code()}</td>
                                        <td>{a.events}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{t!(i18n, admin.accounts.invite)}</h2>
                        <form method="post" action="/admin/accounts" class="admin-form">
                            <div class="field"><label for="acc-name">{t!(i18n, manage.name)}</label><input id="acc-name" name="name" required /></div>
                            <div class="field"><label for="acc-email">{t!(i18n, manage.email)}</label><input id="acc-email" name="email" type="email" required /></div>
                            <div class="field"><label for="acc-role">{t!(i18n, admin.accounts.role)}</label>
                                <select id="acc-role" name="role">
                                    {Role::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == Role::Organizer>{r.code()}</option> }).collect_view()}
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

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let fresh = SharedValue::new(use_context::<NewToken>).into_inner();
    let data = Resource::new_blocking(|| (), |_| api::admin_tokens());
    let me = Resource::new_blocking(|| (), |_| api::whoami());
    view! {
        <Title text=t_string!(i18n, admin.nav.tokens).to_string() />
        <Suspense>
            {move || {
                let fresh = fresh.clone();
                Suspend::new(async move {
                    match (data.await, me.await) {
                        (Err(e), _) | (_, Err(e)) => refused(e),
                        (Ok(tokens), Ok(me)) => view! {
                            <AdminNav me=Some(me) />
                            <h1>{t!(i18n, admin.nav.tokens)}</h1>
                            <Flash />
                            {fresh.map(|NewToken(text)| view! {
                                <div class="notice" role="status">
                                    <p>{t!(i18n, admin.tokens.shown_once)}</p>
                                    <p><code id="new-token">{text}</code></p>
                                </div>
                            })}
                            <table class="data">
                                <thead><tr><th>{t!(i18n, admin.tokens.label)}</th><th>{t!(i18n, admin.tokens.created)}</th><th>{t!(i18n, admin.tokens.last_used)}</th><th></th></tr></thead>
                                <tbody>
                                    {tokens.into_iter().map(|t| view! {
                                        <tr>
                                            <td>{t.label}</td><td>{t.created}</td><td>{t.last_used}</td>
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
                                <div class="field"><label for="token-label">{t!(i18n, admin.tokens.label)}</label><input id="token-label" name="label" /></div>
                                <button type="submit" class="button">{t!(i18n, admin.tokens.create)}</button>
                            </form>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
