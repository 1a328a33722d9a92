//! How far a company is and roughly how long getting there takes.
//!
//! Always an estimate, shown with "ca.": the straight-line (great-circle) distance times a
//! detour factor for the roads, at a steady average speed. The numbers suit the Kempen's
//! villages and the IJmond's towns; they are no route planner.

use super::LatLon;

/// Mean Earth radius in kilometres (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Roads and cycle paths are on average about 30% longer than the straight line between
/// two places in the Dutch countryside.
pub const DETOUR_FACTOR: f64 = 1.3;
/// An everyday cycling pace, including crossings.
pub const BIKE_KMH: f64 = 15.0;
/// Door to door by car over local and regional roads, including junctions and parking.
pub const CAR_KMH: f64 = 45.0;

/// Distance and estimated minutes from one place to another.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TravelEstimate {
    /// Straight line, in kilometres.
    pub distance_km: f64,
    /// By bicycle, rounded up to whole minutes, at least 1.
    pub bike_minutes: u32,
    /// By car, rounded up to whole minutes, at least 1.
    pub car_minutes: u32,
}

/// The great-circle distance in kilometres (haversine formula).
pub fn distance_km(from: LatLon, to: LatLon) -> f64 {
    let (lat1, lat2) = (from.lat.to_radians(), to.lat.to_radians());
    let half_dlat = (lat2 - lat1) / 2.0;
    let half_dlon = (to.lon - from.lon).to_radians() / 2.0;
    let h = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlon.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The travel estimate from `from` to `to`.
pub fn estimate(from: LatLon, to: LatLon) -> TravelEstimate {
    let distance_km = distance_km(from, to);
    let minutes = |kmh: f64| ((distance_km * DETOUR_FACTOR / kmh * 60.0).ceil() as u32).max(1);
    TravelEstimate {
        distance_km,
        bike_minutes: minutes(BIKE_KMH),
        car_minutes: minutes(CAR_KMH),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLADEL: LatLon = LatLon::new(51.3686, 5.2203);
    const EERSEL: LatLon = LatLon::new(51.3575, 5.3178);
    const IJMUIDEN: LatLon = LatLon::new(52.4580, 4.6190);

    #[test]
    fn distances_match_the_haversine_reference_values() {
        // Reference values computed separately with the same Earth radius.
        assert!((distance_km(BLADEL, EERSEL) - 6.8809).abs() < 0.001);
        assert!((distance_km(BLADEL, IJMUIDEN) - 127.9635).abs() < 0.001);
        assert_eq!(distance_km(BLADEL, BLADEL), 0.0);
        assert!((distance_km(EERSEL, BLADEL) - distance_km(BLADEL, EERSEL)).abs() < 1e-12);
    }

    #[test]
    fn bladel_to_eersel_is_about_36_minutes_by_bike_and_12_by_car() {
        // 6.88 km * 1.3 = 8.95 km: 35.8 min at 15 km/h, 11.9 min at 45 km/h.
        let trip = estimate(BLADEL, EERSEL);
        assert_eq!((trip.bike_minutes, trip.car_minutes), (36, 12));
    }

    #[test]
    fn the_same_place_takes_at_least_one_minute() {
        let trip = estimate(BLADEL, BLADEL);
        assert_eq!((trip.bike_minutes, trip.car_minutes), (1, 1));
    }
}
