//! The frame around every page: skip link, header with the language switch, main area and
//! footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{LANGUAGES, texts};

/// Wraps a page in the site header and footer. The page's content becomes `<main>`.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = texts();
    view! {
        <a class="skip-link" href="#main">{t.site.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true"></span>
                    {t.site.site_name}
                </a>
                <p class="site-header__tagline">{t.site.tagline}</p>
                <a class="site-header__events" href="/evenementen">{t.events.nav_link}</a>
                <LanguageSwitch />
                <a class="site-header__login" href="/beheer">{t.site.for_companies}</a>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t.site.footer} " " <a href="/privacy">{t.site.privacy_link}</a></p>
        </footer>
    }
}

/// Links to the page in every other language. `/taal/{code}` remembers the choice in a
/// cookie and sends the person back to the same address. `data-returns` lets the map
/// update that address when it moves.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = texts();
    let location = use_location();
    let back = move || {
        // The router's `search` comes without its "?".
        let search = location.search.get();
        let here = match search.trim_start_matches('?') {
            "" => location.pathname.get(),
            query => format!("{}?{query}", location.pathname.get()),
        };
        form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
    };
    view! {
        <nav class="language-switch" aria-label=t.language_switch_label>
            {LANGUAGES
                .iter()
                .filter(|other| other.lang != t.lang)
                .map(|other| {
                    let code = other.lang;
                    view! {
                        <a
                            class="language-switch__link"
                            href=move || format!("/taal/{code}?terug={}", back())
                            rel="external"
                            data-returns
                            hreflang=code
                            lang=code
                        >
                            {other.language_name}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
