//! The row of region links above the company list.

use leptos::prelude::*;

use super::home_href;
use crate::domain::Region;
use crate::i18n::texts;

/// Links to "both regions", Kempen and IJmond; the chosen one is marked as current.
///
/// Plain links, so the filter works without JavaScript and every state has a URL; once
/// hydrated, the router turns them into navigation without a page load.
#[component]
pub fn RegionFilter(#[prop(into)] selected: Signal<Option<Region>>) -> impl IntoView {
    let t = texts();
    let choices = std::iter::once(None).chain(Region::ALL.iter().copied().map(Some));
    view! {
        <nav class="region-filter" aria-label=t.filter_label>
            <span class="region-filter__label" aria-hidden="true">{t.filter_label}</span>
            <ul class="region-filter__choices">
                {choices
                    .map(|choice| {
                        let label = choice.map_or(t.all_regions, Region::name);
                        view! {
                            <li>
                                <a
                                    class="chip"
                                    href=home_href(choice, 1)
                                    aria-current=move || (selected.get() == choice).then_some("page")
                                >
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
