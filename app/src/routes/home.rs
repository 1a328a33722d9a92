//! The home page: the search form, the map and the results list.
//!
//! Everything a person chooses is in the URL (`?soort=bbl&niveau=mbo2&gemeente=bladel`,
//! plus `kaart=` for the map's view and `pagina=`), so a shared link or Back shows the same
//! thing. The page is rendered on the server; only the map and two helpers of the form
//! run in the browser (islands). A new search is a new page. The map and the list show
//! the same answer of the search.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::search::search_companies;
use crate::components::explore_map::MapStart;
use crate::components::kept_html::kept_html;
use crate::components::map_attribution::attribution_text;
use crate::components::{ErrorMessage, ExploreMap, HitCard, Layout, SearchForm};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::i18n::texts;
use crate::search::Search;
use crate::search::engine::SearchResult;

/// `/`: search, map and list.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = texts();
    let (search, problems) = use_query_map().with_untracked(|q| Search::from_query(&q.to_query_string()));
    let marker_zoom = crate::components::explore_map::initial_view(&search).marker_zoom();
    let request = search.with_view(None).to_query();
    let attribution = attribution_text();
    // The form shows the filters only: the same on every page and map view of a search.
    let form_search = search.with_view(None).with_page(1);
    // The answer at once from the catalog the server keeps; only while a process has not
    // built its first catalog does the page wait for the search (a resource).
    let explore = match answer_at_once(&search, marker_zoom) {
        Some(result) => explore(result, search.clone(), attribution).into_any(),
        None => {
            let results = Resource::new(
                move || request.clone(),
                move |query| search_companies(query, marker_zoom),
            );
            let shown = search.clone();
            view! {
                <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                    {move || {
                        let search = shown.clone();
                        let attribution = attribution.clone();
                        Suspend::new(async move { explore(results.await.map(Arc::new), search, attribution) })
                    }}
                </Suspense>
            }
            .into_any()
        }
    };

    view! {
        <Title text=t.home.home_title />
        <Meta name="description" content=t.home.home_description />
        <Layout>
            <section class="intro intro--home">
                <h1>{t.home.home_heading}</h1>
                <p>{t.home.home_intro}</p>
            </section>
            // The same for every map view of a search (see `kept_html`).
            <div inner_html=kept_html("search-form", form_search.to_query(), t.lang, form_search, |search| {
                view! { <SearchForm search /> }.to_html()
            })></div>
            <SearchProblems problems />
            // Phones show the map or the list; wider screens show both side by side.
            <fieldset class="view-switch">
                <legend class="visually-hidden">{t.home.show_as}</legend>
                <input class="view-switch__choice" type="radio" name="weergave" id="show-map" checked />
                <label class="chip" for="show-map">{t.home.show_map}</label>
                <input class="view-switch__choice" type="radio" name="weergave" id="show-list" />
                <label class="chip" for="show-list">{t.home.show_list}</label>
            </fieldset>
            {explore}
        </Layout>
    }
}

/// The events the map shows, from the catalog the server keeps.
fn event_pins(search: &Search) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::api::search::event_pins_at_once(search)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = search;
        String::new()
    }
}

/// The search's answer without waiting, when the server has a catalog (always, once it
/// serves: it builds the catalog before it listens). Rendering without a resource saves
/// the round through the async runtime on every page rendered anew.
fn answer_at_once(search: &Search, marker_zoom: u8) -> Option<Result<Arc<SearchResult>, AppError>> {
    #[cfg(feature = "ssr")]
    {
        crate::api::search::search_at_once(search, marker_zoom).map(Ok)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (search, marker_zoom);
        None
    }
}

/// The map and the list for one answer of the search.
fn explore(result: Result<Arc<SearchResult>, AppError>, search: Search, attribution: String) -> impl IntoView {
    let t = texts();
    let start = MapStart {
        markers: crate::search::marker_text::write(result.as_ref().map_or(&[][..], |r| &r.markers)),
        events: event_pins(&search),
        attribution,
    };
    view! {
        <div class="explore">
            {start.carrier()}
            <ExploreMap />
            <section class="results" aria-labelledby="results-heading">
                <h2 id="results-heading" class="section-heading">{t.home.results_heading}</h2>
                <Results result search />
            </section>
        </div>
    }
}

/// Says which parts of the URL could not be read and were left out.
#[component]
fn SearchProblems(problems: Vec<FieldError>) -> impl IntoView {
    let t = texts();
    (!problems.is_empty()).then(|| {
        view! {
            <div class="notice" role="alert">
                <p>{t.home.search_invalid}</p>
                <ul>
                    {problems
                        .into_iter()
                        .map(|p| view! { <li>{t.labels.search_key(&p.field)} " " {t.words.problem(p.problem)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The count, the company cards and the page links, or why there are none.
#[component]
fn Results(result: Result<Arc<SearchResult>, AppError>, search: Search) -> impl IntoView {
    let t = texts();
    let result = match result {
        Ok(result) => result,
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let pages = result.page_count();
    let page = result.page;
    let origin_note = result
        .origin
        .as_ref()
        .map(|(_, town)| t.words.measured_from(town.as_deref()));
    view! {
        <p class="result-count" role="status">{t.home.companies_found(result.total)}</p>
        {origin_note.map(|note| view! { <p class="origin-note">{note}</p> })}
        {(result.total == 0).then(|| {
            view! {
                <p class="empty">
                    {t.home.no_results} " "
                    {search.is_filtered().then(|| view! { <a href="/">{t.home.widen_search}</a> })}
                </p>
            }
        })}
        {(result.total > 0 && result.hits.is_empty()).then(|| {
            view! {
                <p class="empty">
                    {t.home.page_past_the_end} " " <a href=search.with_page(1).href() data-keeps-view>{t.home.first_page}</a>
                </p>
            }
        })}
        <ul class="company-list" inner_html=kept_html("cards", search.with_view(None).to_query(), t.lang, result.hits.clone(), |hits| {
            hits.into_iter().map(|hit| view! { <HitCard hit /> }).collect_view().to_html()
        })></ul>
        {(pages > 1).then(|| {
            view! {
                <nav class="pagination" aria-label=t.home.pagination_label>
                    {(page > 1).then(|| view! {
                        <a class="chip" rel="prev" href=search.with_page(page - 1).href() data-keeps-view>{t.home.previous_page}</a>
                    })}
                    <span class="pagination__where">{t.home.page_of(page, pages)}</span>
                    {(page < pages).then(|| view! {
                        <a class="chip" rel="next" href=search.with_page(page + 1).href() data-keeps-view>{t.home.next_page}</a>
                    })}
                </nav>
            }
        })}
    }
    .into_any()
}
