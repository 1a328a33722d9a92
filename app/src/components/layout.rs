//! The frame around every page: skip link, header, main area and footer.

use leptos::prelude::*;

use crate::i18n::texts;

/// Wraps a page in the site header and footer. The page's content becomes `<main>`.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = texts();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true"></span>
                    {t.site_name}
                </a>
                <p class="site-header__tagline">{t.tagline}</p>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t.footer}</p>
        </footer>
    }
}
