//! The back-office pages. Every page loads through a server function that checks the account;
//! without a session the page sends the browser to sign in.
pub mod accounts;
pub mod answers;
pub mod checkin;
pub mod event;
pub mod home;
pub mod mail;
pub mod question_form;
pub mod questions;
pub mod registrations;

use crate::{admin::Me, i18n::*, layout::LoadError, page_error::PageError};
use leptos::prelude::*;
#[cfg(not(feature = "ssr"))]
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

/// The text of an API token just created: shown once, on the page answering the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewToken(pub String);

/// The back office's navigation, above each of its pages.
#[component]
pub fn AdminNav(me: Option<Me>) -> impl IntoView {
    let i18n = use_i18n();
    let admin = me.as_ref().is_some_and(|m| m.role == crate::domain::Role::Admin);
    view! {
        <nav class="admin-nav" aria-label=move || t_string!(i18n, admin.nav.label).to_string()>
            <a href="/admin">{t!(i18n, admin.nav.events)}</a>
            <a href="/admin/reports">{t!(i18n, admin.nav.reports)}</a>
            {admin.then(|| view! {
                <a href="/admin/accounts">{t!(i18n, admin.nav.accounts)}</a>
                <a href="/admin/audit">{t!(i18n, admin.nav.audit)}</a>
            })}
            <a href="/admin/account">{t!(i18n, admin.nav.account)}</a>
            {me.map(|m| view! { <span class="muted">{m.name}</span> })}
            <form method="post" action="/admin/logout" class="inline">
                <button type="submit" class="link">{t!(i18n, admin.nav.sign_out)}</button>
            </form>
        </nav>
    }
}

/// What a back-office page shows when its server function refused: sign in, not found, or a
/// short error.
pub fn refused(e: PageError) -> AnyView {
    match e {
        PageError::Unauthorized => {
            let next = use_location().pathname.get_untracked();
            let to = format!("/admin/login?next={next}");
            // On the server, answer with a redirect; in the browser, navigate.
            #[cfg(feature = "ssr")]
            {
                leptos_axum::redirect(&to);
                crate::layout::set_status(303);
                view! { <p><a href=to>{"Sign in"}</a></p> }.into_any()
            }
            #[cfg(not(feature = "ssr"))]
            view! { <Redirect path=to /> }.into_any()
        }
        PageError::NotFound | PageError::Forbidden | PageError::Gone => view! { <crate::layout::NotFound /> }.into_any(),
        PageError::Internal => view! { <LoadError /> }.into_any(),
    }
}

/// Whether the error a redirect names (`?error=...&field=ID`) belongs to the field `id`: for the
/// field's `invalid` class and `aria-invalid`.
pub fn redirected_to(id: &'static str) -> impl Fn() -> bool + Copy {
    let query = leptos_router::hooks::use_query_map();
    move || query.read().get("field").as_deref() == Some(id) && query.read().get("error").is_some()
}

/// The error a redirect names, shown beside its field (`id`), as `FieldNote` shows a form's.
#[component]
pub fn RedirectedError(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let here = redirected_to(id);
    move || {
        let code = query.read().get("error").filter(|_| here())?;
        Some(view! { <p class="error" id=format!("{id}-error")>{flash_error(i18n, code)}</p> })
    }
}

/// The error code of a form field, shown beside it.
#[component]
pub fn FieldNote(errors: crate::admin::FormErrors, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    errors.get(field).cloned().map(|code| {
        let text = form_error(i18n, &code);
        view! { <p class="error" id=format!("{field}-error")>{text}</p> }
    })
}

pub fn form_error(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "required" => t_string!(i18n, error.required).to_string(),
        "too_long" => t_string!(i18n, admin.error.too_long).to_string(),
        "invalid_slug" => t_string!(i18n, admin.error.invalid_slug).to_string(),
        "slug_taken" => t_string!(i18n, admin.error.slug_taken).to_string(),
        "invalid_time" => t_string!(i18n, admin.error.invalid_time).to_string(),
        "end_before_start" => t_string!(i18n, admin.error.end_before_start).to_string(),
        "unknown_zone" => t_string!(i18n, admin.error.unknown_zone).to_string(),
        "invalid_number" => t_string!(i18n, admin.error.invalid_number).to_string(),
        "below_confirmed" => t_string!(i18n, admin.error.below_confirmed).to_string(),
        "invalid_url" => t_string!(i18n, admin.error.invalid_url).to_string(),
        "venue_or_online" => t_string!(i18n, admin.error.venue_or_online).to_string(),
        _ => t_string!(i18n, error.unknown_choice).to_string(),
    }
}

