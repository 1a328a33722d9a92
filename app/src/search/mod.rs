//! Finding companies: the filters a person sets, how they read in a URL, and the search
//! over the catalog that answers them with a page of results and the map's markers.
//!
//! The URL is the one description of a search. The home page reads its filters, map view
//! and page from the query string, links and form controls write it, and the server
//! function takes the same query string and parses it with the same code, so what the
//! browser allows the server checks again, and a shared link shows the same results.

pub mod engine;
pub mod event_pins;
pub mod marker_text;

use crate::decimals::{Fixed, trimmed};
use crate::domain::{Field, FieldError, Level, Municipality, PlacementKind, Problem, Region, places};
use crate::map::{Bounds, LatLon};

/// Where distances are measured from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// A town of either region, by code (`hapert`).
    Town(String),
    /// The browser's location, when the person chose to share it.
    Here(LatLon),
}

impl Origin {
    /// The position, when the town is known.
    pub fn position(&self) -> Option<LatLon> {
        match self {
            Origin::Town(code) => places::town_by_code(code).map(|t| LatLon::new(t.latitude, t.longitude)),
            Origin::Here(at) => Some(*at),
        }
    }
}

/// What a person is looking for. Every part is optional; the default finds everything.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Filters {
    pub region: Option<Region>,
    pub municipality: Option<Municipality>,
    pub kind: Option<PlacementKind>,
    pub level: Option<Level>,
    pub field: Option<Field>,
    /// Only companies SBB recognises as training companies.
    pub sbb_only: bool,
    /// Placements starting on or after this date (`YYYY-MM-DD`); a placement without a
    /// start date (start by arrangement) always qualifies.
    pub start_from: Option<crate::domain::Day>,
    /// Words that must all occur in the company's name or description or the placement's
    /// title, ignoring case and accents, also inside longer words.
    pub text: String,
    pub origin: Option<Origin>,
    /// With an origin: only companies within this many kilometres (straight line).
    pub radius_km: Option<u32>,
    /// Only companies inside this box ("search in this area").
    pub area: Option<Bounds>,
}

/// Where the map looks.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapView {
    pub center: LatLon,
    pub zoom: f64,
}

/// A whole search as the URL carries it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Search {
    pub filters: Filters,
    /// `None`: show the chosen region(s) whole.
    pub view: Option<MapView>,
    /// 1-based page of the results list.
    pub page: u32,
    /// The map shows events too (`evenementen=aan`). Off by default: at the regions' zoom
    /// the events at companies sit on the companies' own markers.
    pub show_events: bool,
}

/// Limits of what a search may ask.
pub const MAX_TEXT_CHARS: usize = 100;
pub const MAX_RADIUS_KM: u32 = 100;
pub const RADIUS_CHOICES_KM: &[u32] = &[5, 10, 15, 25, 50];
pub const MAX_PAGE: u32 = 10_000;
/// The zooms the map may show: from both regions at once to a street.
pub const MIN_ZOOM: f64 = 7.0;
pub const MAX_ZOOM: f64 = 18.0;

/// The query-string keys, Dutch like the rest of the URLs.
mod key {
    pub const REGION: &str = "regio";
    pub const MUNICIPALITY: &str = "gemeente";
    pub const KIND: &str = "soort";
    pub const LEVEL: &str = "niveau";
    pub const FIELD: &str = "vakgebied";
    pub const SBB: &str = "erkend";
    pub const START_FROM: &str = "start";
    pub const TEXT: &str = "zoek";
    pub const TOWN: &str = "vanaf";
    pub const HERE: &str = "hier";
    pub const RADIUS: &str = "straal";
    pub const AREA: &str = "gebied";
    pub const VIEW: &str = "kaart";
    pub const PAGE: &str = "pagina";
    pub const EVENTS: &str = "evenementen";
}

