//! Where the map starts: the view a URL asks for, kept inside the region, and the start the
//! server hands the island in the page.

use super::*;

/// The area a search's map shows whole, and around which it may be panned.
pub(super) fn area(region: Option<Region>) -> Bounds {
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
pub(super) fn limited(view: Viewport, region: Option<Region>) -> Viewport {
    view.limited_to(&area(region).grown(PAN_MARGIN), MIN_ZOOM, MAX_ZOOM)
}

pub(super) fn tile_url(z: u8, x: u32, y: u32) -> String {
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
pub(super) const START_ID: &str = "map-start";

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
    pub(super) fn here() -> MapStart {
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
