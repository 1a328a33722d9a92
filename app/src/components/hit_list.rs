//! The company cards of one page of results, rendered once and kept.
//!
//! The cards are the largest part of the home page (about 12 KB of its 28), and they are
//! the same for every map view of a search, while every pan or zoom of a shared link is a
//! new address whose page is rendered anew. So the server renders a list of cards to HTML
//! once per search, page and language and keeps it. A kept list is used only for exactly
//! the same hits (they are compared, not trusted by key), so a list that changed with the
//! catalog is rendered anew. The HTML comes from Leptos's own rendering, escaped as every
//! page is.

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use super::HitCard;
use crate::search::engine::SearchHit;

/// How many lists the server keeps; emptied when full rather than tracked by age.
#[cfg(feature = "ssr")]
const LISTS_KEPT: usize = 256;

/// The cards of `hits` as HTML, for the search `key` (the query without the map's view,
/// with the page) in language `lang`.
pub fn cards_html(key: &str, lang: &'static str, hits: Vec<SearchHit>) -> std::sync::Arc<str> {
    #[cfg(feature = "ssr")]
    {
        kept::cards_html(key, lang, hits)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (key, lang);
        render(hits)
    }
}

fn render(hits: Vec<SearchHit>) -> std::sync::Arc<str> {
    hits.into_iter()
        .map(|hit| view! { <HitCard hit /> })
        .collect_view()
        .to_html()
        .into()
}

#[cfg(feature = "ssr")]
mod kept {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};

    use super::{LISTS_KEPT, render};
    use crate::search::engine::SearchHit;

    type Lists = HashMap<(String, &'static str), (Vec<SearchHit>, Arc<str>)>;

    static LISTS: LazyLock<Mutex<Lists>> = LazyLock::new(Mutex::default);

    pub fn cards_html(key: &str, lang: &'static str, hits: Vec<SearchHit>) -> Arc<str> {
        let slot = (key.to_owned(), lang);
        if let Ok(lists) = LISTS.lock()
            && let Some((kept_hits, html)) = lists.get(&slot)
            && *kept_hits == hits
        {
            return html.clone();
        }
        let html = render(hits.clone());
        if let Ok(mut lists) = LISTS.lock() {
            if lists.len() >= LISTS_KEPT {
                lists.clear();
            }
            lists.insert(slot, (hits, html.clone()));
        }
        html
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::Municipality;
    use crate::map::LatLon;
    use crate::search::engine::KindCounts;

    fn hit(name: &str) -> SearchHit {
        SearchHit {
            slug: "van-dijk".to_owned(),
            name: name.to_owned(),
            town: "Hapert".to_owned(),
            municipality: Municipality::Bladel,
            position: LatLon::new(51.36, 5.25),
            sbb_accredited: true,
            open: KindCounts {
                bbl: 1,
                ..KindCounts::default()
            },
            placements: Vec::new(),
            travel: None,
            last_confirmed_on: None,
        }
    }

    #[test]
    fn a_kept_list_serves_the_same_hits_and_a_changed_list_is_rendered_anew() {
        let owner = Owner::new();
        owner.with(|| {
            let key = "soort=bbl&test=kept-list";
            let first = cards_html(key, "nl", vec![hit("Van Dijk <Metaal>")]);
            assert!(
                first.contains("Van Dijk &lt;Metaal&gt;"),
                "escaped as any page: {first}"
            );
            let again = cards_html(key, "nl", vec![hit("Van Dijk <Metaal>")]);
            assert!(
                std::sync::Arc::ptr_eq(&first, &again),
                "the same hits are served from the kept list"
            );
            let renamed = cards_html(key, "nl", vec![hit("Van Dijk Staal")]);
            assert!(
                renamed.contains("Van Dijk Staal") && !renamed.contains("Metaal"),
                "{renamed}"
            );
            assert_eq!(renamed, render(vec![hit("Van Dijk Staal")]));
        });
    }
}
