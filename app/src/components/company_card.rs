//! One company in the list: where it is and what it has open.

use leptos::prelude::*;

use super::company_href;
use crate::domain::{CompanyListing, PlacementKind};
use crate::i18n::texts;

/// A company with its town, region, SBB badge and open placements by kind.
#[component]
pub fn CompanyCard(company: CompanyListing) -> impl IntoView {
    let t = texts();
    let counts = [
        (PlacementKind::Bbl, company.open_bbl),
        (PlacementKind::BolInternship, company.open_bol_internships),
        (PlacementKind::OrientationDay, company.open_orientation_days),
        (PlacementKind::Job, company.open_jobs),
    ];
    let place = if company.town == company.municipality {
        company.town.clone()
    } else {
        format!("{}, gemeente {}", company.town, company.municipality)
    };
    view! {
        <li class="company-card" data-region=company.region.code()>
            <div class="company-card__head">
                <h3 class="company-card__name">
                    <a href=company_href(&company.slug)>{company.name}</a>
                </h3>
                <span class="region-tag">{company.region.name()}</span>
            </div>
            <p class="company-card__place">{place}</p>
            {company.sbb_accredited.then(|| view! {
                <p class="badge" title=t.sbb_badge_title>{t.sbb_badge}</p>
            })}
            <ul class="kind-counts">
                {counts
                    .into_iter()
                    .filter(|(_, count)| *count > 0)
                    .map(|(kind, count)| view! {
                        <li class=format!("kind kind--{}", kind.code())>{t.kind_count(kind, count)}</li>
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}