/// The text of an error a redirect names (`?error=...`).
fn flash_error(i18n: leptos_i18n::I18nContext<Locale>, code: String) -> String {
    match code.as_str() {
        "conflict" => t_string!(i18n, admin.flash.conflict).to_string(),
        "wrong_password" => t_string!(i18n, admin.flash.wrong_password).to_string(),
        "reauthenticate" => t_string!(i18n, admin.flash.reauthenticate).to_string(),
        "throttled" => t_string!(i18n, admin.flash.throttled).to_string(),
        "too_short" => t_string!(i18n, admin.flash.too_short).to_string(),
        "days" => t_string!(i18n, admin.flash.days).to_string(),
        "questions_condition" => t_string!(i18n, admin_questions.error.list_condition).to_string(),
        "questions_too_many" => t_string!(i18n, admin_questions.error.too_many).to_string(),
        _ => code,
    }
}

/// A notice after a redirect (`?done=...`) or an error (`?error=...`). An error that names
/// its field (`&field=ID`) is shown beside that field by `RedirectedError` instead.
#[component]
pub fn Flash() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        let done = query.read().get("done");
        let error = query.read().get("error");
        if let Some(e) = error {
            if query.read().get("field").is_some() {
                return None;
            }
            return Some(view! { <p class="error-summary" role="alert">{flash_error(i18n, e)}</p> }.into_any());
        }
        done.map(|d| {
            let text = match d.as_str() {
                "created" => t_string!(i18n, admin.flash.created),
                "saved" | "session_saved" => t_string!(i18n, admin.flash.saved),
                "published" => t_string!(i18n, admin.flash.published),
                "cancelled" => t_string!(i18n, admin.flash.cancelled),
                "archived" => t_string!(i18n, admin.flash.archived),
                "draft" => t_string!(i18n, admin.flash.draft),
                "approved" => t_string!(i18n, admin.flash.approved),
                "rejected" => t_string!(i18n, admin.flash.rejected),
                "promoted" => t_string!(i18n, admin.flash.promoted),
                "added" => t_string!(i18n, admin.flash.added),
                "checked_in" => t_string!(i18n, admin.flash.checked_in),
                "undone" => t_string!(i18n, admin.flash.undone),
                "invited" => t_string!(i18n, admin.flash.invited),
                "revoked" => t_string!(i18n, admin.flash.revoked),
                "imported" => t_string!(i18n, admin.flash.imported),
                "message_queued" => t_string!(i18n, admin.flash.message_queued),
                "retrying" => t_string!(i18n, admin.flash.retrying),
                "resent" => t_string!(i18n, admin.flash.resent),
                "password_changed" => t_string!(i18n, admin.flash.password_changed),
                "signed_out_others" => t_string!(i18n, admin.flash.signed_out_others),
                "disabled" => t_string!(i18n, admin.flash.disabled),
                "enabled" => t_string!(i18n, admin.flash.enabled),
                "attendance_saved" => t_string!(i18n, admin.flash.attendance_saved),
                "already_saved" => t_string!(i18n, admin.flash.already_saved),
                "link_sent" => t_string!(i18n, nominations.done_link_sent),
                "removed" => t_string!(i18n, nominations.done_removed),
                "invitations_sent" => t_string!(i18n, nominations.done_invitations_sent),
                "certificates_sent" => t_string!(i18n, documents.done_certificates_sent),
                "issued" => t_string!(i18n, documents.done_issued),
                "image_saved" => t_string!(i18n, documents.done_image_saved),
                "image_removed" => t_string!(i18n, documents.done_image_removed),
                "badge_role" => t_string!(i18n, documents.done_badge_role),
                "doc_revoked" => t_string!(i18n, documents.done_revoked),
                _ => t_string!(i18n, admin.flash.saved),
            };
            view! { <p class="notice" role="status">{text}</p> }.into_any()
        })
    }
}
