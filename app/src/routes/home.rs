//! The home page: both regions at a glance and the companies with open placements.
//!
//! The chosen region and page live in the URL (`?regio=kempen&pagina=2`), so a shared
//! link shows the same list, and the list is fetched through server functions.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::companies::list_companies;
use crate::api::regions::list_region_summaries;
use crate::components::{CompanyCard, ErrorMessage, Layout, Pagination, RegionFilter, home_href};
use crate::domain::{CompanyList, Region, RegionSummary};
use crate::error::AppError;
use crate::i18n::texts;

/// `/`: region counts, the region filter and the list of companies with open placements.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = texts();
    let query = use_query_map();
    let region = Memo::new(move |_| query.with(|q| q.get_str("regio").and_then(Region::from_code)));
    let page = Memo::new(move |_| query.with(|q| q.get_str("pagina").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1)));
    let summaries = Resource::new(|| (), |_| list_region_summaries());
    let companies = Resource::new(
        move || (region.get(), page.get()),
        |(region, page)| list_companies(region, page),
    );

    view! {
        <Title text=t.home_title />
        <Meta name="description" content=t.home_description />
        <Layout>
            <section class="intro">
                <h1>{t.home_heading}</h1>
                <p>{t.home_intro}</p>
            </section>
            <section class="regions" aria-labelledby="regions-heading">
                <h2 id="regions-heading" class="section-heading">{t.regions_heading}</h2>
                <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        view! { <RegionCards summaries=summaries.await selected=region.get() /> }
                    })}
                </Suspense>
            </section>
            <section class="results" aria-label=t.regions_heading>
                <RegionFilter selected=region />
                <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || Suspend::new(async move { view! { <CompanyResults result=companies.await /> } })}
                </Transition>
            </section>
        </Layout>
    }
}

/// A card per region with its counts, each a link to that region's list.
#[component]
fn RegionCards(summaries: Result<Vec<RegionSummary>, AppError>, selected: Option<Region>) -> impl IntoView {
    let t = texts();
    match summaries {
        Ok(summaries) => view! {
            <ul class="region-cards">
                {summaries
                    .into_iter()
                    .map(|summary| {
                        let current = (selected == Some(summary.region)).then_some("page");
                        view! {
                            <li>
                                <a class="region-card" href=home_href(Some(summary.region), 1) aria-current=current>
                                    <span class="region-card__name">{summary.region.name()}</span>
                                    <span class="region-card__count">
                                        {t.region_counts(summary.open_placements, summary.companies_with_open_placements)}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
        Err(error) => view! { <ErrorMessage error /> }.into_any(),
    }
}

/// The result count, the company cards and the page links, or why there are none.
#[component]
fn CompanyResults(result: Result<CompanyList, AppError>) -> impl IntoView {
    let t = texts();
    let page = match result {
        Ok(page) => page,
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let pages = page.page_count();
    view! {
        <p class="result-count" role="status">{t.result_count(page.total, page.region)}</p>
        {page.companies.is_empty().then(|| {
            if page.page > pages {
                view! {
                    <p class="empty">
                        {t.page_past_the_end} " " <a href=home_href(page.region, 1)>{t.first_page}</a>
                    </p>
                }
                    .into_any()
            } else {
                view! { <p class="empty">{t.no_companies}</p> }.into_any()
            }
        })}
        <ul class="company-list">
            {page.companies.into_iter().map(|company| view! { <CompanyCard company /> }).collect_view()}
        </ul>
        <Pagination region=page.region page=page.page pages />
    }
    .into_any()
}
