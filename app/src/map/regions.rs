//! Where the two regions lie on the map.

use super::Bounds;
use crate::domain::Region;

/// The area of a region's municipalities, a little wider than their borders.
pub fn region_bounds(region: Region) -> Bounds {
    match region {
        // Bergeijk, Bladel, Eersel, Oirschot, Reusel-De Mierden.
        Region::Kempen => Bounds {
            south: 51.24,
            west: 5.05,
            north: 51.56,
            east: 5.46,
        },
        // Velsen, Beverwijk, Heemskerk, with the coast and the North Sea Canal.
        Region::Ijmond => Bounds {
            south: 52.40,
            west: 4.52,
            north: 52.55,
            east: 4.74,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::LatLon;

    #[test]
    fn every_municipality_centre_lies_in_its_region() {
        // The centres the migrations load.
        let kempen = [
            (51.3197, 5.3586),
            (51.3686, 5.2203),
            (51.3575, 5.3178),
            (51.5050, 5.3128),
            (51.3622, 5.1650),
        ];
        let ijmond = [(52.4600, 4.6270), (52.4870, 4.6570), (52.5110, 4.6720)];
        for (lat, lon) in kempen {
            assert!(
                region_bounds(Region::Kempen).contains(LatLon::new(lat, lon)),
                "{lat}, {lon}"
            );
        }
        for (lat, lon) in ijmond {
            assert!(
                region_bounds(Region::Ijmond).contains(LatLon::new(lat, lon)),
                "{lat}, {lon}"
            );
        }
        assert!(!region_bounds(Region::Kempen).intersects(&region_bounds(Region::Ijmond)));
    }
}
