//! The map engine as plain Rust: Web Mercator projection, the viewport with its tile grid,
//! clustering of markers, and travel estimates. It runs the same in the browser, on the
//! server (which renders the first view) and in unit tests, so it must not touch the DOM,
//! the network or the clock.

pub mod cluster;
pub mod layers;
pub mod projection;
pub mod regions;
pub mod travel;
pub mod viewport;

pub use cluster::{Cluster, ClusterIndex, MapPoint};
pub use projection::{LatLon, TILE_SIZE, WorldPoint, project, unproject};
pub use regions::region_bounds;
pub use travel::{TravelEstimate, distance_km, estimate};
pub use viewport::{Bounds, TilePlacement, Viewport};

/// Settings of the tile service, provided by the server as context to the pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapSettings {
    /// The credit line the tile service requires under every map.
    pub attribution: String,
}
