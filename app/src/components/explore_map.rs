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

/// The area a search's map shows whole, and around which it may be panned.
fn area(region: Option<Region>) -> Bounds {
    match region {
        Some(region) => region_bounds(region),
        None => region_bounds(Region::Kempen).union(&region_bounds(Region::Ijmond)),
    }
}

/// The view the URL asks for, or the chosen region(s) whole.
pub fn initial_view(search: &Search) -> Viewport {
    let (width, height) = SERVER_SIZE;
    match search.view {
        Some(view) => Viewport {
            center: view.center,
            zoom: view.zoom,
            width,
            height,
        },
        None => {
            let fit = Viewport::fit(
                &area(search.filters.region),
                FIT_SIZE.0,
                FIT_SIZE.1,
                MIN_ZOOM as u8,
                MAX_ZOOM as u8,
            );
            Viewport { width, height, ..fit }
        }
    }
}

/// Keeps a view inside the search's area (with a margin) and the zoom range.
fn limited(view: Viewport, region: Option<Region>) -> Viewport {
    view.limited_to(&area(region).grown(PAN_MARGIN), MIN_ZOOM, MAX_ZOOM)
}

fn tile_url(z: u8, x: u32, y: u32) -> String {
    format!("/tiles/{z}/{x}/{y}.png")
}

/// What the map starts from besides the page's address: the markers for the zoom of the
/// address's view (as `marker_text`) and the tile service's credit line. The home page
/// renders it as a carrier just before the map (see `island_start`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapStart {
    pub markers: String,
    /// The events to show, as `event_pins` text (empty when switched off).
    pub events: String,
    pub attribution: String,
}

/// The id of the element that carries `MapStart` to the browser.
const START_ID: &str = "map-start";

impl MapStart {
    /// The hidden element that carries these values to the browser, after providing them
    /// to the map rendered next on the server.
    pub fn carrier(self) -> impl IntoView {
        provide_context(self.clone());
        view! {
            // Without events (the layer is off unless switched on) the attribute is left out.
            <div id=START_ID hidden data-markers=self.markers data-events=(!self.events.is_empty()).then_some(self.events)
                data-attribution=self.attribution></div>
        }
    }

    /// What the page gave the map: the context on the server, the carrier in the browser.
    fn here() -> MapStart {
        #[cfg(feature = "hydrate")]
        {
            MapStart {
                markers: carried(START_ID, "data-markers"),
                events: carried(START_ID, "data-events"),
                attribution: carried(START_ID, "data-attribution"),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            use_context::<MapStart>().unwrap_or_default()
        }
    }
}

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

/// Pointer, wheel and double-click handling. Copyable, so every handler can own it.
#[derive(Clone, Copy)]
struct Gestures {
    map: NodeRef<leptos::html::Div>,
    change: Callback<Box<dyn Fn(Viewport) -> Viewport>>,
    settle: Callback<()>,
    /// Active pointers: id and position relative to the map.
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    /// How far the current press has moved, to tell a drag from a click.
    travelled: StoredValue<f64>,
    /// The last press moved far enough to be a drag.
    dragged: StoredValue<bool>,
    wheel_timer: StoredValue<Option<leptos::prelude::TimeoutHandle>>,
}

impl Gestures {
    fn new(
        map: NodeRef<leptos::html::Div>,
        change: impl Fn(&dyn Fn(Viewport) -> Viewport) + Send + Sync + 'static,
        settle: Callback<()>,
    ) -> Gestures {
        Gestures {
            map,
            change: Callback::new(move |step: Box<dyn Fn(Viewport) -> Viewport>| change(&*step)),
            settle,
            pointers: StoredValue::new(Vec::new()),
            travelled: StoredValue::new(0.0),
            dragged: StoredValue::new(false),
            wheel_timer: StoredValue::new(None),
        }
    }

    fn was_drag(&self) -> bool {
        self.dragged.get_value()
    }

