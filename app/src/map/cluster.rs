//! Grouping markers that would overlap into one marker with a count.
//!
//! Hierarchical greedy clustering: starting one level above `max_zoom`, where every point
//! stands alone, each zoom level merges the clusters of the level above that lie within
//! `radius_px` screen pixels of each other. So
//! - markers that would overlap are merged by their distance, wherever they are (a fixed
//!   grid would keep two neighbours apart when a cell border runs between them);
//! - every cluster is a union of clusters of the next zoom level: zooming in only ever
//!   splits clusters, never regroups them differently;
//! - the result depends only on the set of points, not on their order: points are taken by
//!   id, and every sum is made in that order.
//!
//! The index is built once for a set of points (say, the companies matching the filters);
//! showing a view then only reads one level.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::projection::{LatLon, TILE_SIZE, WorldPoint, project, unproject};

/// A marker to place: a company, by id, at its position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapPoint {
    pub id: u64,
    pub position: LatLon,
}

/// One or more markers shown as one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster<'a> {
    /// The mean position of the members.
    pub position: LatLon,
    /// Ids of the members.
    pub members: &'a [u64],
}

impl Cluster<'_> {
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

/// The clusters of one set of points at every zoom from `min_zoom` to `max_zoom`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterIndex {
    min_zoom: u8,
    /// `levels[0]` is `min_zoom`; the last level is `max_zoom + 1`, the points alone.
    levels: Vec<Level>,
}

/// One zoom level: its clusters, each a run of `ids`, so a level costs two allocations
/// however many clusters it has.
#[derive(Clone, Debug, PartialEq)]
struct Level {
    nodes: Vec<Node>,
    ids: Vec<u64>,
}

/// A cluster in world coordinates of zoom 0 divided by the tile size (the whole world is
/// 0..1), with its members at `ids[start..start + len]` of its level.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Node {
    x: f64,
    y: f64,
    start: u32,
    len: u32,
}

impl ClusterIndex {
    /// Clusters `points` for zooms `min_zoom..=max_zoom`, merging markers closer than
    /// `radius_px` screen pixels.
    pub fn new(points: &[MapPoint], min_zoom: u8, max_zoom: u8, radius_px: f64) -> ClusterIndex {
        let max_zoom = max_zoom.max(min_zoom);
        let mut sorted = points.to_vec();
        sorted.sort_unstable_by_key(|p| p.id);
        let nodes = sorted
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let at = project(p.position, 0.0);
                Node {
                    x: at.x / TILE_SIZE,
                    y: at.y / TILE_SIZE,
                    start: index as u32,
                    len: 1,
                }
            })
            .collect();
        let mut levels = vec![Level {
            nodes,
            ids: sorted.iter().map(|p| p.id).collect(),
        }];
        for zoom in (min_zoom..=max_zoom).rev() {
            let above = levels.last().expect("the points' own level");
            let merged = merge_within(above, radius_px / (TILE_SIZE * f64::from(zoom).exp2()));
            levels.push(merged);
        }
        levels.reverse();
        ClusterIndex { min_zoom, levels }
    }

    /// The clusters at `zoom`: below `min_zoom` those of `min_zoom`, above `max_zoom` every
    /// point alone.
    pub fn clusters(&self, zoom: u8) -> impl ExactSizeIterator<Item = Cluster<'_>> {
        let index = usize::from(zoom.saturating_sub(self.min_zoom)).min(self.levels.len() - 1);
        let level = &self.levels[index];
        level.nodes.iter().map(move |node| Cluster {
            position: unproject(
                WorldPoint {
                    x: node.x * TILE_SIZE,
                    y: node.y * TILE_SIZE,
                },
                0.0,
            ),
            members: &level.ids[node.start as usize..(node.start + node.len) as usize],
        })
    }
}

