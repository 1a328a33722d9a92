//! The home page: the search form, the map and the results list.
//!
//! Everything a person chooses is in the URL (`?soort=bbl&niveau=mbo2&gemeente=bladel`,
//! plus `kaart=` for the map's view and `pagina=`), so a shared link or Back shows the same
//! thing. The results come from the `search_companies` server function; the map and the
//! list show the same result.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::search::search_companies;
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
    let query = use_query_map();
    let parsed = Memo::new(move |_| query.with(|q| Search::from_query(&q.to_query_string())));
    let search = Memo::new(move |_| parsed.with(|(search, _)| search.clone()));
    let problems = Memo::new(move |_| parsed.with(|(_, errors)| errors.clone()));
    // The map reports the zoom its markers are for; a pan alone fetches nothing.
    let marker_zoom =
        RwSignal::new(crate::components::explore_map::initial_view(&search.get_untracked()).marker_zoom());
    let request = Memo::new(move |_| (search.with(|s| s.with_view(None).to_query()), marker_zoom.get()));
    let results = Resource::new(move || request.get(), |(query, zoom)| search_companies(query, zoom));
    // Which half a phone shows; wider screens show both side by side.
    let show_list = RwSignal::new(false);

    view! {
        <Title text=t.home_title />
        <Meta name="description" content=t.home_description />
        <Layout>
            <section class="intro">
                <h1>{t.home_heading}</h1>
                <p>{t.home_intro}</p>
            </section>
            <SearchForm search />
            <SearchProblems problems />
            <div class="view-switch" role="group" aria-label=t.results_heading>
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || (!show_list.get()).to_string()
                    on:click=move |_| show_list.set(false)
                >
                    {t.show_map}
                </button>
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || show_list.get().to_string()
                    on:click=move |_| show_list.set(true)
                >
                    {t.show_list}
                </button>
            </div>
            <div class="explore" class:explore--list=move || show_list.get()>
                <ExploreMap search results marker_zoom />
                <section class="results" aria-labelledby="results-heading">
                    <h2 id="results-heading" class="section-heading">{t.results_heading}</h2>
                    <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                        {move || Suspend::new(async move {
                            let result = results.await;
                            view! { <Results result search=search.get_untracked() /> }
                        })}
                    </Transition>
                </section>
            </div>
        </Layout>
    }
}

/// Says which parts of the URL could not be read and were left out.
#[component]
fn SearchProblems(problems: Memo<Vec<FieldError>>) -> impl IntoView {
    let t = texts();
    move || {
        let problems = problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <div class="notice" role="alert">
                    <p>{t.search_invalid}</p>
                    <ul>
                        {problems
                            .into_iter()
                            .map(|p| view! { <li>{t.search_key(&p.field)} " " {t.problem(p.problem)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The count, the company cards and the page links, or why there are none.
#[component]
fn Results(result: Result<SearchResult, AppError>, search: Search) -> impl IntoView {
    let t = texts();
    let result = match result {
        Ok(result) => result,
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let pages = result.page_count();
    let page = result.page;
    let origin_note = result.origin.as_ref().map(|(_, town)| t.measured_from(town.as_deref()));
    view! {
        <p class="result-count" role="status">{t.companies_found(result.total)}</p>
        {origin_note.map(|note| view! { <p class="origin-note">{note}</p> })}
        {(result.total == 0).then(|| {
            view! {
                <p class="empty">
                    {t.no_results} " "
                    {search.is_filtered().then(|| view! { <a href="/">{t.widen_search}</a> })}
                </p>
            }
        })}
        {(result.total > 0 && result.hits.is_empty()).then(|| {
            view! {
                <p class="empty">
                    {t.page_past_the_end} " " <a href=search.with_page(1).href()>{t.first_page}</a>
                </p>
            }
        })}
        <ul class="company-list">
            {result.hits.into_iter().map(|hit| view! { <HitCard hit /> }).collect_view()}
        </ul>
        {(pages > 1).then(|| {
            view! {
                <nav class="pagination" aria-label=t.pagination_label>
                    {(page > 1).then(|| view! {
                        <a class="chip" rel="prev" href=search.with_page(page - 1).href()>{t.previous_page}</a>
                    })}
                    <span class="pagination__where">{t.page_of(page, pages)}</span>
                    {(page < pages).then(|| view! {
                        <a class="chip" rel="next" href=search.with_page(page + 1).href()>{t.next_page}</a>
                    })}
                </nav>
            }
        })}
    }
    .into_any()
}
