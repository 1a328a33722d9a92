//! The map's markers as plain text: how they travel to the browser, in the map island's
//! first render and in every answer of `search_markers`.
//!
//! One marker per line, fields separated by tabs. A cluster is `c`, latitude, longitude
//! and count; a single company is `p`, latitude, longitude, slug, name, town, the open
//! placements per kind (`bbl,bol,orientation,job`) and, when distances were measured,
//! `km,bike,car`. Tabs, line ends and backslashes in names are written `\t`, `\n`, `\\`.
//!
//! Written by hand instead of JSON because reading JSON is most of what serde brings into
//! the map's wasm (about 50 KB before compression), and the home page's first load pays
//! for every byte of it.

use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

use super::engine::{KindCounts, Marker, MarkerCompany};
use crate::decimals::{Fixed, parse};
use crate::map::{LatLon, TravelEstimate};

/// Six decimals: about ten centimetres, finer than a pixel at the deepest zoom.
const PLACES: u8 = 6;

/// `markers` as text.
pub fn write(markers: &[Marker]) -> String {
    let mut out = String::new();
    for marker in markers {
        let (lat, lon) = (Fixed(marker.position.lat, PLACES), Fixed(marker.position.lon, PLACES));
        match &marker.company {
            None => out.push_str(&format!("c\t{lat}\t{lon}\t{}\n", marker.count)),
            Some(company) => {
                let open = company.open;
                out.push_str(&format!(
                    "p\t{lat}\t{lon}\t{}\t{}\t{}\t{},{},{},{}\t",
                    escaped(&company.slug),
                    escaped(&company.name),
                    escaped(&company.town),
                    open.bbl,
                    open.bol_internship,
                    open.orientation_day,
                    open.job
                ));
                if let Some(travel) = company.travel {
                    out.push_str(&format!(
                        "{},{},{}",
                        Fixed(travel.distance_km, 2),
                        travel.bike_minutes,
                        travel.car_minutes
                    ));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The markers in `text`, or `None` when any line is not one `write` makes.
pub fn read(text: &str) -> Option<Vec<Marker>> {
    text.lines().filter(|line| !line.is_empty()).map(read_line).collect()
}

fn read_line(line: &str) -> Option<Marker> {
    let fields: Vec<&str> = line.split('\t').collect();
    let position = |lat: &str, lon: &str| Some(LatLon::new(parse(lat)?, parse(lon)?));
    match fields.as_slice() {
        ["c", lat, lon, count] => Some(Marker {
            position: position(lat, lon)?,
            count: count.parse().ok()?,
            company: None,
        }),
        ["p", lat, lon, slug, name, town, open, travel] => {
            let counts = numbers::<4>(open)?;
            let travel = match *travel {
                "" => None,
                text => {
                    let (km, minutes) = text.split_once(',')?;
                    let [bike, car] = numbers::<2>(minutes)?;
                    Some(TravelEstimate {
                        distance_km: parse(km)?,
                        bike_minutes: bike,
                        car_minutes: car,
                    })
                }
            };
            Some(Marker {
                position: position(lat, lon)?,
                count: 1,
                company: Some(MarkerCompany {
                    slug: unescaped(slug)?,
                    name: unescaped(name)?,
                    town: unescaped(town)?,
                    open: KindCounts {
                        bbl: counts[0],
                        bol_internship: counts[1],
                        orientation_day: counts[2],
                        job: counts[3],
                    },
                    travel,
                }),
            })
        }
        _ => None,
    }
}

/// `N` whole numbers separated by commas.
fn numbers<const N: usize>(text: &str) -> Option<[u32; N]> {
    let mut out = [0; N];
    let mut parts = text.split(',');
    for slot in &mut out {
        *slot = parts.next()?.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n")
}

fn unescaped(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(match chars.next()? {
                '\\' => '\\',
                't' => '\t',
                'n' => '\n',
                _ => return None,
            });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `search_markers`' answer as this text (`text/plain`).
pub struct MarkerText;

impl ContentType for MarkerText {
    const CONTENT_TYPE: &'static str = "text/plain; charset=utf-8";
}

impl FormatType for MarkerText {
    const FORMAT_TYPE: Format = Format::Text;
}

/// Markers text that `read` refused.
#[derive(Debug)]
pub struct UnreadableMarkers;

impl std::fmt::Display for UnreadableMarkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreadable markers")
    }
}

impl Encodes<Vec<Marker>> for MarkerText {
    type Error = UnreadableMarkers;

    fn encode(markers: &Vec<Marker>) -> Result<Bytes, UnreadableMarkers> {
        Ok(Bytes::from(write(markers)))
    }
}

impl Decodes<Vec<Marker>> for MarkerText {
    type Error = UnreadableMarkers;

    fn decode(bytes: Bytes) -> Result<Vec<Marker>, UnreadableMarkers> {
        std::str::from_utf8(&bytes).ok().and_then(read).ok_or(UnreadableMarkers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(name: &str, travel: Option<TravelEstimate>) -> Marker {
        Marker {
            position: LatLon::new(51.368_612, 5.220_317),
            count: 1,
            company: Some(MarkerCompany {
                slug: "van-dijk-metaal".to_owned(),
                name: name.to_owned(),
                town: "Hapert".to_owned(),
                open: KindCounts {
                    bbl: 2,
                    bol_internship: 0,
                    orientation_day: 1,
                    job: 3,
                },
                travel,
            }),
        }
    }

    #[test]
    fn markers_come_back_as_they_were_written() {
        let markers = vec![
            Marker {
                position: LatLon::new(52.461_5, 4.626_1),
                count: 17,
                company: None,
            },
            company("Van Dijk Metaal", None),
            company(
                "Tab\there, a line\nand a \\ backslash: Café Ünal",
                Some(TravelEstimate {
                    distance_km: 4.25,
                    bike_minutes: 18,
                    car_minutes: 7,
                }),
            ),
        ];
        let text = write(&markers);
        assert_eq!(text.lines().count(), 3, "{text}");
        assert_eq!(read(&text), Some(markers));
        assert_eq!(read(""), Some(Vec::new()));
    }

    #[test]
    fn anything_else_is_refused_whole() {
        let good = write(&[company("A", None)]);
        assert!(read(&good).is_some());
        for bad in [
            "x\t1\t2\t3",
            "c\t51.1\t5.2",
            "c\t51.1\t5.2\tmany",
            "c\tnorth\t5.2\t3",
            "p\t51\t5\tslug\tname\ttown\t1,2,3\t",
            "p\t51\t5\tslug\tna\\me\ttown\t1,2,3,4\t",
            "p\t51\t5\tslug\tname\ttown\t1,2,3,4\t4.2,18",
        ] {
            assert_eq!(read(&format!("{good}{bad}\n")), None, "{bad:?}");
        }
    }
}
