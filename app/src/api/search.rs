//! The search as server functions.

use leptos::prelude::*;
use leptos::server_fn::codec::Post;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

use crate::error::AppError;
use crate::search::engine::{Marker, SearchResult};
use crate::search::marker_text::MarkerText;

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
/// map asks for when a gesture ends at another zoom. The same markers as
/// `search_companies` gives, without the list, as `marker_text` (no JSON to read in the
/// browser).
#[server(endpoint = "search_markers", output = Post<MarkerText>)]
pub async fn search_markers(query: String, marker_zoom: u8) -> Result<Vec<Marker>, NoMarkers> {
    match cached_search(&query, marker_zoom).await {
        Ok(result) => Ok(result.markers.clone()),
        Err(error) => Err(NoMarkers::Because(error)),
    }
}

/// Why `search_markers` gave no markers. The server answers with the `AppError` as every
/// server function does (its status set from it); the map only needs to know it got none
/// and keeps the markers it shows, so the browser does not read the details and needs no
/// JSON reader for them.
#[derive(Debug)]
pub enum NoMarkers {
    /// What the server found wrong (on the server only).
    Because(AppError),
    /// What the browser knows: the call failed.
    Failed,
}

impl FromServerFnError for NoMarkers {
    type Encoder = NoMarkersCodec;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        NoMarkers::Because(AppError::from_server_fn_error(value))
    }
}

/// `NoMarkers` on the wire: the `AppError`'s JSON from the server; whatever arrives reads
/// as `Failed` in the browser.
pub struct NoMarkersCodec;

impl ContentType for NoMarkersCodec {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for NoMarkersCodec {
    const FORMAT_TYPE: Format = Format::Text;
}

impl Encodes<NoMarkers> for NoMarkersCodec {
    type Error = AppError;

    fn encode(value: &NoMarkers) -> Result<Bytes, AppError> {
        #[cfg(feature = "ssr")]
        {
            let error = match value {
                NoMarkers::Because(error) => error,
                NoMarkers::Failed => &AppError::Internal,
            };
            serde_json::to_vec(error)
                .map(Bytes::from)
                .map_err(|_| AppError::Internal)
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = value;
            Err(AppError::Internal)
        }
    }
}

impl Decodes<NoMarkers> for NoMarkersCodec {
    type Error = AppError;

    fn decode(_: Bytes) -> Result<NoMarkers, AppError> {
        Ok(NoMarkers::Failed)
    }
}

/// The answer to `search` (already read) from the catalog this process has now, without
/// waiting; `None` before the first catalog is built (then `search_companies` builds it).
#[cfg(feature = "ssr")]
pub fn search_at_once(search: &crate::search::Search, marker_zoom: u8) -> Option<std::sync::Arc<SearchResult>> {
    let catalog = crate::catalog::latest(&crate::db::from_context().ok()?)?;
    Some(answer_for(&catalog, search, marker_zoom))
}

/// The events the map shows for `search`, as `event_pins` text: those of the current
/// catalog in the search's region and municipality that have not ended, in the
/// language of the page. Empty unless the person switched them on.
#[cfg(feature = "ssr")]
pub fn event_pins_at_once(search: &crate::search::Search) -> String {
    use crate::search::event_pins::{EventPin, write};

    if !search.show_events {
        return String::new();
    }
    let Some(catalog) = crate::db::from_context()
        .ok()
        .and_then(|db| crate::catalog::latest(&db))
    else {
        return String::new();
    };
    let t = crate::i18n::texts();
    let now = crate::db::now();
    let filters = &search.filters;
    // Events at one place (a venue's series, a company's days) share one pin.
    let mut places: Vec<(crate::map::LatLon, Vec<&crate::domain::Event>)> = Vec::new();
    for event in catalog
        .events
        .iter()
        .filter(|event| !event.is_past(now))
        .filter(|event| filters.region.is_none_or(|region| event.region() == region))
        .filter(|event| filters.municipality.is_none_or(|m| event.event.venue.municipality == m))
    {
        let at = crate::map::LatLon::new(event.event.venue.latitude, event.event.venue.longitude);
        match places.iter_mut().find(|(place, _)| *place == at) {
            Some((_, events)) => events.push(event),
            None => places.push((at, vec![event])),
        }
    }
    let pins: Vec<EventPin> = places
        .into_iter()
        .map(|(position, events)| {
            let first = events[0];
            let start = first.event.times.start.in_amsterdam();
            let month = t.words.months[usize::from(u8::from(start.month())) - 1];
            let when = format!("{} {month} {:02}:{:02}", start.day(), start.hour(), start.minute());
            let title = t.pick(&first.event.title_nl, &first.event.title_en);
            if events.len() == 1 {
                EventPin {
                    href: crate::routes::events::event_href(first.id),
                    position,
                    when,
                    title: title.to_owned(),
                }
            } else {
                let list = crate::domain::EventSearch {
                    municipality: Some(first.event.venue.municipality),
                    ..Default::default()
                };
                EventPin {
                    href: list.href("/evenementen"),
                    position,
                    when,
                    title: t.map.events_at_place.of(events.len() as i64).replace("{first}", title),
                }
            }
        })
        .collect();
    write(&pins)
}

/// Runs the search on the current catalog, or takes the answer it already gave.
#[cfg(feature = "ssr")]
async fn cached_search(query: &str, marker_zoom: u8) -> Result<std::sync::Arc<SearchResult>, AppError> {
    let catalog = crate::catalog::current(&crate::db::from_context()?).await?;
    answer(&catalog, query, marker_zoom)
}

/// The answer to the search in `query` from `catalog`, computed once per snapshot. A value
/// the search cannot read is refused with its key.
#[cfg(feature = "ssr")]
fn answer(
    catalog: &crate::catalog::Snapshot,
    query: &str,
    marker_zoom: u8,
) -> Result<std::sync::Arc<SearchResult>, AppError> {
    use crate::search::Search;

    let (search, errors) = Search::from_query(query);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(answer_for(catalog, &search, marker_zoom))
}

/// `answer` for a search already read.
#[cfg(feature = "ssr")]
fn answer_for(
    catalog: &crate::catalog::Snapshot,
    search: &crate::search::Search,
    marker_zoom: u8,
) -> std::sync::Arc<SearchResult> {
    // Keyed by the search as the server reads it, so equal searches share one answer.
    let key = search.with_view(None).to_query();
    catalog.search_cached(&key, marker_zoom, || {
        crate::search::engine::run(&catalog.companies, search, marker_zoom)
    })
}
