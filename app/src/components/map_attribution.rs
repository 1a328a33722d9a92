//! The credit line under every map.

use leptos::prelude::*;

use crate::map::MapSettings;

/// The tile service's credit line, as the server was configured with it; empty outside a
/// request (the maps are rendered on the server).
pub fn attribution_text() -> String {
    use_context::<MapSettings>()
        .map(|settings| settings.attribution)
        .unwrap_or_default()
}

/// The map's credit line, such as "Kaart: © Kadaster / PDOK".
#[component]
pub fn MapAttribution(class: &'static str, #[prop(into)] attribution: String) -> impl IntoView {
    let t = crate::i18n::browser_texts();
    view! { <p class=class>{t.map.map_label_short} ": " {attribution}</p> }
}
