//! The HTML shell and the route table. Every page works without JavaScript; the same routes
//! hydrate when the bundle loads.
use crate::{
    accounts::pages::{InvitationPage, LoginPage},
    admin::pages::{
        accounts::{AccountPage, AccountsPage, AuditPage},
        checkin::CheckinPage,
        event::{EventAdminPage, NewEventPage},
        home::AdminHome,
        mail::{ImportPage, MailPageView},
        questions::{QuestionEditPage, QuestionsEditorPage},
        registrations::{RegistrationPage, RegistrationsPage},
    },
    attendance::pages::{AttendancePageView, AttendancePreviewPage},
    documents::{pages::DocumentsPageView, public_pages::VerifyPage},
    events::pages::{EventDetailPage, EventsPage},
    i18n::I18nContextProvider,
    layout::{Layout, LinkProblemPage, NotFound},
    nominations::{
        link_pages::{FocalPageView, InvitedPageView},
        pages::NominationsPageView,
    },
    people::pages::PersonPageView,
    registrations::{
        form::{RegisterPage, RegisteredPage},
        manage::ManagePage,
    },
    reports::pages::{ActivityPage, CountryHistoryPage, EventReportPage},
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Redirect, Route, Router, Routes},
    path,
};

/// The document around every page. `<html>` gets its `lang` and `dir` from the i18n provider.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's Content-Security-Policy names the nonce Leptos puts on its scripts.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        && let Ok(policy) = axum::http::HeaderValue::from_str(&crate::web::headers::page_policy(&nonce.to_string()))
    {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, policy);
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language cookie belongs to the whole site (by default its path would be the page's, and
/// each page could remember a different language), and is remembered for a year.
fn language_cookie() -> leptos_i18n::context::CookieOptions<crate::i18n::Locale> {
    leptos_i18n::context::CookieOptions::default().path("/".to_owned()).max_age(365 * 24 * 3600 * 1000_i64)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="plenary" href="/pkg/plenary.css" />
        // Pages give their titles as plain strings, never closures over the i18n signal:
        // leptos_meta reads the title after the page has rendered, when such a closure's owner
        // may be disposed (it panicked under load).
        <Title formatter=|title: String| {
            if title.is_empty() { "Plenary".to_owned() } else { format!("{title} · Plenary") }
        } />
        <I18nContextProvider cookie_options=language_cookie()>
            <Router>
                <Layout>
                    // Async: each page is sent whole once its data is loaded, so it reads the same without
                    // JavaScript (out-of-order streaming needs a script to put the pieces in place).
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=|| view! { <Redirect path="/events" /> } />
                        <Route ssr=SsrMode::Async path=path!("/events") view=EventsPage />
                        <Route ssr=SsrMode::Async path=path!("/events/:slug") view=EventDetailPage />
                        <Route ssr=SsrMode::Async path=path!("/events/:slug/register") view=RegisterPage />
                        <Route ssr=SsrMode::Async path=path!("/events/:slug/registered") view=RegisteredPage />
                        <Route ssr=SsrMode::Async path=path!("/manage/:token") view=ManagePage />
                        <Route ssr=SsrMode::Async path=path!("/nominate/:token") view=FocalPageView />
                        <Route ssr=SsrMode::Async path=path!("/invited/:token") view=InvitedPageView />
                        <Route ssr=SsrMode::Async path=path!("/link/:problem") view=LinkProblemPage />
                        <Route ssr=SsrMode::Async path=path!("/verify/:code") view=VerifyPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/login") view=LoginPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/invitation/:token") view=InvitationPage />
                        <Route ssr=SsrMode::Async path=path!("/admin") view=AdminHome />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/new") view=NewEventPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug") view=EventAdminPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/report") view=EventReportPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/reports") view=ActivityPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/reports/countries/:code") view=CountryHistoryPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/registrations") view=RegistrationsPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/checkin") view=CheckinPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/import") view=ImportPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/mail") view=MailPageView />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/attendance") view=AttendancePageView />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/attendance/:id") view=AttendancePreviewPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/nominations") view=NominationsPageView />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/documents") view=DocumentsPageView />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/questions") view=QuestionsEditorPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/events/:slug/questions/:key/edit") view=QuestionEditPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/registrations/:id") view=RegistrationPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/people/:id") view=PersonPageView />
                        <Route ssr=SsrMode::Async path=path!("/admin/accounts") view=AccountsPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/audit") view=AuditPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/account") view=AccountPage />
                        <Route ssr=SsrMode::Async path=path!("/admin/tokens") view=AccountPage />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
