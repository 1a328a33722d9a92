//! A small map with a pin, made of the same tiles as the interactive map.

use leptos::prelude::*;

use crate::map::{LatLon, Viewport};

/// Map canvas size in CSS pixels; the frame shows its middle and crops the rest.
const CANVAS: (f64, f64) = (720.0, 240.0);
const ZOOM: f64 = 15.0;

/// The surroundings of one position, with a pin on it. Server-rendered tiles only: no
/// script needed. `label` describes the place for screen readers.
#[component]
pub fn LocationMap(latitude: f64, longitude: f64, #[prop(into)] label: String) -> impl IntoView {
    let viewport = Viewport {
        center: LatLon::new(latitude, longitude),
        zoom: ZOOM,
        width: CANVAS.0,
        height: CANVAS.1,
    };
    // Tiles are backgrounds, not <img>: a tile that fails to load leaves the plain
    // background instead of a broken-image icon.
    let tiles = tile_spans(&viewport);
    view! {
        <figure class="location-map">
            <div class="location-map__frame" role="img" aria-label=label>
                <div class="location-map__canvas">
                    {tiles}
                    <span class="location-map__pin" aria-hidden="true"></span>
                </div>
            </div>
            <figcaption>
                <super::MapAttribution class="location-map__attribution" attribution=super::map_attribution::attribution_text() />
            </figcaption>
        </figure>
    }
}

/// The tiles of `viewport` as positioned backgrounds, for the small maps.
pub fn tile_spans(viewport: &Viewport) -> impl IntoView + use<> {
    viewport
        .tiles()
        .into_iter()
        .map(|tile| {
            let style = format!(
                "left:{}px;top:{}px;background-image:url(/tiles/{}/{}/{}.png)",
                crate::decimals::Fixed(tile.left, 1),
                crate::decimals::Fixed(tile.top, 1),
                tile.z,
                tile.x,
                tile.y
            );
            view! { <span class="location-map__tile" style=style></span> }
        })
        .collect_view()
}
