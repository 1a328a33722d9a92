//! Which language a page is in: the `taal` cookie, else `Accept-Language`, else Dutch; and the
//! groups of texts the islands carry to the browser.

use super::*;

/// The language of the current page, provided by `App`.
#[derive(Clone, Copy)]
pub struct Language(pub &'static Texts);

/// The texts of the current page's language (on the server; islands take `browser_texts`).
pub fn texts() -> &'static Texts {
    leptos::prelude::use_context::<Language>().map_or_else(request_language, |language| language.0)
}

/// The groups of texts the islands use, in one language.
#[derive(Clone, Copy)]
pub struct BrowserTexts {
    pub lang: &'static str,
    pub map: &'static MapTexts,
    pub words: &'static Words,
    pub labels: &'static Labels,
}

impl BrowserTexts {
    const fn of(texts: &'static Texts) -> BrowserTexts {
        BrowserTexts {
            lang: texts.lang,
            map: texts.map,
            words: texts.words,
            labels: texts.labels,
        }
    }
}

/// Every language's `BrowserTexts`, in the order of `LANGUAGES`, worked out while
/// compiling: the browser's wasm holds these groups and no whole `Texts`.
#[cfg_attr(feature = "ssr", allow(dead_code))]
pub(super) const BROWSER_TEXTS: [BrowserTexts; LANGUAGES.len()] = {
    let mut all = [BrowserTexts::of(LANGUAGES[0]); LANGUAGES.len()];
    let mut i = 1;
    while i < LANGUAGES.len() {
        all[i] = BrowserTexts::of(LANGUAGES[i]);
        i += 1;
    }
    all
};

/// The texts an island uses, in the page's language: from the request on the server, from
/// `<html lang>` in the browser.
pub fn browser_texts() -> BrowserTexts {
    #[cfg(feature = "ssr")]
    {
        BrowserTexts::of(texts())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let lang = leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .unwrap_or_default();
        BROWSER_TEXTS
            .iter()
            .copied()
            .find(|texts| texts.lang.eq_ignore_ascii_case(&lang))
            .unwrap_or(BROWSER_TEXTS[0])
    }
}

/// The language with this code.
pub fn by_code(code: &str) -> Option<&'static Texts> {
    LANGUAGES.iter().copied().find(|t| t.lang.eq_ignore_ascii_case(code))
}

/// Picks the language from the `taal` cookie, else the best of `Accept-Language`, else
/// the default.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> &'static Texts {
    let chosen = cookie_header.and_then(|header| {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANGUAGE_COOKIE)
            .and_then(|(_, value)| by_code(value.trim()))
    });
    chosen
        .or_else(|| accept_language.and_then(best_accepted))
        .unwrap_or(LANGUAGES[0])
}

/// The supported language the `Accept-Language` header ranks highest.
fn best_accepted(header: &str) -> Option<&'static Texts> {
    let mut best: Option<(f32, &'static Texts)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(texts) = by_code(primary)
            && quality > 0.0
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, texts));
        }
    }
    best.map(|(_, texts)| texts)
}

/// The language of the request being rendered (server) or of the page (browser).
pub fn request_language() -> &'static Texts {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        let header = |name| {
            parts
                .as_ref()
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
        };
        negotiate(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE))
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| by_code(&lang))
            .unwrap_or(LANGUAGES[0])
    }
}
