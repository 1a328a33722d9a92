//! Prints how long the map engine takes for one view: clustering 10,000 markers spread over
//! both regions, and laying out the tiles of a desktop-sized view. Run in release:
//! `cargo run --release -p app --example map_bench` (also part of `make bench`).

use std::time::{Duration, Instant};

use app::map::{ClusterIndex, LatLon, MapPoint, Viewport};

fn main() {
    let points = spread_points(10_000);
    let median = median_of(21, || {
        std::hint::black_box(ClusterIndex::new(std::hint::black_box(&points), 7, 18, 60.0));
    });
    println!(
        "  clustering 10,000 points for zooms 7-18 (all levels at once): {:>6.2} ms (median of 21 runs)",
        median.as_secs_f64() * 1000.0
    );
    // What a search does for one view: the view's own level only.
    for zoom in [9u8, 12] {
        let median = median_of(21, || {
            std::hint::black_box(ClusterIndex::new(std::hint::black_box(&points), zoom, zoom, 60.0));
        });
        println!(
            "  clustering 10,000 points for one view at zoom {zoom}: {:>6.2} ms (median of 21 runs; budget 5 ms)",
            median.as_secs_f64() * 1000.0
        );
    }
    let index = ClusterIndex::new(&points, 7, 18, 60.0);
    for zoom in [9u8, 12, 15] {
        println!("    zoom {zoom:>2}: {} markers", index.clusters(zoom).len());
    }
    let view = Viewport {
        center: LatLon::new(51.3686, 5.2203),
        zoom: 12.5,
        width: 1440.0,
        height: 900.0,
    };
    let median = median_of(1001, || {
        std::hint::black_box(std::hint::black_box(&view).tiles());
    });
    println!(
        "  tile layout for a 1440x900 view: {:>6.2} µs (median of 1001 runs)",
        median.as_secs_f64() * 1e6
    );
}

/// Points spread like companies: half over the Kempen, half over the IJmond.
fn spread_points(count: u64) -> Vec<MapPoint> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..count)
        .map(|id| {
            let (lat, lon) = if id % 2 == 0 {
                (51.25 + 0.3 * next(), 5.08 + 0.37 * next())
            } else {
                (52.42 + 0.11 * next(), 4.58 + 0.12 * next())
            };
            MapPoint {
                id,
                position: LatLon::new(lat, lon),
            }
        })
        .collect()
}

fn median_of(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[runs / 2]
}
