//! What the map shows: a centre, a zoom and a size in screen pixels, with the tiles that
//! cover it and the conversions between screen pixels and positions.
//!
//! Tiles are drawn from the whole zoom level at or below the current zoom and scaled up
//! (at most twice), so a fractional zoom during a pinch or a zoom animation always has a
//! full cover of tiles and the view never flashes blank.

use super::between;
use super::projection::{LatLon, TILE_SIZE, WorldPoint, project, unproject, world_size};

/// A box of positions, such as a region with its surroundings.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bounds {
    pub fn contains(&self, p: LatLon) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lon)
    }

    pub fn center(&self) -> LatLon {
        LatLon::new((self.south + self.north) / 2.0, (self.west + self.east) / 2.0)
    }

    /// The nearest position inside the box.
    pub fn clamp(&self, p: LatLon) -> LatLon {
        LatLon::new(
            between(p.lat, self.south, self.north),
            between(p.lon, self.west, self.east),
        )
    }

    /// Whether the two boxes share any area (touching edges count).
    pub fn intersects(&self, other: &Bounds) -> bool {
        self.south <= other.north && other.south <= self.north && self.west <= other.east && other.west <= self.east
    }

    /// The box grown by `degrees` on every side.
    pub fn grown(&self, degrees: f64) -> Bounds {
        Bounds {
            south: self.south - degrees,
            west: self.west - degrees,
            north: self.north + degrees,
            east: self.east + degrees,
        }
    }

    /// The area XYZ tile `x`, `y` of zoom `z` covers.
    pub fn of_tile(z: u8, x: u32, y: u32) -> Bounds {
        let zoom = f64::from(z);
        let corner = |x: u32, y: u32| {
            unproject(
                WorldPoint {
                    x: f64::from(x) * TILE_SIZE,
                    y: f64::from(y) * TILE_SIZE,
                },
                zoom,
            )
        };
        let (north_west, south_east) = (corner(x, y), corner(x + 1, y + 1));
        Bounds {
            south: south_east.lat,
            west: north_west.lon,
            north: north_west.lat,
            east: south_east.lon,
        }
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Bounds) -> Bounds {
        Bounds {
            south: self.south.min(other.south),
            west: self.west.min(other.west),
            north: self.north.max(other.north),
            east: self.east.max(other.east),
        }
    }
}

/// One map tile and where it goes on screen, in CSS pixels from the viewport's top left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TilePlacement {
    pub z: u8,
    pub x: u32,
    pub y: u32,
    pub left: f64,
    pub top: f64,
    /// Width and height on screen: 256 at a whole zoom, up to 512 between zoom levels.
    pub size: f64,
}

/// The part of the world on screen.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Viewport {
    pub center: LatLon,
    pub zoom: f64,
    /// Size on screen in CSS pixels.
    pub width: f64,
    pub height: f64,
}

impl Viewport {
    /// The highest tile zoom the XYZ scheme is used with here.
    pub const MAX_TILE_ZOOM: u8 = 22;

    fn top_left(&self) -> WorldPoint {
        let centre = project(self.center, self.zoom);
        WorldPoint {
            x: centre.x - self.width / 2.0,
            y: centre.y - self.height / 2.0,
        }
    }

    /// Where `position` appears on screen.
    pub fn to_screen(&self, position: LatLon) -> (f64, f64) {
        let point = project(position, self.zoom);
        let top_left = self.top_left();
        (point.x - top_left.x, point.y - top_left.y)
    }

    /// The position under screen pixel (`x`, `y`).
    pub fn to_lat_lon(&self, x: f64, y: f64) -> LatLon {
        let top_left = self.top_left();
        unproject(
            WorldPoint {
                x: top_left.x + x,
                y: top_left.y + y,
            },
            self.zoom,
        )
    }

    /// The whole zoom level whose markers are shown: the nearest one.
    pub fn marker_zoom(&self) -> u8 {
        between(self.zoom.round(), 0.0, f64::from(Self::MAX_TILE_ZOOM)) as u8
    }

    /// The area on screen.
    pub fn bounds(&self) -> Bounds {
        let (north_west, south_east) = (self.to_lat_lon(0.0, 0.0), self.to_lat_lon(self.width, self.height));
        Bounds {
            south: south_east.lat,
            west: north_west.lon,
            north: north_west.lat,
            east: south_east.lon,
        }
    }

    /// The whole zoom level whose tiles are drawn.
    pub fn tile_zoom(&self) -> u8 {
        between(self.zoom.floor(), 0.0, f64::from(Self::MAX_TILE_ZOOM)) as u8
    }

    /// The tiles that together cover the whole view, row by row from the top left.
    pub fn tiles(&self) -> Vec<TilePlacement> {
        self.tiles_at(self.tile_zoom())
    }

