//! `/privacy`: what Techkaart keeps about students, why, for how long, who sees it and how
//! to delete it, in plain words (B1) in Dutch and English. The interest form, the
//! student's page, the guardian's page and every page's footer link here.

use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet, Title};
use leptos_router::hooks::use_query_map;

use crate::components::Layout;
use crate::i18n::texts;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let deleted = use_query_map().with_untracked(|q| q.get("verwijderd").is_some());
    view! {
        <Title text=format!("{} – {}", i.privacy_title, t.site.site_name) />
        <Meta name="description" content=i.privacy_intro />
        <Stylesheet href=super::WORKSPACE_CSS />
        <Layout>
            <article class="privacy">
                <h1>{i.privacy_title}</h1>
                {deleted.then(|| view! { <p class="notice" role="status">{i.deleted_notice}</p> })}
                <p class="privacy__intro">{i.privacy_intro}</p>
                {i.privacy_sections.iter().map(|(heading, text)| view! {
                    <section>
                        <h2>{*heading}</h2>
                        <p>{*text}</p>
                    </section>
                }).collect_view()}
            </article>
        </Layout>
    }
}
