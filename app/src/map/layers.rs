//! Where tiles and markers go inside the map's layers.
//!
//! Each layer is one element centred in the map. Its children sit at fixed offsets from an
//! `origin` (the north-west corner of the area the map may show), and the layer itself is
//! shifted so the view's centre lands in the middle. Panning then changes one transform
//! per layer, and tiles and markers keep their elements (and loaded images) while the map
//! moves.

use super::projection::{LatLon, TILE_SIZE, project};
use crate::decimals::Fixed;

/// The offset in pixels of `position` from `origin` at `zoom`.
pub fn offset(origin: LatLon, position: LatLon, zoom: f64) -> (f64, f64) {
    let (at, from) = (project(position, zoom), project(origin, zoom));
    (at.x - from.x, at.y - from.y)
}

/// The offset of tile `x`, `y` of level `z` from `origin`, in pixels of level `z`.
pub fn tile_offset(origin: LatLon, z: u8, x: u32, y: u32) -> (f64, f64) {
    let from = project(origin, f64::from(z));
    (f64::from(x) * TILE_SIZE - from.x, f64::from(y) * TILE_SIZE - from.y)
}

/// The CSS transform of a layer drawn at `layer_zoom` so that `center` is in the middle of
/// the map at `zoom`.
pub fn layer_transform(origin: LatLon, center: LatLon, layer_zoom: f64, zoom: f64) -> String {
    let scale = (zoom - layer_zoom).exp2();
    let (x, y) = offset(origin, center, layer_zoom);
    if (scale - 1.0).abs() < 1e-9 {
        format!("translate({}px,{}px)", Fixed(-x, 1), Fixed(-y, 1))
    } else {
        format!(
            "translate({}px,{}px) scale({})",
            Fixed(-x * scale, 1),
            Fixed(-y * scale, 1),
            Fixed(scale, 5)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: LatLon = LatLon::new(51.56, 5.05);
    const BLADEL: LatLon = LatLon::new(51.3686, 5.2203);

    #[test]
    fn a_tile_lands_where_its_corner_projects() {
        // Bladel lies in tile 2107/1364 at zoom 12.
        let (x, y) = tile_offset(ORIGIN, 12, 2107, 1364);
        let (bx, by) = offset(ORIGIN, BLADEL, 12.0);
        assert!((0.0..TILE_SIZE).contains(&(bx - x)) && (0.0..TILE_SIZE).contains(&(by - y)));
    }

    #[test]
    fn the_layer_shift_puts_the_centre_in_the_middle() {
        // A marker at the centre, shifted by the layer, ends at (0, 0).
        let (x, y) = offset(ORIGIN, BLADEL, 12.0);
        assert_eq!(
            layer_transform(ORIGIN, BLADEL, 12.0, 12.0),
            format!("translate({:.1}px,{:.1}px)", -x, -y)
        );
        // A level-12 layer shown at zoom 13 is scaled twice, and so is its shift.
        assert_eq!(
            layer_transform(ORIGIN, BLADEL, 12.0, 13.0),
            format!("translate({:.1}px,{:.1}px) scale(2.00000)", -2.0 * x, -2.0 * y)
        );
    }
}