    /// The event's position relative to the map's top left corner.
    fn position(&self, ev: &leptos::ev::MouseEvent) -> Option<(f64, f64)> {
        #[cfg(feature = "hydrate")]
        {
            let rect = self.map.get_untracked()?.get_bounding_client_rect();
            Some((
                f64::from(ev.client_x()) - rect.left(),
                f64::from(ev.client_y()) - rect.top(),
            ))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (ev, self.map);
            None
        }
    }

    fn down(&self, ev: leptos::ev::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let Some((x, y)) = self.position(&ev) else { return };
        let id = ev.pointer_id();
        self.pointers.update_value(|p| {
            p.retain(|(other, _, _)| *other != id);
            p.push((id, x, y));
        });
        if self.pointers.with_value(Vec::len) == 1 {
            self.travelled.set_value(0.0);
            self.dragged.set_value(false);
        }
    }

    fn moved(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        let Some((x, y)) = self.position(&ev) else { return };
        let before = self.pointers.get_value();
        let Some(index) = before.iter().position(|(other, _, _)| *other == id) else {
            return;
        };
        let mut after = before.clone();
        after[index] = (id, x, y);
        self.pointers.set_value(after.clone());
        let (dx, dy) = (x - before[index].1, y - before[index].2);
        self.travelled.update_value(|t| *t += dx.hypot(dy));
        if self.travelled.get_value() < DRAG_THRESHOLD {
            return;
        }
        if !self.dragged.get_value() {
            self.dragged.set_value(true);
            // Only now capture: capturing on press would send a marker's click to the map.
            #[cfg(feature = "hydrate")]
            if let Some(map) = self.map.get_untracked() {
                map.set_pointer_capture(id).ok();
            }
        }
        match (before.as_slice(), after.as_slice()) {
            ([_], [_]) => self.change.run(Box::new(move |v: Viewport| v.pan_by(-dx, -dy))),
            ([a, b, ..], [c, d, ..]) => {
                let (mid_before, mid_after) = (midpoint(a, b), midpoint(c, d));
                let (span_before, span_after) = (distance(a, b), distance(c, d));
                if span_before > 1.0 && span_after > 1.0 {
                    let step = (span_after / span_before).log2();
                    self.change.run(Box::new(move |v: Viewport| {
                        v.zoom_around(v.zoom + step, mid_after.0, mid_after.1)
                            .pan_by(mid_before.0 - mid_after.0, mid_before.1 - mid_after.1)
                    }));
                }
            }
            _ => {}
        }
    }

    fn up(&self, ev: leptos::ev::PointerEvent) {
        let id = ev.pointer_id();
        self.pointers.update_value(|p| p.retain(|(other, _, _)| *other != id));
        if self.pointers.with_value(Vec::is_empty) && self.dragged.get_value() {
            self.settle.run(());
        }
    }

    fn wheel(&self, ev: leptos::ev::WheelEvent) {
        let Some((x, y)) = self.position(&ev) else { return };
        ev.prevent_default();
        // Lines (Firefox) are about 40 pixels each; a notch of a mouse wheel is about half a zoom level.
        let pixels = if ev.delta_mode() == 1 {
            ev.delta_y() * 40.0
        } else {
            ev.delta_y()
        };
        let step = crate::map::between(-pixels / 200.0, -1.0, 1.0);
        self.change
            .run(Box::new(move |v: Viewport| v.zoom_around(v.zoom + step, x, y)));
        let settle = self.settle;
        if let Some(timer) = self.wheel_timer.get_value() {
            timer.clear();
        }
        let timer = set_timeout_with_handle(move || settle.run(()), std::time::Duration::from_millis(300)).ok();
        self.wheel_timer.set_value(timer);
    }

    fn double_click(&self, ev: leptos::ev::MouseEvent) {
        let Some((x, y)) = self.position(&ev) else { return };
        ev.prevent_default();
        self.change
            .run(Box::new(move |v: Viewport| v.zoom_around((v.zoom + 1.0).round(), x, y)));
        self.settle.run(());
    }
}

fn midpoint(a: &(i32, f64, f64), b: &(i32, f64, f64)) -> (f64, f64) {
    ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0)
}

fn distance(a: &(i32, f64, f64), b: &(i32, f64, f64)) -> f64 {
    (a.1 - b.1).hypot(a.2 - b.2)
}
