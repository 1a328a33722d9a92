//! The credit line under every map.

use leptos::prelude::*;

use crate::api::map::get_map_settings;

/// The map's credit line, such as "Kaart: © Kadaster / PDOK".
#[component]
pub fn MapAttribution(class: &'static str) -> impl IntoView {
    let t = crate::i18n::texts();
    // A Resource, not a OnceResource: its fetcher runs inside this owner, so the server
    // function finds the settings in the request's context even when polled later.
    let settings = Resource::new(|| (), |_| get_map_settings());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                settings.await.ok().map(|s| view! { <p class=class>{t.map_label_short} ": " {s.attribution}</p> })
            })}
        </Suspense>
    }
}
