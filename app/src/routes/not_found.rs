//! The page for addresses that lead nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Layout;
use crate::i18n::texts;

/// Says the page does not exist and offers the way back. The server answers it with 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Layout>
            <NotFound text=texts().site.not_found_text />
        </Layout>
    }
}

/// The body of a not-found page, for any page that finds nothing to show; sets the 404.
#[component]
pub fn NotFound(text: &'static str) -> impl IntoView {
    let t = texts();
    crate::response::set_not_found();
    view! {
        <Title text=format!("{} – {}", t.site.not_found_title, t.site.site_name) />
        <section class="not-found">
            <h1>{t.site.not_found_title}</h1>
            <p>{text}</p>
            <p>
                <a class="button" href="/">{t.site.back_home}</a>
            </p>
        </section>
    }
}