    /// The tiles of zoom level `z` (at most the current zoom) that cover the whole view,
    /// scaled up to the current zoom: a coarser backdrop behind the current tiles keeps
    /// the view filled while those load.
    pub fn tiles_at(&self, z: u8) -> Vec<TilePlacement> {
        let z = z.min(self.tile_zoom());
        let size = TILE_SIZE * (self.zoom - f64::from(z)).exp2();
        let count = world_size(f64::from(z)) / TILE_SIZE;
        let top_left = self.top_left();
        let range = |start: f64, length: f64| {
            let first = (start / size).floor().max(0.0);
            let last = ((start + length) / size).ceil().min(count) - 1.0;
            (first as u32, last as u32, first <= last)
        };
        let (first_x, last_x, any_x) = range(top_left.x, self.width);
        let (first_y, last_y, any_y) = range(top_left.y, self.height);
        if !(any_x && any_y) {
            return Vec::new();
        }
        let mut tiles = Vec::with_capacity(((last_x - first_x + 1) * (last_y - first_y + 1)) as usize);
        for y in first_y..=last_y {
            for x in first_x..=last_x {
                tiles.push(TilePlacement {
                    z,
                    x,
                    y,
                    left: f64::from(x) * size - top_left.x,
                    top: f64::from(y) * size - top_left.y,
                    size,
                });
            }
        }
        tiles
    }

