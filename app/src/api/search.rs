//! The search as server functions.

use leptos::prelude::*;

use crate::error::AppError;
use crate::search::engine::{Marker, SearchResult};

/// The companies matching the search in `query` (the home page's query string, such as
/// `regio=kempen&soort=bbl&pagina=2`): one page of them and the map's markers, clustered
/// for `marker_zoom`. A value the search cannot read is refused with its key, as the page
/// itself would report it.
#[server(endpoint = "search_companies")]
pub async fn search_companies(query: String, marker_zoom: u8) -> Result<SearchResult, AppError> {
    let result = cached_search(&query, marker_zoom).await?;
    Ok(SearchResult::clone(&result))
}

/// Only the map's markers for the search in `query`, clustered for `marker_zoom`: what the
/// map asks for when a gesture ends at another zoom. The same answer as
/// `search_companies` gives, without the list.
#[server(endpoint = "search_markers")]
pub async fn search_markers(query: String, marker_zoom: u8) -> Result<Vec<Marker>, AppError> {
    Ok(cached_search(&query, marker_zoom).await?.markers.clone())
}

/// Runs the search on the current catalog, or takes the answer it already gave.
#[cfg(feature = "ssr")]
async fn cached_search(query: &str, marker_zoom: u8) -> Result<std::sync::Arc<SearchResult>, AppError> {
    use crate::search::{Search, engine};

    let (search, errors) = Search::from_query(query);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let catalog = crate::db::from_context()?.catalog().await?;
    // Keyed by the search as the server reads it, so equal searches share one answer.
    let key = search.with_view(None).to_query();
    Ok(catalog.search_cached(&key, marker_zoom, || {
        engine::run(&catalog.companies, &search, marker_zoom)
    }))
}
