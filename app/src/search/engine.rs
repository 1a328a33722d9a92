//! The search itself, over the catalog's companies and their open placements.
//!
//! A company matches when at least one of its open placements matches every placement
//! filter (kind, level, field, start date, and the words, which may also occur in the
//! company's own name and description) and the company matches the company filters
//! (region, municipality, SBB, distance, area). What the list counts per company are its
//! matching placements, so the card says what the person was looking for.
//!
//! Plain Rust over data in memory, so it is unit-tested here; `api::search` feeds it the
//! catalog, which is rebuilt from the database after every write.

use super::{Filters, MAX_ZOOM, MIN_ZOOM, Search};
use crate::domain::{Field, Level, Municipality, PlacementKind, Region};
use crate::map::{ClusterIndex, LatLon, MapPoint, TravelEstimate, estimate};

/// A published company with open placements, as the search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogCompany {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub town: String,
    pub municipality: Municipality,
    pub position: LatLon,
    pub sbb_accredited: bool,
    /// Name and descriptions, folded by `fold_for_search`.
    pub search_text: String,
    /// Open placements only, newest confirmation first.
    pub placements: Vec<CatalogPlacement>,
}

/// An open placement, as the search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogPlacement {
    pub id: i64,
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
    pub field: Field,
    pub start_date: Option<crate::domain::Day>,
    pub last_confirmed_on: crate::domain::Day,
    /// The title, folded by `fold_for_search`.
    pub search_text: String,
}

impl From<crate::domain::ListedCompany> for CatalogCompany {
    /// The search's entry of a listed company: its name and descriptions, and each
    /// placement's title, folded once here.
    fn from(company: crate::domain::ListedCompany) -> CatalogCompany {
        CatalogCompany {
            search_text: fold_for_search(&format!(
                "{} {} {}",
                company.name, company.description_nl, company.description_en
            )),
            placements: company.placements.into_iter().map(CatalogPlacement::from).collect(),
            id: company.id,
            slug: company.slug,
            name: company.name,
            town: company.town,
            municipality: company.municipality,
            position: company.position,
            sbb_accredited: company.sbb_accredited,
        }
    }
}

impl From<crate::domain::ListedPlacement> for CatalogPlacement {
    fn from(placement: crate::domain::ListedPlacement) -> CatalogPlacement {
        CatalogPlacement {
            search_text: fold_for_search(&placement.title),
            id: placement.id,
            title: placement.title,
            kind: placement.kind,
            level: placement.level,
            field: placement.field,
            start_date: placement.start_date,
            last_confirmed_on: placement.last_confirmed_on,
        }
    }
}

/// How many matching open placements of each kind a company has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KindCounts {
    pub bbl: u32,
    pub bol_internship: u32,
    pub orientation_day: u32,
    pub job: u32,
}

impl KindCounts {
    fn add(&mut self, kind: PlacementKind) {
        match kind {
            PlacementKind::Bbl => self.bbl += 1,
            PlacementKind::BolInternship => self.bol_internship += 1,
            PlacementKind::OrientationDay => self.orientation_day += 1,
            PlacementKind::Job => self.job += 1,
        }
    }

    /// The non-zero counts, in the order of `PlacementKind::ALL`.
    pub fn nonzero(&self) -> Vec<(PlacementKind, u32)> {
        [
            (PlacementKind::Bbl, self.bbl),
            (PlacementKind::BolInternship, self.bol_internship),
            (PlacementKind::OrientationDay, self.orientation_day),
            (PlacementKind::Job, self.job),
        ]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .collect()
    }

    pub fn total(&self) -> u32 {
        self.bbl + self.bol_internship + self.orientation_day + self.job
    }
}

/// A matching placement as the results list links it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HitPlacement {
    pub id: i64,
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
}

/// A company in the results.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchHit {
    pub slug: String,
    pub name: String,
    pub town: String,
    pub municipality: Municipality,
    pub position: LatLon,
    pub sbb_accredited: bool,
    pub open: KindCounts,
    /// The first `HIT_PLACEMENTS` matching placements; `open.total()` says how many more.
    pub placements: Vec<HitPlacement>,
    /// From the search's origin, when it has one.
    pub travel: Option<TravelEstimate>,
    /// The most recent confirmation among the matching placements.
    pub last_confirmed_on: Option<crate::domain::Day>,
}

/// A marker on the map: one company, or several close together.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    pub position: LatLon,
    /// How many companies it stands for.
    pub count: u32,
    /// The company, when the marker stands for exactly one.
    pub company: Option<MarkerCompany>,
}

/// What a single company's marker card shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MarkerCompany {
    pub slug: String,
    pub name: String,
    pub town: String,
    pub open: KindCounts,
    pub travel: Option<TravelEstimate>,
}

