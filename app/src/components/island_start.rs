//! What islands start from, handed over without props.
//!
//! Leptos hands an island's props to the browser as JSON, and the JSON reader with a
//! deserializer per prop type was among the largest parts of the wasm every page with an
//! island loads. So no island takes props. What an island starts from is the
//! page's own address (`page_query`), the page it finds itself in (the form check reads
//! its form), or values the page renders into a hidden element with a known id (a
//! carrier) and provides as context for the island's render on the server. The island
//! reads the context on the server and the carrier's `data-` attributes in the browser,
//! so both render the same.

use leptos::prelude::*;

/// The page's query string ("?soort=bbl&…" or ""): the router's on the server, the
/// address in the browser.
pub fn page_query() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().search().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos_router::hooks::use_query_map().with_untracked(|q| q.to_query_string())
    }
}

/// The attribute `name` of the carrier with `id`, in the browser; empty when either is
/// missing.
#[cfg(feature = "hydrate")]
pub fn carried(id: &str, name: &str) -> String {
    document()
        .get_element_by_id(id)
        .and_then(|element| element.get_attribute(name))
        .unwrap_or_default()
}