impl Search {
    /// Reads a search from query-string pairs (already percent-decoded). Values that cannot
    /// be read are left out of the search and reported, each under its key.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Search, Vec<FieldError>) {
        let mut search = Search::default();
        let mut errors = Vec::new();
        let mut here = None;
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let mut bad = |problem: Problem| errors.push(FieldError::new(name, problem));
            let filters = &mut search.filters;
            match name {
                key::REGION => set_code(&mut filters.region, Region::from_code(value), &mut bad),
                key::MUNICIPALITY => set_code(&mut filters.municipality, Municipality::from_code(value), &mut bad),
                key::KIND => set_code(&mut filters.kind, PlacementKind::from_code(value), &mut bad),
                key::LEVEL => set_code(&mut filters.level, Level::from_code(value), &mut bad),
                key::FIELD => set_code(&mut filters.field, Field::from_code(value), &mut bad),
                key::SBB => filters.sbb_only = matches!(value, "ja" | "1" | "true" | "on"),
                key::START_FROM => match crate::domain::Day::parse(value) {
                    Some(day) => filters.start_from = Some(day),
                    None => bad(Problem::Format),
                },
                key::TEXT if value.chars().count() > MAX_TEXT_CHARS => bad(Problem::TooLong),
                key::TEXT => filters.text = value.to_owned(),
                key::TOWN if places::town_by_code(value).is_some() => {
                    filters.origin = Some(Origin::Town(value.to_owned()))
                }
                key::TOWN => bad(Problem::Unknown),
                key::HERE => match parse_numbers::<2>(value) {
                    Some([lat, lon]) if crate::domain::is_in_netherlands(lat, lon) => {
                        here = Some(LatLon::new(lat, lon))
                    }
                    Some(_) => bad(Problem::OutOfRange),
                    None => bad(Problem::Format),
                },
                key::RADIUS => match value.parse::<u32>() {
                    Ok(km) if (1..=MAX_RADIUS_KM).contains(&km) => filters.radius_km = Some(km),
                    Ok(_) => bad(Problem::OutOfRange),
                    Err(_) => bad(Problem::Format),
                },
                key::AREA => match parse_numbers::<4>(value) {
                    Some([south, west, north, east])
                        if south < north
                            && west < east
                            && crate::domain::is_in_netherlands(south, west)
                            && crate::domain::is_in_netherlands(north, east) =>
                    {
                        filters.area = Some(Bounds {
                            south,
                            west,
                            north,
                            east,
                        })
                    }
                    Some(_) => bad(Problem::OutOfRange),
                    None => bad(Problem::Format),
                },
                key::VIEW => match parse_numbers::<3>(value) {
                    Some([lat, lon, zoom])
                        if crate::domain::is_in_netherlands(lat, lon) && (MIN_ZOOM..=MAX_ZOOM).contains(&zoom) =>
                    {
                        search.view = Some(MapView {
                            center: LatLon::new(lat, lon),
                            zoom,
                        })
                    }
                    Some(_) => bad(Problem::OutOfRange),
                    None => bad(Problem::Format),
                },
                key::PAGE => match value.parse::<u32>() {
                    Ok(page) if page <= MAX_PAGE => search.page = page,
                    Ok(_) => bad(Problem::OutOfRange),
                    Err(_) => bad(Problem::Format),
                },
                key::EVENTS => match value {
                    "aan" => search.show_events = true,
                    "uit" => search.show_events = false,
                    _ => bad(Problem::Unknown),
                },
                // Other keys (tracking tags and the like) are no business of the search.
                _ => {}
            }
        }
        // The browser's location wins over a town: it is the more deliberate choice.
        if let Some(here) = here {
            search.filters.origin = Some(Origin::Here(here));
        }
        search.page = search.page.max(1);
        (search, errors)
    }

    /// Reads a search from a raw query string (`regio=kempen&zoek=las`).
    pub fn from_query(query: &str) -> (Search, Vec<FieldError>) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
        Search::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The query string of this search, without `?`; defaults are left out, so the plainest
    /// search has the plainest URL.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let f = &self.filters;
        let mut code = |name: &str, value: Option<&str>| {
            if let Some(value) = value {
                out.append_pair(name, value);
            }
        };
        code(key::REGION, f.region.map(Region::code));
        code(key::MUNICIPALITY, f.municipality.map(Municipality::code));
        code(key::KIND, f.kind.map(PlacementKind::code));
        code(key::LEVEL, f.level.map(Level::code));
        code(key::FIELD, f.field.map(Field::code));
        code(key::SBB, f.sbb_only.then_some("ja"));
        let start_from = f.start_from.map(crate::domain::Day::stored);
        code(key::START_FROM, start_from.as_deref());
        code(key::TEXT, Some(f.text.trim()).filter(|t| !t.is_empty()));
        let town = match &f.origin {
            Some(Origin::Town(code)) => Some(code.as_str()),
            _ => None,
        };
        code(key::TOWN, town);
        let here = match &f.origin {
            Some(Origin::Here(at)) => Some(point_text(*at)),
            _ => None,
        };
        code(key::HERE, here.as_deref());
        let radius = f.radius_km.map(|km| km.to_string());
        code(key::RADIUS, radius.as_deref());
        let area = f.area.map(|b| area_text(&b));
        code(key::AREA, area.as_deref());
        let view = self.view.map(|v| {
            format!(
                "{},{},{}",
                Fixed(v.center.lat, 5),
                Fixed(v.center.lon, 5),
                trimmed(v.zoom, 2)
            )
        });
        code(key::VIEW, view.as_deref());
        let page = (self.page > 1).then(|| self.page.to_string());
        code(key::PAGE, page.as_deref());
        code(key::EVENTS, self.show_events.then_some("aan"));
        out.finish()
    }

    /// The home page's address for this search.
    pub fn href(&self) -> String {
        let query = self.to_query();
        if query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{query}")
        }
    }

    /// This search with other filters, back on page 1 (a page number means nothing for
    /// another set of results).
    pub fn with_filters(&self, change: impl FnOnce(&mut Filters)) -> Search {
        let mut next = self.clone();
        change(&mut next.filters);
        next.page = 1;
        next
    }

    /// This search on another page.
    pub fn with_page(&self, page: u32) -> Search {
        Search { page, ..self.clone() }
    }

    /// This search with the map looking elsewhere.
    pub fn with_view(&self, view: Option<MapView>) -> Search {
        Search { view, ..self.clone() }
    }

    /// Whether any filter narrows the search.
    pub fn is_filtered(&self) -> bool {
        self.filters != Filters::default()
    }
}

