//! The frame around every page (header, main, footer) and the small pages that explain a
//! problem: not found, a bad or used link.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip" href="#main">
            {t!(i18n, site.skip)}
        </a>
        <header class="site">
            <a class="brand" href="/events">
                {t!(i18n, site.name)}
            </a>
            <span class="tagline">{t!(i18n, site.tagline)}</span>
            <LanguageMenu />
        </header>
        <main id="main">{children()}</main>
        <footer class="site">
            <p>{t!(i18n, site.footer)}</p>
        </footer>
    }
}

/// The six languages, each a link that remembers the choice and comes back to this page.
#[component]
fn LanguageMenu() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let (path, query) = (location.pathname.get(), location.search.get());
        let here = if query.is_empty() { path } else { format!("{path}?{query}") };
        here.replace('%', "%25").replace('&', "%26").replace('#', "%23").replace('?', "%3F")
    };
    view! {
        <nav class="languages" aria-label=move || t_string!(i18n, site.languages).to_string()>
            {crate::locale::ENDONYMS
                .iter()
                .map(|(code, name)| {
                    let current = move || i18n.get_locale().as_str() == *code;
                    view! {
                        <a href=move || format!("/lang/{code}?back={}", back()) lang=*code hreflang=*code rel="alternate"
                            aria-current=move || current().then_some("true")>{*name}</a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Sets the response status during server rendering; a no-op in the browser.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(code)
    {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_status(404);
    view! {
        <Title text=t_string!(i18n, site.not_found).to_string() />
        <h1>{t!(i18n, site.not_found)}</h1>
        <p>{t!(i18n, site.not_found_text)}</p>
        <p>
            <a href="/events">{t!(i18n, site.back_to_events)}</a>
        </p>
    }
}

/// Where a confirmation or manage link that did not work lands: `/link/invalid` or `/link/used`.
#[component]
pub fn LinkProblemPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let problem = move || params.read().get("problem").unwrap_or_default();
    set_status(match problem().as_str() {
        "used" => 410,
        "erased" => 200,
        _ => 404,
    });
    view! {
        {move || match problem().as_str() {
            "used" => view! { <h1>{t!(i18n, manage.link_used)}</h1> <p>{t!(i18n, manage.link_used_text)}</p> }.into_any(),
            "erased" => view! { <h1>{t!(i18n, manage.erased_title)}</h1> <p>{t!(i18n, manage.erased_text)}</p> }.into_any(),
            _ => view! { <h1>{t!(i18n, manage.link_invalid)}</h1> <p>{t!(i18n, manage.link_invalid_text)}</p> }.into_any(),
        }}
        <p>
            <a href="/events">{t!(i18n, site.back_to_events)}</a>
        </p>
    }
}

/// A short message for a server function that failed for reasons the person cannot fix.
#[component]
pub fn LoadError() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, site.error)}</h1>
        <p>{t!(i18n, site.error_text)}</p>
    }
}
