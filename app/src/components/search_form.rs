//! The filters above the map and list.
//!
//! A plain GET form whose field names are the URL's keys, so it works without JavaScript
//! (the browser submits it to `/?soort=bbl&...`). It is kept compact so the map and the
//! first results fit in the first view, on a phone too: the keywords, the region and the
//! kind stay in sight, and every other filter is folded under "more filters" (a native
//! `<details>`, open when one of them is in use, its summary counting them). Two small
//! islands make it quicker in the browser: changing a choice searches at once, and "use
//! my location" asks the browser where the person is.

use leptos::prelude::*;

use crate::domain::{Field, Level, Municipality, PlacementKind, Region, TOWNS};
use crate::i18n::texts;
use crate::search::{Origin, RADIUS_CHOICES_KM, Search};

/// The search form for `search`, with every control showing its current value.
#[component]
pub fn SearchForm(search: Search) -> impl IntoView {
    let t = texts();
    let filters = search.filters.clone();
    let folded_in_use = [
        filters.level.is_some(),
        filters.field.is_some(),
        filters.municipality.is_some(),
        filters.start_from.is_some(),
        filters.sbb_only,
        filters.origin.is_some(),
    ]
    .into_iter()
    .filter(|in_use| *in_use)
    .count();
    let origin_town = match &filters.origin {
        Some(Origin::Town(code)) => crate::domain::places::town_by_code(code).map(|t| t.code),
        _ => None,
    };
    view! {
        <section class="search" aria-labelledby="search-heading">
            <h2 id="search-heading" class="visually-hidden">{t.home.filters_heading}</h2>
            <form method="get" action="/" class="search__form">
                <SubmitOnChange />
                <div class="search__fields">
                    <div class="search__text">
                        <label for="search-text">{t.labels.search_label}</label>
                        <div class="search__text-row">
                            <input
                                id="search-text"
                                name="zoek"
                                type="search"
                                maxlength=crate::search::MAX_TEXT_CHARS
                                placeholder=t.home.search_placeholder
                                value=filters.text.clone()
                            />
                            <button type="submit" class="button">{t.home.search_button}</button>
                        </div>
                    </div>
                    <Choice
                        id="search-region"
                        name="regio"
                        label=t.labels.region_label
                        any=t.home.all_regions
                        options=Region::ALL.iter().map(|r| (r.code().to_owned(), r.name().to_owned())).collect()
                        selected=filters.region.map(|r| r.code().to_owned())
                    />
                    <Choice
                        id="search-kind"
                        name="soort"
                        label=t.labels.kind_label
                        any=t.home.any_kind
                        options=PlacementKind::ALL.iter().map(|k| (k.code().to_owned(), t.words.kind(*k).to_owned())).collect()
                        selected=filters.kind.map(|k| k.code().to_owned())
                    />
                    <details class="search__more" open={folded_in_use > 0}>
                        <summary>
                            {t.home.more_filters}
                            {(folded_in_use > 0).then(|| view! { <span class="search__in-use">{t.home.filters_in_use.of(folded_in_use as i64)}</span> })}
                        </summary>
                        <div class="search__more-fields">
                            <Choice
                                id="search-level"
                                name="niveau"
                                label=t.labels.level_label
                                any=t.home.any_level
                                options=Level::ALL.iter().map(|l| (l.code().to_owned(), t.words.level(*l).to_owned())).collect()
                                selected=filters.level.map(|l| l.code().to_owned())
                            />
                            <Choice
                                id="search-field"
                                name="vakgebied"
                                label=t.labels.field_label
                                any=t.home.any_field
                                options=Field::ALL.iter().map(|f| (f.code().to_owned(), t.words.field(*f).to_owned())).collect()
                                selected=filters.field.map(|f| f.code().to_owned())
                            />
                            <Choice
                                id="search-municipality"
                                name="gemeente"
                                label=t.labels.municipality_label
                                any=t.home.all_municipalities
                                options=Municipality::ALL.iter().map(|m| (m.code().to_owned(), m.name().to_owned())).collect()
                                selected=filters.municipality.map(|m| m.code().to_owned())
                            />
                            <div class="field">
                                <label for="search-start">{t.labels.start_from_label}</label>
                                <input
                                    id="search-start"
                                    name="start"
                                    type="date"
                                    value=filters.start_from.map(crate::domain::Day::stored).unwrap_or_default()
                                />
                            </div>
                            <Choice
                                id="search-origin"
                                name="vanaf"
                                label=t.labels.distance_from_label
                                any=t.home.no_origin
                                options=TOWNS.iter().map(|town| (town.code.to_owned(), town.name.to_owned())).collect()
                                selected=origin_town.map(str::to_owned)
                            />
                            <Choice
                                id="search-radius"
                                name="straal"
                                label=t.labels.radius_label
                                any=t.home.any_distance
                                options=radius_choices(filters.radius_km).into_iter().map(|km| (km.to_string(), t.words.kilometres(km))).collect()
                                selected=filters.radius_km.map(|km| km.to_string())
                            />
                            <div class="field field--check">
                                <input
                                    id="search-sbb"
                                    name="erkend"
                                    type="checkbox"
                                    value="ja"
                                    checked=filters.sbb_only
                                />
                                <label for="search-sbb">{t.home.sbb_only_label}</label>
                            </div>
                            <LocationButton />
                        </div>
                    </details>
                </div>
                // The map's chosen area and the browser's location travel along, so a new
                // filter does not silently drop them.
                {filters.area.map(|b| view! {
                    <input type="hidden" name="gebied" value=crate::search::area_text(&b) />
                })}
                {match filters.origin {
                    Some(Origin::Here(at)) => Some(view! {
                        <input type="hidden" name="hier" value=crate::search::point_text(at) />
                    }),
                    _ => None,
                }}
            </form>
            {search.is_filtered().then(|| view! { <p class="search__clear"><a href="/">{t.home.clear_filters}</a></p> })}
        </section>
    }
}

