//! One company in the results list: where it is, how far, and its matching placements.

use leptos::prelude::*;

use super::{company_href, placement_href};
use crate::i18n::texts;
use crate::search::engine::SearchHit;

/// A company with its town, SBB badge, travel estimate and matching open placements.
#[component]
pub fn HitCard(hit: SearchHit) -> impl IntoView {
    let t = texts();
    let region = hit.municipality.region();
    let place = if hit.town == hit.municipality.name() {
        hit.town.clone()
    } else {
        format!("{}, {}", hit.town, hit.municipality.name())
    };
    let shown = hit.placements.len() as u32;
    let more = hit.open.total().saturating_sub(shown);
    let slug = hit.slug.clone();
    view! {
        <li class="company-card" data-region=region.code()>
            <div class="company-card__head">
                <h3 class="company-card__name">
                    <a href=company_href(&hit.slug)>{hit.name}</a>
                </h3>
                <span class="region-tag">{region.name()}</span>
            </div>
            <p class="company-card__place">{place}</p>
            {hit.travel.map(|travel| view! { <p class="company-card__travel">{t.words.travel(&travel)}</p> })}
            {hit.sbb_accredited.then(|| view! {
                <p class="badge" title=t.site.sbb_badge_title>{t.site.sbb_badge}</p>
            })}
            <ul class="kind-counts">
                {hit.open
                    .nonzero()
                    .into_iter()
                    .map(|(kind, count)| view! {
                        <li class=format!("kind kind--{}", kind.code())>{t.words.kind_count(kind, i64::from(count))}</li>
                    })
                    .collect_view()}
            </ul>
            <ul class="company-card__placements">
                {hit.placements
                    .into_iter()
                    .map(|p| view! {
                        <li>
                            <a href=placement_href(&slug, p.id)>{p.title}</a>
                            <span class="company-card__level">{" · "}{t.words.level(p.level)}</span>
                        </li>
                    })
                    .collect_view()}
                {(more > 0).then(|| view! { <li class="company-card__more">{t.home.more_placements(more)}</li> })}
            </ul>
        </li>
    }
}
