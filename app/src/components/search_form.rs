//! The filters above the map and list.
//!
//! A plain GET form whose field names are the URL's keys, so it works without JavaScript
//! (the browser submits it to `/?soort=bbl&...`). Once hydrated, the router's `Form`
//! navigates without a page load, and changing a choice searches at once.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::domain::{Field, Level, Municipality, PlacementKind, Region, TOWNS};
use crate::i18n::texts;
use crate::search::{Origin, RADIUS_CHOICES_KM, Search};

/// The search form for `search`, with every control showing its current value.
#[component]
pub fn SearchForm(search: Memo<Search>) -> impl IntoView {
    let t = texts();
    let filters = move || search.get().filters;
    let more_open = move || {
        let f = filters();
        f.municipality.is_some() || f.start_from.is_some() || f.sbb_only || f.origin.is_some()
    };
    let location_problem = RwSignal::new(false);
    // Changing a choice searches at once; typing waits for Enter or the button.
    let submit_on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let target = event_target::<web_sys::Element>(&ev);
            if target.get_attribute("name").as_deref() == Some("zoek") {
                return;
            }
            if let Ok(Some(form)) = target.closest("form")
                && let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>()
            {
                form.request_submit().ok();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <section class="search" aria-labelledby="search-heading">
            <h2 id="search-heading" class="visually-hidden">{t.filters_heading}</h2>
            <Form method="get" action="/" noscroll=true>
                <div class="search__fields" on:change=submit_on_change>
                    <div class="search__text">
                        <label for="search-text">{t.search_label}</label>
                        <div class="search__text-row">
                            <input
                                id="search-text"
                                name="zoek"
                                type="search"
                                maxlength=crate::search::MAX_TEXT_CHARS
                                placeholder=t.search_placeholder
                                prop:value=move || filters().text
                            />
                            <button type="submit" class="button">{t.search_button}</button>
                        </div>
                    </div>
                    <Choice
                        id="search-region"
                        name="regio"
                        label=t.region_label
                        any=t.all_regions
                        options=Region::ALL.iter().map(|r| (r.code(), r.name().to_owned())).collect()
                        selected=Signal::derive(move || filters().region.map(Region::code))
                    />
                    <Choice
                        id="search-kind"
                        name="soort"
                        label=t.kind_label
                        any=t.any_kind
                        options=PlacementKind::ALL.iter().map(|k| (k.code(), t.kind(*k).to_owned())).collect()
                        selected=Signal::derive(move || filters().kind.map(PlacementKind::code))
                    />
                    <Choice
                        id="search-level"
                        name="niveau"
                        label=t.level_label
                        any=t.any_level
                        options=Level::ALL.iter().map(|l| (l.code(), t.level(*l).to_owned())).collect()
                        selected=Signal::derive(move || filters().level.map(Level::code))
                    />
                    <Choice
                        id="search-field"
                        name="vakgebied"
                        label=t.field_label
                        any=t.any_field
                        options=Field::ALL.iter().map(|f| (f.code(), t.field(*f).to_owned())).collect()
                        selected=Signal::derive(move || filters().field.map(Field::code))
                    />
                    <details class="search__more" open=more_open>
                        <summary>{t.more_filters}</summary>
                        <div class="search__more-fields">
                            <Choice
                                id="search-municipality"
                                name="gemeente"
                                label=t.municipality_label
                                any=t.all_municipalities
                                options=Municipality::ALL.iter().map(|m| (m.code(), m.name().to_owned())).collect()
                                selected=Signal::derive(move || filters().municipality.map(Municipality::code))
                            />
                            <div class="field">
                                <label for="search-start">{t.start_from_label}</label>
                                <input
                                    id="search-start"
                                    name="start"
                                    type="date"
                                    prop:value=move || filters().start_from.unwrap_or_default()
                                />
                            </div>
                            <Choice
                                id="search-origin"
                                name="vanaf"
                                label=t.distance_from_label
                                any=t.no_origin
                                options=TOWNS.iter().map(|town| (town.code, town.name.to_owned())).collect()
                                selected=Signal::derive(move || match filters().origin {
                                    Some(Origin::Town(code)) => crate::domain::places::town_by_code(&code).map(|t| t.code),
                                    _ => None,
                                })
                            />
                            <Choice
                                id="search-radius"
                                name="straal"
                                label=t.radius_label
                                any=t.any_distance
                                options=RADIUS_CHOICES_KM.iter().map(|km| (radius_code(*km), t.kilometres(*km))).collect()
                                selected=Signal::derive(move || filters().radius_km.map(radius_code))
                            />
                            <div class="field field--check">
                                <input
                                    id="search-sbb"
                                    name="erkend"
                                    type="checkbox"
                                    value="ja"
                                    prop:checked=move || filters().sbb_only
                                />
                                <label for="search-sbb">{t.sbb_only_label}</label>
                            </div>
                            <LocationButton search problem=location_problem />
                        </div>
                    </details>
                </div>
                // The map's chosen area and the browser's location travel along, so a new
                // filter does not silently drop them.
                {move || search.get().filters.area.map(|b| view! {
                    <input type="hidden" name="gebied" value=format!("{:.4},{:.4},{:.4},{:.4}", b.south, b.west, b.north, b.east) />
                })}
                {move || match search.get().filters.origin {
                    Some(Origin::Here(at)) => Some(view! {
                        <input type="hidden" name="hier" value=format!("{:.4},{:.4}", at.lat, at.lon) />
                    }),
                    _ => None,
                }}
            </Form>
            {move || location_problem.get().then(|| view! { <p class="error-message" role="alert">{t.location_unavailable}</p> })}
            {move || search.get().is_filtered().then(|| view! { <p class="search__clear"><a href="/">{t.clear_filters}</a></p> })}
        </section>
    }
}

/// The radius choices as the URL writes them.
fn radius_code(km: u32) -> &'static str {
    match km {
        5 => "5",
        10 => "10",
        15 => "15",
        25 => "25",
        50 => "50",
        _ => "100",
    }
}

/// A labelled select with an "any" option first.
#[component]
fn Choice(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(&'static str, String)>,
    selected: Signal<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=move || selected.get().is_none()>{any}</option>
                {options
                    .into_iter()
                    .map(|(code, text)| {
                        view! { <option value=code selected=move || selected.get() == Some(code)>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// "Use my location": asks the browser for the position only when pressed, then searches
/// from there. Shown only once the page is interactive, because without JavaScript it
/// could not work.
#[component]
fn LocationButton(search: Memo<Search>, problem: RwSignal<bool>) -> impl IntoView {
    let t = texts();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let navigate = leptos_router::hooks::use_navigate();
    let ask = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let navigate = navigate.clone();
            let current = search.get_untracked();
            crate::components::geolocation::current_position(move |position| match position {
                Some(at) if crate::domain::is_in_netherlands(at.lat, at.lon) => {
                    problem.set(false);
                    let next = current.with_filters(|f| f.origin = Some(Origin::Here(at)));
                    navigate(&next.href(), Default::default());
                }
                _ => problem.set(true),
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (search, problem, &navigate);
    };
    move || {
        hydrated.get().then(|| {
            let here = matches!(search.get().filters.origin, Some(Origin::Here(_)));
            view! {
                <button type="button" class="button button--quiet" aria-pressed=here.to_string() on:click=ask.clone()>
                    {if here { t.my_location } else { t.use_my_location }}
                </button>
            }
        })
    }
}