/// The radii to choose from, with the URL's own radius among them when it is another
/// (a shared link may say `straal=7`), so the form shows what the search uses.
fn radius_choices(current: Option<u32>) -> Vec<u32> {
    let mut choices = RADIUS_CHOICES_KM.to_vec();
    if let Some(km) = current
        && !choices.contains(&km)
    {
        choices.push(km);
        choices.sort_unstable();
    }
    choices
}

/// A labelled select with an "any" option first.
#[component]
pub fn Choice(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_none()>{any}</option>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        let chosen = selected.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=chosen>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// In the browser, changing a choice of the search form submits it at once; typing waits
/// for Enter or the button. Renders nothing.
#[island]
fn SubmitOnChange() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            // Listening on the window, because an island only owns its own elements.
            window_event_listener(leptos::ev::change, |ev| {
                let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                    return;
                };
                if target.get_attribute("name").as_deref() == Some("zoek") {
                    return;
                }
                if let Ok(Some(form)) = target.closest("form.search__form")
                    && let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>()
                {
                    form.request_submit().ok();
                }
            });
        }
    });
}

/// "Use my location": asks the browser for the position only when pressed, then searches
/// from there, keeping the rest of the page's search. Shown only once the page is
/// interactive, because without JavaScript it could not work.
#[island]
fn LocationButton() -> impl IntoView {
    let t = crate::i18n::browser_texts();
    let search = StoredValue::new(Search::from_query(&super::island_start::page_query()).0);
    let here = search.with_value(|s| matches!(s.filters.origin, Some(Origin::Here(_))));
    let hydrated = RwSignal::new(false);
    let problem = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let ask = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let current = search.get_value();
            crate::components::geolocation::current_position(move |position| match position {
                Some(at) if crate::domain::is_in_netherlands(at.lat, at.lon) => {
                    problem.set(false);
                    let next = current.with_filters(|f| f.origin = Some(Origin::Here(at)));
                    window().location().set_href(&next.href()).ok();
                }
                _ => problem.set(true),
            });
        }
    };
    view! {
        <div class="search__location">
            {move || hydrated.get().then(|| view! {
                <button type="button" class="button button--quiet" aria-pressed=here.to_string() on:click=ask>
                    {if here { t.map.my_location } else { t.map.use_my_location }}
                </button>
            })}
            {move || problem.get().then(|| view! { <p class="error-message" role="alert">{t.map.location_unavailable}</p> })}
        </div>
    }
}
