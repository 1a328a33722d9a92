//! The page for addresses that lead nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Layout;
use crate::i18n::texts;

/// Says the page does not exist and offers the way back. The server answers it with 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = texts();
    view! {
        <Title text=format!("{} – {}", t.not_found_title, t.site_name) />
        <Layout>
            <section class="not-found">
                <h1>{t.not_found_title}</h1>
                <p>{t.not_found_text}</p>
                <p><a class="button" href="/">{t.back_home}</a></p>
            </section>
        </Layout>
    }
}
