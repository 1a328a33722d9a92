//! The interactive map of the home page, an island: the only part of that page that runs
//! in the browser besides two small helpers of the search form.
//!
//! The server renders it complete for the URL's view: tiles and markers in place, zoom
//! buttons and region switch as links, markers as links to the company (or, for a cluster,
//! to the view zoomed in on it). So the map is there before any wasm runs and works, in a
//! plainer way, without JavaScript. Once hydrated, the same elements take gestures: drag
//! to pan, wheel and double-click to zoom at the pointer, pinch and two-finger pan, arrow
//! keys and +/- when the map has focus. When a gesture ends the view is written into the
//! address (replacing the history entry, so reload, Back and shared links show it again)
//! and into the page's links that keep it, and markers for a new zoom are fetched.
//!
//! Tiles and markers live in layers that move as a whole (`map::layers`); panning changes
//! a transform, and tiles keep their elements. Behind the current tiles lies the level
//! below, so zooming never shows a blank map while new tiles load.

use leptos::prelude::*;

use super::company_href;
#[cfg(feature = "hydrate")]
use super::island_start::carried;
use super::island_start::page_query;
use crate::decimals::Fixed;
use crate::domain::Region;
use crate::i18n::browser_texts;
use crate::map::layers::{layer_transform, offset, tile_offset};
use crate::map::{Bounds, LatLon, Viewport, region_bounds};
use crate::search::engine::MarkerCompany;
use crate::search::marker_text;
use crate::search::{MAX_ZOOM, MIN_ZOOM, MapView, Search};

mod gestures;
mod start;

use gestures::*;
pub use start::*;

/// The size the server assumes for the map: as wide as the widest layout, so every screen
/// gets its tiles before the browser measures the real size.
const SERVER_SIZE: (f64, f64) = (1024.0, 480.0);
/// The size a region must fit into when the URL names no view: a phone's map.
const FIT_SIZE: (f64, f64) = (340.0, 340.0);
/// What the layers measure from: north-west of both regions, with room to pan.
const LAYER_ORIGIN: LatLon = LatLon::new(53.2, 3.8);
/// How far beyond a region the map may be panned, in degrees.
const PAN_MARGIN: f64 = 0.15;
/// Pixels an arrow key pans.
const KEY_PAN: f64 = 120.0;
/// Pixels a pointer must move before a press becomes a drag instead of a click.
const DRAG_THRESHOLD: f64 = 5.0;