/// A point as the address writes it: "51.3686,5.2203" (four decimals, about 10 m).
pub fn point_text(at: LatLon) -> String {
    format!("{},{}", Fixed(at.lat, 4), Fixed(at.lon, 4))
}

/// An area as the address writes it: south, west, north, east with four decimals.
pub fn area_text(b: &Bounds) -> String {
    format!(
        "{},{},{},{}",
        Fixed(b.south, 4),
        Fixed(b.west, 4),
        Fixed(b.north, 4),
        Fixed(b.east, 4)
    )
}

fn set_code<T>(slot: &mut Option<T>, parsed: Option<T>, bad: &mut impl FnMut(Problem)) {
    match parsed {
        Some(value) => *slot = Some(value),
        None => bad(Problem::Unknown),
    }
}

/// `N` finite numbers separated by commas.
fn parse_numbers<const N: usize>(text: &str) -> Option<[f64; N]> {
    let mut numbers = [0.0; N];
    let mut parts = text.split(',');
    for slot in &mut numbers {
        let number = crate::decimals::parse(parts.next()?.trim())?;
        if !number.is_finite() {
            return None;
        }
        *slot = number;
    }
    parts.next().is_none().then_some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_survives_the_round_trip_through_the_url() {
        let search = Search {
            filters: Filters {
                region: Some(Region::Kempen),
                municipality: Some(Municipality::Bladel),
                kind: Some(PlacementKind::Bbl),
                level: Some(Level::Mbo2),
                field: Some(Field::Welding),
                sbb_only: true,
                start_from: crate::domain::Day::parse("2027-02-01"),
                text: "lassen & zo".into(),
                origin: Some(Origin::Town("hapert".into())),
                radius_km: Some(10),
                area: Some(Bounds {
                    south: 51.3,
                    west: 5.1,
                    north: 51.4,
                    east: 5.3,
                }),
            },
            view: Some(MapView {
                center: LatLon::new(51.36, 5.22),
                zoom: 12.5,
            }),
            page: 3,
            show_events: true,
        };
        let query = search.to_query();
        assert_eq!(Search::from_query(&query), (search.clone(), vec![]), "{query}");
        let here = search.with_filters(|f| f.origin = Some(Origin::Here(LatLon::new(52.4612, 4.6104))));
        assert_eq!(Search::from_query(&here.to_query()).0, here);
        assert_eq!(here.page, 1, "other filters start on page 1");
    }

    #[test]
    fn the_plain_search_has_the_plain_url() {
        assert_eq!(Search::default().with_page(1).href(), "/");
        let (search, errors) = Search::from_query("");
        assert_eq!((search.page, errors), (1, vec![]));
        assert!(!search.is_filtered());
    }

    #[test]
    fn unreadable_values_are_reported_by_key_and_left_out() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let query = format!(
            "regio=utrecht&soort=bbl&start=1-2-2027&vanaf=parijs&straal=500&hier=48.85,2.35&kaart=51.3,5.2&pagina=x&zoek={long}&utm_source=flyer"
        );
        let (search, errors) = Search::from_query(&query);
        let keys: Vec<(&str, Problem)> = errors.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        assert_eq!(
            keys,
            vec![
                ("regio", Problem::Unknown),
                ("start", Problem::Format),
                ("vanaf", Problem::Unknown),
                ("straal", Problem::OutOfRange),
                ("hier", Problem::OutOfRange),
                ("kaart", Problem::Format),
                ("pagina", Problem::Format),
                ("zoek", Problem::TooLong),
            ]
        );
        assert_eq!(search.filters.kind, Some(PlacementKind::Bbl), "good values are kept");
        assert_eq!(search.filters.region, None);
    }
}
