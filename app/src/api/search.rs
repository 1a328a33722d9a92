//! The search as a server function.

use leptos::prelude::*;

use crate::error::AppError;
use crate::search::engine::SearchResult;

/// The companies matching the search in `query` (the home page's query string, such as
/// `regio=kempen&soort=bbl&pagina=2`): one page of them and the map's markers, clustered
/// for `marker_zoom`. A value the search cannot read is refused with its key, as the page
/// itself would report it.
#[server(endpoint = "search_companies")]
pub async fn search_companies(query: String, marker_zoom: u8) -> Result<SearchResult, AppError> {
    use crate::search::{Search, engine};

    let (search, errors) = Search::from_query(&query);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let catalog = crate::db::from_context()?.catalog().await?;
    // Keyed by the search as the server reads it, so equal searches share one answer.
    let key = search.with_view(None).to_query();
    let result = catalog.search_cached(&key, marker_zoom, || {
        engine::run(&catalog.companies, &search, marker_zoom)
    });
    Ok(SearchResult::clone(&result))
}