/// One page of results and every marker, for one search.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SearchResult {
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    /// Markers for all matching companies at `marker_zoom`.
    pub markers: Vec<Marker>,
    pub marker_zoom: u8,
    /// The origin's position and name, when distances were measured.
    pub origin: Option<(LatLon, Option<String>)>,
}

impl SearchResult {
    pub fn page_count(&self) -> u32 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

pub const PER_PAGE: u32 = 12;
pub const HIT_PLACEMENTS: usize = 3;
/// Markers closer than this many pixels are shown as one.
pub const CLUSTER_RADIUS_PX: f64 = 60.0;

/// Lower-case, without accents, for matching words regardless of how they were typed.
pub fn fold_for_search(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(crate::domain::companies::fold_accent)
        .collect()
}

/// A company that matches, with its matching placements, counted once for both the list
/// and its marker.
struct Match<'a> {
    company: &'a CatalogCompany,
    placements: Vec<&'a CatalogPlacement>,
    open: KindCounts,
    travel: Option<TravelEstimate>,
}

/// Runs `search` over `companies`; the markers are clustered for `marker_zoom`.
pub fn run<C: std::borrow::Borrow<CatalogCompany>>(companies: &[C], search: &Search, marker_zoom: u8) -> SearchResult {
    let filters = &search.filters;
    let words: Vec<String> = fold_for_search(&filters.text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let origin = filters.origin.as_ref().and_then(|o| o.position());
    let mut matches: Vec<Match> = companies
        .iter()
        .map(std::borrow::Borrow::borrow)
        .filter(|c| company_matches(c, filters))
        .filter_map(|company| {
            let travel = origin.map(|from| estimate(from, company.position));
            if let (Some(travel), Some(radius)) = (travel, filters.radius_km)
                && travel.distance_km > f64::from(radius)
            {
                return None;
            }
            let placements: Vec<&CatalogPlacement> = company
                .placements
                .iter()
                .filter(|p| placement_matches(p, filters) && words_match(&words, company, p))
                .collect();
            let mut open = KindCounts::default();
            for placement in &placements {
                open.add(placement.kind);
            }
            (!placements.is_empty()).then_some(Match {
                company,
                placements,
                open,
                travel,
            })
        })
        .collect();
    if origin.is_some() {
        matches.sort_by(|a, b| {
            let distance = |m: &Match| m.travel.map_or(f64::MAX, |t| t.distance_km);
            distance(a)
                .total_cmp(&distance(b))
                .then_with(|| a.company.name.cmp(&b.company.name))
        });
    } else {
        matches.sort_by_cached_key(|m| {
            (
                std::cmp::Reverse(last_confirmed(&m.placements)),
                m.company.name.as_str(),
                m.company.id,
            )
        });
    }

    let points: Vec<MapPoint> = matches
        .iter()
        .enumerate()
        .map(|(index, m)| MapPoint {
            id: index as u64,
            position: m.company.position,
        })
        .collect();
    let zoom = marker_zoom.clamp(MIN_ZOOM as u8, MAX_ZOOM as u8);
    // One level is enough for one view, and far cheaper than the whole hierarchy from the
    // closest zoom down (see `make bench`).
    let index = ClusterIndex::new(&points, zoom, zoom, CLUSTER_RADIUS_PX);
    let markers = index
        .clusters(zoom)
        .map(|cluster| {
            let company = match cluster.members {
                [only] => {
                    let m = &matches[*only as usize];
                    Some(MarkerCompany {
                        slug: m.company.slug.clone(),
                        name: m.company.name.clone(),
                        town: m.company.town.clone(),
                        open: m.open,
                        travel: m.travel,
                    })
                }
                _ => None,
            };
            Marker {
                position: cluster.position,
                count: cluster.count() as u32,
                company,
            }
        })
        .collect();

    let page = search.page.max(1);
    let skip = (page as usize - 1).saturating_mul(PER_PAGE as usize);
    let hits = matches
        .iter()
        .skip(skip)
        .take(PER_PAGE as usize)
        .map(|m| SearchHit {
            slug: m.company.slug.clone(),
            name: m.company.name.clone(),
            town: m.company.town.clone(),
            municipality: m.company.municipality,
            position: m.company.position,
            sbb_accredited: m.company.sbb_accredited,
            open: m.open,
            placements: m
                .placements
                .iter()
                .take(HIT_PLACEMENTS)
                .map(|p| HitPlacement {
                    id: p.id,
                    title: p.title.clone(),
                    kind: p.kind,
                    level: p.level,
                })
                .collect(),
            travel: m.travel,
            last_confirmed_on: last_confirmed(&m.placements),
        })
        .collect();
    let origin_name = match &filters.origin {
        Some(super::Origin::Town(code)) => crate::domain::places::town_by_code(code).map(|t| t.name.to_owned()),
        _ => None,
    };
    SearchResult {
        total: matches.len() as u32,
        page,
        per_page: PER_PAGE,
        hits,
        markers,
        marker_zoom: zoom,
        origin: origin.map(|at| (at, origin_name)),
    }
}

/// The most recent confirmation among `placements`.
fn last_confirmed(placements: &[&CatalogPlacement]) -> Option<crate::domain::Day> {
    placements.iter().map(|p| p.last_confirmed_on).max()
}

fn company_matches(company: &CatalogCompany, filters: &Filters) -> bool {
    filters
        .region
        .is_none_or(|r: Region| company.municipality.region() == r)
        && filters.municipality.is_none_or(|m| company.municipality == m)
        && (!filters.sbb_only || company.sbb_accredited)
        && filters.area.is_none_or(|area| area.contains(company.position))
}

fn placement_matches(placement: &CatalogPlacement, filters: &Filters) -> bool {
    filters.kind.is_none_or(|k| placement.kind == k)
        && filters.level.is_none_or(|l| placement.level == l)
        && filters.field.is_none_or(|f| placement.field == f)
        && match (&filters.start_from, &placement.start_date) {
            (Some(from), Some(start)) => start >= from,
            _ => true,
        }
}

fn words_match(words: &[String], company: &CatalogCompany, placement: &CatalogPlacement) -> bool {
    words
        .iter()
        .all(|word| company.search_text.contains(word.as_str()) || placement.search_text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Origin;

    fn placement(id: i64, title: &str, kind: PlacementKind, level: Level, field: Field) -> CatalogPlacement {
        CatalogPlacement {
            id,
            title: title.into(),
            kind,
            level,
            field,
            start_date: None,
            last_confirmed_on: crate::domain::Day::parse("2026-11-01").expect("a day"),
            search_text: fold_for_search(title),
        }
    }

    fn company(id: i64, name: &str, municipality: Municipality, at: (f64, f64)) -> CatalogCompany {
        CatalogCompany {
            id,
            slug: format!("c{id}"),
            name: name.into(),
            town: municipality.name().into(),
            municipality,
            position: LatLon::new(at.0, at.1),
            sbb_accredited: false,
            search_text: fold_for_search(name),
            placements: vec![],
        }
    }

    fn catalog() -> Vec<CatalogCompany> {
        let mut bladel = company(1, "Vonk Metaal", Municipality::Bladel, (51.3686, 5.2203));
        bladel.sbb_accredited = true;
        bladel.placements = vec![
            placement(10, "BBL Lasser", PlacementKind::Bbl, Level::Mbo2, Field::Welding),
            placement(
                11,
                "Snuffeldag",
                PlacementKind::OrientationDay,
                Level::Vmbo,
                Field::Welding,
            ),
        ];
        let mut eersel = company(2, "Ëersel Elektro", Municipality::Eersel, (51.3575, 5.3178));
        eersel.placements = vec![placement(
            20,
            "Stage monteur",
            PlacementKind::BolInternship,
            Level::Mbo3,
            Field::Electrical,
        )];
        eersel.placements[0].start_date = crate::domain::Day::parse("2027-02-01");
        eersel.placements[0].last_confirmed_on = crate::domain::Day::parse("2026-11-20").expect("a day");
        let mut ijmuiden = company(3, "Havenkade Staal", Municipality::Velsen, (52.4612, 4.6104));
        ijmuiden.placements = vec![placement(
            30,
            "BBL Constructiewerker",
            PlacementKind::Bbl,
            Level::Mbo2,
            Field::SteelConstruction,
        )];
        vec![bladel, eersel, ijmuiden]
    }

    fn slugs(result: &SearchResult) -> Vec<&str> {
        result.hits.iter().map(|h| h.slug.as_str()).collect()
    }

    fn find(change: impl FnOnce(&mut Filters)) -> SearchResult {
        run(&catalog(), &Search::default().with_filters(change), 10)
    }

    #[test]
    fn without_filters_everything_is_found_most_recently_confirmed_first() {
        let result = find(|_| {});
        // Equal confirmation dates fall back to the name: Havenkade before Vonk.
        assert_eq!(slugs(&result), ["c2", "c3", "c1"]);
        assert_eq!(result.total, 3);
        assert_eq!(
            result.hits[2].open,
            KindCounts {
                bbl: 1,
                orientation_day: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn each_filter_narrows_and_counts_only_matching_placements() {
        assert_eq!(slugs(&find(|f| f.region = Some(Region::Ijmond))), ["c3"]);
        assert_eq!(slugs(&find(|f| f.municipality = Some(Municipality::Eersel))), ["c2"]);
        let bbl = find(|f| f.kind = Some(PlacementKind::Bbl));
        assert_eq!(slugs(&bbl), ["c3", "c1"]);
        assert_eq!(
            bbl.hits[1].open,
            KindCounts {
                bbl: 1,
                ..Default::default()
            }
        );
        assert_eq!(slugs(&find(|f| f.level = Some(Level::Vmbo))), ["c1"]);
        assert_eq!(slugs(&find(|f| f.field = Some(Field::Electrical))), ["c2"]);
        assert_eq!(slugs(&find(|f| f.sbb_only = true)), ["c1"]);
        // No start date means "by arrangement" and always qualifies.
        assert_eq!(
            slugs(&find(|f| f.start_from = crate::domain::Day::parse("2027-03-01"))),
            ["c3", "c1"]
        );
        assert_eq!(
            slugs(&find(|f| f.start_from = crate::domain::Day::parse("2027-01-01"))).len(),
            3
        );
        let combined = find(|f| {
            f.kind = Some(PlacementKind::Bbl);
            f.level = Some(Level::Mbo2);
            f.municipality = Some(Municipality::Bladel);
        });
        assert_eq!(slugs(&combined), ["c1"]);
        assert_eq!(
            combined.hits[0].placements.iter().map(|p| p.id).collect::<Vec<_>>(),
            [10]
        );
    }

    #[test]
    fn words_ignore_case_and_accents_and_match_inside_words() {
        assert_eq!(slugs(&find(|f| f.text = "las".into())), ["c1"], "'las' finds 'Lasser'");
        assert_eq!(
            slugs(&find(|f| f.text = "EERSEL".into())),
            ["c2"],
            "'EERSEL' finds 'Ëersel'"
        );
        assert_eq!(
            slugs(&find(|f| f.text = "vonk snuffel".into())),
            ["c1"],
            "words from company and placement"
        );
        let both = find(|f| f.text = "vonk snuffel".into());
        assert_eq!(
            both.hits[0].open.total(),
            1,
            "only the placement with both words counts"
        );
        assert!(find(|f| f.text = "bakker".into()).hits.is_empty());
    }

    #[test]
    fn an_origin_sorts_by_distance_and_a_radius_cuts_off() {
        let from_hapert = find(|f| f.origin = Some(Origin::Town("hapert".into())));
        assert_eq!(slugs(&from_hapert), ["c1", "c2", "c3"]);
        assert!(from_hapert.hits[0].travel.is_some_and(|t| t.distance_km < 3.0));
        assert_eq!(from_hapert.origin.as_ref().and_then(|o| o.1.as_deref()), Some("Hapert"));
        let near = find(|f| {
            f.origin = Some(Origin::Here(LatLon::new(52.46, 4.62)));
            f.radius_km = Some(10);
        });
        assert_eq!(slugs(&near), ["c3"]);
    }

    #[test]
    fn an_area_keeps_only_companies_inside_it() {
        let area = crate::map::region_bounds(Region::Kempen);
        assert_eq!(slugs(&find(|f| f.area = Some(area))).len(), 2);
    }

    #[test]
    fn markers_cover_every_match_and_split_when_zoomed_in() {
        let wide = run(&catalog(), &Search::default(), 7);
        let close = run(&catalog(), &Search::default(), 14);
        let total = |r: &SearchResult| r.markers.iter().map(|m| m.count).sum::<u32>();
        assert_eq!((total(&wide), total(&close)), (3, 3));
        assert!(
            wide.markers.len() < close.markers.len(),
            "Bladel and Eersel merge at zoom 7"
        );
        let single = close
            .markers
            .iter()
            .find_map(|m| m.company.as_ref())
            .expect("single markers");
        assert!(!single.name.is_empty());
    }

    #[test]
    fn pages_split_the_results_and_report_the_total() {
        let many: Vec<CatalogCompany> = (0..45)
            .map(|i| {
                let mut c = company(i, &format!("Bedrijf {i:02}"), Municipality::Bladel, (51.36, 5.22));
                c.placements = vec![placement(
                    i,
                    "Stage",
                    PlacementKind::BolInternship,
                    Level::Mbo2,
                    Field::Welding,
                )];
                c
            })
            .collect();
        // 45 at 12 a page: three full pages and 9 on the fourth.
        let last = run(&many, &Search::default().with_page(4), 10);
        assert_eq!((last.total, last.hits.len(), last.page_count()), (45, 9, 4));
        assert_eq!(last.hits[0].name, "Bedrijf 36");
        assert!(run(&many, &Search::default().with_page(5), 10).hits.is_empty());
    }
}
