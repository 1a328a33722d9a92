//! Parts of the home page rendered once and kept as HTML.
//!
//! Every pan or zoom of the map is a new address whose page is rendered anew, yet most of
//! the page does not depend on the map's view: the company cards of a page of results
//! (about 12 KB of its 28) and the search form (about 6 KB with its lists of towns,
//! municipalities, levels and fields). So the server renders such a part once per key
//! (the search without the view) and language, and keeps its HTML. A kept part is used
//! only for exactly the same input (compared, not trusted by key), so a list that changed
//! with the catalog is rendered anew. The HTML comes from Leptos's own rendering, escaped
//! as every page is; a kept part may hold islands, which the browser brings to life from
//! the page's HTML as always.

use std::sync::Arc;

/// How many parts the server keeps; emptied when full rather than tracked by age.
#[cfg(feature = "ssr")]
const PARTS_KEPT: usize = 512;

/// The kept parts by part, key and language, with the input each was rendered from.
#[cfg(feature = "ssr")]
type Parts =
    std::collections::HashMap<(&'static str, String, &'static str), (Box<dyn std::any::Any + Send + Sync>, Arc<str>)>;

#[cfg(feature = "ssr")]
static PARTS: std::sync::LazyLock<std::sync::Mutex<Parts>> = std::sync::LazyLock::new(Default::default);

/// The HTML of `render(input)` for the part `part` with `key` in language `lang`, from
/// the kept parts when one was rendered from an equal input (on the server; the browser
/// renders no pages).
pub fn kept_html<T>(
    part: &'static str,
    key: String,
    lang: &'static str,
    input: T,
    render: impl FnOnce(T) -> String,
) -> Arc<str>
where
    T: PartialEq + Clone + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        let slot = (part, key, lang);
        if let Ok(parts) = PARTS.lock()
            && let Some((kept_input, html)) = parts.get(&slot)
            && kept_input.downcast_ref::<T>() == Some(&input)
        {
            return html.clone();
        }
        let html: Arc<str> = render(input.clone()).into();
        if let Ok(mut parts) = PARTS.lock() {
            if parts.len() >= PARTS_KEPT {
                parts.clear();
            }
            parts.insert(slot, (Box::new(input), html.clone()));
        }
        html
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (part, key, lang);
        render(input).into()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_kept_part_serves_an_equal_input_and_a_changed_one_is_rendered_anew() {
        let render = |name: String| format!("<li>{name}</li>");
        let first = kept_html("test", "soort=bbl".into(), "nl", "Van Dijk".to_owned(), render);
        let again = kept_html("test", "soort=bbl".into(), "nl", "Van Dijk".to_owned(), |_| {
            panic!("rendered again for an equal input")
        });
        assert!(Arc::ptr_eq(&first, &again));
        let renamed = kept_html("test", "soort=bbl".into(), "nl", "Van Dijk Staal".to_owned(), render);
        assert_eq!(&*renamed, "<li>Van Dijk Staal</li>");
        let english = kept_html("test", "soort=bbl".into(), "en", "Van Dijk Staal".to_owned(), |n| {
            format!("<p>{n}</p>")
        });
        assert_eq!(&*english, "<p>Van Dijk Staal</p>", "each language keeps its own");
        let other_type = kept_html("test", "soort=bbl".into(), "en", 7_u32, |n| n.to_string());
        assert_eq!(&*other_type, "7", "an input of another type never matches");
    }
}
