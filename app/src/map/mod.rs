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

/// `value` kept between `low` and `high` (not a number: `low`). Instead of `f64::clamp`,
/// whose assertion message formats floats with `Debug` and so brings about 14 KB of float
/// printing into the map's wasm.
pub fn between(value: f64, low: f64, high: f64) -> f64 {
    value.max(low).min(high)
}

/// Settings of the tile service, provided by the server as context to the pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapSettings {
    /// The credit line the tile service requires under every map.
    pub attribution: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn between_keeps_a_value_in_its_range() {
        assert_eq!(super::between(5.0, 0.0, 3.0), 3.0);
        assert_eq!(super::between(-5.0, 0.0, 3.0), 0.0);
        assert_eq!(super::between(1.5, 0.0, 3.0), 1.5);
        assert_eq!(super::between(f64::NAN, 0.0, 3.0), 0.0);
    }
}
