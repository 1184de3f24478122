//! Which of our languages a person reads: from a stored language code (emails), or from the
//! request (pages rendered by server functions), the same way the i18n layer picks it.
use crate::{domain::Language, i18n::Locale};
use leptos_i18n::Locale as _;

/// The locale for a stored language code ("fr"), or English when we do not have that language yet.
pub fn locale_of(code: &str) -> Locale {
    code.parse().unwrap_or_default()
}

/// The language whose country names (and stored code) go with `loc`.
pub fn language_of(loc: Locale) -> Language {
    Language::parse(loc.as_str()).unwrap_or(Language::En)
}

/// A country's name in the reader's language, from its ISO code (the code itself if unknown).
pub fn country_name(code: &str, loc: Locale) -> String {
    crate::domain::CountryCode::parse(code).map(|c| c.country().name(language_of(loc)).to_owned()).unwrap_or_else(|_| code.to_owned())
}

/// The locale of the request being served (from within a page or server function).
#[cfg(feature = "ssr")]
pub async fn request_locale() -> Locale {
    let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await else { return Locale::default() };
    locale_of_headers(&headers)
}

/// The locale a request's headers ask for: the language cookie first, then Accept-Language.
#[cfg(feature = "ssr")]
pub fn locale_of_headers(headers: &axum::http::HeaderMap) -> Locale {
    use axum::http::header;
    let cookie = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == "i18n_pref_locale").then(|| value.to_owned())
    });
    if let Some(found) = cookie.and_then(|c| c.parse::<Locale>().ok()) {
        return found;
    }
    let accepted: Vec<String> = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').filter_map(|part| part.split(';').next()).map(|l| l.trim().to_owned()).collect())
        .unwrap_or_default();
    Locale::find_locale(&accepted)
}

/// Each language by its own name, for the language menu (not translated on purpose).
pub const ENDONYMS: [(&str, &str); 6] =
    [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ru", "Русский"), ("zh", "中文"), ("ar", "العربية")];

/// Whether `path` is a path on this site: one `/`, then no second `/` or `\\` (which browsers
/// read as another host, `/\\evil.example`), and nothing a header could not carry.
pub fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.contains('\\')
        && path.chars().all(|c| !c.is_control())
        && path.len() <= 2048
}

/// `GET /lang/{code}?back=/path`: remembers the language (the cookie the i18n layer reads) and
/// returns to the page. A plain link, so choosing a language works without JavaScript.
#[cfg(feature = "ssr")]
pub async fn choose(
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::{http::header, response::IntoResponse};
    let back = q.get("back").filter(|b| is_local_path(b)).cloned().unwrap_or_else(|| "/events".into());
    let mut response = axum::response::Redirect::to(&back).into_response();
    if let Ok(locale) = code.parse::<Locale>()
        && let Ok(value) = format!("i18n_pref_locale={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.as_str()).parse()
    {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_site_s_paths_are_gone_back_to() {
        assert!(is_local_path("/events/forum?x=1"));
        assert!(is_local_path("/"));
        for bad in ["//evil.example", "/\\evil.example", "/ok\\..\\x", "https://evil.example", "evil", "", "/a\nb"] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