/// The map for the search in the page's address, starting from the page's `MapStart`.
#[island]
pub fn ExploreMap() -> impl IntoView {
    let t = browser_texts();
    let query = page_query();
    let MapStart {
        markers,
        events,
        attribution,
    } = MapStart::here();
    let markers = marker_text::read(&markers).unwrap_or_default();
    let event_pins = crate::search::event_pins::read(&events);
    let search = StoredValue::new(Search::from_query(&query).0);
    let start = search.with_value(initial_view);
    let region = search.with_value(|s| s.filters.region);
    let view = RwSignal::new(start);
    let markers = RwSignal::new(markers);
    // The zoom the shown markers are clustered for; a pan alone fetches nothing.
    let marker_zoom = StoredValue::new(start.marker_zoom());
    let zoom = Memo::new(move |_| view.with(|v| v.zoom));
    let tile_zoom = Memo::new(move |_| view.with(Viewport::tile_zoom));
    let selected = RwSignal::new(None::<MarkerCompany>);
    let hydrated = RwSignal::new(false);
    let map_ref = NodeRef::<leptos::html::Div>::new();

    // Writes the view into the address and the links that keep it, and fetches markers
    // when the zoom needs other clusters.
    let settle = Callback::new(move |()| {
        let current = view.get_untracked();
        let shown = MapView {
            center: current.center,
            zoom: current.zoom,
        };
        page::keep_view(&search.with_value(|s| s.with_view(Some(shown)).href()), shown);
        let wanted = current.marker_zoom();
        if marker_zoom.get_value() != wanted {
            marker_zoom.set_value(wanted);
            let query = search.with_value(|s| s.with_view(None).to_query());
            leptos::task::spawn_local(async move {
                let found = crate::api::search::search_markers(query, wanted).await;
                // A later gesture may have asked for another zoom meanwhile.
                if let Ok(found) = found
                    && marker_zoom.get_value() == wanted
                {
                    markers.set(found);
                }
            });
        }
    });
    let change = move |f: &dyn Fn(Viewport) -> Viewport| {
        view.update(|v| *v = limited(f(*v), region));
    };
    // A cluster of companies or of events: its link's address (two zoom levels closer on
    // it), and with a script the same step in place, unless the click ended a drag.
    let closer_href = move |position: LatLon| {
        let closer = (zoom.get_untracked().round() + 2.0).min(MAX_ZOOM);
        search.with_value(|s| {
            s.with_view(Some(MapView {
                center: position,
                zoom: closer,
            }))
            .href()
        })
    };

    // Browser only: measure the real size, now and whenever the window changes.
    Effect::new(move |_| {
        hydrated.set(true);
        let measure = move || {
            if let Some(element) = map_ref.get_untracked() {
                let (width, height) = (f64::from(element.client_width()), f64::from(element.client_height()));
                if width > 0.0 && height > 0.0 {
                    view.update(|v| {
                        v.width = width;
                        v.height = height;
                    });
                }
            }
        };
        measure();
        let handle = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || handle.remove());
    });

    let gestures = Gestures::new(map_ref, change, settle);
    let zoom_in_at = move |ev: leptos::ev::MouseEvent, position: LatLon| {
        ev.prevent_default();
        if !gestures.was_drag() {
            change(&|v| Viewport {
                center: position,
                zoom: (v.zoom.round() + 2.0).min(MAX_ZOOM),
                ..v
            });
            settle.run(());
        }
    };
    let zoom_link = move |delta: f64| {
        let v = view.get();
        let next = limited(
            Viewport {
                zoom: (v.zoom + delta).round(),
                ..v
            },
            region,
        );
        search.with_value(|s| {
            s.with_view(Some(MapView {
                center: next.center,
                zoom: next.zoom,
            }))
            .href()
        })
    };
    let zoom_by = {
        move |ev: leptos::ev::MouseEvent, delta: f64| {
            ev.prevent_default();
            change(&|v| Viewport {
                zoom: (v.zoom + delta).round(),
                ..v
            });
            settle.run(());
        }
    };
    let zoom_in = { move |ev| zoom_by(ev, 1.0) };
    let zoom_out = move |ev| zoom_by(ev, -1.0);

    let layer = move |z: u8| {
        let keys = Memo::new(move |_| {
            view.with(|v| {
                v.tiles_at(z)
                    .iter()
                    .filter(|tile| tile.z == z)
                    .map(|tile| (tile.x, tile.y))
                    .collect::<Vec<_>>()
            })
        });
        view! {
            <div
                class="map__layer"
                style:transform=move || view.with(|v| layer_transform(LAYER_ORIGIN, v.center, f64::from(z), v.zoom))
            >
                <For each=move || keys.get() key=|key| *key let:key>
                    {
                        let (x, y) = tile_offset(LAYER_ORIGIN, z, key.0, key.1);
                        let style = format!(
                            "left:{}px;top:{}px;background-image:url({})",
                            Fixed(x, 0),
                            Fixed(y, 0),
                            tile_url(z, key.0, key.1)
                        );
                        view! { <span class="map__tile" style=style></span> }
                    }
                </For>
            </div>
        }
    };

    let marker_links = move || {
        markers
            .get()
            .into_iter()
            .map(|marker| {
                let position = marker.position;
                let place = move || {
                    let (x, y) = offset(LAYER_ORIGIN, position, zoom.get());
                    format!("left:{}px;top:{}px", Fixed(x, 1), Fixed(y, 1))
                };
                match marker.company {
                    Some(company) => {
                        let label = format!("{}, {}", company.name, company.town);
                        let href = company_href(&company.slug);
                        let slug = company.slug.clone();
                        let chosen = move || selected.with(|s| s.as_ref().is_some_and(|c| c.slug == slug));
                        let open = move |ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            if !gestures.was_drag() {
                                selected.set(Some(company.clone()));
                            }
                        };
                        view! {
                            <a
                                class="marker"
                                class:marker--selected=chosen
                                style=place
                                href=href
                                aria-label=label
                                draggable="false"
                                on:click=open
                            >
                                <span class="marker__pin" aria-hidden="true"></span>
                            </a>
                        }
                        .into_any()
                    }
                    None => {
                        let count = marker.count;
                        let href = closer_href(position);
                        let open = move |ev: leptos::ev::MouseEvent| zoom_in_at(ev, position);
                        view! {
                            <a
                                class="marker marker--cluster"
                                style=place
                                draggable="false"
                                href=href
                                aria-label=t.map.cluster_label(count)
                                on:click=open
                            >
                                {count}
                            </a>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view()
    };

    // The events: a pin each, leading to its page; pins that would touch at the current
    // zoom become one, which zooms in like a cluster of companies.
    let event_pins = StoredValue::new(event_pins);
    let event_groups = Memo::new(move |_| {
        let z = zoom.get().round();
        event_pins.with_value(|pins| group_event_pins(pins, z))
    });
    // One shape of link for both, so the browser's code holds one view of it.
    let event_links = move || {
        event_groups
            .get()
            .into_iter()
            .map(|group| {
                let position = group[0].position;
                let place = move || {
                    let (x, y) = offset(LAYER_ORIGIN, position, zoom.get());
                    format!("left:{}px;top:{}px", Fixed(x, 1), Fixed(y, 1))
                };
                let count = group.len();
                let (class, href, label) = match group.as_slice() {
                    [pin] => (
                        "event-pin",
                        pin.href.clone(),
                        t.map
                            .event_pin_label
                            .replace("{title}", &pin.title)
                            .replace("{when}", &pin.when),
                    ),
                    _ => (
                        "event-pin event-pin--group",
                        closer_href(position),
                        t.map.events_here.of(count as i64),
                    ),
                };
                // A group zooms in where it is; a single pin is an ordinary link.
                let open = move |ev: leptos::ev::MouseEvent| {
                    if count > 1 {
                        zoom_in_at(ev, position);
                    }
                };
                view! {
                    <a class=class style=place href=href aria-label=label draggable="false" on:click=open>
                        <span class="event-pin__mark" aria-hidden="true"></span>
                        <span class="event-pin__count" aria-hidden="true" hidden=count == 1>{count}</span>
                    </a>
                }
            })
            .collect_view()
    };
    let events_switch = search.with_value(|current| {
        let next = Search {
            show_events: !current.show_events,
            ..current.clone()
        };
        let label = if current.show_events {
            t.map.hide_events
        } else {
            t.map.show_events
        };
        view! { <a class="chip chip--events" href=next.href()>{label}</a> }
    });

    let region_links = search.with_value(|current| {
        std::iter::once(None)
            .chain(Region::ALL.iter().copied().map(Some))
            .map(|choice| {
                let href = current
                    .with_filters(|f| {
                        f.region = choice;
                        f.municipality = None;
                        f.area = None;
                    })
                    .with_view(None)
                    .href();
                let label = choice.map_or(t.map.all_regions, Region::name);
                let chosen = (current.filters.region == choice).then_some("page");
                view! { <a class="chip" href=href aria-current=chosen>{label}</a> }
            })
            .collect_view()
    });

    let keydown = {
        move |ev: leptos::ev::KeyboardEvent| {
            let key = ev.key();
            let step: Option<&dyn Fn(Viewport) -> Viewport> = match key.as_str() {
                "ArrowLeft" => Some(&|v: Viewport| v.pan_by(-KEY_PAN, 0.0)),
                "ArrowRight" => Some(&|v: Viewport| v.pan_by(KEY_PAN, 0.0)),
                "ArrowUp" => Some(&|v: Viewport| v.pan_by(0.0, -KEY_PAN)),
                "ArrowDown" => Some(&|v: Viewport| v.pan_by(0.0, KEY_PAN)),
                "+" | "=" => Some(&|v: Viewport| Viewport {
                    zoom: (v.zoom + 1.0).round(),
                    ..v
                }),
                "-" | "_" => Some(&|v: Viewport| Viewport {
                    zoom: (v.zoom - 1.0).round(),
                    ..v
                }),
                _ => None,
            };
            if let Some(step) = step {
                ev.prevent_default();
                change(step);
                settle.run(());
            } else if key == "Escape" {
                selected.set(None);
            }
        }
    };

    let card_link = NodeRef::<leptos::html::A>::new();
    Effect::new(move |_| {
        if selected.with(Option::is_some)
            && let Some(link) = card_link.get()
        {
            link.focus().ok();
        }
    });

    let area_link = move || {
        search.with_value(|current| match current.filters.area {
            Some(_) => view! {
                <span>{t.map.area_active} " "</span>
                <a href=current.with_filters(|f| f.area = None).href()>{t.map.drop_area}</a>
            }
            .into_any(),
            None => {
                let v = view.get();
                let href = current
                    .with_filters(|f| f.area = Some(v.bounds()))
                    .with_view(Some(MapView {
                        center: v.center,
                        zoom: v.zoom,
                    }))
                    .href();
                view! { <a class="button button--quiet" href=href>{t.map.search_this_area}</a> }.into_any()
            }
        })
    };

    view! {
        <section class="map-panel" aria-label=t.map.map_label>
            <div class="map-panel__top">
                <nav class="map-panel__regions" aria-label=t.labels.region_label>{region_links}</nav>
                {events_switch}
            </div>
            <div
                class="map"
                node_ref=map_ref
                tabindex="0"
                aria-label=t.map.map_label
                aria-describedby="map-help"
                on:keydown=keydown
                on:pointerdown=move |ev| gestures.down(ev)
                on:pointermove=move |ev| gestures.moved(ev)
                on:pointerup=move |ev| gestures.up(ev)
                on:pointercancel=move |ev| gestures.up(ev)
                on:wheel=move |ev| gestures.wheel(ev)
                on:dblclick=move |ev| gestures.double_click(ev)
            >
                {move || {
                    let z = tile_zoom.get();
                    (hydrated.get() && f64::from(z) > MIN_ZOOM).then(|| layer(z - 1))
                }}
                {move || layer(tile_zoom.get())}
                <div
                    class="map__layer map__markers"
                    style:transform=move || view.with(|v| layer_transform(LAYER_ORIGIN, v.center, v.zoom, v.zoom))
                >
                    {marker_links}
                    {event_links}
                </div>
                <div class="map__controls">
                    <a class="map__button" href=move || zoom_link(1.0) aria-label=t.map.zoom_in title=t.map.zoom_in on:click=zoom_in>
                        "+"
                    </a>
                    <a class="map__button" href=move || zoom_link(-1.0) aria-label=t.map.zoom_out title=t.map.zoom_out on:click=zoom_out>
                        "−"
                    </a>
                    <a
                        class="map__button map__button--whole"
                        href=search.with_value(|s| s.with_view(None).href())
                        aria-label=t.map.whole_region
                        title=t.map.whole_region
                    >
                        <span aria-hidden="true">"⤢"</span>
                    </a>
                </div>
                {move || selected.get().map(|company| {
                    let travel = company.travel.map(|travel| t.words.travel(&travel));
                    view! {
                        <div class="map__card" role="group" aria-label=company.name.clone()>
                            <h3 class="map__card-name">
                                <a href=company_href(&company.slug) node_ref=card_link>{company.name.clone()}</a>
                            </h3>
                            <p class="map__card-place">{company.town.clone()}</p>
                            <ul class="kind-counts">
                                {company.open.nonzero().into_iter().map(|(kind, count)| view! {
                                    <li class=format!("kind kind--{}", kind.code())>{t.words.kind_count(kind, i64::from(count))}</li>
                                }).collect_view()}
                            </ul>
                            {travel.map(|travel| view! { <p class="map__card-travel">{travel}</p> })}
                            <p class="map__card-actions">
                                <a class="button" href=company_href(&company.slug)>{t.map.view_company}</a>
                                <button type="button" class="button button--quiet" on:click=move |_| selected.set(None)>
                                    {t.map.close}
                                </button>
                            </p>
                        </div>
                    }
                })}
                <super::MapAttribution class="map__attribution" attribution />
            </div>
            <p id="map-help" class="map-panel__help">{t.map.map_help}</p>
            <p class="map-panel__area">{area_link}</p>
        </section>
    }
}

/// How far apart (in CSS pixels) two event pins must be to be shown apart.
const EVENT_PIN_SPACING: f64 = 40.0;

/// The pins grouped so that no two groups are closer than `EVENT_PIN_SPACING` at `zoom`:
/// each pin joins the first group whose first pin is that close, in order.
fn group_event_pins(
    pins: &[crate::search::event_pins::EventPin],
    zoom: f64,
) -> Vec<Vec<crate::search::event_pins::EventPin>> {
    let mut groups: Vec<(f64, f64, Vec<crate::search::event_pins::EventPin>)> = Vec::new();
    for pin in pins {
        let (x, y) = offset(LAYER_ORIGIN, pin.position, zoom);
        match groups
            .iter_mut()
            .find(|(gx, gy, _)| (gx - x).abs() < EVENT_PIN_SPACING && (gy - y).abs() < EVENT_PIN_SPACING)
        {
            Some((_, _, group)) => group.push(pin.clone()),
            None => groups.push((x, y, vec![pin.clone()])),
        }
    }
    groups.into_iter().map(|(_, _, group)| group).collect()
}

/// What the map changes in the page around it, in the browser only.
mod page {
    use crate::search::MapView;

    /// Replaces the address with `href` without a new history entry, and gives `view` to
    /// the page's links that keep it: those marked `data-keeps-view` (page links of the
    /// list) and the language switch, which returns to the address.
    #[cfg(feature = "hydrate")]
    pub fn keep_view(href: &str, view: MapView) {
        use wasm_bindgen::JsCast;

        let window = leptos::prelude::window();
        if let Ok(history) = window.history() {
            history
                .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                .ok();
        }
        let document = leptos::prelude::document();
        let links = |selector: &str| {
            let found = document.query_selector_all(selector).ok();
            let count = found.as_ref().map_or(0, web_sys::NodeList::length);
            (0..count)
                .filter_map(|i| found.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok())
                .collect::<Vec<_>>()
        };
        for link in links("a[data-keeps-view]") {
            if let Some(old) = link.get_attribute("href") {
                let query = old.split_once('?').map_or("", |(_, query)| query);
                let (search, _) = crate::search::Search::from_query(query);
                link.set_attribute("href", &search.with_view(Some(view)).href()).ok();
            }
        }
        let back = form_urlencoded::byte_serialize(href.as_bytes()).collect::<String>();
        for link in links("a[data-returns]") {
            if let Some(old) = link.get_attribute("href")
                && let Some((target, _)) = old.split_once("?terug=")
            {
                link.set_attribute("href", &format!("{target}?terug={back}")).ok();
            }
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn keep_view(href: &str, view: MapView) {
        let _ = (href, view);
    }
}