/// One level down: clusters of `level` merged greedily, in order, with every cluster not
/// yet taken within `radius` of them.
fn merge_within(level: &Level, radius: f64) -> Level {
    let cell_of = |node: &Node| ((node.x / radius).floor() as i64, (node.y / radius).floor() as i64);
    // Nodes sorted by grid cell, and each cell's run in that order.
    let mut by_cell: Vec<((i64, i64), u32)> = level
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| (cell_of(node), index as u32))
        .collect();
    by_cell.sort_unstable();
    let mut cells: HashMap<(i64, i64), (u32, u32), BuildHasherDefault<CellHasher>> =
        HashMap::with_capacity_and_hasher(by_cell.len(), BuildHasherDefault::default());
    for (position, &(cell, _)) in by_cell.iter().enumerate() {
        cells.entry(cell).or_insert((position as u32, 0)).1 += 1;
    }

    let mut taken = vec![false; level.nodes.len()];
    let mut nodes = Vec::with_capacity(level.nodes.len());
    let mut ids = Vec::with_capacity(level.ids.len());
    let mut neighbours = Vec::new();
    for (index, node) in level.nodes.iter().enumerate() {
        if taken[index] {
            continue;
        }
        taken[index] = true;
        neighbours.clear();
        let (cx, cy) = cell_of(node);
        for y in cy - 1..=cy + 1 {
            for x in cx - 1..=cx + 1 {
                let Some(&(start, len)) = cells.get(&(x, y)) else {
                    continue;
                };
                for &(_, other) in &by_cell[start as usize..(start + len) as usize] {
                    let candidate = &level.nodes[other as usize];
                    let (dx, dy) = (candidate.x - node.x, candidate.y - node.y);
                    if !taken[other as usize] && dx * dx + dy * dy <= radius * radius {
                        neighbours.push(other);
                    }
                }
            }
        }
        neighbours.sort_unstable();
        let start = ids.len() as u32;
        let mut weight = node.len as f64;
        let (mut sum_x, mut sum_y) = (node.x * weight, node.y * weight);
        ids.extend_from_slice(&level.ids[node.start as usize..(node.start + node.len) as usize]);
        for &other in &neighbours {
            taken[other as usize] = true;
            let merged = &level.nodes[other as usize];
            let merged_weight = merged.len as f64;
            sum_x += merged.x * merged_weight;
            sum_y += merged.y * merged_weight;
            weight += merged_weight;
            ids.extend_from_slice(&level.ids[merged.start as usize..(merged.start + merged.len) as usize]);
        }
        nodes.push(Node {
            x: sum_x / weight,
            y: sum_y / weight,
            start,
            len: ids.len() as u32 - start,
        });
    }
    Level { nodes, ids }
}

/// A fast hasher for grid cells: the keys are our own integers, so there is no need for
/// the default hasher's protection against chosen keys.
#[derive(Default)]
struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random points over the Kempen (no clock, no rand crate).
    fn kempen_points(count: u64) -> Vec<MapPoint> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..count)
            .map(|id| MapPoint {
                id,
                position: LatLon::new(51.25 + 0.3 * next(), 5.08 + 0.37 * next()),
            })
            .collect()
    }

    #[test]
    fn every_point_is_in_exactly_one_cluster_at_every_zoom() {
        let index = ClusterIndex::new(&kempen_points(500), 6, 16, 60.0);
        for zoom in 0..=20 {
            let mut ids: Vec<u64> = index.clusters(zoom).flat_map(|c| c.members.to_vec()).collect();
            ids.sort_unstable();
            assert_eq!(ids, (0..500).collect::<Vec<_>>(), "zoom {zoom}");
        }
        assert!(
            index.clusters(17).all(|c| c.count() == 1),
            "above max_zoom every point stands alone"
        );
    }

    #[test]
    fn the_order_of_the_points_does_not_change_the_clusters() {
        let points = kempen_points(300);
        let mut reversed = points.clone();
        reversed.reverse();
        assert_eq!(
            ClusterIndex::new(&points, 6, 16, 60.0),
            ClusterIndex::new(&reversed, 6, 16, 60.0)
        );
    }

    #[test]
    fn zooming_in_only_splits_clusters() {
        let index = ClusterIndex::new(&kempen_points(400), 6, 16, 60.0);
        for zoom in 6..=16 {
            let coarse: Vec<Cluster> = index.clusters(zoom).collect();
            for fine in index.clusters(zoom + 1) {
                let parents = coarse
                    .iter()
                    .filter(|c| fine.members.iter().all(|m| c.members.contains(m)))
                    .count();
                assert_eq!(
                    parents,
                    1,
                    "a cluster at zoom {} is not inside one cluster of zoom {zoom}",
                    zoom + 1
                );
            }
        }
        assert!(index.clusters(6).len() < index.clusters(12).len());
    }

    #[test]
    fn neighbours_share_a_marker_far_out_and_separate_close_in() {
        let points = [
            MapPoint {
                id: 1,
                position: LatLon::new(51.3686, 5.2203),
            },
            MapPoint {
                id: 2,
                position: LatLon::new(51.3631, 5.2561),
            },
        ];
        let index = ClusterIndex::new(&points, 6, 16, 60.0);
        // About 2.6 km apart: 13 px at zoom 9, 830 px at zoom 15.
        for zoom in [6, 9] {
            let together: Vec<Cluster> = index.clusters(zoom).collect();
            assert_eq!(together.len(), 1, "Bladel and Hapert together at zoom {zoom}");
            assert!(
                (together[0].position.lon - (5.2203 + 5.2561) / 2.0).abs() < 1e-6,
                "the middle between them"
            );
        }
        let apart: Vec<Cluster> = index.clusters(15).collect();
        assert_eq!(apart.len(), 2);
        let bladel = &apart.iter().find(|c| c.members == [1]).expect("Bladel alone").position;
        assert!((bladel.lat - 51.3686).abs() < 1e-9 && (bladel.lon - 5.2203).abs() < 1e-9);
    }

    #[test]
    fn no_points_make_no_clusters() {
        assert_eq!(ClusterIndex::new(&[], 6, 16, 60.0).clusters(10).len(), 0);
    }
}
