//! Web Mercator (EPSG:3857), the projection of the XYZ tile scheme the PDOK and
//! OpenStreetMap tiles use: at zoom `z` the world is a square of `256 * 2^z` pixels, with
//! (0, 0) at 180°W, 85.05°N.

use std::f64::consts::PI;

/// Pixels along one side of a map tile.
pub const TILE_SIZE: f64 = 256.0;
/// The latitude where Web Mercator's square world ends.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// A position on Earth in degrees (WGS84).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }
}

/// A position in world pixels at some zoom: x to the east, y to the south.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldPoint {
    pub x: f64,
    pub y: f64,
}

/// The width (and height) of the whole world in pixels at `zoom`, which may be fractional.
pub fn world_size(zoom: f64) -> f64 {
    TILE_SIZE * zoom.exp2()
}

/// Where `position` lies in world pixels at `zoom`. Latitudes beyond the projection's
/// limit are held at the limit.
pub fn project(position: LatLon, zoom: f64) -> WorldPoint {
    let size = world_size(zoom);
    let lat = super::between(position.lat, -MAX_LATITUDE, MAX_LATITUDE).to_radians();
    WorldPoint {
        x: (position.lon + 180.0) / 360.0 * size,
        y: (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * size,
    }
}

/// The position at world pixel `point` at `zoom`; the inverse of `project`.
pub fn unproject(point: WorldPoint, zoom: f64) -> LatLon {
    let size = world_size(zoom);
    let mercator_y = PI * (1.0 - 2.0 * point.y / size);
    LatLon {
        lat: mercator_y.sinh().atan().to_degrees(),
        lon: point.x / size * 360.0 - 180.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLADEL: LatLon = LatLon::new(51.3686, 5.2203);

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn the_equator_at_greenwich_is_the_centre_of_the_world() {
        let centre = project(LatLon::new(0.0, 0.0), 0.0);
        assert!(
            close(centre.x, 128.0, 1e-9) && close(centre.y, 128.0, 1e-9),
            "{centre:?}"
        );
        let corner = project(LatLon::new(MAX_LATITUDE, -180.0), 3.0);
        assert!(close(corner.x, 0.0, 1e-6) && close(corner.y, 0.0, 1e-6), "{corner:?}");
    }

    #[test]
    fn bladel_lands_on_the_pixels_and_tile_of_the_standard_formula() {
        // Reference values from the OpenStreetMap slippy-map formula, computed separately.
        let at_12 = project(BLADEL, 12.0);
        assert!(
            close(at_12.x, 539_493.23, 0.01) && close(at_12.y, 349_326.84, 0.01),
            "{at_12:?}"
        );
        assert_eq!(
            ((at_12.x / TILE_SIZE) as u32, (at_12.y / TILE_SIZE) as u32),
            (2107, 1364)
        );
        let at_14 = project(BLADEL, 14.0);
        assert_eq!(
            ((at_14.x / TILE_SIZE) as u32, (at_14.y / TILE_SIZE) as u32),
            (8429, 5458)
        );
    }

    #[test]
    fn unproject_undoes_project_at_any_zoom() {
        for zoom in [0.0, 7.5, 12.0, 18.0] {
            let back = unproject(project(BLADEL, zoom), zoom);
            assert!(
                close(back.lat, BLADEL.lat, 1e-9) && close(back.lon, BLADEL.lon, 1e-9),
                "{zoom}: {back:?}"
            );
        }
    }

    #[test]
    fn one_zoom_level_doubles_every_pixel_coordinate() {
        let (a, b) = (project(BLADEL, 10.0), project(BLADEL, 11.0));
        assert!(close(b.x, 2.0 * a.x, 1e-6) && close(b.y, 2.0 * a.y, 1e-6));
    }
}