    /// The view moved by (`dx`, `dy`) screen pixels; dragging the map by (dx, dy) is
    /// `pan_by(-dx, -dy)`.
    pub fn pan_by(&self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            center: self.to_lat_lon(self.width / 2.0 + dx, self.height / 2.0 + dy),
            ..*self
        }
    }

    /// The view at `zoom` with the position under screen pixel (`x`, `y`) kept there, as
    /// wheel, double-click and pinch zooming need.
    pub fn zoom_around(&self, zoom: f64, x: f64, y: f64) -> Viewport {
        let anchor = project(self.to_lat_lon(x, y), zoom);
        let centre = WorldPoint {
            x: anchor.x - x + self.width / 2.0,
            y: anchor.y - y + self.height / 2.0,
        };
        Viewport {
            center: unproject(centre, zoom),
            zoom,
            ..*self
        }
    }

    /// The view of `width` x `height` pixels that shows all of `bounds` at the highest whole
    /// zoom between `min_zoom` and `max_zoom`.
    pub fn fit(bounds: &Bounds, width: f64, height: f64, min_zoom: u8, max_zoom: u8) -> Viewport {
        let north_west = project(LatLon::new(bounds.north, bounds.west), 0.0);
        let south_east = project(LatLon::new(bounds.south, bounds.east), 0.0);
        let span_x = (south_east.x - north_west.x).max(f64::EPSILON);
        let span_y = (south_east.y - north_west.y).max(f64::EPSILON);
        let zoom = (width / span_x).log2().min((height / span_y).log2()).floor();
        let zoom = between(zoom, f64::from(min_zoom), f64::from(max_zoom));
        let centre = WorldPoint {
            x: (north_west.x + south_east.x) / 2.0,
            y: (north_west.y + south_east.y) / 2.0,
        };
        Viewport {
            center: unproject(centre, 0.0),
            zoom,
            width,
            height,
        }
    }

    /// This view with its zoom held between `min_zoom` and `max_zoom` and its centre inside
    /// `bounds`, so panning and zooming cannot wander off the regions.
    pub fn limited_to(&self, bounds: &Bounds, min_zoom: f64, max_zoom: f64) -> Viewport {
        Viewport {
            center: bounds.clamp(self.center),
            zoom: between(self.zoom, min_zoom, max_zoom),
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLADEL: LatLon = LatLon::new(51.3686, 5.2203);
    const KEMPEN: Bounds = Bounds {
        south: 51.25,
        west: 5.08,
        north: 51.55,
        east: 5.45,
    };

    fn phone(zoom: f64) -> Viewport {
        Viewport {
            center: BLADEL,
            zoom,
            width: 390.0,
            height: 844.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn the_centre_is_in_the_middle_of_the_screen_and_conversions_round_trip() {
        let view = phone(12.3);
        let (x, y) = view.to_screen(BLADEL);
        assert!(close(x, 195.0) && close(y, 422.0), "({x}, {y})");
        let back = view.to_lat_lon(10.0, 700.0);
        let (x, y) = view.to_screen(back);
        assert!(close(x, 10.0) && close(y, 700.0));
    }

    #[test]
    fn tiles_cover_the_whole_view_without_gaps() {
        for zoom in [9.0, 12.0, 12.5, 13.99] {
            let view = phone(zoom);
            let tiles = view.tiles();
            let size = tiles[0].size;
            assert!(tiles.iter().all(|t| t.z == zoom.floor() as u8 && close(t.size, size)));
            let left = tiles.iter().map(|t| t.left).fold(f64::INFINITY, f64::min);
            let top = tiles.iter().map(|t| t.top).fold(f64::INFINITY, f64::min);
            let right = tiles.iter().map(|t| t.left + t.size).fold(f64::NEG_INFINITY, f64::max);
            let bottom = tiles.iter().map(|t| t.top + t.size).fold(f64::NEG_INFINITY, f64::max);
            assert!(
                left <= 0.0 && top <= 0.0 && right >= 390.0 && bottom >= 844.0,
                "zoom {zoom}"
            );
            let columns = tiles.iter().map(|t| t.x).max().unwrap_or(0) - tiles[0].x + 1;
            let rows = tiles.iter().map(|t| t.y).max().unwrap_or(0) - tiles[0].y + 1;
            assert_eq!(tiles.len() as u32, columns * rows, "a full grid, no holes");
            assert!(close(right - left, f64::from(columns) * size), "columns touch");
        }
    }

    #[test]
    fn between_zoom_levels_the_lower_tiles_are_drawn_larger() {
        let tiles = phone(12.5).tiles();
        assert_eq!(tiles[0].z, 12);
        assert!(close(tiles[0].size, 256.0 * 2f64.sqrt()));
    }

    #[test]
    fn the_tile_under_bladel_at_zoom_12_is_2107_1364() {
        let view = phone(12.0);
        let (x, y) = view.to_screen(BLADEL);
        let tile = view
            .tiles()
            .into_iter()
            .find(|t| (t.left..t.left + t.size).contains(&x) && (t.top..t.top + t.size).contains(&y));
        assert_eq!(tile.map(|t| (t.x, t.y)), Some((2107, 1364)));
    }

    #[test]
    fn zooming_around_a_point_keeps_that_point_under_the_pointer() {
        let view = phone(11.0);
        let under_pointer = view.to_lat_lon(300.0, 150.0);
        let zoomed = view.zoom_around(13.25, 300.0, 150.0);
        let (x, y) = zoomed.to_screen(under_pointer);
        assert!(close(x, 300.0) && close(y, 150.0), "({x}, {y})");
    }

    #[test]
    fn panning_there_and_back_returns_to_the_same_view() {
        let view = phone(12.0);
        let back = view.pan_by(120.0, -45.0).pan_by(-120.0, 45.0);
        assert!(close(back.center.lat, BLADEL.lat) && close(back.center.lon, BLADEL.lon));
        let (x, _) = view.pan_by(100.0, 0.0).to_screen(BLADEL);
        assert!(close(x, 95.0), "the map content moves the other way");
    }

    #[test]
    fn fitting_the_kempen_on_a_phone_shows_all_of_it_at_a_whole_zoom() {
        let view = Viewport::fit(&KEMPEN, 390.0, 844.0, 6, 18);
        assert_eq!(view.zoom.fract(), 0.0);
        for corner in [
            LatLon::new(KEMPEN.north, KEMPEN.west),
            LatLon::new(KEMPEN.south, KEMPEN.east),
        ] {
            let (x, y) = view.to_screen(corner);
            assert!(
                (0.0..=390.0).contains(&x) && (0.0..=844.0).contains(&y),
                "{corner:?} at ({x}, {y})"
            );
        }
        let closer = Viewport {
            zoom: view.zoom + 1.0,
            ..view
        };
        let (x, _) = closer.to_screen(LatLon::new(KEMPEN.north, KEMPEN.west));
        assert!(x < 0.0, "one zoom level more would not fit");
    }

    #[test]
    fn the_tile_over_bladel_contains_bladel_and_touches_its_neighbour() {
        let tile = Bounds::of_tile(12, 2107, 1364);
        assert!(tile.contains(BLADEL));
        assert!(
            tile.intersects(&Bounds::of_tile(12, 2108, 1364)),
            "neighbours share an edge"
        );
        assert!(!tile.intersects(&Bounds::of_tile(12, 2110, 1364)));
        assert!(tile.north > tile.south && tile.east > tile.west);
    }

    #[test]
    fn limits_keep_the_centre_near_the_region_and_the_zoom_in_range() {
        let far = Viewport {
            center: LatLon::new(48.85, 2.35),
            zoom: 25.0,
            width: 390.0,
            height: 844.0,
        };
        let limited = far.limited_to(&KEMPEN, 9.0, 18.0);
        assert!(KEMPEN.contains(limited.center));
        assert_eq!(limited.zoom, 18.0);
    }
}
